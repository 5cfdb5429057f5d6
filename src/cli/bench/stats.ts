/**
 * The arithmetic of a measurement: percentiles of latencies, and the median and spread of
 * repeated runs. Pure functions, so that the figures the bench prints are unit-tested.
 */

/** The p-th percentile (nearest rank) of an ascending array; NaN when it is empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  if (p <= 0) return sorted[0]!;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The median of any array (the mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const xs = finite(values).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

/** Median and spread of repeated runs of one figure. */
export interface Summary {
  /** Every run's value, in run order (NaN where a run failed). */
  values: number[];
  median: number;
  min: number;
  max: number;
  /** (max - min) / median: how far apart the runs are, relative to the figure. NaN when undefined. */
  spread: number;
}

export function summarize(values: readonly number[]): Summary {
  const xs = finite(values);
  const m = median(xs);
  const min = xs.length ? Math.min(...xs) : NaN;
  const max = xs.length ? Math.max(...xs) : NaN;
  return { values: [...values], median: m, min, max, spread: xs.length && m !== 0 ? (max - min) / Math.abs(m) : NaN };
}

/** ours / theirs, NaN when either is missing or theirs is zero. */
export function ratio(ours: number, theirs: number): number {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) return NaN;
  return ours / theirs;
}

/** Latency distribution of one workload, in milliseconds. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function latencySummary(latencies: number[]): LatencySummary {
  const s = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.length ? s[s.length - 1]! : NaN };
}

function finite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}
