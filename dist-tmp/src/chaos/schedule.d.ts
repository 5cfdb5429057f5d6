export declare const NEMESIS_KINDS: readonly ["kill", "pause", "partition", "delay", "disk"];
export type NemesisKind = (typeof NEMESIS_KINDS)[number];
export type Role = 'leader' | 'follower';
export type FaultSpec = {
    kind: 'kill';
    target: Role;
} | {
    kind: 'pause';
    target: Role;
}
/**
 * isolate: the target alone on one side. halves: a random split into a majority and a minority
 * (`pick` seeds it). bridge: two sides that cannot talk, and one server that talks to both.
 */
 | {
    kind: 'partition';
    shape: 'isolate';
    target: Role;
} | {
    kind: 'partition';
    shape: 'halves' | 'bridge';
    pick: number;
}
/** On every server link (target 'all') or on the links of one server. */
 | {
    kind: 'delay';
    target: Role | 'all';
    delayMs: number;
    jitterMs: number;
    lossPct: number;
} | {
    kind: 'disk';
    target: Role;
    mode: 'slow';
    fsyncDelayMs: number;
} | {
    kind: 'disk';
    target: Role;
    mode: 'eio' | 'enospc';
};
export interface ScheduledFault {
    index: number;
    /** Start, in ms after the workload starts. */
    atMs: number;
    durationMs: number;
    spec: FaultSpec;
    /** Seeds the choices made when the fault starts (which follower, which side). */
    seed: number;
}
export interface ScheduleOptions {
    seed: number;
    durationMs: number;
    kinds: readonly NemesisKind[];
    servers: number;
}
export declare const WARMUP_MS = 2000;
export declare function makeSchedule(o: ScheduleOptions): ScheduledFault[];
export declare function describeSpec(s: FaultSpec): string;
