/** Exponential back-off with a cap; the caller supplies jitter through an Rng if it wants it. */
export function backoffMs(attempt, baseMs, capMs) {
    const raw = baseMs * 2 ** Math.min(attempt, 30);
    return Math.min(raw, capMs);
}
//# sourceMappingURL=backoff.js.map