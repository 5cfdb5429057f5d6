import type { LogEntry } from '../api.js';
export declare const RECORD_HEADER_BYTES = 16;
export declare const DEFAULT_SEGMENT_BYTES: number;
export declare const DEFAULT_PREALLOC_BYTES: number;
/** CRC-32 (IEEE 802.3, as zlib and gzip), table-driven: Node before 20.15 has no zlib.crc32. */
export declare function crc32Table(data: Uint8Array, previous?: number): number;
/** The same function, native when this Node has it (test/unit/segment-log.test.ts checks they agree). */
export declare const crc32: (data: Uint8Array, previous?: number) => number;
/** Encodes entries as consecutive records in one buffer (a copy: the caller may reuse its bytes). */
export declare function encodeRecords(entries: readonly LogEntry[]): {
    buf: Buffer;
    offsets: number[];
};
export interface SegmentLogOptions {
    segmentBytes?: number;
    preallocBytes?: number;
    /** Reports what the open found and did (a cut tail, corruption). */
    report?: (level: 'info' | 'warn' | 'error', msg: string) => void;
    /** Tests only: runs before each fdatasync of a group (to hold it). */
    beforeSync?: () => Promise<void>;
}
export declare class SegmentLog {
    private readonly dir;
    private generation;
    private readonly options;
    private segments;
    /** Entries below this zxid are logically purged (hidden; their file may remain). */
    private startZxid;
    private readonly queue;
    private running;
    private scheduled;
    private failure;
    private closed;
    /** Operations queued so far, and operations done (for an append: durable). */
    issued: number;
    completed: number;
    private waiters;
    private readonly segmentBytes;
    private readonly preallocBytes;
    private idle;
    private idleP;
    onComplete: () => void;
    /** Hears of a failure, with the call whose operation failed. */
    onFail: (e: unknown, call: string) => void;
    private current;
    private constructor();
    /** Opens (creating `dir` if needed) and scans the log of `generation`; removes every other generation's files. */
    static open(dir: string, generation: number, start: bigint, options?: SegmentLogOptions): SegmentLog;
    get start(): bigint;
    /** The lowest zxid at or above `from` (null when none). */
    firstFrom(from: bigint): bigint | null;
    last(): bigint | null;
    /** Entries with from <= zxid <= to, up to maxBytes of payload (see Storage.readLog). */
    read(from: bigint, to: bigint | undefined, maxBytes: number | undefined): LogEntry[];
    /** Number of entries with lo <= zxid < hi. */
    private countBetween;
    sizeOnDisk(): number;
    append(entries: readonly LogEntry[]): Promise<void>;
    /** Appends records made by encodeRecords (zxids in order, above the log's last). */
    appendEncoded(records: {
        buf: Buffer;
        offsets: number[];
    }, zxids: bigint[]): Promise<void>;
    truncateAfter(zxid: bigint): Promise<void>;
    /** Hides entries below `limit` (counting them) and deletes whole files below `physical()` (evaluated when the purge runs). */
    purge(limit: bigint, physical: () => bigint): Promise<number>;
    /** Empties the log and starts generation `generation` (after a snapshot named it durably). */
    reset(generation: number): Promise<void>;
    /** Resolves once `n` operations are done; rejects if the log failed first. */
    whenCompleted(n: number): Promise<void>;
    /** Waits for queued operations (unless the log failed: a stuck fsync may never answer), then closes the files. */
    close(): Promise<void>;
    private enqueue;
    private pump;
    private notify;
    /** The storage failed elsewhere (or gives up on a stalled disk): every queued and later
     * operation rejects, and close no longer waits for an fsync that may never answer. */
    abandon(e: unknown): void;
    private fail;
    /** Writes a group of appends (one write per file touched) and fdatasyncs every file it wrote. */
    private writeGroup;
    private createSegment;
    /**
     * Grows the file with zeros to at least `need` bytes: by its own size (from 64 KiB) up to
     * `preallocBytes` at a time, so that a small log stays small. The size reaches the disk with
     * the group's fdatasync. When the disk (or a file size limit) has no room for the whole step,
     * it grows by `need` only: preallocation saves syncs, it must not refuse a write that fits.
     */
    private extend;
    private zeroFill;
    private syncDir;
    /**
     * Removes the entries above `zxid`: first the later files (newest first), then the tail of the
     * file holding the cut, zeroed and synced. A crash in between leaves a prefix of the old log
     * that still reaches past the cut (entries the truncation was removing anyway); see
     * docs/storage-contract.md.
     */
    private doTruncate;
    private doPurge;
    private doReset;
    private removeOtherGenerations;
    private recover;
}
