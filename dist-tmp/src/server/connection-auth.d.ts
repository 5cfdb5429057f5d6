import type { Id } from '../wire/records.js';
export interface AuthSettings {
    /** DIGEST-MD5 users (user → password); null when no JAAS Server section is configured. */
    saslUsers: ReadonlyMap<string, string> | null;
    saslSuperUsers: readonly string[];
    x509SuperUser?: string;
    /** Schemes one of which a connection must prove before any request; null: not enforced. */
    enforceSchemes: readonly string[] | null;
    allowSaslFailedClients: boolean;
}
export declare const NO_AUTH_SETTINGS: AuthSettings;
/** The ids a verified client certificate grants. */
export declare function certificateIds(certificate: Uint8Array, settings: AuthSettings): Id[];
export interface SaslOutcome {
    /** The reply's error code: 0, AUTHFAILED or SESSIONCLOSEDREQUIRESASLAUTH. */
    err: number;
    token: Uint8Array | null;
    /** Ids to grant (when the exchange completed). */
    ids: Id[];
    /** Close the connection after the reply. */
    close: boolean;
    /** For the server's log. */
    log?: {
        level: 'info' | 'warn';
        message: string;
    };
}
export declare class ConnectionAuth {
    private readonly settings;
    /** Ids from the TLS client certificate, granted once the session is open. */
    readonly certificateIds: readonly Id[];
    private readonly schemes;
    private sasl;
    constructor(settings: AuthSettings, 
    /** Ids from the TLS client certificate, granted once the session is open. */
    certificateIds: readonly Id[]);
    /** Records ids granted by an auth packet. */
    granted(ids: readonly Id[]): void;
    /** False when authentication is enforced and none of the required schemes is proved. */
    admits(): boolean;
    get requiredSchemes(): readonly string[];
    get provedSchemes(): string[];
    private get saslRequired();
    /** One SASL token from the client (opcode sasl). */
    /** True when the server has SASL users (a JAAS Server section). */
    get saslConfigured(): boolean;
    onSaslToken(token: Uint8Array, peer: string): SaslOutcome;
    private refused;
}
