/**
 * Safety checks on every election decision, against ground truth the simulator records as the
 * run goes (what each server's durable credentials were when it sent each datagram). Liveness
 * and cold-start agreement are judged by the runner, which knows the phases.
 *
 *  E1 genuine vote: the decided vote is one its leader really advertised: its own
 *     (peerEpoch, zxid) at the start of one of its elections, or its decided vote with the
 *     epoch it established afterwards. The leader is a voter.
 *  E2 best of its quorum: a decision by election ('quorum') rests on votes from a quorum of
 *     voters, and every one of them, at the moment it sent that vote, held credentials
 *     (peerEpoch, zxid) no higher than the winner's. So no server of the electing quorum had
 *     history the winner lacks.
 *  E3 joins only real leaders: a decision to join an established leader ('established')
 *     rests on a quorum, and the leader itself had decided to lead with that epoch.
 *  E4 one leader per epoch: at most one server is ever established (a quorum synced by the
 *     Zab stand-in) in a given epoch. Election alone cannot promise this; election + epoch
 *     handshake must.
 */
import type { MajorityQuorum } from '../base/quorum.js';
import type { Decision, Sid, Vote } from '../election/types.js';
export interface Violation {
    atMs: number;
    property: string;
    detail: string;
}
export interface DecisionRecord {
    atMs: number;
    sid: Sid;
    decision: Decision;
}
export declare class ElectionChecker {
    private readonly quorum;
    readonly violations: Violation[];
    readonly decisions: DecisionRecord[];
    readonly establishments: Array<{
        atMs: number;
        leader: Sid;
        epoch: number;
    }>;
    private readonly truth;
    private readonly genuine;
    private readonly leadingAds;
    private readonly leaderOfEpoch;
    constructor(quorum: MajorityQuorum);
    /** `own` is the sender's credentials as a vote for itself when it sent datagram (inc, seq). */
    sent(sid: Sid, incarnation: number, seq: number, own: Vote): void;
    electionStarted(own: Vote): void;
    /** A decided server's vote from now on (on deciding, and after setEstablished). */
    advertised(sid: Sid, vote: Vote, leading: boolean): void;
    decided(atMs: number, sid: Sid, d: Decision, deciderOwn: Vote): void;
    established(atMs: number, leader: Sid, epoch: number): void;
    private checkBestOfQuorum;
}
/**
 * The checker's own ranking, written apart from election/vote.ts so that a bug there cannot
 * hide from the check: (peerEpoch, zxid), then sid.
 */
export declare function rankVotes(a: Vote, b: Vote): number;
