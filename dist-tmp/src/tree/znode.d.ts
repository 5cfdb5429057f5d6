/**
 * One znode as the tree holds it, laid out for a tree of millions of nodes
 * (docs/performance.md, "Memory at 1,000,000 znodes"):
 * - the data is kept as a one-byte (latin1) string: one heap object with the bytes inline, no
 *   ArrayBuffer and backing store per node, and nothing shared that a node could pin. Reading
 *   `data` returns a fresh copy, so what a caller does with it never reaches the tree;
 * - the ACL list is the shared, frozen one for its content (tree/acl-intern.ts);
 * - the children set exists only while the node has children (a leaf has none);
 * - equal zxids of one node share one BigInt, and owner 0 is one shared BigInt.
 * The API stays that of ZNodeRecord: Uint8Array data, bigint zxids. (The global Buffer only
 * converts bytes, as in wire/quota.ts: no I/O enters the core.)
 */
import type { ACL } from '../wire/records.js';
import type { ZNodeRecord } from '../wire/persist.js';
export declare class ZNode implements ZNodeRecord {
    ctime: number;
    mtime: number;
    version: number;
    cversion: number;
    aversion: number;
    ephemeralOwner: bigint;
    private packed;
    private kids;
    acl: readonly ACL[];
    czxid: bigint;
    mzxid: bigint;
    pzxid: bigint;
    constructor(data: Uint8Array | null, acl: readonly ACL[], czxid: bigint, mzxid: bigint, pzxid: bigint, ctime: number, mtime: number, version: number, cversion: number, aversion: number, ephemeralOwner: bigint);
    static fromRecord(r: ZNodeRecord): ZNode;
    toRecord(): ZNodeRecord;
    /** A copy of the data (null stays null): changing it changes nothing in the tree. */
    get data(): Uint8Array | null;
    set data(data: Uint8Array | null);
    /** The data's length in bytes, without copying it (0 for null). */
    get dataLength(): number;
    setAcl(acl: readonly ACL[]): void;
    /** The names of the children (read-only; the tree changes them through add/removeChild). */
    get children(): ReadonlySet<string>;
    addChild(name: string): void;
    removeChild(name: string): void;
    setModified(zxid: bigint): void;
    setChildChanged(zxid: bigint): void;
}
