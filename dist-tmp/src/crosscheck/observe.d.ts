import type { Stat } from '../wire/records.js';
export declare class ZxidRef {
    readonly value: bigint;
    constructor(value: bigint);
}
export type Value = null | boolean | number | string | ZxidRef | Value[] | {
    [k: string]: Value;
};
/** Session id → label ("s1.0": slot 1, its first session), per server. */
export type SessionLabels = Map<bigint, string>;
export declare function statValue(s: Stat, sessions: SessionLabels): Value;
export declare function bytesValue(b: Uint8Array | null): Value;
/**
 * The record after a ReplyHeader, decoded as the reply to `op` (or kept as bytes if it is not).
 * Failed replies normally have none; when they do (ZooKeeper sends a multiRead's results so
 * far with its error), they are decoded the same way.
 */
export declare function replyBody(op: number, err: number, body: Uint8Array, sessions: SessionLabels): Value;
/** A difference between the two servers at `where` (a dotted path into the observation). */
export interface Difference {
    where: string;
    a: string;
    b: string;
}
/**
 * The zxid renaming between two servers, built as the comparison goes: the first time a zxid
 * is met on each side at the same place they are paired; afterwards each must keep its partner.
 */
export declare class ZxidPairing {
    private readonly aToB;
    private readonly bToA;
    /** See forgiveOnce. */
    private lenient;
    /**
     * After a deliberate difference that used a zxid on one side only (an error txn the other
     * server does not make, or a refusal that makes none), the next zxid met on that side alone
     * is paired with the other side's instead of being reported; until then, or until both sides
     * show a new zxid together (they are back in step).
     */
    forgiveOnce(): void;
    /** null when consistent, else why not. */
    pair(a: bigint, b: bigint): string | null;
    /**
     * After a deliberate difference that used a zxid on one side only (an error txn the other
     * server does not make), the reply zxids of that step name the same moment: both pairs hold.
     */
    alias(a: bigint, b: bigint): void;
    private link;
}
/**
 * One session's observation split for comparison: what it was answered (replies, closes,
 * handshakes) in order, and the watch events, each with how many answers preceded it. A missing
 * event then shows as one difference, not as every later item shifted.
 */
export declare function splitEvents(items: readonly Value[]): {
    answers: Value[];
    events: Value[];
};
export declare function show(v: Value): string;
/** Compares two observations; zxids through `pairing`. Appends differences to `out`. */
export declare function compare(a: Value, b: Value, pairing: ZxidPairing, where: string, out: Difference[]): void;
export declare function errValue(err: number): string;
