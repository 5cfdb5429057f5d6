/**
 * What every serving role shares: the tree, the session table, client connections with their
 * ordered reply queues, and applying committed txns. How writes become committed txns is the
 * role's business (a standalone sequencer, the Zab leader, a learner forwarding to it), given to
 * the replica as a WritePath.
 */
import type { InputTime, Rng } from '../base/clock.js';
import { Fifo } from '../base/queue.js';
import { invariant } from '../base/invariant.js';
import type { LogLevel } from '../base/log.js';
import type { Sid } from '../base/ids.js';
import { hex, type Zxid } from '../base/zxid.js';
import { Op } from '../wire/constants.js';
import type { ConnectRequest, ConnectResponse, Id } from '../wire/records.js';
import { PASSWORD_LENGTH } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import type { SessionRecord, ZNodeRecord } from '../wire/persist.js';
import { Txn, TxnType } from '../wire/txn.js';
import type { AppliedBatch, LoadedState, StoredNodeReader, TreeIndex } from '../storage/api.js';
import { DataTree, ZNode } from '../tree/data-tree.js';
import { StoredNodeTable } from '../tree/stored-node-table.js';
import { deliverable } from '../tree/watch-acl.js';
import { PendingChanges } from '../pipeline/pending.js';
import { answeredWithoutTxn, isWriteRequest, WriteRequest } from '../pipeline/prep.js';
import { Reply, writeReply } from '../pipeline/final.js';
import {
  ClientConnection,
  ConnectionEffect,
  ConnId,
  drainReplies,
  notifyEffects,
  QueuedRequest,
} from '../pipeline/connections.js';
import { SessionTable } from '../session/sessions.js';

export interface ReplicaOptions {
  serverId: Sid;
  tickTime: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  extendedTypesEnabled: boolean;
  /** ACL schemes with a provider beyond digest and ip (x509, sasl; config/security.ts aclSchemes). */
  aclSchemes?: readonly string[];
  /** `enforceQuota`: fail writes past a hard quota with QUOTAEXCEEDED (docs/quotas.md). Default false. */
  enforceQuota?: boolean;
}


export type ReplicaEffect =
  | ConnectionEffect
  | { kind: 'handshake'; conn: ConnId; response: ConnectResponse }
  | { kind: 'store'; batch: AppliedBatch }
  | { kind: 'log'; level: LogLevel; message: string };

export interface EffectOut {
  push(e: ReplicaEffect): unknown;
}

/** How the role turns client intentions into committed txns. */
export interface WritePath {
  /** A write from a local client: prepare/forward it; the reply comes when it is applied. */
  submitWrite(c: ClientConnection, xid: number, req: WriteRequest): void;
  /** A new session for a local client: it exists once its createSession txn is applied. */
  createSession(conn: ConnId, sessionId: bigint, passwd: Uint8Array, timeout: number): void;
  /** A resume of an existing session: `done(true)` once the session owner confirms it is alive. */
  /** `done(null)`: no answer (e.g. the leader was lost meanwhile); the client should try again. */
  revalidate(conn: ConnId, sessionId: bigint, timeout: number, done: (valid: boolean | null) => void): void;
  /** sync: `done()` once this server has applied every write committed before the sync arrived. */
  sync(done: () => void): void;
  /** Writes refused (storage failure): the error code to answer with, else null. */
  writeRefusal(): number | null;
}

/** A local request waiting for its txn to be applied. */
type Pending =
  | { kind: 'request'; conn: ConnId; cxid: number; entry: QueuedRequest }
  | { kind: 'handshake'; conn: ConnId; readOnly: boolean | undefined; timeout: number };

const ZERO_PASSWORD = new Uint8Array(PASSWORD_LENGTH);

