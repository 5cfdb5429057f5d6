import { ElectionAlgorithm } from '../election/types.js';
import { Violation } from './checker.js';
import { NetworkCounters } from './network.js';
export interface ElectionSimOptions {
    seed: number;
    /** Participants (voters). */
    servers: number;
    observers?: number;
    algorithm: ElectionAlgorithm;
    /** Nemesis actions in the chaos phase. */
    steps?: number;
    verbose?: boolean;
    /** Where verbose lines go. */
    log?: (line: string) => void;
}
export interface ElectionSimResult {
    seed: number;
    ok: boolean;
    traceHash: string;
    violations: Violation[];
    replay: string;
    stats: {
        virtualMs: number;
        events: number;
        decisions: number;
        /** Decisions that joined an established leader. */
        joins: number;
        establishments: number;
        highestEpoch: number;
        /** From the moment a quorum could talk to the first converged instant. */
        convergedAfterMs: number | null;
        livenessBoundMs: number;
        faults: string[];
        network: NetworkCounters;
        droppedStale: number;
        droppedMalformed: number;
    };
}
export declare function replayCommand(o: ElectionSimOptions): string;
/** The longest an election can wait between two attempts: fast's back-off cap, classic's poll round. */
export declare function electionBackoffMs(algorithm: ElectionAlgorithm): number;
/** How long after a quorum can talk the cluster must have converged. */
export declare function livenessBoundMs(algorithm: ElectionAlgorithm): number;
export declare function runElectionSim(o: ElectionSimOptions): ElectionSimResult;
