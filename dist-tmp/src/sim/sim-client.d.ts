import type { Rng } from '../base/clock.js';
import type { ConnId } from '../pipeline/connections.js';
import type { ConnectRequest } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import type { Sid } from './network.js';
import type { ClientEffect } from './peer-node.js';
import type { World } from './world.js';
/** 'raw': scripted requests sent pipelined on one connection (sessions, ephemerals); not in the register model. */
export type OpKind = 'create' | 'set' | 'delete' | 'get' | 'syncGet' | 'raw';
export declare const WRITE_KINDS: ReadonlySet<OpKind>;
export interface HistoryOp {
    id: number;
    client: number;
    kind: OpKind;
    key: string;
    /** The value written (create, set). */
    value: string | null;
    /** Session and xid of the request that decides the outcome (for syncGet: the getData). */
    session: bigint;
    xid: number;
    server: Sid;
    /** History clock at invocation; -1 while queued and not yet sent. */
    invoke: number;
    invokeMs: number;
    complete: number | null;
    completeMs: number | null;
    outcome: 'pending' | 'ok' | 'fail' | 'info';
    err: number;
    /** The zxid of the reply header: the txn of a write; the server's applied zxid for a read. */
    replyZxid: bigint | null;
    /** What a read returned: the value, or null for NONODE. */
    read?: string | null;
    /** 'raw': the requests, and their replies as they come. */
    reqs?: Request[];
    replies?: {
        xid: number;
        err: number;
        zxid: bigint;
        response?: unknown;
    }[];
}
export interface OpSpec {
    kind: OpKind;
    key: string;
    value?: string;
    reqs?: Request[];
}
export declare class History {
    readonly ops: HistoryOp[];
    private clock;
    next(): number;
}
export type ClientMessage = {
    kind: 'connect';
    req: ConnectRequest;
} | {
    kind: 'request';
    xid: number;
    req: Request;
} | {
    kind: 'disconnect';
};
export interface ClientHost {
    readonly world: World;
    readonly history: History;
    servers(): Sid[];
    newConnId(): ConnId;
    /** Sends to the server over the connection (FIFO, after a delay). */
    toServer(client: SimClient, server: Sid, conn: ConnId, m: ClientMessage): void;
    note(line: string): void;
}
export interface ClientOptions {
    id: number;
    keys: number;
    sessionTimeoutMs: number;
    /** No reply for this long: the client gives up on the connection (ZooKeeper: 2/3 of the session timeout). */
    opTimeoutMs: number;
    connectTimeoutMs: number;
    thinkMinMs: number;
    thinkMaxMs: number;
    /** Generate random operations while active; otherwise only run submitted ones. */
    auto: boolean;
    /** Always connect to this server (scripted clients). */
    pinned?: Sid;
}
export declare class SimClient {
    readonly opts: ClientOptions;
    private readonly host;
    private readonly rng;
    state: 'idle' | 'connecting' | 'connected' | 'stopped';
    conn: ConnId | null;
    server: Sid | null;
    session: {
        id: bigint;
        passwd: Uint8Array;
    } | null;
    lastZxid: bigint;
    /** Generating random operations (auto clients). */
    active: boolean;
    pinned: Sid | undefined;
    sessionsStarted: number;
    expiredSessions: number;
    private nextXid;
    private nextValue;
    private current;
    private readonly queued;
    private timerSeq;
    private thinkPending;
    private lastServer;
    constructor(opts: ClientOptions, host: ClientHost, rng: Rng);
    get id(): number;
    get connected(): boolean;
    get busy(): boolean;
    start(delayMs?: number): void;
    /** The client process dies: its socket closes, it never comes back (its session may expire). */
    halt(): void;
    /** Stop generating operations (what is outstanding may still complete). */
    stopGenerating(): void;
    /** Queues an operation; it is sent once connected and earlier ones are done. */
    submit(spec: OpSpec): HistoryOp;
    private connectSoon;
    private connect;
    /** We give up on the connection: tell the server, then reconnect elsewhere. */
    private abandon;
    /** The connection is gone: the outstanding operation's fate is unknown. */
    private lost;
    /** Server effects for one of our connections. */
    receive(conn: ConnId, e: ClientEffect): void;
    /** The server's process died: its sockets reset. */
    reset(conn: ConnId): void;
    private onHandshake;
    private next;
    private randomSpec;
    private newOp;
    private issue;
    private onReply;
    private finish;
}