export class Replica {
  tree = new DataTree();
  readonly sessions: SessionTable;
  pending: PendingChanges;
  readonly connections = new Map<ConnId, ClientConnection>();
  /**
   * Local writes waiting for their txn, per session in submission order. A session's txns are
   * applied in the order it sent them, so the first waiting entry with the txn's cxid is the
   * one it answers, even when a client reuses xids or resumes on a new connection meanwhile.
   */
  private readonly waiting = new Map<bigint, Pending[]>();
  private sessionChanges = new Map<bigint, SessionRecord | null>();
  /** Where the tree is read from when it is served from storage (`openStored`); null: in memory. */
  private storedReader: StoredNodeReader | null = null;
  /**
   * Set while the tree is a memory one that a SNAP left over a tree served from storage
   * (`replaceState`); the tree is served from storage again once storage has it
   * (`returnToStorage`). Counted, not compared by zxid: a recount after a restore changes nodes
   * without a txn.
   */
  private backToStorage: BackToStorage | null = null;
  /** Connections whose resume waits for the leader's REVALIDATE answer. */
  private readonly resuming = new Set<ConnId>();
  /**
   * Sessions touched by local clients since the last report to the leader. Collected only
   * while there is a leader to report to (`collectTouches`, set by a learner): a leader or a
   * standalone server owns expiry itself and would never empty it.
   */
  readonly touched = new Set<bigint>();
  collectTouches = false;
  writePath: WritePath | null = null;

  constructor(
    readonly opts: ReplicaOptions,
    /** The time of the input being handled (set by the owning core's step). */
    private readonly time: InputTime,
    private readonly rng: Rng,
    private readonly out: EffectOut,
  ) {
    this.sessions = new SessionTable(opts.serverId, time.wallMs, opts.tickTime, time.nowMs);
    this.pending = new PendingChanges(this.tree);
  }

  /** Loads stored state: the tree served from storage when `loaded.stored` says so, else rebuilt from its records. */
  load(loaded: LoadedState): void {
    if (loaded.stored) this.openStored(loaded.stored.reader, loaded.stored.index, loaded.sessions, loaded.lastApplied);
    else this.restore(loaded.nodes, loaded.sessions, loaded.lastApplied);
  }

  /** Loads stored state; sessions get a fresh deadline (a restart must not make them immortal). */
  restore(nodes: Iterable<[string, ZNodeRecord]>, sessions: Iterable<[bigint, SessionRecord]>, lastApplied: Zxid): void {
    this.tree.restore(nodes, lastApplied);
    const now = this.time.nowMs;
    for (const [id, rec] of sessions) this.sessions.add(id, rec, now);
  }

  /**
   * Opens stored state without reading the tree: the tree is served from storage (`nodes`, its
   * index `index`) through an overlay of what storage does not have yet (docs/performance.md,
   * "Step 2, the tree served from LMDB"). Sessions get a fresh deadline, as in `restore`.
   */
  openStored(nodes: StoredNodeReader, index: TreeIndex, sessions: Iterable<[bigint, SessionRecord]>, lastApplied: Zxid): void {
    this.storedReader = nodes;
    this.tree = new DataTree(new StoredNodeTable(nodes, index.totals.nodes), index);
    this.tree.openStored(lastApplied);
    this.pending = new PendingChanges(this.tree);
    const now = this.time.nowMs;
    for (const [id, rec] of sessions) this.sessions.add(id, rec, now);
  }

  /**
   * Replaces everything (a SNAP from the leader). The new tree is a memory one even when the
   * old one was served from storage: storage installs the snapshot later (replaceState is
   * asynchronous), so reads cannot be served from it meanwhile. It goes back to storage once
   * storage holds all of it (`returnToStorage`): kept in memory for good, it held every znode
   * created after the SNAP as objects, one server in three of a fresh ensemble (the one that
   * joined last) at 2x the others' memory (docs/performance.md, section 20).
   * Client connections survive; watches do not. */
  replaceState(nodes: Iterable<[string, ZNodeRecord]>, sessions: Iterable<[bigint, SessionRecord]>, lastApplied: Zxid): void {
    this.tree = new DataTree();
    this.pending = new PendingChanges(this.tree);
    this.tree.restore(nodes, lastApplied);
    for (const s of [...this.sessions.all()]) this.sessions.remove(s.id);
    const now = this.time.nowMs;
    for (const [id, rec] of sessions) this.sessions.add(id, rec, now);
    this.sessionChanges.clear();
    // Storage keeps call order: once every install is answered, this tree's snapshot is in.
    if (this.storedReader) this.backToStorage = { installs: (this.backToStorage?.installs ?? 0) + 1, inFlight: new Set(), release: null };
  }

  /** Storage answered the install of a SNAP (the oldest one outstanding). */
  snapshotInstalled(): void {
    if (this.backToStorage) this.backToStorage.installs--;
  }

