/**
 * Session expiry in tickTime buckets (ZooKeeper's ExpiryQueue): a session's deadline is rounded
 * up to the next bucket boundary, a touch only ever moves it later, and expiry takes whole
 * buckets at once. O(1) per touch and per expired session.
 */
export class ExpiryQueue {
    bucketMs;
    deadline = new Map();
    buckets = new Map();
    nextBucket;
    constructor(bucketMs, nowMs) {
        this.bucketMs = bucketMs;
        this.nextBucket = this.roundUp(nowMs);
    }
    roundUp(t) {
        return (Math.floor(t / this.bucketMs) + 1) * this.bucketMs;
    }
    /** Extends `key`'s life to at least now + timeout; returns its (rounded) deadline. */
    touch(key, timeoutMs, nowMs) {
        const target = this.roundUp(nowMs + timeoutMs);
        const current = this.deadline.get(key);
        if (current !== undefined && current >= target)
            return current;
        if (current !== undefined)
            this.leaveBucket(current, key);
        this.deadline.set(key, target);
        let b = this.buckets.get(target);
        if (!b)
            this.buckets.set(target, (b = new Set()));
        b.add(key);
        return target;
    }
    remove(key) {
        const current = this.deadline.get(key);
        if (current === undefined)
            return;
        this.deadline.delete(key);
        this.leaveBucket(current, key);
    }
    deadlineOf(key) {
        return this.deadline.get(key);
    }
    /**
     * Takes `key` out of the bucket at `t`, dropping the bucket once empty. Only expire() would
     * otherwise drop it, and followers and observers never expire: every touch there left an
     * empty bucket behind for the life of the process.
     */
    leaveBucket(t, key) {
        const b = this.buckets.get(t);
        if (!b)
            return;
        b.delete(key);
        if (b.size === 0)
            this.buckets.delete(t);
    }
    /** Every key whose bucket boundary is at or before now, in deadline order; they leave the queue. */
    expire(nowMs) {
        if (this.nextBucket > nowMs)
            return [];
        const boundaries = Math.floor((nowMs - this.nextBucket) / this.bucketMs) + 1;
        // Walk the boundaries one by one only when there are fewer of them than buckets: a queue
        // that was not expired for a long time (a follower becoming leader) would otherwise walk
        // every tick since it started.
        const due = boundaries <= this.buckets.size
            ? Array.from({ length: boundaries }, (_, i) => this.nextBucket + i * this.bucketMs).filter((t) => this.buckets.has(t))
            : [...this.buckets.keys()].filter((t) => t <= nowMs).sort((a, b) => a - b);
        const out = [];
        for (const t of due) {
            for (const k of this.buckets.get(t)) {
                out.push(k);
                this.deadline.delete(k);
            }
            this.buckets.delete(t);
        }
        this.nextBucket = this.roundUp(nowMs);
        return out;
    }
    /** Buckets in time order, for the `dump` four-letter word. */
    dump() {
        return [...this.buckets].sort(([a], [b]) => a - b).map(([t, s]) => [t, [...s]]);
    }
    get size() {
        return this.deadline.size;
    }
    /** Buckets held (each has at least one key): at most `size`. */
    get bucketCount() {
        return this.buckets.size;
    }
}
//# sourceMappingURL=expiry.js.map