import type { ElectionAlgorithm } from '../election/types.js';
import type { LinearizabilityStats } from './linearizability.js';
import type { Violation } from './zab-checker.js';
export interface ZabSimOptions {
    seed: number;
    servers: number;
    observers?: number;
    algorithm: ElectionAlgorithm;
    steps?: number;
    clients?: number;
    verbose?: boolean;
    log?: (line: string) => void;
}
export interface ZabSimResult {
    seed: number;
    ok: boolean;
    traceHash: string;
    violations: Violation[];
    replay: string;
    stats: {
        virtualMs: number;
        events: number;
        establishments: number;
        highestEpoch: number;
        applies: number;
        snaps: number;
        committed: number;
        crashes: number;
        traps: number;
        trapsSprung: string[];
        convergedAfterMs: number | null;
        livenessBoundMs: number;
        history: LinearizabilityStats;
        ops: number;
        faults: string[];
    };
}
export declare function zabReplayCommand(o: ZabSimOptions): string;
/** After a quorum can talk: election (with its longest back-off), discovery + sync, slack. */
export declare function zabLivenessBoundMs(algorithm: ElectionAlgorithm): number;
export declare function runZabSim(o: ZabSimOptions): ZabSimResult;
