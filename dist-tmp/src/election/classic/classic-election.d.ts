import type { ElectionMessage } from '../../wire/election.js';
import { type AlgorithmCore, type CoreContext, type MessageMeta } from '../core.js';
import type { Credentials, PeerState, Sid, Successor, Vote } from '../types.js';
export declare class ClassicElection implements AlgorithmCore {
    private readonly ctx;
    private phase;
    private settled;
    private cred;
    /** Our tentative vote while looking. */
    private current;
    /** Whether `current` came out of a completed poll of this election. */
    private informed;
    /** Poll round number: grows for the life of the process, never reused. */
    private pollRound;
    private readonly replies;
    private roundEndsAtMs;
    /** Mid-round: ask the voters that have not answered yet once more. */
    private requeryAtMs;
    private pauseEndsAtMs;
    private startedAtMs;
    private rounds;
    /** The successor a leader handed over to, ranked first among equals in this election only. */
    private successor;
    /**
     * Undecided rounds after a handover that pause only briefly: every server went LOOKING at
     * the same moment, so a round that missed a decision missed it by one packet's delay (a peer
     * not yet told), not by a peer that needs time; a full pollPauseMs would make the handover
     * cost a second. A few such rounds, then the ordinary pace.
     */
    private quickRounds;
    constructor(ctx: CoreContext);
    get state(): PeerState;
    get vote(): Vote | null;
    private get isVoter();
    private get ownVote();
    start(cred: Credentials, nowMs: number, successor?: Successor): void;
    receive(from: Sid, message: ElectionMessage, meta: MessageMeta, nowMs: number): void;
    senderRestarted(from: Sid): void;
    tick(nowMs: number): void;
    setEstablished(peerEpoch: number): void;
    stop(): void;
    nextDeadlineMs(): number | null;
    /** The responder: a complete reply in every state. */
    private answer;
    private onReply;
    private otherVoters;
    private beginRound;
    /**
     * One datagram per peer per round would make a round's view depend on a single loss, or on
     * a peer that booted a moment after we asked; a view missing the best server is how two
     * servers come to follow different leaders.
     */
    private requery;
    private endRound;
    private decide;
}
