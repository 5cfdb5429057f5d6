/**
 * The fault injector, driven by its own seeded generator. Each run first draws a "swarm"
 * profile (which faults are enabled and how bad the links get, as TigerBeetle's VOPR does), so
 * that across seeds we see runs dominated by partitions, by crashes, by loss, or by everything.
 */
import type { Rng } from '../base/clock.js';
import type { LinkQuality, Sid } from './network.js';
/** Restarts never come sooner than this after a crash; link delays stay below it. */
export declare const MIN_DOWNTIME_MS = 1000;
export type FaultKind = 'crash' | 'restart' | 'partition' | 'isolate' | 'one-way' | 'heal' | 'links';
export interface SwarmProfile {
    enabled: FaultKind[];
    qualities: LinkQuality[];
}
export type Action = {
    kind: 'crash';
    sid: Sid;
} | {
    kind: 'restart';
    sid: Sid;
} | {
    kind: 'partition';
    groups: Sid[][];
} | {
    kind: 'one-way';
    from: Sid;
    to: Sid;
} | {
    kind: 'heal';
} | {
    kind: 'links';
    quality: LinkQuality;
};
/** What the nemesis may look at when choosing. */
export interface ClusterView {
    sids: readonly Sid[];
    isUp(sid: Sid): boolean;
    downSinceMs(sid: Sid): number;
    nowMs: number;
}
export declare function drawProfile(rng: Rng): SwarmProfile;
export declare class Nemesis {
    private readonly rng;
    readonly profile: SwarmProfile;
    constructor(rng: Rng, profile: SwarmProfile);
    /** One action, or null if the chosen fault has nothing to act on right now. */
    next(view: ClusterView): Action | null;
    /** Servers to leave down for the liveness phase: at most as many voters as a quorum spares. */
    keepDown(voters: readonly Sid[], spare: number): Sid[];
    private pick;
    private shuffle;
}
/** The links of the liveness phase: no loss, but still duplication and reordering. */
export declare const CALM_LINKS: Readonly<LinkQuality>;
/** The links of the cold start: no faults at all, delays well under the finalize wait. */
export declare const COLD_START_LINKS: Readonly<LinkQuality>;
