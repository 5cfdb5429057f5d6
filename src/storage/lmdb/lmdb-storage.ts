/**
 * Storage on one LMDB environment (docs/storage-contract.md). The only module that uses lmdb
 * (loaded by ./lmdb-package.ts).
 *
 * Layout: the txn log in files of its own (`log/`, src/storage/lmdb/segment-log.ts), and one
 * LMDB environment in `dir` for everything else (sub-databases, all values raw bytes):
 *   meta      'format' → u32 BE (4), 'acceptedEpoch' / 'currentEpoch' → u32 BE, 'lastApplied' → u64 BE,
 *             'logGeneration' → u32 BE (the log files that count), 'logStart' → u64 BE (purged below),
 *             'nodeCount' / 'dataSize' → u64 BE (the tree's totals, storage/api.ts TreeTotals)
 *   nodes     node key → u32 BE number of children, then the encoded ZNodeRecord (wire/persist.ts).
 *             The node key is the UTF-8 path with its last '/' replaced by a 0 byte ('/a/b' →
 *             '/a' 0 'b', '/a' → 0 'a'; the root is '/'), so that a node's children are exactly
 *             the keys that start with its path and a 0 byte: one range, the subtree not visited
 *             (docs/storage-contract.md, "The tree on disk, format 3")
 *   owners    node key → u64 BE ephemeralOwner, for every node that has an owner (an ephemeral's session,
 *             a container, a TTL node): the index start-up reads instead of every node (format 4,
 *             docs/storage-contract.md, "The tree's index"), written in the same transaction as the nodes
 *   sessions  8-byte BE session id (two's complement; loaded back as a signed bigint) → encoded SessionRecord
 *   tree      formats 1 and 2: UTF-8 path → encoded ZNodeRecord (re-keyed into `nodes` at open: upgradeFromFormat2)
 *   log       format 1 only: 8-byte BE zxid → encoded Txn (moved into the files at open: upgradeFromFormat1)
 *
 * How the two stores keep the contract together (applied state held until the log appends before
 * it are durable; truncateLogAfter, setEpochs and replaceState as ordered barriers; a new log
 * generation with each snapshot) is in docs/storage-contract.md, "The log on disk". Below:
 * LMDB's side.
 *
 * Durability with lmdb 3.5.6 (read in its source, then checked with strace, an LD_PRELOAD shim
 * that delays fdatasync, and test/integration/storage-crash.test.ts):
 * - `overlappingSync` is on (the Linux default; set explicitly). A transaction becomes *visible*
 *   to readers when its meta page is written, before the fsync; the write thread then calls
 *   fdatasync and writes a "flushed" meta marker. In 3.5.6 a write's promise in fact resolves
 *   only after that (lmdb sets the committed flag when mdb_txn_commit returns, which includes the
 *   sync), but the README documents it as "committed", so we do not rely on it: `setEpochs`
 *   and `replaceState` also wait for the transaction's flush
 *   promise (`db.flushed`, captured synchronously right after queueing, so it belongs to the
 *   transaction holding the write or a later one, which implies it). The commit promise is the
 *   one that rejects on error, so both are awaited.
 * - On open we pass `safeRestore: true`: after a crash lmdb then rolls back to the last
 *   *flushed* transaction, even when the machine did not reboot. Without it lmdb trusts the
 *   newest visible-but-unflushed meta page on the same boot id, so a restarted server could
 *   announce (vote with, ACK) log entries that an OS crash could still take away. With it, what a
 *   restarted server sees is what was fsynced, which is also what makes the SIGKILL test able to
 *   catch an acknowledgement sent before the fsync (checked: a child acknowledging on visibility
 *   loses its last 20-40 acknowledged entries under the slow-fsync shim; this module loses none).
 *
 * Group commit: LMDB writes queued in one event turn go into one transaction and one fsync; the
 * transaction starts on setImmediate (or once 1000 writes are queued), and writes queued while
 * it is being written go into the next (the log files have their own group commit). `eventTurnBatching` is off on purpose: with it, lmdb-js queues an internal
 * "batch start" write whose promise nobody holds, and when that transaction fails (disk full) the
 * promise rejects unhandled and Node kills the process.
 *
 * Call order (the contract's first clause) with lmdb 3.5.6, read in its write.js and writer.cpp:
 * plain puts and removes (and `batch` blocks of them) are executed by the write thread in the
 * order queued, but a `transaction(callback)` is by default run *after* every single operation
 * already queued, so `truncateLogAfter` (a transaction callback, since it must find the keys to
 * delete inside the transaction) followed by `appendLog` in the same turn deleted the appended
 * entries. `strictAsyncOrder: true` makes the write thread stop at the callback's place in the
 * queue and run it there, on the main thread, inside the same transaction: every write keeps its
 * call order and writes queued together still share one transaction and one fsync. Only the
 * three rare writes that use callbacks (truncate, purge, replaceState) pay for the thread switch.
 * The alternatives read there do not fit: `clearAsync` is an ordered single instruction but
 * clears a whole database (no key range), and `transactionSync` blocks the main thread for a
 * transaction of its own, interrupting the asynchronous batch queued so far (its README says so).
 * The bookkeeping (lastApplied, the log's end, the purge limit) follows calls as they are made.
 *
 * Failures: any error from lmdb (disk full, EFBIG, map full, key too large, closed env) becomes a
 * rejected promise with a `StorageError`; nothing throws out of an lmdb callback. After a failed
 * *write* the storage is poisoned: every later write rejects with the same error (a failed log
 * append followed by a successful one would leave a hole; a failed apply followed by a successful
 * one would move lastApplied past changes that are not on disk). Reads keep working; reopen to
 * retry. Invalid arguments (non-increasing zxids, a TRUNC below lastApplied) reject without
 * poisoning, and nothing is written.
 *
 * Writes that never finish: when writing a meta page fails (e.g. EIO or ENOSPC on the flush
 * marker that overlappingSync writes after the fsync), LMDB marks the environment as having had
 * a fatal error, and every later transaction fails to begin with MDB_PANIC. lmdb-js 3.5.6 only
 * prints that error (write.js, the startWriting callback): the queued writes are never marked
 * committed or failed, so their promises and the flush promise never settle, and the process
 * would wait forever, also after the disk recovers (seen with the fault bench, docs/chaos.md F3).
 * So a write still pending after `stallMs` (default 30 s, far above any fsync of a working disk)
 * poisons the storage with a StorageError that says so; every pending and later write rejects.
 * The failed write thread also keeps lmdb's write lock, and lmdb's process 'exit' listener
 * closes every environment, which takes that lock: the process would hang in process.exit. So
 * a poisoned storage removes lmdb's exit listener (nothing is lost: what was acknowledged was
 * flushed, and the next open restores the last flushed transaction).
 *
 * mapSize: the initial map is 1 GiB of address space by default (`mapSizeBytes`); lmdb-js grows
 * the map on its own when the data outgrows it, so the real limit is the disk. The data file is
 * not preallocated.
 */
import { rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from './lmdb-package.js';
import { maxBig, nextZxid, ZERO_ZXID, zxidFromKey, zxidKey, type Zxid } from '../../base/zxid.js';
import { decodeSession, decodeZNode, encodeSession, encodeStoredZNode, MAX_STORED_PATH_BYTES, type SessionRecord, type ZNodeRecord } from '../../wire/persist.js';
import { countChildren, indexOf, type AppliedBatch, type Epochs, type LoadedState, type LoadOptions, type LogEntry, type Storage, type StoredZNode, type TreeIndex, type TreeTotals } from '../api.js';
import { StoredRecords } from './stored-records.js';
import { encodeRecords, SegmentLog, syncCreatedDirectories, type SegmentLogOptions } from './segment-log.js';

/** The txn log's files, inside the data directory. */
export const LOG_DIR = 'log';

export const STORAGE_FORMAT = 4;
/** lmdb's key limit with the default 4 KiB pages: longer znode paths cannot be stored. */
export const MAX_PATH_BYTES = MAX_STORED_PATH_BYTES;
const DEFAULT_MAP_SIZE = 1024 * 1024 * 1024;
const DEFAULT_STALL_MS = 30_000;
const DEFAULT_APPLIED_INTERVAL_MS = 25;

/** The 'exit' listeners lmdb added when this process first opened an environment (see poison). */
let lmdbExitListeners: ((...args: unknown[]) => void)[] | null = null;

export interface LmdbStorageOptions {
  /** Reserved for the runtime's purge policy (entries to keep); not used by the storage itself. */
  logRetain?: number;
  /** Initial map size in bytes (default 1 GiB); lmdb grows it when needed. */
  mapSizeBytes?: number;
  /** A write pending longer than this poisons the storage (see "Writes that never finish"). */
  stallMs?: number;
  /** Log files are closed for appends at this size (default 64 MiB). */
  segmentBytes?: number;
  /** Log files grow by this much at a time, written with zeros ahead of the appends (default 4 MiB). */
  preallocBytes?: number;
  /** Where the storage says what it found or did at open (a cut log tail, corruption, an upgrade). */
  report?: (level: 'info' | 'warn' | 'error', msg: string) => void;
  /** LMDB commits of applied state start at most this often (ms; default 25): see release(). */
  appliedIntervalMs?: number;
  /** Tests only: runs before each fdatasync of the log (to hold it). */
  beforeLogSyncForTesting?: () => Promise<void>;
}

/** Every failure of this module surfaces as one of these (as a rejected promise). */
export class StorageError extends Error {
  override name = 'StorageError';
}

/** A call the contract forbids (nothing was written, the storage stays usable). */
export class StorageUsageError extends StorageError {
  override name = 'StorageUsageError';
}

/** Marks a promise lmdb returns for one write of a batch as handled (the batch's promise reports). */
function quiet(p: unknown): void {
  if (p && typeof (p as Promise<unknown>).then === 'function') (p as Promise<unknown>).then(undefined, () => undefined);
}

const META_FORMAT = 'format';
const META_ACCEPTED = 'acceptedEpoch';
const META_CURRENT = 'currentEpoch';
const META_APPLIED = 'lastApplied';
const META_LOG_GENERATION = 'logGeneration';
const META_LOG_START = 'logStart';
const META_NODE_COUNT = 'nodeCount';
const META_DATA_SIZE = 'dataSize';

type Bytes = Buffer;
type Db = Database<Bytes, Buffer>;
type MetaDb = Database<Bytes, string>;

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function u64(v: bigint): Buffer {
  return zxidKey(v);
}

function readU32(b: Uint8Array | undefined, what: string): number | undefined {
  if (b === undefined) return undefined;
  if (b.byteLength !== 4) throw new StorageError(`corrupt meta '${what}': ${b.byteLength} bytes, expected 4`);
  return Buffer.from(b.buffer, b.byteOffset, 4).readUInt32BE(0);
}

function readU64(b: Uint8Array | undefined, what: string): Zxid | undefined {
  if (b === undefined) return undefined;
  if (b.byteLength !== 8) throw new StorageError(`corrupt meta '${what}': ${b.byteLength} bytes, expected 8`);
  return zxidFromKey(b);
}

/** A node's key in `nodes`: its path with the last '/' replaced by a 0 byte (the root: '/'). Same length as the path. */
export function nodeKey(path: string): Buffer {
  const k = Buffer.from(path, 'utf8');
  // The last '/' is the last 0x2f byte: UTF-8 never uses that byte inside a multi-byte character.
  if (path !== '/') {
    const cut = k.lastIndexOf(0x2f);
    if (cut >= 0) k[cut] = 0;
  }
  if (k.byteLength === 0 || k.byteLength > MAX_PATH_BYTES) {
    throw new StorageError(`znode path of ${k.byteLength} bytes cannot be stored (limit ${MAX_PATH_BYTES})`);
  }
  return k;
}

/** The path a node key stands for (nodeKey's inverse). */
export function pathOfNodeKey(key: Uint8Array): string {
  const s = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('utf8');
  const cut = s.indexOf('\0');
  return cut < 0 ? s : `${s.slice(0, cut)}/${s.slice(cut + 1)}`;
}

/** The keys of the children of `path`: [start, end). */
function childRange(path: string): { start: Buffer; end: Buffer } {
  const parent = path === '/' ? '' : path;
  return { start: Buffer.from(`${parent}\0`, 'utf8'), end: Buffer.from(`${parent}\x01`, 'utf8') };
}

/** A node's value in `nodes`: its number of children, then its record. */
function nodeValue(path: string, rec: ZNodeRecord, numChildren: number): Buffer {
  if (!Number.isInteger(numChildren) || numChildren < 0 || numChildren > 0xffffffff) {
    throw new StorageUsageError(`numChildren of ${path} is not a count: ${numChildren}`);
  }
  return stored(encodeStoredZNode(rec, numChildren));
}


/**
 * A freshly encoded record, nobody else's, as the value of a put. lmdb takes any Uint8Array and
 * holds on to it until the write is done (write.js keeps it on the write's resolution), as for
 * appendLog's entries; Buffer.from(u8) copied it once more first (~1 % of the leader's CPU
 * under a create load, in applyCommitted: docs/performance.md).
 */
function stored(encoded: Uint8Array): Buffer {
  return encoded as Buffer;
}

function copy(b: Uint8Array): Uint8Array {
  return new Uint8Array(b); // lmdb may hand out buffers it reuses
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

const FULL_HINT = /MAP_FULL|ENOSPC|No space|EFBIG|too large|Input\/output|EIO/i;

class LmdbStorage implements Storage {
  private failure: StorageError | null = null;
  private closed = false;
  /** Each pending write: which call, and when it was queued (ms, monotonic). */
  private readonly inFlight = new Map<Promise<unknown>, { what: string; since: number }>();
  /** Checks for writes that never finish (see the file comment). */
  private readonly stallTimer: NodeJS.Timeout;
  /**
   * The bookkeeping below follows the calls as made (call order is the order writes take
   * effect), not their completion: the highest zxid in the log (0 when empty), lastApplied,
   * and the limit of the latest purge. Reads hide entries below that limit at once, so that a
   * reader never plans on an entry a purge already called will delete.
   */
  private logEnd: Zxid;
  private applied: Zxid;
  private purgeLimit: Zxid;
  /** The log generation the calls made so far leave (a replaceState starts a new one). */
  private generation: number;
  /** lastApplied of the newest applied batch LMDB has flushed: log files wholly below it may go. */
  private durableApplied: Zxid;
  /**
   * LMDB writes in call order, each waiting until the log operations called before it are done
   * (appends: durable), so that applied state never reaches the disk ahead of the log entries it
   * covers (on a leader a txn can commit before its own append is synced).
   */
  private readonly held: { need: number; durable: boolean; run: () => void }[] = [];
  private lastLazyCommit = -Infinity;
  private releaseTimer: NodeJS.Timeout | null = null;
  /** Ordered barriers (truncateLogAfter, setEpochs, replaceState): later calls wait for `gate`. */
  private gate: Promise<void> = Promise.resolve();
  private gated = 0;
  /** Calls chained on `gate` that have not started yet: a later call must queue behind them. */
  private waitingAtGate = 0;
  /** Calls started (not waiting at the gate) and not yet settled; a barrier waits for none. */
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly dir: string,
    private readonly root: RootDatabase<Bytes, Buffer>,
    private readonly meta: MetaDb,
    private readonly nodes: Db,
    private readonly owners: Db,
    private readonly sessions: Db,
    private readonly log: SegmentLog,
    generation: number,
    private readonly stallMs: number,
    private readonly appliedIntervalMs: number,
  ) {
    this.applied = readU64(meta.get(META_APPLIED), META_APPLIED) ?? ZERO_ZXID;
    this.durableApplied = this.applied;
    this.logEnd = log.last() ?? ZERO_ZXID;
    this.purgeLimit = log.start;
    this.generation = generation;
    log.onComplete = () => this.release();
    log.onFail = (e, call) => this.poison(call, e);
    this.stallTimer = setInterval(() => this.checkStalled(), Math.max(10, Math.floor(stallMs / 4)));
    this.stallTimer.unref();
  }

  // ---------------------------------------------------------------- reads

  async load(options: LoadOptions = {}): Promise<LoadedState> {
    this.checkOpen();
    const acceptedEpoch = readU32(this.meta.get(META_ACCEPTED), META_ACCEPTED) ?? 0;
    const currentEpoch = readU32(this.meta.get(META_CURRENT), META_CURRENT) ?? 0;
    const lastApplied = readU64(this.meta.get(META_APPLIED), META_APPLIED) ?? ZERO_ZXID;
    const lastLogged = maxBig(this.log.last() ?? ZERO_ZXID, lastApplied);
    // Raw bytes now, decoded as the tree takes them (stored-records.ts).
    const nodes = new StoredRecords((path, e) => new StorageError(`corrupt znode record at '${path}' in ${this.dir}: ${messageOf(e)}`));
    if (options.nodes !== false) for (const { key, value } of this.nodes.getRange({ snapshot: true })) {
      const path = pathOfNodeKey(key);
      if (value.byteLength < 4) throw new StorageError(`corrupt znode record at '${path}' in ${this.dir}: ${value.byteLength} bytes`);
      nodes.add(path, value.subarray(4));
    }
    const sessions: [bigint, SessionRecord][] = [];
    for (const { key, value } of this.sessions.getRange({ snapshot: true })) {
      const id = BigInt.asIntN(64, zxidFromKey(key)); // session ids are signed, as jute longs
      try {
        sessions.push([id, decodeSession(copy(value))]);
      } catch (e) {
        throw new StorageError(`corrupt session record ${id} in ${this.dir}: ${messageOf(e)}`);
      }
    }
    return { epochs: { acceptedEpoch, currentEpoch }, lastApplied, lastLogged, nodes, sessions };
  }

  readNode(path: string): StoredZNode | undefined {
    this.checkOpen();
    const value = this.nodes.get(nodeKey(path));
    if (value === undefined) return undefined;
    try {
      if (value.byteLength < 4) throw new Error(`${value.byteLength} bytes`);
      return { ...decodeZNode(copy(value.subarray(4))), numChildren: value.readUInt32BE(0) };
    } catch (e) {
      throw new StorageError(`corrupt znode record at '${path}' in ${this.dir}: ${messageOf(e)}`);
    }
  }

  scanNodes(): [string, ZNodeRecord][] {
    this.checkOpen();
    const out: [string, ZNodeRecord][] = [];
    for (const { key, value } of this.nodes.getRange({ snapshot: true })) {
      const path = pathOfNodeKey(key);
      try {
        if (value.byteLength < 4) throw new Error(`${value.byteLength} bytes`);
        out.push([path, decodeZNode(copy(value.subarray(4)))]);
      } catch (e) {
        throw new StorageError(`corrupt znode record at '${path}' in ${this.dir}: ${messageOf(e)}`);
      }
    }
    return out;
  }

  readIndex(): TreeIndex {
    this.checkOpen();
    const owners: [string, bigint][] = [];
    for (const { key, value } of this.owners.getRange({ snapshot: true })) {
      const path = pathOfNodeKey(key);
      if (value.byteLength !== 8) throw new StorageError(`corrupt owner index entry at '${path}' in ${this.dir}: ${value.byteLength} bytes`);
      owners.push([path, BigInt.asIntN(64, zxidFromKey(value))]);
    }
    return { totals: readTotals(this.meta, this.dir), owners };
  }

  readChildren(path: string): string[] {
    this.checkOpen();
    const { start, end } = childRange(path);
    const out: string[] = [];
    for (const key of this.nodes.getKeys({ start, end, snapshot: false })) out.push(key.subarray(start.byteLength).toString('utf8'));
    return out;
  }

  readLog(fromExclusive: Zxid, toInclusive?: Zxid, maxBytes?: number): LogEntry[] {
    this.checkOpen();
    if (toInclusive !== undefined && toInclusive <= fromExclusive) return [];
    const from = maxBig(fromExclusive + 1n, this.purgeLimit); // entries below the purge limit are going
    try {
      return this.log.read(from, toInclusive, maxBytes);
    } catch (e) {
      throw new StorageError(`reading the txn log in ${this.dir} failed: ${messageOf(e)}`);
    }
  }

  firstLogged(): Zxid | null {
    this.checkOpen();
    return this.log.firstFrom(this.purgeLimit);
  }

  lastLogged(): Zxid {
    return maxBig(this.logEnd, this.applied);
  }

  sizeOnDisk(): number {
    let n = this.log.sizeOnDisk();
    try {
      n += statSync(join(this.dir, 'data.mdb')).size;
    } catch {
      // not there yet
    }
    return n;
  }

  // ---------------------------------------------------------------- writes

  appendLog(entries: readonly LogEntry[]): Promise<void> {
    return this.write('appendLog', () => {
      if (entries.length === 0) return null;
      let prev = this.lastLogged();
      for (const e of entries) {
        if (e.zxid <= prev) {
          throw new StorageUsageError(`appendLog: zxid ${e.zxid} is not above ${prev} (zxids must increase and follow lastLogged)`);
        }
        prev = e.zxid;
      }
      this.logEnd = prev;
      const records = encodeRecords(entries); // our own copy, now
      const zxids = entries.map((e) => e.zxid);
      return this.ordered(() => this.log.appendEncoded(records, zxids));
    });
  }

  applyCommitted(batch: AppliedBatch): Promise<void> {
    return this.write('applyCommitted', () => {
      // Encode and validate everything first: nothing may throw once writes are queued.
      const nodes: [Buffer, Buffer | null][] = [];
      for (const [path, rec] of batch.nodes) nodes.push([nodeKey(path), rec === null ? null : nodeValue(path, rec, rec.numChildren)]);
      const sessions: [Buffer, Buffer | null][] = [];
      for (const [id, rec] of batch.sessions) sessions.push([zxidKey(id), rec === null ? null : stored(encodeSession(rec))]);
      const owners: [Buffer, Buffer | null][] = [];
      if (batch.owners) for (const [path, owner] of batch.owners) owners.push([nodeKey(path), owner === null ? null : u64(owner)]);
      const totals = batch.totals ? totalsValues(batch.totals) : null;
      const lastApplied = batch.lastApplied;
      if (lastApplied < this.applied) {
        throw new StorageUsageError(`applyCommitted: lastApplied ${lastApplied} is below ${this.applied}`);
      }
      this.applied = lastApplied;
      return this.ordered(() =>
        this.lmdb(this.log.issued, false, () => {
          const commit = this.root.batch(() => {
            for (const [k, v] of nodes) quiet(v === null ? this.nodes.remove(k) : this.nodes.put(k, v));
            for (const [k, v] of owners) quiet(v === null ? this.owners.remove(k) : this.owners.put(k, v));
            for (const [k, v] of sessions) quiet(v === null ? this.sessions.remove(k) : this.sessions.put(k, v));
            if (totals) {
              quiet(this.meta.put(META_NODE_COUNT, totals[0]));
              quiet(this.meta.put(META_DATA_SIZE, totals[1]));
            }
            quiet(this.meta.put(META_APPLIED, u64(lastApplied)));
          });
          this.root.flushed.then(() => {
            if (lastApplied > this.durableApplied) this.durableApplied = lastApplied;
          }, () => undefined);
          return commit;
        }),
      );
    });
  }

  truncateLogAfter(zxid: Zxid): Promise<void> {
    return this.write('truncateLogAfter', () => {
      if (zxid < this.applied) {
        throw new StorageUsageError(`truncateLogAfter(${zxid}) refused: it would cut committed entries (lastApplied ${this.applied})`);
      }
      if (zxid < this.logEnd) this.logEnd = zxid;
      return this.barrier(() => this.log.truncateAfter(zxid));
    });
  }

  purgeLogBefore(zxid: Zxid): Promise<number> {
    return this.write('purgeLogBefore', () => {
      const limit = zxid < this.applied + 1n ? zxid : nextZxid(this.applied);
      if (limit > this.purgeLimit) this.purgeLimit = limit;
      return this.ordered(async () => {
        // Whole files go only below what LMDB has flushed: a restart replays from there.
        const removed = await this.log.purge(limit, () => (limit < this.durableApplied + 1n ? limit : this.durableApplied + 1n));
        const start = this.log.start;
        await this.lmdb(0, false, () => this.meta.put(META_LOG_START, u64(start)));
        return removed;
      });
    });
  }

  setEpochs(epochs: Epochs): Promise<void> {
    return this.write('setEpochs', () => {
      for (const [name, v] of [['acceptedEpoch', epochs.acceptedEpoch], ['currentEpoch', epochs.currentEpoch]] as const) {
        if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new StorageUsageError(`setEpochs: ${name} out of range: ${v}`);
      }
      return this.barrier(() =>
        this.lmdb(0, true, () =>
          this.root.batch(() => {
            quiet(this.meta.put(META_ACCEPTED, u32(epochs.acceptedEpoch)));
            quiet(this.meta.put(META_CURRENT, u32(epochs.currentEpoch)));
          }),
        ),
      );
    });
  }

  /**
   * Replaces tree, sessions and lastApplied in one LMDB transaction that also names a new log
   * generation (the old log belongs to the history the snapshot replaces); once that is durable
   * the old generation's files go. A crash in between leaves files that the next open removes.
   */
  replaceState(state: { lastApplied: Zxid; nodes: Iterable<[string, ZNodeRecord]>; sessions: Iterable<[bigint, SessionRecord]> }): Promise<void> {
    return this.write('replaceState', () => {
      const records = [...state.nodes];
      const counts = countChildren(records.map(([path]) => path));
      const nodes: [Buffer, Buffer][] = [];
      for (const [path, rec] of records) nodes.push([nodeKey(path), nodeValue(path, rec, counts.get(path) ?? 0)]);
      const index = indexOf(records);
      const owners = index.owners.map(([path, owner]) => [nodeKey(path), u64(owner)] as const);
      const totals = totalsValues(index.totals);
      const sessions: [Buffer, Buffer][] = [];
      for (const [id, rec] of state.sessions) sessions.push([zxidKey(id), stored(encodeSession(rec))]);
      const lastApplied = state.lastApplied;
      this.applied = lastApplied;
      this.logEnd = ZERO_ZXID; // the log goes
      this.purgeLimit = ZERO_ZXID;
      const generation = ++this.generation;
      return this.barrier(async () => {
        await this.lmdb(0, true, () =>
          this.root.transaction(() => {
            this.nodes.clearSync();
            this.owners.clearSync();
            this.sessions.clearSync();
            for (const [k, v] of nodes) quiet(this.nodes.put(k, v));
            for (const [k, v] of owners) quiet(this.owners.put(k, v));
            quiet(this.meta.put(META_NODE_COUNT, totals[0]));
            quiet(this.meta.put(META_DATA_SIZE, totals[1]));
            for (const [k, v] of sessions) quiet(this.sessions.put(k, v));
            quiet(this.meta.put(META_APPLIED, u64(lastApplied)));
            quiet(this.meta.put(META_LOG_GENERATION, u32(generation)));
            quiet(this.meta.put(META_LOG_START, u64(0n)));
          }),
        );
        this.durableApplied = lastApplied;
        await this.log.reset(generation);
      });
    });
  }

  /** Poisons the storage (see poison): lmdb's exit listener would wait for a writer stuck in the disk. */
  abandon(reason: string): void {
    this.poison('a write before the exit', new Error(`abandoned: ${reason}`));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The stall check goes on meanwhile: a write that never finishes cannot hold the close.
    await Promise.allSettled([...this.inFlight.keys()]);
    clearInterval(this.stallTimer);
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    await this.log.close();
    try {
      if (this.failure === null) {
        await this.root.flushed;
        await this.root.close();
      } else {
        // lmdb's close waits for the flush of the transaction that failed, which never comes:
        // start it (readers are released) but do not wait for it forever.
        const closing = this.root.close().catch(() => undefined);
        await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 200))]);
      }
    } catch (e) {
      throw new StorageError(`closing ${this.dir} failed: ${messageOf(e)}`);
    }
  }

  // ---------------------------------------------------------------- ordering across the two stores

  /** Queues an LMDB write once the first `need` log operations are done; resolves on its commit,
   * and when `durable` once it is flushed. */
  private lmdb(need: number, durable: boolean, queue: () => Promise<unknown>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.held.push({
        need,
        durable,
        run: () => {
          let commit: Promise<unknown>;
          try {
            commit = queue();
          } catch (e) {
            reject(e);
            return;
          }
          commit.then(undefined, quietCommitError);
          // Captured now: the flush promise of the transaction holding what was just queued.
          const flushed = durable ? this.root.flushed : null;
          commit.then(() => (flushed ? this.unlessFailed(flushed) : undefined)).then(() => resolve(), reject);
        },
      });
      this.release();
    });
  }

  /**
   * Starts the held LMDB writes whose log operations are done, in call order. Writes that need
   * no flush (applied state, the purge marker) start at most once per `appliedIntervalMs`: each
   * LMDB commit costs two sync barriers, which otherwise compete on the disk with the log's
   * fdatasync that every acknowledgement waits for (docs/performance.md, section 9). Meanwhile
   * the applied-state writer merges what comes in (src/drive/applied-state.ts).
   */
  private release(): void {
    const now = performance.now();
    let lazyStarted = false;
    while (this.held.length > 0 && this.held[0]!.need <= this.log.completed) {
      const head = this.held[0]!;
      if (!head.durable && !lazyStarted) {
        const wait = this.lastLazyCommit + this.appliedIntervalMs - now;
        if (wait > 0) {
          this.releaseTimer ??= setTimeout(() => {
            this.releaseTimer = null;
            this.release();
          }, Math.ceil(wait));
          return;
        }
        lazyStarted = true;
        this.lastLazyCommit = now;
      }
      this.held.shift();
      head.run();
    }
  }

  /** Starts a call now, or after the pending barrier. */
  private ordered<T>(start: () => Promise<T>): Promise<T> {
    const run = (): Promise<T> => {
      if (this.failure) return Promise.reject(this.failure);
      this.active++;
      const p = start();
      const settle = (): void => {
        if (--this.active === 0) for (const w of this.idleWaiters.splice(0)) w();
      };
      p.then(settle, settle);
      return p;
    };
    // Not only while a barrier is pending: `gated` drops a microtask before the calls chained on
    // the gate run, and a call made in between must not overtake them (its log append would
    // reach the file before theirs).
    if (this.gated === 0 && this.waitingAtGate === 0) return run();
    this.waitingAtGate++;
    return this.gate.then(() => {
      this.waitingAtGate--;
      return run();
    });
  }

  /** Starts a call once every earlier call has settled; later calls wait until it has. */
  private barrier<T>(start: () => Promise<T>): Promise<T> {
    this.gated++;
    const p = this.gate
      .then(() => (this.active === 0 ? undefined : new Promise<void>((resolve) => this.idleWaiters.push(resolve))))
      .then(() => (this.failure ? Promise.reject(this.failure) : start()));
    this.gate = p.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      this.gated--;
    });
    return p;
  }

  // ---------------------------------------------------------------- machinery

  private checkOpen(): void {
    if (this.closed) throw new StorageError(`storage in ${this.dir} is closed`);
  }

  /**
   * Runs `start` (which validates, then starts the write and returns its completion: for the
   * durable calls, once on disk). Validation errors (thrown before anything is started) reject
   * without poisoning; any failure of the write poisons.
   */
  private write<T>(what: string, start: () => Promise<T> | null): Promise<T> {
    if (this.closed) return Promise.reject(new StorageError(`${what}: storage in ${this.dir} is closed`));
    if (this.failure) return Promise.reject(this.failure);
    let started: Promise<T> | null;
    try {
      started = start();
    } catch (e) {
      if (e instanceof StorageUsageError) return Promise.reject(e);
      // Anything else (a path too long to store): the caller's in-memory state is now ahead of the disk.
      return Promise.reject(this.poison(what, e));
    }
    if (started === null) return Promise.resolve(undefined as T);
    const p = started;
    const done = (async (): Promise<T> => {
      try {
        // Also ends when another write poisons the storage first: a write queued behind a
        // failed one may never settle, and whoever waits for one (the applied-state writer, a
        // server stopping on a fatal failure) would wait forever.
        return await this.unlessFailed(p);
      } catch (e) {
        if (this.failure && e === this.failure) throw e;
        throw this.poison(what, await unwrapCommitError(e));
      }
    })();
    this.inFlight.set(done, { what, since: performance.now() });
    // While a write is pending the check keeps the process alive: a write that never finishes
    // holds nothing else that would.
    this.stallTimer.ref();
    const forget = (): void => {
      this.inFlight.delete(done);
      if (this.inFlight.size === 0) this.stallTimer.unref();
    };
    done.then(forget, forget);
    return done;
  }

  private readonly failureWaiters = new Set<(e: StorageError) => void>();

  /** Poisons the storage when a write has been pending for longer than `stallMs`. */
  private checkStalled(): void {
    if (this.failure) return;
    const now = performance.now();
    for (const { what, since } of this.inFlight.values()) {
      if (now - since > this.stallMs) {
        this.poison(what, new Error(`no result from the disk after ${Math.round(now - since)} ms (a stalled fsync, or LMDB's environment failed: MDB_PANIC)`));
        return;
      }
    }
  }

  /** Waits for `p`, or rejects if the storage gets poisoned first (a failed transaction's flush
   * promise never settles, so nobody may wait for it alone). */
  private async unlessFailed<T>(p: Promise<T>): Promise<T> {
    let reject: ((e: StorageError) => void) | undefined;
    const failed = new Promise<never>((_, r) => { reject = r; });
    if (this.failure) {
      p.then(undefined, () => undefined);
      throw this.failure;
    }
    this.failureWaiters.add(reject!);
    try {
      return await Promise.race([p, failed]);
    } finally {
      this.failureWaiters.delete(reject!);
    }
  }

  private poison(what: string, cause: unknown): StorageError {
    if (this.failure) return this.failure;
    const code = (cause as { code?: unknown } | null)?.code;
    const msg = messageOf(cause) + (code !== undefined ? ` [code ${String(code)}]` : '');
    const hint = FULL_HINT.test(msg) ? ' (is the disk full?)' : '';
    const err = new StorageError(`storage write failed in ${what} (${this.dir}): ${msg}${hint}; no further writes are accepted until restart`);
    this.failure = err;
    // Abandon the environment at exit rather than wait for a lock a failed writer may hold.
    for (const l of lmdbExitListeners ?? []) process.removeListener('exit', l);
    for (const w of [...this.failureWaiters]) w(err);
    this.failureWaiters.clear();
    this.log.abandon(err);
    return err;
  }
}

