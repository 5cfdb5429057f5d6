import { type ClusterOptions, type ServerKind } from './cluster.js';
import type { DriverName } from './drivers.js';
import { type ScaleResult } from './lifecycle.js';
import type { Progress } from './progress.js';
import { type Figure } from './report.js';
import { type LoadOp, type LoadResult } from './workload.js';
export interface CompareOptions {
    runs: number;
    seconds: number;
    warmupSeconds: number;
    sessions: number;
    inflight: number;
    size: number;
    driver: DriverName;
    latencySeconds: number;
    quietCapSeconds: number;
    syscalls: boolean;
    scale: boolean;
    scaleZnodes: number;
    scaleRuns: number;
    cluster: Omit<ClusterOptions, 'kind' | 'servers'> & {
        tickTime: number;
        initLimit: number;
        syncLimit: number;
    };
    /** Which kind goes first in each pair. */
    first: ServerKind;
    progress: Progress;
}
/** One run of one kind: every figure, NaN where it could not be measured. */
export interface RunRecord {
    kind: ServerKind;
    run: number;
    error: string | null;
    startupMs: number;
    throughput: Partial<Record<LoadOp, LoadResult>>;
    latency: {
        follower?: LoadResult;
        leader?: LoadResult;
    };
    rssMb: (number | null)[];
    idleWriteBps: (number | null)[];
    afterLoad: Partial<Record<'create' | 'set', {
        firstSecond: (number | null)[];
        quietAfterSeconds: number | null;
    }>>;
    syscalls: {
        idle?: (Record<string, number> | null)[];
        afterCreate?: (Record<string, number> | null)[];
    };
    failoverMs: number;
}
/** The comparison table's figures from every run. */
export declare function compareFigures(records: readonly RunRecord[], scaleRecords?: readonly {
    kind: ServerKind;
    result: ScaleResult | null;
}[]): Figure[];
/** The "no backlog" table: per kind, how long after the write loads the disk writes went on. */
export declare function backlogTable(records: readonly RunRecord[], capSeconds: number): string;
export interface CompareResult {
    figures: Figure[];
    records: RunRecord[];
    scale: {
        kind: ServerKind;
        run: number;
        result: ScaleResult | null;
        error: string | null;
    }[];
    markdown: string;
}
export declare function compare(o: CompareOptions): Promise<CompareResult>;
export declare function writeReport(path: string, markdown: string): void;
