/**
 * What a client observes, in a form two servers can be compared on (docs/crosscheck.md,
 * "What is normalised"). Replies are decoded with the wire codecs into plain values; what
 * legitimately differs between two servers is replaced or left out: times are dropped, session ids by the
 * cross-checker's own label for the session, children lists sorted. Zxids are kept as
 * ZxidRef leaves and compared up to a consistent renaming (see ZxidPairing): two servers may
 * number their txns differently, but a zxid that means one txn on one side must mean the same
 * txn on the other.
 */
import { createHash } from 'node:crypto';
import { JuteReader } from '../wire/jute.js';
import { errName, Op } from '../wire/constants.js';
import type { Stat } from '../wire/records.js';
import { readResponse, type MultiResult, type Response } from '../wire/requests.js';

export class ZxidRef {
  constructor(readonly value: bigint) {}
}

export type Value = null | boolean | number | string | ZxidRef | Value[] | { [k: string]: Value };

/** Session id → label ("s1.0": slot 1, its first session), per server. */
export type SessionLabels = Map<bigint, string>;

export function statValue(s: Stat, sessions: SessionLabels): Value {
  return {
    czxid: new ZxidRef(s.czxid),
    mzxid: new ZxidRef(s.mzxid),
    pzxid: new ZxidRef(s.pzxid),
    // ctime and mtime are wall-clock times: they differ between any two servers and are left out.
    version: s.version,
    cversion: s.cversion,
    aversion: s.aversion,
    ephemeralOwner: s.ephemeralOwner === 0n ? 0 : (sessions.get(s.ephemeralOwner) ?? `unknown session 0x${BigInt.asUintN(64, s.ephemeralOwner).toString(16)}`),
    dataLength: s.dataLength,
    numChildren: s.numChildren,
  };
}

export function bytesValue(b: Uint8Array | null): Value {
  if (b === null) return null;
  if (b.byteLength <= 40) return `0x${Buffer.from(b).toString('hex')}`;
  return `<${b.byteLength} bytes sha1 ${createHash('sha1').update(b).digest('hex').slice(0, 12)}>`;
}

function responseValue(res: Response | MultiResult, sessions: SessionLabels): Value {
  const out: { [k: string]: Value } = { type: res.op };
  for (const [k, v] of Object.entries(res)) {
    if (k === 'op') continue;
    if (k === 'stat') out.stat = statValue(v as Stat, sessions);
    else if (k === 'data' || k === 'token') out[k] = bytesValue(v as Uint8Array | null);
    else if (k === 'children' || k === 'ephemerals') out[k] = [...(v as string[])].sort();
    else if (k === 'results') out.results = (v as MultiResult[]).map((r) => (r.op === Op.error ? { type: -1, err: errName(r.err) } : responseValue(r, sessions)));
    else if (k === 'acl') out.acl = (v as { perms: number; id: { scheme: string; id: string } }[]).map((a) => `${a.id.scheme}:${a.id.id}:${a.perms}`);
    else if (k === 'clientInfo') out.clientInfo = (v as { authScheme: string; user: string }[]).map((c) => `${c.authScheme}:${c.user}`);
    else out[k] = v as Value;
  }
  return out;
}

/** Reads null strings as a visible marker instead of "" (they differ on the wire). */
class NullShowingReader extends JuteReader {
  override string(): string {
    return this.ustring() ?? '(null)';
  }
}

/**
 * The record after a ReplyHeader, decoded as the reply to `op` (or kept as bytes if it is not).
 * Failed replies normally have none; when they do (ZooKeeper sends a multiRead's results so
 * far with its error), they are decoded the same way.
 */
export function replyBody(op: number, err: number, body: Uint8Array, sessions: SessionLabels): Value {
  if (body.byteLength === 0) return null;
  try {
    const r = new NullShowingReader(body);
    const res = readResponse(op, r);
    const value = responseValue(res, sessions) as { [k: string]: Value };
    if (r.remaining > 0) value.trailingBytes = r.remaining;
    return value;
  } catch (e) {
    return { undecodable: bytesValue(body), error: (e as Error).message };
  }
}

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
export class ZxidPairing {
  private readonly aToB = new Map<bigint, Set<bigint>>();
  private readonly bToA = new Map<bigint, Set<bigint>>();
  /** See forgiveOnce. */
  private lenient = false;

