import type { Storage } from '../../src/storage/api.js';
import type { SessionRecord, ZNodeRecord } from '../../src/wire/persist.js';
export interface Harness {
    /** A fresh, empty storage. */
    open(): Promise<Storage>;
    /** Close (cleanly) and open again on the same data. */
    reopen(s: Storage): Promise<Storage>;
    /** Awaits a write promise; the memory storage first flushes, so that durable writes settle. */
    done<T>(s: Storage, p: Promise<T>): Promise<T>;
    cleanup(): Promise<void>;
}
export declare function node(czxid: bigint, data: string | null, extra?: Partial<ZNodeRecord>): ZNodeRecord;
export declare function session(timeout: number): SessionRecord;
export declare function storageContractTests(name: string, makeHarness: () => Promise<Harness>): void;
/**
 * One write call, as data: the contract suite issues sequences of them without awaiting and
 * checks the storage against `applyToModel`, a plain reference of what each call means.
 */
export type WriteCall = {
    kind: 'append';
    zxids: bigint[];
} | {
    kind: 'apply';
    lastApplied: bigint;
    nodes: [string, string | null][];
    sessions: [bigint, number | null][];
} | {
    kind: 'truncate';
    zxid: bigint;
} | {
    kind: 'purge';
    zxid: bigint;
} | {
    kind: 'epochs';
    acceptedEpoch: number;
    currentEpoch: number;
} | {
    kind: 'replace';
    lastApplied: bigint;
    nodes: [string, string][];
    sessions: [bigint, number][];
};
/** The reference: what the storage holds once a sequence of calls has taken effect, in order. */
export declare class StorageModel {
    log: Map<bigint, string>;
    nodes: Map<string, string>;
    sessions: Map<bigint, number>;
    acceptedEpoch: number;
    currentEpoch: number;
    lastApplied: bigint;
    lastLogged(): bigint;
    apply(c: WriteCall): void;
    /** What `observe` reports for a storage in this state. */
    view(): StorageView;
}
export interface StorageView {
    log: string[];
    firstLogged: bigint | null;
    lastLogged: bigint;
    lastApplied: bigint;
    epochs: string;
    nodes: string[];
    sessions: string[];
}
/** Makes the call on the storage (not awaited: the caller decides). */
export declare function issue(s: Storage, c: WriteCall): Promise<unknown>;
/** What a storage holds, in the model's terms. */
export declare function observe(s: Storage): Promise<StorageView>;
/** Named sequences of overlapping calls: each is the way a learner or the applied-state writer
 * really issues them (TRUNC or SNAP, then the DIFF proposals in the same turn; applies and
 * purges behind appends; epochs between them). */
export declare const OVERLAPPING: Array<{
    name: string;
    setup: WriteCall[];
    calls: WriteCall[];
}>;
/**
 * A random valid sequence of calls (each valid given the ones before it): appends in the same
 * or a later epoch, applies up to what is logged, truncations at or above lastApplied, purges,
 * epochs and snapshots.
 */
export declare function randomCalls(seed: number, n: number): WriteCall[];
export declare function modelAfter(calls: readonly WriteCall[]): StorageModel;
/**
 * The contract's call-order clause, against any implementation: calls made without waiting for
 * the earlier ones take effect in call order, as seen once they have resolved and after a reopen.
 * Some calls are made in the same event turn, some in later turns while earlier ones are in flight.
 */
export declare function callOrderTests(name: string, makeHarness: () => Promise<Harness>): void;
/**
 * The contract's crash clause, for an implementation that can crash on demand (the memory
 * storage: unflushed writes vanish). The calls are made without awaiting; then only the first k
 * pending operations reach the disk before the crash, for every k. What a reopen finds must be
 * exactly the first k calls in call order, and every call whose durable promise resolved must be
 * among them.
 */
export interface CrashHarness {
    /** A fresh storage on a fresh disk. */
    open(): Storage;
    /** Makes the first `k` pending operations durable (resolving those promises), then crashes
     * and opens the disk again. */
    crashAfter(s: Storage, k: number): Storage;
}
export declare function crashTests(name: string, h: CrashHarness): void;
