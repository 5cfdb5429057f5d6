/**
 * A Zab learner (follower or observer) as a pure core (docs/replication.md): it registers with
 * the leader, promises the new epoch durably, takes the leader's history (DIFF / TRUNC / SNAP)
 * and makes it durable before acknowledging anything (synced txns, then currentEpoch, then the
 * ACKs: NEWLEADER's and those of the txns it logged meanwhile), then logs proposals and
 * acknowledges each only after its flush, and applies commits in zxid order. It refuses any gap
 * in the stream of txns it is sent.
 */
import type { InputTime } from '../base/clock.js';
import type { Epochs } from '../storage/api.js';
import type { Id } from '../wire/records.js';
import { ForwardedRequest, LeaderMessage, SessionTouch } from '../wire/quorum.js';
import { LearnerEffect, LogReader, Sid, ZabTiming } from './types.js';
export interface LearnerParams {
    myid: Sid;
    leader: Sid;
    observer: boolean;
    epochs: Epochs;
    lastLogged: bigint;
    lastApplied: bigint;
    timing: ZabTiming;
}
export declare class LearnerCore {
    private readonly params;
    /** The time of the input being handled (set by the peer's step). */
    private readonly time;
    private readonly log;
    private phase;
    private out;
    private epochs;
    private newEpoch;
    private lastHeardMs;
    private lastLogged;
    private lastApplied;
    /** Our log's end before the leader's sync data: entries up to here come from our own log. */
    private ownLogEnd;
    private committedThrough;
    /** Txns logged (or being logged) but not applied, in zxid order. */
    private readonly unapplied;
    private syncedTxns;
    /**
     * ACKs held back until our new currentEpoch is durable: a voter that acknowledged a txn of the
     * new epoch's history, crashed, and came back with the old currentEpoch could lose an election
     * to a server of the new epoch that lacks the txn, which would then truncate a committed txn.
     */
    private heldSyncedAcks;
    private heldAcks;
    private snapChunks;
    private unsent;
    private nextToken;
    private readonly tokens;
    /** Called on every PING: the sessions our clients touched since the last one. */
    takeTouches: () => SessionTouch[];
    /** When we started following: connection retries are allowed for initLimit ticks from here. */
    private readonly startedMs;
    /** A reconnection is due at this time (the leader closed us before it was leading). */
    private reconnectAtMs;
    /** The zxid of the last txn handed to storage's log (after a TRUNC or SNAP: its zxid). */
    private logEnd;
    constructor(params: LearnerParams, 
    /** The time of the input being handled (set by the peer's step). */
    time: InputTime, log: LogReader);
    get serving(): boolean;
    get epoch(): number;
    get leader(): Sid;
    drain(): LearnerEffect[];
    /**
     * Txns logged since the last drain become one persist effect (one flush for all of them). Also
     * called before a commit effect that includes one of them: storage carries out calls in order,
     * so a txn must be handed to the log before the applied state that includes it (a COMMIT or
     * INFORM can arrive in the same turn as its PROPOSAL).
     */
    private persistUnsent;
    /**
     * Every txn a learner logs continues its log without a gap (docs/replication.md, "No gaps"):
     * onProposal refuses a gap in the leader's stream, so one here is a bug in this core.
     */
    private handToLog;
    private send;
    private token;
    private lose;
    stop(reason?: string): void;
    linkUp(): void;
    linkDown(reason?: string): void;
    /**
     * A message from the leader, decoded where it came off the link (a frame that does not decode
     * drops the link there and never reaches us).
     */
    receive(m: LeaderMessage): void;
    private handle;
    private onLeaderInfo;
    private onTrunc;
    private onSnapEnd;
    private onProposal;
    private onNewLeader;
    private persistCurrentEpoch;
    private onUpToDate;
    private onCommit;
    /** Applies everything up to `zxid`: our own log tail first, then what the leader sent. */
    private applyThrough;
    persisted(token: number): void;
    /**
     * The leader hands leadership over: everything through t.zxid is committed (its COMMITs came
     * before this on the same stream) and the successor holds it. We leave and vote for the
     * successor. Only a learner in broadcast takes the hint; one still syncing just leaves.
     */
    private onTakeover;
    /** Asks the leader to hand leadership over to us (the `rqld` word). Followers only. */
    requestLeadership(): boolean;
    forward(request: ForwardedRequest, authinfo: Id[]): void;
    revalidate(sessionId: bigint, timeout: number): void;
    sync(id: bigint): void;
    get appliedZxid(): bigint;
    tick(): void;
}
