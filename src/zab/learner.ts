/**
 * A Zab learner (follower or observer) as a pure core (docs/replication.md): it registers with
 * the leader, promises the new epoch durably, takes the leader's history (DIFF / TRUNC / SNAP)
 * and makes it durable before acknowledging anything (synced txns, then currentEpoch, then the
 * ACKs: NEWLEADER's and one for the txns it logged meanwhile), then logs proposals and
 * acknowledges them after their flush, one cumulative ACK per turn for the highest zxid made
 * durable (it logs in zxid order, so that ACK holds every earlier one), and applies commits in
 * zxid order. It refuses any gap in the stream of txns it is sent.
 */
import { asLinkId } from '../base/ids.js';
import { Fifo } from '../base/queue.js';
import { hex, isNextZxid, makeZxid, ZERO_ZXID, type Zxid } from '../base/zxid.js';
import { assertNever, invariant } from '../base/invariant.js';
import type { Epochs } from '../storage/api.js';
import type { Id } from '../wire/records.js';
import {
  ForwardedRequest,
  LeaderInfoMessage,
  LeaderMessage,
  LearnerMessage,
  NewLeaderMessage,
  Pkt,
  pktName,
  SessionTouch,
  SnapChunk,
  TakeoverMessage,
  ZAB_PROTOCOL_VERSION,
} from '../wire/quorum.js';
import { decodeTxn, Txn } from '../wire/txn.js';
import { LearnerEffect, LinkId, LogReader, ProtocolError, Sid, Successor, ZabTiming } from './types.js';
import type { LearnerInput } from './inputs.js';

export interface LearnerParams {
  myid: Sid;
  leader: Sid;
  observer: boolean;
  epochs: Epochs;
  lastLogged: Zxid;
  lastApplied: Zxid;
  timing: ZabTiming;
}

type Phase = 'connecting' | 'registering' | 'syncing' | 'acking-newleader' | 'newleader-acked' | 'broadcast' | 'stopped';

/** The single link to the leader. */
const LEADER_LINK: LinkId = asLinkId(0);

export class LearnerCore {
  private phase: Phase = 'connecting';
  private out: LearnerEffect[] = [];
  private epochs: Epochs;
  private newEpoch = -1;
  private lastHeardMs: number;
  private lastLogged: Zxid;
  private lastApplied: Zxid;
  /** Our log's end before the leader's sync data: entries up to here come from our own log. */
  private ownLogEnd: Zxid;
  private committedThrough = ZERO_ZXID;
  /** Txns logged (or being logged) but not applied, in zxid order. */
  private readonly unapplied = new Fifo<Txn>();
  private syncedTxns: Txn[] = [];
  /**
   * The ACK held back until our new currentEpoch is durable (the highest zxid logged since the
   * sync that the leader may still need): a voter that acknowledged a txn of the new epoch's
   * history, crashed, and came back with the old currentEpoch could lose an election to a server
   * of the new epoch that lacks the txn, which would then truncate a committed txn.
   */
  private heldAck: Zxid | null = null;
  /**
   * The ACK to send at the end of the turn: the highest zxid our log made durable since the last
   * one. ACKs are cumulative (the log is flushed in zxid order, and a flush makes every earlier
   * append durable too: docs/storage-contract.md), so one per turn acknowledges them all.
   */
  private dueAck: Zxid | null = null;
  private snapChunks: SnapChunk[] | null = null;
  private unsent: Txn[] = [];
  private nextToken = 1;
  private readonly tokens = new Map<number, 'accepted' | 'current' | 'synced' | 'state' | 'truncate' | Txn[]>();
  /** When we started following: connection retries are allowed for initLimit ticks from here. */
  private readonly startedMs: number;
  /** A reconnection is due at this time (the leader closed us before it was leading). */
  private reconnectAtMs: number | null = null;
  /** The zxid of the last txn handed to storage's log (after a TRUNC or SNAP: its zxid). */
  private logEnd: Zxid;
  /** The time of the input being handled (`step` sets it from the input, nothing else does). */
  private now: number;

  constructor(
    private readonly params: LearnerParams,
    /** When the core starts: its first input's time. */
    nowMs: number,
    private readonly log: LogReader,
  ) {
    this.epochs = { ...params.epochs };
    this.lastLogged = params.lastLogged;
    this.lastApplied = params.lastApplied;
    this.ownLogEnd = params.lastLogged;
    this.logEnd = params.lastLogged;
    this.now = nowMs;
    this.lastHeardMs = nowMs;
    this.startedMs = this.lastHeardMs;
    this.out.push({ kind: 'connect', leader: params.leader });
  }

