/**
 * One client socket: framing, the four-letter-word check, the handshake, request decoding and
 * reply encoding (docs/client-protocol.md, "Framing" to "Headers and reply order"). Bad input
 * costs only this connection: it is answered as ZooKeeper answers it, or closed, and never
 * reaches the core half-decoded.
 *
 * What a connection may hold is bounded (docs/operations.md, "Client connections"): it decodes
 * at most READS_PER_TURN reads before their replies are written; it stops reading (and
 * decoding what it already has) while its unsent output is above the high-water mark, while the
 * server is throttled (globalOutstandingLimit) and it has a request in process, and while its
 * session is being settled; and a client that does not read its replies and events is cut off
 * once they pass maxClientUnsentBytes.
 */
import type { Socket } from 'node:net';
import { ConnectResponse } from '../wire/records.js';
import type { ConnId, ConnectionEffect } from '../pipeline/connections.js';
import type { ClientCoreAccess, ServerHooks } from './types.js';
import type { Logger } from '../base/log.js';
import { ConnectionAuth } from './connection-auth.js';
/**
 * Reads (requests whose reply can be far larger than the request) decoded per event-loop turn.
 * Their replies are written when the turn ends, so this bounds how far one socket read runs
 * ahead of the output check: a 64 KiB read of pipelined getData on a 1 MB node would otherwise
 * produce some 3,000 replies at once. Other requests are answered with a few dozen bytes (a
 * path, a stat) and are not counted, so that pipelined writes still share one flush.
 */
export declare const READS_PER_TURN = 16;
export interface ConnectionStats {
    received: number;
    sent: number;
    lastOp: string;
    lastCxid: number;
    lastZxid: bigint;
    lastResponseTime: number;
    lastLatency: number;
    minLatency: number;
    maxLatency: number;
    totalLatency: number;
    latencyCount: number;
}
export declare function freshStats(): ConnectionStats;
export declare class ClientConnection {
    readonly id: ConnId;
    private readonly socket;
    private readonly core;
    private readonly hooks;
    private readonly log;
    /** What this client proved (TLS certificate, SASL, auth packets); see connection-auth.ts. */
    private readonly auth;
    private state;
    private buffer;
    /** Arrival times of requests still waiting for their reply, for latency stats. */
    private readonly arrivals;
    /** Their opcodes, for the per-operation metrics. */
    private readonly arrivalOps;
    private arrivalHead;
    readonly established: number;
    sessionId: bigint | null;
    timeout: number;
    stats: ConnectionStats;
    private handshakeTimer;
    /** Unsent output is above the high-water mark: read nothing until it drains. */
    private outputBlocked;
    /** The server is over globalOutstandingLimit and this connection has requests in process. */
    private throttled;
    private decodeScheduled;
    private readonly highWater;
    /** The most unsent bytes this connection has held (for tests and diagnostics). */
    peakUnsentBytes: number;
    /** Writes of this turn are being gathered (see write()). */
    private corked;
    constructor(id: ConnId, socket: Socket, core: ClientCoreAccess, hooks: ServerHooks, log: Logger, 
    /** What this client proved (TLS certificate, SASL, auth packets); see connection-auth.ts. */
    auth?: ConnectionAuth);
    get remote(): string;
    get remotePort(): number;
    get rawRemoteAddress(): string;
    /** NIO-style interest ops for `cons`: 1 while reading, 0 while reading is suspended. */
    get interestOps(): number;
    get remoteAddress(): string;
    get queued(): number;
    get isOpen(): boolean;
    /** Bytes written to the socket and not yet taken by the kernel. */
    get unsentBytes(): number;
    /** Whether frames are read and decoded now (see the file comment for what stops it). */
    private get reading();
    /** Pauses or resumes the socket to match `reading`; resuming also decodes what is buffered. */
    private updateReading;
    /** Decodes the buffered frames in a later turn, after the replies of this one are written. */
    private scheduleDecode;
    private onData;
    private decode;
    private processBuffer;
    private fourLetterWord;
    private onConnectRequest;
    /** Decodes and submits one request; true if its reply may be large (see READS_PER_TURN). */
    private onRequest;
    private onAuth;
    /**
     * One step of a SASL exchange (connection-auth.ts); answered at once, zxid 0, like auth. Without
     * SASL configured, as ZooKeeper without a SASL server: OK with no token.
     */
    private onSasl;
    /** enforce.auth: no request before one of the required schemes is proved (as ZooKeeper 3.6+). */
    private refuseUnauthenticated;
    private refuse;
    /** Effects from the core addressed to this connection. */
    deliver(effect: ConnectionEffect | {
        kind: 'handshake';
        response: ConnectResponse;
    }): void;
    private recordLatency;
    private sendReply;
    private write;
    private session;
    /** `abort`: drop what is unsent at once (a client that does not read would never take it). */
    close(reason: string, abort?: boolean): void;
    private onClosed;
}
