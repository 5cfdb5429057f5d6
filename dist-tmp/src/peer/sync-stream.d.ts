import type { SessionRecord, ZNodeRecord } from '../wire/persist.js';
import { LeaderMessage, SentLeaderMessage } from '../wire/quorum.js';
import type { LinkId, LogReader } from '../zab/types.js';
/** About this many bytes of records per SNAP_CHUNK in the runtime. */
export declare const SNAP_CHUNK_BYTES: number;
export declare class SyncStreamError extends Error {
    name: string;
}
export declare class SyncStreams {
    private readonly log;
    private readonly chunkBytes;
    private readonly streams;
    constructor(log: LogReader, chunkBytes?: number);
    /** Whether something is streaming to `link` (so its packets must queue behind). */
    active(link: LinkId): boolean;
    links(): LinkId[];
    /** Streams a snapshot taken at `zxid`; returns the number of SNAP_CHUNKs it will take. */
    snapshot(link: LinkId, zxid: bigint, nodes: [string, ZNodeRecord][], sessions: [bigint, SessionRecord][]): number;
    /** Streams the leader's log entries with from < zxid <= to. */
    logRange(link: LinkId, from: bigint, to: bigint): void;
    /** A packet for `link`: true when it was queued behind a stream, false when the caller sends it now. */
    enqueue(link: LinkId, p: LeaderMessage): boolean;
    /** Forgets the link's stream (it closed, or the learner was dropped): its buffers go. */
    drop(link: LinkId): void;
    /**
     * The next packets for `link`, about `budgetBytes` of them (at least one while any is left).
     * The stream ends when its queue is empty. Throws SyncStreamError (and drops the stream) when
     * the log does not hold what the stream must carry.
     */
    take(link: LinkId, budgetBytes: number): SentLeaderMessage[];
    private nextSnapshotPacket;
    private queue;
}
