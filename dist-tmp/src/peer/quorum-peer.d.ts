/**
 * A quorum member as one pure core: the role machine LOOKING → LEADING / FOLLOWING / OBSERVING
 * → LOOKING (docs/architecture.md, "Roles"), composing the election, the Zab leader or learner, prep and the
 * replica that serves clients. The runtime feeds it datagrams, quorum packets, client requests,
 * durability confirmations and ticks, and carries out its effects.
 */
import type { InputTime, Rng } from '../base/clock.js';
import type { ServerSpec } from '../config/types.js';
import { Election } from '../election/election.js';
import type { Decision, ElectionAlgorithm, ElectionEffect } from '../election/types.js';
import type { ElectionTiming } from '../election/types.js';
import type { LeaderMessage, LearnerMessage, SnapChunk } from '../wire/quorum.js';
import type { SessionRecord, ZNodeRecord } from '../wire/persist.js';
import { Txn } from '../wire/txn.js';
import type { Epochs, LoadedState } from '../storage/api.js';
import { LeaderCore } from '../zab/leader.js';
import { LearnerCore } from '../zab/learner.js';
import type { LinkId, LogReader } from '../zab/types.js';
import { WriteRequest } from '../pipeline/prep.js';
import type { ClientConnection, ConnId } from '../pipeline/connections.js';
import { Replica, ReplicaEffect, ReplicaOptions, WritePath } from './replica.js';
import { PeerInput, Stamped } from './inputs.js';
import type { StepObserver } from './recording.js';
export type Role = 'looking' | 'leading' | 'following' | 'observing';
export interface QuorumPeerOptions extends ReplicaOptions {
    servers: readonly ServerSpec[];
    election: ElectionAlgorithm;
    electionTiming?: Partial<ElectionTiming>;
    initLimit: number;
    syncLimit: number;
    containerCheckIntervalMs: number;
    /** uint32 chosen at process start: tells other servers' elections this is a new process. */
    incarnation: number;
}
export type PeerEffect = ReplicaEffect | {
    kind: 'election';
    effect: ElectionEffect;
} | {
    kind: 'connectLeader';
    leader: number;
} | {
    kind: 'disconnectLeader';
} | {
    kind: 'toLeader';
    packet: LearnerMessage;
} | {
    kind: 'toLearner';
    link: LinkId;
    packet: LeaderMessage;
} | {
    kind: 'closeLearner';
    link: LinkId;
    reason: string;
} | {
    kind: 'persist';
    token: number;
    txns: Txn[];
} | {
    kind: 'persistEpochs';
    token: number;
    epochs: Epochs;
} | {
    kind: 'truncate';
    token: number;
    zxid: bigint;
} | {
    kind: 'replaceState';
    token: number;
    lastApplied: bigint;
    chunks: SnapChunk[];
}
/** Stream this snapshot (the replica's state at `zxid`, captured in effect order) to a learner. */
 | {
    kind: 'snapshot';
    link: LinkId;
    zxid: bigint;
    nodes: [string, ZNodeRecord][];
    sessions: [bigint, SessionRecord][];
}
/** Stream our log entries (from, to] to a learner, behind whatever streams to it already. */
 | {
    kind: 'streamLog';
    link: LinkId;
    from: bigint;
    to: bigint;
} | {
    kind: 'role';
    role: Role;
    leader: number | null;
    epoch: number;
    serving: boolean;
    decision?: Decision;
}
/**
 * Storage failed: this process must stop now (exit), loudly. A server that cannot make its
 * promises durable must not vote, lead or follow; restarting it with a working disk is the way
 * back (docs/replication.md, "Storage failures").
 */
 | {
    kind: 'fatal';
    reason: string;
};
/** What a request for a leadership transfer answers at once (the outcome comes later). */
export type TransferAnswer = {
    ok: true;
    successor: number;
    message: string;
} | {
    ok: false;
    message: string;
};
/**
 * A silent disk stall (docs/chaos.md, F2; docs/replication.md, "Storage failures"): a member
 * whose storage has had a durability write outstanding, and confirmed nothing, for longer than
 * this counts its storage as failed and exits like any member whose storage failed. Otherwise it
 * keeps voting and following with promises it cannot keep until the storage's own 30 s watchdog
 * gives up.
 *
 * The bound is syncLimit × tickTime, ZooKeeper's budget for a follower to keep up (its leader
 * drops a follower whose ACK is later than that, as ours does), but never below
 * MIN_STORAGE_STALL_MS: what is measured is time without *progress* (storage confirms writes in
 * order, and one fsync confirms every write of its batch), so a working disk makes progress at
 * least once per fsync or two, and an fsync of a loaded disk can take a second; 5 s leaves that
 * a margin of 2.5 or more. With ZooKeeper's defaults (tickTime 2000, syncLimit 5) the bound is 10 s.
 */
