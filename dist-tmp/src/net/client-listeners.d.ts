/**
 * The sockets of the client ports: the plain `clientPort` (optionally unified: it also accepts
 * TLS, `client.portUnification`) and the TLS `secureClientPort`. They hand accepted sockets to
 * the client server with what TLS established (the client certificate, if one was verified);
 * every refusal (a plain client on the TLS port, a TLS client on the plain port, a failed or
 * untrusted handshake) is a log line naming the peer, and costs nothing else.
 */
import { type Socket } from 'node:net';
import * as tls from 'node:tls';
import type { Logger } from '../base/log.js';
export interface AcceptedClient {
    socket: Socket;
    secure: boolean;
    /** DER of the client's certificate, when it sent one and it verified. */
    certificate: Uint8Array | null;
}
export interface ClientListener {
    readonly kind: 'plain' | 'tls';
    listen(onClient: (c: AcceptedClient) => void): Promise<{
        host: string;
        port: number;
    }>;
    close(): Promise<void>;
}
/**
 * The TLS side of the client ports: one TLS server that runs every handshake, whether the
 * socket came in on the secure port or was recognised as TLS on a unified plain port.
 */
export declare class ClientTls {
    private readonly clientAuth;
    private readonly log;
    readonly server: tls.Server;
    private onClient;
    constructor(options: tls.SecureContextOptions, clientAuth: 'none' | 'want' | 'need', log: Logger, handshakeTimeoutMs: number);
    setTarget(onClient: (c: AcceptedClient) => void): void;
    /** Runs a TLS handshake on a socket accepted elsewhere (a unified port). */
    handshake(socket: Socket): void;
    /** New handshakes use the new stores; established connections keep theirs. */
    reload(options: tls.SecureContextOptions): void;
    private secured;
}
/** The plain client port; with `unified`, TLS clients are recognised and handed to it. */
export declare function plainListener(host: string, port: number, log: Logger, unified: ClientTls | null, detectTimeoutMs: number, secureHint: string): ClientListener;
/** The secure client port (`secureClientPort`): TLS only. */
export declare function secureListener(host: string, port: number, clientTls: ClientTls, log: Logger): ClientListener;
