/**
 * Simulated ZooKeeper clients and the history they record.
 *
 * A client talks to one server at a time through the peer's client inputs (connect with a
 * handshake, requests with xids, disconnect) and sees its client effects (handshake, reply,
 * close). It keeps one operation outstanding at a time, so each client is one sequential
 * process of the history. On a broken connection (the server closed it, crashed, or did not
 * answer in time) the outstanding operation becomes indeterminate ("info": it may or may not
 * have taken effect) and the client reconnects to another server, resuming its session with id
 * and password and its last seen zxid; a server answering "expired" makes it start a new
 * session.
 *
 * Operations, on a few keys /k0../kN: create, setData (version -1), delete (version -1),
 * getData (a local read), and sync + getData (pipelined on one connection, recorded as one
 * operation: the linearizable read of docs/architecture.md, "The path of a read"). Every written value is unique, so a read
 * names the write it observed.
 *
 * Each invocation and completion takes a number from one history clock; "A completed before B
 * was invoked" is A.complete < B.invoke.
 */
import { NO_SID } from '../base/ids.js';
import { assertNever } from '../base/invariant.js';
import type { Rng } from '../base/clock.js';
import type { ConnId } from '../pipeline/connections.js';
import { Err, Op } from '../wire/constants.js';
import type { ConnectRequest, ConnectResponse } from '../wire/records.js';
import { OPEN_ACL_UNSAFE, PASSWORD_LENGTH } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import type { Sid } from './network.js';
import type { ClientEffect } from './peer-node.js';
import type { World } from './world.js';

/** 'raw': scripted requests sent pipelined on one connection (sessions, ephemerals); not in the register model. */
export type OpKind = 'create' | 'set' | 'delete' | 'get' | 'syncGet' | 'raw';

export const WRITE_KINDS: ReadonlySet<OpKind> = new Set(['create', 'set', 'delete']);

export interface HistoryOp {
  id: number;
  client: number;
  kind: OpKind;
  key: string;
  /** The value written (create, set). */
  value: string | null;
  /** Session and xid of the request that decides the outcome (for syncGet: the getData). */
  session: bigint;
  xid: number;
  server: Sid;
  /** History clock at invocation; -1 while queued and not yet sent. */
  invoke: number;
  invokeMs: number;
  complete: number | null;
  completeMs: number | null;
  outcome: 'pending' | 'ok' | 'fail' | 'info';
  err: number;
  /** The zxid of the reply header: the txn of a write; the server's applied zxid for a read. */
  replyZxid: bigint | null;
  /** What a read returned: the value, or null for NONODE. */
  read?: string | null;
  /** 'raw': the requests, and their replies as they come. */
  reqs?: Request[] | undefined;
  replies?: { xid: number; err: number; zxid: bigint; response?: unknown }[];
}

export interface OpSpec {
  kind: OpKind;
  key: string;
  value?: string | undefined;
  reqs?: Request[] | undefined;
}

export class History {
  readonly ops: HistoryOp[] = [];
  private clock = 0;
  next(): number {
    return ++this.clock;
  }
}

export type ClientMessage =
  | { kind: 'connect'; req: ConnectRequest }
  | { kind: 'request'; xid: number; req: Request }
  | { kind: 'disconnect' };

export interface ClientHost {
  readonly world: World;
  readonly history: History;
  servers(): Sid[];
  newConnId(): ConnId;
  /** Sends to the server over the connection (FIFO, after a delay). */
  toServer(client: SimClient, server: Sid, conn: ConnId, m: ClientMessage): void;
  note(line: string): void;
}

export interface ClientOptions {
  id: number;
  keys: number;
  sessionTimeoutMs: number;
  /** No reply for this long: the client gives up on the connection (ZooKeeper: 2/3 of the session timeout). */
  opTimeoutMs: number;
  connectTimeoutMs: number;
  thinkMinMs: number;
  thinkMaxMs: number;
  /** Generate random operations while active; otherwise only run submitted ones. */
  auto: boolean;
  /** Always connect to this server (scripted clients). */
  pinned?: Sid | undefined;
}

