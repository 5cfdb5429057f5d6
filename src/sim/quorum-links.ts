/**
 * Simulated quorum links: the TCP connections between a learner and its leader (docs/architecture.md, "Zab over TCP").
 *
 * A link has two ends, each bound to one incarnation of its server. Each direction is an
 * ordered byte stream: packets arrive in the order sent, never lost or duplicated while the
 * link stands. What breaks a link:
 *
 * - an end closes it (the core's closeLearner / disconnectLeader, or its process crashing: the
 *   kernel closes the socket). A FIN goes out behind the data already sent, so the other end
 *   first receives what was in flight, then learns that the connection is gone;
 * - a partition. A direction that gets cut either *stalls* (TCP retransmits: nothing arrives
 *   until the cut heals, then everything arrives in order, unless an end gave up first) or
 *   *resets* (the connection is torn down; each end learns it after a while, as a keepalive or
 *   retransmission timeout would tell it). Which one is drawn per cut, from the run's seed.
 *
 * Connecting (learner → leader's quorum port) is the cluster's business: it needs both
 * directions open and the leader's process up, and creates the link here.
 */
import type { Rng } from '../base/clock.js';
import { DecodeError } from '../wire/jute.js';
import { decodeQuorumMessage, pktName, quorumMessageZxid, type QuorumMessage } from '../wire/quorum.js';
import type { Sid } from './network.js';
import type { World } from './world.js';

export type LinkEnd = 'leader' | 'learner';

export interface LinkEvents {
  /**
   * A message reaches an end that is still open: decoded there from the bytes the other end
   * sent, so a LearnerMessage at the leader's end and a LeaderMessage at the learner's.
   */
  deliver(link: SimLink, at: LinkEnd, p: QuorumMessage): void;
  /** An open end learns that the connection is gone. */
  closed(link: SimLink, at: LinkEnd, reason: string): void;
}

interface Segment {
  dueAt: number;
  /** The frame as encoded by the sender (its length, then its body); null: the FIN. */
  packet: Uint8Array | null;
  reason: string;
}

class Direction {
  readonly queue: Segment[] = [];
  scheduled = false;
  lastDue = 0;
  wasCut = false;

  constructor(
    readonly from: Sid,
    readonly to: Sid,
    /** The receiving end. */
    readonly end: LinkEnd,
  ) {}
}

export class SimLink {
  readonly open: Record<LinkEnd, boolean> = { leader: true, learner: true };
  /** Reset: nothing is carried any more; each end learns it in its own time. */
  broken = false;
  readonly toLeader: Direction;
  readonly toLearner: Direction;
  /** Packets delivered, per direction (for traces and tests). */
  delivered = 0;

  constructor(
    readonly id: number,
    readonly learner: Sid,
    readonly leader: Sid,
    readonly learnerInc: number,
    readonly leaderInc: number,
  ) {
    this.toLeader = new Direction(learner, leader, 'leader');
    this.toLearner = new Direction(leader, learner, 'learner');
  }

  get dead(): boolean {
    return !this.open.leader && !this.open.learner;
  }

  toString(): string {
    return `link#${this.id} ${this.learner}->${this.leader}`;
  }
}

export interface LinkTiming {
  delayMinMs: number;
  delayMaxMs: number;
  /** Probability that a newly cut direction resets the connection instead of stalling it. */
  resetRate: number;
  /** A reset is noticed by each end after up to this long. */
  resetNoticeMaxMs: number;
}

export const DEFAULT_LINK_TIMING: Readonly<LinkTiming> = { delayMinMs: 1, delayMaxMs: 20, resetRate: 0.5, resetNoticeMaxMs: 800 };

