/**
 * The standalone server as a pure core: a leader of one. Writes are prepared, given the next
 * zxid, handed to storage as a `persist` effect, and applied only once the runtime reports them
 * flushed (`persisted`), so no reply promises data that a crash could lose. Everything else
 * (sockets, timers, LMDB) is the runtime's business.
 */
import type { InputTime, Rng } from '../base/clock.js';
import { Fifo } from '../base/queue.js';
import { hex, nextZxid, ZERO_ZXID, type Zxid } from '../base/zxid.js';
import { assertNever, invariant } from '../base/invariant.js';
import { Err, Op } from '../wire/constants.js';
import { Txn, TxnBody, TxnType } from '../wire/txn.js';
import type { LoadedState } from '../storage/api.js';
import { prepareWrite, WriteRequest } from '../pipeline/prep.js';
import type { ClientConnection, ConnId } from '../pipeline/connections.js';
import { Replica, ReplicaEffect, ReplicaOptions, WritePath } from './replica.js';
import { reapRequests } from './housekeeping.js';
import { StandaloneInput, Stamped, StepTime } from './inputs.js';
import type { StepObserver } from './recording.js';

export interface StandaloneOptions extends ReplicaOptions {
  /** How often containers and TTL nodes are checked for reaping (ZooKeeper: 60 s). */
  containerCheckIntervalMs: number;
}

export type Effect = ReplicaEffect | { kind: 'persist'; token: number; txns: Txn[] };

interface Batch {
  token: number;
  txns: Txn[];
  durable: boolean;
}

export class StandaloneCore implements WritePath {
  readonly replica: Replica;
  private out: Effect[] = [];
  private nextZxid: Zxid;
  private unsent: Txn[] = [];
  private readonly batches = new Fifo<Batch>();
  private nextToken = 1;
  private lastReapMs: number;
  /** Set when storage failed: writes are refused from then on, reads go on. */
  private writeFailure: string | null = null;
  /** The time of the input being handled: only `step` moves it. */
  private readonly time: StepTime;
  /** Set while the run is recorded (`--record`): told of every input and drain. */
  recorder: StepObserver | null = null;

  /** `start`: when the core was built (the session table's id seed, the first reap). */
  constructor(
    private readonly opts: StandaloneOptions,
    rng: Rng,
    start: InputTime,
    loaded?: LoadedState,
  ) {
    this.time = new StepTime(start);
    this.replica = new Replica(opts, this.time, rng, { push: (e) => this.out.push(e) });
    this.replica.writePath = this;
    this.lastReapMs = start.nowMs;
    if (loaded) this.replica.load(loaded);
    this.nextZxid = nextZxid(loaded?.lastLogged ?? ZERO_ZXID);
  }

  get tree() {
    return this.replica.tree;
  }

  get sessions() {
    return this.replica.sessions;
  }

  get lastZxid(): Zxid {
    return this.replica.lastApplied;
  }

  get outstandingWrites(): number {
    let n = this.unsent.length;
    for (const b of this.batches) n += b.txns.length;
    return n;
  }

  /** Handles one input, at the time it carries. Its effects are collected by `drain`. */
  step(input: Stamped<StandaloneInput>): void {
    this.recorder?.input(input);
    this.time.set(input);
    switch (input.kind) {
      case 'connect':
        return this.replica.connect(input.conn, input.remoteAddress, input.req);
      case 'request':
        return this.replica.request(input.conn, input.xid, input.req);
      case 'disconnect':
        return this.replica.disconnect(input.conn);
      case 'addAuth':
        return this.replica.addAuth(input.conn, input.id);
      case 'persisted':
        return this.persisted(input.token);
      case 'persistFailed':
        return this.persistFailed(input.token, input.reason);
      case 'tick':
        return this.tick();
      case 'flush':
        return this.endTurn();
      case 'replayLog':
        return this.replay(input.txns);
      default:
        return assertNever(input, 'standalone input');
    }
  }

  /** Re-applies logged txns after lastApplied (start-up): in standalone, everything logged is committed. */
  private replay(txns: Iterable<Txn>): void {
    for (const txn of txns) {
      if (txn.zxid <= this.replica.lastApplied) continue;
      this.replica.apply(txn);
      if (txn.zxid >= this.nextZxid) this.nextZxid = nextZxid(txn.zxid);
    }
    this.replica.emitStore();
  }

  /** The end of the turn: the writes accumulated during it go out as one batch (group commit). */
  private endTurn(): void {
    if (this.unsent.length > 0) {
      const batch: Batch = { token: this.nextToken++, txns: this.unsent, durable: false };
      this.unsent = [];
      this.batches.push(batch);
      this.out.push({ kind: 'persist', token: batch.token, txns: batch.txns });
    }
  }

  /** The effects produced since the last call; reading them out changes nothing. */
  drain(): Effect[] {
    const out = this.out;
    this.out = [];
    this.recorder?.drained(out);
    return out;
  }

