export interface SaslCredentials {
    /** Only DIGEST-MD5 is implemented (GSSAPI/Kerberos is not). */
    mechanism?: 'DIGEST-MD5';
    username: string;
    password: string;
}
export declare class DigestMd5Client {
    private readonly creds;
    private state;
    private params;
    constructor(creds: SaslCredentials);
    get isComplete(): boolean;
    /** The first token: empty (DIGEST-MD5 has no initial response). */
    initial(): Uint8Array;
    /**
     * The answer to a server token: the digest-response to the challenge, then null once the
     * server's rspauth verifies. Throws when the server's tokens are wrong.
     */
    evaluate(serverToken: Uint8Array | null): Uint8Array | null;
}
