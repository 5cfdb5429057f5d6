/**
 * In-memory Storage for the deterministic simulator, with explicit crash semantics.
 *
 * Model. A `MemoryDisk` is what survives a crash (the platters). A `MemoryStorage` is one
 * process's open handle on it. Every write call is validated, applied at once to the handle's
 * *view* (what reads see, like LMDB's committed-but-maybe-unflushed state), and appended to an
 * ordered queue of *pending* operations. Nothing reaches the disk until the simulator calls
 * `flush(n)`, which applies the first n pending operations (default: all) to the disk, in call
 * order. Each operation is atomic (never torn) and the disk always holds a prefix of the calls,
 * as with LMDB, whose transactions are flushed in order: exactly the call-order and crash
 * clauses of the Storage contract (src/storage/api.ts, docs/storage-contract.md).
 *
 * Promises (no timers, nothing resolves on its own schedule):
 * - `appendLog`, `setEpochs`, `truncateLogAfter`, `replaceState` resolve when a `flush` covers
 *   them (durable, as the lmdb storage resolves after fsync).
 * - `applyCommitted` and `purgeLogBefore` resolve at once (committed, not necessarily durable).
 * - Invalid calls reject at once and change nothing (`StorageUsageError`), as in lmdb.
 * - After `failWrites(reason)` every later write rejects with a `StorageError` (a full disk; the
 *   lmdb storage is likewise "poisoned" after a failed write). Pending writes stay pending.
 *
 * Crash: `crash()` drops every pending operation (unflushed appends, epochs, applied batches,
 * truncations...) and kills the handle: its pending promises never settle (the process that
 * awaited them is gone, so none of its continuations may run), and every later call throws or
 * rejects. `reopen()` returns a new handle whose view is exactly the disk; called on a live
 * handle it crashes it first. A clean `close()` flushes everything first, as the lmdb close does.
 * To model "the process died but the OS flushed its page cache", call `flush()` then `crash()`.
 *
 * Stored values are copies (log bytes) or encoded records (wire/persist.ts), so a caller that
 * mutates its objects afterwards cannot change what was "written", and the codecs are exercised.
 */
import { nextZxid, ZERO_ZXID, type Zxid } from '../../base/zxid.js';
import type { SessionRecord, ZNodeRecord } from '../../wire/persist.js';
import { decodeSession, decodeZNode, encodeSession, encodeZNode } from '../../wire/persist.js';
import { countChildren, indexOf, type AppliedBatch, type Epochs, type LoadedState, type LoadOptions, type LogEntry, type Storage, type StoredZNode, type TreeIndex, type TreeTotals } from '../api.js';

export class StorageError extends Error {
  override name = 'StorageError';
}

/** A call the contract forbids: rejected at once, nothing changed. */
export class StorageUsageError extends StorageError {
  override name = 'StorageUsageError';
}

/** One copy of the persistent state (used for both the disk and a handle's view). */
class State {
  /** Sorted by zxid, strictly increasing. */
  log: LogEntry[] = [];
  nodes = new Map<string, Uint8Array>();
  /** path → the node's number of children, stored with it as the lmdb storage does (not counted in bytes()). */
  childCounts = new Map<string, number>();
  sessions = new Map<bigint, Uint8Array>();
  /** The tree's index (storage/api.ts TreeIndex), kept from the batches as the lmdb storage keeps it. */
  owners = new Map<string, bigint>();
  totals: TreeTotals = { nodes: 0, dataSize: 0 };
  acceptedEpoch = 0;
  currentEpoch = 0;
  lastApplied = ZERO_ZXID;

  clone(): State {
    const s = new State();
    s.log = this.log.slice(); // entries are never mutated, sharing them is safe
    s.nodes = new Map(this.nodes);
    s.childCounts = new Map(this.childCounts);
    s.sessions = new Map(this.sessions);
    s.owners = new Map(this.owners);
    s.totals = { ...this.totals };
    s.acceptedEpoch = this.acceptedEpoch;
    s.currentEpoch = this.currentEpoch;
    s.lastApplied = this.lastApplied;
    return s;
  }

  lastLogKey(): Zxid | null {
    return this.log.length === 0 ? null : this.log[this.log.length - 1]!.zxid;
  }

