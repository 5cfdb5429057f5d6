/**
 * Counter: a shared number in one znode, changed with compare-and-set retries (setData at the
 * version read). Two encodings, Curator's:
 *  - 'int64' (default): DistributedAtomicLong, 8 bytes big-endian; a missing or empty node
 *    reads as 0 and is created on the first change.
 *  - 'int32': SharedCount, 4 bytes big-endian.
 * Java processes using those classes on the same path share the number.
 *
 *   const hits = new Counter(zk, '/counters/hits');
 *   const now = await hits.increment();
 *   for await (const value of hits.watch({ signal })) console.log(value);
 */
import type { ZooKeeperClient } from '../client.js';
import { type WaitOptions } from './internal.js';
export interface CounterOptions {
    /** 'int64' (DistributedAtomicLong, default) or 'int32' (SharedCount). */
    encoding?: 'int64' | 'int32';
}
/** A value with the node version it was read at (Curator's VersionedValue); version -1: no node. */
export interface VersionedValue {
    value: number;
    version: number;
}
export declare class Counter {
    private readonly zk;
    readonly path: string;
    readonly encoding: 'int64' | 'int32';
    constructor(zk: ZooKeeperClient, path: string, options?: CounterOptions);
    get(): Promise<number>;
    getVersioned(): Promise<VersionedValue>;
    /** Creates the node with `value` if it does not exist; false if it did. */
    initialize(value: number): Promise<boolean>;
    /** Sets the value whatever it was (forceSet / setCount). */
    set(value: number): Promise<void>;
    /** Sets `value` only if the node is still at `previous.version` (trySetCount); false otherwise. */
    trySet(previous: VersionedValue, value: number): Promise<boolean>;
    /** Sets `value` if the current value is `expected` (one attempt, as Curator's compareAndSet). */
    compareAndSet(expected: number, value: number): Promise<boolean>;
    /** Adds `delta` (retrying on contention until it succeeds, times out or is aborted); returns the new value. */
    add(delta: number, opts?: WaitOptions): Promise<number>;
    increment(opts?: WaitOptions): Promise<number>;
    decrement(opts?: WaitOptions): Promise<number>;
    /** Applies `f` atomically (optimistic retries); returns the new value. */
    update(f: (value: number) => number, opts?: WaitOptions): Promise<number>;
    /**
     * The value now and after every change (SharedCount's listener), until the signal aborts
     * or the session ends. Consecutive changes may be coalesced into the latest value.
     */
    watch(opts?: {
        signal?: AbortSignal;
    }): AsyncGenerator<number, void, undefined>;
    private encode;
    private decode;
}