/** Marks lmdb's commitError promise of a failed commit as handled. */
function quietCommitError(e: unknown): void {
  const inner = (e as { commitError?: unknown } | null)?.commitError;
  if (inner && typeof (inner as Promise<unknown>).then === 'function') (inner as Promise<unknown>).then(undefined, () => undefined);
}

/**
 * lmdb rejects a failed commit with "Commit failed (see commitError for details)" and puts the
 * real error on `error.commitError`, a promise it rejects just afterwards. Attach a handler (or
 * the process dies of an unhandled rejection) and take its message.
 */
async function unwrapCommitError(e: unknown): Promise<unknown> {
  const inner = (e as { commitError?: unknown } | null)?.commitError;
  if (inner && typeof (inner as Promise<unknown>).then === 'function') {
    const p = inner as Promise<unknown>;
    p.then(undefined, () => undefined);
    const detail = await Promise.race([
      p.then(() => e, (x: unknown) => x),
      new Promise<unknown>((resolve) => setImmediate(() => resolve(e))),
    ]);
    return detail;
  }
  return e;
}

export async function openLmdbStorage(dir: string, options: LmdbStorageOptions = {}): Promise<Storage> {
  // A data directory made here is durable before LMDB or the log write anything into it.
  syncCreatedDirectories(await mkdir(dir, { recursive: true }), dir);
  let root: RootDatabase<Bytes, Buffer>;
  const exitListenersBefore = new Set(process.listeners('exit'));
  try {
    root = open<Bytes, Buffer>({
      path: dir,
      noSubdir: false,
      maxDbs: 8,
      mapSize: options.mapSizeBytes ?? DEFAULT_MAP_SIZE,
      encoding: 'binary',
      keyEncoding: 'binary',
      // Explicit, so a future default change cannot silently weaken durability:
      overlappingSync: process.platform !== 'win32',
      noSync: false,
      // Off: see "Group commit" above (an unhandled internal rejection on a failed commit).
      eventTurnBatching: false,
      txnStartThreshold: 1000,
      // Transaction callbacks (replaceState, the upgrade) run in call order with the plain puts
      // and removes around them; see "Call order" above.
      strictAsyncOrder: true,
      // After a crash, restart from the last flushed transaction (see the file comment).
      safeRestore: true,
    } as Parameters<typeof open>[0] & { safeRestore: boolean });
  } catch (e) {
    throw new StorageError(`cannot open LMDB environment in ${dir}: ${messageOf(e)}`);
  }
  const added = process.listeners('exit').filter((l) => !exitListenersBefore.has(l));
  if (added.length > 0) lmdbExitListeners = added as ((...args: unknown[]) => void)[];
  const report = options.report ?? ((level: 'info' | 'warn' | 'error', msg: string) => process.stderr.write(`${level.toUpperCase()} ${msg}\n`));
  const logOptions: SegmentLogOptions = {
    segmentBytes: options.segmentBytes,
    preallocBytes: options.preallocBytes,
    report,
    beforeSync: options.beforeLogSyncForTesting,
  };
  const logDir = join(dir, LOG_DIR);
  let log: SegmentLog | null = null;
  try {
    // One synchronous write transaction opens (creates) the sub-databases and, in a fresh
    // directory, writes the format marker: one synced commit for a fresh start, where it was
    // five and then two (docs/performance.md, sections 6 and 17). A synchronous commit is durable
    // when it returns (lmdb syncs the data pages, then writes a flushed meta page: see the file
    // comment). A crash before it leaves the environment as it was (no sub-databases, no marker:
    // the next open starts afresh); after it, the marker and the generation are on disk before
    // the log directory exists and long before anything is appended to it, so no acknowledged
    // log entry can ever be found beside a missing marker (docs/storage-contract.md, "Opening a
    // fresh directory").
    const { meta, legacyLog, legacyTree, nodes, owners, sessions, format } = root.transactionSync(() => {
      const dbs = {
        meta: root.openDB<Bytes, string>('meta', { encoding: 'binary', keyEncoding: 'ordered-binary' }),
        legacyLog: root.openDB<Bytes, Buffer>('log', { encoding: 'binary', keyEncoding: 'binary' }),
        legacyTree: root.openDB<Bytes, Buffer>('tree', { encoding: 'binary', keyEncoding: 'binary' }),
        nodes: root.openDB<Bytes, Buffer>('nodes', { encoding: 'binary', keyEncoding: 'binary' }),
        owners: root.openDB<Bytes, Buffer>('owners', { encoding: 'binary', keyEncoding: 'binary' }),
        sessions: root.openDB<Bytes, Buffer>('sessions', { encoding: 'binary', keyEncoding: 'binary' }),
      };
      const found = readU32(dbs.meta.get(META_FORMAT), META_FORMAT);
      if (found !== undefined) return { ...dbs, format: found };
      const empty = [dbs.meta, dbs.legacyLog, dbs.legacyTree, dbs.nodes, dbs.owners, dbs.sessions].every((db) => db.getKeysCount() === 0);
      if (!empty) throw new StorageError(`${dir} holds data without a storage format marker: not a zk-ts data directory`);
      rmSync(logDir, { recursive: true, force: true }); // files of a start that never wrote its marker
      // Inside the transaction, put writes at once (nothing is queued).
      dbs.meta.put(META_FORMAT, u32(STORAGE_FORMAT));
      dbs.meta.put(META_LOG_GENERATION, u32(1));
      dbs.meta.put(META_NODE_COUNT, u64(0n));
      dbs.meta.put(META_DATA_SIZE, u64(0n));
      return { ...dbs, format: STORAGE_FORMAT };
    });
    if (format === 1) {
      await upgradeFromFormat1(dir, root, meta, legacyLog, logOptions);
      await upgradeFromFormat2(dir, root, meta, legacyTree, nodes, owners, report);
    } else if (format === 2) {
      await upgradeFromFormat2(dir, root, meta, legacyTree, nodes, owners, report);
    } else if (format === 3) {
      await upgradeFromFormat3(dir, root, meta, nodes, owners, report);
    } else if (format !== STORAGE_FORMAT) {
      throw new StorageError(
        `${dir} has storage format ${format}, this build reads formats 1 to ${STORAGE_FORMAT}` +
          (format > STORAGE_FORMAT ? ' (written by a newer version?)' : ''),
      );
    }
    const generation = readU32(meta.get(META_LOG_GENERATION), META_LOG_GENERATION) ?? 1;
    const start = readU64(meta.get(META_LOG_START), META_LOG_START) ?? ZERO_ZXID;
    log = SegmentLog.open(logDir, generation, start, logOptions);
    const lastApplied = readU64(meta.get(META_APPLIED), META_APPLIED) ?? ZERO_ZXID;
    const last = log.last();
    if (last !== null && last < lastApplied) {
      // The open cut the log below the applied state (corruption, or damage taken for a torn
      // tail). Appends go on above lastApplied, so the log would have a gap; a leader must not
      // send a DIFF across it. The log starts above lastApplied instead (durably: the next
      // open sees no cut), and a peer that is behind gets a snapshot.
      const raised = nextZxid(lastApplied);
      report('error', `txn log in ${logDir} ends at zxid 0x${last.toString(16)}, below lastApplied 0x${lastApplied.toString(16)}: the entries between are lost from the log (the applied state has them); the log now starts at 0x${raised.toString(16)}, and peers behind it are sent a snapshot`);
      log.raiseStart(raised);
      const commit = root.batch(() => quiet(meta.put(META_LOG_START, u64(raised))));
      const flushed = root.flushed;
      await commit;
      await flushed;
    }
    return new LmdbStorage(dir, root, meta, nodes, owners, sessions, log, generation, options.stallMs ?? DEFAULT_STALL_MS, options.appliedIntervalMs ?? DEFAULT_APPLIED_INTERVAL_MS);
  } catch (e) {
    await log?.close().catch(() => undefined);
    await root.close().catch(() => undefined);
    if (e instanceof StorageError) throw e;
    throw new StorageError(`cannot open storage in ${dir}: ${messageOf(await unwrapCommitError(e))}`);
  }
}