  /**
   * Serves the tree from storage again, once storage has answered the SNAP's install and every
   * change applied since has been handed to it (none waiting to be drained). When every batch
   * of those changes has committed too, the tree is opened as at a restart (storage's index; of
   * the nodes only the root, the system nodes and the quota subtree are read). Otherwise the
   * nodes of the batches still in flight go into the stored table's overlay under a mark of
   * their own, released when the last of them commits, and the index is the tree's: a learner
   * under a write load that never lets every batch commit gets there too. The watches stay.
   * Called at the peer's tick and after an install; true when it switched.
   */
  returnToStorage(): boolean {
    const b = this.backToStorage;
    const reader = this.storedReader;
    if (!b || !reader || b.installs > 0) return false;
    if (this.tree.hasUndrained || this.sessionChanges.size > 0) {
      // Changes no apply drained (restore's recounted quota stats): hand them to storage now,
      // so that an idle learner gets there too.
      this.emitStore();
      return false;
    }
    const memory = this.tree;
    let index: TreeIndex;
    let table: StoredNodeTable;
    let held = 0;
    if (b.inFlight.size === 0) {
      index = reader.readIndex();
      table = new StoredNodeTable(reader, index.totals.nodes);
    } else {
      index = { totals: memory.storedTotals(), owners: memory.owners() };
      table = new StoredNodeTable(reader, index.totals.nodes);
      const paths = new Set<string>();
      for (const batch of b.inFlight) for (const p of batch) paths.add(p);
      held = paths.size;
      b.release = releaseOnCommit(table, table.adopt([...paths].map((p): [string, ZNode | null] => [p, detachedCopy(memory.get(p))])));
    }
    const tree = new DataTree(table, index, memory.watches);
    tree.openStored(memory.lastProcessedZxid);
    // Storage's own totals against the tree's when nothing is in flight; with batches in flight
    // the totals are the tree's, and this checks only what the new tree seeded.
    invariant(
      tree.nodeCount() === memory.nodeCount() && tree.approximateDataSize() === memory.approximateDataSize(),
      'snapshot-tree-stored-whole',
      () => `at ${hex(memory.lastProcessedZxid)} storage holds ${tree.nodeCount()} nodes of ${tree.approximateDataSize()} bytes, the tree ${memory.nodeCount()} of ${memory.approximateDataSize()}`,
    );
    this.tree = tree;
    this.pending.useTree(tree);
    this.backToStorage = null;
    const holding = held > 0 ? `; ${held} of them held until their writes commit` : '';
    this.log('info', `serving the tree from storage again (${tree.nodeCount()} znodes at ${hex(tree.lastProcessedZxid)}${holding}), as before the snapshot`);
    return true;
  }

  get lastApplied(): Zxid {
    return this.tree.lastProcessedZxid;
  }

  /**
   * The quota check prep runs for client creates and setData (PrepContext.quotaExceeded):
   * a limit being crossed is logged (at most once a second per quota), and a hard limit
   * fails the write when quotas are enforced.
   */
  readonly quotaExceeded = (path: string, newLength: number, kind: 'create' | 'setData'): boolean => {
    const verdict = this.tree.quotaVerdict(path, newLength, kind);
    if (verdict === null || verdict.message === null) return false;
    const now = this.time.nowMs;
    const last = this.quotaLogged.get(verdict.prefix);
    if (last === undefined || now - last >= 1000) {
      this.quotaLogged.set(verdict.prefix, now);
      this.log('warn', verdict.message);
    }
    return verdict.hard && this.opts.enforceQuota === true;
  };
  private readonly quotaLogged = new Map<string, number>();

  log(level: LogLevel, message: string): void {
    this.out.push({ kind: 'log', level, message });
  }

  // ---------------------------------------------------------------- connections

