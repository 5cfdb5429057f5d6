import type { ElectionMessage } from '../../wire/election.js';
import { type AlgorithmCore, type CoreContext, type MessageMeta } from '../core.js';
import type { Credentials, PeerState, Sid, Successor, Vote } from '../types.js';
export declare class FastElection implements AlgorithmCore {
    private readonly ctx;
    private phase;
    private settled;
    /** The round ("logical clock"): bumped per start(), jumps forward to newer rounds heard. */
    private logicalClock;
    private initialVote;
    private proposal;
    private readonly recvset;
    private readonly outOfElection;
    private finalizeAtMs;
    private startedAtMs;
    private roundsSeen;
    private readonly outbox;
    /** Peers whose latest word to us was LOOKING: told at once when our own word changes. */
    private readonly lookingPeers;
    /** The successor a leader handed over to, ranked first among equals in this election only. */
    private preferred;
    constructor(ctx: CoreContext);
    get state(): PeerState;
    get vote(): Vote | null;
    private get isVoter();
    start(cred: Credentials, nowMs: number, successor?: Successor): void;
    receive(from: Sid, message: ElectionMessage, meta: MessageMeta, nowMs: number): void;
    senderRestarted(from: Sid, nowMs: number): void;
    tick(nowMs: number): void;
    /**
     * After Zab has established the new epoch, advertise it in our decided vote
     * (updateElectionVote, ZOOKEEPER-1732): otherwise a restarted server sees the leader and
     * its followers report different epochs for the same leader and never finds a quorum.
     */
    setEstablished(peerEpoch: number): void;
    stop(): void;
    nextDeadlineMs(): number | null;
    private currentNotice;
    /** The loop body of ZooKeeper's lookForLeader for one notice from a peer. */
    private onNotice;
    private onLookingNotice;
    /** A decided sender: a leader or a follower answering us, in this round or an older one. */
    private onDecidedNotice;
    /** The vote order, with the successor of a leadership transfer first among equals. */
    private beats;
    private better;
    private checkLookingQuorum;
    /** Owes our current notice to every voter, and records our own vote in recvset. */
    private broadcast;
    private flushDue;
    private decide;
    /**
     * A decided server pushes nothing on its own in ZooKeeper: a looking peer (an observer
     * above all, which only ever gets answers) learns of the decision at its next re-send, up to
     * a minute later. One unacknowledged datagram to each peer we know is looking saves that
     * wait; if it is lost, the peer's own re-sends still find us.
     */
    private tellLookingPeers;
}
