/**
 * Client requests and their responses (docs/client-protocol.md, "Opcodes"): one union member per opcode
 * family, and codecs in both directions (the server decodes requests, the client library
 * encodes them; and the reverse for responses).
 */
import { JuteReader, JuteWriter } from './jute.js';
import { Op } from './constants.js';
import { ACL, ClientInfo, Stat } from './records.js';
/**
 * Where a request carried null strings (length -1) that ZooKeeper dereferences: its answers
 * depend on them (docs/compatibility.md, finding 7), so the decoder records them. The decoded
 * strings themselves read as "".
 */
export interface NullMarks {
    /** The path (or getEphemerals' prefix) was null. */
    nullPath?: true;
    /** Per ACL entry: was its scheme / id null (only present when one was). */
    aclNulls?: {
        scheme: boolean;
        id: boolean;
    }[];
    /** setWatches: index, over the data, exist and child lists in that order, of the first null path. */
    firstNullWatch?: number;
}
type CreateOp = typeof Op.create | typeof Op.create2 | typeof Op.createContainer | typeof Op.createTTL;
type WatchedReadOp = typeof Op.exists | typeof Op.getData | typeof Op.getChildren | typeof Op.getChildren2;
export interface CreateRequest {
    op: CreateOp;
    path: string;
    data: Uint8Array | null;
    acl: ACL[];
    flags: number;
    /** Only createTTL carries a ttl; -1n otherwise. */
    ttl: bigint;
}
export interface DeleteRequest {
    op: typeof Op.delete;
    path: string;
    version: number;
}
export interface CheckRequest {
    op: typeof Op.check;
    path: string;
    version: number;
}
export interface SetDataRequest {
    op: typeof Op.setData;
    path: string;
    data: Uint8Array | null;
    version: number;
}
export interface WatchedReadRequest {
    op: WatchedReadOp;
    path: string;
    watch: boolean;
}
export interface GetACLRequest {
    op: typeof Op.getACL;
    path: string;
}
export interface SetACLRequest {
    op: typeof Op.setACL;
    path: string;
    acl: ACL[];
    version: number;
}
export interface SyncRequest {
    op: typeof Op.sync;
    path: string;
}
export interface EmptyRequest {
    /** createSession here is a client sending that internal opcode: ZooKeeper fails it (MARSHALLINGERROR). */
    op: typeof Op.ping | typeof Op.closeSession | typeof Op.whoAmI | typeof Op.createSession;
}
/**
 * `malformed`: the ops could not be read as ZooKeeper reads them (an opcode a multi may not
 * hold, reads mixed with writes, an unknown create mode): answered MARSHALLINGERROR, and for a
 * multi that answer is a txn, as in ZooKeeper. `ops` then holds what was read before.
 */
export interface MultiRequest {
    op: typeof Op.multi;
    ops: MultiWriteOp[];
    malformed?: string;
}
export interface MultiReadRequest {
    op: typeof Op.multiRead;
    ops: (WatchedReadRequest & NullMarks)[];
    malformed?: string;
    writesOnly?: true;
}
export interface ReconfigRequest {
    op: typeof Op.reconfig;
    joiningServers: string | null;
    leavingServers: string | null;
    newMembers: string | null;
    curConfigId: bigint;
}
export interface WatchesRequest {
    op: typeof Op.checkWatches | typeof Op.removeWatches;
    path: string;
    type: number;
}
export interface DeleteContainerRequest {
    op: typeof Op.deleteContainer;
    path: string;
}
export interface AuthRequest {
    op: typeof Op.auth;
    type: number;
    scheme: string;
    auth: Uint8Array;
}
export interface SetWatchesRequest {
    op: typeof Op.setWatches | typeof Op.setWatches2;
    relativeZxid: bigint;
    dataWatches: string[];
    existWatches: string[];
    childWatches: string[];
    persistentWatches: string[];
    persistentRecursiveWatches: string[];
}
export interface SaslRequest {
    op: typeof Op.sasl;
    token: Uint8Array | null;
}
export interface GetEphemeralsRequest {
    op: typeof Op.getEphemerals;
    prefixPath: string;
}
export interface PathRequest {
    op: typeof Op.getAllChildrenNumber;
    path: string;
}
export interface AddWatchRequest {
    op: typeof Op.addWatch;
    path: string;
    mode: number;
}
export type MultiWriteOp = (CreateRequest | DeleteRequest | SetDataRequest | CheckRequest) & NullMarks;
export type Request = (CreateRequest | DeleteRequest | CheckRequest | SetDataRequest | WatchedReadRequest | GetACLRequest | SetACLRequest | SyncRequest | EmptyRequest | MultiRequest | MultiReadRequest | ReconfigRequest | WatchesRequest | DeleteContainerRequest | AuthRequest | SetWatchesRequest | SaslRequest | GetEphemeralsRequest | PathRequest | AddWatchRequest) & NullMarks;
/** Thrown for an opcode this protocol does not define (the server answers UNIMPLEMENTED). */
export declare class UnknownOpError extends Error {
    readonly op: number;
    name: string;
    constructor(op: number);
}
/** Decodes the record that follows a RequestHeader of type `op`. */
export declare function readRequest(op: number, r: JuteReader): Request;
export declare function writeMultiHeader(w: JuteWriter, type: number, done: boolean, err: number): void;
/** Encodes a request record (everything after the RequestHeader). */
export declare function writeRequest(w: JuteWriter, req: Request): void;
export type Response = {
    op: typeof Op.create;
    path: string;
} | {
    op: typeof Op.create2 | typeof Op.createContainer | typeof Op.createTTL;
    path: string;
    stat: Stat;
} | {
    op: typeof Op.exists | typeof Op.setData | typeof Op.setACL;
    stat: Stat;
} | {
    op: typeof Op.getData | typeof Op.reconfig;
    data: Uint8Array | null;
    stat: Stat;
} | {
    op: typeof Op.getACL;
    acl: ACL[];
    stat: Stat;
} | {
    op: typeof Op.getChildren;
    children: string[];
} | {
    op: typeof Op.getChildren2;
    children: string[];
    stat: Stat;
} | {
    op: typeof Op.sync;
    path: string | null;
} | {
    op: typeof Op.multi | typeof Op.multiRead;
    results: MultiResult[];
} | {
    op: typeof Op.getEphemerals;
    ephemerals: string[];
} | {
    op: typeof Op.getAllChildrenNumber;
    totalNumber: number;
} | {
    op: typeof Op.addWatch;
} | {
    op: typeof Op.whoAmI;
    clientInfo: ClientInfo[];
} | {
    op: typeof Op.sasl;
    token: Uint8Array | null;
} | {
    op: typeof Op.delete | typeof Op.check | typeof Op.ping | typeof Op.closeSession | typeof Op.auth | typeof Op.setWatches | typeof Op.setWatches2 | typeof Op.checkWatches | typeof Op.removeWatches | typeof Op.deleteContainer;
};
/** One entry of a multi/multiRead reply; `op` is the result type (-1 for an error entry). */
export type MultiResult = {
    op: typeof Op.error;
    err: number;
} | Exclude<Response, {
    op: typeof Op.multi | typeof Op.multiRead;
}>;
/**
 * Encodes a response record (everything after the ReplyHeader; a few failures carry one too).
 * Server side: strings are written as ZooKeeper writes them (JuteWriter.jstring).
 */
export declare function writeResponse(w: JuteWriter, res: Response | MultiResult): void;
/** Decodes the response record for a request of type `op` (client side). */
export declare function readResponse(op: number, r: JuteReader): Response;
export {};
