import type { ClientSecurityOptions } from '../../client/index.js';
import { type BenchSession, type DriverName } from './drivers.js';
import { type LatencySummary } from './stats.js';
export type LoadOp = 'create' | 'set' | 'get' | 'exists' | 'mixed';
export declare const LOAD_OPS: readonly LoadOp[];
export interface LoadOptions {
    hosts: readonly string[];
    op: LoadOp;
    sessions: number;
    inflight: number;
    seconds: number;
    warmupSeconds: number;
    size: number;
    driver: DriverName;
    /** TLS and SASL settings for every session (zk-ts driver only). */
    security?: ClientSecurityOptions;
    /** Nodes that set/get/exists go round (created before the run). */
    keys?: number;
    /** Called now and then with the fraction done (0..1). */
    progress?: (fraction: number) => void;
}
export interface LoadResult {
    op: LoadOp;
    sessions: number;
    inflight: number;
    size: number;
    driver: DriverName;
    /** Length of the measured window (after the warm-up). */
    seconds: number;
    ops: number;
    errors: number;
    firstError: string | null;
    opsPerSec: number;
    latencyMs: LatencySummary;
    /** CPU the bench process itself used in the window, in % of one core: near 100, the client is the bottleneck. */
    clientCpuPercent: number;
}
/** Creates `count` nodes with `data` under `prefix`, at most `window` requests in flight. */
export declare function createMany(s: BenchSession, paths: (i: number) => string, count: number, data: Buffer, window?: number, progress?: (done: number) => void): Promise<void>;
export declare function runLoad(o: LoadOptions): Promise<LoadResult>;
