/**
 * Storage on one LMDB environment (docs/storage-contract.md). The only module that imports 'lmdb'.
 *
 * Layout (one environment in `dir`, sub-databases, all values raw bytes):
 *   meta      'format' → u32 BE (1), 'acceptedEpoch' / 'currentEpoch' → u32 BE, 'lastApplied' → u64 BE
 *   log       8-byte BE zxid → encoded Txn
 *   tree      UTF-8 path → encoded ZNodeRecord (wire/persist.ts)
 *   sessions  8-byte BE session id (two's complement; loaded back as a signed bigint) → encoded SessionRecord
 *
 * Durability with lmdb 3.5.6 (read in its source, then checked with strace, an LD_PRELOAD shim
 * that delays fdatasync, and test/integration/storage-crash.test.ts):
 * - `overlappingSync` is on (the Linux default; set explicitly). A transaction becomes *visible*
 *   to readers when its meta page is written, before the fsync; the write thread then calls
 *   fdatasync and writes a "flushed" meta marker. In 3.5.6 a write's promise in fact resolves
 *   only after that (lmdb sets the committed flag when mdb_txn_commit returns, which includes the
 *   sync), but the README documents it as "committed", so we do not rely on it: `appendLog`,
 *   `setEpochs`, `truncateLogAfter` and `replaceState` also wait for the transaction's flush
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
 * Group commit: writes queued in one event turn go into one transaction and one fsync; the
 * transaction starts on setImmediate (or once 1000 writes are queued), and writes queued while
 * it is being written go into the next. Concurrent appendLog calls never wait for each other's
 * fsync one by one. `eventTurnBatching` is off on purpose: with it, lmdb-js queues an internal
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
import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { maxBig, nextZxid, ZERO_ZXID, zxidFromKey, zxidKey, type Zxid } from '../../base/zxid.js';
import { decodeSession, encodeSession, encodeZNode, MAX_STORED_PATH_BYTES, type SessionRecord, type ZNodeRecord } from '../../wire/persist.js';
import type { AppliedBatch, Epochs, LoadedState, LogEntry, Storage } from '../api.js';
import { StoredRecords } from './stored-records.js';

export const STORAGE_FORMAT = 1;
/** lmdb's key limit with the default 4 KiB pages: longer znode paths cannot be stored. */
export const MAX_PATH_BYTES = MAX_STORED_PATH_BYTES;
const DEFAULT_MAP_SIZE = 1024 * 1024 * 1024;
const DEFAULT_STALL_MS = 30_000;

/** The 'exit' listeners lmdb added when this process first opened an environment (see poison). */
let lmdbExitListeners: ((...args: unknown[]) => void)[] | null = null;

