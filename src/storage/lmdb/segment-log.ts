/**
 * The txn log in append-only segment files (docs/storage-contract.md, "The log on disk"). The
 * LMDB storage keeps applied state in LMDB and the log here, so that a durable append costs one
 * write to the page cache and one fdatasync, not an LMDB commit (two sync barriers on lmdb's
 * write thread: docs/performance.md).
 *
 * Files: `<dir>/<generation, 8 hex>-<first zxid, 16 hex>.log`. The generation changes when a
 * snapshot replaces the whole state (replaceState): the LMDB transaction that installs the
 * snapshot names the new generation, so files of any other generation are void and are removed
 * at open. Each file holds records back to back, then zeros:
 *
 *   u32 BE payload length | u32 BE CRC-32 of (zxid, payload) | u64 BE zxid | payload
 *
 * A file grows by preallocation (zeros written ahead, `preallocBytes` at a time), so that the
 * fdatasync of an append normally has no file size to update; a file is closed for appends once
 * the next record would take it past `segmentBytes`, and the next record starts a new one.
 *
 * Group commit: appends queued in one event turn are written together (one pwrite per file to the
 * page cache, from the main thread) and share one fdatasync, run on libuv's pool; appends queued
 * while it runs go into the next group. Every operation (append, truncate, purge, reset) runs in
 * the order queued, one at a time; `completed` counts the ones done (appends: durable).
 *
 * Open: every file is scanned; a record whose length, CRC or zxid order is wrong ends the log
 * there. At the end of the last file that is a write torn by a crash: the tail is zeroed (so no
 * later append can be followed by stale bytes) and reported. A bad record followed by further
 * data in a file that is not the last is corruption: the log is cut there too, the later files
 * are kept aside as `*.corrupt` (never read again), the cut file is copied aside before its tail
 * is zeroed, and it is reported as an error. So is a file
 * whose first zxid does not follow the last record of the file before (a gap: that file's tail
 * was lost); a group that rolls over syncs the full file before it creates the next, so a crash
 * cannot leave one.
 *
 * The index kept in memory is three 32-bit numbers per record (zxid high and low word, offset);
 * readLog reads the payloads from the files.
 */
