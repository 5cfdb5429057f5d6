/**
 * What every serving role shares: the tree, the session table, client connections with their
 * ordered reply queues, and applying committed txns. How writes become committed txns is the
 * role's business (a standalone sequencer, the Zab leader, a learner forwarding to it), given to
 * the replica as a WritePath.
 */
import type { InputTime, Rng } from '../base/clock.js';
import type { LogLevel } from '../base/log.js';
import type { ConnectRequest, ConnectResponse, Id } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import type { SessionRecord, ZNodeRecord } from '../wire/persist.js';
import { Txn } from '../wire/txn.js';
import type { AppliedBatch } from '../storage/api.js';
import { DataTree } from '../tree/data-tree.js';
import { PendingChanges } from '../pipeline/pending.js';
import { WriteRequest } from '../pipeline/prep.js';
import { Reply } from '../pipeline/final.js';
import { ClientConnection, ConnectionEffect, ConnId, QueuedRequest } from '../pipeline/connections.js';
import { SessionTable } from '../session/sessions.js';
export interface ReplicaOptions {
    serverId: number;
    tickTime: number;
    minSessionTimeout: number;
    maxSessionTimeout: number;
    extendedTypesEnabled: boolean;
    /** ACL schemes with a provider beyond digest and ip (x509, sasl; config/security.ts aclSchemes). */
    aclSchemes?: readonly string[];
    /** `enforceQuota`: fail writes past a hard quota with QUOTAEXCEEDED (docs/quotas.md). Default false. */
    enforceQuota?: boolean;
}
export type ReplicaEffect = ConnectionEffect | {
    kind: 'handshake';
    conn: ConnId;
    response: ConnectResponse;
} | {
    kind: 'store';
    batch: AppliedBatch;
} | {
    kind: 'log';
    level: LogLevel;
    message: string;
};
export interface EffectOut {
    push(e: ReplicaEffect): unknown;
}
/** How the role turns client intentions into committed txns. */
export interface WritePath {
    /** A write from a local client: prepare/forward it; the reply comes when it is applied. */
    submitWrite(c: ClientConnection, xid: number, req: WriteRequest): void;
    /** A new session for a local client: it exists once its createSession txn is applied. */
    createSession(conn: ConnId, sessionId: bigint, passwd: Uint8Array, timeout: number): void;
    /** A resume of an existing session: `done(true)` once the session owner confirms it is alive. */
    /** `done(null)`: no answer (e.g. the leader was lost meanwhile); the client should try again. */
    revalidate(conn: ConnId, sessionId: bigint, timeout: number, done: (valid: boolean | null) => void): void;
    /** sync: `done()` once this server has applied every write committed before the sync arrived. */
    sync(done: () => void): void;
    /** Writes refused (storage failure): the error code to answer with, else null. */
    writeRefusal(): number | null;
}
export declare class Replica {
    readonly opts: ReplicaOptions;
    /** The time of the input being handled (set by the owning core's step). */
    private readonly time;
    private readonly rng;
    private readonly out;
    tree: DataTree;
    readonly sessions: SessionTable;
    pending: PendingChanges;
    readonly connections: Map<number, ClientConnection>;
    /**
     * Local writes waiting for their txn, per session in submission order. A session's txns are
     * applied in the order it sent them, so the first waiting entry with the txn's cxid is the
     * one it answers, even when a client reuses xids or resumes on a new connection meanwhile.
     */
    private readonly waiting;
    private sessionChanges;
    /** Connections whose resume waits for the leader's REVALIDATE answer. */
    private readonly resuming;
    /**
     * Sessions touched by local clients since the last report to the leader. Collected only
     * while there is a leader to report to (`collectTouches`, set by a learner): a leader or a
     * standalone server owns expiry itself and would never empty it.
     */
    readonly touched: Set<bigint>;
    collectTouches: boolean;
    writePath: WritePath | null;
    constructor(opts: ReplicaOptions, 
    /** The time of the input being handled (set by the owning core's step). */
    time: InputTime, rng: Rng, out: EffectOut);
    /** Loads stored state; sessions get a fresh deadline (a restart must not make them immortal). */
    restore(nodes: Iterable<[string, ZNodeRecord]>, sessions: Iterable<[bigint, SessionRecord]>, lastApplied: bigint): void;
    /** Replaces everything (a SNAP from the leader). Client connections survive; watches do not. */
    replaceState(nodes: Iterable<[string, ZNodeRecord]>, sessions: Iterable<[bigint, SessionRecord]>, lastApplied: bigint): void;
    get lastApplied(): bigint;
    /**
     * The quota check prep runs for client creates and setData (PrepContext.quotaExceeded):
     * a limit being crossed is logged (at most once a second per quota), and a hard limit
     * fails the write when quotas are enforced.
     */
    readonly quotaExceeded: (path: string, newLength: number, kind: "create" | "setData") => boolean;
    private readonly quotaLogged;
    log(level: LogLevel, message: string): void;
    connect(conn: ConnId, remoteAddress: string, req: ConnectRequest): void;
    /** Resumes a session this server has applied: checked here, then confirmed alive by the session owner. */
    private resume;
    /** The socket is gone: its watches go with it; the session lives on until it expires. */
    disconnect(conn: ConnId): void;
    dropConnection(conn: ConnId, reason: string): void;
    /** Closes every client (the server stops serving, e.g. going back to LOOKING). */
    dropAllConnections(reason: string): void;
    addAuth(conn: ConnId, id: Id): void;
    request(conn: ConnId, xid: number, req: Request): void;
    /** Answers a queued request now (sync, refusals), keeping the connection's reply order. */
    complete(conn: ConnId, entry: QueuedRequest, reply: Reply): void;
    /** Fails every local write whose txn will never come (storage failure, leader change). */
    failWaiting(err: number): void;
    /**
     * The outcome of these txns is unknown (storage failed while writing them): their clients get
     * no answer, only a closed connection, which they treat as a possibly applied write.
     */
    abandon(txns: readonly Txn[], reason: string): void;
    /** The local request a txn answers, if any (and it leaves the waiting list). */
    private takeWaiting;
    apply(txn: Txn): void;
    private finishHandshake;
    /** The state changes since the last call, for storage. */
    takeAppliedBatch(): AppliedBatch | null;
    emitStore(): void;
}
