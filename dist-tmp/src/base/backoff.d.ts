/** Exponential back-off with a cap; the caller supplies jitter through an Rng if it wants it. */
export declare function backoffMs(attempt: number, baseMs: number, capMs: number): number;