/**
 * Format 1 kept the log in LMDB. Its entries are copied into log files (generation 1) and
 * synced; then one LMDB transaction empties the old log and sets format 2. A crash before that
 * transaction is flushed leaves format 1 (files of an unfinished upgrade are removed and the
 * upgrade starts over); after it, format 2 with its files in place.
 */
async function upgradeFromFormat1(dir: string, root: RootDatabase<Bytes, Buffer>, meta: MetaDb, legacyLog: Db, logOptions: SegmentLogOptions): Promise<void> {
  const logDir = join(dir, LOG_DIR);
  rmSync(logDir, { recursive: true, force: true });
  const log = SegmentLog.open(logDir, 1, ZERO_ZXID, logOptions);
  let moved = 0;
  try {
    let chunk: LogEntry[] = [];
    let bytes = 0;
    for (const { key, value } of legacyLog.getRange({ snapshot: true })) {
      chunk.push({ zxid: zxidFromKey(key), bytes: copy(value) });
      bytes += value.byteLength;
      if (chunk.length >= 10_000 || bytes >= 16 * 1024 * 1024) {
        await log.append(chunk);
        moved += chunk.length;
        chunk = [];
        bytes = 0;
      }
    }
    if (chunk.length > 0) await log.append(chunk);
    moved += chunk.length;
  } finally {
    await log.close();
  }
  const commit = root.transaction(() => {
    legacyLog.clearSync();
    quiet(meta.put(META_FORMAT, u32(2)));
    quiet(meta.put(META_LOG_GENERATION, u32(1)));
    quiet(meta.put(META_LOG_START, u64(0n)));
  });
  const flushed = root.flushed;
  await commit;
  await flushed;
  logOptions.report?.('info', `storage in ${dir} upgraded from format 1 to 2: ${moved} log entries moved into ${logDir}`);
}

