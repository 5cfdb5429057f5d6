/**
 * zxids: epoch in the high 32 bits, counter in the low 32 bits. Always bigint: zxids and
 * session ids exceed 2^53, so a JS number would silently lose their low bits.
 */
import { assert } from './assert.js';

/**
 * Branded (src/base/ids.ts): a session id, a cxid or a byte count cannot pass for a zxid. Made by
 * `makeZxid`, `nextZxid`, `ZERO_ZXID`, `zxidFromKey`, and `asZxid` where one is decoded.
 */
export type Zxid = bigint & { readonly __brand: 'Zxid' };

/** A zxid read from the wire, a record or a file: the value is a zxid by its position there. */
export function asZxid(value: bigint): Zxid {
  return value as Zxid;
}

/** The zxid before any txn: (epoch 0, counter 0). */
export const ZERO_ZXID: Zxid = asZxid(0n);

const MASK32 = 0xffffffffn;

export function makeZxid(epoch: number, counter: number): Zxid {
  assert(epoch >= 0 && epoch <= 0xffffffff, `epoch out of range: ${epoch}`);
  assert(counter >= 0 && counter <= 0xffffffff, `counter out of range: ${counter}`);
  return asZxid((BigInt(epoch) << 32n) | BigInt(counter));
}

/** The bound just below `zxid`, for an exclusive range start: readLog(prevZxid(z), z) reads z alone. */
export function prevZxid(zxid: Zxid): Zxid {
  return asZxid(zxid - 1n);
}

/** The zxid after `zxid` in the same epoch. */
export function nextZxid(zxid: Zxid): Zxid {
  return asZxid(zxid + 1n);
}

export function epochOf(zxid: Zxid): number {
  return Number((zxid >> 32n) & MASK32);
}

export function counterOf(zxid: Zxid): number {
  return Number(zxid & MASK32);
}

/** The counter value at which a leader must stop and force a new epoch. */
export const ZXID_COUNTER_LIMIT = 0xffffffff;

/** `0x` + lowercase hex, as ZooKeeper prints zxids and session ids. */
export function hex(value: bigint | number): string {
  const v = typeof value === 'number' ? BigInt(value) : value;
  return '0x' + BigInt.asUintN(64, v).toString(16);
}

export function maxBig<T extends bigint>(a: T, b: T): T {
  return a > b ? a : b;
}

/** 8-byte big-endian key, so that LMDB's byte order is numeric order (session ids are keyed alike). */
export function zxidKey(zxid: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt.asUintN(64, zxid));
  return b;
}

export function zxidFromKey(key: Uint8Array): Zxid {
  return asZxid(Buffer.from(key.buffer, key.byteOffset, key.byteLength).readBigUInt64BE(0));
}

/**
 * Whether `next` directly follows `prev` in one history: the next counter of the same epoch, or
 * the first txn (counter 1) of a later epoch, since every leader numbers its first proposal 1.
 * A log, a sync stream and the txns a learner logs all move this way; anything else is a gap
 * (docs/replication.md, "No gaps").
 */
export function isNextZxid(prev: Zxid, next: Zxid): boolean {
  const e = epochOf(next);
  return (e === epochOf(prev) && next === prev + 1n) || (e > epochOf(prev) && counterOf(next) === 1);
}
