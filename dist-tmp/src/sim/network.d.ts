/**
 * A faulty network between simulated servers. Two kinds of traffic:
 *
 * - datagrams (UDP: the election port): each copy is independently lost, duplicated, delayed
 *   by a random amount (hence reordered) or garbled (truncated or replaced by junk, which the
 *   codec must reject: real UDP checksums make silent bit flips vanishingly rare);
 * - stream messages (TCP: the quorum port): delayed but delivered in order per direction,
 *   never lost or duplicated, except that a cut link drops what is in flight, as a broken
 *   connection does.
 *
 * Links can be cut in one direction or both (partitions). The delay is always below the
 * shortest restart the nemesis performs; see sender-filter.ts for why.
 */
import type { Rng } from '../base/clock.js';
import type { Sid } from '../election/types.js';
import type { World } from './world.js';
export type { Sid };
export type Packet = {
    kind: 'datagram';
    bytes: Uint8Array;
} | {
    kind: 'stream';
    message: unknown;
    text: string;
};
export interface LinkQuality {
    lossRate: number;
    duplicateRate: number;
    garbleRate: number;
    delayMinMs: number;
    delayMaxMs: number;
}
export declare const PERFECT_LINKS: Readonly<LinkQuality>;
export interface NetworkCounters {
    sent: number;
    delivered: number;
    lost: number;
    duplicated: number;
    garbled: number;
    cut: number;
}
export type DeliverFn = (from: Sid, to: Sid, packet: Packet) => void;
export declare class SimNetwork {
    private readonly world;
    private readonly rng;
    private readonly deliver;
    quality: LinkQuality;
    readonly counters: NetworkCounters;
    private readonly cuts;
    private readonly streamTail;
    constructor(world: World, rng: Rng, deliver: DeliverFn);
    send(from: Sid, to: Sid, packet: Packet): void;
    /** Cuts every link between different groups, both ways; links inside a group stay. */
    partition(groups: readonly (readonly Sid[])[]): void;
    cutOneWay(from: Sid, to: Sid): void;
    heal(): void;
    /** Restores one direction only. */
    uncut(from: Sid, to: Sid): void;
    isCut(from: Sid, to: Sid): boolean;
    get cutCount(): number;
    private sendStream;
    private schedule;
    private arrive;
    private maybeGarble;
    private delay;
    private chance;
}