  lastLogged(): Zxid {
    const k = this.lastLogKey();
    return k !== null && k > this.lastApplied ? k : this.lastApplied;
  }

  /** Index of the first entry with zxid > z. */
  upperBound(z: bigint): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid]!.zxid <= z) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first entry with zxid >= z. */
  lowerBound(z: bigint): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid]!.zxid < z) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  bytes(): number {
    let n = 0;
    for (const e of this.log) n += 8 + e.bytes.byteLength;
    for (const [k, v] of this.nodes) n += k.length + v.byteLength;
    for (const v of this.sessions.values()) n += 8 + v.byteLength;
    return n + 32;
  }
}

type Op = (s: State) => void;

/** The durable layer: survives `crash()`; share it between successive handles. */
export class MemoryDisk {
  /** @internal */
  state = new State();
  /** Number of operations ever flushed to this disk (for the simulator's bookkeeping). */
  flushedOps = 0;
}

interface Pending {
  op: Op;
  /** Resolves the caller's promise, for operations that wait for durability. */
  resolve: (() => void) | null;
}

/** A child count as applied state carries it: a non-negative integer, or a usage error. */
function childCount(path: string, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new StorageUsageError(`applyCommitted: numChildren of ${path} is not a count: ${n}`);
  return n;
}


function checkedTotals(t: TreeTotals): TreeTotals {
  if (!Number.isSafeInteger(t.nodes) || t.nodes < 0 || !Number.isSafeInteger(t.dataSize) || t.dataSize < 0) {
    throw new StorageUsageError(`applyCommitted: the tree's totals are not counts: ${t.nodes} nodes, ${t.dataSize} bytes`);
  }
  return { nodes: t.nodes, dataSize: t.dataSize };
}

function compareCodePoints(a: string, b: string): number {
  // UTF-8 byte order (what LMDB iterates in) equals code point order.
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);
/** Session ids are signed 64-bit (jute longs); normalise so that either spelling finds the key. */
const sid = (v: bigint): bigint => BigInt.asIntN(64, v);

export class MemoryStorage implements Storage {
  private view: State;
  private pending: Pending[] = [];
  private dead: 'crashed' | 'closed' | null = null;
  private failure: StorageError | null = null;

  constructor(readonly disk: MemoryDisk = new MemoryDisk()) {
    this.view = disk.state.clone();
  }

  // ------------------------------------------------------------ simulator controls

  /** Makes the first `maxOps` pending operations (default all) durable, in call order, and
   * resolves the promises of those that wait for durability. Returns how many were flushed. */
  flush(maxOps = Number.POSITIVE_INFINITY): number {
    if (this.dead === 'crashed') return 0;
    const n = Math.min(maxOps, this.pending.length);
    const done = this.pending.splice(0, n);
    for (const p of done) p.op(this.disk.state);
    this.disk.flushedOps += done.length;
    for (const p of done) p.resolve?.();
    return done.length;
  }

  /** Operations written but not yet durable. */
  pendingOps(): number {
    return this.pending.length;
  }

  /** Drops everything not flushed; this handle is dead from now on (its promises never settle). */
  crash(): void {
    if (this.dead !== null) return;
    this.dead = 'crashed';
    this.pending = [];
  }

  /** A new handle on the same disk, seeing exactly what was flushed. Crashes this one if live. */
  reopen(): MemoryStorage {
    this.crash();
    return new MemoryStorage(this.disk);
  }

  /** From now on every write rejects with a StorageError carrying `reason` (e.g. a full disk). */
  failWrites(reason = 'No space left on device'): void {
    this.failure ??= new StorageError(`storage write failed: ${reason} (is the disk full?); no further writes are accepted until restart`);
  }

  // ------------------------------------------------------------ reads

  load(options: LoadOptions = {}): Promise<LoadedState> {
    this.checkAlive();
    const v = this.view;
    const nodes: [string, ZNodeRecord][] = options.nodes === false ? [] : [...v.nodes.keys()]
      .sort(compareCodePoints)
      .map((p) => [p, decodeZNode(v.nodes.get(p)!)]);
    const sessions: [bigint, SessionRecord][] = [...v.sessions.keys()]
      .sort((a, b) => (U64(a) < U64(b) ? -1 : U64(a) > U64(b) ? 1 : 0))
      .map((id) => [id, decodeSession(v.sessions.get(id)!)]);
    return Promise.resolve({
      epochs: { acceptedEpoch: v.acceptedEpoch, currentEpoch: v.currentEpoch },
      lastApplied: v.lastApplied,
      lastLogged: v.lastLogged(),
      nodes,
      sessions,
    });
  }

