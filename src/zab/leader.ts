/**
 * The Zab leader as a pure core (docs/replication.md): discovery (a new epoch agreed with a
 * quorum), synchronization (DIFF / TRUNC / SNAP per learner, then everything after the sync
 * point forwarded on the same link, NEWLEADER, UPTODATE), broadcast (PROPOSAL, ACK after the
 * follower's flush, COMMIT in zxid order at a quorum) and liveness (PING every tickTime/2;
 * silent learners, and learners not synced within initLimit, are dropped; without a live quorum
 * the leader steps down). The peer prepares txns and applies commits; this core only orders and
 * replicates them.
 */
import { NO_SID } from '../base/ids.js';
import { Fifo } from '../base/queue.js';
import { counterOf, epochOf, hex, makeZxid, nextZxid, prevZxid, ZERO_ZXID, ZXID_COUNTER_LIMIT, type Zxid } from '../base/zxid.js';
import type { Epochs } from '../storage/api.js';
import { AckEpochMessage, LeaderMessage, LearnerInfoMessage, LearnerMessage, Pkt, ZAB_PROTOCOL_VERSION } from '../wire/quorum.js';
import type { Txn } from '../wire/txn.js';
import { LeaderEffect, LinkId, LogReader, Sid, Successor, ZabTiming } from './types.js';
import type { LeaderInput } from './inputs.js';
import { MajorityQuorum } from '../base/quorum.js';
import { assertNever, invariant } from '../base/invariant.js';

export interface LeaderParams {
  myid: Sid;
  voters: readonly Sid[];
  observers: readonly Sid[];
  epochs: Epochs;
  /** Highest zxid in our log: all of it becomes committed in the new epoch. */
  lastLogged: Zxid;
  /** What the peer's replica has applied; it stays there until the epoch is established. */
  lastApplied: Zxid;
  timing: ZabTiming;
}

type LearnerPhase = 'connected' | 'info' | 'epoch-sent' | 'epoch-acked' | 'newleader-sent' | 'synced';

interface LearnerHandler {
  link: LinkId;
  sid: Sid;
  observer: boolean;
  phase: LearnerPhase;
  lastHeardMs: number;
  /** When the link came up: a learner must be synced within initLimit of it. */
  connectedMs: number;
  acceptedEpoch: number;
  currentEpoch: number;
  lastLogged: Zxid;
  /** Highest ping round this learner answered (for quorum-confirmed sync). */
  pingRound: number;
  /** Receives PROPOSAL/COMMIT (followers) or INFORM (observers) as they happen. */
  forwarding: boolean;
  /** While syncing: the point its stream starts after. Our log must keep every entry above it. */
  syncFrom: Zxid | null;
  /** Live proposals sent to this follower and not yet acknowledged, oldest first (syncLimitCheck). */
  unacked: Fifo<{ zxid: Zxid; sentMs: number }>;
}

interface Proposal {
  zxid: Zxid;
  txn: Txn;
  committed: boolean;
  /** In our own log: our flush counts as our acknowledgement. */
  persisted: boolean;
}

type Phase = 'discovery' | 'sync' | 'broadcast' | 'stopped';

/** A leadership transfer in progress (docs/operations.md, "Leadership transfer"). */
interface Transfer {
  successor: Sid;
  startedMs: number;
  deadlineMs: number;
}

/** What startTransfer answers: the successor chosen, or why there is none. */
export type TransferStart = { ok: true; successor: Sid } | { ok: false; error: string };

export class LeaderCore {
  private phase: Phase = 'discovery';
  private out: LeaderEffect[] = [];
  private readonly quorum: MajorityQuorum;
  private readonly learners = new Map<LinkId, LearnerHandler>();
  private epochs: Epochs;
  private newEpoch = -1;
  private epochDecided = false;
  private epochPersisted = false;
  private currentEpochPersisted = false;
  private readonly infos = new Set<Sid>();
  private readonly ackedEpoch = new Set<Sid>();
  private readonly ackedNewLeader = new Set<Sid>();
  private lastLogged: Zxid;
  /** Proposals not yet both committed and in our own log, in zxid order (consecutive zxids). */
  private readonly inflight = new Fifo<Proposal>();
  /**
   * The highest zxid each voting follower acknowledged in this epoch. An ACK is cumulative: a
   * follower logs proposals in zxid order and acknowledges only what is durable in its log, so
   * an ACK for Z holds every proposal up to Z (docs/architecture.md, "Acknowledged"). Kept by
   * server, not by link: a follower that reconnects still holds what it acknowledged.
   */
  private readonly ackedBy = new Map<Sid, Zxid>();
  /** 1 if we are a voter (our own flush counts towards a quorum), else 0. */
  private readonly selfVote: number;
  /**
   * The learner that forwarded the latest client write. A commit step sends it its COMMIT
   * first: its client waits for that COMMIT (it holds the reply), while the other followers'
   * only advance their replicas. Each send can wake that follower onto a core of a loaded
   * machine, so the one the reply waits for goes first (docs/performance.md, section 15).
   * Only the order of the sends in one step changes: every follower gets the same COMMIT.
   */
  private lastForwarder: LearnerHandler | null = null;
  private lastProposed: Zxid;
  private lastCommitted: Zxid;
  private lastPersisted: Zxid;
  private unsent: Proposal[] = [];
  private nextToken = 1;
  private readonly persistTokens = new Map<number, 'acceptedEpoch' | 'currentEpoch' | Proposal[]>();
  private readonly phaseStartMs: number;
  private lastPingMs = 0;
  private pingRound = 0;
  private readonly pendingSyncs: { id: bigint; zxid: Zxid; round: number; link: LinkId | null }[] = [];
  private transfer: Transfer | null = null;
  /** The time of the input being handled (`step` sets it from the input, nothing else does). */
  private now: number;

