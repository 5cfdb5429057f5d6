/**
 * The standalone server as a pure core: a leader of one. Writes are prepared, given the next
 * zxid, handed to storage as a `persist` effect, and applied only once the runtime reports them
 * flushed (`persisted`), so no reply promises data that a crash could lose. Everything else
 * (sockets, timers, LMDB) is the runtime's business.
 */
import type { Clock, Rng } from '../base/clock.js';
import { Fifo } from '../base/queue.js';
import { hex } from '../base/zxid.js';
import { Err, Op } from '../wire/constants.js';
import type { ConnectRequest, ConnectResponse, Id } from '../wire/records.js';
import { PASSWORD_LENGTH } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import type { SessionRecord } from '../wire/persist.js';
import { Txn, TxnBody, TxnType } from '../wire/txn.js';
import type { AppliedBatch, LoadedState } from '../storage/api.js';
import { DataTree } from '../tree/data-tree.js';
import { PendingChanges } from '../pipeline/pending.js';
import { isWriteRequest, prepareWrite, WriteRequest } from '../pipeline/prep.js';
import { writeReply } from '../pipeline/final.js';
import {
  ClientConnection,
  CloseEffect,
  ConnectionEffect,
  ConnId,
  drainReplies,
  notifyEffects,
  QueuedRequest,
} from '../pipeline/connections.js';
import { SessionTable } from '../session/sessions.js';

export interface StandaloneOptions {
  serverId: number;
  tickTime: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  extendedTypesEnabled: boolean;
  /** How often containers and TTL nodes are checked for reaping (ZooKeeper: 60 s). */
  containerCheckIntervalMs: number;
}

export type Effect =
  | ConnectionEffect
  | { kind: 'handshake'; conn: ConnId; response: ConnectResponse }
  | { kind: 'persist'; token: number; txns: Txn[] }
  | { kind: 'store'; batch: AppliedBatch }
  | { kind: 'log'; level: 'info' | 'warn' | 'error' | 'debug'; message: string };

/** Why a txn is in flight: a client's request, a handshake, or the server's own housekeeping. */
type Origin =
  | { kind: 'request'; conn: ConnId; entry: QueuedRequest }
  | { kind: 'handshake'; conn: ConnId; readOnly: boolean | undefined; timeout: number }
  | { kind: 'internal' };

interface Batch {
  token: number;
  txns: Txn[];
  durable: boolean;
}

const ZERO_PASSWORD = new Uint8Array(PASSWORD_LENGTH);

export class StandaloneCore {
  readonly tree = new DataTree();
  readonly sessions: SessionTable;
  readonly pending: PendingChanges;
  readonly connections = new Map<ConnId, ClientConnection>();
  private out: Effect[] = [];
  private nextZxid: bigint;
  private unsent: Txn[] = [];
  private readonly batches = new Fifo<Batch>();
  private nextToken = 1;
  private readonly origins = new Map<bigint, Origin>();
  private sessionChanges = new Map<bigint, SessionRecord | null>();
  private lastReapMs: number;
  /** Set when storage failed: writes are refused from then on, reads go on. */
  private writeFailure: string | null = null;

  constructor(
    private readonly opts: StandaloneOptions,
    private readonly clock: Clock,
    private readonly rng: Rng,
    loaded?: LoadedState,
  ) {
    const now = clock.nowMs();
    this.sessions = new SessionTable(opts.serverId, clock.wallMs(), opts.tickTime, now);
    this.pending = new PendingChanges(this.tree);
    this.lastReapMs = now;
    if (loaded) {
      this.tree.restore(loaded.nodes, loaded.lastApplied);
      // Every loaded session gets a fresh deadline: a restart must not make sessions immortal.
      for (const [id, rec] of loaded.sessions) this.sessions.add(id, rec, now);
    }
    this.nextZxid = (loaded?.lastLogged ?? 0n) + 1n;
  }

