/**
 * The API surface: a promise per ZooKeeper operation, typed results and errors, watches,
 * chroot. Everything about sockets, xids, pings and reconnection lives in session.ts; this
 * file turns client paths into server paths and back, wire records into public types,
 * error codes into error classes, and keeps the watch registry in step with the server
 * (registration happens in the reply handler, synchronously, before the next frame).
 */
import { EventEmitter } from 'node:events';
import type { ACL, ClientInfo, Stat } from '../wire/index.js';
import { type BackoffOptions, type RetryPolicy } from './retry.js';
import { type AddWatchModeName, type ClientState, type DataInput, type Logger, type WatchedEvent, type Watcher, type WatcherTypeName } from './types.js';
import type { ClientTlsOptions } from './connection.js';
import type { SaslCredentials } from './sasl.js';
import { Transaction, type CreateOptions, type MultiOp, type OpResult, type ReadOp, type ReadResult } from './ops.js';
import { WatchStream, type WatchStreamOptions } from './watch-stream.js';
export interface ClientOptions {
    /** Requested session timeout in ms (the server clamps it). Default 30000. */
    sessionTimeout?: number;
    /** Per connection attempt (TCP connect + handshake). Default sessionTimeout / number of hosts, at least 1000. */
    connectTimeout?: number;
    /**
     * How long a request made while disconnected waits for a (re)connection before failing
     * with ConnectionLossError; also the default bound of connected(). Default sessionTimeout.
     */
    queueTimeout?: number;
    /** Back-off between connection attempts: a RetryPolicy or exponentialBackoff() options. */
    retry?: RetryPolicy | BackoffOptions;
    /** Receives debug/info/warn/error lines. Default: silent. */
    logger?: Logger;
    /**
     * The default watcher: receives connection-state events (type None) and the events of
     * watches set with `watch = true`. Also available as the client's 'event' event.
     */
    watcher?: Watcher;
    /** Resume an existing session (e.g. handed over from another process). */
    sessionId?: bigint;
    sessionPassword?: Uint8Array;
    /** Credentials to present on every connection, before any request. */
    authInfo?: Array<{
        scheme: string;
        auth: string | Uint8Array;
    }>;
    /** Shuffle the host list (default true), so that clients spread over the ensemble. */
    shuffleHosts?: boolean;
    /**
     * TLS (the servers' secureClientPort): `true` for the system CAs, or the CA, client
     * certificate and checks to use. loadClientConfig() reads ZooKeeper's client properties.
     */
    tls?: ClientTlsOptions | boolean;
    /** SASL DIGEST-MD5 login (a JAAS Client section's username and password). */
    sasl?: SaslCredentials;
    /**
     * After the server declares the session expired, start a new session (a new session id,
     * no ephemerals, no watches) instead of staying dead: what Curator does. The 'expired'
     * event still fires first, then 'connected' with the new session. Default false.
     */
    newSessionOnExpiry?: boolean;
}
export interface ConnectionInfo {
    sessionId: bigint;
    /** host:port of the server the client is attached to. */
    server: string;
}
export interface ClientEvents {
    /** Every change of `client.state`. */
    state: [state: ClientState];
    /** The session was established for the first time. */
    connected: [info: ConnectionInfo];
    /** The session was resumed after a disconnection (possibly on another server). */
    reconnected: [info: ConnectionInfo];
    /** The connection was lost; the client is trying to resume the session. */
    disconnected: [reason: string];
    /** The server declared the session expired: ephemerals are gone, the client is dead. */
    expired: [];
    /** A credential was rejected: the client is dead. */
    authFailed: [];
    /** close() completed, or the retry policy gave up. */
    closed: [reason: string];
    /** Every event delivered to the default watcher. */
    event: [event: WatchedEvent];
}
/** A watch argument: a callback, `true` for the default watcher, or nothing. */
export type WatchArg = Watcher | boolean | undefined;
export declare class ZooKeeperClient extends EventEmitter<ClientEvents> {
    readonly chroot: string | null;
    private readonly root;
    private readonly session;
    private readonly watches;
    private readonly logger;
    private readonly queueTimeout;
    /** One stable function, so that a path watched with `true` twice gets one event. */
    readonly defaultWatcher: Watcher;
    /** Whether an expired session is followed by a new one (ClientOptions.newSessionOnExpiry). */
    readonly newSessionOnExpiry: boolean;
    constructor(connectString: string, options?: ClientOptions);
    get state(): ClientState;
    /** 0n until the first connection. */
    get sessionId(): bigint;
    get sessionPassword(): Uint8Array;
    /** The negotiated session timeout (0 until connected). */
    get sessionTimeout(): number;
    get lastZxid(): bigint;
    /** "host:port" of the current server, or null while disconnected. */
    get currentServer(): string | null;
    /**
     * Resolves once the client is connected (at once if it already is). Rejects if the
     * session expires, authentication fails or the client is closed first, or after
     * `timeoutMs` (default: the queue timeout) with ConnectionLossError.
     */
    connected(timeoutMs?: number): Promise<void>;
    /** Closes the session (its ephemerals go at once) and the connection. */
    close(): Promise<void>;
    private terminalError;
    /** Creates a node; resolves with its actual path (with the sequence suffix, if any). */
    create(path: string, data?: DataInput, options?: CreateOptions): Promise<string>;
    /** create2: creates a node and returns its Stat as well. */
    create2(path: string, data?: DataInput, options?: CreateOptions): Promise<{
        path: string;
        stat: Stat;
    }>;
    /** A container node: deleted by the server once its last child is gone. */
    createContainer(path: string, data?: DataInput, options?: Omit<CreateOptions, 'mode' | 'ttl'>): Promise<{
        path: string;
        stat: Stat;
    }>;
    /** A node with a time to live: deleted when childless and unmodified for `ttl` ms. */
    createTTL(path: string, data: DataInput, ttl: number | bigint, options?: {
        acl?: ACL[];
        sequential?: boolean;
    }): Promise<{
        path: string;
        stat: Stat;
    }>;
    /** Deletes a node; `version` -1 (default) matches any version. */
    delete(path: string, version?: number): Promise<void>;
    /** Replaces a node's data; resolves with the new Stat. */
    setData(path: string, data: DataInput, version?: number): Promise<Stat>;
    setACL(path: string, acl: ACL[], version?: number): Promise<Stat>;
    /**
     * The node's Stat, or null if it does not exist. A watch is set either way: on an
     * existing node it fires on change or deletion, on a missing one when it is created.
     */
    exists(path: string, watch?: WatchArg): Promise<Stat | null>;
    getData(path: string, watch?: WatchArg): Promise<{
        data: Buffer | null;
        stat: Stat;
    }>;
    /** Child names (unsorted, as the server returns them). */
    getChildren(path: string, watch?: WatchArg): Promise<string[]>;
    /** getChildren2: child names and the node's Stat. */
    getChildren2(path: string, watch?: WatchArg): Promise<{
        children: string[];
        stat: Stat;
    }>;
    getACL(path: string): Promise<{
        acl: ACL[];
        stat: Stat;
    }>;
    /** The number of all descendants of `path` (not only its children). */
    getAllChildrenNumber(path: string): Promise<number>;
    /** This session's ephemeral nodes whose path starts with `prefix` (a string prefix). */
    getEphemerals(prefix?: string): Promise<string[]>;
    /** Waits until the server this client talks to has caught up with the leader. */
    sync(path?: string): Promise<string>;
    /** The identities of this connection, e.g. [{authScheme:'ip', user:'127.0.0.1'}]. */
    whoAmI(): Promise<ClientInfo[]>;
    /** Adds a credential to the connection (kept and re-sent after every reconnect). */
    addAuth(scheme: string, auth: string | Uint8Array): Promise<void>;
    /**
     * Runs create/delete/setData/check ops atomically. On failure it rejects with the typed
     * error of the failing op; `error.results` holds every op's outcome and
     * `error.failedOpIndex` the failing op.
     */
    multi(ops: MultiOp[]): Promise<OpResult[]>;
    /** A builder for multi(): `client.transaction().create(...).check(...).commit()`. */
    transaction(): Transaction;
    /** Several reads in one round trip; each op succeeds or fails on its own. */
    multiRead(ops: ReadOp[]): Promise<ReadResult[]>;
    /**
     * The ensemble's configuration (the data of /zookeeper/config, read outside any chroot),
     * as zkCli's `config` prints it.
     */
    getConfig(watch?: WatchArg): Promise<{
        data: Buffer | null;
        stat: Stat;
    }>;
    /**
     * Dynamic reconfiguration (incremental `joining`/`leaving`, or `members` for a new list);
     * `fromConfig` is the expected current config version (-1: any). Servers with
     * reconfiguration disabled answer ReconfigDisabledError.
     */
    reconfig(change: {
        joining?: string | null;
        leaving?: string | null;
        members?: string | null;
    }, fromConfig?: bigint): Promise<{
        data: Buffer | null;
        stat: Stat;
    }>;
    /**
     * A persistent watch as an async iterator of events; `recursive` covers every descendant.
     * The loop ends (without an error) on abort, on `break`, or when the session ends.
     *
     *   for await (const event of zk.watch('/app', { recursive: true, signal })) { ... }
     */
    watch(path: string, options?: WatchStreamOptions): WatchStream;
    /**
     * A persistent watch (PERSISTENT: data and child events of `path`, not consumed) or a
     * persistent recursive one (PERSISTENT_RECURSIVE, the default: created/deleted/changed
     * events of `path` and every descendant). Stays until removed or the session ends.
     */
    addWatch(path: string, watcher: Watcher | true, mode?: AddWatchModeName): Promise<void>;
    /**
     * Removes one watcher of `type` from `path`. The removed watcher receives a
     * DataWatchRemoved / ChildWatchRemoved / PersistentWatchRemoved event. With `local`, the
     * watcher is removed even when the server cannot be reached.
     */
    removeWatches(path: string, watcher: Watcher | true, type?: WatcherTypeName, local?: boolean): Promise<void>;
    /** Removes every watcher of `type` from `path` (zkCli's `removewatches`). */
    removeAllWatches(path: string, type?: WatcherTypeName, local?: boolean): Promise<void>;
    /** Does the server hold a watch of `type` on `path` for this connection? */
    checkWatches(path: string, type?: WatcherTypeName): Promise<boolean>;
    private removeWatchesImpl;
    /** How many other watch kinds (outside the tables `type` addresses) remain on `path`. */
    private remainingKindsAfter;
    private connectionStateName;
    private watcherOf;
    /**
     * Submits a request. `register` runs synchronously when the reply is processed (before the
     * next frame), `asNull` turns selected error codes into an `undefined` result.
     */
    private call;
    private createRequest;
    private multiRequest;
    private mapMultiResult;
    private serverWatchPaths;
    private onNotification;
    private onStateChanged;
    /**
     * emit() that cannot throw into the transport: a failing application listener must not
     * look like a protocol error and cost the connection.
     */
    private fire;
    /**
     * Connection states go to the default watcher. A terminal state also goes, once, to every
     * watcher still registered (none of them will ever fire now), and empties the registry.
     */
    private stateEvent;
    private safeCall;
    private log;
}
/**
 * Creates a client and starts connecting. `connectString` is "host:port,host:port/chroot".
 * `await client.connected()` to wait for the session.
 */
export declare function createClient(connectString: string, options?: ClientOptions): ZooKeeperClient;