  get serving(): boolean {
    return this.phase === 'broadcast';
  }

  get epoch(): number {
    return this.newEpoch;
  }

  get leader(): Sid {
    return this.params.leader;
  }

  /**
   * Handles one input, at the time it carries; its effects are read out with `drain`. Only an
   * operator's request for leadership is answered at once (whether it was sent to the leader),
   * as the peer must answer the operator within the same step; the outcome comes later.
   */
  step(input: Extract<LearnerInput, { kind: 'requestLeadership' }>): boolean;
  step(input: LearnerInput): boolean | undefined;
  step(input: LearnerInput): boolean | undefined {
    this.now = input.nowMs;
    switch (input.kind) {
      case 'linkUp':
        return void this.linkUp();
      case 'linkDown':
        return void this.linkDown(input.reason);
      case 'fromLeader':
        return void this.receive(input.packet, input.touches);
      case 'persisted':
        return void this.persisted(input.token);
      case 'flush':
        this.persistUnsent();
        return void this.sendDueAck();
      case 'forward':
        return void this.forward(input.request, input.authinfo);
      case 'revalidate':
        return void this.revalidate(input.sessionId, input.timeout);
      case 'sync':
        return void this.sync(input.id);
      case 'requestLeadership':
        return this.requestLeadership();
      case 'tick':
        return void this.tick();
      case 'stop':
        return void this.stop(input.reason);
      default:
        return assertNever(input, 'learner input');
    }
  }