  /** Re-applies logged txns after lastApplied (start-up). */
  replay(txns: Iterable<Txn>): void {
    for (const txn of txns) {
      if (txn.zxid <= this.tree.lastProcessedZxid) continue;
      this.apply(txn);
      if (txn.zxid >= this.nextZxid) this.nextZxid = txn.zxid + 1n;
    }
    this.emitStore();
  }

  /** Effects produced since the last call; writes accumulated meanwhile go out as one batch. */
  drain(): Effect[] {
    if (this.unsent.length > 0) {
      const batch: Batch = { token: this.nextToken++, txns: this.unsent, durable: false };
      this.unsent = [];
      this.batches.push(batch);
      this.out.push({ kind: 'persist', token: batch.token, txns: batch.txns });
    }
    const out = this.out;
    this.out = [];
    return out;
  }

  get lastZxid(): bigint {
    return this.tree.lastProcessedZxid;
  }

  get outstandingWrites(): number {
    return this.origins.size;
  }

  // ---------------------------------------------------------------- connections

  /** A client's ConnectRequest (wire reference §4.3). */
  connect(conn: ConnId, remoteAddress: string, req: ConnectRequest): void {
    if (req.lastZxidSeen > this.tree.lastProcessedZxid) {
      // The client has seen a newer state than ours: it must try another server.
      this.log('info', `refusing client ${remoteAddress}: its last zxid ${hex(req.lastZxidSeen)} is ahead of ours ${hex(this.tree.lastProcessedZxid)}`);
      this.out.push({ kind: 'close', conn, reason: 'client zxid ahead' });
      return;
    }
    const timeout = Math.min(Math.max(req.timeOut, this.opts.minSessionTimeout), this.opts.maxSessionTimeout);
    const ipId: Id = { scheme: 'ip', id: remoteAddress };
    if (req.sessionId === 0n) {
      if (this.writeFailure) {
        this.out.push({ kind: 'close', conn, reason: 'writes stopped' });
        return;
      }
      const id = this.sessions.allocateId();
      const passwd = this.rng.bytes(PASSWORD_LENGTH);
      this.connections.set(conn, this.newConnection(conn, remoteAddress, id, ipId));
      this.submit({ kind: 'handshake', conn, readOnly: req.readOnly, timeout }, id, 0, { type: TxnType.createSession, timeout, passwd });
      return;
    }
    const s = this.sessions.get(req.sessionId);
    if (!s || s.closing || !equalBytes(s.passwd, req.passwd)) {
      this.log('info', `refusing to resume session ${hex(req.sessionId)} for ${remoteAddress}: ${s ? (s.closing ? 'closing' : 'wrong password') : 'expired or unknown'}`);
      this.out.push({ kind: 'handshake', conn, response: { protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: ZERO_PASSWORD, readOnly: ro(req.readOnly) } });
      this.out.push({ kind: 'close', conn, reason: 'session expired' });
      return;
    }
    // One connection per session: the newest wins.
    for (const other of this.connections.values()) {
      if (other.sessionId === s.id) this.disconnectInternal(other.id, 'session moved to a new connection');
    }
    this.connections.set(conn, this.newConnection(conn, remoteAddress, s.id, ipId));
    this.sessions.expiry.touch(s.id, timeout, this.clock.nowMs());
    this.log('info', `session ${hex(s.id)} resumed by ${remoteAddress} (timeout ${timeout} ms)`);
    this.out.push({ kind: 'handshake', conn, response: { protocolVersion: 0, timeOut: timeout, sessionId: s.id, passwd: s.passwd, readOnly: ro(req.readOnly) } });
  }

  private newConnection(conn: ConnId, remoteAddress: string, sessionId: bigint, ipId: Id): ClientConnection {
    return { id: conn, remoteAddress, sessionId, authIds: [ipId], queue: new Fifo(), closeWhenDrained: false };
  }

  /** The socket is gone: its watches go with it; the session lives on until it expires. */
  disconnect(conn: ConnId): void {
    this.connections.delete(conn);
    this.tree.watches.removeWatcher(conn);
  }

