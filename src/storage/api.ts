/**
 * The storage interface the cores and the runtime agree on (docs/storage-contract.md). Pure
 * types only: storage/lmdb implements it on disk, storage/memory for the simulator (with crash
 * semantics: what was not flushed is lost). Both keep every clause below, and
 * test/support/storage-contract.ts checks them against both.
 *
 * Call order. Write calls (appendLog, applyCommitted, truncateLogAfter, purgeLogBefore,
 * setEpochs, replaceState) take effect in the order they are called, whether or not the caller
 * awaited the earlier ones: `truncateLogAfter(z)` then `appendLog([...])` in the same turn leaves
 * the appended entries in place; `replaceState(s)` then `appendLog` leaves them after the new
 * state. Validation uses the state the earlier calls leave (an `appendLog` must follow the
 * lastLogged the calls before it leave; a `truncateLogAfter` may not cut below the lastApplied
 * an earlier, unresolved applyCommitted set). Promises resolve in call order among calls of the
 * same durability class. Calls made together still share one transaction and one flush.
 *
 * Durability. `appendLog`, `setEpochs`, `truncateLogAfter` and `replaceState` resolve only once
 * their effect is on disk (flushed), and with it the effect of every call made before them;
 * nothing that promises data (an ACK, a client's success reply) may be sent before.
 * `applyCommitted` and `purgeLogBefore` need not be flushed when they resolve: the log already
 * holds those txns and start-up replays everything after the durable `lastApplied`.
 *
 * Crashes. After a crash the storage holds the effect of a prefix of the calls, in call order,
 * each call entirely or not at all (never torn), and that prefix includes every call whose
 * durable promise resolved. A failed write (disk full, I/O error) rejects with a StorageError and
 * poisons the storage: every later write rejects too, since a later write succeeding after an
 * earlier one failed would break the prefix rule. Invalid calls (a usage error: non-increasing
 * zxids, a cut below lastApplied) reject at once, change nothing, and do not poison.
 *
 * Reads. `load`, `readLog` and `firstLogged` see every write whose promise resolved; a write
 * still in flight may or may not be visible yet, except that log entries a purgeLogBefore
 * already called will delete are never returned (so a reader never plans on them).
 * `lastLogged()` is the log's end as the calls made so far leave it.
 */
import type { Zxid } from '../base/zxid.js';
import type { SessionRecord, TreeIndex, TreeTotals, ZNodeRecord } from '../wire/persist.js';

export type { TreeIndex, TreeTotals };

export interface LogEntry {
  zxid: Zxid;
  /** An encoded Txn (wire/txn.ts). */
  bytes: Uint8Array;
}

export interface Epochs {
  acceptedEpoch: number;
  currentEpoch: number;
}

/**
 * A znode record as applied state carries it: the record and the node's number of children,
 * which storage keeps with the node so that a Stat needs no look at the children
 * (docs/storage-contract.md, "The tree on disk"). The count is the writer's (the tree's): the
 * parent of a node that comes or goes is always in the same batch, with its new count.
 */
export type StoredZNode = ZNodeRecord & { numChildren: number };

/** The changes of one or more applied txns, written with `lastApplied` in one transaction. */
export interface AppliedBatch {
  lastApplied: Zxid;
  /** path → new record, or null when the node was deleted. */
  nodes: Map<string, StoredZNode | null>;
  /** session id → record, or null when the session ended. */
  sessions: Map<bigint, SessionRecord | null>;
  /**
   * The owner index's changes (TreeIndex.owners), in the same transaction as the nodes: path →
   * the owner of a node created with one, or null when such a node was deleted (a null for a
   * path that is not in the index is allowed). Absent: no change.
   */
  owners?: Map<string, bigint | null>;
  /** The totals once this batch is in; absent: unchanged (writers that do not keep them). */
  totals?: TreeTotals;
  /**
   * Called by whoever hands the batch to storage once `applyCommitted` resolved (storage's
   * reads now see it): the tree's overlay lets go of what it holds for it
   * (tree/stored-node-table.ts). Storage itself never calls it.
   */
  committed?: () => void;
}

export interface LoadedState {
  epochs: Epochs;
  lastApplied: Zxid;
  /** Highest zxid in the log (or lastApplied when the log is empty). */
  lastLogged: Zxid;
  nodes: Iterable<[string, ZNodeRecord]>;
  sessions: Iterable<[bigint, SessionRecord]>;
  /**
   * Set when the tree is to be served from storage rather than rebuilt from `nodes` (then empty):
   * where to read nodes, and the index start-up needs (docs/performance.md, "Step 2").
   */
  stored?: { reader: StoredNodeReader; index: TreeIndex };
}

