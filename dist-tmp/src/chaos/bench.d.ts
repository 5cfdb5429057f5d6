import { HistoryVerdict, Model } from '../lincheck/index.js';
import { Target } from './cluster.js';
import { CrashRecord, FaultRecord } from './nemesis.js';
import { NemesisKind } from './schedule.js';
import { HistoryOp } from './workload.js';
export interface BenchOptions {
    target: Target;
    servers: number;
    durationSec: number;
    nemesis: NemesisKind[];
    seed: number;
    clients: number;
    keep: boolean;
    /** Parent of the run directory. */
    dir?: string;
    tickTime?: number;
    /** Progress lines (stderr by default). */
    progress?: (line: string, transient: boolean) => void;
}
export interface Report {
    target: Target;
    servers: number;
    durationSec: number;
    nemesis: NemesisKind[];
    seed: number;
    clients: number;
    runDir: string | null;
    operations: {
        tried: number;
        ok: number;
        failed: number;
        indeterminate: number;
        finalReads: number;
    };
    faults: (FaultRecord & {
        kindCount?: number;
    })[];
    faultsByKind: Record<string, number>;
    crashes: CrashRecord[];
    lostWrites: string[];
    endChecks: {
        serversChecked: number[];
        unreachable: string[];
        treeNodes: number;
        treeDifferences: string[];
        zxidRegressions: string[];
        ephemeralsLeft: string[];
        sessions: number;
    };
    linearizability: {
        verdict: HistoryVerdict['verdict'];
        operations: number;
        partitions: number;
        searchMs: number;
        failures: {
            partition: string;
            explanation: string;
            counterexample: string[];
        }[];
        unknown: string[];
    };
    unavailability: {
        longestMs: number;
        fromMs: number;
        toMs: number;
    };
    ok: boolean;
}
/** Set once a signal (or a stray exception) ends the bench: the main flow must not report then. */
export declare let terminating: boolean;
export declare function runBench(o: BenchOptions): Promise<Report>;
export declare function modelFor(partition: string): Model;
/** The longest stretch of [from, to] without a successful write completing. */
export declare function longestWriteGap(ops: readonly HistoryOp[], from: number, to: number): {
    longestMs: number;
    fromMs: number;
    toMs: number;
};
