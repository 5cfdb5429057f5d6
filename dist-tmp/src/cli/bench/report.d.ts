/**
 * What the bench prints: exactly one JSON line per run on stdout (the fields are documented in
 * docs/bench.md), a human summary on stderr, and for `compare` a markdown table of medians,
 * spreads and ratios ours / ZooKeeper.
 */
import { type Summary } from './stats.js';
/** Writes the run's single JSON line. NaN and missing values become null. */
export declare function emitJson(result: Record<string, unknown>, out?: {
    write(s: string): unknown;
}): void;
export declare function jsonLine(result: Record<string, unknown>): string;
export type Unit = 'ops/s' | 'ms' | 'MiB' | 'KiB/s' | 's';
/** A target from the issue, as a bound on ours / ZooKeeper. */
export interface RatioTarget {
    /** '>=': ours must be at least `ratio` times theirs (throughput); '<=': at most (latency, memory, time). */
    op: '>=' | '<=';
    ratio: number;
}
export interface Figure {
    key: string;
    label: string;
    unit: Unit;
    zkts: Summary;
    zookeeper: Summary;
    /** Median ours / median ZooKeeper. */
    ratio: number;
    target: RatioTarget | null;
    /** Whether the median ratio meets the target (null without a target or a ratio). */
    meets: boolean | null;
}
export declare function figure(key: string, label: string, unit: Unit, zkts: readonly number[], zookeeper: readonly number[], target?: RatioTarget | null): Figure;
/** A number as the table shows it in its unit. */
export declare function formatValue(v: number, unit: Unit): string;
/** "median (min–max)", or just the value for a single run. */
export declare function formatSummary(s: Summary, unit: Unit): string;
export declare function formatRatio(r: number): string;
/** The figures as a markdown table: medians with (min–max) over the runs, the ratio and the target. */
export declare function markdownTable(figures: readonly Figure[]): string;
/** Runs' values as a compact list ("3,240 / 3,310 / 3,198") for the detail section. */
export declare function formatValues(s: Summary, unit: Unit): string;
export interface CompareMeta {
    date: string;
    runs: number;
    order: string;
    settings: string;
    driver: string;
    load: string;
    machine: string;
    notes: string[];
}
/** The whole markdown report: header, the table, then every run's values. */
export declare function markdownReport(meta: CompareMeta, figures: readonly Figure[], extra?: string): string;
