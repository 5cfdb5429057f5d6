/**
 * Jute binary encoding (docs/client-protocol.md, "Jute encoding"): big-endian ints and longs,
 * length-prefixed strings, buffers and vectors where -1 means null. Records are fields in
 * order, nothing else.
 */

/** Thrown when bytes cannot be decoded; the caller maps it to MARSHALLINGERROR or a close. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

const EMPTY = new Uint8Array(0);
const TWO_32 = 2 ** 32;
const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8enc = new TextEncoder();

// Copies of bytes held briefly (a frame on its way to a socket, znode data on its way into the
// tree or to storage) are carved from a shared pool rather than given an ArrayBuffer each: a
// fresh backing store for 100 bytes (allocated, zeroed, tracked and swept by the GC) took
// ~0.3 µs, ten times the copy, and a write made about three of them on every server
// (docs/performance.md, section 18). A piece keeps its pool alive while it is held, so nothing
// kept for long may be one: those copies stay `new Uint8Array(bytes)`.

/** The pool's size: the most memory a pooled copy keeps alive (tests check data pins no more). */
export const POOL_BYTES = 16 * 1024;
const POOL_MAX_PIECE = 1024;
let pool = new Uint8Array(POOL_BYTES);
/** The same memory as a Buffer, for its latin1 writer. */
let poolBuffer = Buffer.from(pool.buffer);
let poolUsed = 0;

/** Reserves `n` bytes of the pool (n <= POOL_MAX_PIECE); returns where they start. */
function reserve(n: number): number {
  if (poolUsed + n > POOL_BYTES) {
    pool = new Uint8Array(POOL_BYTES);
    poolBuffer = Buffer.from(pool.buffer);
    poolUsed = 0;
  }
  const at = poolUsed;
  poolUsed += (n + 7) & ~7;
  return at;
}

/** A copy of `src[from, to)` of its own bytes, in the shared pool when small (see above). */
export function pooledCopy(src: Uint8Array, from = 0, to = src.byteLength): Uint8Array {
  const n = to - from;
  if (n > POOL_MAX_PIECE) return src.slice(from, to);
  const at = reserve(n);
  const out = pool.subarray(at, at + n);
  out.set(src.subarray(from, to));
  return out;
}

/** The bytes of a one-byte (latin1) string, one per char, in the shared pool when small (see above). */
export function pooledLatin1(s: string): Uint8Array {
  const n = s.length;
  if (n > POOL_MAX_PIECE) return Uint8Array.from(Buffer.from(s, 'latin1'));
  const at = reserve(n);
  poolBuffer.write(s, at, n, 'latin1');
  return pool.subarray(at, at + n);
}

export class JuteReader {
  private view: DataView;
  offset: number;

  constructor(readonly bytes: Uint8Array, offset = 0, private readonly end = bytes.byteLength) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.offset + n > this.end) {
      throw new DecodeError(`truncated ${what}: need ${n} bytes at offset ${this.offset}, have ${this.remaining}`);
    }
  }

  byte(): number {
    this.need(1, 'byte');
    return this.view.getInt8(this.offset++);
  }

  bool(): boolean {
    this.need(1, 'boolean');
    return this.view.getUint8(this.offset++) !== 0;
  }

  int(): number {
    this.need(4, 'int');
    const v = this.view.getInt32(this.offset);
    this.offset += 4;
    return v;
  }

  long(): bigint {
    this.need(8, 'long');
    const v = this.view.getBigInt64(this.offset);
    this.offset += 8;
    return v;
  }

  /**
   * A long read as a number (a time in ms): the same value `Number(long())` gives (one rounding
   * past 2^53), without making a BigInt first.
   */
  longNumber(): number {
    this.need(8, 'long');
    const v = this.view.getInt32(this.offset) * TWO_32 + this.view.getUint32(this.offset + 4);
    this.offset += 8;
    return v;
  }

  /** null (-1) is returned as null; callers decide whether that is allowed. */
  buffer(): Uint8Array | null {
    const len = this.int();
    if (len === -1) return null;
    if (len < -1) throw new DecodeError(`negative buffer length ${len}`);
    this.need(len, 'buffer');
    const out = this.bytes.subarray(this.offset, this.offset + len);
    this.offset += len;
    return out;
  }

  /**
   * Like buffer(), but the bytes are copied into memory of their own. For anything kept after
   * the frame is done with (znode data, passwords, log entries): a view would keep the whole
   * receive buffer alive, up to a megabyte for a few bytes of data. (Buffer#slice is no copy:
   * on a Node Buffer it returns a view too.)
   */
  ownedBuffer(): Uint8Array | null {
    const b = this.buffer();
    return b === null ? null : new Uint8Array(b);
  }

  /**
   * Like ownedBuffer(), but the copy is a piece of the shared pool (pooledCopy): for bytes held
   * only until they are applied or written (a request's or a txn's znode data: the tree keeps
   * data as a string of its own, src/tree/znode.ts).
   */
  pooledBuffer(): Uint8Array | null {
    const len = this.int();
    if (len === -1) return null;
    if (len < -1) throw new DecodeError(`negative buffer length ${len}`);
    this.need(len, 'buffer');
    const out = pooledCopy(this.bytes, this.offset, this.offset + len);
    this.offset += len;
    return out;
  }

  ustring(): string | null {
    const b = this.buffer();
    return b === null ? null : utf8.decode(b);
  }

  /** A string where null is tolerated as "" (kazoo writes empty strings as -1). */
  string(): string {
    return this.ustring() ?? '';
  }

  vector<T>(readItem: (r: JuteReader) => T): T[] | null {
    const count = this.int();
    if (count === -1) return null;
    if (count < -1) throw new DecodeError(`negative vector length ${count}`);
    // Each element takes at least one byte: refuse counts that cannot fit, before allocating.
    if (count > this.remaining) throw new DecodeError(`vector length ${count} exceeds frame`);
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(readItem(this));
    return out;
  }

  /** A vector where null is read as an empty list. */
  list<T>(readItem: (r: JuteReader) => T): T[] {
    return this.vector(readItem) ?? [];
  }

  rest(): Uint8Array {
    const out = this.bytes.subarray(this.offset, this.end);
    this.offset = this.end;
    return out;
  }
}

