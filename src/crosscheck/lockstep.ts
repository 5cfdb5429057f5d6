/**
 * Drives two servers in lockstep (docs/crosscheck.md, "How a step runs"): each step is sent to
 * both, and both are then brought to rest with a ping on every open connection, so that every
 * watch event the step caused has arrived before the next step starts. What each session saw
 * during the step (events, the reply, a closed connection, a resumed session) is compared.
 */
import { Err, Op } from '../wire/constants.js';
import { RawConnection, type Arrival } from './connection.js';
import { compare, errValue, replyBody, splitEvents, ZxidRef, ZxidPairing, type Difference, type SessionLabels, type Value } from './observe.js';
import { SESSION_TIMEOUT_MS, type RunningServer } from './servers.js';
import { encodeAuth, encodeRequest, MAX_SESSIONS, type Step } from './steps.js';

const SESSION_TIMEOUT = SESSION_TIMEOUT_MS;
const ANSWER_TIMEOUT_MS = 20_000;
const AUTH_CLOSE_WAIT_MS = 2000;
const PING_FRAME = new Uint8Array([0, 0, 0, 8, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 11]);

interface Slot {
  conn: RawConnection | null;
  /** 0n when the slot has no session (never opened, or closed). */
  sessionId: bigint;
  passwd: Uint8Array;
  label: string;
  generation: number;
  xid: number;
  lastZxid: bigint;
}

/** What each session slot observed during one step, in arrival order. */
export type Observation = Value[][];

/** One server as the cross-checker drives it. */
class Side {
  readonly slots: Slot[] = [];
  readonly labels: SessionLabels = new Map();

  constructor(readonly server: RunningServer, private readonly ns: string) {
    for (let i = 0; i < MAX_SESSIONS; i++) {
      this.slots.push({ conn: null, sessionId: 0n, passwd: new Uint8Array(16), label: '', generation: 0, xid: 0, lastZxid: 0n });
    }
  }

  private async handshake(i: number, seen: Value[]): Promise<void> {
    const slot = this.slots[i]!;
    const resuming = slot.sessionId !== 0n;
    let conn: RawConnection;
    try {
      conn = await RawConnection.open(this.server.port);
    } catch (e) {
      seen.push({ connect: `failed: ${(e as Error).message}` });
      return;
    }
    const res = await conn.handshake(slot.sessionId, slot.passwd, SESSION_TIMEOUT, resuming ? slot.lastZxid : 0n, ANSWER_TIMEOUT_MS);
    if (!res || res.timeOut <= 0) {
      conn.drop();
      seen.push({ [resuming ? 'resume' : 'session']: res ? `refused (timeOut ${res.timeOut})` : 'connection closed' });
      slot.sessionId = 0n;
      return;
    }
    if (!resuming) {
      slot.label = `s${i}.${slot.generation++}`;
      slot.sessionId = res.sessionId;
      slot.passwd = res.passwd;
      slot.lastZxid = 0n;
      this.labels.set(res.sessionId, slot.label);
    }
    slot.conn = conn;
    seen.push({
      [resuming ? 'resume' : 'session']: {
        label: this.labels.get(res.sessionId) ?? 'a different session',
        timeOut: res.timeOut,
        passwdLength: res.passwd.byteLength,
        readOnly: res.readOnly === undefined ? null : res.readOnly,
      },
    });
  }

  private render(arrivals: Arrival[], op: number, sentXid: number, slot: Slot): Value[] {
    const out: Value[] = [];
    for (const a of arrivals) {
      if (a.kind === 'closed') out.push('connection closed');
      else if (a.kind === 'event') out.push({ event: { type: a.event.type, state: a.event.state, path: this.unNs(a.event.path), zxid: new ZxidRef(a.zxid) } });
      else {
        if (a.header.zxid > slot.lastZxid) slot.lastZxid = a.header.zxid;
        out.push({
          reply: {
            xid: a.header.xid === sentXid ? 'as sent' : a.header.xid,
            err: errValue(a.header.err),
            zxid: new ZxidRef(a.header.zxid),
            body: this.unNsValue(replyBody(op, a.header.err, a.body, this.labels)),
          },
        });
      }
    }
    return out;
  }

