import type { Rng } from '../../base/clock.js';
import type { Notice } from '../../wire/election.js';
import type { ElectionTiming, Sid } from '../types.js';
export declare function sameNotice(a: Notice, b: Notice): boolean;
export declare class Outbox {
    private readonly timing;
    private readonly rng;
    private readonly links;
    constructor(timing: ElectionTiming, rng: Rng);
    /** Owes `notice` to every peer in `peers`, due now; due() collects the sends. */
    owe(peers: readonly Sid[], notice: Notice, nowMs: number): void;
    onAck(from: Sid, acked: Notice): void;
    /** Any datagram from a peer whose copy of our notice may have been lost: re-send now. */
    onHeard(from: Sid, nowMs: number): void;
    /** The peer runs a new process that knows nothing of us: re-send at once. */
    peerRestarted(from: Sid, nowMs: number): void;
    /** The peers whose notice is due at `nowMs`, each rescheduled as if just sent. */
    due(nowMs: number): Array<{
        to: Sid;
        notice: Notice;
    }>;
    nextDeadlineMs(): number | null;
    clear(): void;
    /** Back-off with up to 25% jitter taken off, so that re-sends of several servers spread out. */
    private gapMs;
}