  /** The effects produced since the last call; reading them out changes nothing. */
  drain(): LearnerEffect[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /**
   * Txns logged since the last flush become one persist effect (one flush for all of them). Also
   * called before a commit effect that includes one of them: storage carries out calls in order,
   * so a txn must be handed to the log before the applied state that includes it (a COMMIT or
   * INFORM can arrive in the same turn as its PROPOSAL).
   */
  private persistUnsent(): void {
    if (this.unsent.length === 0) return;
    const token = this.nextToken++;
    this.tokens.set(token, this.unsent);
    this.handToLog(token, this.unsent);
    this.unsent = [];
  }

  /**
   * Every txn a learner logs continues its log without a gap (docs/replication.md, "No gaps"):
   * onProposal refuses a gap in the leader's stream, so one here is a bug in this core.
   */
  private handToLog(token: number, txns: Txn[]): void {
    for (const t of txns) {
      invariant(isNextZxid(this.logEnd, t.zxid), 'learner-log-contiguous', () => `logging txn ${hex(t.zxid)} after ${hex(this.logEnd)}`);
      this.logEnd = t.zxid;
    }
    this.out.push({ kind: 'persist', token, txns });
  }

  private sendDueAck(): void {
    if (this.dueAck === null || this.phase === 'stopped') return;
    this.send({ type: Pkt.ACK, zxid: this.dueAck });
    this.dueAck = null;
  }

  private send(p: LearnerMessage): void {
    this.out.push({ kind: 'send', link: LEADER_LINK, packet: p });
  }

  private token(what: 'accepted' | 'current' | 'synced' | 'state' | 'truncate' | Txn[]): number {
    const t = this.nextToken++;
    this.tokens.set(t, what);
    return t;
  }

  private lose(reason: string, successor?: Successor): void {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.out.push({ kind: 'disconnect', reason });
    this.out.push({ kind: 'lost', reason, ...(successor ? { successor } : {}) });
  }

  private stop(reason = 'stopped'): void {
    this.lose(reason);
  }

  // ---------------------------------------------------------------- link

  private linkUp(): void {
    if (this.phase !== 'connecting') return;
    this.phase = 'registering';
    this.lastHeardMs = this.now;
    this.send({
      type: this.params.observer ? Pkt.OBSERVERINFO : Pkt.FOLLOWERINFO,
      acceptedEpoch: this.epochs.acceptedEpoch,
      sid: this.params.myid,
      protocolVersion: ZAB_PROTOCOL_VERSION,
      lastLogged: this.lastLogged,
      currentEpoch: this.epochs.currentEpoch,
    });
  }

  private linkDown(reason = 'connection to the leader closed'): void {
    if (this.phase === 'stopped') return;
    // The server we elected may not lead yet: until it does it closes every learner. Like
    // ZooKeeper's connectToLeader, retry within initLimit instead of going back to LOOKING,
    // which (with the classic election) could livelock: a server that keeps dropping its
    // decision answers polls with an uninformed vote, so the elected one never decides.
    const { tickTime, initLimit } = this.params.timing;
    const now = this.now;
    if ((this.phase === 'connecting' || this.phase === 'registering') && now - this.startedMs < initLimit * tickTime) {
      this.phase = 'connecting';
      this.out.push({ kind: 'disconnect', reason });
      this.reconnectAtMs = now + Math.max(20, Math.min(200, tickTime / 2));
      return;
    }
    this.lose(reason);
  }

  /**
   * A message from the leader, decoded where it came off the link (a frame that does not decode
   * drops the link there and never reaches us).
   */
  private receive(m: LeaderMessage, touches: SessionTouch[]): void {
    if (this.phase === 'stopped') return;
    this.lastHeardMs = this.now;
    try {
      this.handle(m, touches);
    } catch (e) {
      // An out-of-order message costs this link; anything else is a bug and stops the server
      // (an InvariantViolation, or an error nobody expected).
      if (!(e instanceof ProtocolError)) throw e;
      this.lose(`bad ${pktName(m.type)} from the leader: ${e.message}`);
    }
  }

  private handle(m: LeaderMessage, touches: SessionTouch[]): void {
    switch (m.type) {
      case Pkt.LEADERINFO:
        return this.onLeaderInfo(m);
      case Pkt.DIFF:
        return;
      case Pkt.TRUNC:
        return this.onTrunc(m.zxid);
      case Pkt.SNAP:
        this.snapChunks = [];
        return;
      case Pkt.SNAP_CHUNK:
        if (!this.snapChunks) throw new ProtocolError('SNAP_CHUNK outside a snapshot');
        this.snapChunks.push(m.chunk);
        return;
      case Pkt.SNAP_END:
        return this.onSnapEnd(m.zxid);
      case Pkt.PROPOSAL:
        return this.onProposal(m.txn);
      case Pkt.NEWLEADER:
        return this.onNewLeader(m);
      case Pkt.UPTODATE:
        return this.onUpToDate();
      case Pkt.COMMIT:
        return this.onCommit(m.zxid);
      case Pkt.INFORM:
        if (!this.params.observer) throw new ProtocolError('INFORM to a follower');
        if (m.txn.zxid > this.lastLogged) this.onProposal(m.txn);
        return this.onCommit(m.txn.zxid);
      case Pkt.PING:
        this.send({ type: Pkt.PING, lastApplied: this.lastApplied, round: m.round, touches });
        return;
      case Pkt.REVALIDATE:
        this.out.push({ kind: 'revalidated', sessionId: m.sessionId, valid: m.valid });
        return;
      case Pkt.SYNC:
        this.out.push({ kind: 'syncReady', id: m.id, zxid: m.zxid });
        return;
      case Pkt.TAKEOVER:
        return this.onTakeover(m);
      default:
        assertNever(m, 'leader message');
    }
  }

  // ---------------------------------------------------------------- discovery and sync

  private onLeaderInfo(m: LeaderInfoMessage): void {
    if (this.phase !== 'registering') throw new ProtocolError('LEADERINFO out of order');
    const epoch = m.epoch;
    this.newEpoch = epoch;
    if (epoch < this.epochs.acceptedEpoch) {
      return this.lose(`leader offers epoch ${epoch}, but we promised ${this.epochs.acceptedEpoch}`);
    }
    this.phase = 'syncing';
    if (epoch === this.epochs.acceptedEpoch) {
      // Already promised (we are reconnecting): answer without counting towards its quorum again.
      this.send({ type: Pkt.ACKEPOCH, lastLogged: this.lastLogged, currentEpoch: -1 });
      return;
    }
    this.epochs = { ...this.epochs, acceptedEpoch: epoch };
    // The promise must be durable before the leader hears it.
    this.out.push({ kind: 'persistEpochs', token: this.token('accepted'), epochs: { ...this.epochs } });
  }

  private onTrunc(zxid: Zxid): void {
    if (this.phase !== 'syncing') throw new ProtocolError('TRUNC outside sync');
    if (zxid < this.lastApplied) {
      // Applied txns are committed; a leader asking to cut them is a protocol violation.
      throw new ProtocolError(`TRUNC to ${hex(zxid)} below our applied ${hex(this.lastApplied)}`);
    }
    this.out.push({ kind: 'truncate', token: this.token('truncate'), zxid });
    this.logEnd = zxid;
    this.lastLogged = zxid;
    this.ownLogEnd = zxid;
  }

  private onSnapEnd(zxid: Zxid): void {
    if (!this.snapChunks) throw new ProtocolError('SNAP_END without SNAP');
    this.out.push({ kind: 'replaceState', token: this.token('state'), lastApplied: zxid, chunks: this.snapChunks });
    this.snapChunks = null;
    this.logEnd = zxid;
    this.lastApplied = zxid;
    this.lastLogged = zxid;
    this.ownLogEnd = zxid;
    this.unapplied.shift();
    while (this.unapplied.length) this.unapplied.shift();
  }

  private onProposal(txn: Txn): void {
    if (txn.zxid <= this.lastLogged) return; // already have it (e.g. an INFORM after a DIFF)
    if (!isNextZxid(this.lastLogged, txn.zxid)) {
      // Logging it would leave a hole that nothing fills: later txns applied onto a state that
      // lacks some, a silent divergence. Leave, loudly; the next sync starts from what we have.
      this.out.push({ kind: 'log', level: 'error', message: `gap in the leader's stream: txn ${hex(txn.zxid)} does not follow our last logged ${hex(this.lastLogged)}; leaving leader ${this.params.leader}` });
      return this.lose(`gap in the proposal stream (${hex(txn.zxid)} after ${hex(this.lastLogged)})`);
    }
    this.lastLogged = txn.zxid;
    this.unapplied.push(txn);
    if (this.phase === 'syncing') this.syncedTxns.push(txn);
    else this.unsent.push(txn);
  }

  private onNewLeader(m: NewLeaderMessage): void {
    if (this.phase !== 'syncing' || m.epoch !== this.newEpoch) throw new ProtocolError('NEWLEADER out of order');
    this.committedThrough = m.committedThrough;
    this.phase = 'acking-newleader';
    // Safe order: the synced txns durable, then currentEpoch, then the ACK.
    if (this.syncedTxns.length > 0) {
      this.handToLog(this.token('synced'), this.syncedTxns);
    } else {
      this.persistCurrentEpoch();
    }
  }

  private persistCurrentEpoch(): void {
    this.epochs = { acceptedEpoch: Math.max(this.epochs.acceptedEpoch, this.newEpoch), currentEpoch: this.newEpoch };
    this.out.push({ kind: 'persistEpochs', token: this.token('current'), epochs: { ...this.epochs } });
  }

  private onUpToDate(): void {
    if (this.phase !== 'newleader-acked') throw new ProtocolError('UPTODATE before our NEWLEADER ACK');
    this.phase = 'broadcast';
    this.applyThrough(this.committedThrough);
    this.out.push({ kind: 'uptodate', epoch: this.newEpoch });
  }

  // ---------------------------------------------------------------- broadcast

  /** A COMMIT is cumulative: the leader commits in zxid order, so everything up to zxid is committed. */
  private onCommit(zxid: Zxid): void {
    if (zxid > this.committedThrough) this.committedThrough = zxid;
    if (this.phase === 'broadcast') this.applyThrough(zxid);
  }

  /** Applies everything up to `zxid`: our own log tail first, then what the leader sent. */
  private applyThrough(zxid: Zxid): void {
    const txns: Txn[] = [];
    if (this.lastApplied < this.ownLogEnd && this.lastApplied < zxid) {
      const to = zxid < this.ownLogEnd ? zxid : this.ownLogEnd;
      for (const e of this.log.readLog(this.lastApplied, to)) txns.push(decodeTxn(e.bytes));
      this.lastApplied = to;
    }
    while (this.unapplied.length > 0 && this.unapplied.peek()!.zxid <= zxid) {
      const t = this.unapplied.shift()!;
      if (t.zxid <= this.lastApplied) continue;
      txns.push(t);
      this.lastApplied = t.zxid;
    }
    if (this.lastApplied < zxid && zxid <= this.lastLogged) {
      return this.lose(`cannot apply through ${hex(zxid)}: missing txns after ${hex(this.lastApplied)}`);
    }
    if (txns.length > 0) {
      // Only when it commits a txn not yet handed to the log (usually the commit is for txns
      // logged in an earlier turn, and the appends of this turn stay one call).
      if (this.unsent.length > 0 && this.unsent[0]!.zxid <= txns[txns.length - 1]!.zxid) this.persistUnsent();
      this.out.push({ kind: 'commit', txns });
    }
  }

  private persisted(token: number): void {
    const what = this.tokens.get(token);
    this.tokens.delete(token);
    if (what === undefined || this.phase === 'stopped') return;
    switch (what) {
      case 'accepted':
        this.send({ type: Pkt.ACKEPOCH, lastLogged: this.lastLogged, currentEpoch: this.epochs.currentEpoch });
        return;
      case 'synced':
        // Proposals the leader has not committed yet count our copy towards their quorum, but
        // only once currentEpoch is durable too (heldAcks).
        if (!this.params.observer) {
          const last = this.syncedTxns[this.syncedTxns.length - 1]!.zxid; // NEWLEADER hands them over only when there are some
          if (last > this.committedThrough && (this.heldAck === null || last > this.heldAck)) this.heldAck = last;
        }
        this.syncedTxns = [];
        return this.persistCurrentEpoch();
      case 'current': {
        this.phase = 'newleader-acked';
        // One ACK for everything logged since the sync point that the leader may still need (the
        // synced txns it has not committed, and the proposals logged while currentEpoch was being
        // made durable), then NEWLEADER's: the leader counts a proposal's ACK whether it comes
        // before or after the NEWLEADER one (test/sim/zab-scenarios.test.ts, ZOOKEEPER-4685).
        if (this.heldAck !== null) this.send({ type: Pkt.ACK, zxid: this.heldAck });
        this.heldAck = null;
        this.send({ type: Pkt.ACK, zxid: makeZxid(this.newEpoch, 0) });
        return;
      }
      case 'state':
      case 'truncate':
        return;
      default: {
        if (this.params.observer) return;
        const last = what[what.length - 1]!.zxid;
        // Logged while NEWLEADER's currentEpoch is not yet durable: hold the ACK until it is.
        if (this.phase === 'acking-newleader') this.heldAck = this.heldAck === null || last > this.heldAck ? last : this.heldAck;
        else this.ackThrough(last);
      }
    }
  }

  /** Our log is durable through `zxid`: acknowledge it at the end of the turn (with any later one). */
  private ackThrough(zxid: Zxid | null): void {
    if (zxid !== null && (this.dueAck === null || zxid > this.dueAck)) this.dueAck = zxid;
  }

  /**
   * The leader hands leadership over: everything through t.zxid is committed (its COMMITs came
   * before this on the same stream) and the successor holds it. We leave and vote for the
   * successor. Only a learner in broadcast takes the hint; one still syncing just leaves.
   */
  private onTakeover(t: TakeoverMessage): void {
    if (this.phase !== 'broadcast') return this.lose(`leader ${this.params.leader} stepped down while we were syncing`);
    this.lose(`leader ${this.params.leader} handed leadership to server ${t.successor}`, { leader: t.successor, zxid: t.zxid, peerEpoch: t.epoch });
  }

  // ---------------------------------------------------------------- requests to the leader

  /** Asks the leader to hand leadership over to us (the `rqld` word). Followers only. */
  private requestLeadership(): boolean {
    if (this.phase !== 'broadcast' || this.params.observer) return false;
    this.send({ type: Pkt.LEADERSHIP_REQUEST });
    return true;
  }

  private forward(request: ForwardedRequest, authinfo: Id[]): void {
    this.send({ type: Pkt.REQUEST, request, authinfo });
  }

  private revalidate(sessionId: bigint, timeout: number): void {
    this.send({ type: Pkt.REVALIDATE, sessionId, timeout });
  }

  private sync(id: bigint): void {
    this.send({ type: Pkt.SYNC, id });
  }

  get appliedZxid(): Zxid {
    return this.lastApplied;
  }

  // ---------------------------------------------------------------- time

  private tick(): void {
    if (this.phase === 'stopped') return;
    const { tickTime, initLimit, syncLimit } = this.params.timing;
    const now = this.now;
    if (this.phase === 'connecting' && this.reconnectAtMs !== null && now >= this.reconnectAtMs) {
      this.reconnectAtMs = null;
      if (now - this.startedMs >= initLimit * tickTime) return this.lose(`leader ${this.params.leader} did not accept us within initLimit`);
      this.out.push({ kind: 'connect', leader: this.params.leader });
      return;
    }
    const limit = (this.phase === 'broadcast' ? syncLimit : initLimit) * tickTime;
    const silent = now - this.lastHeardMs;
    if (silent > limit) this.lose(`leader ${this.params.leader} silent for ${silent} ms`);
  }
}
