/**
 * Safety checks for full-peer runs (election + Zab + clients), against ground truth the
 * simulator records as the run goes:
 *
 *  P1 one leader per epoch: at most one server (one process) ever reports itself established
 *     as leader (role effect: leading, serving) in a given epoch.
 *  P2 one history: no two servers ever apply different txns (byte for byte) at the same zxid,
 *     and each server's applied sequence is a prefix of one global sequence, the union of all
 *     applied txns in zxid order: after its start point (the durable lastApplied it loaded, or
 *     a SNAP it installed, both themselves points of that sequence) a server applies exactly
 *     the next txn of the global sequence each time, never skipping one.
 *  P3 no acknowledged write lost: every client write answered with success is a txn of the
 *     global sequence (matched by session id and xid, at the zxid of the reply) and, after the
 *     final heal and quiescence, every live server has applied it.
 *  P4 zxids applied strictly increase on every server (within a process; a SNAP never moves a
 *     server back), and the durable lastApplied a process starts from is a point of the
 *     global sequence.
 *  P5 durable epochs: after every flush, on every disk, acceptedEpoch >= currentEpoch, and
 *     neither is ever lower than what that disk held before (across crashes and restarts).
 *  P6 client histories: see linearizability.ts.
 *  Final agreement: after quiescence all live servers serve the same epoch with the same
 *     lastApplied, the same tree (every znode field) and the same sessions.
 *  Z2 durable on a quorum: whenever any server applies a txn (the leader committing it, a
 *     learner on COMMIT or UPTODATE, anyone replaying its log), a quorum of voters already holds
 *     it on disk (flushed: in the log with the same bytes, or covered by the stored state). This
 *     is the invariant "ACK only after the flush" protects, checked at every apply instead of
 *     waiting for an unlucky crash to expose it.
 *  P7 ephemerals: after quiescence, every ephemeral znode on every live server belongs to a
 *     session that server knows.
 *  Storage contract: the peer never makes a storage call the storage refuses.
 */
import { epochOf, hex, type Zxid } from '../base/zxid.js';
import type { Epochs, LoadedState } from '../storage/api.js';
import type { Txn } from '../wire/txn.js';
import type { MemoryDisk } from '../storage/memory/memory-storage.js';
import { ownerKind } from '../tree/data-tree.js';
import type { Sid } from './network.js';
import type { PeerNode, PeerRecorder, RoleEffect } from './peer-node.js';

export interface Violation {
  atMs: number;
  property: string;
  detail: string;
}

type TrailEvent =
  | { t: 'start'; zxid: Zxid; atMs: number }
  | { t: 'apply'; zxid: Zxid; atMs: number }
  | { t: 'snap'; zxid: Zxid; atMs: number };

export interface CommittedTxn {
  zxid: Zxid;
  key: string;
  txn: Txn;
  firstAppliedBy: Sid;
}

export class ZabChecker implements PeerRecorder {
  readonly violations: Violation[] = [];
  readonly establishments: Array<{ atMs: number; sid: Sid; epoch: number }> = [];
  /** zxid → the txn applied there (by whoever applied it first). */
  readonly committed = new Map<Zxid, CommittedTxn>();
  private readonly leaderOfEpoch = new Map<number, { sid: Sid; inc: number }>();
  private readonly trails = new Map<Sid, TrailEvent[]>();
  private readonly durable = new Map<Sid, Epochs>();
  applies = 0;
  snaps = 0;

  constructor(
    private readonly now: () => number,
    /** The voters' disks and the quorum size, for Z2. */
    private readonly voterDisks: () => { sid: Sid; disk: MemoryDisk }[] = () => [],
    private readonly quorumSize = 1,
  ) {}

  violation(property: string, detail: string): { detail: string } {
    const v = { atMs: this.now(), property, detail };
    this.violations.push(v);
    return v;
  }

  private trail(sid: Sid): TrailEvent[] {
    let t = this.trails.get(sid);
    if (!t) this.trails.set(sid, (t = []));
    return t;
  }

  // ---------------------------------------------------------------- online

  booted(node: PeerNode, loaded: LoadedState): void {
    this.trail(node.sid).push({ t: 'start', zxid: loaded.lastApplied, atMs: this.now() });
    const e = loaded.epochs;
    if (e.acceptedEpoch < e.currentEpoch) {
      this.violation('P5 durable epochs', `server ${node.sid} starts with acceptedEpoch ${e.acceptedEpoch} < currentEpoch ${e.currentEpoch}`);
    }
  }

