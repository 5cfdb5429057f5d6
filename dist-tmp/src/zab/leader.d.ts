/**
 * The Zab leader as a pure core (docs/replication.md): discovery (a new epoch agreed with a
 * quorum), synchronization (DIFF / TRUNC / SNAP per learner, then everything after the sync
 * point forwarded on the same link, NEWLEADER, UPTODATE), broadcast (PROPOSAL, ACK after the
 * follower's flush, COMMIT in zxid order at a quorum) and liveness (PING every tickTime/2;
 * silent learners, and learners not synced within initLimit, are dropped; without a live quorum
 * the leader steps down). The peer prepares txns and applies commits; this core only orders and
 * replicates them.
 */
import type { InputTime } from '../base/clock.js';
import type { Epochs } from '../storage/api.js';
import { LearnerMessage } from '../wire/quorum.js';
import type { Txn } from '../wire/txn.js';
import { LeaderEffect, LinkId, LogReader, Sid, ZabTiming } from './types.js';
export interface LeaderParams {
    myid: Sid;
    voters: readonly Sid[];
    observers: readonly Sid[];
    epochs: Epochs;
    /** Highest zxid in our log: all of it becomes committed in the new epoch. */
    lastLogged: bigint;
    /** What the peer's replica has applied; it stays there until the epoch is established. */
    lastApplied: bigint;
    timing: ZabTiming;
}
/** What startTransfer answers: the successor chosen, or why there is none. */
export type TransferStart = {
    ok: true;
    successor: Sid;
} | {
    ok: false;
    error: string;
};
export declare class LeaderCore {
    private readonly params;
    /** The time of the input being handled (set by the peer's step). */
    private readonly time;
    private readonly log;
    private phase;
    private out;
    private readonly quorum;
    private readonly learners;
    private epochs;
    private newEpoch;
    private epochDecided;
    private epochPersisted;
    private currentEpochPersisted;
    private readonly infos;
    private readonly ackedEpoch;
    private readonly ackedNewLeader;
    private lastLogged;
    /** Proposals not yet both committed and in our own log, in zxid order. */
    private readonly inflight;
    private readonly byZxid;
    private lastProposed;
    private lastCommitted;
    private lastPersisted;
    private unsent;
    private nextToken;
    private readonly persistTokens;
    private readonly phaseStartMs;
    private lastPingMs;
    private pingRound;
    private readonly pendingSyncs;
    private transfer;
    constructor(params: LeaderParams, 
    /** The time of the input being handled (set by the peer's step). */
    time: InputTime, log: LogReader);
    get established(): boolean;
    get epoch(): number;
    get committedZxid(): bigint;
    /** The successor of the leadership transfer in progress (no proposals meanwhile), or null. */
    get transferringTo(): Sid | null;
    /** Followers (not observers) in sync with us, for mntr's zk_synced_followers. */
    syncedFollowers(): Sid[];
    /** The server behind a learner link, once it introduced itself. */
    sidOf(link: LinkId): Sid | undefined;
    /** Each learner; `unacked`: proposals sent to it and not yet acknowledged (its lag in zxids). */
    learnerSids(): {
        sid: Sid;
        observer: boolean;
        phase: string;
        unacked: number;
    }[];
    drain(): LeaderEffect[];
    private info;
    private send;
    private stepDown;
    linkUp(link: LinkId): void;
    linkDown(link: LinkId): void;
    private drop;
    /**
     * A message from a learner, decoded where it came off the link (a frame that does not decode
     * drops the link there and never reaches us). A message out of order drops the learner
     * (`drop`); nothing is caught here, so an error escaping a handler is a bug and stops the
     * server (docs/architecture.md, "Invariants").
     */
    receive(link: LinkId, m: LearnerMessage): void;
    private handle;
    private onLearnerInfo;
    private maybeDecideEpoch;
    private persistEpochs;
    private sendLeaderInfo;
    private onAckEpoch;
    private hasInHistory;
    /**
     * The zxid the peer's replica holds at this point of our effects: its loaded state until the
     * epoch is established, then exactly what we have committed (it applies commits in order).
     */
    private appliedZxid;
    private syncLearner;
    /**
     * From here on the learner gets everything after `from`, in order, on its link: our log
     * entries (from, lastPersisted] (streamed a piece at a time, and kept from purging until it is
     * synced), the proposals not yet in our log, NEWLEADER, then the live PROPOSALs and COMMITs.
     * With a SNAP, `from` is the snapshot's own zxid, so nothing committed between the snapshot
     * and the live stream is missed (ZooKeeper's startForwarding; docs/replication.md).
     */
    private startForwarding;
    /**
     * Log entries above this zxid must stay: a learner's sync stream still needs them. Null when
     * no learner is syncing. The runtime's log purge never goes past it.
     */
    purgeFloor(): bigint | null;
    private onAck;
    private maybeEstablish;
    /**
     * The zxid the next proposal gets, or null when this epoch's counter is exhausted (then the
     * peer steps down: ZooKeeper's rollover rule, a fresh epoch through a new election).
     */
    nextZxid(): bigint | null;
    /** Replicates a prepared txn (its zxid from nextZxid()). */
    propose(txn: Txn): void;
    /** Storage flushed something we asked for. */
    persisted(token: number): void;
    private tryCommit;
    /**
     * Starts handing leadership to `successor` (null: the most caught-up synced follower). From
     * here no proposal is made (the peer holds new writes back); once the successor has
     * acknowledged every proposal and all are committed, every synced learner gets TAKEOVER and we
     * step down naming the successor, whose election then starts with everyone's vote. If that
     * does not happen within syncLimit ticks, or the successor leaves, the transfer is aborted and
     * proposals resume. Refused (with the reason) unless we lead an established epoch, no transfer
     * is running, and the successor is a synced follower.
     */
    startTransfer(successor: Sid | null): TransferStart;
    /** The successor holds every proposal and all are committed: hand over and step down. */
    private checkTransfer;
    private abortTransfer;
    /**
     * sync confirmed by a quorum: answered once a quorum has answered a ping sent after the sync
     * arrived, so a deposed leader cannot confirm it (stronger than ZooKeeper's sync).
     */
    requestSync(id: bigint, link?: LinkId | null): void;
    private checkSyncs;
    revalidateAnswer(link: LinkId, sessionId: bigint, valid: boolean): void;
    private ping;
    tick(): void;
    stop(reason?: string): void;
}