export class QuorumLinks {
  timing: LinkTiming = { ...DEFAULT_LINK_TIMING };
  readonly links = new Map<number, SimLink>();
  private nextId = 1;
  counters = { opened: 0, packets: 0, resets: 0, stalls: 0 };

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    private readonly isCut: (from: Sid, to: Sid) => boolean,
    private readonly events: LinkEvents,
  ) {}

  establish(learner: Sid, learnerInc: number, leader: Sid, leaderInc: number): SimLink {
    const link = new SimLink(this.nextId++, learner, leader, learnerInc, leaderInc);
    this.links.set(link.id, link);
    this.counters.opened++;
    return link;
  }

  /** An end writes a frame (encodeQuorumFrame's bytes: one frame may be sent on several links). */
  send(link: SimLink, from: LinkEnd, frame: Uint8Array): void {
    if (!link.open[from] || link.broken) return;
    this.counters.packets++;
    this.push(link, from === 'learner' ? link.toLeader : link.toLearner, frame, '');
  }

  /** An end closes its socket: the FIN follows the data it sent. */
  close(link: SimLink, at: LinkEnd, reason: string): void {
    if (!link.open[at]) return;
    link.open[at] = false;
    const out = at === 'learner' ? link.toLeader : link.toLearner;
    const inbound = at === 'learner' ? link.toLearner : link.toLeader;
    inbound.queue.length = 0; // nobody reads them any more
    if (!link.broken) this.push(link, out, null, reason);
    this.forgetIfDead(link);
  }

  /** Both ends torn down at once; each learns it after its own delay. */
  reset(link: SimLink, reason: string): void {
    if (link.broken) return;
    this.counters.resets++;
    link.broken = true;
    link.toLeader.queue.length = 0;
    link.toLearner.queue.length = 0;
    for (const end of ['leader', 'learner'] as const) {
      if (!link.open[end]) continue;
      const at = this.world.nowMs + 1 + this.rng.int(this.timing.resetNoticeMaxMs);
      this.world.at(at, () => {
        if (!link.open[end]) return;
        link.open[end] = false;
        this.forgetIfDead(link);
        this.events.closed(link, end, reason);
      });
    }
  }

  /** Every link with an end at `sid` (any incarnation) loses that end: the process is gone. */
  crashed(sid: Sid): void {
    for (const link of [...this.links.values()]) {
      if (link.learner === sid) this.close(link, 'learner', `server ${sid} crashed`);
      if (link.leader === sid) this.close(link, 'leader', `server ${sid} crashed`);
    }
  }

  /** Call after every change of the network's cuts: new cuts stall or reset, healed ones resume. */
  networkChanged(): void {
    for (const link of [...this.links.values()]) {
      for (const d of [link.toLeader, link.toLearner]) {
        const cut = this.isCut(d.from, d.to);
        if (cut && !d.wasCut) {
          d.wasCut = true;
          if (!link.dead && this.rng.next() < this.timing.resetRate) {
            this.reset(link, `connection reset (network cut ${d.from}->${d.to})`);
          } else {
            this.counters.stalls++;
          }
        } else if (!cut && d.wasCut) {
          d.wasCut = false;
          // Retransmission after the heal: what was queued arrives in order from now on.
          let t = this.world.nowMs;
          for (const s of d.queue) {
            t = Math.max(t, this.world.nowMs + this.delay());
            s.dueAt = t;
          }
          d.lastDue = t;
          this.pump(link, d);
        }
      }
    }
  }

  describe(p: QuorumMessage): string {
    return `${pktName(p.type)} ${quorumMessageZxid(p).toString(16)}`;
  }

  private push(link: SimLink, d: Direction, packet: Uint8Array | null, reason: string): void {
    const dueAt = Math.max(this.world.nowMs + this.delay(), d.lastDue);
    d.lastDue = dueAt;
    d.queue.push({ dueAt, packet, reason });
    this.pump(link, d);
  }

  private pump(link: SimLink, d: Direction): void {
    if (d.scheduled || d.queue.length === 0) return;
    if (this.isCut(d.from, d.to)) return; // stalled until the cut heals
    d.scheduled = true;
    this.world.at(Math.max(d.queue[0]!.dueAt, this.world.nowMs), () => {
      d.scheduled = false;
      if (d.queue.length === 0) return;
      if (this.isCut(d.from, d.to)) return;
      const s = d.queue.shift()!;
      if (link.open[d.end] && !link.broken) {
        if (s.packet === null) {
          link.open[d.end] = false;
          this.forgetIfDead(link);
          this.events.closed(link, d.end, s.reason || 'connection closed by the other end');
        } else {
          // Decoded where it comes off the link, as the runtime's QuorumLink does: a frame that
          // does not decode costs this link and nothing else.
          let m: QuorumMessage | null = null;
          try {
            m = decodeQuorumMessage(frameBody(s.packet), d.end === 'leader' ? 'learner' : 'leader');
          } catch (e) {
            if (!(e instanceof DecodeError)) throw e;
            this.reset(link, `malformed quorum packet: ${e.message}`);
          }
          if (m) {
            link.delivered++;
            this.events.deliver(link, d.end, m);
          }
        }
      }
      this.pump(link, d);
    });
  }

  private forgetIfDead(link: SimLink): void {
    // Segments still queued are dropped on arrival (no open end reads them).
    if (link.dead) this.links.delete(link.id);
  }

  private delay(): number {
    const { delayMinMs, delayMaxMs } = this.timing;
    return delayMinMs + this.rng.int(Math.max(1, delayMaxMs - delayMinMs + 1));
  }
}

/** A frame's body, once its length says what the runtime's link reads as one frame: all of it. */
function frameBody(frame: Uint8Array): Uint8Array {
  const len = frame.byteLength < 4 ? -1 : new DataView(frame.buffer, frame.byteOffset, 4).getInt32(0);
  if (len !== frame.byteLength - 4) throw new DecodeError(`a frame of ${frame.byteLength} bytes says its body has ${len}`);
  return frame.subarray(4);
}
