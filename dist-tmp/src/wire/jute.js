/**
 * Jute binary encoding (docs/client-protocol.md, "Jute encoding"): big-endian ints and longs,
 * length-prefixed strings, buffers and vectors where -1 means null. Records are fields in
 * order, nothing else.
 */
/** Thrown when bytes cannot be decoded; the caller maps it to MARSHALLINGERROR or a close. */
export class DecodeError extends Error {
    name = 'DecodeError';
}
const EMPTY = new Uint8Array(0);
const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8enc = new TextEncoder();
export class JuteReader {
    bytes;
    end;
    view;
    offset;
    constructor(bytes, offset = 0, end = bytes.byteLength) {
        this.bytes = bytes;
        this.end = end;
        this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        this.offset = offset;
    }
    get remaining() {
        return this.end - this.offset;
    }
    need(n, what) {
        if (n < 0 || this.offset + n > this.end) {
            throw new DecodeError(`truncated ${what}: need ${n} bytes at offset ${this.offset}, have ${this.remaining}`);
        }
    }
    byte() {
        this.need(1, 'byte');
        return this.view.getInt8(this.offset++);
    }
    bool() {
        this.need(1, 'boolean');
        return this.view.getUint8(this.offset++) !== 0;
    }
    int() {
        this.need(4, 'int');
        const v = this.view.getInt32(this.offset);
        this.offset += 4;
        return v;
    }
    long() {
        this.need(8, 'long');
        const v = this.view.getBigInt64(this.offset);
        this.offset += 8;
        return v;
    }
    /** null (-1) is returned as null; callers decide whether that is allowed. */
    buffer() {
        const len = this.int();
        if (len === -1)
            return null;
        if (len < -1)
            throw new DecodeError(`negative buffer length ${len}`);
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
    ownedBuffer() {
        const b = this.buffer();
        return b === null ? null : new Uint8Array(b);
    }
    ustring() {
        const b = this.buffer();
        return b === null ? null : utf8.decode(b);
    }
    /** A string where null is tolerated as "" (kazoo writes empty strings as -1). */
    string() {
        return this.ustring() ?? '';
    }
    vector(readItem) {
        const count = this.int();
        if (count === -1)
            return null;
        if (count < -1)
            throw new DecodeError(`negative vector length ${count}`);
        // Each element takes at least one byte: refuse counts that cannot fit, before allocating.
        if (count > this.remaining)
            throw new DecodeError(`vector length ${count} exceeds frame`);
        const out = [];
        for (let i = 0; i < count; i++)
            out.push(readItem(this));
        return out;
    }
    /** A vector where null is read as an empty list. */
    list(readItem) {
        return this.vector(readItem) ?? [];
    }
    rest() {
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
let slabUsed = 0;
function startBuffer(initial) {
    const size = Math.max(16, initial);
    if (size > SLAB_MAX_PIECE)
        return new Uint8Array(size);
    if (slabUsed + size > SLAB_BYTES) {
        slab = new Uint8Array(SLAB_BYTES);
        slabUsed = 0;
    }
    const piece = slab.subarray(slabUsed, slabUsed + size);
    slabUsed += (size + 7) & ~7;
    return piece;
}
export class JuteWriter {
    buf;
    view;
    length = 0;
    constructor(initial = 256) {
        this.buf = startBuffer(initial);
        this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    }
    ensure(n) {
        if (this.length + n <= this.buf.byteLength)
            return;
        let size = this.buf.byteLength * 2;
        while (size < this.length + n)
            size *= 2;
        // A bigger piece of the slab while it fits one (a fresh buffer for each growth was the
        // largest self time of encodeTxn on the leader, docs/performance.md), else memory of its own.
        const next = startBuffer(size);
        next.set(this.buf.subarray(0, this.length));
        this.buf = next;
        this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
    }
    byte(v) {
        this.ensure(1);
        this.view.setInt8(this.length++, v);
        return this;
    }
    bool(v) {
        this.ensure(1);
        this.view.setUint8(this.length++, v ? 1 : 0);
        return this;
    }
    int(v) {
        this.ensure(4);
        this.view.setInt32(this.length, v);
        this.length += 4;
        return this;
    }
    long(v) {
        this.ensure(8);
        this.view.setBigInt64(this.length, BigInt.asIntN(64, v));
        this.length += 8;
        return this;
    }
    buffer(v) {
        if (v === null)
            return this.int(-1);
        this.int(v.byteLength);
        this.raw(v);
        return this;
    }
    ustring(v) {
        if (v === null)
            return this.int(-1);
        return this.utf8(v);
    }
    /** Length-prefixed UTF-8, encoded in place (no intermediate array). */
    utf8(v) {
        this.ensure(4 + v.length * 3);
        const at = this.length;
        const { written } = utf8enc.encodeInto(v, this.buf.subarray(at + 4));
        this.view.setInt32(at, written);
        this.length = at + 4 + written;
        return this;
    }
    /**
     * A string as ZooKeeper's server writes one (jute's BinaryOutputArchive): each UTF-16 code unit
     * encoded on its own, so a character outside the BMP takes two 3-byte sequences (CESU-8), not
     * one 4-byte one. The same bytes as UTF-8 for everything else. Replies and events use it, so
     * that clients get exactly the bytes ZooKeeper would send.
     */
    jstring(v) {
        if (v === null)
            return this.int(-1);
        let n = 0;
        for (let i = 0; i < v.length; i++) {
            const c = v.charCodeAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        if (n === v.length)
            return this.utf8(v); // ASCII: the common case
        this.int(n);
        this.ensure(n);
        for (let i = 0; i < v.length; i++) {
            const c = v.charCodeAt(i);
            if (c < 0x80) {
                this.buf[this.length++] = c;
            }
            else if (c < 0x800) {
                this.buf[this.length++] = 0xc0 | (c >> 6);
                this.buf[this.length++] = 0x80 | (c & 0x3f);
            }
            else {
                this.buf[this.length++] = 0xe0 | (c >> 12);
                this.buf[this.length++] = 0x80 | ((c >> 6) & 0x3f);
                this.buf[this.length++] = 0x80 | (c & 0x3f);
            }
        }
        return this;
    }
    vector(items, writeItem) {
        if (items === null)
            return this.int(-1);
        this.int(items.length);
        for (const item of items)
            writeItem(this, item);
        return this;
    }
    raw(bytes) {
        this.ensure(bytes.byteLength);
        this.buf.set(bytes, this.length);
        this.length += bytes.byteLength;
        return this;
    }
    /** Overwrite an int already written at `at` (used for length prefixes). */
    patchInt(at, v) {
        this.view.setInt32(at, v);
    }
    toBytes() {
        return this.buf.slice(0, this.length);
    }
}
/** A frame: int32 length of what follows, then the body. */
export function frame(body) {
    const out = new Uint8Array(4 + body.byteLength);
    new DataView(out.buffer).setInt32(0, body.byteLength);
    out.set(body, 4);
    return out;
}
/** Writes a frame in one pass: reserve the length, let `write` fill the body, patch the length. */
export function writeFrame(write, initial = 128) {
    const w = new JuteWriter(initial);
    w.int(0);
    write(w);
    w.patchInt(0, w.length - 4);
    return w.toBytes();
}
export { EMPTY as EMPTY_BYTES };
//# sourceMappingURL=jute.js.map