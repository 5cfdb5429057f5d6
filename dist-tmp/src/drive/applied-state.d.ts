/**
 * Writes applied state to storage, and purges the log behind it (docs/storage-contract.md): the
 * tree on disk already holds everything up to lastApplied, so old log entries only serve DIFF
 * syncs and can go once `retain` further changes have been applied after them, unless a
 * learner's sync stream still needs them (`floor`).
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
import type { AppliedBatch } from '../storage/api.js';
import type { Disk } from './ports.js';
export interface AppliedStateHooks {
    /** Log entries above this zxid must stay (null: no constraint). */
    floor?: () => bigint | null;
    /** A write failed (the storage is poisoned, or the call was refused). */
    failed: (err: Error) => void;
    /** A purge removed `n` entries below `below`. */
    purged?: (n: number, below: bigint) => void;
}
export declare class AppliedStateWriter {
    private readonly disk;
    private readonly retain;
    private readonly hooks;
    /** Calls made and not yet answered. */
    private outstanding;
    /** Numbers the writes of applied state; `inFlight` is the one whose answer frees the next. */
    private writes;
    private inFlight;
    /** Batches applied while one is in flight, merged; written when it completes. */
    private held;
    private changesSinceMark;
    /** lastApplied when we last decided to purge: everything below it is at least `retain` changes old. */
    private mark;
    private waiters;
    constructor(disk: Disk, retain: number, hooks: AppliedStateHooks);
    store(batch: AppliedBatch): void;
    /** Issues the held batch now, behind whatever is in flight (before a truncation or a snapshot). */
    flushHeld(): void;
    /** Batches applied but not yet handed to storage (merged), for tests and metrics. */
    get holding(): boolean;
    private issue;
    private answered;
    /** Calls `fn` once everything handed over so far is written (or has failed), held batches included. */
    whenSettled(fn: () => void): void;
    /** whenSettled as a promise (the runtime's stop, tests). */
    settled(): Promise<void>;
}
