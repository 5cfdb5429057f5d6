export type Zxid = bigint;
export declare function makeZxid(epoch: number, counter: number): Zxid;
export declare function epochOf(zxid: Zxid): number;
export declare function counterOf(zxid: Zxid): number;
/** The counter value at which a leader must stop and force a new epoch. */
export declare const ZXID_COUNTER_LIMIT = 4294967295;
/** `0x` + lowercase hex, as ZooKeeper prints zxids and session ids. */
export declare function hex(value: bigint | number): string;
export declare function maxBig(a: bigint, b: bigint): bigint;
/** 8-byte big-endian key, so that LMDB's byte order is numeric order. */
export declare function zxidKey(zxid: Zxid): Buffer;
export declare function zxidFromKey(key: Uint8Array): Zxid;
/**
 * Whether `next` directly follows `prev` in one history: the next counter of the same epoch, or
 * the first txn (counter 1) of a later epoch, since every leader numbers its first proposal 1.
 * A log, a sync stream and the txns a learner logs all move this way; anything else is a gap
 * (docs/replication.md, "No gaps").
 */
export declare function isNextZxid(prev: Zxid, next: Zxid): boolean;