  applied(node: PeerNode, txn: Txn, bytes: Uint8Array): void {
    this.applies++;
    const key = bytesKey(bytes);
    const known = this.committed.get(txn.zxid);
    if (known === undefined) {
      this.committed.set(txn.zxid, { zxid: txn.zxid, key, txn, firstAppliedBy: node.sid });
    } else if (known.key !== key) {
      this.violation(
        'P2 one history',
        `server ${node.sid} applied ${describeTxn(txn)} at ${hex(txn.zxid)}, but server ${known.firstAppliedBy} applied ${describeTxn(known.txn)} there`,
      );
    }
    this.trail(node.sid).push({ t: 'apply', zxid: txn.zxid, atMs: this.now() });
    this.checkDurable(node, txn.zxid, bytes);
  }

  private z2Reported = 0;

  private checkDurable(node: PeerNode, zxid: Zxid, bytes: Uint8Array): void {
    const holders: Sid[] = [];
    for (const { sid, disk } of this.voterDisks()) if (durablyHolds(disk, zxid, bytes)) holders.push(sid);
    if (holders.length >= this.quorumSize || this.z2Reported >= 5) return;
    this.z2Reported++;
    this.violation('Z2 durable on a quorum', `server ${node.sid} applied ${hex(zxid)} while only server(s) ${holders.join(',') || 'none'} had it on disk`);
  }

  snapshotInstalled(node: PeerNode, zxid: Zxid): void {
    this.snaps++;
    this.trail(node.sid).push({ t: 'snap', zxid, atMs: this.now() });
  }

  role(node: PeerNode, e: RoleEffect): void {
    if (e.role !== 'leading' || !e.serving) return;
    this.establishments.push({ atMs: this.now(), sid: node.sid, epoch: e.epoch });
    const previous = this.leaderOfEpoch.get(e.epoch);
    if (previous !== undefined && (previous.sid !== node.sid || previous.inc !== node.incarnation)) {
      this.violation(
        'P1 one leader per epoch',
        previous.sid !== node.sid
          ? `servers ${previous.sid} and ${node.sid} both established epoch ${e.epoch}`
          : `server ${node.sid} established epoch ${e.epoch} again after a restart`,
      );
    }
    this.leaderOfEpoch.set(e.epoch, { sid: node.sid, inc: node.incarnation });
  }

  flushed(node: PeerNode): void {
    const s = node.disk.state;
    const now = { acceptedEpoch: s.acceptedEpoch, currentEpoch: s.currentEpoch };
    if (now.acceptedEpoch < now.currentEpoch) {
      this.violation('P5 durable epochs', `server ${node.sid}: durable acceptedEpoch ${now.acceptedEpoch} < currentEpoch ${now.currentEpoch}`);
    }
    const before = this.durable.get(node.sid);
    if (before && (now.acceptedEpoch < before.acceptedEpoch || now.currentEpoch < before.currentEpoch)) {
      this.violation(
        'P5 durable epochs',
        `server ${node.sid}: durable epochs went from ${before.acceptedEpoch}/${before.currentEpoch} to ${now.acceptedEpoch}/${now.currentEpoch}`,
      );
    }
    this.durable.set(node.sid, now);
  }

  // ---------------------------------------------------------------- after the run

  /** The global sequence: every applied txn, in zxid order. */
  sequence(): CommittedTxn[] {
    return [...this.committed.values()].sort((a, b) => (a.zxid < b.zxid ? -1 : a.zxid > b.zxid ? 1 : 0));
  }

