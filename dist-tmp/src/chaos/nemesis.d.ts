import type { Cluster } from './cluster.js';
import type { Lan } from './network.js';
import { FaultSpec, ScheduledFault } from './schedule.js';
export interface FaultRecord {
    index: number;
    kind: FaultSpec['kind'];
    what: string;
    /** Resolved targets, e.g. "server 2 (leader)", "{1} | {2,3}". */
    detail: string;
    startMs: number;
    endMs: number | null;
}
export interface CrashRecord {
    server: number;
    atMs: number;
    exit: string;
    /** The fault active on that server at the time, if any. */
    during: string | null;
    restartedAtMs: number | null;
    logTail: string;
}
export declare class Nemesis {
    private readonly cluster;
    private readonly lan;
    private readonly now;
    private readonly log;
    readonly faults: FaultRecord[];
    readonly crashes: CrashRecord[];
    /** Servers whose exit should wait for a heal before restarting (disk faults). */
    private readonly holdRestart;
    private active;
    /** No more faults: everything was healed. */
    private stopped;
    /** No more restarts either: the bench is tearing the cluster down. */
    private finished;
    constructor(cluster: Cluster, lan: Lan, now: () => number, log: (line: string) => void);
    /** Called by the cluster when a server exits by itself. */
    onUnexpectedExit(id: number, code: number | null, signal: string | null): void;
    /** Called before the teardown: servers that exit from now on stay down. */
    finish(): void;
    private restartCrashed;
    run(schedule: readonly ScheduledFault[], endMs: number): Promise<void>;
    /** Heals the active fault and anything else: every link, every disk, every paused or dead server. */
    healAll(): Promise<void>;
    private healActive;
    private sleepUntil;
    /** The server in `role` now: the leader (if one), else a follower chosen by the fault's seed. */
    private resolve;
    private inject;
}
