/**
 * zk-bench's command line: commands, flags, defaults, and their checks, turned into plain
 * option objects for the command implementations (which the caller supplies, so that parsing
 * is tested on its own).
 */
import { type Argv } from 'yargs';
import type { ClusterOptions, ServerKind } from './cluster.js';
import { type DriverName } from './drivers.js';
import { type Target } from './target.js';
import { type LoadOp } from './workload.js';
export type LaunchOptions = Omit<ClusterOptions, 'kind' | 'servers'> & {
    tickTime: number;
    initLimit: number;
    syncLimit: number;
};
export interface LoadArgs {
    /** As given (a connect string, zk-ts or zookeeper). */
    targetSpec: string;
    target: Target;
    op: LoadOp;
    sessions: number;
    inflight: number;
    seconds: number;
    warmup: number;
    size: number;
    driver: DriverName;
    serverPids: number[];
    on: 'all' | 'leader' | 'follower';
    servers: number;
    cluster: LaunchOptions;
    /** A ZooKeeper client properties file (TLS, SASL), as zkCli's -client-configuration; zk-ts driver only. */
    clientConfiguration?: string;
}
export interface StartupArgs {
    kind: ServerKind;
    servers: number;
    runs: number;
    cluster: LaunchOptions;
}
export interface ScaleArgs {
    kind: ServerKind;
    znodes: number;
    size: number;
    sessions: number;
    inflight: number;
    driver: DriverName;
    cluster: LaunchOptions;
}
export interface FailoverArgs {
    kind: ServerKind;
    servers: number;
    runs: number;
    election: 'basic' | 'fast';
    cluster: LaunchOptions;
}
export interface TransferArgs {
    servers: number;
    runs: number;
    election: 'basic' | 'fast';
    cluster: LaunchOptions;
}
export interface CompareArgs {
    runs: number;
    seconds: number;
    warmup: number;
    sessions: number;
    inflight: number;
    size: number;
    driver: DriverName;
    latencySeconds: number;
    quietCap: number;
    syscalls: boolean;
    scale: boolean;
    scaleZnodes: number;
    scaleRuns: number;
    first: ServerKind;
    out: string | null;
    cluster: LaunchOptions;
}
export interface BenchCommands {
    load(a: LoadArgs): Promise<void>;
    startup(a: StartupArgs): Promise<void>;
    scale(a: ScaleArgs): Promise<void>;
    failover(a: FailoverArgs): Promise<void>;
    transfer(a: TransferArgs): Promise<void>;
    compare(a: CompareArgs): Promise<void>;
}
/** Throws a clear error unless `v` is an integer ≥ `min`. */
export declare function positiveInt(name: string, v: number, min?: number): number;
/** The parser for `argv` (no process exit on errors: they reject parseAsync()). */
export declare function benchCli(argv: string[], run: BenchCommands): Argv;
