import { type Md5 } from '../wire/sasl-digest.js';
export declare const md5: Md5;
export interface SaslServerConfig {
    /** user → password. */
    users: ReadonlyMap<string, string>;
}
/** A failed exchange; the message says why (for the server's log, never for the client). */
export declare class SaslAuthError extends Error {
    name: string;
}
export type SaslStep = {
    done: false;
    token: Uint8Array;
} | {
    done: true;
    token: Uint8Array;
    user: string;
};
export declare class DigestMd5Server {
    private readonly config;
    private state;
    private nonce;
    constructor(config: SaslServerConfig);
    get isComplete(): boolean;
    /** Evaluates one client token; throws SaslAuthError when the client must be refused. */
    evaluate(token: Uint8Array): SaslStep;
    private step;
    private verify;
}
