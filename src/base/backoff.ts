/** Exponential back-off with a cap; the caller supplies jitter through an Rng if it wants it. */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  const raw = baseMs * 2 ** Math.min(attempt, 30);
  return Math.min(raw, capMs);
}
