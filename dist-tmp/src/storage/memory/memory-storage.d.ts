/**
 * In-memory Storage for the deterministic simulator, with explicit crash semantics.
 *
 * Model. A `MemoryDisk` is what survives a crash (the platters). A `MemoryStorage` is one
 * process's open handle on it. Every write call is validated, applied at once to the handle's
 * *view* (what reads see, like LMDB's committed-but-maybe-unflushed state), and appended to an
 * ordered queue of *pending* operations. Nothing reaches the disk until the simulator calls
 * `flush(n)`, which applies the first n pending operations (default: all) to the disk, in call
 * order. Each operation is atomic (never torn) and the disk always holds a prefix of the calls,
 * as with LMDB, whose transactions are flushed in order: exactly the call-order and crash
 * clauses of the Storage contract (src/storage/api.ts, docs/storage-contract.md).
 *
 * Promises (no timers, nothing resolves on its own schedule):
 * - `appendLog`, `setEpochs`, `truncateLogAfter`, `replaceState` resolve when a `flush` covers
 *   them (durable, as the lmdb storage resolves after fsync).
 * - `applyCommitted` and `purgeLogBefore` resolve at once (committed, not necessarily durable).
 * - Invalid calls reject at once and change nothing (`StorageUsageError`), as in lmdb.
 * - After `failWrites(reason)` every later write rejects with a `StorageError` (a full disk; the
 *   lmdb storage is likewise "poisoned" after a failed write). Pending writes stay pending.
 *
 * Crash: `crash()` drops every pending operation (unflushed appends, epochs, applied batches,
 * truncations...) and kills the handle: its pending promises never settle (the process that
 * awaited them is gone, so none of its continuations may run), and every later call throws or
 * rejects. `reopen()` returns a new handle whose view is exactly the disk; called on a live
 * handle it crashes it first. A clean `close()` flushes everything first, as the lmdb close does.
 * To model "the process died but the OS flushed its page cache", call `flush()` then `crash()`.
 *
 * Stored values are copies (log bytes) or encoded records (wire/persist.ts), so a caller that
 * mutates its objects afterwards cannot change what was "written", and the codecs are exercised.
 */
import type { SessionRecord, ZNodeRecord } from '../../wire/persist.js';
import type { AppliedBatch, Epochs, LoadedState, LogEntry, Storage } from '../api.js';
export declare class StorageError extends Error {
    name: string;
}
/** A call the contract forbids: rejected at once, nothing changed. */
export declare class StorageUsageError extends StorageError {
    name: string;
}
/** One copy of the persistent state (used for both the disk and a handle's view). */
declare class State {
    /** Sorted by zxid, strictly increasing. */
    log: LogEntry[];
    nodes: Map<string, Uint8Array<ArrayBufferLike>>;
    sessions: Map<bigint, Uint8Array<ArrayBufferLike>>;
    acceptedEpoch: number;
    currentEpoch: number;
    lastApplied: bigint;
    clone(): State;
    lastLogKey(): bigint | null;
    lastLogged(): bigint;
    /** Index of the first entry with zxid > z. */
    upperBound(z: bigint): number;
    /** Index of the first entry with zxid >= z. */
    lowerBound(z: bigint): number;
    bytes(): number;
}
/** The durable layer: survives `crash()`; share it between successive handles. */
export declare class MemoryDisk {
    /** @internal */
    state: State;
    /** Number of operations ever flushed to this disk (for the simulator's bookkeeping). */
    flushedOps: number;
}
export declare class MemoryStorage implements Storage {
    readonly disk: MemoryDisk;
    private view;
    private pending;
    private dead;
    private failure;
    constructor(disk?: MemoryDisk);
    /** Makes the first `maxOps` pending operations (default all) durable, in call order, and
     * resolves the promises of those that wait for durability. Returns how many were flushed. */
    flush(maxOps?: number): number;
    /** Operations written but not yet durable. */
    pendingOps(): number;
    /** Drops everything not flushed; this handle is dead from now on (its promises never settle). */
    crash(): void;
    /** A new handle on the same disk, seeing exactly what was flushed. Crashes this one if live. */
    reopen(): MemoryStorage;
    /** From now on every write rejects with a StorageError carrying `reason` (e.g. a full disk). */
    failWrites(reason?: string): void;
    load(): Promise<LoadedState>;
    readLog(fromExclusive: bigint, toInclusive?: bigint, maxBytes?: number): LogEntry[];
    firstLogged(): bigint | null;
    /** As the calls made so far leave it (the view), like the lmdb storage. */
    lastLogged(): bigint;
    sizeOnDisk(): number;
    appendLog(entries: readonly LogEntry[]): Promise<void>;
    applyCommitted(batch: AppliedBatch): Promise<void>;
    truncateLogAfter(zxid: bigint): Promise<void>;
    purgeLogBefore(zxid: bigint): Promise<number>;
    setEpochs(epochs: Epochs): Promise<void>;
    /** Replaces tree, sessions and lastApplied, and empties the log (as the lmdb storage does). */
    replaceState(state: {
        lastApplied: bigint;
        nodes: Iterable<[string, ZNodeRecord]>;
        sessions: Iterable<[bigint, SessionRecord]>;
    }): Promise<void>;
    /** Flushes everything, then closes the handle. */
    close(): Promise<void>;
    private checkAlive;
    /**
     * Validates (`prepare` throws StorageUsageError to refuse), applies the operation to the view
     * and queues it for the disk. Durable operations resolve on flush; others at once.
     */
    private write;
}
export {};
