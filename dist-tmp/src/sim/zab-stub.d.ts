/**
 * A stand-in for Zab, just enough for the election to be tested in the simulator: what a server
 * does between being elected and going back to LOOKING. The election simulator (election-sim.ts)
 * uses it so that elections can be soaked quickly and on their own; the whole-peer simulator
 * (zab-sim.ts) runs the real zab/ and peer/ cores instead (docs/architecture.md, "Effect
 * interpreters").
 *
 * Discovery: followers send their acceptedEpoch; a leader with a quorum picks
 * max(acceptedEpoch) + 1, persists it as its own acceptedEpoch, and proposes it; a follower
 * acknowledges an epoch only if it is above its own acceptedEpoch (which it persists first), or
 * re-acknowledges the one it already gave this same leader. Sync: the leader sends its last
 * zxid; a follower adopts it with the new currentEpoch. With a quorum synced the leader is
 * "established" in that epoch (the checker's P1 event) and both sides advertise the epoch in
 * their election vote (updateElectionVote). Broadcast: every tick the leader makes one zxid and
 * pings; a follower that hears no ping for syncLimit ticks, and a leader that hears from no
 * quorum for syncLimit ticks, go back to LOOKING; so does anyone not established within
 * initLimit ticks. A follower that promised an epoch at or above an established leader's makes
 * that leader step down, so the next election can pick a higher epoch. Observers follow
 * whatever epoch the voters establish, and never count.
 *
 * Everything here is durable at once: the simulator has no disk faults yet.
 */
import { Zxid } from '../base/zxid.js';
import type { MajorityQuorum } from '../base/quorum.js';
import type { Sid } from '../election/types.js';
export interface Persisted {
    acceptedEpoch: number;
    currentEpoch: number;
    lastZxid: Zxid;
}
export type StubMessage = {
    t: 'finfo';
    acceptedEpoch: number;
} | {
    t: 'newepoch';
    epoch: number;
} | {
    t: 'ackepoch';
    epoch: number;
} | {
    t: 'newleader';
    epoch: number;
    zxid: Zxid;
} | {
    t: 'synced';
    epoch: number;
} | {
    t: 'ping';
    epoch: number;
    zxid: Zxid;
} | {
    t: 'pong';
    epoch: number;
};
export interface StubTiming {
    tickMs: number;
    initLimit: number;
    syncLimit: number;
}
export interface StubEnv {
    mySid: Sid;
    quorum: MajorityQuorum;
    timing: StubTiming;
    persisted: Persisted;
    send(to: Sid, m: StubMessage): void;
    /** Leader: a quorum is synced in `epoch`. Follower: synced with its leader in `epoch`. */
    established(epoch: number): void;
    /** Back to LOOKING. */
    lost(reason: string): void;
}
export declare function describeStub(m: StubMessage): string;
export declare class LeaderStub {
    private readonly env;
    private readonly startedAtMs;
    private epoch;
    private established;
    private newLeaderSent;
    private counter;
    private readonly infos;
    private readonly acked;
    private readonly synced;
    private readonly lastPong;
    private active;
    constructor(env: StubEnv, startedAtMs: number);
    receive(from: Sid, m: StubMessage, nowMs: number): void;
    beat(nowMs: number): void;
    /** Moves through the stages as far as the quorums collected so far allow. */
    private advance;
    private onInfo;
    private sendNewLeader;
    /** Followers in `sids` plus ourselves form a quorum. */
    private quorumOf;
    private lose;
}
export declare class FollowerStub {
    private readonly env;
    private readonly leader;
    private readonly startedAtMs;
    private ackedEpoch;
    private syncedEpoch;
    private lastPingAtMs;
    private active;
    constructor(env: StubEnv, leader: Sid, startedAtMs: number);
    receive(from: Sid, m: StubMessage, nowMs: number): void;
    beat(nowMs: number): void;
    private lose;
}