  readLog(fromExclusive: Zxid, toInclusive?: Zxid, maxBytes?: number): LogEntry[] {
    this.checkAlive();
    const v = this.view;
    const start = v.upperBound(fromExclusive);
    const end = toInclusive === undefined ? v.log.length : v.upperBound(toInclusive);
    const out: LogEntry[] = [];
    let bytes = 0;
    for (let i = start; i < end; i++) {
      out.push({ zxid: v.log[i]!.zxid, bytes: v.log[i]!.bytes.slice() });
      bytes += v.log[i]!.bytes.byteLength;
      if (maxBytes !== undefined && bytes >= maxBytes) break;
    }
    return out;
  }

  firstLogged(): Zxid | null {
    this.checkAlive();
    return this.view.log.length === 0 ? null : this.view.log[0]!.zxid;
  }

  readNode(path: string): StoredZNode | undefined {
    this.checkAlive();
    const bytes = this.view.nodes.get(path);
    return bytes === undefined ? undefined : { ...decodeZNode(bytes), numChildren: this.view.childCounts.get(path) ?? 0 };
  }

  scanNodes(): [string, ZNodeRecord][] {
    this.checkAlive();
    const v = this.view;
    return [...v.nodes.keys()].sort(compareCodePoints).map((p) => [p, decodeZNode(v.nodes.get(p)!)]);
  }

  /** The owners in the order `load` returns their nodes. */
  readIndex(): TreeIndex {
    this.checkAlive();
    const v = this.view;
    return { totals: { ...v.totals }, owners: [...v.owners.keys()].sort(compareCodePoints).map((p) => [p, v.owners.get(p)!]) };
  }

  /**
   * The index as the nodes stored in the view imply it: a test (and the simulator's checker)
   * compares it with readIndex(), which the writers' batches kept.
   */
  indexFromNodes(): TreeIndex {
    this.checkAlive();
    const v = this.view;
    return indexOf([...v.nodes.keys()].sort(compareCodePoints).map((p) => [p, decodeZNode(v.nodes.get(p)!)] as [string, ZNodeRecord]));
  }

  /** A scan of every path: the simulator's trees are small. */
  readChildren(path: string): string[] {
    this.checkAlive();
    const prefix = path === '/' ? '/' : `${path}/`;
    const out: string[] = [];
    for (const p of this.view.nodes.keys()) {
      if (p.length > prefix.length && p.startsWith(prefix) && !p.includes('/', prefix.length)) out.push(p.slice(prefix.length));
    }
    return out.sort(compareCodePoints);
  }

  /** As the calls made so far leave it (the view), like the lmdb storage. */
  lastLogged(): Zxid {
    return this.view.lastLogged();
  }

  sizeOnDisk(): number {
    return this.disk.state.bytes();
  }

  // ------------------------------------------------------------ writes

  appendLog(entries: readonly LogEntry[]): Promise<void> {
    return this.write(true, () => {
      if (entries.length === 0) return null;
      let prev = this.view.lastLogged();
      for (const e of entries) {
        if (e.zxid <= prev) throw new StorageUsageError(`appendLog: zxid ${e.zxid} is not above ${prev} (zxids must increase and follow lastLogged)`);
        prev = e.zxid;
      }
      const copies = entries.map((e) => ({ zxid: e.zxid, bytes: e.bytes.slice() }));
      return (s) => { s.log.push(...copies); };
    });
  }

