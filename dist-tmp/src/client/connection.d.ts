/**
 * One TCP (or TLS) connection to one server: connect with a deadline, split the byte stream
 * into frames, write frames. It knows nothing about sessions, xids or retries; the session
 * (session.ts) owns one of these at a time and throws it away on any trouble.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { HostPort } from './paths.js';
/**
 * TLS to a server's secureClientPort: the CA(s) to trust, a client certificate for x509
 * authentication (PEM key + cert, or a PKCS#12 `pfx`), and whether the server's certificate
 * must name the host connected to (`hostnameVerification`, default true, as ZooKeeper).
 */
export interface ClientTlsOptions {
    ca?: string | Buffer | Array<string | Buffer>;
    cert?: string | Buffer | Array<string | Buffer>;
    key?: string | Buffer | Array<string | Buffer>;
    pfx?: string | Buffer;
    passphrase?: string;
    /** Default true. */
    hostnameVerification?: boolean;
    /** Default true: a server whose certificate does not verify is refused. */
    rejectUnauthorized?: boolean;
    minVersion?: tls.SecureVersion;
    maxVersion?: tls.SecureVersion;
    /** OpenSSL cipher list. */
    ciphers?: string;
}
/** Largest frame we accept from a server; a bigger length means a corrupt stream. */
export declare const MAX_INCOMING_FRAME: number;
export interface FrameHandlers {
    onFrame(frame: Uint8Array): void;
    /** Called once, when the socket is gone for whatever reason (also after close()). */
    onClose(reason: string): void;
}
export declare class FrameConnection {
    private readonly socket;
    private readonly handlers;
    readonly address: HostPort;
    private chunks;
    private buffered;
    private closed;
    /** Monotonic ms of the last bytes read / written, for ping and silence detection. */
    lastRecvMs: number;
    lastSendMs: number;
    constructor(socket: net.Socket, handlers: FrameHandlers, address: HostPort);
    get isClosed(): boolean;
    send(bytes: Uint8Array): void;
    /** Tear down now; pending writes may be lost. onClose is called with `reason`. */
    close(reason?: string): void;
    /** Flush what was written, then close (used after closeSession). */
    end(): Promise<void>;
    private fail;
    private onData;
    private peek;
    private take;
}
/** Opens a TCP connection (TLS when `tlsOptions` is given), failing after `timeoutMs`. */
export declare function openSocket(address: HostPort, timeoutMs: number, tlsOptions?: ClientTlsOptions): Promise<net.Socket>;