  /** P2 (prefix, no gaps) and P4 (increasing) over every server's whole trail. */
  checkTrails(): void {
    const seq = this.sequence().map((c) => c.zxid);
    const successor = (pos: bigint): bigint | undefined => {
      let lo = 0;
      let hi = seq.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (seq[mid]! <= pos) lo = mid + 1;
        else hi = mid;
      }
      return seq[lo];
    };
    for (const [sid, trail] of [...this.trails].sort((a, b) => a[0] - b[0])) {
      let pos = 0n;
      let reported = 0;
      const fail = (property: string, detail: string, atMs: number) => {
        if (reported++ < 3) this.violations.push({ atMs, property, detail: `server ${sid}: ${detail}` });
      };
      for (const e of trail) {
        switch (e.t) {
          case 'start':
            if (e.zxid !== 0n && !this.committed.has(e.zxid)) fail('P4 increasing zxids', `started from lastApplied ${hex(e.zxid)}, which nobody applied`, e.atMs);
            pos = e.zxid;
            break;
          case 'snap':
            if (e.zxid < pos) fail('P4 increasing zxids', `installed a SNAP at ${hex(e.zxid)} below its applied ${hex(pos)}`, e.atMs);
            if (e.zxid !== 0n && !this.committed.has(e.zxid)) fail('P2 one history', `installed a SNAP at ${hex(e.zxid)}, which nobody applied`, e.atMs);
            pos = e.zxid;
            break;
          case 'apply': {
            if (e.zxid <= pos) {
              fail('P4 increasing zxids', `applied ${hex(e.zxid)} after ${hex(pos)}`, e.atMs);
            } else {
              const expected = successor(pos);
              if (expected !== e.zxid) {
                fail('P2 one history', `applied ${hex(e.zxid)} after ${hex(pos)}, skipping ${expected === undefined ? '?' : hex(expected)} (committed elsewhere)`, e.atMs);
              }
            }
            pos = e.zxid;
            break;
          }
        }
      }
    }
  }

  /** Final agreement among the live servers (after quiescence). */
  checkAgreement(live: PeerNode[]): void {
    if (live.length === 0) return;
    const serving = live.filter((n) => n.serving);
    if (serving.length !== live.length) {
      this.violation('final agreement', `not every live server serves: ${live.map((n) => `${n.sid}:${n.role}${n.serving ? '+' : ''}`).join(' ')}`);
    }
    for (const n of live) {
      const r = n.peer!.replica;
      for (const [path, z] of r.tree.entries()) {
        if (ownerKind(z.ephemeralOwner) === 'session' && !r.sessions.get(z.ephemeralOwner)) {
          this.violation('P7 ephemerals', `server ${n.sid}: ephemeral ${path} belongs to session ${hex(z.ephemeralOwner)}, which it does not know`);
        }
      }
    }
    const ref = live[0]!;
    const refDigest = stateDigest(ref!);
    for (const n of live.slice(1)) {
      const p = n.peer!;
      if (p.replica.lastApplied !== ref.peer!.replica.lastApplied) {
        this.violation('final agreement', `server ${n.sid} applied ${hex(p.replica.lastApplied)}, server ${ref.sid} ${hex(ref.peer!.replica.lastApplied)}`);
        continue;
      }
      if (p.epoch !== ref.peer!.epoch) this.violation('final agreement', `server ${n.sid} is in epoch ${p.epoch}, server ${ref.sid} in ${ref.peer!.epoch}`);
      const d = stateDigest(n);
      if (d !== refDigest) this.violation('final agreement', `server ${n.sid} and server ${ref.sid} differ at the same zxid:\n${firstDiff(d, refDigest)}`);
    }
  }

  /** Whether a txn is in the history every live server applied (by zxid). */
  appliedEverywhere(zxid: bigint, live: PeerNode[]): Sid[] {
    return live.filter((n) => n.peer!.replica.lastApplied < zxid).map((n) => n.sid);
  }

  highestEpoch(): number {
    let e = 0;
    for (const z of this.committed.keys()) e = Math.max(e, epochOf(z));
    for (const x of this.establishments) e = Math.max(e, x.epoch);
    return e;
  }
}

/** Whether a disk (what was flushed) holds the txn: in its log, byte for byte, or in its stored state. */
export function durablyHolds(disk: MemoryDisk, zxid: bigint, bytes: Uint8Array): boolean {
  const s = disk.state;
  if (s.lastApplied >= zxid) return true;
  const i = s.upperBound(zxid) - 1;
  if (i < 0 || s.log[i]!.zxid !== zxid) return false;
  const b = s.log[i]!.bytes;
  if (b.length !== bytes.length) return false;
  for (let k = 0; k < b.length; k++) if (b[k] !== bytes[k]) return false;
  return true;
}

/** Everything a replica's state is: znodes (all fields), sessions, lastApplied. */
export function stateDigest(node: PeerNode): string {
  const r = node.peer!.replica;
  const lines: string[] = [`applied ${hex(r.lastApplied)}`];
  for (const path of Array.from(r.tree.entries(), ([p]) => p).sort()) {
    const n = r.tree.get(path)!;
    const data = n.data === null ? 'null' : bytesKey(n.data);
    lines.push(
      `${path} data=${JSON.stringify(data)} c=${hex(n.czxid)} m=${hex(n.mzxid)} p=${hex(n.pzxid)} ct=${n.ctime} mt=${n.mtime} v=${n.version} cv=${n.cversion} av=${n.aversion} eo=${hex(n.ephemeralOwner)} acl=${JSON.stringify(n.acl)}`,
    );
  }
  for (const s of [...r.sessions.all()].sort((a, b) => (a.id < b.id ? -1 : 1))) lines.push(`session ${hex(s.id)} timeout=${s.timeout}`);
  return lines.join('\n');
}

function firstDiff(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `  ${x[i] ?? '(none)'}\n  ${y[i] ?? '(none)'}`;
  return '';
}

/** Bytes as a string, one char per byte: an exact, comparable key. */
export function bytesKey(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}

export function describeTxn(t: Txn): string {
  const b = t.body;
  const where = 'path' in b ? ` ${b.path}` : '';
  return `txn(type ${b.type}${where}, session ${hex(t.sessionId)}, cxid ${t.cxid})`;
}