  /**
   * After a deliberate difference that used a zxid on one side only (an error txn the other
   * server does not make, or a refusal that makes none), the next zxid met on that side alone
   * is paired with the other side's instead of being reported; until then, or until both sides
   * show a new zxid together (they are back in step).
   */
  forgiveOnce(): void {
    this.lenient = true;
  }

  /** null when consistent, else why not. */
  pair(a: bigint, b: bigint): string | null {
    const hex = (z: bigint) => `0x${BigInt.asUintN(64, z).toString(16)}`;
    // 0 (nothing yet) and -1 (no zxid: notifications, refusals) are literal values, not txns.
    if (a <= 0n || b <= 0n) return a === b ? null : `zxid ${hex(a)} vs ${hex(b)}`;
    const pa = this.aToB.get(a);
    const pb = this.bToA.get(b);
    if (pa === undefined && pb === undefined) {
      this.link(a, b);
      this.lenient = false;
      return null;
    }
    if (pa?.has(b)) return null;
    if (this.lenient && (pa === undefined || pb === undefined)) {
      this.link(a, b);
      this.lenient = false;
      return null;
    }
    const show = (xs: Set<bigint>) => [...xs].map(hex).join('/');
    return `zxid ${hex(a)} vs ${hex(b)}: ${pa !== undefined ? `${hex(a)} was paired with ${show(pa)}` : `${hex(b)} was paired with ${show(pb!)}`}`;
  }

  /**
   * After a deliberate difference that used a zxid on one side only (an error txn the other
   * server does not make), the reply zxids of that step name the same moment: both pairs hold.
   */
  alias(a: bigint, b: bigint): void {
    if (a > 0n && b > 0n) this.link(a, b);
  }

  private link(a: bigint, b: bigint): void {
    if (!this.aToB.has(a)) this.aToB.set(a, new Set());
    if (!this.bToA.has(b)) this.bToA.set(b, new Set());
    this.aToB.get(a)!.add(b);
    this.bToA.get(b)!.add(a);
  }
}

/**
 * One session's observation split for comparison: what it was answered (replies, closes,
 * handshakes) in order, and the watch events, each with how many answers preceded it. A missing
 * event then shows as one difference, not as every later item shifted.
 */
export function splitEvents(items: readonly Value[]): { answers: Value[]; events: Value[] } {
  const answers: Value[] = [];
  const events: Value[] = [];
  for (const item of items) {
    const ev = item !== null && typeof item === 'object' && !Array.isArray(item) && !(item instanceof ZxidRef) ? (item as { event?: Value }).event : undefined;
    if (ev !== undefined) events.push({ ...(ev as { [k: string]: Value }), after: answers.length });
    else answers.push(item);
  }
  return { answers, events };
}

export function show(v: Value): string {
  if (v instanceof ZxidRef) return `zxid 0x${BigInt.asUintN(64, v.value).toString(16)}`;
  return JSON.stringify(v, (_k, x) => (x instanceof ZxidRef ? `zxid 0x${BigInt.asUintN(64, x.value).toString(16)}` : x));
}

/** Compares two observations; zxids through `pairing`. Appends differences to `out`. */
export function compare(a: Value, b: Value, pairing: ZxidPairing, where: string, out: Difference[]): void {
  if (a instanceof ZxidRef || b instanceof ZxidRef) {
    if (a instanceof ZxidRef && b instanceof ZxidRef) {
      const why = pairing.pair(a.value, b.value);
      if (why) out.push({ where, a: show(a), b: `${show(b)} (${why})` });
    } else {
      out.push({ where, a: show(a), b: show(b) });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (i >= a.length || i >= b.length) {
        out.push({ where: `${where}[${i}]`, a: i < a.length ? show(a[i]!) : '(missing)', b: i < b.length ? show(b[i]!) : '(missing)' });
      } else {
        compare(a[i]!, b[i]!, pairing, `${where}[${i}]`, out);
      }
    }
    return;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!(k in a) || !(k in b)) out.push({ where: `${where}.${k}`, a: k in a ? show(a[k]!) : '(missing)', b: k in b ? show(b[k]!) : '(missing)' });
      else compare(a[k]!, b[k]!, pairing, `${where}.${k}`, out);
    }
    return;
  }
  if (show(a) !== show(b)) out.push({ where, a: show(a), b: show(b) });
}

export function errValue(err: number): string {
  return err === 0 ? 'OK' : errName(err);
}
