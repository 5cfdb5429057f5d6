/**
 * Key and trust stores as ZooKeeper configures them (`*.keyStore.*`, `*.trustStore.*`), turned
 * into what Node's TLS takes, and the protocol and cipher-suite settings in Node's terms. Shared
 * by the server (net/tls.ts) and the client library (client/client-config.ts); pure: callers
 * read the files and give the PKCS#12 cryptography.
 *
 * - PEM key store: one private key (optionally encrypted with the store password) and its
 *   certificate chain, in one file, as ZooKeeper's PEMFileLoader reads it.
 * - PEM trust store: the trusted certificates.
 * - PKCS#12 key store: handed to Node as a `pfx`. PKCS#12 trust store: its certificates.
 * - JKS: Node cannot read it; the error gives the keytool command that converts it.
 */
import { type Pkcs12Crypto } from './pkcs12.js';
export type StoreKind = 'keyStore' | 'trustStore';
export type StoreFormat = 'PEM' | 'PKCS12';
export declare class StoreError extends Error {
    name: string;
}
export declare const JKS_HINT: string;
/** What one store gives Node's TLS (a subset of SecureContextOptions). */
export interface StoreOptions {
    key?: string;
    cert?: string;
    pfx?: Uint8Array;
    passphrase?: string;
    ca?: string[];
}
/** The format from the configured type, else from the file name (as ZooKeeper's KeyStoreFileType). */
export declare function storeFormat(location: string, type: string | undefined, typeKey: string): StoreFormat;
export declare function pemBlocks(text: string, label: RegExp): string[];
export declare function storeOptions(kind: StoreKind, format: StoreFormat, bytes: Uint8Array, password: string, crypto: Pkcs12Crypto, name: string): StoreOptions;
export declare function derToPem(der: Uint8Array): string;
export declare const TLS13_SUITES: Set<string>;
/** A Java/IANA cipher suite name → OpenSSL's name, or undefined if it has no equivalent here. */
export declare function opensslCipherName(iana: string): string | undefined;
export type TlsVersion = 'TLSv1.2' | 'TLSv1.3';
export interface ProtocolChoice {
    minVersion: TlsVersion;
    maxVersion: TlsVersion;
    /** OpenSSL cipher list, when suites were configured. */
    ciphers?: string;
}
/**
 * `protocol` / `enabledProtocols` / `ciphersuites` → Node's range and cipher list. As in Java,
 * protocol TLSv1.3 enables TLSv1.3 and TLSv1.2, TLSv1.2 only itself; and a suite list is the
 * whole choice: without a TLS 1.3 suite there is no TLS 1.3. `available` is what this OpenSSL
 * offers (tls.getCiphers()); an unknown or unavailable suite is an error.
 */
export declare function protocolChoice(protocol: TlsVersion, enabled: readonly TlsVersion[] | undefined, suites: readonly string[] | undefined, available: ReadonlySet<string>): ProtocolChoice;
