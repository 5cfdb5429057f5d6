import { type AllowEntry } from './allow-list.js';
import { type Difference } from './observe.js';
import { type RunningServer, type ServerKind } from './servers.js';
import { type Step } from './steps.js';
export interface Divergence {
    signature: string;
    /** Index (in the run) of the first step that showed it, and how many steps did. */
    first: number;
    count: number;
    step: Step;
    differences: Difference[];
    /** The allow-list entry that covers it, if it is deliberate. */
    allowedBy: AllowEntry | null;
    /** The shortest step list found that still shows it (unexpected ones only, when shrinking). */
    replay?: Step[];
}
export interface RunReport {
    servers: [string, string];
    seed: number;
    steps: number;
    divergences: Divergence[];
    unexpected: number;
}
export interface RunOptions {
    seed: number;
    ops: number;
    kinds: [ServerKind, ServerKind];
    shrink: boolean;
    jar?: string;
    /** Print every step and what both servers answered. */
    trace?: boolean;
    /** Replay these steps instead of generating (the seed only names the namespace). */
    replay?: Step[];
    log?: (line: string) => void;
}
/** "getData reply.err", "create event.path": where a difference is, without slot numbers. */
export declare function signatureOf(step: Step, d: Difference): string;
/** Two running servers to compare, reusable for several runs (each in its own namespace). */
export interface ServerPair {
    servers: [RunningServer, RunningServer];
    names: [string, string];
    /** A fresh namespace for the next run on these servers. */
    namespace(seed: number): string;
    stop(): Promise<void>;
}
export declare function startPair(kinds: [ServerKind, ServerKind], jar?: string): Promise<ServerPair>;
export declare function crosscheck(opts: RunOptions): Promise<RunReport>;
/** One run (a seeded workload, or a replay) on servers already started. */
export declare function runOnPair(pair: ServerPair, opts: Omit<RunOptions, 'kinds' | 'jar'>): Promise<RunReport>;
/**
 * Delta debugging (ddmin) over the step list: drop chunks while the divergence persists.
 * Bounded, so a stubborn divergence costs at most `budget` re-runs.
 */
export declare function shrink(steps: Step[], reproduces: (s: Step[]) => Promise<boolean>, budget?: number): Promise<Step[]>;
export declare function formatReport(r: RunReport, verbose: boolean): string;