  private disconnectInternal(conn: ConnId, reason: string): void {
    this.disconnect(conn);
    this.out.push({ kind: 'close', conn, reason } satisfies CloseEffect);
  }

  /** A successful auth adds an id to the connection (the runtime checks credentials). */
  addAuth(conn: ConnId, id: Id): void {
    const c = this.connections.get(conn);
    if (c && !c.authIds.some((x) => x.scheme === id.scheme && x.id === id.id)) c.authIds.push(id);
  }

  authIds(conn: ConnId): readonly Id[] {
    return this.connections.get(conn)?.authIds ?? [];
  }

  // ---------------------------------------------------------------- requests

  request(conn: ConnId, xid: number, req: Request): void {
    const c = this.connections.get(conn);
    if (!c) return;
    this.sessions.touch(c.sessionId, this.clock.nowMs());
    if (!isWriteRequest(req)) {
      c.queue.push({ xid, req, write: false });
      drainReplies(c, this.tree, this.out);
      return;
    }
    const entry: QueuedRequest = { xid, req, write: true };
    c.queue.push(entry);
    if (this.writeFailure) {
      entry.reply = { err: Err.NOTREADONLY };
      entry.zxid = this.tree.lastProcessedZxid;
      drainReplies(c, this.tree, this.out);
      return;
    }
    const body = prepareWrite(req as WriteRequest, this.pending, {
      sessionId: c.sessionId,
      authIds: c.authIds,
      sessionValid: this.sessions.isActive(c.sessionId),
      extendedTypesEnabled: this.opts.extendedTypesEnabled,
      zxid: this.nextZxid,
    });
    if (body.type === TxnType.closeSession) {
      this.sessions.markClosing(c.sessionId);
      c.closeWhenDrained = true;
    }
    this.submit({ kind: 'request', conn, entry }, c.sessionId, xid, body);
  }

  private submit(origin: Origin, sessionId: bigint, cxid: number, body: TxnBody): void {
    const txn: Txn = { sessionId, cxid, zxid: this.nextZxid++, time: this.clock.wallMs(), body };
    this.origins.set(txn.zxid, origin);
    this.unsent.push(txn);
  }

  // ---------------------------------------------------------------- durability

  /** Storage flushed the batch: apply every durable batch at the head, in zxid order. */
  persisted(token: number): void {
    for (const b of this.batches) if (b.token === token) b.durable = true;
    while (this.batches.peek()?.durable) {
      const batch = this.batches.shift()!;
      for (const txn of batch.txns) this.apply(txn);
      this.emitStore();
    }
  }

  /**
   * Storage refused a batch (disk full, I/O error): nothing from it on is durable. Their
   * clients are told the write did not happen, and the server stops taking writes.
   */
  persistFailed(token: number, reason: string): void {
    this.writeFailure = reason;
    this.log('error', `storage failed, refusing writes from now on: ${reason}`);
    let failing = false;
    const kept = new Fifo<Batch>();
    for (const b of this.batches) {
      if (b.token === token) failing = true;
      if (!failing) kept.push(b);
      else for (const txn of b.txns) this.abandon(txn);
    }
    while (this.batches.length) this.batches.shift();
    for (const b of kept) this.batches.push(b);
    for (const txn of this.unsent) this.abandon(txn);
    this.unsent = [];
    this.pending.clear();
  }

  private abandon(txn: Txn): void {
    const origin = this.origins.get(txn.zxid);
    this.origins.delete(txn.zxid);
    if (origin?.kind === 'request') {
      const c = this.connections.get(origin.conn);
      origin.entry.reply = { err: Err.NOTREADONLY };
      origin.entry.zxid = this.tree.lastProcessedZxid;
      if (c) drainReplies(c, this.tree, this.out);
    } else if (origin?.kind === 'handshake') {
      this.disconnectInternal(origin.conn, 'writes stopped');
    }
  }

