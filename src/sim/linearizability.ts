/**
 * P3 and P6: client histories against the committed sequence.
 *
 * Writes in ZooKeeper are totally ordered by zxid, and our simulator knows that order (the
 * global sequence of applied txns, zab-checker.ts), so checking linearizability needs no
 * search over write orders: each write is *identified* in the sequence by its session id and
 * xid (the txn's cxid), and the register model (keys → value or absent) is replayed along it.
 * What is checked, for a history of sequential clients (one operation outstanding each):
 *
 *  P3  a write answered with success is in the sequence, at the zxid of its reply, as the txn of
 *      that operation (same kind, key and value); it must also be applied on every live server
 *      at the end (checked by the caller).
 *  W1  a write answered with an error is either not in the sequence, or is there as an error
 *      txn with that error code, at the zxid of the reply; an indeterminate write (the
 *      connection broke) is looked up: it took effect exactly if it is in the sequence.
 *  W2  each write's outcome agrees with the model just before its position (create ok / set ok /
 *      delete ok need absent / present / present; NODEEXISTS needs present, NONODE absent);
 *      session-level refusals (SESSIONMOVED, SESSIONEXPIRED) do not depend on the data.
 *  W3  real time: a write that took effect comes after every operation that completed before
 *      it was invoked (writes: by position; sync+reads: their linearization point is not after
 *      its position).
 *  R1  linearizable reads: every sync+getData returns the model value at some point z of the
 *      sequence (z = number of txns applied) such that z is at or after the position of every
 *      write and the point of every sync+read that completed before it was invoked, and before
 *      every write invoked after it completed. Points are chosen greedily (the earliest
 *      possible, in completion order), which is optimal here because the only constraints
 *      between reads are lower bounds from reads that completed earlier.
 *  R2  local reads (plain getData) are sequentially consistent per client: the value is the
 *      model value at some point at or after every earlier operation of the same client and
 *      before every write invoked after it completed (ZooKeeper's session guarantee, also across
 *      reconnections, through the client's last seen zxid).
 *  R3  every read (of either kind) returned exactly the model value at the point its reply
 *      names (the server's applied zxid): the replica's tree is the replay of the sequence.
 *  S1  session order (ZooKeeper's FIFO client order): in the sequence, the txns of one session
 *      carry increasing xids, so a request is never executed after a later one of its session
 *      (what SessionMoved protects when a client moves to another server). A SESSIONMOVED error
 *      txn is exempt: it is exactly the refusal of such a late request, and changes nothing.
 *  L1  black-box linearizability (checkBlackBox): the writes and sync+reads, with their history
 *      times and outcomes only (no committed sequence), pass the Wing–Gong/Lowe search of
 *      src/lincheck, the checker the real-process fault bench uses (docs/chaos.md). It needs no
 *      knowledge of the servers, so it cross-checks the sequence-based checks above.
 */
import { hex } from '../base/zxid.js';
import { Err, errName } from '../wire/constants.js';
import { Txn, TxnBody, TxnType } from '../wire/txn.js';
import { checkPartitioned, formatCounterexample, Model, PartitionedOperation, registerModel, RegisterInput, RegisterOutput } from '../lincheck/index.js';
import type { HistoryOp } from './sim-client.js';
import type { Violation } from './zab-checker.js';

export interface SeqTxn {
  zxid: bigint;
  txn: Txn;
}

export interface LinearizabilityStats {
  writes: number;
  writesOk: number;
  writesInfo: number;
  infoTookEffect: number;
  syncReads: number;
  localReads: number;
  staleLocalReads: number;
}

const decoder = new TextDecoder();

type Value = string | null;

interface Segment {
  from: number;
  value: Value;
}