  connect(conn: ConnId, remoteAddress: string, req: ConnectRequest): void {
    if (req.lastZxidSeen > this.tree.lastProcessedZxid) {
      // The client has seen a newer state than ours: it must try another server.
      this.log('info', `refusing client ${remoteAddress}: its last zxid ${hex(req.lastZxidSeen)} is ahead of ours ${hex(this.tree.lastProcessedZxid)}`);
      this.out.push({ kind: 'close', conn, reason: 'client zxid ahead' });
      return;
    }
    const timeout = Math.min(Math.max(req.timeOut, this.opts.minSessionTimeout), this.opts.maxSessionTimeout);
    const ipId: Id = { scheme: 'ip', id: remoteAddress };
    const path = this.writePath!;
    if (req.sessionId === 0n) {
      if (path.writeRefusal() !== null) {
        this.out.push({ kind: 'close', conn, reason: 'writes stopped' });
        return;
      }
      const id = this.sessions.allocateId();
      const passwd = this.rng.bytes(PASSWORD_LENGTH);
      this.connections.set(conn, newConnection(conn, remoteAddress, id, ipId));
      this.waiting.set(id, [{ kind: 'handshake', conn, readOnly: req.readOnly, timeout }]);
      path.createSession(conn, id, passwd, timeout);
      return;
    }
    this.resuming.add(conn);
    if (this.sessions.get(req.sessionId)) return this.resume(conn, remoteAddress, req, timeout, ipId);
    // Unknown here is no verdict yet: a learner may not have applied the createSession (a client
    // that has seen no zxid passes the check above). Catch up with the leader first (a sync
    // answers once this server has applied everything committed before it), then decide.
    path.sync(() => {
      if (this.resuming.has(conn)) this.resume(conn, remoteAddress, req, timeout, ipId);
    });
  }

  /** Resumes a session this server has applied: checked here, then confirmed alive by the session owner. */
  private resume(conn: ConnId, remoteAddress: string, req: ConnectRequest, timeout: number, ipId: Id): void {
    const path = this.writePath!;
    const s = this.sessions.get(req.sessionId);
    const refuse = (why: string) => {
      this.log('info', `refusing to resume session ${hex(req.sessionId)} for ${remoteAddress}: ${why}`);
      this.out.push({ kind: 'handshake', conn, response: { protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: ZERO_PASSWORD, readOnly: ro(req.readOnly) } });
      this.out.push({ kind: 'close', conn, reason: 'session expired' });
    };
    if (!s || s.closing || !equalBytes(s.passwd, req.passwd)) {
      this.resuming.delete(conn);
      return refuse(s ? (s.closing ? 'closing' : 'wrong password') : 'expired or unknown');
    }
    path.revalidate(conn, s.id, timeout, (valid) => {
      // The client may have gone while we asked: then there is nothing to answer.
      if (!this.resuming.delete(conn)) return;
      // Not knowing is not a verdict: close without an answer, so the client keeps its session
      // and tries another server (answering timeOut 0 would tell it the session expired).
      if (valid === null) {
        this.log('info', `closing ${remoteAddress} resuming session ${hex(req.sessionId)}: no answer from a leader`);
        this.out.push({ kind: 'close', conn, reason: 'no leader to revalidate the session' });
        return;
      }
      if (!valid) return refuse('the leader does not know it');
      // One connection per session: the newest wins.
      for (const other of [...this.connections.values()]) {
        if (other.sessionId === s.id) this.dropConnection(other.id, 'session moved to a new connection');
      }
      this.connections.set(conn, newConnection(conn, remoteAddress, s.id, ipId));
      this.log('info', `session ${hex(s.id)} resumed by ${remoteAddress} (timeout ${timeout} ms)`);
      this.out.push({ kind: 'handshake', conn, response: { protocolVersion: 0, timeOut: timeout, sessionId: s.id, passwd: s.passwd, readOnly: ro(req.readOnly) } });
    });
  }

  /** The socket is gone: its watches go with it; the session lives on until it expires. */
  disconnect(conn: ConnId): void {
    this.resuming.delete(conn);
    this.connections.delete(conn);
    this.tree.watches.removeWatcher(conn);
  }

  dropConnection(conn: ConnId, reason: string): void {
    this.disconnect(conn);
    this.out.push({ kind: 'close', conn, reason });
  }

  /** Closes every client (the server stops serving, e.g. going back to LOOKING). */
  dropAllConnections(reason: string): void {
    for (const c of [...this.connections.keys()]) this.dropConnection(c, reason);
    // Resumes still waiting for an answer get none: the client keeps its session and moves on.
    for (const conn of this.resuming) this.out.push({ kind: 'close', conn, reason });
    this.resuming.clear();
    this.waiting.clear();
  }

