import * as tls from 'node:tls';
import type { Socket } from 'node:net';
import type { Pkcs12Crypto } from '../wire/pkcs12.js';
import { type StoreKind } from '../wire/tls-stores.js';
/** The parts of config/security.ts this module reads (net does not import config). */
export interface StoreSpec {
    location: string;
    password: string;
    passwordPath?: string;
    type?: 'PEM' | 'PKCS12' | 'JKS';
}
export interface TlsSpec {
    keyStore?: StoreSpec;
    trustStore?: StoreSpec;
    protocol: 'TLSv1.2' | 'TLSv1.3';
    enabledProtocols?: Array<'TLSv1.2' | 'TLSv1.3'>;
    cipherSuites?: string[];
    clientAuth: 'none' | 'want' | 'need';
    hostnameVerification: boolean;
    handshakeDetectionTimeoutMs: number;
}
/** A problem with a TLS setting, naming the zoo.cfg key (main/ turns it into file:line:key). */
export declare class TlsSettingError extends Error {
    readonly key: string;
    readonly detail: string;
    name: string;
    constructor(key: string, detail: string);
}
export declare const nodePkcs12Crypto: Pkcs12Crypto;
/** The TLS options one store contributes (key + cert chain, or trusted CAs). */
export declare function loadStore(spec: StoreSpec, kind: StoreKind, prefix: string): tls.SecureContextOptions;
/** Protocols and ciphers as Node options. */
export declare function protocolOptions(spec: TlsSpec, prefix: string): tls.SecureContextOptions;
/** Every TLS option of one side (server or client): stores, protocols, ciphers. Validated. */
export declare function loadTlsOptions(spec: TlsSpec, prefix: 'ssl.' | 'ssl.quorum.'): tls.SecureContextOptions;
/** The files whose change means the stores must be read again. */
export declare function storeFiles(spec: TlsSpec): string[];
export interface StoreWatcher {
    close(): void;
}
/**
 * Calls `reload` (debounced) whenever one of the store files changes. Polling, so that a file
 * replaced by a rename (how certificate tools write) is seen as well as one written in place.
 */
export declare function watchStores(spec: TlsSpec, reload: () => void, intervalMs?: number): StoreWatcher;
/** Why `socket`'s peer certificate does not name `host` (DNS or IP SAN, or CN), or null if it does. */
export declare function certificateHostMismatch(socket: tls.TLSSocket, host: string): string | null;
/** A one-line description of a peer certificate for logs: subject, issuer, validity. */
export declare function describePeerCertificate(socket: tls.TLSSocket): string;
/**
 * Port unification: waits for the first bytes and tells a TLS ClientHello (record type 22)
 * from anything else, leaving the bytes in the socket for whoever reads it next. 'closed' if
 * the peer goes away or says nothing within `timeoutMs`.
 */
export declare function detectTls(socket: Socket, timeoutMs: number): Promise<'tls' | 'plain' | 'closed'>;
/** What a TLS handshake failure says about the peer, for a log line. */
export declare function handshakeFailure(err: Error & {
    code?: string;
}): string;
