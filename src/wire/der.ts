/**
 * A small reader for ASN.1 DER (and the BER forms PKCS#12 files use in practice: indefinite
 * lengths and constructed OCTET STRINGs). Enough to walk X.509 names and PKCS#12 containers;
 * nothing here interprets cryptography. Every malformed input throws DecodeError.
 */
import { DecodeError } from './jute.js';

export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  GENERAL_STRING: 0x1b,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
} as const;

export interface DerNode {
  /** The identifier octet (class, constructed bit, tag number < 31). */
  tag: number;
  /** The whole buffer this node lives in. */
  buf: Uint8Array;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the contents (before the end-of-contents octets of an indefinite form). */
  contentEnd: number;
  /** Offset just past the whole encoding. */
  end: number;
}

export function isConstructed(n: DerNode): boolean {
  return (n.tag & 0x20) !== 0;
}

/** A context-specific tag [k] (constructed or primitive per `constructed`). */
export function contextTag(k: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | k;
}

/** Reads the element starting at `offset`, which must end at or before `limit`. */
export function readNode(buf: Uint8Array, offset = 0, limit = buf.byteLength): DerNode {
  const need = (n: number) => {
    if (offset + n > limit) throw new DecodeError(`truncated DER at offset ${offset}`);
  };
  const start = offset;
  need(2);
  const tag = buf[offset++]!; // need(2) above
  if ((tag & 0x1f) === 0x1f) throw new DecodeError(`DER high tag numbers are not supported (offset ${start})`);
  let len = buf[offset++]!;
  if (len === 0x80) {
    if ((tag & 0x20) === 0) throw new DecodeError(`indefinite length on a primitive element (offset ${start})`);
    // Indefinite: children until the end-of-contents octets 00 00.
    const contentStart = offset;
    let p = offset;
    for (;;) {
      if (p + 2 > limit) throw new DecodeError(`unterminated indefinite-length element at offset ${start}`);
      if (buf[p] === 0 && buf[p + 1] === 0) return { tag: tag, buf, start, contentStart, contentEnd: p, end: p + 2 };
      p = readNode(buf, p, limit).end;
    }
  }
  if (len & 0x80) {
    const octets = len & 0x7f;
    if (octets > 4) throw new DecodeError(`DER length of ${octets} octets at offset ${start}`);
    need(octets);
    len = 0;
    for (let i = 0; i < octets; i++) len = len * 256 + buf[offset++]!;
  }
  need(len);
  return { tag: tag, buf, start, contentStart: offset, contentEnd: offset + len, end: offset + len };
}

/** The element that fills `buf` exactly. */
export function readRoot(buf: Uint8Array): DerNode {
  const n = readNode(buf, 0, buf.byteLength);
  if (n.end !== buf.byteLength) throw new DecodeError(`${buf.byteLength - n.end} bytes after the DER element`);
  return n;
}

export function children(n: DerNode | undefined): DerNode[] {
  if (!n) throw new DecodeError('missing DER element');
  if (!isConstructed(n)) throw new DecodeError(`element with tag 0x${n.tag.toString(16)} has no children`);
  const out: DerNode[] = [];
  for (let p = n.contentStart; p < n.contentEnd; ) {
    const c = readNode(n.buf, p, n.contentEnd);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** `n` with the tag `tag`; a missing element (a SEQUENCE cut short) is a DecodeError too. */
export function expectTag(n: DerNode | undefined, tag: number, what: string): DerNode {
  if (!n) throw new DecodeError(`${what}: missing`);
  if (n.tag !== tag) throw new DecodeError(`${what}: expected tag 0x${tag.toString(16)}, got 0x${n.tag.toString(16)}`);
  return n;
}

/**
 * The content octets of a string-like element. A constructed (BER) string, e.g. an OCTET STRING
 * or an IMPLICIT [0] string sent in segments, is the concatenation of its segments.
 */
export function contentOf(n: DerNode | undefined): Uint8Array {
  if (!n) throw new DecodeError('missing DER element');
  if (!isConstructed(n)) return n.buf.subarray(n.contentStart, n.contentEnd);
  const parts = children(n).map(contentOf);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** The whole encoding (identifier, length, contents) of `n`. */
export function encodingOf(n: DerNode): Uint8Array {
  return n.buf.subarray(n.start, n.end);
}

export function readOid(n: DerNode | undefined): string {
  expectTag(n, Tag.OID, 'object identifier');
  const b = contentOf(n);
  if (b.byteLength === 0) throw new DecodeError('empty object identifier');
  const parts: number[] = [];
  let value = 0;
  for (let i = 0; i < b.byteLength; i++) {
    value = value * 128 + (b[i]! & 0x7f);
    if ((b[i]! & 0x80) === 0) {
      parts.push(value);
      value = 0;
    } else if (i === b.byteLength - 1) {
      throw new DecodeError('truncated object identifier');
    }
  }
  const first = parts[0]! < 40 ? 0 : parts[0]! < 80 ? 1 : 2;
  return [first, parts[0]! - first * 40, ...parts.slice(1)].join('.');
}

/** A non-negative INTEGER that fits a JS number (iteration counts, versions). */
export function readSmallInt(n: DerNode | undefined): number {
  expectTag(n, Tag.INTEGER, 'integer');
  const b = contentOf(n);
  if (b.byteLength === 0 || b.byteLength > 6 || (b[0]! & 0x80) !== 0) throw new DecodeError('integer out of range');
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** The text of a string-typed element, or undefined for any other type. */
export function readString(n: DerNode): string | undefined {
  const b = contentOf(n);
  switch (n.tag) {
    case Tag.UTF8_STRING:
      return utf8.decode(b);
    case Tag.PRINTABLE_STRING:
    case Tag.IA5_STRING:
    case Tag.VISIBLE_STRING:
    case Tag.T61_STRING:
    case Tag.GENERAL_STRING:
      return latin1.decode(b);
    case Tag.BMP_STRING: {
      let s = '';
      for (let i = 0; i + 1 < b.byteLength; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
      return s;
    }
    case Tag.UNIVERSAL_STRING: {
      let s = '';
      for (let i = 0; i + 3 < b.byteLength; i += 4) s += String.fromCodePoint(((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0);
      return s;
    }
    default:
      return undefined;
  }
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}