  addAuth(conn: ConnId, id: Id): void {
    const c = this.connections.get(conn);
    if (c && !c.authIds.some((x) => x.scheme === id.scheme && x.id === id.id)) c.authIds.push(id);
  }

  // ---------------------------------------------------------------- requests

  request(conn: ConnId, xid: number, req: Request): void {
    const c = this.connections.get(conn);
    if (!c) return;
    if (this.collectTouches) this.touched.add(c.sessionId);
    this.sessions.touch(c.sessionId, this.time.nowMs);
    if (req.op === Op.sync) {
      const entry: QueuedRequest = { xid, req, write: true };
      c.queue.push(entry);
      // A null path is echoed as null, as ZooKeeper does.
      this.writePath!.sync(() => this.complete(c.id, entry, { err: 0, response: { op: Op.sync, path: req.nullPath ? null : req.path } }));
      return;
    }
    if (!isWriteRequest(req)) {
      c.queue.push({ xid, req, write: false });
      drainReplies(c, this.tree, this.out);
      return;
    }
    const write = req as WriteRequest;
    const entry: QueuedRequest = { xid, req, write: true };
    c.queue.push(entry);
    const refusal = this.writePath!.writeRefusal();
    if (refusal !== null) return this.complete(c.id, entry, { err: refusal });
    const early = answeredWithoutTxn(write);
    if (early) return this.complete(c.id, entry, early);
    if (write.op === Op.closeSession) c.closeWhenDrained = true;
    const queue = this.waiting.get(c.sessionId);
    const pending: Pending = { kind: 'request', conn, cxid: xid, entry };
    if (queue) queue.push(pending);
    else this.waiting.set(c.sessionId, [pending]);
    this.writePath!.submitWrite(c, xid, write);
  }

  /** Answers a queued request now (sync, refusals), keeping the connection's reply order. */
  complete(conn: ConnId, entry: QueuedRequest, reply: Reply): void {
    entry.reply = reply;
    entry.zxid = this.tree.lastProcessedZxid;
    const c = this.connections.get(conn);
    if (c) drainReplies(c, this.tree, this.out);
  }

  /** Fails every local write whose txn will never come (storage failure, leader change). */
  failWaiting(err: number): void {
    const all = [...this.waiting.values()].flat();
    this.waiting.clear();
    for (const w of all) {
      if (w.kind === 'request') this.complete(w.conn, w.entry, { err });
      else this.dropConnection(w.conn, 'session could not be created');
    }
  }

  /**
   * The outcome of these txns is unknown (storage failed while writing them): their clients get
   * no answer, only a closed connection, which they treat as a possibly applied write.
   */
  abandon(txns: readonly Txn[], reason: string): void {
    for (const txn of txns) {
      const w = this.takeWaiting(txn);
      if (w) this.dropConnection(w.conn, reason);
    }
  }

  /** The local request a txn answers, if any (and it leaves the waiting list). */
  private takeWaiting(txn: Txn): Pending | undefined {
    const queue = this.waiting.get(txn.sessionId);
    if (!queue) return undefined;
    const isSession = txn.body.type === TxnType.createSession;
    const i = queue.findIndex((w) => (isSession ? w.kind === 'handshake' : w.kind === 'request' && w.cxid === txn.cxid));
    if (i < 0) return undefined;
    // Nearly always the oldest (a session's txns are applied in the order it sent them).
    const w = i === 0 ? queue.shift()! : queue.splice(i, 1)[0]!;
    if (queue.length === 0) this.waiting.delete(txn.sessionId);
    return w;
  }

  // ---------------------------------------------------------------- applying

