/**
 * A minimal pipelined ZooKeeper client for integration tests: one socket, a handshake, then any
 * number of requests in flight. Replies are matched to requests in order
 * (docs/client-protocol.md, "Headers and reply order"); a reply whose xid does not match the
 * head of the queue is recorded as a protocol violation.
 */
import { Socket } from 'node:net';
import { Request, Response, type ConnectResponse, type WatcherEvent } from '../../src/wire/index.js';
export interface Reply {
    xid: number;
    zxid: bigint;
    err: number;
    /** The decoded response record (only when err == 0). */
    response: Response | null;
}
/** Called with the reply, or with null once the connection is gone before the reply arrived. */
export type ReplyCallback = (reply: Reply | null) => void;
export interface ConnectOptions {
    host?: string;
    timeout?: number;
    sessionId?: bigint;
    passwd?: Uint8Array;
    lastZxidSeen?: bigint;
    /** The xid of the first request (default 1); a resuming client continues its numbering. */
    firstXid?: number;
}
export declare class SessionRefusedError extends Error {
    name: string;
}
export declare class PipelinedClient {
    readonly socket: Socket;
    readonly handshake: ConnectResponse;
    private buf;
    private readonly pending;
    private head;
    private nextXid;
    closed: boolean;
    /** Anything that breaks the protocol contract (xid out of order, undecodable reply). */
    readonly violations: string[];
    readonly notifications: WatcherEvent[];
    lastZxid: bigint;
    private closeWaiters;
    private constructor();
    get sessionId(): bigint;
    get passwd(): Uint8Array;
    get outstanding(): number;
    /**
     * Connects and completes the handshake. Rejects with SessionRefusedError when the server
     * answers timeOut 0 (expired or unknown session), with a plain Error when it closes first.
     */
    static connect(port: number, opts?: ConnectOptions): Promise<PipelinedClient>;
    /** Sends one request; `cb` gets its reply, or null if the connection goes first. */
    send(req: Request, cb: ReplyCallback): number;
    /** Promise form of send: resolves with the reply, rejects if the connection closes first. */
    request(req: Request): Promise<Reply>;
    private onData;
    private onFrame;
    private onClose;
    /** Resolves once the socket is closed (by either side). */
    waitClosed(): Promise<void>;
    /** Drops the socket without closeSession: the session lives on until its timeout. */
    drop(): void;
    /** closeSession, then wait for the server to close. */
    closeSession(): Promise<void>;
}
/** Runs `reqs` with a window of `window` in flight; returns replies in order (null = lost). */
export declare function pipelined(c: PipelinedClient, reqs: Request[], window?: number): Promise<(Reply | null)[]>;
