import { type Difference, type Value } from './observe.js';
import { type RunningServer } from './servers.js';
import { type Step } from './steps.js';
/** What each session slot observed during one step, in arrival order. */
export type Observation = Value[][];
export interface StepOutcome {
    differences: Difference[];
    /** What the reference server (the first) showed, for the workload to learn from. */
    reference: Observation;
    other: Observation;
}
export declare class Lockstep {
    readonly ns: string;
    private readonly a;
    private readonly b;
    private readonly pairing;
    constructor(a: RunningServer, b: RunningServer, ns: string);
    /** Creates the namespace node on both servers (outside the compared steps). */
    start(): Promise<void>;
    step(step: Step): Promise<StepOutcome>;
    /** See ZxidPairing.alias. */
    alias(a: bigint, b: bigint): void;
    /** The step just run was an allowed difference: see ZxidPairing.forgiveOnce (applies to the next step). */
    forgiveNextStep(): void;
    finish(): Promise<void>;
}
