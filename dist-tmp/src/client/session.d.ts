import type { Request, Response, WatcherEvent } from '../wire/index.js';
import { type ClientTlsOptions } from './connection.js';
import { type SaslCredentials } from './sasl.js';
import { type HostPort } from './paths.js';
import type { RetryPolicy } from './retry.js';
import type { ClientState, Logger } from './types.js';
import type { WatchPaths } from './watches.js';
/** Java's SET_WATCHES_MAX_LENGTH: path text per setWatches batch. */
export declare const SET_WATCHES_MAX_LENGTH: number;
export declare const MAX_PING_INTERVAL = 10000;
export interface Reply {
    /** 0 or a ZooKeeper error code (CONNECTIONLOSS etc. are produced locally). */
    err: number;
    zxid: bigint;
    response?: Response;
    /** Why a local error happened, for the error message. */
    detail?: string;
}
export type StateChangeKind = 'connected' | 'reconnected' | 'disconnected' | 'expired' | 'authFailed' | 'closed';
export interface SessionListener {
    stateChanged(kind: StateChangeKind, detail: string): void;
    /** A watch notification; its path is a server path. */
    notification(event: WatcherEvent): void;
    /** Server paths of the watches to re-arm after a reconnect. */
    watchPaths(): WatchPaths;
}
export interface SessionOptions {
    hosts: HostPort[];
    sessionTimeout: number;
    /** Per attempt: TCP connect + handshake. */
    connectTimeout: number;
    /** How long a request submitted while disconnected waits for a connection. */
    queueTimeout: number;
    retry: RetryPolicy;
    logger: Logger;
    shuffle: boolean;
    sessionId?: bigint;
    sessionPassword?: Uint8Array;
    /** TLS to the servers' secure client ports. */
    tls?: ClientTlsOptions;
    /** SASL (DIGEST-MD5) login after each handshake, before any other request. */
    sasl?: SaslCredentials;
    /** After an expiry, start over with a new session instead of staying EXPIRED. */
    newSessionOnExpiry?: boolean;
}
export declare class Session {
    private readonly options;
    private readonly listener;
    private readonly hosts;
    private hostIndex;
    private _state;
    private conn;
    private handshakeDone;
    private handshakeTimer;
    private reconnectTimer;
    private pingTimer;
    private attempt;
    private everConnected;
    private _sessionId;
    private _password;
    private _negotiatedTimeout;
    private _lastZxid;
    private xid;
    /** Sent, awaiting a reply, in send order. */
    private readonly pending;
    /** Not yet sent (submitted while not connected). */
    private outgoing;
    private readonly credentials;
    /** Credentials sent on the current connection, awaiting their −4 reply (in order). */
    private authInFlight;
    private closeWaiters;
    private closing;
    /** A SASL login runs on the current connection: nothing else is sent until it completes. */
    private saslInProgress;
    constructor(options: SessionOptions, listener: SessionListener);
    get state(): ClientState;
    get sessionId(): bigint;
    get sessionPassword(): Uint8Array;
    get negotiatedTimeout(): number;
    get lastZxid(): bigint;
    get currentServer(): HostPort | null;
    private get terminal();
    start(): void;
    /**
     * Queues a request. `onReply` is called exactly once, synchronously while the reply frame
     * is processed (so that watch registration happens before the next frame is read).
     */
    submit(request: Request, onReply: (reply: Reply) => void): void;
    /** Adds a credential (re-sent after every reconnect); `onReply` fires on its −4 reply. */
    addAuth(scheme: string, auth: Uint8Array, onReply: (reply: Reply) => void): void;
    /**
     * Ends the session: closeSession, wait for its reply (bounded), drop the socket. Without a
     * connection the session is simply abandoned (the server expires it).
     */
    close(): Promise<void>;
    private finishClose;
    private scheduleConnect;
    private tryConnect;
    private onConnectResponse;
    /**
     * ZooKeeper's SASL exchange (opcode sasl), as the Java client runs it: tokens go back and
     * forth before any other request; the session counts as connected once it succeeds.
     */
    private saslLogin;
    private saslFailed;
    /** The session is usable: credentials, watches, then queued requests, in that order (as Java). */
    private loggedIn;
    /** Asked for by the application (newSessionOnExpiry): a fresh session, announced as 'connected'. */
    private startNewSession;
    private onConnectionClosed;
    private onFrame;
    private onAuthReply;
    private nextXid;
    private sendPacket;
    private sendAuth;
    /**
     * Re-arms every watch the application holds, in batches of about 128 KiB of path text;
     * op 105 only for a batch that carries persistent watches, so that servers older than
     * 3.6 keep working for applications that do not use them.
     */
    private sendSetWatches;
    /** Java's read timeout: a server silent this long is considered gone. */
    private readTimeout;
    /**
     * One timer, re-armed for whichever comes first: the next ping (a third of the session
     * timeout after the last write) or the silence deadline (two thirds after the last read).
     */
    private armPingTimer;
    private giveUp;
    private terminalError;
    private failAll;
    private failQueue;
    private finish;
    private stopConnectionTimers;
    private clearTimer;
    private log;
}
