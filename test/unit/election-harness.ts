/**
 * A hand-cranked network for election unit tests: the test decides what is delivered, dropped,
 * duplicated or reordered, and when time moves. Datagrams go through the real codec.
 */
import { SeededRng } from '../../src/base/clock.js';
import { makeZxid, type Zxid } from '../../src/base/zxid.js';
import { Election } from '../../src/election/election.js';
import type { ElectionInput } from '../../src/election/inputs.js';
import type { Decision, ElectionAlgorithm, ElectionDatagram, ElectionEffect, ElectionMember, ElectionTiming, Sid } from '../../src/election/types.js';
import { decodeElectionDatagram, encodeElectionDatagram } from '../../src/wire/election.js';
import { asSid } from '../../src/base/ids.js';

export interface InFlight {
  from: Sid;
  to: Sid;
  datagram: ElectionDatagram;
}

export function members(voters: number, observers = 0): ElectionMember[] {
  const out: ElectionMember[] = [];
  for (let i = 1; i <= voters; i++) out.push({ id: asSid(i), role: 'participant' });
  for (let i = 1; i <= observers; i++) out.push({ id: asSid(voters + i), role: 'observer' });
  return out;
}

export function cred(epoch: number, counter: number, zxidEpoch = epoch) {
  return { currentEpoch: epoch, lastLoggedZxid: makeZxid(zxidEpoch, counter) };
}

/** One step of a server: the input as it was handed in (a deep copy), and what it returned. */
export interface Stepped {
  input: ElectionInput;
  effects: ElectionEffect[];
}

export class Bus {
  nowMs = 0;
  readonly nodes = new Map<Sid, Election>();
  /** Every step the bus took on each server's current process, in order. */
  readonly steps = new Map<Sid, Stepped[]>();
  readonly decisions = new Map<Sid, Decision>();
  readonly logs: string[] = [];
  inflight: InFlight[] = [];
  /** Servers whose datagrams, in and out, vanish. */
  readonly down = new Set<Sid>();
  private nextIncarnation = 100;
  private readonly makers = new Map<Sid, () => Election>();

  constructor(
    readonly algorithm: ElectionAlgorithm,
    readonly memberList: ElectionMember[],
    readonly timing: Partial<ElectionTiming> = {},
  ) {}

  /** A new process for `sid` (replacing any before it), not yet started. */
  boot(sid: Sid): Election {
    const incarnation = this.nextIncarnation++;
    const make = () =>
      new Election({
        algorithm: this.algorithm,
        mySid: sid,
        incarnation,
        members: this.memberList,
        rng: new SeededRng(sid * 7919 + incarnation + 1),
        timing: this.timing,
      });
    const e = make();
    this.makers.set(sid, make);
    this.steps.set(sid, []);
    this.nodes.set(sid, e);
    this.decisions.delete(sid);
    this.down.delete(sid);
    return e;
  }

  /** `lostLeader`: the leader `sid` followed until its link broke (the 'start' input's field). */
  start(sid: Sid, c: { currentEpoch: number; lastLoggedZxid: Zxid }, lostLeader?: Sid): void {
    const e = this.nodes.get(sid) ?? this.boot(sid);
    this.decisions.delete(sid);
    this.apply(sid, this.step(sid, e, { kind: 'start', credentials: c, nowMs: this.nowMs, ...(lostLeader !== undefined ? { lostLeader } : {}) }));
  }

  apply(from: Sid, effects: ElectionEffect[]): void {
    for (const e of effects) {
      if (e.kind === 'send') {
        // Through the codec both ways, as a real datagram would go.
        const decoded = decodeElectionDatagram(encodeElectionDatagram(e.datagram)).datagram;
        this.inflight.push({ from, to: e.to, datagram: decoded });
      } else if (e.kind === 'decided') {
        this.decisions.set(from, e.decision);
      } else {
        this.logs.push(`${this.nowMs} ${from} ${e.event}`);
      }
    }
  }

  deliver(m: InFlight): void {
    if (this.down.has(m.from) || this.down.has(m.to)) return;
    const e = this.nodes.get(m.to);
    if (e === undefined) return;
    this.apply(m.to, this.step(m.to, e, { kind: 'datagram', datagram: m.datagram, nowMs: this.nowMs }));
  }

  /** Delivers everything in flight, and what that causes, in FIFO order. */
  deliverAll(drop: (m: InFlight) => boolean = () => false, limit = 10_000): void {
    for (let i = 0; i < limit && this.inflight.length > 0; i++) {
      const m = this.inflight.shift()!;
      if (!drop(m)) this.deliver(m);
    }
  }

  /** Delivers everything except what `hold` matches, which is returned undelivered. */
  deliverAllBut(hold: (m: InFlight) => boolean): InFlight[] {
    const held: InFlight[] = [];
    this.deliverAll((m) => {
      if (hold(m)) held.push(m);
      return hold(m);
    });
    return held;
  }

  /** Takes what is in flight without delivering it. */
  take(pred: (m: InFlight) => boolean = () => true): InFlight[] {
    const taken = this.inflight.filter(pred);
    this.inflight = this.inflight.filter((m) => !pred(m));
    return taken;
  }

  tick(): void {
    for (const [sid, e] of this.nodes) if (!this.down.has(sid)) this.apply(sid, this.step(sid, e, { kind: 'tick', nowMs: this.nowMs }));
  }

  /** Moves time forward to `untilMs`, stopping at every deadline to tick and deliver. */
  runUntil(untilMs: number, drop: (m: InFlight) => boolean = () => false): void {
    this.deliverAll(drop);
    for (;;) {
      let next = untilMs;
      for (const [sid, e] of this.nodes) {
        const d = this.down.has(sid) ? null : e.nextDeadlineMs();
        if (d !== null && d < next) next = Math.max(d, this.nowMs);
      }
      this.nowMs = next;
      this.tick();
      this.deliverAll(drop);
      if (next >= untilMs) return;
    }
  }

  /** A second process made exactly as `sid`'s current one was (same incarnation, same seed), not started. */
  twin(sid: Sid): Election {
    return this.makers.get(sid)!();
  }

  /** Steps `e` (server `sid`), keeping a deep copy of the input: it throws if the input is not plain data. */
  private step(sid: Sid, e: Election, input: ElectionInput): ElectionEffect[] {
    const copy = structuredClone(input);
    const effects = e.step(input);
    this.steps.get(sid)?.push({ input: copy, effects });
    return effects;
  }

  state(sid: Sid): string {
    return this.nodes.get(sid)!.state;
  }
}
