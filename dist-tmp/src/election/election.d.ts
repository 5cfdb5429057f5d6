/**
 * The election as the peer (and the simulator) drive it: one object per server process, with
 * either algorithm inside. It owns what both algorithms share: the datagram header (our sid,
 * incarnation and sequence numbers), the per-sender stale/duplicate filter, membership checks
 * and counters. Synchronous and deterministic: every method returns the effects to carry out.
 *
 * How a peer drives it:
 *
 *   const e = new Election({ algorithm, mySid, incarnation, members, rng });
 *   run(e.start({ currentEpoch, lastLoggedZxid }, now));       // LOOKING
 *   on each datagram:  run(e.receive(datagram, now));
 *   on each timer:     run(e.tick(now));                        // at e.nextDeadlineMs() or a fixed beat
 *   on 'decided':      become LEADING / FOLLOWING / OBSERVING; the election keeps answering
 *                      other servers with that leader, so a restarted server rejoins it.
 *   after Zab sync:    run(e.setEstablished(newEpoch, now));    // advertise the new epoch
 *   back to LOOKING:   run(e.start(freshCredentials, now));     // a new round
 *
 * where run() sends each 'send' effect's datagram to its server and logs 'log' effects.
 */
import type { Rng } from '../base/clock.js';
import type { ElectionDatagram } from '../wire/election.js';
import { MajorityQuorum } from '../base/quorum.js';
import { Credentials, ElectionAlgorithm, ElectionCounters, ElectionEffect, ElectionMember, ElectionTiming, PeerState, Sid, Successor, Vote } from './types.js';
export interface ElectionOptions {
    algorithm: ElectionAlgorithm;
    mySid: Sid;
    /** uint32, chosen by the runtime at process start (random), never reused by this server. */
    incarnation: number;
    members: readonly ElectionMember[];
    rng: Rng;
    timing?: Partial<ElectionTiming>;
}
export declare class Election {
    readonly algorithm: ElectionAlgorithm;
    readonly mySid: Sid;
    readonly incarnation: number;
    readonly quorum: MajorityQuorum;
    readonly counters: ElectionCounters;
    private readonly core;
    private readonly out;
    private readonly filter;
    private seq;
    private readonly warnedWrongAlgorithm;
    constructor(opts: ElectionOptions);
    get state(): PeerState;
    /** The proposal while looking, the decided vote after; null before start(). */
    get vote(): Vote | null;
    /**
     * Enter LOOKING with our durable credentials; also the way back after leaving a role.
     * `successor`: the leader handed leadership to this server (a TAKEOVER): vote for it from the
     * start, and rank it first among equally recent candidates. Ignored, with a warning, when it
     * is not a voter or holds less history than we do (then it must not win; the ordinary
     * election decides).
     */
    start(cred: Credentials, nowMs: number, successor?: Successor): ElectionEffect[];
    receive(d: ElectionDatagram, nowMs: number): ElectionEffect[];
    tick(nowMs: number): ElectionEffect[];
    /** Zab established `peerEpoch` with the leader we decided on: advertise it from now on. */
    setEstablished(peerEpoch: number): ElectionEffect[];
    /** Shut down: stop sending and answering until the next start(). */
    stop(): ElectionEffect[];
    nextDeadlineMs(): number | null;
    private speaksOurAlgorithm;
    private flush;
    private stamp;
}