/**
 * Format 2 kept the tree under full paths (`tree`), where a node's children could only be found
 * by scanning its whole subtree, and no child counts. One LMDB transaction counts the children
 * of every node, writes each node into `nodes` under its node key with its count, empties
 * `tree` and sets format 3: a crash before it is flushed leaves format 2 as it was, after it
 * format 3 complete (docs/storage-contract.md, "The tree on disk, format 3").
 */
async function upgradeFromFormat2(dir: string, root: RootDatabase<Bytes, Buffer>, meta: MetaDb, legacyTree: Db, nodes: Db, owners: Db, report: (level: 'info' | 'warn' | 'error', msg: string) => void): Promise<void> {
  let moved = 0;
  const commit = root.transaction(() => {
    const counts = countChildren((function* () {
      for (const key of legacyTree.getKeys({ snapshot: false })) yield key.toString('utf8');
    })());
    nodes.clearSync(); // nothing there unless a format 3 build wrote it; format 2 is the truth
    for (const { key, value } of legacyTree.getRange({ snapshot: false })) {
      const path = key.toString('utf8');
      const v = Buffer.allocUnsafe(4 + value.byteLength);
      v.writeUInt32BE(counts.get(path) ?? 0, 0);
      v.set(value, 4);
      quiet(nodes.put(nodeKey(path), v));
      moved++;
    }
    legacyTree.clearSync();
    writeIndex(nodes, owners, meta, dir);
    quiet(meta.put(META_FORMAT, u32(STORAGE_FORMAT)));
  });
  const flushed = root.flushed;
  await commit;
  await flushed;
  report('info', `storage in ${dir} upgraded from format 2 to ${STORAGE_FORMAT}: ${moved} znodes re-keyed by parent, with their child counts and the tree's index`);
}