  private apply(txn: Txn): void {
    const outcome = this.tree.applyTxn(txn);
    const now = this.clock.nowMs();
    if (txn.body.type === TxnType.createSession) {
      const rec = { timeout: txn.body.timeout, passwd: txn.body.passwd };
      this.sessions.add(txn.sessionId, rec, now);
      this.sessionChanges.set(txn.sessionId, rec);
    } else if (txn.body.type === TxnType.closeSession) {
      this.sessions.remove(txn.sessionId);
      this.sessionChanges.set(txn.sessionId, null);
    }
    this.pending.applied(txn.zxid);
    // Watch events go out before any reply that reflects the change.
    notifyEffects(outcome.fired, -1n, this.out);

    const origin = this.origins.get(txn.zxid);
    this.origins.delete(txn.zxid);
    if (origin?.kind === 'request') {
      origin.entry.reply = writeReply(origin.entry.req as WriteRequest, outcome);
      origin.entry.zxid = txn.zxid;
      const c = this.connections.get(origin.conn);
      if (c) drainReplies(c, this.tree, this.out);
    } else if (origin?.kind === 'handshake') {
      this.finishHandshake(origin, txn);
    }
    if (txn.body.type === TxnType.closeSession) {
      // Whoever still holds the session (an expired one) is cut off; the closer got its reply.
      for (const c of [...this.connections.values()]) {
        if (c.sessionId === txn.sessionId && !c.closeWhenDrained) this.disconnectInternal(c.id, 'session expired');
      }
    }
  }

  private finishHandshake(origin: Extract<Origin, { kind: 'handshake' }>, txn: Txn): void {
    if (txn.body.type !== TxnType.createSession) return;
    if (!this.connections.has(origin.conn)) return; // the client left before its session existed
    this.log('info', `session ${hex(txn.sessionId)} established (timeout ${origin.timeout} ms)`);
    this.out.push({
      kind: 'handshake',
      conn: origin.conn,
      response: { protocolVersion: 0, timeOut: origin.timeout, sessionId: txn.sessionId, passwd: txn.body.passwd, readOnly: ro(origin.readOnly) },
    });
  }

  private emitStore(): void {
    const nodes = this.tree.drainDirty();
    if (nodes.size === 0 && this.sessionChanges.size === 0) return;
    this.out.push({ kind: 'store', batch: { lastApplied: this.tree.lastProcessedZxid, nodes, sessions: this.sessionChanges } });
    this.sessionChanges = new Map();
  }

  // ---------------------------------------------------------------- time

  /** Expires sessions whose time ran out and reaps empty containers and stale TTL nodes. */
  tick(): void {
    const now = this.clock.nowMs();
    if (this.writeFailure) return;
    for (const id of this.sessions.expired(now)) {
      const s = this.sessions.get(id);
      if (!s || s.closing) continue;
      this.log('info', `expiring session ${hex(id)}, timeout of ${s.timeout} ms exceeded`);
      const body = prepareWrite({ op: Op.closeSession }, this.pending, {
        sessionId: id,
        authIds: [],
        sessionValid: true,
        extendedTypesEnabled: this.opts.extendedTypesEnabled,
        zxid: this.nextZxid,
      });
      this.sessions.markClosing(id);
      this.submit({ kind: 'internal' }, id, 0, body);
    }
    if (now - this.lastReapMs >= this.opts.containerCheckIntervalMs) {
      this.lastReapMs = now;
      for (const path of this.tree.reapCandidates(this.clock.wallMs())) {
        const body = prepareWrite({ op: Op.deleteContainer, path }, this.pending, {
          sessionId: 0n,
          authIds: [],
          sessionValid: true,
          extendedTypesEnabled: this.opts.extendedTypesEnabled,
          zxid: this.nextZxid,
        });
        if (body.type !== TxnType.error) this.submit({ kind: 'internal' }, 0n, 0, body);
      }
    }
  }

  private log(level: 'info' | 'warn' | 'error' | 'debug', message: string): void {
    this.out.push({ kind: 'log', level, message });
  }
}

function ro(requested: boolean | undefined): boolean | undefined {
  // Mirror the client's form: the byte is present only if the request had it; we are never read-only.
  return requested === undefined ? undefined : false;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
