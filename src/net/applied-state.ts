/**
 * Writes applied state to storage in order, and purges the log behind it (DESIGN.md §4): the
 * tree on disk already holds everything up to lastApplied, so old log entries only serve DIFF
 * syncs and can go once `retain` further changes have been applied after them.
 */
import type { AppliedBatch, Storage } from '../storage/api.js';
import type { Logger } from './logger.js';

export class AppliedStateWriter {
  private chain: Promise<void> = Promise.resolve();
  private changesSinceMark = 0;
  /** lastApplied when we last decided to purge: everything below it is at least `retain` changes old. */
  private mark = 0n;

  constructor(
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly retain: number,
  ) {}

  store(batch: AppliedBatch): void {
    this.chain = this.chain.then(() =>
      this.storage.applyCommitted(batch).catch((err: Error) => this.log.error(`storing applied state failed: ${err.message}`)),
    );
    this.changesSinceMark += batch.nodes.size + batch.sessions.size;
    if (this.changesSinceMark < this.retain) return;
    const purgeBelow = this.mark;
    this.mark = batch.lastApplied;
    this.changesSinceMark = 0;
    if (purgeBelow === 0n) return;
    this.chain = this.chain.then(async () => {
      try {
        const n = await this.storage.purgeLogBefore(purgeBelow);
        if (n > 0) this.log.debug(`purged ${n} log entries below 0x${purgeBelow.toString(16)}`);
      } catch (err) {
        this.log.warn(`log purge failed: ${(err as Error).message}`);
      }
    });
  }

  /** Resolves once everything handed over so far is written. */
  settled(): Promise<void> {
    return this.chain;
  }
}