export interface LmdbStorageOptions {
  /** Reserved for the runtime's purge policy (entries to keep); not used by the storage itself. */
  logRetain?: number;
  /** Initial map size in bytes (default 1 GiB); lmdb grows it when needed. */
  mapSizeBytes?: number;
  /** A write pending longer than this poisons the storage (see "Writes that never finish"). */
  stallMs?: number;
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

function pathKey(path: string): Buffer {
  const k = Buffer.from(path, 'utf8');
  if (k.byteLength === 0 || k.byteLength > MAX_PATH_BYTES) {
    throw new StorageError(`znode path of ${k.byteLength} bytes cannot be stored (limit ${MAX_PATH_BYTES})`);
  }
  return k;
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
  private purgeLimit = ZERO_ZXID;

  constructor(
    private readonly dir: string,
    private readonly root: RootDatabase<Bytes, Buffer>,
    private readonly meta: MetaDb,
    private readonly log: Db,
    private readonly tree: Db,
    private readonly sessions: Db,
    private readonly stallMs: number,
  ) {
    this.applied = readU64(meta.get(META_APPLIED), META_APPLIED) ?? ZERO_ZXID;
    this.logEnd = this.lastLogKey() ?? ZERO_ZXID;
    this.stallTimer = setInterval(() => this.checkStalled(), Math.max(10, Math.floor(stallMs / 4)));
    this.stallTimer.unref();
  }

  // ---------------------------------------------------------------- reads

  async load(): Promise<LoadedState> {
    this.checkOpen();
    const acceptedEpoch = readU32(this.meta.get(META_ACCEPTED), META_ACCEPTED) ?? 0;
    const currentEpoch = readU32(this.meta.get(META_CURRENT), META_CURRENT) ?? 0;
    const lastApplied = readU64(this.meta.get(META_APPLIED), META_APPLIED) ?? ZERO_ZXID;
    const lastLogged = maxBig(this.lastLogKey() ?? ZERO_ZXID, lastApplied);
    // Raw bytes now, decoded as the tree takes them (stored-records.ts).
    const nodes = new StoredRecords((path, e) => new StorageError(`corrupt znode record at '${path}' in ${this.dir}: ${messageOf(e)}`));
    for (const { key, value } of this.tree.getRange({ snapshot: true })) nodes.add(key.toString('utf8'), value);
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

  readLog(fromExclusive: Zxid, toInclusive?: Zxid, maxBytes?: number): LogEntry[] {
    this.checkOpen();
    const out: LogEntry[] = [];
    if (toInclusive !== undefined && toInclusive <= fromExclusive) return out;
    const hidden = fromExclusive < this.purgeLimit; // entries below the purge limit are going
    const range = this.log.getRange({
      start: zxidKey(hidden ? this.purgeLimit : fromExclusive),
      exclusiveStart: !hidden,
      ...(toInclusive === undefined ? {} : { end: zxidKey(toInclusive), inclusiveEnd: true }),
    });
    let bytes = 0;
    for (const { key, value } of range) {
      out.push({ zxid: zxidFromKey(key), bytes: copy(value) });
      bytes += value.byteLength;
      if (maxBytes !== undefined && bytes >= maxBytes) break;
    }
    return out;
  }

  firstLogged(): Zxid | null {
    this.checkOpen();
    for (const key of this.log.getKeys({ start: zxidKey(this.purgeLimit), limit: 1 })) return zxidFromKey(key);
    return null;
  }

  lastLogged(): Zxid {
    return maxBig(this.logEnd, this.applied);
  }

  sizeOnDisk(): number {
    try {
      return statSync(join(this.dir, 'data.mdb')).size;
    } catch {
      return 0;
    }
  }

  private lastLogKey(): Zxid | null {
    for (const key of this.log.getKeys({ reverse: true, limit: 1 })) return zxidFromKey(key);
    return null;
  }

  // ---------------------------------------------------------------- writes

  appendLog(entries: readonly LogEntry[]): Promise<void> {
    return this.write('appendLog', true, () => {
      if (entries.length === 0) return null;
      let prev = this.lastLogged();
      for (const e of entries) {
        if (e.zxid <= prev) {
          throw new StorageUsageError(`appendLog: zxid ${e.zxid} is not above ${prev} (zxids must increase and follow lastLogged)`);
        }
        prev = e.zxid;
      }
      this.logEnd = prev;
      const commit = this.root.batch(() => {
        for (const e of entries) quiet(this.log.put(zxidKey(e.zxid), e.bytes as Buffer));
      });
      return { commit, after: () => undefined };
    });
  }

  applyCommitted(batch: AppliedBatch): Promise<void> {
    return this.write('applyCommitted', false, () => {
      // Encode and validate everything first: nothing may throw once writes are queued.
      const nodes: [Buffer, Buffer | null][] = [];
      for (const [path, rec] of batch.nodes) nodes.push([pathKey(path), rec === null ? null : stored(encodeZNode(rec))]);
      const sessions: [Buffer, Buffer | null][] = [];
      for (const [id, rec] of batch.sessions) sessions.push([zxidKey(id), rec === null ? null : stored(encodeSession(rec))]);
      const lastApplied = batch.lastApplied;
      if (lastApplied < this.applied) {
        throw new StorageUsageError(`applyCommitted: lastApplied ${lastApplied} is below ${this.applied}`);
      }
      this.applied = lastApplied;
      const commit = this.root.batch(() => {
        for (const [k, v] of nodes) quiet(v === null ? this.tree.remove(k) : this.tree.put(k, v));
        for (const [k, v] of sessions) quiet(v === null ? this.sessions.remove(k) : this.sessions.put(k, v));
        quiet(this.meta.put(META_APPLIED, u64(lastApplied)));
      });
      return { commit, after: () => undefined };
    });
  }

  truncateLogAfter(zxid: Zxid): Promise<void> {
    return this.write('truncateLogAfter', true, () => {
      if (zxid < this.applied) {
        throw new StorageUsageError(`truncateLogAfter(${zxid}) refused: it would cut committed entries (lastApplied ${this.applied})`);
      }
      if (zxid < this.logEnd) this.logEnd = zxid;
      const commit = this.root.transaction(() => {
        const doomed = [...this.log.getKeys({ start: zxidKey(zxid), exclusiveStart: true })].map((k) => Buffer.from(k));
        for (const k of doomed) quiet(this.log.remove(k));
      });
      return { commit, after: () => undefined };
    });
  }

  purgeLogBefore(zxid: Zxid): Promise<number> {
    return this.write('purgeLogBefore', false, () => {
      const limit = zxid < nextZxid(this.applied) ? zxid : nextZxid(this.applied);
      if (limit > this.purgeLimit) this.purgeLimit = limit;
      let removed = 0;
      const commit = this.root.transaction(() => {
        const doomed = [...this.log.getKeys({ end: zxidKey(limit) })].map((k) => Buffer.from(k));
        for (const k of doomed) quiet(this.log.remove(k));
        removed = doomed.length;
      });
      return { commit, after: () => removed };
    });
  }

  setEpochs(epochs: Epochs): Promise<void> {
    return this.write('setEpochs', true, () => {
      for (const [name, v] of [['acceptedEpoch', epochs.acceptedEpoch], ['currentEpoch', epochs.currentEpoch]] as const) {
        if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new StorageUsageError(`setEpochs: ${name} out of range: ${v}`);
      }
      const commit = this.root.batch(() => {
        quiet(this.meta.put(META_ACCEPTED, u32(epochs.acceptedEpoch)));
        quiet(this.meta.put(META_CURRENT, u32(epochs.currentEpoch)));
      });
      return { commit, after: () => undefined };
    });
  }

  /** Replaces tree, sessions and lastApplied in one transaction, and empties the log (its entries
   * belong to the history the snapshot replaces). */
  replaceState(state: { lastApplied: Zxid; nodes: Iterable<[string, ZNodeRecord]>; sessions: Iterable<[bigint, SessionRecord]> }): Promise<void> {
    return this.write('replaceState', true, () => {
      const nodes: [Buffer, Buffer][] = [];
      for (const [path, rec] of state.nodes) nodes.push([pathKey(path), stored(encodeZNode(rec))]);
      const sessions: [Buffer, Buffer][] = [];
      for (const [id, rec] of state.sessions) sessions.push([zxidKey(id), stored(encodeSession(rec))]);
      const lastApplied = state.lastApplied;
      this.applied = lastApplied;
      this.logEnd = ZERO_ZXID; // the log goes
      this.purgeLimit = ZERO_ZXID;
      const commit = this.root.transaction(() => {
        this.tree.clearSync();
        this.sessions.clearSync();
        this.log.clearSync();
        for (const [k, v] of nodes) quiet(this.tree.put(k, v));
        for (const [k, v] of sessions) quiet(this.sessions.put(k, v));
        quiet(this.meta.put(META_APPLIED, u64(lastApplied)));
      });
      return { commit, after: () => undefined };
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

  // ---------------------------------------------------------------- machinery

  private checkOpen(): void {
    if (this.closed) throw new StorageError(`storage in ${this.dir} is closed`);
  }

  /**
   * Runs `queue` (which validates, then queues lmdb writes synchronously), then waits for the
   * commit and, when `durable`, for the flush of the transaction that holds it. Validation
   * errors (thrown before anything is queued) reject without poisoning; lmdb errors poison.
   */
  private write<T>(
    what: string,
    durable: boolean,
    queue: () => { commit: Promise<unknown>; after: () => T } | null,
  ): Promise<T> {
    if (this.closed) return Promise.reject(new StorageError(`${what}: storage in ${this.dir} is closed`));
    if (this.failure) return Promise.reject(this.failure);
    let queued: { commit: Promise<unknown>; after: () => T } | null;
    let flushed: Promise<unknown> | null = null;
    try {
      queued = queue();
      // Captured now: the flush promise of the transaction holding what was just queued.
      if (queued && durable) flushed = new Promise<void>((resolve) => { this.root.flushed.then(() => resolve(), () => resolve()); });
    } catch (e) {
      if (e instanceof StorageUsageError) return Promise.reject(e);
      // Anything else (lmdb threw while queueing, a path too long to store): the caller's
      // in-memory state is now ahead of the disk, or part of a batch may be queued.
      return Promise.reject(this.poison(what, e));
    }
    if (queued === null) return Promise.resolve(undefined as T);
    const { commit, after } = queued;
    // Whoever settles first below, lmdb's own commitError promise of a failed commit must be
    // handled, or the process dies of an unhandled rejection (see unwrapCommitError).
    commit.then(undefined, quietCommitError);
    const done = (async (): Promise<T> => {
      try {
        // Also ends when another write poisons the storage first: lmdb may never settle the
        // writes queued behind a failed transaction, and whoever waits for one (the applied-state
        // writer, a server stopping on a fatal failure) would wait forever.
        await this.unlessFailed(commit);
      } catch (e) {
        if (this.failure && e === this.failure) throw e;
        throw this.poison(what, await unwrapCommitError(e));
      }
      if (flushed) await this.unlessFailed(flushed);
      if (this.failure) throw this.failure;
      return after();
    })();
    this.inFlight.set(done, { what, since: performance.now() });
    // While a write is pending the check keeps the process alive: a write that never finishes
    // holds nothing else that would (lmdb's write thread has returned).
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
        this.poison(what, new Error(`no result from LMDB after ${Math.round(now - since)} ms (the environment may have failed: MDB_PANIC)`));
        return;
      }
    }
  }

  /** Waits for `p`, or rejects if the storage gets poisoned first (a failed transaction's flush
   * promise never settles, so nobody may wait for it alone). */
  private async unlessFailed(p: Promise<unknown>): Promise<void> {
    let reject: ((e: StorageError) => void) | undefined;
    const failed = new Promise<never>((_, r) => { reject = r; });
    if (this.failure) throw this.failure;
    this.failureWaiters.add(reject!);
    try {
      await Promise.race([p, failed]);
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
  await mkdir(dir, { recursive: true });
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
      // Transaction callbacks (truncateLogAfter, purgeLogBefore, replaceState) run in call order
      // with the plain puts and removes around them; see "Call order" above.
      strictAsyncOrder: true,
      // After a crash, restart from the last flushed transaction (see the file comment).
      safeRestore: true,
    } as Parameters<typeof open>[0] & { safeRestore: boolean });
  } catch (e) {
    throw new StorageError(`cannot open LMDB environment in ${dir}: ${messageOf(e)}`);
  }
  const added = process.listeners('exit').filter((l) => !exitListenersBefore.has(l));
  if (added.length > 0) lmdbExitListeners = added as ((...args: unknown[]) => void)[];
  try {
    const meta = root.openDB<Bytes, string>('meta', { encoding: 'binary', keyEncoding: 'ordered-binary' });
    const log = root.openDB<Bytes, Buffer>('log', { encoding: 'binary', keyEncoding: 'binary' });
    const tree = root.openDB<Bytes, Buffer>('tree', { encoding: 'binary', keyEncoding: 'binary' });
    const sessions = root.openDB<Bytes, Buffer>('sessions', { encoding: 'binary', keyEncoding: 'binary' });
    const format = readU32(meta.get(META_FORMAT), META_FORMAT);
    if (format === undefined) {
      const empty = meta.getKeysCount() === 0 && log.getKeysCount() === 0 && tree.getKeysCount() === 0 && sessions.getKeysCount() === 0;
      if (!empty) throw new StorageError(`${dir} holds data without a storage format marker: not a zk-ts data directory`);
      const commit = meta.put(META_FORMAT, u32(STORAGE_FORMAT));
      const flushed = root.flushed;
      await commit;
      await flushed;
    } else if (format !== STORAGE_FORMAT) {
      throw new StorageError(
        `${dir} has storage format ${format}, this build reads only format ${STORAGE_FORMAT}` +
          (format > STORAGE_FORMAT ? ' (written by a newer version?)' : ''),
      );
    }
    return new LmdbStorage(dir, root, meta, log, tree, sessions, options.stallMs ?? DEFAULT_STALL_MS);
  } catch (e) {
    await root.close().catch(() => undefined);
    if (e instanceof StorageError) throw e;
    throw new StorageError(`cannot open storage in ${dir}: ${messageOf(await unwrapCommitError(e))}`);
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
