/**
 * The storage interface the cores and the runtime agree on (DESIGN.md §4). Pure types only:
 * storage/lmdb implements it on disk, storage/memory for the simulator (with crash semantics:
 * what was not flushed is lost).
 *
 * Durability contract: `appendLog` and `setEpochs` resolve only once the data is on disk
 * (flushed); nothing that promises data (an ACK, a client's success reply) may be sent before.
 * `applyCommitted` need not be flushed before it resolves: the log already holds those txns and
 * start-up replays everything after the durable `lastApplied`.
 */
import type { SessionRecord, ZNodeRecord } from '../wire/persist.js';

export interface LogEntry {
  zxid: bigint;
  /** An encoded Txn (wire/txn.ts). */
  bytes: Uint8Array;
}

export interface Epochs {
  acceptedEpoch: number;
  currentEpoch: number;
}

/** The changes of one or more applied txns, written with `lastApplied` in one transaction. */
export interface AppliedBatch {
  lastApplied: bigint;
  /** path → new record, or null when the node was deleted. */
  nodes: Map<string, ZNodeRecord | null>;
  /** session id → record, or null when the session ended. */
  sessions: Map<bigint, SessionRecord | null>;
}

export interface LoadedState {
  epochs: Epochs;
  lastApplied: bigint;
  /** Highest zxid in the log (or lastApplied when the log is empty). */
  lastLogged: bigint;
  nodes: Iterable<[string, ZNodeRecord]>;
  sessions: Iterable<[bigint, SessionRecord]>;
}

export interface Storage {
  /** Reads everything needed to rebuild the in-memory state. */
  load(): Promise<LoadedState>;
  /** Appends entries (zxids strictly increasing, above lastLogged); resolves once flushed. */
  appendLog(entries: readonly LogEntry[]): Promise<void>;
  /** Log entries with from < zxid <= to (to defaults to the end), in zxid order. */
  readLog(fromExclusive: bigint, toInclusive?: bigint): LogEntry[];
  /** The lowest zxid still in the log, or null when it is empty (for choosing DIFF vs SNAP). */
  firstLogged(): bigint | null;
  lastLogged(): bigint;
  /** Records applied state; resolves when committed (not necessarily flushed). */
  applyCommitted(batch: AppliedBatch): Promise<void>;
  /** Deletes log entries above `zxid`. Refuses (throws) to cut at or below lastApplied. */
  truncateLogAfter(zxid: bigint): Promise<void>;
  /** Deletes log entries below `zxid` that are also at or below lastApplied (retention). */
  purgeLogBefore(zxid: bigint): Promise<number>;
  /** Persists both epochs; resolves once flushed. */
  setEpochs(epochs: Epochs): Promise<void>;
  /** Replaces the whole state (a SNAP from the leader); resolves once flushed. */
  replaceState(state: { lastApplied: bigint; nodes: Iterable<[string, ZNodeRecord]>; sessions: Iterable<[bigint, SessionRecord]> }): Promise<void>;
  /** Bytes used on disk (for `dirs` and `mntr`). */
  sizeOnDisk(): number;
  close(): Promise<void>;
}