  apply(txn: Txn): void {
    // Every replica applies one history, once, in order: a zxid at or below the last applied
    // one means a txn applied twice or out of order, and a tree that silently diverges.
    invariant(txn.zxid > this.tree.lastProcessedZxid, 'applied-zxids-increase', () => `applying txn ${hex(txn.zxid)} after ${hex(this.tree.lastProcessedZxid)}`);
    const outcome = this.tree.applyTxn(txn);
    const now = this.time.nowMs;
    if (txn.body.type === TxnType.createSession) {
      const rec = { timeout: txn.body.timeout, passwd: txn.body.passwd };
      this.sessions.add(txn.sessionId, rec, now);
      this.sessionChanges.set(txn.sessionId, rec);
    } else if (txn.body.type === TxnType.closeSession) {
      this.sessions.remove(txn.sessionId);
      this.sessionChanges.set(txn.sessionId, null);
    }
    this.pending.applied(txn.zxid);
    // Watch events go out before any reply that reflects the change, to watchers that may read
    // them (every server filters its own clients' events, so followers do as the leader does).
    if (outcome.fired.length > 0) notifyEffects(deliverable(outcome.fired, (w) => this.connections.get(w)?.authIds), -1n, this.out);

    const w = this.takeWaiting(txn);
    if (w?.kind === 'request') {
      w.entry.reply = writeReply(w.entry.req as WriteRequest, outcome);
      w.entry.zxid = txn.zxid;
      const c = this.connections.get(w.conn);
      if (c) drainReplies(c, this.tree, this.out);
    } else if (w?.kind === 'handshake') {
      this.finishHandshake(w, txn);
    }
    if (txn.body.type === TxnType.closeSession) {
      // Whoever still holds the session (an expired one) is cut off; the closer got its reply.
      for (const c of [...this.connections.values()]) {
        if (c.sessionId === txn.sessionId && !c.closeWhenDrained) this.dropConnection(c.id, 'session expired');
      }
    }
  }

  private finishHandshake(w: Extract<Pending, { kind: 'handshake' }>, txn: Txn): void {
    if (txn.body.type !== TxnType.createSession) return;
    if (!this.connections.has(w.conn)) return; // the client left before its session existed
    this.log('info', `session ${hex(txn.sessionId)} established (timeout ${w.timeout} ms)`);
    this.out.push({
      kind: 'handshake',
      conn: w.conn,
      response: { protocolVersion: 0, timeOut: w.timeout, sessionId: txn.sessionId, passwd: txn.body.passwd, readOnly: ro(w.readOnly) },
    });
  }

  /** The state changes since the last call, for storage. */
  takeAppliedBatch(): AppliedBatch | null {
    // The same test returnToStorage makes: whatever is undrained goes out.
    if (!this.tree.hasUndrained && this.sessionChanges.size === 0) return null;
    const nodes = this.tree.drainDirty();
    const batch: AppliedBatch = { lastApplied: this.tree.lastProcessedZxid, nodes, sessions: this.sessionChanges, owners: this.tree.drainOwners(), totals: this.tree.storedTotals() };
    const committed = this.tree.sealBatch();
    if (committed) batch.committed = committed;
    else if (this.backToStorage) {
      const b = this.backToStorage;
      const paths = [...nodes.keys()];
      b.inFlight.add(paths);
      batch.committed = () => {
        b.inFlight.delete(paths);
        if (b.inFlight.size > 0 || !b.release) return;
        const release = b.release;
        b.release = null;
        release();
      };
    }
    this.sessionChanges = new Map();
    return batch;
  }

  emitStore(): void {
    const batch = this.takeAppliedBatch();
    if (batch) this.out.push({ kind: 'store', batch });
  }
}

/** What `Replica.backToStorage` tracks of a memory tree a SNAP left. */
interface BackToStorage {
  /** SNAP installs storage has not answered yet. */
  installs: number;
  /** Batches of this tree's changes handed to storage and not yet committed: the paths of each. */
  inFlight: Set<string[]>;
  /** After the switch: lets the stored table's overlay go of what `inFlight` held, once it is all committed. */
  release: (() => void) | null;
}

/**
 * Lets the table's overlay go of the nodes adopted under `mark`. Made out here so that the
 * closure holds only the table: one made inside returnToStorage would share a context with the
 * closures there that name the memory tree, and keep the whole tree alive until the release.
 */
function releaseOnCommit(table: StoredNodeTable, mark: number): () => void {
  return () => table.committed(mark);
}

/** A node of a memory tree as a stored table holds it: its children by number, not by name. */
function detachedCopy(node: ZNode | undefined): ZNode | null {
  if (!node) return null;
  const copy = ZNode.fromRecord(node.toRecord());
  copy.setChildCount(node.numChildren);
  return copy;
}

function newConnection(conn: ConnId, remoteAddress: string, sessionId: bigint, ipId: Id): ClientConnection {
  return { id: conn, remoteAddress, sessionId, authIds: [ipId], queue: new Fifo(), closeWhenDrained: false };
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