  constructor(
    private readonly params: LeaderParams,
    /** When the core starts: its first input's time. */
    nowMs: number,
    private readonly log: LogReader,
  ) {
    this.quorum = MajorityQuorum.of(params.voters, params.observers);
    this.selfVote = this.quorum.isVoter(params.myid) ? 1 : 0;
    this.epochs = { ...params.epochs };
    this.lastLogged = params.lastLogged;
    this.lastProposed = params.lastLogged;
    this.lastCommitted = params.lastLogged;
    this.lastPersisted = params.lastLogged;
    this.now = nowMs;
    this.phaseStartMs = nowMs;
    this.infos.add(params.myid);
    this.info(`leading: gathering a quorum for a new epoch (accepted ${this.epochs.acceptedEpoch}, current ${this.epochs.currentEpoch}, last zxid ${hex(this.lastLogged)})`);
    this.maybeDecideEpoch();
  }

  get established(): boolean {
    return this.phase === 'broadcast';
  }

  get epoch(): number {
    return this.newEpoch;
  }

  get committedZxid(): Zxid {
    return this.lastCommitted;
  }

  /** The successor of the leadership transfer in progress (no proposals meanwhile), or null. */
  get transferringTo(): Sid | null {
    return this.transfer?.successor ?? null;
  }

  /** Followers (not observers) in sync with us, for mntr's zk_synced_followers. */
  syncedFollowers(): Sid[] {
    return [...this.learners.values()].filter((h) => h.phase === 'synced' && !h.observer).map((h) => h.sid);
  }

  /** The server behind a learner link, once it introduced itself. */
  sidOf(link: LinkId): Sid | undefined {
    const h = this.learners.get(link);
    return h && h.sid >= 0 ? h.sid : undefined;
  }

  /** Each learner; `unacked`: proposals sent to it and not yet acknowledged (its lag in zxids). */
  learnerSids(): { sid: Sid; observer: boolean; phase: string; unacked: number }[] {
    return [...this.learners.values()].map((h) => ({ sid: h.sid, observer: h.observer, phase: h.phase, unacked: h.unacked.length }));
  }

  /**
   * Handles one input, at the time it carries; its effects are read out with `drain`. Only an
   * operator's leadership transfer is answered at once, with a `TransferStart`: the peer must
   * tell the operator whether it started, and no query afterwards could say so (a successor
   * already caught up takes over within this very step, leaving no transfer to look at).
   */
  step(input: Extract<LeaderInput, { kind: 'startTransfer' }>): TransferStart;
  step(input: LeaderInput): TransferStart | undefined;
  step(input: LeaderInput): TransferStart | undefined {
    this.now = input.nowMs;
    switch (input.kind) {
      case 'linkUp':
        return void this.linkUp(input.link);
      case 'linkDown':
        return void this.linkDown(input.link);
      case 'fromLearner':
        return void this.receive(input.link, input.packet);
      case 'propose':
        return void this.propose(input.txn);
      case 'persisted':
        return void this.persisted(input.token);
      case 'flush':
        return void this.flush();
      case 'sync':
        return void this.requestSync(input.id);
      case 'revalidateAnswer':
        return void this.revalidateAnswer(input.link, input.sessionId, input.valid);
      case 'startTransfer':
        return this.startTransfer(input.successor);
      case 'tick':
        return void this.tick();
      case 'stop':
        return void this.stop(input.reason);
      default:
        return assertNever(input, 'leader input');
    }
  }