export function checkHistory(seq: readonly SeqTxn[], ops: readonly HistoryOp[], now: number): { violations: Violation[]; stats: LinearizabilityStats } {
  const violations: Violation[] = [];
  const stats: LinearizabilityStats = { writes: 0, writesOk: 0, writesInfo: 0, infoTookEffect: 0, syncReads: 0, localReads: 0, staleLocalReads: 0 };
  const fail = (property: string, op: HistoryOp, detail: string) => {
    if (violations.length < 20) violations.push({ atMs: op.completeMs ?? op.invokeMs ?? now, property, detail: `${describeOp(op)}: ${detail}` });
  };

  // The model along the sequence: per key, the value from each point on.
  const segments = new Map<string, Segment[]>();
  const state = new Map<string, Value>();
  const indexOfZxid = new Map<bigint, number>();
  const indexOfRequest = new Map<string, number>();
  const set = (key: string, value: Value, z: number) => {
    if ((state.get(key) ?? null) === value) return;
    state.set(key, value);
    let s = segments.get(key);
    if (!s) segments.set(key, (s = [{ from: 0, value: null }]));
    s.push({ from: z, value });
  };
  seq.forEach((t, i) => {
    indexOfZxid.set(t.zxid, i);
    indexOfRequest.set(`${t.txn.sessionId}:${t.txn.cxid}`, i);
    applyModel(t.txn.body, (key, value) => set(key, value, i + 1));
  });
  /** The value of `key` after the first z txns. */
  const valueAt = (key: string, z: number): Value => {
    const s = segments.get(key);
    if (!s) return null;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid]!.from <= z) lo = mid;
      else hi = mid - 1;
    }
    return s[lo]!.value;
  };
  /** The smallest z in [lo, hi] where `key` holds `value`, or null. */
  const earliest = (key: string, value: Value, lo: number, hi: number): number | null => {
    if (lo > hi) return null;
    const s = segments.get(key) ?? [{ from: 0, value: null }];
    for (let i = 0; i < s.length; i++) {
      const from = s[i]!.from;
      const to = i + 1 < s.length ? s[i + 1]!.from - 1 : Number.MAX_SAFE_INTEGER;
      if (to < lo || s[i]!.value !== value) continue;
      if (from > hi) break;
      return Math.max(lo, from);
    }
    return null;
  };

  // S1: per session, xids increase along the sequence (client requests only: cxid > 0).
  const lastXid = new Map<bigint, { cxid: number; zxid: bigint }>();
  for (const t of seq) {
    if (t.txn.cxid <= 0) continue;
    if (t.txn.body.type === TxnType.error && t.txn.body.err === Err.SESSIONMOVED) continue;
    const prev = lastXid.get(t.txn.sessionId);
    if (prev && t.txn.cxid <= prev.cxid && violations.length < 20) {
      violations.push({
        atMs: now,
        property: 'S1 session order',
        detail: `session ${hex(t.txn.sessionId)}: xid ${t.txn.cxid} committed at ${hex(t.zxid)}, after its xid ${prev.cxid} at ${hex(prev.zxid)}`,
      });
    }
    lastXid.set(t.txn.sessionId, { cxid: t.txn.cxid, zxid: t.zxid });
  }

  // Positions of writes in the sequence (index of their txn), and outcome checks.
  const position = new Map<HistoryOp, number>();
  const sent = ops.filter((o) => o.invoke >= 0 && o.kind !== 'raw');
  for (const op of sent) {
    if (!isWrite(op)) continue;
    stats.writes++;
    const i = indexOfRequest.get(`${op.session}:${op.xid}`);
    const txn = i === undefined ? undefined : seq[i]!.txn;
    if (op.outcome === 'info') stats.writesInfo++;
    if (op.outcome === 'ok') {
      stats.writesOk++;
      if (i === undefined || !txn) {
        fail('P3 acknowledged write lost', op, `answered OK at ${hex(op.replyZxid ?? 0n)}, but no such txn was ever applied`);
        continue;
      }
      if (seq[i]!.zxid !== op.replyZxid) fail('P3 acknowledged write lost', op, `answered OK at ${hex(op.replyZxid ?? 0n)}, but its txn is at ${hex(seq[i]!.zxid)}`);
      if (!txnMatches(op, txn.body)) fail('P3 acknowledged write lost', op, `the txn at ${hex(seq[i]!.zxid)} is type ${txn.body.type}, not this write`);
    } else if (op.outcome === 'fail') {
      if (txn !== undefined && i !== undefined) {
        if (txn.body.type !== TxnType.error || txn.body.err !== op.err) {
          fail('W1 failed writes', op, `answered ${errName(op.err)}, but the txn at ${hex(seq[i]!.zxid)} is type ${txn.body.type}${txn.body.type === TxnType.error ? ` (${errName(txn.body.err)})` : ''}`);
        } else if (op.replyZxid !== seq[i]!.zxid) {
          fail('W1 failed writes', op, `answered at ${hex(op.replyZxid ?? 0n)}, its error txn is at ${hex(seq[i]!.zxid)}`);
        }
      }
    } else if (op.outcome === 'info' && i !== undefined) {
      stats.infoTookEffect++;
    }
    if (i === undefined || !txn) continue;
    position.set(op, i);
    // W2: the outcome agrees with the model just before the txn.
    const before = valueAt(op.key, i);
    const body = txn.body;
    const err = body.type === TxnType.error ? body.err : 0;
    const expected = expectedOutcome(op.kind, before);
    const sessionLevel = err === Err.SESSIONMOVED || err === Err.SESSIONEXPIRED;
    if (err !== expected && !sessionLevel) {
      fail('W2 write outcomes', op, `${err === 0 ? 'succeeded' : errName(err)} at ${hex(seq[i]!.zxid)}, but the key held ${show(before)} there (expected ${expected === 0 ? 'success' : errName(expected)})`);
    }
  }

  // Upper bounds: a read cannot see a write invoked after it completed.
  const writesByInvoke = [...position.entries()].sort((a, b) => a[0].invoke - b[0].invoke);
  const suffixMin: number[] = new Array(writesByInvoke.length + 1).fill(seq.length);
  for (let k = writesByInvoke.length - 1; k >= 0; k--) suffixMin[k] = Math.min(suffixMin[k + 1]!, writesByInvoke[k]![1]);
  const upperBound = (complete: number): number => {
    let lo = 0;
    let hi = writesByInvoke.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (writesByInvoke[mid]![0].invoke <= complete) lo = mid + 1;
      else hi = mid;
    }
    return suffixMin[lo]!;
  };

  // The sweep in history order.
  type Ev = { at: number; op: HistoryOp; kind: 'invoke' | 'complete' };
  const events: Ev[] = [];
  for (const op of sent) {
    events.push({ at: op.invoke, op, kind: 'invoke' });
    if (op.complete !== null && (op.outcome === 'ok' || op.outcome === 'fail')) events.push({ at: op.complete, op, kind: 'complete' });
  }
  events.sort((a, b) => a.at - b.at);
  let loWrites = 0;
  let loWritesBy: HistoryOp | null = null;
  let loReads = 0;
  let loReadsBy: HistoryOp | null = null;
  const clientLo = new Map<number, number>();
  const readLo = new Map<HistoryOp, number>();
  for (const ev of events) {
    const op = ev.op;
    if (ev.kind === 'invoke') {
      if (isWrite(op)) {
        const i = position.get(op);
        if (i === undefined) continue;
        if (i < loWrites) fail('W3 real-time order', op, `its txn is at position ${i + 1} (${hex(seq[i]!.zxid)}), before ${describeOp(loWritesBy!)} which completed before it was invoked`);
        if (i < loReads) fail('W3 real-time order', op, `its txn at ${hex(seq[i]!.zxid)} is before the point ${loReads} of ${describeOp(loReadsBy!)}, which completed before it was invoked`);
      } else if (op.kind === 'syncGet') {
        readLo.set(op, Math.max(loWrites, loReads, clientLo.get(op.client) ?? 0));
      } else {
        readLo.set(op, clientLo.get(op.client) ?? 0);
      }
      continue;
    }
    // Completion.
    if (isWrite(op)) {
      const i = position.get(op);
      if (i === undefined) continue;
      if (i + 1 > loWrites) {
        loWrites = i + 1;
        loWritesBy = op;
      }
      clientLo.set(op.client, Math.max(clientLo.get(op.client) ?? 0, i + 1));
      continue;
    }
    if (op.outcome !== 'ok') continue;
    const read = op.read ?? null;
    // R3: the value at the point the server named.
    const named = op.replyZxid === null || op.replyZxid === 0n ? 0 : indexOfZxid.has(op.replyZxid) ? indexOfZxid.get(op.replyZxid)! + 1 : -1;
    if (named < 0) fail('R3 reads match the replayed sequence', op, `read at ${hex(op.replyZxid!)}, a zxid nobody applied`);
    else if (valueAt(op.key, named) !== read) {
      fail('R3 reads match the replayed sequence', op, `returned ${show(read)} at ${hex(op.replyZxid ?? 0n)}, where the sequence has ${show(valueAt(op.key, named))}`);
    }
    const lo = readLo.get(op) ?? 0;
    const hi = upperBound(op.complete!);
    const z = earliest(op.key, read, lo, hi);
    if (op.kind === 'syncGet') {
      stats.syncReads++;
      if (z === null) {
        const latest = valueAt(op.key, Math.min(hi, seq.length));
        fail(
          'R1 linearizable sync+read',
          op,
          `returned ${show(read)}; it must read at a point in [${lo}, ${hi}] (the key there: ${show(valueAt(op.key, lo))} .. ${show(latest)}), ` +
            `lower bound from ${lo === loWrites && loWritesBy ? describeOp(loWritesBy) : loReadsBy ? describeOp(loReadsBy) : 'its own client'}`,
        );
        continue;
      }
      if (z > loReads) {
        loReads = z;
        loReadsBy = op;
      }
    } else {
      stats.localReads++;
      if (z === null) {
        fail('R2 sequentially consistent reads', op, `returned ${show(read)}, not the key's value at any point in [${lo}, ${hi}] (its own client had already seen point ${lo})`);
        continue;
      }
      if (z < loWrites) stats.staleLocalReads++;
    }
    clientLo.set(op.client, Math.max(clientLo.get(op.client) ?? 0, z));
  }
  return { violations, stats };
}

