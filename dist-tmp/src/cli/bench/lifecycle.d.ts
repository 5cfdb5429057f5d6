import { Cluster, type ClusterOptions, type ServerKind } from './cluster.js';
import { type DriverName } from './drivers.js';
import type { Progress } from './progress.js';
/** Starts every (fresh) server of the cluster at once; milliseconds until the first create succeeds. */
export declare function startToFirstCreate(cluster: Cluster, timeoutMs?: number): Promise<number>;
export interface FailoverResult {
    killed: number;
    ms: number;
}
/**
 * With every server serving: SIGKILL the leader, then milliseconds until one of the others
 * answers a create (each attempt on a fresh connection, so no client back-off counts).
 */
export declare function killLeaderToNextWrite(cluster: Cluster, timeoutMs?: number): Promise<FailoverResult>;
export interface WriteGapResult {
    /** The server that led before the event. */
    leader: number;
    /** The longest time between two consecutive acknowledged writes around the event, ms. */
    gapMs: number;
    /** Writes acknowledged during the measured window. */
    writes: number;
}
/**
 * The longest write gap around an event (a leadership transfer, or SIGKILL of the leader): a
 * writer creates one node after another, each on a fresh connection to every running server at
 * once (the first to answer wins, as firstServed), starting the next as soon as one is
 * acknowledged; `event` runs after `leadMs` of steady writing, and the writer goes on until a
 * leader other than the old one serves and `trailMs` more have passed. The gap includes the
 * time a client needs to find the new leader, but no client back-off.
 */
export declare function writeGapAround(cluster: Cluster, event: (leader: number) => Promise<void>, leadMs?: number, trailMs?: number): Promise<WriteGapResult>;
/** A graceful leadership transfer: the ydld word on the leader (it picks the successor). */
export declare function yieldLeadership(cluster: Cluster, leader: number): Promise<void>;
export interface ScaleOptions {
    kind: ServerKind;
    znodes: number;
    size: number;
    sessions: number;
    inflight: number;
    driver: DriverName;
    cluster?: Omit<ClusterOptions, 'kind' | 'servers'>;
    progress?: Progress;
    /** Settle time before reading RSS (after the fill, after the restart). */
    settleMs?: number;
}
export interface ScaleResult {
    znodes: number;
    size: number;
    fillSeconds: number;
    fillOpsPerSec: number;
    rssAfterFillMb: number | null;
    /** The RSS split: anonymous memory (objects) and mapped file pages (LMDB's data file). */
    rssAnonAfterFillMb: number | null;
    rssFileAfterFillMb: number | null;
    /** The data directory after the fill: allocated blocks and apparent file sizes. */
    diskAllocatedMb: number;
    diskApparentMb: number;
    restartToFirstReadMs: number;
    rssAfterRestartMb: number | null;
    rssAnonAfterRestartMb: number | null;
    rssFileAfterRestartMb: number | null;
}
/**
 * One standalone server: N znodes of `size` bytes created pipelined, RSS; kill -9; restart and
 * time to the first read of the last node created; RSS again.
 */
export declare function scale(o: ScaleOptions): Promise<ScaleResult>;
