/**
 * The znode records of a load, held compactly until the tree is rebuilt from them
 * (docs/performance.md, "Memory at 1,000,000 znodes"). Reading a million records as a million
 * decoded objects (each with its own copied buffer) doubled the memory at start-up and kept
 * the garbage collector busy for seconds. Instead the load copies the raw bytes of every record
 * into a few large chunks, in one pass of the read transaction, and the records are decoded one
 * at a time as the tree takes them, each becoming garbage at once. The chunks are large
 * allocations of their own, so their memory goes back to the system when the load is dropped.
 *
 * A decoded record's data is a view into a chunk (ZNodeBulkDecoder): the tree copies it. The
 * iterable can be iterated more than once; a corrupt record throws what `corrupt` makes of it.
 */
import { type ZNodeRecord } from '../../wire/persist.js';
export declare class StoredRecords implements Iterable<[string, ZNodeRecord]> {
    private readonly corrupt;
    private readonly paths;
    /** Per record: chunk index, offset in it, length (three numbers each). */
    private readonly where;
    private readonly chunks;
    private used;
    constructor(corrupt: (path: string, e: unknown) => Error);
    get size(): number;
    /** Copies `bytes` (lmdb may reuse them once the iteration moves on). */
    add(path: string, bytes: Uint8Array): void;
    [Symbol.iterator](): Iterator<[string, ZNodeRecord]>;
    private current;
}
