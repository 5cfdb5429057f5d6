/**
 * zxids: epoch in the high 32 bits, counter in the low 32 bits. Always bigint: zxids and
 * session ids exceed 2^53, so a JS number would silently lose their low bits.
 */
import { assert } from './assert.js';
const MASK32 = 0xffffffffn;
export function makeZxid(epoch, counter) {
    assert(epoch >= 0 && epoch <= 0xffffffff, `epoch out of range: ${epoch}`);
    assert(counter >= 0 && counter <= 0xffffffff, `counter out of range: ${counter}`);
    return (BigInt(epoch) << 32n) | BigInt(counter);
}
export function epochOf(zxid) {
    return Number((zxid >> 32n) & MASK32);
}
export function counterOf(zxid) {
    return Number(zxid & MASK32);
}
/** The counter value at which a leader must stop and force a new epoch. */
export const ZXID_COUNTER_LIMIT = 0xffffffff;
/** `0x` + lowercase hex, as ZooKeeper prints zxids and session ids. */
export function hex(value) {
    const v = typeof value === 'number' ? BigInt(value) : value;
    return '0x' + BigInt.asUintN(64, v).toString(16);
}
export function maxBig(a, b) {
    return a > b ? a : b;
}
/** 8-byte big-endian key, so that LMDB's byte order is numeric order. */
export function zxidKey(zxid) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt.asUintN(64, zxid));
    return b;
}
export function zxidFromKey(key) {
    return Buffer.from(key.buffer, key.byteOffset, key.byteLength).readBigUInt64BE(0);
}
/**
 * Whether `next` directly follows `prev` in one history: the next counter of the same epoch, or
 * the first txn (counter 1) of a later epoch, since every leader numbers its first proposal 1.
 * A log, a sync stream and the txns a learner logs all move this way; anything else is a gap
 * (docs/replication.md, "No gaps").
 */
export function isNextZxid(prev, next) {
    const e = epochOf(next);
    return (e === epochOf(prev) && next === prev + 1n) || (e > epochOf(prev) && counterOf(next) === 1);
}
//# sourceMappingURL=zxid.js.map