import {
  closeSync,
  fdatasync,
  fsync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  unlinkSync,
  write as fsWrite,
  writeSync,
  writevSync,
  fstatSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as zlib from 'node:zlib';
import type { LogEntry } from '../api.js';
import { invariant } from '../../base/invariant.js';
import { hop } from '../../base/hop-trace.js';
import { asZxid, isNextZxid, ZERO_ZXID, type Zxid } from '../../base/zxid.js';

export const RECORD_HEADER_BYTES = 16;
export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_PREALLOC_BYTES = 4 * 1024 * 1024;
const MIN_PREALLOC_BYTES = 64 * 1024;
const ZERO_CHUNK = Buffer.alloc(1024 * 1024);
/** Errors that say the disk (or the file size limit) has no room. */
const ROOM = /^(ENOSPC|EFBIG|EDQUOT)$/;

// ------------------------------------------------------------------ CRC-32

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zlib and gzip), table-driven: Node before 20.15 has no zlib.crc32. */
export function crc32Table(data: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const nativeCrc = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
/** The same function, native when this Node has it (test/unit/segment-log.test.ts checks they agree). */
export const crc32: (data: Uint8Array, previous?: number) => number = nativeCrc ? (d, v = 0) => nativeCrc(d, v) : crc32Table;

// ------------------------------------------------------------------ records

const TWO_32 = 2 ** 32;

/**
 * A zxid's high and low 32-bit words, without BigInt arithmetic while it fits a double exactly
 * (any epoch below 2^21): `>> 32n` and `& 0xffffffffn` made two BigInts per record, twice per
 * append (docs/performance.md, section 18).
 */
function hiWord(z: Zxid): number {
  const n = Number(z);
  return Number.isSafeInteger(n) && n >= 0 ? Math.floor(n / TWO_32) : Number(BigInt.asUintN(64, z) >> 32n);
}

function loWord(z: Zxid): number {
  const n = Number(z);
  return Number.isSafeInteger(n) && n >= 0 ? n >>> 0 : Number(BigInt.asUintN(64, z) & 0xffffffffn);
}

/** Encodes entries as consecutive records in one buffer (a copy: the caller may reuse its bytes). */
export function encodeRecords(entries: readonly LogEntry[]): { buf: Buffer; offsets: number[] } {
  let total = 0;
  for (const e of entries) total += RECORD_HEADER_BYTES + e.bytes.byteLength;
  const buf = Buffer.allocUnsafe(total);
  const offsets: number[] = [];
  let at = 0;
  for (const e of entries) {
    offsets.push(at);
    const n = e.bytes.byteLength;
    buf.writeUInt32BE(n, at);
    buf.writeUInt32BE(hiWord(e.zxid), at + 8);
    buf.writeUInt32BE(loWord(e.zxid), at + 12);
    buf.set(e.bytes, at + RECORD_HEADER_BYTES);
    buf.writeUInt32BE(crc32(buf.subarray(at + 8, at + RECORD_HEADER_BYTES + n)), at + 4);
    at += RECORD_HEADER_BYTES + n;
  }
  return { buf, offsets };
}

// ------------------------------------------------------------------ index

class U32s {
  a = new Uint32Array(64);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  /** The `i`th value pushed (kept): an index past them is a bug in this module's bookkeeping. */
  get(i: number): number {
    const v = this.a[i];
    invariant(v !== undefined && i < this.n, 'segment-index-in-range', () => `index ${i} of ${this.n} entries`);
    return v;
  }
}

interface Segment {
  path: string;
  first: Zxid;
  fd: number;
  /** Bytes allocated in the file (its size). */
  size: number;
  /** Bytes of records written (the next record goes here). */
  end: number;
  /** `end` plus the bytes reserved by the group being written. */
  tail: number;
  hi: U32s;
  lo: U32s;
  off: U32s;
}

const count = (s: Segment): number => s.off.n;
const zxidAt = (s: Segment, i: number): Zxid => asZxid((BigInt(s.hi.get(i)) << 32n) | BigInt(s.lo.get(i)));
const recordEnd = (s: Segment, i: number): number => (i + 1 < count(s) ? s.off.get(i + 1) : s.end);

/** Index of the first record with zxid >= z (count when none). */
function lowerBound(s: Segment, z: bigint): number {
  const zh = Number(z >> 32n);
  const zl = Number(z & 0xffffffffn);
  let lo = 0;
  let hi = count(s);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const h = s.hi.get(mid);
    if (h < zh || (h === zh && s.lo.get(mid) < zl)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function segmentName(generation: number, first: bigint): string {
  return `${generation.toString(16).padStart(8, '0')}-${first.toString(16).padStart(16, '0')}.log`;
}

const NAME = /^([0-9a-f]{8})-([0-9a-f]{16})\.log$/;

// ------------------------------------------------------------------ the log

export interface SegmentLogOptions {
  segmentBytes?: number | undefined;
  preallocBytes?: number | undefined;
  /** Reports what the open found and did (a cut tail, corruption). */
  report?: (level: 'info' | 'warn' | 'error', msg: string) => void;
  /** Tests only: runs before each fdatasync of appends (a group's, or a full file's at roll-over), to hold it. */
  beforeSync?: (() => Promise<void>) | undefined;
}

interface Deferred<T> {
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

type LogOp =
  | { kind: 'append'; buf: Buffer; offsets: number[]; zxids: Zxid[]; d: Deferred<void> }
  | { kind: 'truncate'; zxid: bigint; d: Deferred<void> }
  | { kind: 'purge'; limit: Zxid; physical: () => bigint; d: Deferred<number> }
  | { kind: 'reset'; generation: number; d: Deferred<void> };

function deferred<T>(): { p: Promise<T>; d: Deferred<T> } {
  let d!: Deferred<T>;
  const p = new Promise<T>((resolve, reject) => (d = { resolve, reject }));
  return { p, d };
}

const fdatasyncP = (fd: number): Promise<void> => new Promise((res, rej) => fdatasync(fd, (e) => (e ? rej(e) : res())));
const fsyncP = (fd: number): Promise<void> => new Promise((res, rej) => fsync(fd, (e) => (e ? rej(e) : res())));
const writeP = (fd: number, b: Buffer, off: number, len: number, pos: number): Promise<number> =>
  new Promise((res, rej) => fsWrite(fd, b, off, len, pos, (e, n) => (e ? rej(e) : res(n))));

/**
 * After `mkdir(leaf, { recursive: true })` returned `created` (the topmost directory it made, or
 * undefined when `leaf` existed): fsyncs the parent of every directory it made, top first, so
 * that the new entries survive a crash along with what is written inside them.
 */
export function syncCreatedDirectories(created: string | undefined, leaf: string): void {
  if (created === undefined) return;
  const made: string[] = [];
  for (let p = resolve(leaf); ; p = dirname(p)) {
    made.unshift(p);
    if (p === resolve(created) || dirname(p) === p) break;
  }
  for (const d of made) {
    const fd = openSync(dirname(d), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

export class SegmentLog {
  private segments: Segment[] = [];
  /** Entries below this zxid are logically purged (hidden; their file may remain). */
  private startZxid: Zxid;
  private readonly queue: LogOp[] = [];
  /** The operations taken off `queue` and not yet settled (a group of appends, or one other). */
  private runningOps: LogOp[] = [];
  private running = false;
  private scheduled = false;
  private failure: unknown = null;
  private closed = false;
  /** Operations queued so far, and operations done (for an append: durable). */
  issued = 0;
  completed = 0;
  private waiters: { n: number; d: Deferred<void> }[] = [];
  private readonly segmentBytes: number;
  private readonly preallocBytes: number;
  private idle: Deferred<void> | null = null;
  private idleP: Promise<void> | null = null;
  onComplete: () => void = () => undefined;
  /** Hears of a failure, with the call whose operation failed. */
  onFail: (e: unknown, call: string) => void = () => undefined;
  private current: LogOp['kind'] = 'append';

  private constructor(
    private readonly dir: string,
    private generation: number,
    start: Zxid,
    private readonly options: SegmentLogOptions,
  ) {
    this.startZxid = start;
    this.segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    this.preallocBytes = options.preallocBytes ?? DEFAULT_PREALLOC_BYTES;
  }

  /** Opens (creating `dir` if needed) and scans the log of `generation`; removes every other generation's files. */
  static open(dir: string, generation: number, start: Zxid, options: SegmentLogOptions = {}): SegmentLog {
    // The new directory's entry must be durable before anything in it is acknowledged (and
    // before an upgrade marks the data directory format 2).
    syncCreatedDirectories(mkdirSync(dir, { recursive: true }), dir);
    const log = new SegmentLog(dir, generation, start, options);
    log.recover();
    return log;
  }

  // ---------------------------------------------------------------- reads

  get start(): Zxid {
    return this.startZxid;
  }

  /** Hides the entries below `limit` (at open, before any operation is queued). */
  raiseStart(limit: Zxid): void {
    if (limit > this.startZxid) this.startZxid = limit;
  }

  /** The lowest zxid at or above `from` (null when none). */
  firstFrom(from: bigint): Zxid | null {
    for (const s of this.segments) {
      const i = lowerBound(s, from);
      if (i < count(s)) return zxidAt(s, i);
    }
    return null;
  }

  last(): Zxid | null {
    for (let k = this.segments.length - 1; k >= 0; k--) {
      const s = this.segments[k]!;
      if (count(s) > 0) return zxidAt(s, count(s) - 1);
    }
    return null;
  }

  /** Entries with from <= zxid <= to, up to maxBytes of payload (see Storage.readLog). */
  read(from: bigint, to: bigint | undefined, maxBytes: number | undefined): LogEntry[] {
    const out: LogEntry[] = [];
    let bytes = 0;
    for (const s of this.segments) {
      if (count(s) === 0) continue;
      if (zxidAt(s, count(s) - 1) < from) continue;
      let i = lowerBound(s, from);
      const first = i;
      let stop = false;
      for (; i < count(s); i++) {
        if (to !== undefined && zxidAt(s, i) > to) {
          stop = true;
          break;
        }
        bytes += recordEnd(s, i) - s.off.get(i) - RECORD_HEADER_BYTES;
        if (maxBytes !== undefined && bytes >= maxBytes) {
          i++;
          stop = true;
          break;
        }
      }
      if (i > first) {
        const at = s.off.get(first);
        const buf = Buffer.allocUnsafe(recordEnd(s, i - 1) - at);
        readFully(s.fd, buf, at);
        for (let j = first; j < i; j++) {
          const o = s.off.get(j) - at;
          const from = o + RECORD_HEADER_BYTES;
          out.push({ zxid: zxidAt(s, j), bytes: new Uint8Array(buf.buffer, buf.byteOffset + from, recordEnd(s, j) - at - from) });
        }
      }
      if (stop) break;
    }
    return out;
  }

  /** Number of entries with lo <= zxid < hi. */
  private countBetween(lo: bigint, hi: bigint): number {
    let n = 0;
    for (const s of this.segments) n += Math.max(0, lowerBound(s, hi) - lowerBound(s, lo));
    return n;
  }

  sizeOnDisk(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  // ---------------------------------------------------------------- writes (queued, in order)

  append(entries: readonly LogEntry[]): Promise<void> {
    return this.appendEncoded(encodeRecords(entries), entries.map((e) => e.zxid));
  }

  /** Appends records made by encodeRecords (zxids in order, above the log's last). */
  appendEncoded(records: { buf: Buffer; offsets: number[] }, zxids: Zxid[]): Promise<void> {
    const { buf, offsets } = records;
    return this.enqueue<void>((d) => ({ kind: 'append', buf, offsets, zxids, d }));
  }

  truncateAfter(zxid: bigint): Promise<void> {
    return this.enqueue<void>((d) => ({ kind: 'truncate', zxid, d }));
  }

  /** Hides entries below `limit` (counting them) and deletes whole files below `physical()` (evaluated when the purge runs). */
  purge(limit: Zxid, physical: () => bigint): Promise<number> {
    return this.enqueue<number>((d) => ({ kind: 'purge', limit, physical, d }));
  }

  /** Empties the log and starts generation `generation` (after a snapshot named it durably). */
  reset(generation: number): Promise<void> {
    return this.enqueue<void>((d) => ({ kind: 'reset', generation, d }));
  }

  /** Resolves once `n` operations are done; rejects if the log failed first. */
  whenCompleted(n: number): Promise<void> {
    if (this.completed >= n) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    const { p, d } = deferred<void>();
    this.waiters.push({ n, d });
    return p;
  }

  /** Waits for queued operations (unless the log failed: a stuck fsync may never answer), then closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (!this.failure && (this.running || this.queue.length > 0)) {
      if (!this.idleP) this.idleP = new Promise<void>((resolve, reject) => (this.idle = { resolve, reject }));
      await this.idleP.catch(() => undefined);
    }
    this.closed = true;
    if (this.running) return; // failed while an fsync hangs: leave its file open
    for (const s of this.segments) closeQuietly(s.fd);
  }

  private enqueue<T>(make: (d: Deferred<T>) => LogOp): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error(`log in ${this.dir} is closed`));
    const { p, d } = deferred<T>();
    this.queue.push(make(d));
    this.issued++;
    if (!this.running && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.pump();
      });
    }
    return p;
  }

  private async pump(): Promise<void> {
    if (this.running || this.failure) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        this.current = this.queue[0]!.kind;
        if (this.queue[0]!.kind === 'append') {
          const group: Extract<LogOp, { kind: 'append' }>[] = [];
          while (this.queue.length > 0 && this.queue[0]!.kind === 'append') group.push(this.queue.shift() as Extract<LogOp, { kind: 'append' }>);
          this.runningOps = group;
          await this.writeGroup(group);
          this.completed += group.length;
          for (const op of group) op.d.resolve();
        } else {
          const op = this.queue.shift()!;
          this.runningOps = [op];
          if (op.kind === 'truncate') {
            await this.doTruncate(op.zxid);
            op.d.resolve();
          } else if (op.kind === 'purge') {
            op.d.resolve(this.doPurge(op.limit, op.physical()));
          } else if (op.kind === 'reset') {
            this.doReset(op.generation);
            op.d.resolve();
          }
          this.completed++;
        }
        this.runningOps = [];
        this.notify();
      }
    } catch (e) {
      this.fail(e);
    } finally {
      this.running = false;
    }
    if (this.idle && this.queue.length === 0) {
      this.idle.resolve();
      this.idle = null;
      this.idleP = null;
    }
  }

  private notify(): void {
    if (this.waiters.length === 0) {
      this.onComplete();
      return;
    }
    const ready = this.waiters.filter((w) => w.n <= this.completed);
    this.waiters = this.waiters.filter((w) => w.n > this.completed);
    for (const w of ready) w.d.resolve();
    this.onComplete();
  }

  /** The storage failed elsewhere (or gives up on a stalled disk): every queued and later
   * operation rejects, and close no longer waits for an fsync that may never answer. */
  abandon(e: unknown): void {
    this.fail(e);
  }

  private fail(e: unknown): void {
    if (this.failure) return;
    this.failure = e;
    // The running operation too: it failed, or (abandoned) may wait for an fsync that never
    // answers; whoever awaits it directly (the upgrade at open) must not wait forever.
    const queued = [...this.runningOps, ...this.queue.splice(0)];
    this.runningOps = [];
    for (const op of queued) op.d.reject(e);
    for (const w of this.waiters.splice(0)) w.d.reject(e);
    if (this.idle) this.idle.resolve();
    const calls = { append: 'appendLog', truncate: 'truncateLogAfter', purge: 'purgeLogBefore', reset: 'replaceState' } as const;
    this.onFail(e, calls[this.current]);
  }

  /** Writes a group of appends (one write per file touched) and fdatasyncs every file it wrote. */
  private async writeGroup(group: Extract<LogOp, { kind: 'append' }>[]): Promise<void> {
    const dirty = new Set<Segment>();
    // The records going to `seg` and not yet written: whole runs in `bufs`, and the run being
    // extended (a range of one append's buffer: records of one append are contiguous). Views
    // are made per run, not per record (a view and a Buffer per record were ~170 B of garbage
    // per write: docs/performance.md, section 18).
    let seg: Segment | null = null;
    const bufs: Buffer[] = [];
    let runBuf: Buffer | null = null;
    let runFrom = 0;
    let runTo = 0;
    // Their zxids and offsets, indexed once they are written.
    const zxids: Zxid[] = [];
    const offs: number[] = [];
    const flush = (): void => {
      if (seg === null) return;
      if (runBuf !== null) bufs.push(runBuf.subarray(runFrom, runTo));
      runBuf = null;
      if (bufs.length === 0) return;
      let total = 0;
      for (const b of bufs) total += b.byteLength;
      writeAll(seg.fd, bufs, seg.end, total);
      seg.end += total;
      for (let i = 0; i < zxids.length; i++) {
        seg.hi.push(hiWord(zxids[i]!));
        seg.lo.push(loWord(zxids[i]!));
        seg.off.push(offs[i]!);
      }
      bufs.length = 0;
      zxids.length = 0;
      offs.length = 0;
      dirty.add(seg);
    };
    for (const op of group) {
      for (let i = 0; i < op.zxids.length; i++) {
        const at = op.offsets[i];
        invariant(at !== undefined, 'log-append-offset-per-zxid', () => `${op.zxids.length} zxids, ${op.offsets.length} record offsets`);
        const len = (i + 1 < op.offsets.length ? op.offsets[i + 1]! : op.buf.byteLength) - at;
        let target = this.segments[this.segments.length - 1];
        if (!target || (target.tail > 0 && target.tail + len > this.segmentBytes)) {
          flush();
          if (target && dirty.delete(target)) {
            // The full file's records must be on disk before the next file exists: synced
            // together, the next file's pages could land first, and a crash would leave a log
            // that skips this file's tail (one extra sync per file; docs/storage-contract.md).
            if (this.options.beforeSync) await this.options.beforeSync();
            await fdatasyncP(target.fd);
          }
          target = await this.createSegment(op.zxids[i]!, len);
        }
        if (target.tail + len > target.size) {
          flush();
          await this.extend(target, target.tail + len);
        }
        if (target !== seg) {
          flush();
          seg = target;
        }
        if (runBuf === op.buf && runTo === at) {
          runTo += len;
        } else {
          if (runBuf !== null) bufs.push(runBuf.subarray(runFrom, runTo));
          runBuf = op.buf;
          runFrom = at;
          runTo = at + len;
        }
        zxids.push(op.zxids[i]!);
        offs.push(target.tail);
        target.tail += len;
      }
    }
    flush();
    const last = group[group.length - 1]?.zxids.at(-1) ?? 0n;
    hop('log-written', last);
    if (this.options.beforeSync) await this.options.beforeSync();
    await Promise.all([...dirty].map((s) => fdatasyncP(s.fd)));
    hop('log-synced', last);
  }

  private async createSegment(first: Zxid, len: number): Promise<Segment> {
    const path = join(this.dir, segmentName(this.generation, first));
    const fd = openSync(path, 'w+');
    const seg: Segment = { path, first, fd, size: 0, end: 0, tail: 0, hi: new U32s(), lo: new U32s(), off: new U32s() };
    this.segments.push(seg);
    await this.extend(seg, len);
    await this.syncDir();
    return seg;
  }

  /**
   * Grows the file with zeros to at least `need` bytes: by its own size (from 64 KiB) up to
   * `preallocBytes` at a time, so that a small log stays small. The size reaches the disk with
   * the group's fdatasync. When the disk (or a file size limit) has no room for the whole step,
   * it grows by `need` only: preallocation saves syncs, it must not refuse a write that fits.
   */
  private async extend(seg: Segment, need: number): Promise<void> {
    const step = Math.min(this.preallocBytes, Math.max(MIN_PREALLOC_BYTES, seg.size));
    const target = Math.max(need, Math.min(seg.size + step, Math.max(this.segmentBytes, need)));
    try {
      await this.zeroFill(seg, target);
    } catch (e) {
      if (!ROOM.test(String((e as { code?: unknown }).code))) throw e;
      if (seg.size < need) await this.zeroFill(seg, need); // fails again if even that has no room
    }
  }

  private async zeroFill(seg: Segment, target: number): Promise<void> {
    while (seg.size < target) {
      const n = Math.min(ZERO_CHUNK.byteLength, target - seg.size);
      const wrote = await writeP(seg.fd, ZERO_CHUNK, 0, n, seg.size);
      seg.size += wrote;
    }
  }

  private async syncDir(): Promise<void> {
    const fd = openSync(this.dir, 'r');
    try {
      await fsyncP(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Removes the entries above `zxid`: first the later files (newest first), then the tail of the
   * file holding the cut, zeroed and synced. A crash in between leaves a prefix of the old log
   * that still reaches past the cut (entries the truncation was removing anyway); see
   * docs/storage-contract.md.
   */
  private async doTruncate(zxid: bigint): Promise<void> {
    let k = this.segments.length - 1;
    while (k >= 0 && this.segments[k]!.first > zxid) k--;
    let removed = false;
    for (let j = this.segments.length - 1; j > k; j--) {
      closeQuietly(this.segments[j]!.fd);
      unlinkSync(this.segments[j]!.path);
      removed = true;
    }
    this.segments.length = k + 1;
    if (removed) await this.syncDir();
    if (k < 0) return;
    const s = this.segments[k]!;
    const keep = lowerBound(s, zxid + 1n);
    if (keep >= count(s)) return;
    const cut = s.off.get(keep);
    const end = s.end;
    // The index first: a readLog meanwhile must not read the records being zeroed.
    s.hi.n = s.lo.n = s.off.n = keep;
    s.end = s.tail = cut;
    await zeroRange(s.fd, cut, end);
    await fdatasyncP(s.fd);
  }

  private doPurge(limit: Zxid, physical: bigint): number {
    const n = limit > this.startZxid ? this.countBetween(this.startZxid, limit) : 0;
    if (limit > this.startZxid) this.startZxid = limit;
    // Whole files only, oldest first, never the one appended to: a file goes when the next one
    // starts at or below the limit (its entries are all below it).
    while (this.segments.length > 1 && this.segments[1]!.first <= physical) {
      const s = this.segments.shift()!;
      closeQuietly(s.fd);
      unlinkSync(s.path);
    }
    return n;
  }

  private doReset(generation: number): void {
    for (const s of this.segments) closeQuietly(s.fd);
    this.segments = [];
    this.generation = generation;
    this.startZxid = ZERO_ZXID;
    this.removeOtherGenerations();
  }

  private removeOtherGenerations(): void {
    for (const name of readdirSync(this.dir)) {
      const m = NAME.exec(name);
      if (m && parseInt(m[1]!, 16) !== this.generation) unlinkSync(join(this.dir, name));
    }
  }

  // ---------------------------------------------------------------- recovery (at open)

  /** Writes `buf` (a file about to be cut at `at`) to `<name>.at-<at>.corrupt`, synced; says where for the report. */
  private copyAside(name: string, buf: Buffer, at: number): string {
    const copy = `${name}.at-${at}.corrupt`;
    try {
      const fd = openSync(join(this.dir, copy), 'w');
      try {
        writeAll(fd, [buf], 0, buf.byteLength);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      const dfd = openSync(this.dir, 'r');
      try {
        fsyncSync(dfd);
      } finally {
        closeSync(dfd);
      }
      return ` (the file as found is copied to ${copy})`;
    } catch (e) {
      return ` (copying the file as found to ${copy} failed: ${(e as Error).message})`;
    }
  }

  private recover(): void {
    this.removeOtherGenerations();
    const names = readdirSync(this.dir)
      .map((name) => ({ name, m: NAME.exec(name) }))
      .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
      .map(({ name, m }) => ({ name, first: asZxid(BigInt('0x' + m[2])) }))
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    let prev = 0n;
    let dirChanged = false;
    for (let k = 0; k < names.length; k++) {
      const path = join(this.dir, names[k]!.name);
      const fd = openSync(path, 'r+');
      const size = fstatSync(fd).size;
      const buf = Buffer.alloc(size);
      readFully(fd, buf, 0);
      const seg: Segment = { path, first: names[k]!.first, fd, size, end: 0, tail: 0, hi: new U32s(), lo: new U32s(), off: new U32s() };
      let at = 0;
      let why: string | null = null;
      let gap = false;
      while (at + RECORD_HEADER_BYTES <= size) {
        const len = buf.readUInt32BE(at);
        const sum = buf.readUInt32BE(at + 4);
        const z = buf.readBigUInt64BE(at + 8);
        if (len === 0 && sum === 0 && z === 0n) break; // zeros: the end of what was written
        if (at + RECORD_HEADER_BYTES + len > size) { why = `a record of ${len} bytes runs past the end of the file`; break; }
        if (count(seg) === 0 && z !== seg.first) { why = `the first record has zxid 0x${z.toString(16)}, the file name says 0x${seg.first.toString(16)}`; break; }
        // Files follow one another without a gap (the log never skips a zxid: isNextZxid); a gap
        // at a file boundary means the end of the file before was lost while this one survived.
        // Only entries already below the log's start (hidden) may lie before a gap.
        if (count(seg) === 0 && prev !== 0n && z > this.startZxid && !isNextZxid(asZxid(prev), asZxid(z))) {
          why = `the first record has zxid 0x${z.toString(16)}, which does not follow 0x${prev.toString(16)} at the end of the file before (a gap)`;
          gap = true;
          break;
        }
        if (z <= prev) { why = `zxid 0x${z.toString(16)} does not follow 0x${prev.toString(16)}`; break; }
        if (crc32(buf.subarray(at + 8, at + RECORD_HEADER_BYTES + len)) !== sum) { why = `the checksum of the record with zxid 0x${z.toString(16)} does not match`; break; }
        seg.hi.push(Number(z >> 32n));
        seg.lo.push(Number(z & 0xffffffffn));
        seg.off.push(at);
        prev = z;
        at += RECORD_HEADER_BYTES + len;
      }
      seg.end = seg.tail = at;
      const dirtyTail = !isZero(buf, at);
      // A record after the bad one that reads back whole means the bad one was damaged where it
      // lies, not torn by a crash while it was the last thing written.
      const corruptHere = why !== null && validRecordAt(buf, at + RECORD_HEADER_BYTES + buf.readUInt32BE(at));
      const isLast = k === names.length - 1 && !corruptHere && !gap;
      const report = this.options.report ?? defaultReport;
      if (dirtyTail) {
        const where = `${names[k]!.name} at offset ${at}` + (count(seg) > 0 ? ` (after zxid 0x${zxidAt(seg, count(seg) - 1).toString(16)})` : '');
        if (isLast) {
          report('warn', `txn log: cut a torn tail in ${where}: ${why ?? 'bytes after the last record'}; the entries before it are intact`);
        } else {
          // Kept for whoever investigates; a file damaged at its first record goes aside whole.
          const aside = names.slice(count(seg) === 0 ? k : k + 1).map((n) => n.name);
          // The file's bytes past the cut (possibly intact records after a damaged one) are about
          // to be zeroed: a copy of the whole file is kept as well.
          const copy = count(seg) > 0 ? this.copyAside(names[k]!.name, buf, at) : '';
          report('error', `txn log CORRUPT in ${where}: ${why ?? 'bytes after the last record'}; the log ends there${copy}, and ${aside.length} file(s) are kept aside as *.corrupt: ${aside.join(', ')}`);
          if (count(seg) === 0) closeSync(fd);
          for (const n of aside) renameSync(join(this.dir, n), join(this.dir, n + '.corrupt'));
          names.length = k + 1;
          dirChanged = true;
          if (count(seg) === 0) break;
        }
        zeroRangeSync(fd, at, size);
        fsyncSync(fd);
      }
      if (count(seg) === 0) {
        // A file created just before a crash (or emptied by one): nothing in it counts.
        closeSync(fd);
        unlinkSync(path);
        dirChanged = true;
        continue;
      }
      this.segments.push(seg);
    }
    if (dirChanged) {
      const fd = openSync(this.dir, 'r');
      fsyncSync(fd);
      closeSync(fd);
    }
  }
}

function defaultReport(level: 'info' | 'warn' | 'error', msg: string): void {
  process.stderr.write(`${level.toUpperCase()} ${msg}\n`);
}

function validRecordAt(buf: Buffer, at: number): boolean {
  if (at < 0 || at + RECORD_HEADER_BYTES > buf.byteLength) return false;
  const len = buf.readUInt32BE(at);
  if (at + RECORD_HEADER_BYTES + len > buf.byteLength) return false;
  if (buf.readBigUInt64BE(at + 8) === 0n) return false;
  return crc32(buf.subarray(at + 8, at + RECORD_HEADER_BYTES + len)) === buf.readUInt32BE(at + 4);
}

function isZero(buf: Buffer, from: number): boolean {
  for (let at = from; at < buf.byteLength; at += ZERO_CHUNK.byteLength) {
    const end = Math.min(buf.byteLength, at + ZERO_CHUNK.byteLength);
    if (!ZERO_CHUNK.subarray(0, end - at).equals(buf.subarray(at, end))) return false;
  }
  return true;
}

function readFully(fd: number, buf: Buffer, position: number): void {
  let got = 0;
  while (got < buf.byteLength) {
    const n = readSync(fd, buf, got, buf.byteLength - got, position + got);
    if (n === 0) throw new Error(`short read: ${got} of ${buf.byteLength} bytes at offset ${position}`);
    got += n;
  }
}

function writeAll(fd: number, bufs: Buffer[], position: number, total: number): void {
  let done = bufs.length === 1 ? writeSync(fd, bufs[0]!, 0, total, position) : writevSync(fd, bufs, position);
  while (done < total) {
    // A short write (a file size limit reached): write the rest, which fails with the reason.
    const rest = Buffer.concat(bufs).subarray(done);
    done += writeSync(fd, rest, 0, rest.byteLength, position + done);
  }
}

async function zeroRange(fd: number, from: number, to: number): Promise<void> {
  for (let at = from; at < to; ) at += await writeP(fd, ZERO_CHUNK, 0, Math.min(ZERO_CHUNK.byteLength, to - at), at);
}

function zeroRangeSync(fd: number, from: number, to: number): void {
  for (let at = from; at < to; ) at += writeSync(fd, ZERO_CHUNK, 0, Math.min(ZERO_CHUNK.byteLength, to - at), at);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
