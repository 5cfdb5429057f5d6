/**
 * Session expiry in tickTime buckets (ZooKeeper's ExpiryQueue): a session's deadline is rounded
 * up to the next bucket boundary, a touch only ever moves it later, and expiry takes whole
 * buckets at once. O(1) per touch and per expired session.
 */
export declare class ExpiryQueue<K> {
    private readonly bucketMs;
    private readonly deadline;
    private readonly buckets;
    private nextBucket;
    constructor(bucketMs: number, nowMs: number);
    private roundUp;
    /** Extends `key`'s life to at least now + timeout; returns its (rounded) deadline. */
    touch(key: K, timeoutMs: number, nowMs: number): number;
    remove(key: K): void;
    deadlineOf(key: K): number | undefined;
    /**
     * Takes `key` out of the bucket at `t`, dropping the bucket once empty. Only expire() would
     * otherwise drop it, and followers and observers never expire: every touch there left an
     * empty bucket behind for the life of the process.
     */
    private leaveBucket;
    /** Every key whose bucket boundary is at or before now, in deadline order; they leave the queue. */
    expire(nowMs: number): K[];
    /** Buckets in time order, for the `dump` four-letter word. */
    dump(): [number, K[]][];
    get size(): number;
    /** Buckets held (each has at least one key): at most `size`. */
    get bucketCount(): number;
}
