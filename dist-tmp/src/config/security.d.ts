/**
 * The security keys of zoo.cfg, named as ZooKeeper names them so that existing files carry
 * over: the secure client port, `ssl.*` (client TLS), `ssl.quorum.*` with `sslQuorum`
 * (quorum TLS), x509 and SASL authentication, and authentication enforcement. ZooKeeper turns
 * unknown zoo.cfg keys into `zookeeper.<key>` system properties; the ones that are really
 * system properties (authProvider.N, superUser, ...) are read here under that zoo.cfg name.
 * Pure: files named here are read by main/. docs/security.md describes every key.
 */
import type { PropertyEntry } from './properties.js';
export type ClientAuthMode = 'none' | 'want' | 'need';
export type StoreType = 'PEM' | 'PKCS12' | 'JKS';
export interface StoreSettings {
    location: string;
    /** Empty when not set (ZooKeeper's default). */
    password: string;
    /** `*.passwordPath`: a file whose content is the password; wins over `password`. */
    passwordPath?: string;
    /** Undefined: from the file name (.pem, .p12/.pfx/.pkcs12, .jks), as ZooKeeper does. */
    type?: StoreType;
}
export interface TlsSettings {
    keyStore?: StoreSettings;
    trustStore?: StoreSettings;
    /** `protocol`: TLSv1.3 (default: TLSv1.3 and TLSv1.2 enabled) or TLSv1.2 (only TLSv1.2). */
    protocol: 'TLSv1.2' | 'TLSv1.3';
    /** `enabledProtocols`, when given. */
    enabledProtocols?: Array<'TLSv1.2' | 'TLSv1.3'>;
    /** `ciphersuites`: IANA/Java names (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256). */
    cipherSuites?: string[];
    /** `clientAuth`; ZooKeeper's default is need. */
    clientAuth: ClientAuthMode;
    /** `hostnameVerification`; default true. */
    hostnameVerification: boolean;
    /** `handshakeDetectionTimeoutMillis`: how long port unification waits for the first byte. */
    handshakeDetectionTimeoutMs: number;
}
export interface SecurityConfig {
    /** `secureClientPort`: the TLS client port, if any. */
    secureClientPort?: number;
    /** `secureClientPortAddress`; default 0.0.0.0. */
    secureClientPortAddress: string;
    /** False when only `secureClientPort` is configured (no clientPort): TLS only, as ZooKeeper. */
    plainClientPort: boolean;
    /** `client.portUnification`: the plain client port also accepts TLS. */
    clientPortUnification: boolean;
    /** `client.certReload`: reload ssl.keyStore / ssl.trustStore when their files change. */
    clientCertReload: boolean;
    /** `ssl.*`: the client ports. */
    ssl: TlsSettings;
    /** `ssl.quorum.*`: the quorum and election ports. */
    quorumSsl: TlsSettings;
    /** `sslQuorum`: mutual TLS between servers. */
    sslQuorum: boolean;
    /** `portUnification`: quorum and election ports accept TLS and plain text (rolling upgrade). */
    portUnification: boolean;
    /** `sslQuorumReloadCertFiles`: reload ssl.quorum stores when their files change. */
    sslQuorumReloadCertFiles: boolean;
    /** `X509AuthenticationProvider.superUser`: this certificate subject is a super user. */
    x509SuperUser?: string;
    /** `superUser` and `superUser.*`: SASL users that are super users. */
    saslSuperUsers: string[];
    /** `SASLAuthenticationProvider.superPassword`: the password of SASL user `super`. */
    saslSuperPassword?: string;
    /** `jaasLoginConfig` / `java.security.auth.login.config`: the JAAS file with the SASL users. */
    jaasLoginConfig?: string;
    /** `sasl.serverconfig`: the JAAS section with the server's users; default Server. */
    saslServerSection: string;
    /** `enforce.auth.enabled` (or `sessionRequireClientSASLAuth`, `requireClientAuthScheme=sasl`). */
    enforceAuthEnabled: boolean;
    /** `enforce.auth.schemes`: a request needs an id of one of these schemes. */
    enforceAuthSchemes: string[];
    /** Schemes named by `authProvider.*` keys. */
    authProviderSchemes: string[];
    /** `allowSaslFailedClients`: keep a client whose SASL login failed (not with sasl enforced). */
    allowSaslFailedClients: boolean;
}
export declare function defaultTlsSettings(): TlsSettings;
export declare function defaultSecurityConfig(): SecurityConfig;
export declare const KNOWN_AUTH_SCHEMES: Set<string>;
export declare function isSecurityKey(key: string): boolean;
export interface SecurityParseContext {
    fail(e: PropertyEntry, msg: string): never;
    warn(e: PropertyEntry, msg: string): void;
    port(e: PropertyEntry): number;
    bool(e: PropertyEntry): boolean;
    host(e: PropertyEntry, value: string): string;
}
/**
 * Interprets the security entries (last occurrence of each key, in line order) into a
 * SecurityConfig. `clientPortLine` says whether clientPort was given explicitly.
 */
export declare function parseSecurity(entries: readonly PropertyEntry[], ctx: SecurityParseContext, clientPortSet: boolean): SecurityConfig;
/**
 * The ACL schemes this server has a provider for beyond digest and ip, as ZooKeeper registers
 * them: x509 with a TLS client port (its secure port registers the x509 provider) or an
 * authProvider key; sasl with a SASL configuration (a JAAS file) or an authProvider key. An ACL
 * naming another scheme is INVALIDACL.
 */
export declare function aclSchemes(s: SecurityConfig): string[];