interface Current {
  op: HistoryOp;
  /** xids still to be answered, in order. */
  awaiting: number[];
  timer: number;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class SimClient {
  state: 'idle' | 'connecting' | 'connected' | 'stopped' = 'idle';
  conn: ConnId | null = null;
  server: Sid | null = null;
  session: { id: bigint; passwd: Uint8Array } | null = null;
  lastZxid = 0n;
  /** Generating random operations (auto clients). */
  active = true;
  pinned: Sid | undefined;
  sessionsStarted = 0;
  expiredSessions = 0;
  private nextXid = 1;
  private nextValue = 1;
  private current: Current | null = null;
  private readonly queued: HistoryOp[] = [];
  private timerSeq = 0;
  private thinkPending = false;
  private lastServer: Sid | null = null;

  constructor(
    readonly opts: ClientOptions,
    private readonly host: ClientHost,
    private readonly rng: Rng,
  ) {
    this.pinned = opts.pinned;
  }

  get id(): number {
    return this.opts.id;
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  get busy(): boolean {
    return this.current !== null || this.queued.length > 0;
  }

  start(delayMs = 0): void {
    if (this.state !== 'idle' || this.conn !== null) return;
    this.connectSoon(delayMs);
  }

  /** The client process dies: its socket closes, it never comes back (its session may expire). */
  halt(): void {
    if (this.conn !== null && this.server !== null) this.host.toServer(this, this.server, this.conn, { kind: 'disconnect' });
    this.state = 'stopped';
    this.active = false;
    this.timerSeq++;
    this.lost('halted');
  }

  /** Stop generating operations (what is outstanding may still complete). */
  stopGenerating(): void {
    this.active = false;
  }

  /** Queues an operation; it is sent once connected and earlier ones are done. */
  submit(spec: OpSpec): HistoryOp {
    const op = this.newOp(spec);
    this.queued.push(op);
    this.next();
    return op;
  }

  // ---------------------------------------------------------------- connection

  private connectSoon(delayMs: number): void {
    const seq = ++this.timerSeq;
    this.host.world.after(delayMs, () => {
      if (seq !== this.timerSeq || this.state !== 'idle') return;
      this.connect();
    });
  }

  private connect(): void {
    const servers = this.host.servers();
    let server = this.pinned;
    if (server === undefined) {
      const others = servers.filter((s) => s !== this.lastServer);
      const pool = others.length > 0 ? others : servers;
      server = pool[this.rng.int(pool.length)];
    }
    this.server = server!;
    this.lastServer = server!;
    const conn = this.host.newConnId();
    this.conn = conn;
    this.state = 'connecting';
    const req: ConnectRequest = {
      protocolVersion: 0,
      lastZxidSeen: this.lastZxid,
      timeOut: this.opts.sessionTimeoutMs,
      sessionId: this.session?.id ?? 0n,
      passwd: this.session?.passwd ?? new Uint8Array(PASSWORD_LENGTH),
      readOnly: false,
    };
    this.host.toServer(this, server!, conn, { kind: 'connect', req });
    const seq = ++this.timerSeq;
    this.host.world.after(this.opts.connectTimeoutMs, () => {
      if (seq === this.timerSeq && this.conn === conn && this.state === 'connecting') this.abandon('connect timed out');
    });
  }

  /** We give up on the connection: tell the server, then reconnect elsewhere. */
  private abandon(reason: string): void {
    if (this.conn !== null && this.server !== null) this.host.toServer(this, this.server, this.conn, { kind: 'disconnect' });
    this.lost(reason);
  }

  /** The connection is gone: the outstanding operation's fate is unknown. */
  private lost(reason: string): void {
    this.host.note(`client ${this.id} lost connection ${this.conn} to ${this.server}: ${reason}`);
    this.conn = null;
    if (this.current) {
      this.finish(this.current.op, 'info', 0);
      this.current = null;
    }
    if (this.state === 'stopped') return;
    this.state = 'idle';
    this.thinkPending = false;
    this.connectSoon(20 + this.rng.int(200));
  }

  /** Server effects for one of our connections. */
  receive(conn: ConnId, e: ClientEffect): void {
    if (conn !== this.conn) return;
    switch (e.kind) {
      case 'handshake':
        return this.onHandshake(e.response);
      case 'reply':
        if (e.zxid > this.lastZxid) this.lastZxid = e.zxid;
        return this.onReply(e);
      case 'close':
        return this.lost(`closed by the server: ${e.reason}`);
      case 'notify':
        return;
      default:
        return assertNever(e, 'client effect');
    }
  }

  /** The server's process died: its sockets reset. */
  reset(conn: ConnId): void {
    if (conn === this.conn) this.lost('connection reset');
  }

  private onHandshake(r: ConnectResponse): void {
    if (this.state !== 'connecting') return;
    if (r.sessionId === 0n) {
      // Expired: start over with a new session (its ops before this are decided by the log).
      if (this.session) this.expiredSessions++;
      this.session = null;
      return this.lost('session expired');
    }
    if (this.session === null || this.session.id !== r.sessionId) this.sessionsStarted++;
    this.session = { id: r.sessionId, passwd: r.passwd };
    this.state = 'connected';
    this.host.note(`client ${this.id} connected to ${this.server} session ${r.sessionId.toString(16)}`);
    this.next();
  }

  // ---------------------------------------------------------------- operations

  private next(): void {
    if (this.state !== 'connected' || this.current !== null || this.thinkPending) return;
    const op = this.queued.shift();
    if (op) return this.issue(op);
    if (!this.opts.auto || !this.active) return;
    this.thinkPending = true;
    const conn = this.conn;
    this.host.world.after(this.opts.thinkMinMs + this.rng.int(this.opts.thinkMaxMs - this.opts.thinkMinMs + 1), () => {
      this.thinkPending = false;
      if (this.conn !== conn || this.state !== 'connected' || this.current !== null || !this.active) return this.next();
      this.issue(this.newOp(this.randomSpec()));
    });
  }

  private randomSpec(): OpSpec {
    const key = `/k${this.rng.int(this.opts.keys)}`;
    const r = this.rng.next();
    const kind: OpKind = r < 0.1 ? 'create' : r < 0.42 ? 'set' : r < 0.47 ? 'delete' : r < 0.75 ? 'syncGet' : 'get';
    return { kind, key };
  }

  private newOp(spec: OpSpec): HistoryOp {
    const value = spec.kind === 'create' || spec.kind === 'set' ? (spec.value ?? `c${this.id}.${this.nextValue++}`) : null;
    const op: HistoryOp = {
      id: this.host.history.ops.length,
      client: this.id,
      kind: spec.kind,
      key: spec.key,
      value,
      reqs: spec.reqs,
      session: 0n,
      xid: 0,
      server: NO_SID,
      invoke: -1,
      invokeMs: -1,
      complete: null,
      completeMs: null,
      outcome: 'pending',
      err: 0,
      replyZxid: null,
    };
    this.host.history.ops.push(op);
    return op;
  }

  private issue(op: HistoryOp): void {
    const conn = this.conn!;
    const server = this.server!;
    op.session = this.session!.id;
    op.server = server;
    op.invoke = this.host.history.next();
    op.invokeMs = this.host.world.nowMs;
    const send = (req: Request): number => {
      const xid = this.nextXid++;
      this.host.toServer(this, server, conn, { kind: 'request', xid, req });
      return xid;
    };
    const data = op.value === null ? null : encoder.encode(op.value);
    const awaiting: number[] = [];
    switch (op.kind) {
      case 'create':
        awaiting.push(send({ op: Op.create, path: op.key, data, acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n }));
        break;
      case 'set':
        awaiting.push(send({ op: Op.setData, path: op.key, data, version: -1 }));
        break;
      case 'delete':
        awaiting.push(send({ op: Op.delete, path: op.key, version: -1 }));
        break;
      case 'get':
        awaiting.push(send({ op: Op.getData, path: op.key, watch: false }));
        break;
      case 'syncGet':
        awaiting.push(send({ op: Op.sync, path: op.key }));
        awaiting.push(send({ op: Op.getData, path: op.key, watch: false }));
        break;
      case 'raw':
        op.replies = [];
        for (const r of op.reqs ?? []) awaiting.push(send(r));
        break;
    }
    op.xid = awaiting[awaiting.length - 1]!;
    const timer = ++this.timerSeq;
    this.current = { op, awaiting, timer };
    this.host.world.after(this.opts.opTimeoutMs, () => {
      if (this.current?.timer === timer && this.conn === conn) this.abandon(`no reply in ${this.opts.opTimeoutMs} ms`);
    });
  }

  private onReply(e: Extract<ClientEffect, { kind: 'reply' }>): void {
    const cur = this.current;
    if (!cur || cur.awaiting[0] !== e.xid) return;
    cur.awaiting.shift();
    const op = cur.op;
    if (op.kind === 'raw') {
      op.replies!.push({ xid: e.xid, err: e.err, zxid: e.zxid, response: e.response });
      if (cur.awaiting.length > 0) return;
      op.replyZxid = e.zxid;
      this.finish(op, 'ok', e.err);
      this.current = null;
      return this.next();
    }
    if (cur.awaiting.length > 0) {
      // The sync of a syncGet: the read follows on the same connection.
      if (e.err !== 0) {
        this.finish(op, 'fail', e.err);
        this.current = null;
        this.next();
      }
      return;
    }
    op.replyZxid = e.zxid;
    if (op.kind === 'get' || op.kind === 'syncGet') {
      if (e.err === 0 && e.response && 'data' in e.response) {
        op.read = e.response.data === null ? '' : decoder.decode(e.response.data);
        this.finish(op, 'ok', 0);
      } else if (e.err === Err.NONODE) {
        op.read = null;
        this.finish(op, 'ok', 0);
      } else {
        this.finish(op, 'fail', e.err);
      }
    } else {
      this.finish(op, e.err === 0 ? 'ok' : 'fail', e.err);
    }
    this.current = null;
    this.next();
  }

  private finish(op: HistoryOp, outcome: HistoryOp['outcome'], err: number): void {
    op.outcome = outcome;
    op.err = err;
    if (outcome !== 'info') {
      op.complete = this.host.history.next();
      op.completeMs = this.host.world.nowMs;
    }
  }
}
