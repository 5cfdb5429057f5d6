/**
 * Writes applied state to storage, and purges the log behind it (docs/storage-contract.md): the
 * tree on disk already holds everything up to lastApplied, so old log entries only serve DIFF
 * syncs and can go once `retain` further txns have been applied after them, unless a learner's
 * sync stream still needs them (`floor`). The log so holds between `retain` and 2 × `retain` txns.
 *
 * Coalesced: one write of applied state is in flight at a time. Batches applied meanwhile are
 * merged (the newest record of each znode and session, the newest lastApplied) and written as
 * one when it completes, so applied state costs one transaction (and one sync) per storage
 * round trip, not one per applied batch: written one by one, they fell behind under load and
 * kept the disk busy for tens of seconds after it (issue 11). Merging keeps crash consistency:
 * each write is the whole state at its lastApplied, and the log keeps every txn after it (the
 * purge goes out with the write it follows, never ahead of it).
 *
 * Storage keeps call order, so a held batch lands after the calls made while it was held. For
 * log appends that is harmless (the applied state only lags the log), but a truncation or a
 * snapshot must not be overtaken: the interpreter calls `flushHeld()` before either, which
 * issues the held batch at once.
 *
 * A failed write is never swallowed: `failed` hears of it (the peer then stops for good).
 *
 * Over the Disk port (src/drive/ports.ts): the runtime and the simulator run this same code.
 */
import { counterOf, epochOf, nextZxid, ZERO_ZXID, type Zxid } from '../base/zxid.js';
import type { AppliedBatch } from '../storage/api.js';
import type { Disk } from './ports.js';

export interface AppliedStateHooks {
  /** Log entries above this zxid must stay (null: no constraint). */
  floor?: () => Zxid | null;
  /** A write failed (the storage is poisoned, or the call was refused). */
  failed: (err: Error) => void;
  /** A purge removed `n` entries below `below`. */
  purged?: (n: number, below: Zxid) => void;
}

export class AppliedStateWriter {
  /** Calls made and not yet answered. */
  private outstanding = 0;
  /** Numbers the writes of applied state; `inFlight` is the one whose answer frees the next. */
  private writes = 0;
  private inFlight: number | null = null;
  /** Batches applied while one is in flight, merged; written when it completes. */
  private held: AppliedBatch | null = null;
  /**
   * The `committed` callbacks of the batches merged into `held`, in order: each is called once
   * the merged write has committed (marks only grow, so the newest alone would do within one
   * tree, but a tree replaced in between keeps its own).
   */
  private heldCommitted: (() => void)[] = [];
  /** Txns applied since the mark. */
  private txnsSinceMark = 0;
  /** The newest lastApplied counted. */
  private counted = ZERO_ZXID;
  /** lastApplied when we last decided to purge: everything below it is at least `retain` txns old. */
  private mark = ZERO_ZXID;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly disk: Disk,
    private readonly retain: number,
    private readonly hooks: AppliedStateHooks,
  ) {}

  store(batch: AppliedBatch): void {
    // Counted in txns, from the zxids: how much the log has grown does not depend on how many
    // txns one batch carries (one commit step may apply many) or on the znodes they touched.
    this.txnsSinceMark += txnsBetween(this.counted, batch.lastApplied);
    if (batch.lastApplied > this.counted) this.counted = batch.lastApplied;
    if (this.held || this.inFlight !== null) {
      this.held = mergeInto(this.held ?? { lastApplied: batch.lastApplied, nodes: new Map(), sessions: new Map() }, batch);
      if (batch.committed) this.heldCommitted.push(batch.committed);
    } else {
      this.issue(batch, batch.committed ? [batch.committed] : []);
    }
  }

  /** Issues the held batch now, behind whatever is in flight (before a truncation or a snapshot). */
  flushHeld(): void {
    const held = this.held;
    if (!held) return;
    const committed = this.heldCommitted;
    this.held = null;
    this.heldCommitted = [];
    this.issue(held, committed);
  }

  /** Batches applied but not yet handed to storage (merged), for tests and metrics. */
  get holding(): boolean {
    return this.held !== null;
  }

  /** Writes `batch`; once it has committed, `committed` are called (storage's reads see it now). */
  private issue(batch: AppliedBatch, committed: (() => void)[]): void {
    const write = ++this.writes;
    this.inFlight = write;
    this.outstanding++;
    this.disk.applyCommitted(batch, (err) => {
      if (err) {
        if (this.inFlight === write) this.inFlight = null;
        this.held = null; // the storage is poisoned: nothing more will be written
        this.heldCommitted = [];
        this.hooks.failed(err);
      } else {
        for (const f of committed) f(); // the tree's overlay may let go of what this write holds
        if (this.inFlight === write) {
          this.inFlight = null;
          this.flushHeld();
        }
      }
      this.answered();
    });
    if (this.txnsSinceMark < this.retain) return;
    let purgeBelow = this.mark;
    this.mark = batch.lastApplied;
    this.txnsSinceMark = 0;
    const floor = this.hooks.floor?.() ?? null;
    if (floor !== null && purgeBelow > floor + 1n) purgeBelow = nextZxid(floor);
    if (purgeBelow === 0n) return;
    this.outstanding++;
    this.disk.purgeLogBefore(purgeBelow, (err, n) => {
      if (err) this.hooks.failed(err);
      else this.hooks.purged?.(n, purgeBelow);
      this.answered();
    });
  }

  private answered(): void {
    this.outstanding--;
    if (this.outstanding > 0) return;
    if (this.held) return this.flushHeld(); // a held batch waits for nobody once all is answered
    for (const w of this.waiters.splice(0)) w();
  }

  /** Calls `fn` once everything handed over so far is written (or has failed), held batches included. */
  whenSettled(fn: () => void): void {
    if (this.held && this.inFlight === null) this.flushHeld();
    if (this.outstanding === 0 && !this.held) fn();
    else this.waiters.push(fn);
  }

  /** whenSettled as a promise (the runtime's stop, tests). */
  settled(): Promise<void> {
    return new Promise((resolve) => this.whenSettled(resolve));
  }
}

/**
 * Adds `batch` to `held`, the newer record of each znode, session and owner winning; the totals
 * are the newer batch's. (Its `committed` callback is kept by the writer, in order.)
 */
function mergeInto(held: AppliedBatch, batch: AppliedBatch): AppliedBatch {
  for (const [k, v] of batch.nodes) held.nodes.set(k, v);
  for (const [k, v] of batch.sessions) held.sessions.set(k, v);
  if (batch.owners && batch.owners.size > 0) {
    held.owners ??= new Map();
    for (const [k, v] of batch.owners) held.owners.set(k, v);
  }
  if (batch.totals) held.totals = batch.totals;
  held.lastApplied = batch.lastApplied;
  return held;
}

/**
 * The txns after `from` up to `to`: zxids are consecutive within an epoch; a new epoch's txns are
 * counted from its start (the old epoch's last few, unknown here, are left out).
 */
function txnsBetween(from: Zxid, to: Zxid): number {
  if (to <= from) return 0;
  return epochOf(to) === epochOf(from) ? counterOf(to) - counterOf(from) : counterOf(to);
}
