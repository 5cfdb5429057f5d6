/**
 * A path as a step names it. Strings starting with `~` live under the run's namespace
 * (`~` alone is the namespace node, `~/a` a node in it); other strings are sent as they are;
 * null is sent as a null string (length -1).
 */
export type PathArg = string | null;
/** Data: null, a UTF-8 string, or `size` bytes all equal to `fill`. */
export type DataArg = null | string | {
    size: number;
    fill: number;
};
export interface AclArg {
    perms: number;
    scheme: string | null;
    id: string | null;
}
/** A request record. Fields a given opcode does not use are ignored by the encoder. */
export interface RequestArg {
    op: number;
    path?: PathArg;
    data?: DataArg;
    /** null: a null vector. */
    acl?: AclArg[] | null;
    flags?: number;
    /** createTTL's ttl, as a decimal string (JSON has no 64-bit integers). */
    ttl?: string;
    version?: number;
    watch?: boolean;
    /** addWatch mode, checkWatches/removeWatches watcher type. */
    mode?: number;
    /** multi / multiRead sub-requests. */
    ops?: RequestArg[];
    /** setWatches: which zxid to send as relativeZxid (translated per server). */
    relative?: 'zero' | 'last' | 'max';
    dataWatches?: PathArg[];
    existWatches?: PathArg[];
    childWatches?: PathArg[];
    persistentWatches?: PathArg[];
    recursiveWatches?: PathArg[];
    /** reconfig's strings, sasl's token (as text), getEphemerals' prefix. */
    text?: string | null;
}
export type Step = 
/** A request on session slot `s` (opened or resumed first if needed). */
{
    s: number;
    kind: 'request';
    req: RequestArg;
}
/** An AuthPacket (xid -4). */
 | {
    s: number;
    kind: 'auth';
    scheme: string | null;
    auth: string | null;
}
/** Drop the TCP connection and resume the session on a new one (its watches are gone). */
 | {
    s: number;
    kind: 'reconnect';
};
export declare const MAX_SESSIONS = 3;
/** Per-server values the encoder needs: the namespace and the zxid a setWatches refers to. */
export interface EncodeContext {
    ns: string;
    lastZxid: bigint;
}
export declare function resolvePath(p: PathArg, ns: string): string | null;
/** The whole frame (length, RequestHeader, record) for a request step. */
export declare function encodeRequest(xid: number, req: RequestArg, ctx: EncodeContext): Uint8Array;
export declare function encodeAuth(scheme: string | null, auth: string | null): Uint8Array;
export declare function opName(op: number): string;
/** One line a person can read; the JSON of the step is what replays. */
export declare function describeRequest(req: RequestArg): string;
export declare function describeStep(step: Step): string;