export declare function storageStallBoundMs(tickTime: number, syncLimit: number): number;
export declare const MIN_STORAGE_STALL_MS = 5000;
/**
 * Installing a snapshot (replaceState) writes the whole tree in one transaction: about 35 µs a
 * record on a loaded 2-core machine, all told (encoding, the puts, the commit and its fsync).
 * While one is outstanding, the bound grows by this much per record it holds, so that a large
 * install is not taken for a stall.
 */
export declare const SNAPSHOT_STALL_ALLOWANCE_US_PER_RECORD = 50;
export declare class QuorumPeer implements WritePath {
    private readonly opts;
    private readonly log;
    readonly replica: Replica;
    readonly election: Election;
    role: Role;
    leader: LeaderCore | null;
    learner: LearnerCore | null;
    private out;
    /** Durable state, as storage has confirmed it. */
    epochs: Epochs;
    lastLogged: bigint;
    /**
     * What we have asked storage to write, confirmed or not. Storage carries out writes in order,
     * so a new Zab core starts from this, not from the confirmed state: a write of the previous
     * role may still be on its way to disk, and whatever the new core promises is written (and
     * confirmed) after it. Starting from the confirmed state let a late epochs write be followed
     * by a lower currentEpoch, and gave a learner (or leader) a log end shorter than its log.
     */
    private written;
    private generation;
    private nextToken;
    private readonly tokens;
    private serving;
    private readonly revalidations;
    /**
     * Leading: which server holds each session's client connection (ZooKeeper's session owner).
     * A write for the session from any other server is refused with SESSIONMOVED, so a request
     * left behind on a connection the client abandoned cannot run after the requests it sends
     * from its new server (per-session FIFO, docs/zookeeper-bugs.md item 29).
     */
    private readonly owners;
    private nextSyncId;
    private readonly syncWaiters;
    private readonly readyAt;
    private lastReapMs;
    private readonly zabTiming;
    private readonly observer;
    private currentLeader;
    private establishedEpoch;
    /** Set once storage failed: the peer takes no further part (see the 'fatal' effect). */
    private failure;
    /** The oldest outstanding durability token at the last tick, and since when it is the oldest. */
    private readonly storageWatch;
    /**
     * Leading, while a leadership transfer pauses proposals: the writes that arrived meanwhile, in
     * order. They are proposed if the transfer aborts; after a handover they go with the
     * connections, as at any leader change (their clients never got an answer).
     */
    private readonly held;
    /** The time of the input being handled: only `step` moves it. */
    private readonly time;
    /** Set while the run is recorded (`--record`): told of every input and drain. */
    recorder: StepObserver | null;
    /** `start`: when the peer was built (the session table's id seed, the first reap). */
    constructor(opts: QuorumPeerOptions, rng: Rng, log: LogReader, loaded: LoadedState, start: InputTime);
    get isServing(): boolean;
    get currentLeaderId(): number | null;
    get epoch(): number;
    /**
     * Handles one input, at the time it carries; its effects are collected by `drain`. An
     * operator's leadership request is answered at once (the outcome comes later, as effects).
     */
    step(input: Stamped<PeerInput>): TransferAnswer | undefined;
    /** Starts the first election. */
    private start;
    /** Why this server stopped taking part (storage failed), or null. */
    get failed(): string | null;
    /** The effects produced since the last call; reading them out changes nothing. */
    drain(): PeerEffect[];
    private logMsg;
    private setRole;
    private lookForLeader;
    private electionDatagram;
    private electionEffects;
    private onDecided;
    /**
     * At the end of the turn (the `flush` input): carries the active Zab core's effects into ours,
     * re-numbering durability tokens, until the cores are quiet. The leader batches the turn's
     * proposals into one persist when drained, so this waits for the turn's end. Handling an
     * effect can feed a core again (a forwarded request becomes a proposal, a revalidation an
     * answer), and what it produces must leave with this turn, not with the next input (a tick
     * later: issue 11, every write through a follower waited for it).
     */
    private pumpZab;
    private globalToken;
    /** Effects both Zab cores produce (sends are role-specific: they name a link or the leader). */
    private commonEffect;
    private leaderEffect;
    private learnerEffect;
    private onEstablished;
    private persisted;
    /**
     * A storage write failed (any of them: a durable write with a token, or the applied state
     * with none). Nothing we promise can be made durable any more, and the storage refuses every
     * later write: leave the ensemble for good, which the runtime does by exiting the process.
     * Staying would be worse: a poisoned server still votes with its best zxid, wins, fails to
     * write its epoch, steps down and wins again, keeping the ensemble without a leader.
     */
    private persistFailed;
    /**
     * A durability write that storage neither confirms nor fails is a silent disk stall: once the
     * oldest outstanding token has been the oldest for longer than the bound (storageStallBoundMs,
     * plus an allowance while a snapshot install is outstanding), fail as persistFailed does.
     */
    private checkStorageProgress;
    /** Log entries above this zxid must stay in our log (a learner's sync stream needs them). */
    purgeFloor(): bigint | null;
    private learnerLinkUp;
    private learnerLinkDown;
    private fromLearner;
    private leaderLinkUp;
    private leaderLinkDown;
    private fromLeader;
    private connect;
    private request;
    private takeTouches;
    submitWrite(c: ClientConnection, xid: number, req: WriteRequest): void;
    createSession(_conn: ConnId, sessionId: bigint, passwd: Uint8Array, timeout: number): void;
    revalidate(_conn: ConnId, sessionId: bigint, timeout: number, done: (valid: boolean | null) => void): void;
    /**
     * The leader's answer to "is this session alive?": yes renews it with the new timeout, and
     * makes the asking server the session's owner.
     */
    private revalidateHere;
    /** Whether `sid` holds the session (a session nobody claimed yet, e.g. after a leader change, becomes its). */
    private ownedBy;
    /** The leader confirmed a sync at `zxid`: answer once this server has applied that far. */
    private syncAnswered;
    sync(done: () => void): void;
    writeRefusal(): number | null;
    private whenApplied;
    private releaseReady;
    private failSyncs;
    /** A write forwarded by a learner: prepared here with the client's auth ids. */
    private onForwarded;
    /** Whether a leadership transfer holds this write back (it is queued, to run later). */
    private holdForTransfer;
    private proposeRequest;
    private proposeBody;
    private zxidExhausted;
    /**
     * Hands leadership to `successor` (null: the most caught-up follower), see LeaderCore's
     * startTransfer. Answers at once whether the transfer started; it then completes (the
     * successor leads) or aborts (we keep leading) within syncLimit ticks.
     */
    private transferLeadership;
    /** Asks our leader to hand leadership over to this server (a following participant only). */
    private requestLeadership;
    private tick;
}
