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

export type Packet =
  | { kind: 'datagram'; bytes: Uint8Array }
  | { kind: 'stream'; message: unknown; text: string };

export interface LinkQuality {
  lossRate: number;
  duplicateRate: number;
  garbleRate: number;
  delayMinMs: number;
  delayMaxMs: number;
}

export const PERFECT_LINKS: Readonly<LinkQuality> = { lossRate: 0, duplicateRate: 0, garbleRate: 0, delayMinMs: 1, delayMaxMs: 1 };

export interface NetworkCounters {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  garbled: number;
  cut: number;
}

export type DeliverFn = (from: Sid, to: Sid, packet: Packet) => void;

export class SimNetwork {
  quality: LinkQuality = { ...PERFECT_LINKS };
  readonly counters: NetworkCounters = { sent: 0, delivered: 0, lost: 0, duplicated: 0, garbled: 0, cut: 0 };
  private readonly cuts = new Set<string>();
  private readonly streamTail = new Map<string, number>();

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    private readonly deliver: DeliverFn,
  ) {}

  send(from: Sid, to: Sid, packet: Packet): void {
    this.counters.sent++;
    if (this.isCut(from, to)) {
      this.counters.cut++;
      return;
    }
    if (packet.kind === 'stream') {
      this.sendStream(from, to, packet);
      return;
    }
    if (this.chance(this.quality.lossRate)) {
      this.counters.lost++;
      return;
    }
    this.schedule(from, to, this.maybeGarble(packet));
    if (this.chance(this.quality.duplicateRate)) {
      this.counters.duplicated++;
      this.schedule(from, to, this.maybeGarble(packet));
    }
  }

  /** Cuts every link between different groups, both ways; links inside a group stay. */
  partition(groups: readonly (readonly Sid[])[]): void {
    for (const a of groups) {
      for (const b of groups) {
        if (a === b) continue;
        for (const x of a) for (const y of b) this.cuts.add(key(x, y));
      }
    }
  }

  cutOneWay(from: Sid, to: Sid): void {
    this.cuts.add(key(from, to));
  }

  heal(): void {
    this.cuts.clear();
  }

  /** Restores one direction only. */
  uncut(from: Sid, to: Sid): void {
    this.cuts.delete(key(from, to));
  }

  isCut(from: Sid, to: Sid): boolean {
    return this.cuts.has(key(from, to));
  }

  get cutCount(): number {
    return this.cuts.size;
  }

  private sendStream(from: Sid, to: Sid, packet: Packet): void {
    const k = key(from, to);
    const at = Math.max(this.world.nowMs + this.delay(), this.streamTail.get(k) ?? 0);
    this.streamTail.set(k, at);
    this.world.at(at, () => this.arrive(from, to, packet));
  }

  private schedule(from: Sid, to: Sid, packet: Packet): void {
    this.world.after(this.delay(), () => this.arrive(from, to, packet));
  }

  private arrive(from: Sid, to: Sid, packet: Packet): void {
    // A link cut while the packet was in flight loses it (a broken connection, a dead route).
    if (this.isCut(from, to)) {
      this.counters.cut++;
      return;
    }
    this.counters.delivered++;
    this.deliver(from, to, packet);
  }

  private maybeGarble(packet: Packet): Packet {
    if (packet.kind !== 'datagram' || !this.chance(this.quality.garbleRate)) return packet;
    this.counters.garbled++;
    const b = packet.bytes;
    switch (this.rng.int(3)) {
      case 0:
        return { kind: 'datagram', bytes: b.slice(0, this.rng.int(b.length)) };
      case 1: {
        const longer = new Uint8Array(b.length + 1 + this.rng.int(16));
        longer.set(b);
        return { kind: 'datagram', bytes: longer };
      }
      default:
        return { kind: 'datagram', bytes: this.rng.bytes(this.rng.int(120)) };
    }
  }

  private delay(): number {
    const { delayMinMs, delayMaxMs } = this.quality;
    return delayMinMs + this.rng.int(Math.max(1, delayMaxMs - delayMinMs + 1));
  }

  private chance(p: number): boolean {
    return p > 0 && this.rng.next() < p;
  }
}

function key(from: Sid, to: Sid): string {
  return `${from}>${to}`;
}