  /** Paths are shown relative to the namespace (`~/a`) so that replays read the same. */
  private unNs(p: string): string {
    return p === this.ns || p.startsWith(this.ns + '/') ? '~' + p.slice(this.ns.length) : p;
  }

  private unNsValue(v: Value): Value {
    if (typeof v === 'string') return this.unNs(v);
    if (Array.isArray(v)) return v.map((x) => this.unNsValue(x));
    if (v !== null && typeof v === 'object' && !(v instanceof ZxidRef)) {
      const out: { [k: string]: Value } = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.unNsValue(x);
      return out;
    }
    return v;
  }

  async execute(step: Step): Promise<Observation> {
    const seen: Observation = this.slots.map(() => []);
    const i = step.s;
    const slot = this.slots[i]!;
    if (step.kind === 'reconnect') {
      slot.conn?.drop();
      slot.conn = null;
    }
    if (!slot.conn) await this.handshake(i, seen[i]!);
    if (slot.conn && step.kind !== 'reconnect') {
      const xid = step.kind === 'auth' ? -4 : ++slot.xid;
      const op = step.kind === 'auth' ? Op.auth : step.req.op;
      slot.conn.send(step.kind === 'auth' ? encodeAuth(step.scheme, step.auth) : encodeRequest(xid, step.req, { ns: this.ns, lastZxid: slot.lastZxid }));
      const got = await this.collectReply(slot.conn);
      seen[i]!.push(...this.render(got, op, xid, slot!));
      const closed = step.kind === 'request' && step.req.op === Op.closeSession && got.some((a) => a.kind === 'reply' && a.header.err === 0);
      if (closed) slot.sessionId = 0n; // gone: the next step on this slot opens a new session
      const refused = got.some((a) => a.kind === 'reply' && (a.header.err === Err.UNIMPLEMENTED || (step.kind === 'auth' && a.header.err === Err.AUTHFAILED)));
      if (closed || refused) {
        await this.awaitClose(slot.conn, seen[i]!);
      }
    }
    await this.settle(seen);
    return seen;
  }

  /**
   * After AUTHFAILED, UNIMPLEMENTED or a closed session the server closes the connection, and a
   * client gives it up anyway. ZooKeeper sometimes closes only when the connection next wakes up; waiting for
   * that would stall the lockstep, so the connection is closed here after a short wait, seen the
   * same either way.
   */
  private async awaitClose(conn: RawConnection, seen: Value[]): Promise<void> {
    let got: Arrival[] = [];
    try {
      got = await conn.collect(() => false, AUTH_CLOSE_WAIT_MS);
    } catch {
      // not closed in time: close it ourselves
    }
    const rendered = got.filter((a) => a.kind !== 'closed');
    if (rendered.length > 0) seen.push({ unexpected: `${rendered.length} frame(s) after the last answer` });
    conn.drop();
    seen.push('connection closed');
  }

  private async collectReply(conn: RawConnection): Promise<Arrival[]> {
    try {
      return await conn.collect((a) => a.some((x) => x.kind === 'reply'), ANSWER_TIMEOUT_MS);
    } catch {
      conn.drop();
      return [{ kind: 'closed' }];
    }
  }

