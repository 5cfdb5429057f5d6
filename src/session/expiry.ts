/**
 * Session expiry in tickTime buckets (ZooKeeper's ExpiryQueue): a session's deadline is rounded
 * up to the next bucket boundary, a touch only ever moves it later, and expiry takes whole
 * buckets at once. O(1) per touch and per expired session.
 */
export class ExpiryQueue<K> {
  private readonly deadline = new Map<K, number>();
  private readonly buckets = new Map<number, Set<K>>();
  private nextBucket: number;

  constructor(private readonly bucketMs: number, nowMs: number) {
    this.nextBucket = this.roundUp(nowMs);
  }

  private roundUp(t: number): number {
    return (Math.floor(t / this.bucketMs) + 1) * this.bucketMs;
  }

  /** Extends `key`'s life to at least now + timeout; returns its (rounded) deadline. */
  touch(key: K, timeoutMs: number, nowMs: number): number {
    const target = this.roundUp(nowMs + timeoutMs);
    const current = this.deadline.get(key);
    if (current !== undefined && current >= target) return current;
    if (current !== undefined) this.bucketOf(current)?.delete(key);
    this.deadline.set(key, target);
    let b = this.buckets.get(target);
    if (!b) this.buckets.set(target, (b = new Set()));
    b.add(key);
    return target;
  }

  remove(key: K): void {
    const current = this.deadline.get(key);
    if (current === undefined) return;
    this.deadline.delete(key);
    const b = this.bucketOf(current);
    b?.delete(key);
    if (b && b.size === 0) this.buckets.delete(current);
  }

  deadlineOf(key: K): number | undefined {
    return this.deadline.get(key);
  }

  private bucketOf(t: number): Set<K> | undefined {
    return this.buckets.get(t);
  }

  /** Every key whose bucket boundary is at or before now; they leave the queue. */
  expire(nowMs: number): K[] {
    const out: K[] = [];
    while (this.nextBucket <= nowMs) {
      const b = this.buckets.get(this.nextBucket);
      if (b) {
        for (const k of b) {
          out.push(k);
          this.deadline.delete(k);
        }
        this.buckets.delete(this.nextBucket);
      }
      this.nextBucket += this.bucketMs;
    }
    return out;
  }

  /** Buckets in time order, for the `dump` four-letter word. */
  dump(): [number, K[]][] {
    return [...this.buckets].sort(([a], [b]) => a - b).map(([t, s]) => [t, [...s]]);
  }

  get size(): number {
    return this.deadline.size;
  }
}