/**
 * Where writers start: consecutive pieces of one slab, never shared between two writers. Every
 * reply, event, quorum packet and stored record is written by a JuteWriter; a fresh ArrayBuffer
 * for each (allocated, zeroed, tracked by the GC) was the largest single cost of the leader under
 * a write load (docs/performance.md). A writer that outgrows its piece moves to a bigger piece,
 * or to memory of its own past SLAB_MAX_PIECE; toBytes() always copies out, so nothing returned
 * keeps a slab alive.
 */
const SLAB_BYTES = 256 * 1024;
const SLAB_MAX_PIECE = 4096;
let slab = new Uint8Array(SLAB_BYTES);
/** One DataView per slab, shared by every writer on it (a view per writer was two allocations per encoding). */
let slabView = new DataView(slab.buffer);
let slabUsed = 0;

export class JuteWriter {
  /**
   * The memory written into: the current slab (shared, each writer on a piece of its own) or
   * memory of its own. This writer's bytes are buf[start, start + length), its room ends at `end`.
   */
  private buf!: Uint8Array;
  private view!: DataView;
  private start = 0;
  private end = 0;
  length = 0;

  constructor(initial = 256) {
    this.take(Math.max(16, initial));
  }

  /** Moves to a fresh piece of `size` bytes (a slab's while it fits one, else memory of its own). */
  private take(size: number): void {
    if (size > SLAB_MAX_PIECE) {
      this.buf = new Uint8Array(size);
      this.view = new DataView(this.buf.buffer);
      this.start = 0;
      this.end = size;
      return;
    }
    if (slabUsed + size > SLAB_BYTES) {
      slab = new Uint8Array(SLAB_BYTES);
      slabView = new DataView(slab.buffer);
      slabUsed = 0;
    }
    this.buf = slab;
    this.view = slabView;
    this.start = slabUsed;
    this.end = slabUsed + size;
    slabUsed += (size + 7) & ~7;
  }

  private ensure(n: number): void {
    if (this.start + this.length + n <= this.end) return;
    let size = (this.end - this.start) * 2;
    while (size < this.length + n) size *= 2;
    // A bigger piece of the slab while it fits one (a fresh buffer for each growth was the
    // largest self time of encodeTxn on the leader, docs/performance.md), else memory of its own.
    const from = this.buf;
    const at = this.start;
    this.take(size);
    this.buf.set(from.subarray(at, at + this.length), this.start);
  }

  byte(v: number): this {
    this.ensure(1);
    this.view.setInt8(this.start + this.length++, v);
    return this;
  }

  bool(v: boolean): this {
    this.ensure(1);
    this.view.setUint8(this.start + this.length++, v ? 1 : 0);
    return this;
  }

  int(v: number): this {
    this.ensure(4);
    this.view.setInt32(this.start + this.length, v);
    this.length += 4;
    return this;
  }

  long(v: bigint): this {
    this.ensure(8);
    // setBigInt64 takes the value modulo 2^64 itself (as BigInt.asIntN(64, v) would).
    this.view.setBigInt64(this.start + this.length, v);
    this.length += 8;
    return this;
  }