function isWrite(op: HistoryOp): boolean {
  return op.kind === 'create' || op.kind === 'set' || op.kind === 'delete';
}

function expectedOutcome(kind: HistoryOp['kind'], before: Value): number {
  switch (kind) {
    case 'create':
      return before === null ? 0 : Err.NODEEXISTS;
    default:
      return before === null ? Err.NONODE : 0;
  }
}

function txnMatches(op: HistoryOp, b: TxnBody): boolean {
  switch (op.kind) {
    case 'create':
      return b.type === TxnType.create && b.path === op.key && text(b.data) === op.value;
    case 'set':
      return b.type === TxnType.setData && b.path === op.key && text(b.data) === op.value;
    case 'delete':
      return b.type === TxnType.delete && b.path === op.key;
    default:
      return false;
  }
}

/** The register model: what a txn does to the keys (any path counts as a key). */
function applyModel(b: TxnBody, set: (key: string, value: Value) => void): void {
  switch (b.type) {
    case TxnType.create:
    case TxnType.setData:
      set(b.path, text(b.data));
      return;
    case TxnType.delete:
    case TxnType.deleteContainer:
      set(b.path, null);
      return;
    case TxnType.closeSession:
      for (const p of b.ephemerals) set(p, null);
      return;
    case TxnType.multi:
      for (const sub of b.ops) applyModel(sub, set);
      return;
    default:
      return;
  }
}

