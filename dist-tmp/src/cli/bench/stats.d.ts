/**
 * The arithmetic of a measurement: percentiles of latencies, and the median and spread of
 * repeated runs. Pure functions, so that the figures the bench prints are unit-tested.
 */
/** The p-th percentile (nearest rank) of an ascending array; NaN when it is empty. */
export declare function percentile(sorted: readonly number[], p: number): number;
/** The median of any array (the mean of the two middle values for an even count); NaN when empty. */
export declare function median(values: readonly number[]): number;
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
export declare function summarize(values: readonly number[]): Summary;
/** ours / theirs, NaN when either is missing or theirs is zero. */
export declare function ratio(ours: number, theirs: number): number;
/** Latency distribution of one workload, in milliseconds. */
export interface LatencySummary {
    p50: number;
    p90: number;
    p99: number;
    max: number;
}
export declare function latencySummary(latencies: number[]): LatencySummary;