/**
 * Format 3 had no index of owned nodes and no totals: start-up had to read every node to find
 * them. One LMDB transaction reads the nodes once, writes the index and the totals, and sets
 * format 4: a crash before it is flushed leaves format 3 as it was, after it format 4 complete
 * (docs/storage-contract.md, "The tree's index").
 */
async function upgradeFromFormat3(dir: string, root: RootDatabase<Bytes, Buffer>, meta: MetaDb, nodes: Db, owners: Db, report: (level: 'info' | 'warn' | 'error', msg: string) => void): Promise<void> {
  let index: TreeIndex | null = null;
  const commit = root.transaction(() => {
    index = writeIndex(nodes, owners, meta, dir);
    quiet(meta.put(META_FORMAT, u32(STORAGE_FORMAT)));
  });
  const flushed = root.flushed;
  await commit;
  await flushed;
  const { totals, owners: owned } = index as unknown as TreeIndex;
  report('info', `storage in ${dir} upgraded from format 3 to ${STORAGE_FORMAT}: the tree's index built (${totals.nodes} znodes, ${owned.length} with an owner)`);
}

/** Inside a write transaction: (re)writes the owner index and the totals from the nodes as they are now. */
function writeIndex(nodes: Db, owners: Db, meta: MetaDb, dir: string): TreeIndex {
  const index = indexOf((function* () {
    for (const { key, value } of nodes.getRange({ snapshot: false })) {
      const path = pathOfNodeKey(key);
      try {
        if (value.byteLength < 4) throw new Error(`${value.byteLength} bytes`);
        yield [path, decodeZNode(copy(value.subarray(4)))] as [string, ZNodeRecord];
      } catch (e) {
        throw new StorageError(`corrupt znode record at '${path}' in ${dir}: ${messageOf(e)}`);
      }
    }
  })());
  owners.clearSync();
  for (const [path, owner] of index.owners) quiet(owners.put(nodeKey(path), u64(owner)));
  const [count, size] = totalsValues(index.totals);
  quiet(meta.put(META_NODE_COUNT, count));
  quiet(meta.put(META_DATA_SIZE, size));
  return index;
}