  // ---------------------------------------------------------------- the write path

  submitWrite(c: ClientConnection, xid: number, req: WriteRequest): void {
    const body = prepareWrite(req, this.replica.pending, {
      sessionId: c.sessionId,
      authIds: c.authIds,
      sessionValid: this.replica.sessions.isActive(c.sessionId),
      extendedTypesEnabled: this.opts.extendedTypesEnabled,
      aclSchemes: this.opts.aclSchemes,
      zxid: this.nextZxid,
      quotaExceeded: this.replica.quotaExceeded,
    });
    if (body.type === TxnType.closeSession) this.replica.sessions.markClosing(c.sessionId);
    this.submit(c.sessionId, xid, body);
  }

  createSession(_conn: ConnId, sessionId: bigint, passwd: Uint8Array, timeout: number): void {
    this.submit(sessionId, 0, { type: TxnType.createSession, timeout, passwd });
  }

  revalidate(_conn: ConnId, sessionId: bigint, timeout: number, done: (valid: boolean) => void): void {
    this.replica.sessions.expiry.touch(sessionId, timeout, this.time.nowMs);
    done(true);
  }

  sync(done: () => void): void {
    done(); // one server: every committed write is applied already
  }

  writeRefusal(): number | null {
    return this.writeFailure ? Err.NOTREADONLY : null;
  }

  private takeZxid(): Zxid {
    const zxid = this.nextZxid;
    this.nextZxid = nextZxid(zxid);
    return zxid;
  }

  private submit(sessionId: bigint, cxid: number, body: TxnBody): void {
    this.unsent.push({ sessionId, cxid, zxid: this.takeZxid(), time: this.time.wallMs, body });
  }

  // ---------------------------------------------------------------- durability

  /** Storage flushed the batch: apply every durable batch at the head, in zxid order. */
  private persisted(token: number): void {
    if (this.writeFailure) return; // the batches were abandoned when storage failed
    let issued = false;
    for (const b of this.batches) if (b.token === token && !b.durable) issued = b.durable = true;
    // Storage confirms only what it was handed, once: anything else is a runtime bug.
    invariant(issued, 'durability-token-issued', () => `storage confirmed token ${token}, which no unconfirmed batch holds`);
    while (this.batches.peek()?.durable) {
      const batch = this.batches.shift()!;
      for (const txn of batch.txns) this.replica.apply(txn);
      this.replica.emitStore();
    }
  }

  /**
   * Storage refused a batch (disk full, I/O error). Whether the batches handed to storage reached
   * the disk is unknown: a failed write may still be there and be replayed by the next start. So
   * their clients get no answer: their connections close, which a client sees as connection loss,
   * the same ambiguity as a server crash (ZooKeeper exits here). Writes never handed to storage
   * did not happen and are refused with NOTREADONLY, as is every write from now on; reads go on.
   */
  private persistFailed(_token: number, reason: string): void {
    if (!this.writeFailure) this.replica.log('error', `storage failed, refusing writes from now on (reads go on): ${reason}`);
    this.writeFailure = reason;
    const inFlight: Txn[] = [];
    while (this.batches.length) inFlight.push(...this.batches.shift()!.txns);
    this.unsent = [];
    this.replica.pending.clear();
    this.replica.abandon(inFlight, 'storage failed: the outcome of a write is unknown');
    this.replica.failWaiting(Err.NOTREADONLY);
  }

  // ---------------------------------------------------------------- time

  /** Expires sessions whose time ran out and reaps empty containers and stale TTL nodes. */
  private tick(): void {
    const now = this.time.nowMs;
    if (this.writeFailure) return;
    for (const id of this.replica.sessions.expired(now)) {
      const s = this.replica.sessions.get(id);
      if (!s || s.closing) continue;
      this.replica.log('info', `expiring session ${hex(id)}, timeout of ${s.timeout} ms exceeded`);
      const body = prepareWrite({ op: Op.closeSession }, this.replica.pending, {
        sessionId: id,
        authIds: [],
        sessionValid: true,
        extendedTypesEnabled: this.opts.extendedTypesEnabled,
        zxid: this.nextZxid,
      });
      this.replica.sessions.markClosing(id);
      this.submit(id, -1, body); // cxid -1: no client request waits for it
    }
    if (now - this.lastReapMs >= this.opts.containerCheckIntervalMs) {
      this.lastReapMs = now;
      for (const req of reapRequests(this.replica.tree, this.time.wallMs)) {
        const body = prepareWrite(req, this.replica.pending, {
          sessionId: 0n,
          authIds: [],
          sessionValid: true,
          extendedTypesEnabled: this.opts.extendedTypesEnabled,
          zxid: this.nextZxid,
        });
        if (body.type !== TxnType.error) this.submit(0n, -1, body);
      }
    }
  }
}
