/**
 * Simulated quorum links: the TCP connections between a learner and its leader (docs/architecture.md, "Zab over TCP").
 *
 * A link has two ends, each bound to one incarnation of its server. Each direction is an
 * ordered byte stream: packets arrive in the order sent, never lost or duplicated while the
 * link stands. What breaks a link:
 *
 * - an end closes it (the core's closeLearner / disconnectLeader, or its process crashing: the
 *   kernel closes the socket). A FIN goes out behind the data already sent, so the other end
 *   first receives what was in flight, then learns that the connection is gone;
 * - a partition. A direction that gets cut either *stalls* (TCP retransmits: nothing arrives
 *   until the cut heals, then everything arrives in order, unless an end gave up first) or
 *   *resets* (the connection is torn down; each end learns it after a while, as a keepalive or
 *   retransmission timeout would tell it). Which one is drawn per cut, from the run's seed.
 *
 * Connecting (learner → leader's quorum port) is the cluster's business: it needs both
 * directions open and the leader's process up, and creates the link here.
 */
import type { Rng } from '../base/clock.js';
import { type QuorumMessage, type SentQuorumMessage } from '../wire/quorum.js';
import type { Sid } from './network.js';
import type { World } from './world.js';
export type LinkEnd = 'leader' | 'learner';
export interface LinkEvents {
    /**
     * A message reaches an end that is still open: decoded there from the bytes the other end
     * sent, so a LearnerMessage at the leader's end and a LeaderMessage at the learner's.
     */
    deliver(link: SimLink, at: LinkEnd, p: QuorumMessage): void;
    /** An open end learns that the connection is gone. */
    closed(link: SimLink, at: LinkEnd, reason: string): void;
}
interface Segment {
    dueAt: number;
    /** The frame's body as encoded by the sender; null: the FIN. */
    packet: Uint8Array | null;
    reason: string;
}
declare class Direction {
    readonly from: Sid;
    readonly to: Sid;
    /** The receiving end. */
    readonly end: LinkEnd;
    readonly queue: Segment[];
    scheduled: boolean;
    lastDue: number;
    wasCut: boolean;
    constructor(from: Sid, to: Sid, 
    /** The receiving end. */
    end: LinkEnd);
}
export declare class SimLink {
    readonly id: number;
    readonly learner: Sid;
    readonly leader: Sid;
    readonly learnerInc: number;
    readonly leaderInc: number;
    readonly open: Record<LinkEnd, boolean>;
    /** Reset: nothing is carried any more; each end learns it in its own time. */
    broken: boolean;
    readonly toLeader: Direction;
    readonly toLearner: Direction;
    /** Packets delivered, per direction (for traces and tests). */
    delivered: number;
    constructor(id: number, learner: Sid, leader: Sid, learnerInc: number, leaderInc: number);
    get dead(): boolean;
    toString(): string;
}
export interface LinkTiming {
    delayMinMs: number;
    delayMaxMs: number;
    /** Probability that a newly cut direction resets the connection instead of stalling it. */
    resetRate: number;
    /** A reset is noticed by each end after up to this long. */
    resetNoticeMaxMs: number;
}
export declare const DEFAULT_LINK_TIMING: Readonly<LinkTiming>;
export declare class QuorumLinks {
    private readonly world;
    private readonly rng;
    private readonly isCut;
    private readonly events;
    timing: LinkTiming;
    readonly links: Map<number, SimLink>;
    private nextId;
    counters: {
        opened: number;
        packets: number;
        resets: number;
        stalls: number;
    };
    constructor(world: World, rng: Rng, isCut: (from: Sid, to: Sid) => boolean, events: LinkEvents);
    establish(learner: Sid, learnerInc: number, leader: Sid, leaderInc: number): SimLink;
    send(link: SimLink, from: LinkEnd, p: SentQuorumMessage): void;
    /** An end closes its socket: the FIN follows the data it sent. */
    close(link: SimLink, at: LinkEnd, reason: string): void;
    /** Both ends torn down at once; each learns it after its own delay. */
    reset(link: SimLink, reason: string): void;
    /** Every link with an end at `sid` (any incarnation) loses that end: the process is gone. */
    crashed(sid: Sid): void;
    /** Call after every change of the network's cuts: new cuts stall or reset, healed ones resume. */
    networkChanged(): void;
    describe(p: QuorumMessage): string;
    private push;
    private pump;
    private forgetIfDead;
    private delay;
}
export {};
