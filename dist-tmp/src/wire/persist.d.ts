import { ACL } from './records.js';
export interface ZNodeRecord {
    data: Uint8Array | null;
    acl: readonly ACL[];
    czxid: bigint;
    mzxid: bigint;
    pzxid: bigint;
    ctime: number;
    mtime: number;
    version: number;
    /** The stored counter: child creations only (it names sequential children). */
    cversion: number;
    aversion: number;
    ephemeralOwner: bigint;
}
export interface SessionRecord {
    timeout: number;
    passwd: Uint8Array;
}
export declare function encodeZNode(n: ZNodeRecord): Uint8Array;
export declare function decodeZNode(bytes: Uint8Array): ZNodeRecord;
/**
 * Decodes the records of a whole tree at start-up, cheaply: equal ACL lists are decoded once
 * (keyed by their encoded bytes) and shared, frozen; and the data is a view into the record's
 * bytes, not a copy. So a record is only good while its bytes are: whoever keeps the data must
 * copy it (the tree does: it packs every node's data into memory of its own).
 */
export declare class ZNodeBulkDecoder {
    private readonly acls;
    decode(bytes: Uint8Array): ZNodeRecord;
}
export declare function encodeSession(s: SessionRecord): Uint8Array;
export declare function decodeSession(bytes: Uint8Array): SessionRecord;
/**
 * The longest path (in UTF-8 bytes) storage can key a znode by: LMDB's key limit. Prep refuses
 * longer paths with BADARGUMENTS, so that a client cannot make storage refuse every write.
 */
export declare const MAX_STORED_PATH_BYTES = 1978;