  /**
   * An integer number (a time in ms) as a long: the bytes `long(BigInt(v))` writes, without the
   * BigInt (a reply's Stat wrote two, a stored record two: docs/performance.md, section 18).
   */
  longNumber(v: number): this {
    if (!Number.isSafeInteger(v)) return this.long(BigInt(v));
    this.ensure(8);
    const at = this.start + this.length;
    this.view.setInt32(at, Math.floor(v / TWO_32));
    this.view.setUint32(at + 4, v >>> 0);
    this.length += 8;
    return this;
  }

  buffer(v: Uint8Array | null): this {
    if (v === null) return this.int(-1);
    this.int(v.byteLength);
    this.raw(v);
    return this;
  }

  ustring(v: string | null): this {
    if (v === null) return this.int(-1);
    return this.utf8(v);
  }

  /**
   * Length-prefixed UTF-8, encoded in place (no intermediate array). The ASCII head of the
   * string (all of a typical path) is copied char by char; encodeInto takes the rest.
   */
  private utf8(v: string): this {
    const n = v.length;
    this.ensure(4 + n * 3);
    const buf = this.buf;
    const at = this.start + this.length;
    let o = at + 4;
    let i = 0;
    for (; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) break;
      buf[o++] = c;
    }
    // The char before i is ASCII: cutting there splits no surrogate pair.
    if (i < n) o += utf8enc.encodeInto(i === 0 ? v : v.slice(i), buf.subarray(o, this.end)).written;
    this.view.setInt32(at, o - at - 4);
    this.length = o - this.start;
    return this;
  }

  /**
   * A string as ZooKeeper's server writes one (jute's BinaryOutputArchive): each UTF-16 code unit
   * encoded on its own, so a character outside the BMP takes two 3-byte sequences (CESU-8), not
   * one 4-byte one. The same bytes as UTF-8 for everything else. Replies and events use it, so
   * that clients get exactly the bytes ZooKeeper would send.
   */
  jstring(v: string | null): this {
    if (v === null) return this.int(-1);
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    if (n === v.length) return this.utf8(v); // ASCII: the common case
    this.int(n);
    this.ensure(n);
    const buf = this.buf;
    let o = this.start + this.length;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x80) {
        buf[o++] = c;
      } else if (c < 0x800) {
        buf[o++] = 0xc0 | (c >> 6);
        buf[o++] = 0x80 | (c & 0x3f);
      } else {
        buf[o++] = 0xe0 | (c >> 12);
        buf[o++] = 0x80 | ((c >> 6) & 0x3f);
        buf[o++] = 0x80 | (c & 0x3f);
      }
    }
    this.length = o - this.start;
    return this;
  }

  vector<T>(items: readonly T[] | null, writeItem: (w: JuteWriter, item: T) => void): this {
    if (items === null) return this.int(-1);
    this.int(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.ensure(bytes.byteLength);
    this.buf.set(bytes, this.start + this.length);
    this.length += bytes.byteLength;
    return this;
  }

  /** Overwrite an int already written at `at` (used for length prefixes). */
  patchInt(at: number, v: number): void {
    this.view.setInt32(this.start + at, v);
  }

  toBytes(): Uint8Array {
    return this.buf.slice(this.start, this.start + this.length);
  }

  /** What was written, copied into the shared pool (pooledCopy): for bytes let go of soon, as a frame written to a socket. */
  toPooledBytes(): Uint8Array {
    return pooledCopy(this.buf, this.start, this.start + this.length);
  }

  /**
   * What was written, in place: no copy. Slab pieces are never handed to another writer, so the
   * bytes stay as they are once this writer is done with (write nothing more to it); but the view
   * keeps its whole slab (256 KiB) alive while it is held. For bytes let go of soon (a value
   * handed to storage until it is written), where toBytes' copy is pure cost.
   */
  written(): Uint8Array {
    return this.buf.subarray(this.start, this.start + this.length);
  }

  /** A copy of what was written from `from` on (memory of its own). */
  copyOut(from: number): Uint8Array {
    return this.buf.slice(this.start + from, this.start + this.length);
  }
}

/** A frame: int32 length of what follows, then the body. */
export function frame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.byteLength);
  new DataView(out.buffer).setInt32(0, body.byteLength);
  out.set(body, 4);
  return out;
}

/** Writes a frame in one pass: reserve the length, let `write` fill the body, patch the length. */
export function writeFrame(write: (w: JuteWriter) => void, initial = 128): Uint8Array {
  const w = new JuteWriter(initial);
  w.int(0);
  write(w);
  w.patchInt(0, w.length - 4);
  return w.toPooledBytes(); // a frame goes to a socket and is let go of
}

export { EMPTY as EMPTY_BYTES };