  applyCommitted(batch: AppliedBatch): Promise<void> {
    return this.write(false, () => {
      if (batch.lastApplied < this.view.lastApplied) {
        throw new StorageUsageError(`applyCommitted: lastApplied ${batch.lastApplied} is below ${this.view.lastApplied}`);
      }
      const nodes = [...batch.nodes].map(([p, r]) => [p, r === null ? null : encodeZNode(r), r === null ? 0 : childCount(p, r.numChildren)] as const);
      const sessions = [...batch.sessions].map(([id, r]) => [sid(id), r === null ? null : encodeSession(r)] as const);
      const owners = batch.owners ? [...batch.owners] : [];
      const totals = batch.totals ? checkedTotals(batch.totals) : null;
      const lastApplied = batch.lastApplied;
      return (s) => {
        for (const [p, owner] of owners) { if (owner === null) s.owners.delete(p); else s.owners.set(p, owner); }
        if (totals) s.totals = { ...totals };
        for (const [p, r, n] of nodes) {
          if (r === null) {
            s.nodes.delete(p);
            s.childCounts.delete(p);
          } else {
            s.nodes.set(p, r);
            s.childCounts.set(p, n);
          }
        }
        for (const [id, r] of sessions) { if (r === null) s.sessions.delete(id); else s.sessions.set(id, r); }
        s.lastApplied = lastApplied;
      };
    });
  }

  truncateLogAfter(zxid: Zxid): Promise<void> {
    return this.write(true, () => {
      if (zxid < this.view.lastApplied) {
        throw new StorageUsageError(`truncateLogAfter(${zxid}) refused: it would cut committed entries (lastApplied ${this.view.lastApplied})`);
      }
      return (s) => { s.log.length = s.upperBound(zxid); };
    });
  }

  purgeLogBefore(zxid: Zxid): Promise<number> {
    let removed = 0;
    return this.write(false, () => {
      const lim = nextZxid(this.view.lastApplied);
      const limit = zxid < lim ? zxid : lim;
      removed = this.view.lowerBound(limit);
      return (s) => { s.log.splice(0, s.lowerBound(limit)); };
    }).then(() => removed);
  }

  setEpochs(epochs: Epochs): Promise<void> {
    return this.write(true, () => {
      for (const [name, v] of [['acceptedEpoch', epochs.acceptedEpoch], ['currentEpoch', epochs.currentEpoch]] as const) {
        if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new StorageUsageError(`setEpochs: ${name} out of range: ${v}`);
      }
      const { acceptedEpoch, currentEpoch } = epochs;
      return (s) => { s.acceptedEpoch = acceptedEpoch; s.currentEpoch = currentEpoch; };
    });
  }

  /** Replaces tree, sessions and lastApplied, and empties the log (as the lmdb storage does). */
  replaceState(state: { lastApplied: Zxid; nodes: Iterable<[string, ZNodeRecord]>; sessions: Iterable<[bigint, SessionRecord]> }): Promise<void> {
    return this.write(true, () => {
      const records = [...state.nodes];
      const nodes = new Map<string, Uint8Array>();
      for (const [p, r] of records) nodes.set(p, encodeZNode(r));
      const counts = countChildren(nodes.keys());
      const sessions = new Map<bigint, Uint8Array>();
      for (const [id, r] of state.sessions) sessions.set(sid(id), encodeSession(r));
      const lastApplied = state.lastApplied;
      const index = indexOf(records);
      return (s) => {
        s.log = [];
        s.nodes = new Map(nodes);
        s.owners = new Map(index.owners);
        s.totals = { ...index.totals };
        s.childCounts = new Map(counts);
        s.sessions = new Map(sessions);
        s.lastApplied = lastApplied;
      };
    });
  }

  /** Flushes everything, then closes the handle. */
  close(): Promise<void> {
    if (this.dead === null) {
      this.flush();
      this.dead = 'closed';
    }
    return Promise.resolve();
  }

  // ------------------------------------------------------------ machinery

  private checkAlive(): void {
    if (this.dead !== null) throw new StorageError(`memory storage is ${this.dead}`);
  }

  /**
   * Validates (`prepare` throws StorageUsageError to refuse), applies the operation to the view
   * and queues it for the disk. Durable operations resolve on flush; others at once.
   */
  private write(durable: boolean, prepare: () => Op | null): Promise<void> {
    if (this.dead !== null) return Promise.reject(new StorageError(`memory storage is ${this.dead}`));
    if (this.failure) return Promise.reject(this.failure);
    let op: Op | null;
    try {
      op = prepare();
    } catch (e) {
      return Promise.reject(e);
    }
    if (op === null) return Promise.resolve();
    op(this.view);
    if (!durable) {
      this.pending.push({ op, resolve: null });
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => { this.pending.push({ op: op!, resolve }); });
  }
}
