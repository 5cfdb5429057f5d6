/**
 * Drops election datagrams that are not newer than the last one accepted from their sender
 * (docs/architecture.md, "Elections over UDP"). UDP may duplicate and reorder; both algorithms
 * keep "the latest word of each sender", so an old datagram applied after a newer one would
 * roll that word back (docs/zookeeper-bugs.md item 4). TCP hid this from ZooKeeper's FLE.
 *
 * Each sender process stamps (incarnation, seq): the incarnation is a random uint32 chosen at
 * process start, seq counts up within it. Incarnations carry no order, so on seeing a new one
 * we switch to it and retire the old: a restarted process never reuses its incarnation, and any
 * datagram of a retired one still in flight is from a dead process. This assumes no datagram is
 * delayed longer than a process takes to restart (seconds, against a LAN's milliseconds); the
 * simulator keeps its delays below its shortest restart for the same reason.
 */
import type { Sid } from './types.js';
export type FilterVerdict = 
/** Newer than anything before from this sender: process it. */
'accept'
/** The first datagram of a new sender process: forget what its predecessor said, then process. */
 | 'restarted'
/** A duplicate, an older datagram, or one from a retired incarnation: drop. */
 | 'stale';
export declare class SenderFilter {
    private readonly marks;
    /** Classifies a datagram and, unless it is stale, records it as the sender's latest. */
    admit(sid: Sid, incarnation: number, seq: number): FilterVerdict;
}
