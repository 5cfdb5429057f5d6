/**
 * The client ports: takes the connections its listeners accept (plain and TLS, see
 * net/client-listeners.ts), enforces maxClientCnxns per address, routes the core's effects to
 * the right connection, and keeps the counters the four-letter words report.
 */
import type { Socket } from 'node:net';
import type { ConnectResponse } from '../wire/records.js';
import type { ConnId, ConnectionEffect } from '../pipeline/connections.js';
import { ClientConnection } from './client-connection.js';
import { type AuthSettings } from './connection-auth.js';
import type { ClientCoreAccess, ClientMetrics } from './types.js';
import type { Logger } from '../base/log.js';
/** A socket a listener accepted, with the verified client certificate (DER) of a TLS one. */
export interface AcceptedClient {
    socket: Socket;
    secure: boolean;
    certificate: Uint8Array | null;
}
/** One listening port (net/client-listeners.ts makes them). */
export interface ClientListener {
    readonly kind: 'plain' | 'tls';
    listen(onClient: (c: AcceptedClient) => void): Promise<{
        host: string;
        port: number;
    }>;
    close(): Promise<void>;
}
export interface ClientServerOptions {
    listeners: ClientListener[];
    /** x509 and SASL settings; default: nothing beyond digest auth packets. */
    auth?: AuthSettings;
    maxClientCnxns: number;
    maxBuffer: number;
    /** Requests in process (server-wide) above which connections with requests of their own in process are not read. */
    globalOutstandingLimit: number;
    /** Unsent bytes above which a connection is closed. */
    maxUnsentBytes: number;
    superDigest: string | undefined;
    /** Answers a four-letter word (the runtime supplies the data). */
    fourLetterWord(word: string, arg: bigint | undefined): string;
    /** False while the server cannot serve (e.g. LOOKING): new connections are closed. */
    serving(): boolean;
    metrics?: ClientMetrics;
}
export interface ServerCounters {
    packetsReceived: number;
    packetsSent: number;
    authFailures: number;
    minLatency: number;
    maxLatency: number;
    totalLatency: number;
    latencyCount: number;
}
export declare function freshCounters(): ServerCounters;
export declare class ClientServer {
    private readonly opts;
    private readonly core;
    private readonly log;
    /** Where the listeners listen, in the order given. */
    readonly addresses: Array<{
        host: string;
        port: number;
        secure: boolean;
    }>;
    readonly connections: Map<number, ClientConnection>;
    private readonly perAddress;
    private nextConnId;
    /** Client requests handed to the core and not answered yet, over every connection. */
    private inProcess;
    counters: ServerCounters;
    private readonly hooks;
    constructor(opts: ClientServerOptions, core: ClientCoreAccess, log: Logger);
    /** Opens every listener; resolves with the first address (the plain port when there is one). */
    listen(): Promise<{
        host: string;
        port: number;
    }>;
    private accept;
    private onConnectionClosed;
    /** Client requests in process now (handed to the core, not answered). */
    get requestsInProcess(): number;
    deliver(effect: ConnectionEffect | {
        kind: 'handshake';
        conn: ConnId;
        response: ConnectResponse;
    }): void;
    /** Closes every client connection (e.g. when the server stops serving). */
    closeAll(reason: string): void;
    resetConnectionStats(): void;
    close(): Promise<void>;
}