  /** The proposals of the turn become one persist effect: one flush of our log for all of them. */
  private flush(): void {
    if (this.unsent.length > 0) {
      const token = this.nextToken++;
      this.persistTokens.set(token, this.unsent);
      this.out.push({ kind: 'persist', token, txns: this.unsent.map((p) => p.txn) });
      this.unsent = [];
    }
  }

  /** The effects produced since the last call; reading them out changes nothing. */
  drain(): LeaderEffect[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private info(message: string): void {
    this.out.push({ kind: 'log', level: 'info', message });
  }

  private send(h: LearnerHandler, p: LeaderMessage): void {
    this.out.push({ kind: 'send', link: h.link, packet: p });
  }

  private stepDown(reason: string, successor?: Successor): void {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.transfer = null;
    for (const h of this.learners.values()) this.out.push({ kind: 'close', link: h.link, reason: 'leader stepping down' });
    this.learners.clear();
    this.out.push({ kind: 'stepDown', reason, ...(successor ? { successor } : {}) });
  }

  // ---------------------------------------------------------------- links

  private linkUp(link: LinkId): void {
    if (this.phase === 'stopped') return this.out.push({ kind: 'close', link, reason: 'not leading' }) as unknown as void;
    this.learners.set(link, {
      link,
      sid: NO_SID,
      observer: false,
      phase: 'connected',
      lastHeardMs: this.now,
      connectedMs: this.now,
      acceptedEpoch: 0,
      currentEpoch: 0,
      lastLogged: ZERO_ZXID,
      pingRound: 0,
      forwarding: false,
      syncFrom: null,
      unacked: new Fifo(), // not an array: Array#shift of hundreds of entries copies them (docs/performance.md, section 8)
    });
  }

  private linkDown(link: LinkId): void {
    const h = this.learners.get(link);
    if (!h) return;
    this.learners.delete(link);
    if (this.lastForwarder === h) this.lastForwarder = null;
    if (h.sid >= 0) this.info(`learner ${h.sid} disconnected (${h.phase})`);
    if (this.transfer?.successor === h.sid) this.abortTransfer(`server ${h.sid} disconnected`);
  }

  private drop(h: LearnerHandler, reason: string): void {
    this.learners.delete(h.link);
    if (this.lastForwarder === h) this.lastForwarder = null;
    this.info(`dropping learner ${h.sid}: ${reason}`);
    this.out.push({ kind: 'close', link: h.link, reason });
    if (this.transfer?.successor === h.sid) this.abortTransfer(`server ${h.sid} was dropped (${reason})`);
  }

  /**
   * A message from a learner, decoded where it came off the link (a frame that does not decode
   * drops the link there and never reaches us). A message out of order drops the learner
   * (`drop`); nothing is caught here, so an error escaping a handler is a bug and stops the
   * server (docs/architecture.md, "Invariants").
   */
  private receive(link: LinkId, m: LearnerMessage): void {
    const h = this.learners.get(link);
    if (!h || this.phase === 'stopped') return;
    h.lastHeardMs = this.now;
    this.handle(h, m);
  }

  private handle(h: LearnerHandler, m: LearnerMessage): void {
    switch (m.type) {
      case Pkt.FOLLOWERINFO:
      case Pkt.OBSERVERINFO:
        return this.onLearnerInfo(h, m);
      case Pkt.ACKEPOCH:
        return this.onAckEpoch(h, m);
      case Pkt.ACK:
        return this.onAck(h, m.zxid);
      case Pkt.PING:
        h.pingRound = Math.max(h.pingRound, m.round);
        if (m.touches.length > 0) this.out.push({ kind: 'touches', touches: m.touches });
        this.checkSyncs();
        return;
      case Pkt.REQUEST:
        if (this.phase !== 'broadcast' || h.phase !== 'synced') return;
        this.lastForwarder = h;
        this.out.push({ kind: 'forwarded', link: h.link, request: m.request, authinfo: m.authinfo });
        return;
      case Pkt.REVALIDATE:
        this.out.push({ kind: 'revalidate', link: h.link, sessionId: m.sessionId, timeout: m.timeout });
        return;
      case Pkt.SYNC:
        this.requestSync(m.id, h.link);
        return;
      case Pkt.LEADERSHIP_REQUEST: {
        const started = this.startTransfer(h.sid);
        if (!started.ok) this.out.push({ kind: 'log', level: 'warn', message: `server ${h.sid} asked for leadership: refused: ${started.error}` });
        return;
      }
      default:
        assertNever(m, 'learner message');
    }
  }

  // ---------------------------------------------------------------- discovery

  private onLearnerInfo(h: LearnerHandler, li: LearnerInfoMessage): void {
    if (h.phase !== 'connected') return this.drop(h, 'second LEARNERINFO');
    const observer = li.type === Pkt.OBSERVERINFO;
    if (observer === this.quorum.isVoter(li.sid) || li.sid === this.params.myid) {
      return this.drop(h, `server ${li.sid} is not a known ${observer ? 'observer' : 'participant'}`);
    }
    // A server reconnecting replaces its old link.
    for (const other of [...this.learners.values()]) if (other !== h && other.sid === li.sid) this.drop(other, 'reconnected');
    Object.assign(h, { sid: li.sid, observer, phase: 'info', acceptedEpoch: li.acceptedEpoch, currentEpoch: li.currentEpoch, lastLogged: li.lastLogged });
    if (this.epochDecided && h.acceptedEpoch > this.newEpoch) {
      // It promised a higher epoch (to a leader that died before establishing it) and can never
      // follow ours. Without us a new election picks an epoch at or above that promise; staying
      // would leave it LOOKING for as long as we lead.
      return this.stepDown(`server ${li.sid} promised epoch ${h.acceptedEpoch}, above ours (${this.newEpoch}): re-electing so that it can join`);
    }
    if (!this.epochDecided) {
      if (!observer) this.infos.add(li.sid);
      this.epochs.acceptedEpoch = Math.max(this.epochs.acceptedEpoch, h.acceptedEpoch);
      this.maybeDecideEpoch();
    } else if (this.epochPersisted) {
      this.sendLeaderInfo(h);
    }
  }

  private maybeDecideEpoch(): void {
    if (this.epochDecided || !this.quorum.containsQuorum(this.infos)) return;
    this.epochDecided = true;
    const highest = Math.max(this.params.epochs.acceptedEpoch, this.epochs.acceptedEpoch, epochOf(this.lastLogged));
    this.newEpoch = highest + 1;
    this.epochs = { acceptedEpoch: this.newEpoch, currentEpoch: this.params.epochs.currentEpoch };
    // Promise the epoch durably before telling anyone about it.
    this.persistEpochs('acceptedEpoch');
  }

  private persistEpochs(which: 'acceptedEpoch' | 'currentEpoch'): void {
    const token = this.nextToken++;
    this.persistTokens.set(token, which);
    this.out.push({ kind: 'persistEpochs', token, epochs: { ...this.epochs } });
  }

  private sendLeaderInfo(h: LearnerHandler): void {
    h.phase = 'epoch-sent';
    this.send(h, { type: Pkt.LEADERINFO, epoch: this.newEpoch, protocolVersion: ZAB_PROTOCOL_VERSION });
  }

  private onAckEpoch(h: LearnerHandler, m: AckEpochMessage): void {
    if (h.phase !== 'epoch-sent') return this.drop(h, 'unexpected ACKEPOCH');
    const theirEpoch = m.currentEpoch;
    h.currentEpoch = theirEpoch;
    h.lastLogged = m.lastLogged;
    h.phase = 'epoch-acked';
    const mine = this.params.epochs.currentEpoch;
    const ahead = theirEpoch > mine || (theirEpoch === mine && m.lastLogged > this.params.lastLogged);
    // A voter ahead of our pre-election state (currentEpoch, then last zxid), docs/replication.md
    // "Ahead of the leader". While the epoch is being agreed, such a voter in our discovery quorum
    // means the election picked the wrong server: the quorum we establish with must not hold
    // history we lack, since a txn committed earlier is on some member of every quorum. So we
    // step down and let a new election decide (ZooKeeper's waitForEpochAck does the same).
    // Once a quorum agreed the epoch, every committed txn is in our history (it sits on a member
    // of that quorum, and none of them was ahead of us): whatever a late learner holds beyond it
    // was never committed, so it is synced (TRUNC to what we share, or SNAP), not obeyed. Stepping
    // down there would re-elect every time an old leader heals from a partition with an
    // uncommitted proposal, dropping every client.
    if (!h.observer && theirEpoch !== -1 && ahead && this.phase === 'discovery') {
      return this.stepDown(`follower ${h.sid} is ahead of us (epoch ${theirEpoch}, zxid ${hex(m.lastLogged)})`);
    }
    if (!h.observer && theirEpoch !== -1 && ahead) {
      this.info(`learner ${h.sid} holds history beyond ours (epoch ${theirEpoch}, zxid ${hex(m.lastLogged)}); the epoch is agreed, so it was never committed: syncing it`);
    }
    if (this.phase === 'discovery') {
      // -1: it had already accepted this epoch (a reconnect); it syncs but does not count again.
      if (!h.observer && theirEpoch !== -1) this.ackedEpoch.add(h.sid);
      if (this.quorum.containsQuorum([...this.ackedEpoch, this.params.myid])) {
        this.phase = 'sync';
        this.info(`epoch ${this.newEpoch} agreed by ${[...new Set([...this.ackedEpoch, this.params.myid])].sort().join(',')}; synchronizing`);
        this.epochs.currentEpoch = this.newEpoch;
        this.persistEpochs('currentEpoch');
        for (const other of this.learners.values()) if (other.phase === 'epoch-acked') this.syncLearner(other);
      }
    } else {
      this.syncLearner(h);
    }
  }

  // ---------------------------------------------------------------- synchronization

  private hasInHistory(zxid: Zxid): boolean {
    if (zxid === this.lastProposed) return true;
    // The proposals not yet out of memory: consecutive zxids up to lastProposed.
    const oldest = this.inflight.peek();
    if (oldest !== undefined && oldest.zxid <= zxid && zxid <= this.lastProposed) return true;
    return this.log.readLog(prevZxid(zxid), zxid).length === 1;
  }

  /**
   * The zxid the peer's replica holds at this point of our effects: its loaded state until the
   * epoch is established, then exactly what we have committed (it applies commits in order).
   */
  private appliedZxid(): Zxid {
    return this.phase === 'broadcast' ? this.lastCommitted : this.params.lastApplied;
  }

  private syncLearner(h: LearnerHandler): void {
    const L = h.lastLogged;
    const first = this.log.firstLogged();
    if (L >= 0n && this.hasInHistory(L)) {
      this.send(h, { type: Pkt.DIFF, zxid: this.lastProposed });
      return this.startForwarding(h, L);
    }
    // The learner holds txns we never committed (an old leader's tail): cut it back to the last
    // zxid we share, if our log still reaches that far; otherwise ship the whole state.
    if (L > 0n && first !== null) {
      const candidates = this.log.readLog(prevZxid(first), L);
      const common = candidates.length > 0 ? candidates[candidates.length - 1]!.zxid : null;
      if (common !== null) {
        this.info(`learner ${h.sid}: TRUNC to ${hex(common)} (it has ${hex(L)})`);
        this.send(h, { type: Pkt.TRUNC, zxid: common });
        return this.startForwarding(h, common);
      }
    }
    const at = this.appliedZxid();
    this.info(`learner ${h.sid}: SNAP (it has ${hex(L)}, our log starts at ${first === null ? 'nothing' : hex(first)}); snapshot at ${hex(at)}`);
    this.out.push({ kind: 'snapshot', link: h.link, zxid: at });
    this.startForwarding(h, at);
  }

  /**
   * From here on the learner gets everything after `from`, in order, on its link: our log
   * entries (from, lastPersisted] (streamed a piece at a time, and kept from purging until it is
   * synced), the proposals not yet in our log, NEWLEADER, then the live PROPOSALs and COMMITs.
   * With a SNAP, `from` is the snapshot's own zxid, so nothing committed between the snapshot
   * and the live stream is missed (ZooKeeper's startForwarding; docs/replication.md).
   */
  private startForwarding(h: LearnerHandler, from: Zxid): void {
    h.syncFrom = from;
    if (this.lastPersisted > from) this.out.push({ kind: 'streamLog', link: h.link, from, to: this.lastPersisted });
    for (const p of this.inflight) if (p.zxid > from && p.zxid > this.lastPersisted) this.send(h, { type: Pkt.PROPOSAL, txn: p.txn });
    // In the sync phase our whole log becomes committed; later, what we have committed so far.
    const committedThrough = this.phase === 'sync' ? this.lastLogged : this.lastCommitted;
    this.send(h, { type: Pkt.NEWLEADER, epoch: this.newEpoch, committedThrough });
    h.phase = 'newleader-sent';
    h.forwarding = true;
  }

  /**
   * Log entries above this zxid must stay: a learner's sync stream still needs them. Null when
   * no learner is syncing. The runtime's log purge never goes past it.
   */
  purgeFloor(): Zxid | null {
    let floor: Zxid | null = null;
    for (const h of this.learners.values()) if (h.syncFrom !== null && (floor === null || h.syncFrom < floor)) floor = h.syncFrom;
    return floor;
  }

  private onAck(h: LearnerHandler, zxid: Zxid): void {
    if (h.phase === 'newleader-sent' && zxid === makeZxid(this.newEpoch, 0)) {
      h.phase = 'synced';
      h.syncFrom = null; // NEWLEADER came after the whole stream: it has everything
      // Sync may take up to initLimit; the ack-latency check counts from here.
      const now = this.now;
      for (const u of h.unacked) u.sentMs = now;
      this.info(`learner ${h.sid} is synced`);
      if (this.phase === 'broadcast') {
        this.send(h, { type: Pkt.UPTODATE, zxid: this.lastCommitted });
      } else if (!h.observer) {
        this.ackedNewLeader.add(h.sid);
        this.maybeEstablish();
      }
      return;
    }
    if (h.observer || h.phase !== 'synced' && h.phase !== 'newleader-sent') return;
    // Cumulative: the follower holds every proposal up to zxid (it logs in zxid order, and
    // acknowledges once per flush of its log). A zxid we never proposed cannot be in its log.
    if (zxid > this.lastProposed) return this.drop(h, `ACK for ${hex(zxid)}, beyond our last proposal ${hex(this.lastProposed)}`);
    for (let u = h.unacked.peek(); u !== undefined && u.zxid <= zxid; u = h.unacked.peek()) h.unacked.shift();
    const before = this.ackedBy.get(h.sid);
    if (this.quorum.isVoter(h.sid) && (before === undefined || zxid > before)) {
      this.ackedBy.set(h.sid, zxid);
      this.tryCommit();
    }
    this.checkTransfer();
  }

  /**
   * A quorum of voters holds p: our own flushed copy, and every follower whose cumulative ACK
   * reaches p's zxid (only proposals of this epoch are in flight, above any ACK of an earlier
   * epoch's txn).
   */
  private heldByQuorum(p: Proposal): boolean {
    let votes = p.persisted ? this.selfVote : 0;
    for (const acked of this.ackedBy.values()) if (acked >= p.zxid) votes++;
    return votes >= this.quorum.quorumSize;
  }

  private maybeEstablish(): void {
    if (this.phase !== 'sync' || !this.currentEpochPersisted) return;
    if (!this.quorum.containsQuorum([...this.ackedNewLeader, this.params.myid])) return;
    this.phase = 'broadcast';
    this.lastCommitted = this.lastLogged;
    this.info(`epoch ${this.newEpoch} established with ${[...this.ackedNewLeader, this.params.myid].sort().join(',')}`);
    this.out.push({ kind: 'established', epoch: this.newEpoch });
    for (const h of this.learners.values()) if (h.phase === 'synced') this.send(h, { type: Pkt.UPTODATE, zxid: this.lastCommitted });
  }

  // ---------------------------------------------------------------- broadcast

  /**
   * The zxid the next proposal gets, or null when this epoch's counter is exhausted (then the
   * peer steps down: ZooKeeper's rollover rule, a fresh epoch through a new election).
   */
  nextZxid(): Zxid | null {
    const next = this.lastProposed < makeZxid(this.newEpoch, 0) ? makeZxid(this.newEpoch, 1) : nextZxid(this.lastProposed);
    if (counterOf(next) >= ZXID_COUNTER_LIMIT) return null;
    return next;
  }

  /** Replicates a prepared txn (its zxid from nextZxid()). */
  private propose(txn: Txn): void {
    invariant(this.phase === 'broadcast', 'propose-in-broadcast', () => `propose in phase ${this.phase}`);
    // Writes are held while leadership is handed over (docs/operations.md, "Leadership transfer").
    invariant(!this.transfer, 'no-propose-during-transfer', () => `propose during a leadership transfer to ${this.transfer?.successor}`);
    // One zxid after the other, never one reused or skipped: a learner refuses a gap.
    invariant(txn.zxid === this.nextZxid(), 'leader-proposals-contiguous', () => `proposing ${hex(txn.zxid)} after ${hex(this.lastProposed)}`);
    const p: Proposal = { zxid: txn.zxid, txn, committed: false, persisted: false };
    this.lastProposed = txn.zxid;
    this.inflight.push(p);
    this.unsent.push(p);
    const now = this.now;
    const proposal: LeaderMessage = { type: Pkt.PROPOSAL, txn }; // one message to every follower: encoded once
    for (const h of this.learners.values()) {
      if (!h.forwarding || h.observer) continue;
      this.send(h, proposal);
      h.unacked.push({ zxid: p.zxid, sentMs: now });
    }
  }

  /** Storage flushed something we asked for. */
  private persisted(token: number): void {
    const what = this.persistTokens.get(token);
    this.persistTokens.delete(token);
    if (what === undefined || this.phase === 'stopped') return;
    if (what === 'acceptedEpoch') {
      this.epochPersisted = true;
      this.ackedEpoch.add(this.params.myid);
      for (const h of this.learners.values()) if (h.phase === 'info') this.sendLeaderInfo(h);
      return;
    }
    if (what === 'currentEpoch') {
      this.currentEpochPersisted = true;
      return this.maybeEstablish();
    }
    for (const p of what) {
      p.persisted = true;
      if (p.zxid > this.lastPersisted) this.lastPersisted = p.zxid;
    }
    this.tryCommit();
  }

  private tryCommit(): void {
    const committed: Txn[] = [];
    for (const p of this.inflight) {
      if (p.committed) continue;
      if (!this.heldByQuorum(p)) break;
      p.committed = true;
      this.lastCommitted = p.zxid;
      committed.push(p.txn);
      // Observers get each txn (they hold no proposals); followers one COMMIT below.
      for (const h of this.learners.values()) if (h.forwarding && h.observer) this.send(h, { type: Pkt.INFORM, txn: p.txn });
    }
    if (committed.length > 0) {
      // Cumulative, like the ACKs: commits happen in zxid order, and a follower applies
      // everything it holds up to the COMMIT's zxid (docs/architecture.md, "Committed"). One
      // message to every follower, encoded once.
      const commit: LeaderMessage = { type: Pkt.COMMIT, zxid: this.lastCommitted };
      const receives = (h: LearnerHandler): boolean => h.forwarding && !h.observer;
      // linkDown and drop forget a learner that leaves, so lastForwarder is always a current one.
      const first = this.lastForwarder !== null && receives(this.lastForwarder) ? this.lastForwarder : null;
      if (first) this.send(first, commit);
      for (const h of this.learners.values()) if (h !== first && receives(h)) this.send(h, commit);
    }
    // Keep proposals in memory until they are both committed and in our own log (for DIFFs).
    while (this.inflight.peek()?.committed && this.inflight.peek()!.persisted) this.inflight.shift();
    if (committed.length > 0) {
      this.out.push({ kind: 'commit', txns: committed });
      this.checkSyncs();
      this.checkTransfer();
    }
  }

  // ---------------------------------------------------------------- leadership transfer

  /**
   * Starts handing leadership to `successor` (null: the most caught-up synced follower). From
   * here no proposal is made (the peer holds new writes back); once the successor has
   * acknowledged every proposal and all are committed, every synced learner gets TAKEOVER and we
   * step down naming the successor, whose election then starts with everyone's vote. If that
   * does not happen within syncLimit ticks, or the successor leaves, the transfer is aborted and
   * proposals resume. Refused (with the reason) unless we lead an established epoch, no transfer
   * is running, and the successor is a synced follower.
   */
  private startTransfer(successor: Sid | null): TransferStart {
    if (this.phase !== 'broadcast') return { ok: false, error: 'this leader has not established its epoch yet' };
    if (this.transfer) return { ok: false, error: `a transfer to server ${this.transfer.successor} is already in progress` };
    const synced = [...this.learners.values()].filter((h) => h.phase === 'synced' && !h.observer);
    let target: LearnerHandler | undefined;
    if (successor === null) {
      // The most caught up: fewest proposals it has not acknowledged, then the lowest sid.
      target = synced.sort((a, b) => a.unacked.length - b.unacked.length || a.sid - b.sid)[0];
      if (!target) return { ok: false, error: 'no follower is synced with this leader' };
    } else {
      if (successor === this.params.myid) return { ok: false, error: `server ${successor} is the leader already` };
      if (this.params.observers.includes(successor)) return { ok: false, error: `server ${successor} is an observer: observers cannot lead` };
      if (!this.quorum.isVoter(successor)) return { ok: false, error: `server ${successor} is not in the configuration` };
      target = synced.find((h) => h.sid === successor);
      if (!target) return { ok: false, error: `server ${successor} is not a follower synced with this leader` };
    }
    const now = this.now;
    const { tickTime, syncLimit } = this.params.timing;
    this.transfer = { successor: target.sid, startedMs: now, deadlineMs: now + syncLimit * tickTime };
    this.info(`leadership transfer to server ${target.sid}: proposals paused; waiting for it to acknowledge ${hex(this.lastProposed)} (${target.unacked.length} outstanding)`);
    this.checkTransfer();
    return { ok: true, successor: target.sid };
  }

  /** The successor holds every proposal and all are committed: hand over and step down. */
  private checkTransfer(): void {
    const t = this.transfer;
    if (!t || this.phase !== 'broadcast') return;
    const h = [...this.learners.values()].find((x) => x.sid === t.successor && x.phase === 'synced');
    if (!h || h.unacked.length > 0 || this.lastCommitted !== this.lastProposed) return;
    const successor: Successor = { leader: t.successor, zxid: this.lastProposed, peerEpoch: this.newEpoch };
    const takeover = { type: Pkt.TAKEOVER, zxid: this.lastProposed, successor: t.successor, epoch: this.newEpoch } as const;
    // Before the links close (stepDown): the same streams carry it, ahead of the close.
    for (const l of this.learners.values()) if (l.phase === 'synced') this.send(l, takeover);
    this.transfer = null;
    this.info(`leadership transfer: server ${t.successor} holds everything through ${hex(this.lastProposed)} after ${this.now - t.startedMs} ms; handing over`);
    this.stepDown(`handed leadership to server ${t.successor}`, successor);
  }

  private abortTransfer(reason: string): void {
    const t = this.transfer;
    if (!t) return;
    this.transfer = null;
    this.out.push({ kind: 'log', level: 'warn', message: `leadership transfer to server ${t.successor} aborted: ${reason}; proposals resume` });
    this.out.push({ kind: 'transferAborted', successor: t.successor, reason });
  }

  // ---------------------------------------------------------------- sync, sessions

  /**
   * sync confirmed by a quorum: answered once a quorum has answered a ping sent after the sync
   * arrived, so a deposed leader cannot confirm it (stronger than ZooKeeper's sync).
   */
  private requestSync(id: bigint, link: LinkId | null = null): void {
    this.pendingSyncs.push({ id, zxid: this.lastProposed, round: this.pingRound + 1, link });
    this.ping();
  }

  private checkSyncs(): void {
    while (this.pendingSyncs.length > 0) {
      const s = this.pendingSyncs[0]!;
      const answered = [this.params.myid, ...[...this.learners.values()].filter((h) => h.phase === 'synced' && h.pingRound >= s.round).map((h) => h.sid)];
      if (!this.quorum.containsQuorum(answered) || s.zxid > this.lastCommitted) return;
      this.pendingSyncs.shift();
      const h = s.link === null ? null : this.learners.get(s.link);
      if (s.link === null) this.out.push({ kind: 'syncConfirmed', id: s.id, zxid: s.zxid });
      else if (h) this.send(h, { type: Pkt.SYNC, id: s.id, zxid: s.zxid });
    }
  }

  private revalidateAnswer(link: LinkId, sessionId: bigint, valid: boolean): void {
    const h = this.learners.get(link);
    if (h) this.send(h, { type: Pkt.REVALIDATE, sessionId, valid });
  }

  // ---------------------------------------------------------------- time

  private ping(): void {
    this.pingRound++;
    this.lastPingMs = this.now;
    const ping = { type: Pkt.PING, lastCommitted: this.lastCommitted, round: this.pingRound } as const;
    for (const h of this.learners.values()) if (h.phase !== 'connected') this.send(h, ping);
  }

  private tick(): void {
    if (this.phase === 'stopped') return;
    const now = this.now;
    const { tickTime, initLimit, syncLimit } = this.params.timing;
    if (this.transfer && now >= this.transfer.deadlineMs) {
      this.abortTransfer(`server ${this.transfer.successor} did not catch up within syncLimit (${syncLimit * tickTime} ms)`);
    }
    if (now - this.lastPingMs >= tickTime / 2) this.ping();
    for (const h of [...this.learners.values()]) {
      const limit = (h.phase === 'synced' ? syncLimit : initLimit) * tickTime;
      if (now - h.lastHeardMs > limit) {
        this.drop(h, `silent for ${now - h.lastHeardMs} ms`);
        continue;
      }
      // A learner that answers pings but does not finish syncing (a hung disk: no NEWLEADER ACK)
      // would hold its stream, its unacknowledged proposals and our log's purge floor forever.
      if (h.phase !== 'synced' && now - h.connectedMs > initLimit * tickTime) {
        this.drop(h, `not synced within initLimit (${initLimit * tickTime} ms; ${h.phase})`);
        continue;
      }
      // syncLimitCheck (ZooKeeper's name; docs/zookeeper-bugs.md item 23): a follower that answers pings but leaves a proposal unacknowledged
      // for longer than syncLimit (a slow disk) is dropped, so it cannot silently lag behind.
      const oldest = h.unacked.peek();
      if (h.phase === 'synced' && oldest && now - oldest.sentMs > syncLimit * tickTime) {
        this.drop(h, `slow to acknowledge: proposal ${hex(oldest.zxid)} unacknowledged for ${now - oldest.sentMs} ms`);
      }
    }
    if (this.phase !== 'broadcast') {
      if (now - this.phaseStartMs > initLimit * tickTime) this.stepDown(`no quorum synchronized within initLimit (${initLimit * tickTime} ms)`);
      return;
    }
    const live = [this.params.myid, ...[...this.learners.values()].filter((h) => h.phase === 'synced' && now - h.lastHeardMs <= syncLimit * tickTime).map((h) => h.sid)];
    if (!this.quorum.containsQuorum(live)) this.stepDown(`lost the quorum: only ${live.sort().join(',')} are with us`);
  }

  private stop(reason = 'stopped'): void {
    this.stepDown(reason);
  }

}