function totalsValues(t: TreeTotals): [Buffer, Buffer] {
  if (!Number.isSafeInteger(t.nodes) || t.nodes < 0 || !Number.isSafeInteger(t.dataSize) || t.dataSize < 0) {
    throw new StorageUsageError(`the tree's totals are not counts: ${t.nodes} nodes, ${t.dataSize} bytes`);
  }
  return [u64(BigInt(t.nodes)), u64(BigInt(t.dataSize))];
}

function readTotals(meta: MetaDb, dir: string): TreeTotals {
  const nodes = readU64(meta.get(META_NODE_COUNT), META_NODE_COUNT);
  const dataSize = readU64(meta.get(META_DATA_SIZE), META_DATA_SIZE);
  if (nodes === undefined || dataSize === undefined) throw new StorageError(`${dir} has no tree totals (format ${STORAGE_FORMAT} writes them at open)`);
  return { nodes: Number(nodes), dataSize: Number(dataSize) };
}

/**
 * Tests only: make a closed format 4 data directory what format 3 wrote (no owner index, no
 * totals), for the tests of the upgrade.
 */
export async function dropTreeIndexForTesting(dir: string): Promise<void> {
  const root = open<Bytes, Buffer>({ path: dir, noSubdir: false, maxDbs: 8, encoding: 'binary', keyEncoding: 'binary' });
  try {
    const meta = root.openDB<Bytes, string>('meta', { encoding: 'binary', keyEncoding: 'ordered-binary' });
    const owners = root.openDB<Bytes, Buffer>('owners', { encoding: 'binary', keyEncoding: 'binary' });
    await root.transaction(() => {
      owners.clearSync();
      quiet(meta.remove(META_NODE_COUNT));
      quiet(meta.remove(META_DATA_SIZE));
      quiet(meta.put(META_FORMAT, u32(3)));
    });
    await root.flushed;
  } finally {
    await root.close();
  }
}

/** Tests only: overwrite (or, with null, remove) the format marker of a closed data directory. */
export async function setStorageFormatForTesting(dir: string, format: number | null): Promise<void> {
  const root = open<Bytes, Buffer>({ path: dir, noSubdir: false, maxDbs: 8, encoding: 'binary', keyEncoding: 'binary' });
  try {
    const meta = root.openDB<Bytes, string>('meta', { encoding: 'binary', keyEncoding: 'ordered-binary' });
    await (format === null ? meta.remove(META_FORMAT) : meta.put(META_FORMAT, u32(format)));
    await root.flushed;
  } finally {
    await root.close();
  }
}