  /**
   * Pings every open connection and waits for the answers: events caused by the step arrive
   * before them. A connection the server closed is resumed at once (its session would
   * otherwise expire later, at a moment the lockstep does not control).
   */
  private async settle(seen: Observation): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot, i) => {
        const conn = slot.conn;
        if (!conn) return;
        if (!conn.closed) {
          conn.send(PING_FRAME);
          let got: Arrival[];
          try {
            got = await conn.collect((a) => a.some((x) => x.kind === 'reply' && x.header.xid === -2), ANSWER_TIMEOUT_MS);
          } catch {
            // No answer at all: a client would give the connection up.
            conn.drop();
            got = [{ kind: 'closed' }];
            seen[i]!.push('no answer to a ping');
          }
          const shown = got.filter((a) => !(a.kind === 'reply' && a.header.xid === -2 && a.header.err === 0));
          seen[i]!.push(...this.render(shown, Op.ping, -2, slot));
        }
        if (conn.closed) {
          conn.drop();
          slot.conn = null;
          if (slot.sessionId !== 0n) await this.handshake(i, seen[i]!);
        }
      }),
    );
  }

  /** Closes every session (so none expires later) and every connection. */
  async finish(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.conn && !slot.conn.closed && slot.sessionId !== 0n) {
          slot.conn.send(encodeRequest(++slot.xid, { op: Op.closeSession }, { ns: this.ns, lastZxid: 0n }));
          await this.collectReply(slot.conn);
        }
        slot.conn?.drop();
        slot.conn = null;
      }),
    );
  }
}

export interface StepOutcome {
  differences: Difference[];
  /** What the reference server (the first) showed, for the workload to learn from. */
  reference: Observation;
  other: Observation;
}

export class Lockstep {
  private readonly a: Side;
  private readonly b: Side;
  private readonly pairing = new ZxidPairing();

  constructor(a: RunningServer, b: RunningServer, readonly ns: string) {
    this.a = new Side(a, ns);
    this.b = new Side(b, ns);
  }

  /** Creates the namespace node on both servers (outside the compared steps). */
  async start(): Promise<void> {
    for (const side of [this.a, this.b]) {
      // A server may answer ruok a moment before it takes sessions: try for a while.
      let conn: RawConnection | null = null;
      for (let tries = 0; !conn; tries++) {
        const c = await RawConnection.open(side.server.port);
        const res = await c.handshake(0n, new Uint8Array(16), SESSION_TIMEOUT, 0n, ANSWER_TIMEOUT_MS);
        if (res && res.timeOut > 0) conn = c;
        else if (tries >= 50) throw new Error(`${side.server.name} refused a session:\n${side.server.output()}`);
        else await new Promise((r) => setTimeout(r, 200));
      }
      conn.send(encodeRequest(1, { op: Op.create, path: '~', data: null, acl: [{ perms: 31, scheme: 'world', id: 'anyone' }], flags: 0 }, { ns: this.ns, lastZxid: 0n }));
      const got = await conn.collect((x) => x.some((y) => y.kind === 'reply'), ANSWER_TIMEOUT_MS);
      const reply = got.find((x) => x.kind === 'reply');
      if (!reply || reply.kind !== 'reply' || reply.header.err !== 0) throw new Error(`${side.server.name} could not create the namespace ${this.ns}`);
      conn.send(encodeRequest(2, { op: Op.closeSession }, { ns: this.ns, lastZxid: 0n }));
      await conn.collect((x) => x.some((y) => y.kind === 'reply'), ANSWER_TIMEOUT_MS);
      conn.drop();
    }
  }

  async step(step: Step): Promise<StepOutcome> {
    const [oa, ob] = await Promise.all([this.a.execute(step), this.b.execute(step)]);
    const differences: Difference[] = [];
    for (let i = 0; i < MAX_SESSIONS; i++) {
      const a = splitEvents(oa[i]!);
      const b = splitEvents(ob[i]!);
      compare(a.answers, b.answers, this.pairing, `s${i}`, differences);
      compare(a.events, b.events, this.pairing, `s${i}.events`, differences);
    }
    return { differences, reference: oa, other: ob };
  }

  /** See ZxidPairing.alias. */
  alias(a: bigint, b: bigint): void {
    this.pairing.alias(a, b);
  }

  /** The step just run was an allowed difference: see ZxidPairing.forgiveOnce (applies to the next step). */
  forgiveNextStep(): void {
    this.pairing.forgiveOnce();
  }

  async finish(): Promise<void> {
    await Promise.all([this.a.finish(), this.b.finish()]);
  }
}