/**
 * The reads a tree served from storage makes (tree/stored-node-table.ts StoredNodes), and the
 * index it opens with (also when a learner's tree returns to storage after a SNAP).
 */
export type StoredNodeReader = Pick<Storage, 'readNode' | 'readChildren' | 'scanNodes' | 'readIndex'>;

export interface LoadOptions {
  /** Read the nodes too (default true); without them `nodes` is empty and the tree is read on demand (readNode, readChildren, readIndex). */
  nodes?: boolean;
}

export interface Storage {
  /** Reads everything needed to rebuild the in-memory state. */
  load(options?: LoadOptions): Promise<LoadedState>;
  /** Appends entries (zxids strictly increasing, above lastLogged); resolves once flushed. */
  appendLog(entries: readonly LogEntry[]): Promise<void>;
  /**
   * Log entries with from < zxid <= to (to defaults to the end), in zxid order. With maxBytes,
   * stops after the entry that brings the total of entry bytes to maxBytes or more (so at least
   * one entry when there is one).
   */
  readLog(fromExclusive: Zxid, toInclusive?: Zxid, maxBytes?: number): LogEntry[];
  /** The lowest zxid still in the log, or null when it is empty (for choosing DIFF vs SNAP). */
  firstLogged(): Zxid | null;
  /** Highest zxid in the log, or lastApplied when higher, as the calls made so far leave it. */
  lastLogged(): Zxid;
  /** Records applied state; resolves when committed (not necessarily flushed). */
  applyCommitted(batch: AppliedBatch): Promise<void>;
  /** Deletes log entries above `zxid`. Refuses (throws) to cut at or below lastApplied. */
  truncateLogAfter(zxid: Zxid): Promise<void>;
  /** Deletes log entries below `zxid` that are also at or below lastApplied (retention). */
  purgeLogBefore(zxid: Zxid): Promise<number>;
  /** Persists both epochs; resolves once flushed. */
  setEpochs(epochs: Epochs): Promise<void>;
  /** Replaces the whole state (a SNAP from the leader); resolves once flushed. */
  replaceState(state: { lastApplied: Zxid; nodes: Iterable<[string, ZNodeRecord]>; sessions: Iterable<[bigint, SessionRecord]> }): Promise<void>;
  /**
   * One stored node and its child count, or undefined; sees what `load` would (every write whose
   * promise resolved). Reads one record: no load of the tree.
   */
  readNode(path: string): StoredZNode | undefined;
  /**
   * Every stored node's record, read at once from one consistent view (an LMDB read
   * transaction), in `load`'s order: what a SNAP of a tree served from storage sends, with the
   * tree's overlay on top (docs/performance.md, "Step 2", item 6). Sees what `load` would.
   */
  scanNodes(): [string, ZNodeRecord][];
  /**
   * The owner index and the totals (TreeIndex), without reading the nodes; sees what `load`
   * would. Both are written in the same transaction as the nodes they describe.
   */
  readIndex(): TreeIndex;
  /**
   * The names of the stored children of `path`, in the byte order of their UTF-8 names, read
   * without visiting the subtree below them.
   */
  readChildren(path: string): string[];
  /** Bytes used on disk (for `dirs` and `mntr`). */
  sizeOnDisk(): number;
  close(): Promise<void>;
  /**
   * The process is about to exit because its storage failed or stalled: fail every pending and
   * later write, and let the process exit without waiting for a write that may never finish
   * (a silent disk stall, docs/chaos.md F2). Optional: a storage with nothing to abandon.
   */
  abandon?(reason: string): void;
}

/**
 * Children counted from the paths of a whole tree: what a storage stores as each node's
 * `numChildren` when it is handed a tree without counts (a snapshot, an upgrade from format 2;
 * docs/storage-contract.md, "The tree on disk (format 3)"). Shared by both storages.
 */
export function countChildren(paths: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of paths) {
    if (p === '/') continue;
    const parent = p.slice(0, p.lastIndexOf('/')) || '/';
    counts.set(parent, (counts.get(parent) ?? 0) + 1);
  }
  return counts;
}

/**
 * The index of a whole tree, counted from its records (a snapshot, an upgrade, a rebuild): what
 * both storages write for it. `size` is DataTree's measure of a node (path length + data length).
 */
export function indexOf(records: Iterable<[string, { ephemeralOwner: bigint; data: Uint8Array | null }]>): TreeIndex {
  const owners: [string, bigint][] = [];
  let nodes = 0;
  let dataSize = 0;
  for (const [path, r] of records) {
    nodes++;
    dataSize += path.length + (r.data?.byteLength ?? 0);
    if (r.ephemeralOwner !== 0n) owners.push([path, r.ephemeralOwner]);
  }
  return { totals: { nodes, dataSize }, owners };
}