function text(d: Uint8Array | null): string {
  return d === null ? '' : decoder.decode(d);
}

function show(v: Value): string {
  return v === null ? 'nothing (no node)' : JSON.stringify(v);
}

export function describeOp(op: HistoryOp): string {
  const what = op.kind === 'create' || op.kind === 'set' ? `${op.kind} ${op.key}=${op.value}` : `${op.kind} ${op.key}`;
  const res = op.outcome === 'ok' && op.read !== undefined ? ` -> ${op.read === null ? 'NONODE' : JSON.stringify(op.read)}` : op.outcome === 'fail' ? ` -> ${errName(op.err)}` : ` (${op.outcome})`;
  return `client ${op.client} #${op.id} ${what}${res} [session ${hex(op.session)} xid ${op.xid} via server ${op.server}, ${op.invokeMs}..${op.completeMs ?? '?'} ms]`;
}

/** Errors that say something about the data: the operation did not take effect. */
const DEFINITE: ReadonlyMap<number, string> = new Map([
  [Err.NODEEXISTS, 'NODEEXISTS'],
  [Err.NONODE, 'NONODE'],
]);

/**
 * L1: the history's writes and sync+reads through the black-box linearizability search, one
 * register per key. Local reads (sequentially consistent only) and raw requests are left out;
 * an error other than NODEEXISTS/NONODE makes an operation indeterminate.
 */
export function checkBlackBox(ops: readonly HistoryOp[], now: number): Violation[] {
  const list: PartitionedOperation<RegisterInput, RegisterOutput>[] = [];
  for (const op of ops) {
    if (op.invoke < 0 || !(isWrite(op) || op.kind === 'syncGet')) continue;
    const input: RegisterInput =
      op.kind === 'create'
        ? { f: 'create', key: op.key, value: op.value ?? '' }
        : op.kind === 'set'
          ? { f: 'set', key: op.key, value: op.value ?? '', version: -1 }
          : op.kind === 'delete'
            ? { f: 'delete', key: op.key, version: -1 }
            : { f: 'read', keys: [op.key] };
    let output: RegisterOutput | undefined;
    if (op.outcome === 'ok') output = input.f === 'read' ? { ok: true, values: [op.read === null || op.read === undefined ? null : { value: op.read }] } : { ok: true };
    else if (op.outcome === 'fail' && DEFINITE.has(op.err)) output = { ok: false, err: DEFINITE.get(op.err)! };
    if (output === undefined && input.f === 'read') continue; // an unanswered read constrains nothing
    list.push({
      id: op.id,
      process: op.client,
      partition: op.key,
      input,
      output,
      call: op.invoke,
      ret: output === undefined || op.complete === null ? null : op.complete,
    });
  }
  const verdict = checkPartitioned(list as PartitionedOperation[], () => registerModel as Model, { budget: 2_000_000 });
  return verdict.partitions
    .filter((p) => p.verdict === 'not linearizable')
    .map((p) => ({
      atMs: now,
      property: 'L1 black-box linearizability',
      detail: `key ${p.partition}: ${p.explanation}\n${p.counterexample ? formatCounterexample(registerModel as Model, p.counterexample).join('\n') : ''}`,
    }));
}
