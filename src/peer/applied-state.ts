/**
 * Writes applied state to storage, and purges the log behind it (docs/storage-contract.md): the
 * tree on disk already holds everything up to lastApplied, so old log entries only serve DIFF
 * syncs and can go once `retain` further changes have been applied after them, unless a
 * learner's sync stream still needs them (`floor`).
 *
 * Calls are made at once, in the order the batches come: storage keeps call order, so an
 * applied batch lands after the log writes, truncations or snapshots called before it, and
 * before those called after it. A failed write is never swallowed: `failed` hears of it (the
 * peer then stops for good).
 *
 * Pure (promises only): the runtime (src/net) and the simulator (src/sim) both use it.
 */
import type { AppliedBatch, Storage } from '../storage/api.js';

export interface AppliedStateHooks {
  /** Log entries above this zxid must stay (null: no constraint). */
  floor?: () => bigint | null;
  /** A write failed (the storage is poisoned, or the call was refused). */
  failed: (err: Error) => void;
  /** A purge removed `n` entries below `below`. */
  purged?: (n: number, below: bigint) => void;
}

export class AppliedStateWriter {
  private last: Promise<unknown> = Promise.resolve();
  private changesSinceMark = 0;
  /** lastApplied when we last decided to purge: everything below it is at least `retain` changes old. */
  private mark = 0n;

  constructor(
    private readonly storage: Storage,
    private readonly retain: number,
    private readonly hooks: AppliedStateHooks,
  ) {}

  store(batch: AppliedBatch): void {
    const failed = (err: Error): void => this.hooks.failed(err);
    const applied = this.storage.applyCommitted(batch);
    applied.catch(failed);
    this.last = applied;
    this.changesSinceMark += batch.nodes.size + batch.sessions.size;
    if (this.changesSinceMark < this.retain) return;
    let purgeBelow = this.mark;
    this.mark = batch.lastApplied;
    this.changesSinceMark = 0;
    const floor = this.hooks.floor?.() ?? null;
    if (floor !== null && purgeBelow > floor + 1n) purgeBelow = floor + 1n;
    if (purgeBelow === 0n) return;
    const purge = this.storage.purgeLogBefore(purgeBelow);
    purge.then((n) => this.hooks.purged?.(n, purgeBelow), failed);
    this.last = purge;
  }

  /** Resolves once everything handed over so far is written (or has failed). */
  settled(): Promise<void> {
    return this.last.then(
      () => undefined,
      () => undefined,
    );
  }
}
