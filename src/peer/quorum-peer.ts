/**
 * A quorum member as one pure core: the role machine LOOKING → LEADING / FOLLOWING / OBSERVING
 * → LOOKING (docs/architecture.md, "Roles"), composing the election, the Zab leader or learner, prep and the
 * replica that serves clients. The runtime feeds it datagrams, quorum packets, client requests,
 * durability confirmations and ticks, and carries out its effects.
 */
import type { InputTime, Rng } from '../base/clock.js';
import type { Sid } from '../base/ids.js';
import { hex, isNextZxid, type Zxid } from '../base/zxid.js';
import { assertNever, invariant } from '../base/invariant.js';
import type { ServerSpec } from '../config/types.js';
import { Election } from '../election/election.js';
import type { Decision, ElectionAlgorithm, ElectionDatagram, ElectionEffect } from '../election/types.js';
import type { ElectionTiming } from '../election/types.js';
import { Err, Op } from '../wire/constants.js';
import type { ConnectRequest, Id } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import { ForwardedRequest, LeaderMessage, LearnerMessage, Pkt, SnapChunk } from '../wire/quorum.js';
import type { SessionRecord, ZNodeRecord } from '../wire/persist.js';
import { decodeTxn, Txn, TxnBody, TxnType } from '../wire/txn.js';
import type { Epochs, LoadedState } from '../storage/api.js';
import { LeaderCore } from '../zab/leader.js';
import { LearnerCore } from '../zab/learner.js';
import type { CommonEffect, LinkId, LogReader, Successor, ZabTiming } from '../zab/types.js';
import { isWriteRequest, prepareWrite, WriteRequest } from '../pipeline/prep.js';
import type { ClientConnection, ConnId } from '../pipeline/connections.js';
import { Replica, ReplicaEffect, ReplicaOptions, WritePath } from './replica.js';
import { reapRequests } from './housekeeping.js';
import { PeerInput, Stamped, StepTime } from './inputs.js';
import type { StepObserver } from './recording.js';

export type Role = 'looking' | 'leading' | 'following' | 'observing';

export interface QuorumPeerOptions extends ReplicaOptions {
  servers: readonly ServerSpec[];
  election: ElectionAlgorithm;
  electionTiming?: Partial<ElectionTiming> | undefined;
  initLimit: number;
  syncLimit: number;
  containerCheckIntervalMs: number;
  /** uint32 chosen at process start: tells other servers' elections this is a new process. */
  incarnation: number;
}

export type PeerEffect =
  | ReplicaEffect
  | { kind: 'election'; effect: ElectionEffect }
  | { kind: 'connectLeader'; leader: Sid }
  | { kind: 'disconnectLeader' }
  | { kind: 'toLeader'; packet: LearnerMessage }
  | { kind: 'toLearner'; link: LinkId; packet: LeaderMessage }
  | { kind: 'closeLearner'; link: LinkId; reason: string }
  | { kind: 'persist'; token: number; txns: Txn[] }
  | { kind: 'persistEpochs'; token: number; epochs: Epochs }
  | { kind: 'truncate'; token: number; zxid: Zxid }
  | { kind: 'replaceState'; token: number; lastApplied: Zxid; chunks: SnapChunk[] }
  /** Stream this snapshot (the replica's state at `zxid`, captured in effect order) to a learner. */
  | { kind: 'snapshot'; link: LinkId; zxid: Zxid; nodes: [string, ZNodeRecord][]; sessions: [bigint, SessionRecord][] }
  /** Stream our log entries (from, to] to a learner, behind whatever streams to it already. */
  | { kind: 'streamLog'; link: LinkId; from: Zxid; to: Zxid }
  | { kind: 'role'; role: Role; leader: Sid | null; epoch: number; serving: boolean; decision?: Decision | undefined }
  /**
   * Storage failed: this process must stop now (exit), loudly. A server that cannot make its
   * promises durable must not vote, lead or follow; restarting it with a working disk is the way
   * back (docs/replication.md, "Storage failures").
   */
  | { kind: 'fatal'; reason: string };

/** What a request for a leadership transfer answers at once (the outcome comes later). */
export type TransferAnswer = { ok: true; successor: number; message: string } | { ok: false; message: string };

/** What a durability token stands for, so that the peer tracks what is on disk. */
type TokenOwner = { generation: number; token: number; kind: 'persist' | 'epochs' | 'truncate' | 'state'; zxid?: Zxid | undefined; epochs?: Epochs; records?: number };

/**
 * A silent disk stall (docs/chaos.md, F2; docs/replication.md, "Storage failures"): a member
 * whose storage has had a durability write outstanding, and confirmed nothing, for longer than
 * this counts its storage as failed and exits like any member whose storage failed. Otherwise it
 * keeps voting and following with promises it cannot keep until the storage's own 30 s watchdog
 * gives up.
 *
 * The bound is syncLimit × tickTime, ZooKeeper's budget for a follower to keep up (its leader
 * drops a follower whose ACK is later than that, as ours does), but never below
 * MIN_STORAGE_STALL_MS: what is measured is time without *progress* (storage confirms writes in
 * order, and one fsync confirms every write of its batch), so a working disk makes progress at
 * least once per fsync or two, and an fsync of a loaded disk can take a second; 5 s leaves that
 * a margin of 2.5 or more. With ZooKeeper's defaults (tickTime 2000, syncLimit 5) the bound is 10 s.
 */
export function storageStallBoundMs(tickTime: number, syncLimit: number): number {
  return Math.max(syncLimit * tickTime, MIN_STORAGE_STALL_MS);
}
export const MIN_STORAGE_STALL_MS = 5000;
/**
 * Installing a snapshot (replaceState) writes the whole tree in one transaction: about 35 µs a
 * record on a loaded 2-core machine, all told (encoding, the puts, the commit and its fsync).
 * While one is outstanding, the bound grows by this much per record it holds, so that a large
 * install is not taken for a stall.
 */
export const SNAPSHOT_STALL_ALLOWANCE_US_PER_RECORD = 50;
/**
 * Ticks further apart than this mean the process did not run (paused, or its event loop busy):
 * the storage's answer may be waiting right behind this tick, so the stall measure starts again.
 */
const STALL_RESUME_GAP_MS = 1000;

export class QuorumPeer implements WritePath {
  readonly replica: Replica;
  readonly election: Election;
  role: Role = 'looking';
  leader: LeaderCore | null = null;
  learner: LearnerCore | null = null;
  private out: PeerEffect[] = [];
  /** Durable state, as storage has confirmed it. */
  epochs: Epochs;
  lastLogged: Zxid;
  /**
   * What we have asked storage to write, confirmed or not. Storage carries out writes in order,
   * so a new Zab core starts from this, not from the confirmed state: a write of the previous
   * role may still be on its way to disk, and whatever the new core promises is written (and
   * confirmed) after it. Starting from the confirmed state let a late epochs write be followed
   * by a lower currentEpoch, and gave a learner (or leader) a log end shorter than its log.
   */
  private written: { epochs: Epochs; lastLogged: Zxid };
  private generation = 0;
  private nextToken = 1;
  private readonly tokens = new Map<number, TokenOwner>();
  private serving = false;
  private readonly revalidations = new Map<bigint, ((valid: boolean | null) => void)[]>();
  /**
   * Leading: which server holds each session's client connection (ZooKeeper's session owner).
   * A write for the session from any other server is refused with SESSIONMOVED, so a request
   * left behind on a connection the client abandoned cannot run after the requests it sends
   * from its new server (per-session FIFO, docs/zookeeper-bugs.md item 29).
   */
  private readonly owners = new Map<bigint, Sid>();
  private nextSyncId = 1n;
  private readonly syncWaiters = new Map<bigint, () => void>();
  private readonly readyAt: { zxid: Zxid; done: () => void }[] = [];
  private lastReapMs: number;
  private readonly zabTiming: ZabTiming;
  private readonly observer: boolean;
  private currentLeader: Sid | null = null;
  private establishedEpoch = -1;
  /** Set once storage failed: the peer takes no further part (see the 'fatal' effect). */
  private failure: string | null = null;
  /** The oldest outstanding durability token at the last tick, and since when it is the oldest. */
  private readonly storageWatch: { head: number | null; sinceMs: number; lastTickMs: number } = { head: null, sinceMs: 0, lastTickMs: -Infinity };
  /**
   * Leading, while a leadership transfer pauses proposals: the writes that arrived meanwhile, in
   * order. They are proposed if the transfer aborts; after a handover they go with the
   * connections, as at any leader change (their clients never got an answer).
   */
  private readonly held: (() => void)[] = [];
  /** The time of the input being handled: only `step` moves it. */
  private readonly time: StepTime;
  /** Set while the run is recorded (`--record`): told of every input and drain. */
  recorder: StepObserver | null = null;

  /** `start`: when the peer was built (the session table's id seed, the first reap). */
  constructor(
    private readonly opts: QuorumPeerOptions,
    rng: Rng,
    private readonly log: LogReader,
    loaded: LoadedState,
    start: InputTime,
  ) {
    checkStoredLog(log, loaded.lastApplied);
    this.time = new StepTime(start);
    this.replica = new Replica(opts, this.time, rng, { push: (e) => this.out.push(e) });
    this.replica.writePath = this;
    this.replica.load(loaded);
    this.epochs = { ...loaded.epochs };
    this.lastLogged = loaded.lastLogged;
    this.written = { epochs: { ...loaded.epochs }, lastLogged: loaded.lastLogged };
    this.zabTiming = { tickTime: opts.tickTime, initLimit: opts.initLimit, syncLimit: opts.syncLimit };
    const me = opts.servers.find((s) => s.id === opts.serverId);
    if (!me) throw new Error(`server ${opts.serverId} is not in the configuration`);
    this.observer = me.role === 'observer';
    this.election = new Election({
      algorithm: opts.election,
      mySid: opts.serverId,
      incarnation: opts.incarnation,
      members: opts.servers.map((s) => ({ id: s.id, role: s.role })),
      rng,
      timing: opts.electionTiming,
    });
    this.lastReapMs = start.nowMs;
  }

  get isServing(): boolean {
    return this.serving;
  }

  get currentLeaderId(): number | null {
    return this.currentLeader;
  }

  get epoch(): number {
    return this.establishedEpoch;
  }

  /**
   * Handles one input, at the time it carries; its effects are collected by `drain`. An
   * operator's leadership request is answered at once (the outcome comes later, as effects).
   */
  step(input: Stamped<PeerInput>): TransferAnswer | undefined {
    this.recorder?.input(input);
    this.time.set(input);
    switch (input.kind) {
      case 'start':
        return void this.start();
      case 'tick':
        return void this.tick();
      case 'flush':
        return void this.pumpZab();
      case 'electionDatagram':
        return void this.electionDatagram(input.datagram);
      case 'fromLeader':
        return void this.fromLeader(input.packet);
      case 'fromLearner':
        return void this.fromLearner(input.link, input.packet);
      case 'learnerLinkUp':
        return void this.learnerLinkUp(input.link);
      case 'learnerLinkDown':
        return void this.learnerLinkDown(input.link);
      case 'leaderLinkUp':
        return void this.leaderLinkUp();
      case 'leaderLinkDown':
        return void this.leaderLinkDown(input.reason);
      case 'persisted':
        return void this.persisted(input.token);
      case 'persistFailed':
        return void this.persistFailed(input.token, input.reason);
      case 'connect':
        return void this.connect(input.conn, input.remoteAddress, input.req);
      case 'request':
        return void this.request(input.conn, input.xid, input.req);
      case 'disconnect':
        return void this.replica.disconnect(input.conn);
      case 'addAuth':
        return void this.replica.addAuth(input.conn, input.id);
      case 'transferLeadership':
        return this.transferLeadership(input.successor);
      case 'requestLeadership':
        return this.requestLeadership();
      default:
        return assertNever(input, 'peer input');
    }
  }

  /** Starts the first election. */
  private start(): void {
    if (this.failure) return;
    this.lookForLeader('starting');
  }

  /** Why this server stopped taking part (storage failed), or null. */
  get failed(): string | null {
    return this.failure;
  }

  /** The effects produced since the last call; reading them out changes nothing. */
  drain(): PeerEffect[] {
    const out = this.out;
    this.out = [];
    this.recorder?.drained(out);
    return out;
  }

  private logMsg(level: 'info' | 'warn' | 'error' | 'debug', message: string): void {
    this.out.push({ kind: 'log', level, message });
  }

  private setRole(role: Role, serving: boolean, decision?: Decision): void {
    this.role = role;
    this.serving = serving;
    this.out.push({ kind: 'role', role, leader: this.currentLeader, epoch: this.establishedEpoch, serving, decision });
  }

  // ---------------------------------------------------------------- election

  /** `lostLeader`: the leader whose link just broke (a learner's 'lost'): see the election's 'start' input. */
  private lookForLeader(reason: string, successor?: Successor, lostLeader?: Sid): void {
    this.generation++;
    this.held.length = 0;
    const { leader, learner } = this;
    this.leader = null;
    this.learner = null;
    // Stop the old core and carry out only its goodbyes (closing links); its own 'stepDown' or
    // 'lost' is this very transition.
    if (leader) {
      leader.step({ kind: 'stop', reason, nowMs: this.time.nowMs });
      for (const e of leader.drain()) if (e.kind === 'close') this.out.push({ kind: 'closeLearner', link: e.link, reason: e.reason });
    }
    if (learner) {
      learner.step({ kind: 'stop', reason, nowMs: this.time.nowMs });
      if (learner.drain().some((e) => e.kind === 'disconnect')) this.out.push({ kind: 'disconnectLeader' });
    }
    this.currentLeader = null;
    this.establishedEpoch = -1;
    this.owners.clear();
    // A close proposed by the leadership that just ended is void unless a later leader commits it.
    this.replica.sessions.forgetClosing();
    // Touches are reported only to the leader we learn from; a new one starts afresh.
    this.replica.collectTouches = false;
    this.replica.touched.clear();
    this.replica.dropAllConnections('server is looking for a leader');
    this.replica.pending.clear();
    this.failSyncs();
    this.setRole('looking', false);
    const voting = successor ? `, voting for successor ${successor.leader}` : '';
    this.logMsg('info', `LOOKING (${reason}); ${this.opts.election} election with epoch ${this.epochs.currentEpoch}, last zxid ${hex(this.lastLogged)}${voting}`);
    const credentials = { currentEpoch: this.epochs.currentEpoch, lastLoggedZxid: this.lastLogged };
    this.electionEffects(this.election.step({ kind: 'start', credentials, successor, lostLeader, nowMs: this.time.nowMs }));
  }

  private electionDatagram(d: ElectionDatagram): void {
    if (this.failure) return;
    this.electionEffects(this.election.step({ kind: 'datagram', datagram: d, nowMs: this.time.nowMs }));
  }

  /**
   * The election's `step` returns its effects (it queues nothing for a drain: see
   * `Election.step`), and they are carried out at once, within the input: a decision changes
   * the role now, datagrams join the turn's effects.
   */
  private electionEffects(effects: ElectionEffect[]): void {
    for (const e of effects) {
      if (e.kind === 'decided') this.onDecided(e.decision);
      else this.out.push({ kind: 'election', effect: e });
    }
  }

  private onDecided(d: Decision): void {
    if (this.role !== 'looking') return;
    this.currentLeader = d.leader;
    const summary = `${this.opts.election} election decided in ${d.rounds} round(s), ${Math.round(d.elapsedMs)} ms: leader ${d.leader} ` +
      `(vote epoch ${d.vote.peerEpoch}, zxid ${hex(d.vote.zxid)}, via ${d.via})`;
    this.logMsg('info', summary);
    if (d.leader === this.opts.serverId) {
      const voters = this.opts.servers.filter((s) => s.role === 'participant').map((s) => s.id);
      const observers = this.opts.servers.filter((s) => s.role === 'observer').map((s) => s.id);
      this.leader = new LeaderCore(
        {
          myid: this.opts.serverId,
          voters,
          observers,
          epochs: { ...this.written.epochs },
          lastLogged: this.written.lastLogged,
          lastApplied: this.replica.lastApplied,
          timing: this.zabTiming,
        },
        this.time.nowMs,
        this.log,
      );
      this.setRole('leading', false, d);
    } else {
      this.learner = new LearnerCore(
        {
          myid: this.opts.serverId,
          leader: d.leader,
          observer: this.observer,
          epochs: { ...this.written.epochs },
          lastLogged: this.written.lastLogged,
          lastApplied: this.replica.lastApplied,
          timing: this.zabTiming,
        },
        this.time.nowMs,
        this.log,
      );
      this.replica.collectTouches = true;
      this.setRole(this.observer ? 'observing' : 'following', false, d);
    }
  }

  // ---------------------------------------------------------------- zab effects

  /**
   * At the end of the turn (the `flush` input): steps the active Zab core with `flush` (the
   * turn's proposals, or a learner's logged txns, become one persist) and carries its effects
   * into ours, re-numbering durability tokens, until the cores are quiet. Handling an
   * effect can feed a core again (a forwarded request becomes a proposal, a revalidation an
   * answer), and what it produces must leave with this turn, not with the next input (a tick
   * later: issue 11, every write through a follower waited for it).
   */
  private pumpZab(): void {
    for (;;) {
      const gen = this.generation;
      this.leader?.step({ kind: 'flush', nowMs: this.time.nowMs });
      const leaderEffects = this.leader?.drain() ?? [];
      for (const e of leaderEffects) this.leaderEffect(e, gen);
      this.learner?.step({ kind: 'flush', nowMs: this.time.nowMs });
      const learnerEffects = this.learner?.drain() ?? [];
      for (const e of learnerEffects) this.learnerEffect(e, gen);
      if (leaderEffects.length === 0 && learnerEffects.length === 0) return;
    }
  }

  private globalToken(gen: number, token: number, kind: TokenOwner['kind'], extra: Partial<TokenOwner> = {}): number {
    const t = this.nextToken++;
    this.tokens.set(t, { generation: gen, token, kind, ...extra });
    return t;
  }

  /** Effects both Zab cores produce (sends are role-specific: they name a link or the leader). */
  private commonEffect(e: Exclude<CommonEffect, { kind: 'send' }>, gen: number): void {
    switch (e.kind) {
      case 'persist': {
        const last = e.txns[e.txns.length - 1]?.zxid;
        if (last !== undefined && last > this.written.lastLogged) this.written.lastLogged = last;
        this.out.push({ kind: 'persist', token: this.globalToken(gen, e.token, 'persist', { zxid: last }), txns: e.txns });
        return;
      }
      case 'persistEpochs':
        this.written.epochs = { ...e.epochs };
        this.out.push({ kind: 'persistEpochs', token: this.globalToken(gen, e.token, 'epochs', { epochs: e.epochs }), epochs: e.epochs });
        return;
      case 'commit':
        for (const t of e.txns) this.replica.apply(t);
        this.replica.emitStore();
        this.releaseReady();
        return;
      case 'log':
        this.logMsg(e.level, e.message);
        return;
      default:
        return assertNever(e, 'Zab effect');
    }
  }

  private leaderEffect(e: ReturnType<LeaderCore['drain']>[number], gen: number): void {
    switch (e.kind) {
      case 'persist':
      case 'persistEpochs':
      case 'commit':
      case 'log':
        return this.commonEffect(e, gen);
      case 'send':
        this.out.push({ kind: 'toLearner', link: e.link, packet: e.packet });
        return;
      case 'close':
        this.out.push({ kind: 'closeLearner', link: e.link, reason: e.reason });
        return;
      case 'snapshot': {
        // Captured here, in effect order: every commit the leader emitted before this effect
        // is applied, none after it, so the records are exactly the state at e.zxid.
        invariant(this.replica.lastApplied === e.zxid, 'snapshot-at-leader-state', () =>
          `snapshot for link ${e.link}: the replica is at ${hex(this.replica.lastApplied)}, the leader expects ${hex(e.zxid)}`);
        const nodes = this.replica.tree.records();
        const sessions = [...this.replica.sessions.all()].map((x): [bigint, SessionRecord] => [x.id, { timeout: x.timeout, passwd: x.passwd }]);
        this.out.push({ kind: 'snapshot', link: e.link, zxid: e.zxid, nodes, sessions });
        return;
      }
      case 'streamLog':
        this.out.push({ kind: 'streamLog', link: e.link, from: e.from, to: e.to });
        return;
      case 'established':
        return this.onEstablished(e.epoch);
      case 'stepDown':
        return this.lookForLeader(`leader stepped down: ${e.reason}`, e.successor);
      case 'transferAborted': {
        const held = this.held.splice(0);
        if (held.length > 0) this.logMsg('info', `proposing the ${held.length} write(s) held during the transfer`);
        for (const write of held) write();
        return;
      }
      case 'forwarded':
        return this.onForwarded(e.link, e.request, e.authinfo);
      case 'touches': {
        const now = this.time.nowMs;
        for (const t of e.touches) this.replica.sessions.touch(t.sessionId, now);
        return;
      }
      case 'revalidate':
        if (this.leader) {
          const valid = this.revalidateHere(e.sessionId, e.timeout, this.leader.sidOf(e.link));
          this.leader.step({ kind: 'revalidateAnswer', link: e.link, sessionId: e.sessionId, valid, nowMs: this.time.nowMs });
        }
        return;
      case 'syncConfirmed':
        return this.syncAnswered(e.id, e.zxid);
      default:
        return assertNever(e, 'leader effect');
    }
  }

  private learnerEffect(e: ReturnType<LearnerCore['drain']>[number], gen: number): void {
    switch (e.kind) {
      case 'persist':
      case 'persistEpochs':
      case 'commit':
      case 'log':
        return this.commonEffect(e, gen);
      case 'send':
        this.out.push({ kind: 'toLeader', packet: e.packet });
        return;
      case 'connect':
        this.out.push({ kind: 'connectLeader', leader: e.leader });
        return;
      case 'disconnect':
        this.out.push({ kind: 'disconnectLeader' });
        return;
      case 'truncate':
        this.written.lastLogged = e.zxid;
        this.out.push({ kind: 'truncate', token: this.globalToken(gen, e.token, 'truncate', { zxid: e.zxid }), zxid: e.zxid });
        return;
      case 'replaceState': {
        const nodes = e.chunks.flatMap((c) => c.nodes);
        const sessions = e.chunks.flatMap((c) => c.sessions);
        this.replica.replaceState(nodes, sessions, e.lastApplied);
        this.written.lastLogged = e.lastApplied;
        const records = nodes.length + sessions.length;
        this.out.push({ kind: 'replaceState', token: this.globalToken(gen, e.token, 'state', { zxid: e.lastApplied, records }), lastApplied: e.lastApplied, chunks: e.chunks });
        return;
      }
      case 'uptodate':
        this.establishedEpoch = e.epoch;
        this.logMsg('info', `${this.observer ? 'observing' : 'following'} leader ${this.currentLeader} in epoch ${e.epoch}, up to date at ${hex(this.replica.lastApplied)}`);
        this.setRole(this.observer ? 'observing' : 'following', true);
        this.electionEffects(this.election.step({ kind: 'established', peerEpoch: e.epoch, nowMs: this.time.nowMs }));
        return;
      case 'lost':
        return this.lookForLeader(e.reason, e.successor, this.currentLeader ?? undefined);
      case 'revalidated': {
        const waiting = this.revalidations.get(e.sessionId) ?? [];
        this.revalidations.delete(e.sessionId);
        for (const done of waiting) done(e.valid);
        return;
      }
      case 'syncReady':
        return this.syncAnswered(e.id, e.zxid);
      default:
        return assertNever(e, 'learner effect');
    }
  }

  private onEstablished(epoch: number): void {
    this.establishedEpoch = epoch;
    // Our whole log is committed in the new epoch: apply what we had logged but not applied.
    const tail = this.log.readLog(this.replica.lastApplied).map((e) => decodeTxn(e.bytes));
    for (const t of tail) this.replica.apply(t);
    this.replica.emitStore();
    // Every session gets a fresh deadline under the new leader (ZOOKEEPER-1367).
    const now = this.time.nowMs;
    for (const s of this.replica.sessions.all()) this.replica.sessions.expiry.touch(s.id, s.timeout, now);
    this.logMsg('info', `LEADING epoch ${epoch}, serving at ${hex(this.replica.lastApplied)}`);
    this.setRole('leading', true);
    this.electionEffects(this.election.step({ kind: 'established', peerEpoch: epoch, nowMs: this.time.nowMs }));
  }

  // ---------------------------------------------------------------- durability

  private persisted(token: number): void {
    // A failed peer takes no further part; a stalled write may still be confirmed after it gave up.
    if (this.failure) return;
    const owner = this.tokens.get(token);
    this.tokens.delete(token);
    // Storage confirms only what it was handed, once: anything else is a runtime bug.
    invariant(owner, 'durability-token-issued', () => `storage confirmed token ${token}, which is not outstanding`);
    switch (owner.kind) {
      case 'persist':
        if (owner.zxid !== undefined && owner.zxid > this.lastLogged) this.lastLogged = owner.zxid;
        break;
      case 'epochs':
        this.epochs = owner.epochs!;
        break;
      case 'truncate':
        this.lastLogged = owner.zxid!;
        break;
      case 'state':
        this.lastLogged = owner.zxid!;
        this.replica.snapshotInstalled();
        this.replica.returnToStorage();
        break;
      default:
        assertNever(owner.kind, 'durability token kind');
    }
    if (owner.generation !== this.generation) return;
    this.leader?.step({ kind: 'persisted', token: owner.token, nowMs: this.time.nowMs });
    this.learner?.step({ kind: 'persisted', token: owner.token, nowMs: this.time.nowMs });
  }

  /**
   * A storage write failed (any of them: a durable write with a token, or the applied state
   * with none). Nothing we promise can be made durable any more, and the storage refuses every
   * later write: leave the ensemble for good, which the runtime does by exiting the process.
   * Staying would be worse: a poisoned server still votes with its best zxid, wins, fails to
   * write its epoch, steps down and wins again, keeping the ensemble without a leader.
   */
  private persistFailed(token: number, reason: string): void {
    this.tokens.delete(token);
    if (this.failure) return;
    this.failure = reason;
    this.logMsg('error', `FATAL: storage failed: ${reason}; this server stops taking part and exits (restart it once the disk works)`);
    const { leader, learner } = this;
    this.generation++;
    this.leader = null;
    this.learner = null;
    if (leader) {
      leader.step({ kind: 'stop', reason: `storage failed: ${reason}`, nowMs: this.time.nowMs });
      for (const e of leader.drain()) if (e.kind === 'close') this.out.push({ kind: 'closeLearner', link: e.link, reason: e.reason });
    }
    if (learner) {
      learner.step({ kind: 'stop', reason: `storage failed: ${reason}`, nowMs: this.time.nowMs });
      if (learner.drain().some((e) => e.kind === 'disconnect')) this.out.push({ kind: 'disconnectLeader' });
    }
    this.currentLeader = null;
    this.establishedEpoch = -1;
    this.replica.dropAllConnections('server failed');
    this.replica.pending.clear();
    this.failSyncs();
    this.setRole('looking', false);
    this.out.push({ kind: 'fatal', reason });
  }

  /**
   * A durability write that storage neither confirms nor fails is a silent disk stall: once the
   * oldest outstanding token has been the oldest for longer than the bound (storageStallBoundMs,
   * plus an allowance while a snapshot install is outstanding), fail as persistFailed does.
   */
  private checkStorageProgress(now: number): void {
    const w = this.storageWatch;
    const resumed = now - w.lastTickMs > STALL_RESUME_GAP_MS;
    w.lastTickMs = now;
    const head = this.tokens.keys().next();
    if (head.done) {
      w.head = null;
      return;
    }
    if (head.value !== w.head || resumed) {
      w.head = head.value;
      w.sinceMs = now;
      return;
    }
    const waited = now - w.sinceMs;
    const bound = storageStallBoundMs(this.opts.tickTime, this.opts.syncLimit);
    if (waited <= bound) return;
    // Rare (only past the bound): every write behind a snapshot install waits for it.
    let records = 0;
    for (const o of this.tokens.values()) if (o.kind === 'state') records += o.records ?? 0;
    const allowance = Math.ceil((records * SNAPSHOT_STALL_ALLOWANCE_US_PER_RECORD) / 1000);
    if (waited <= bound + allowance) return;
    const owner = this.tokens.get(head.value)!;
    const what = { persist: 'log append', epochs: 'epochs write', truncate: 'log truncation', state: 'snapshot install' }[owner.kind];
    this.persistFailed(
      head.value,
      `storage stalled: no answer for ${Math.round(waited)} ms to a durable write (${what}), and nothing confirmed meanwhile ` +
        `(limit ${bound + allowance} ms: syncLimit × tickTime, at least ${MIN_STORAGE_STALL_MS} ms${allowance > 0 ? `, plus ${allowance} ms for a snapshot install` : ''}); the disk does not complete writes`,
    );
  }

  /** Log entries above this zxid must stay in our log (a learner's sync stream needs them). */
  purgeFloor(): Zxid | null {
    return this.leader?.purgeFloor() ?? null;
  }

  // ---------------------------------------------------------------- quorum links

  private learnerLinkUp(link: LinkId): void {
    if (this.leader) this.leader.step({ kind: 'linkUp', link, nowMs: this.time.nowMs });
    else this.out.push({ kind: 'closeLearner', link, reason: 'not leading' });
  }

  private learnerLinkDown(link: LinkId): void {
    this.leader?.step({ kind: 'linkDown', link, nowMs: this.time.nowMs });
  }

  private fromLearner(link: LinkId, p: LearnerMessage): void {
    this.leader?.step({ kind: 'fromLearner', link, packet: p, nowMs: this.time.nowMs });
  }

  private leaderLinkUp(): void {
    this.learner?.step({ kind: 'linkUp', nowMs: this.time.nowMs });
  }

  private leaderLinkDown(reason?: string): void {
    this.learner?.step({ kind: 'linkDown', ...(reason === undefined ? {} : { reason }), nowMs: this.time.nowMs });
  }

  private fromLeader(p: LeaderMessage): void {
    if (!this.learner) return;
    // The answer to a PING reports the sessions our clients touched since the last one.
    const touches = p.type === Pkt.PING ? this.takeTouches() : [];
    this.learner.step({ kind: 'fromLeader', packet: p, touches, nowMs: this.time.nowMs });
  }

  // ---------------------------------------------------------------- clients

  private connect(conn: ConnId, remoteAddress: string, req: ConnectRequest): void {
    if (!this.serving) return void this.out.push({ kind: 'close', conn, reason: 'not serving' });
    this.replica.connect(conn, remoteAddress, req);
  }

  private request(conn: ConnId, xid: number, req: Request): void {
    if (!this.serving) return void this.out.push({ kind: 'close', conn, reason: 'not serving' });
    this.replica.request(conn, xid, req);
  }

  private takeTouches() {
    const touches = [...this.replica.touched].map((sessionId) => ({ sessionId, timeout: this.replica.sessions.get(sessionId)?.timeout ?? 0 }));
    this.replica.touched.clear();
    return touches;
  }

  // ---------------------------------------------------------------- the write path

  submitWrite(c: ClientConnection, xid: number, req: WriteRequest): void {
    if (this.learner) {
      this.learner.step({ kind: 'forward', request: { kind: 'request', sessionId: c.sessionId, cxid: xid, request: req }, authinfo: c.authIds, nowMs: this.time.nowMs });
      return;
    }
    if (!this.ownedBy(c.sessionId, this.opts.serverId)) return this.proposeBody(c.sessionId, xid, { type: TxnType.error, err: Err.SESSIONMOVED });
    this.proposeRequest(c.sessionId, xid, req, c.authIds);
  }

  createSession(_conn: ConnId, sessionId: bigint, passwd: Uint8Array, timeout: number): void {
    if (this.learner) {
      this.learner.step({ kind: 'forward', request: { kind: 'createSession', sessionId, cxid: 0, timeout, passwd }, authinfo: [], nowMs: this.time.nowMs });
      return;
    }
    this.owners.set(sessionId, this.opts.serverId);
    this.proposeBody(sessionId, 0, { type: TxnType.createSession, timeout, passwd });
  }

  revalidate(_conn: ConnId, sessionId: bigint, timeout: number, done: (valid: boolean | null) => void): void {
    if (this.learner) {
      const waiting = this.revalidations.get(sessionId) ?? [];
      waiting.push(done);
      this.revalidations.set(sessionId, waiting);
      if (waiting.length === 1) this.learner.step({ kind: 'revalidate', sessionId, timeout, nowMs: this.time.nowMs });
      return;
    }
    done(this.revalidateHere(sessionId, timeout, this.opts.serverId));
  }

  /**
   * The leader's answer to "is this session alive?": yes renews it with the new timeout, and
   * makes the asking server the session's owner.
   */
  private revalidateHere(sessionId: bigint, timeout: number, from: Sid | undefined): boolean {
    const valid = this.replica.sessions.isActive(sessionId);
    if (valid) {
      this.replica.sessions.expiry.touch(sessionId, timeout, this.time.nowMs);
      if (from !== undefined) this.owners.set(sessionId, from);
    }
    return valid;
  }

  /** Whether `sid` holds the session (a session nobody claimed yet, e.g. after a leader change, becomes its). */
  private ownedBy(sessionId: bigint, sid: Sid | undefined): boolean {
    if (sid === undefined) return false;
    const owner = this.owners.get(sessionId);
    if (owner === undefined) this.owners.set(sessionId, sid);
    return owner === undefined || owner === sid;
  }

  /** The leader confirmed a sync at `zxid`: answer once this server has applied that far. */
  private syncAnswered(id: bigint, zxid: Zxid): void {
    const done = this.syncWaiters.get(id);
    this.syncWaiters.delete(id);
    if (done) this.whenApplied(zxid, done);
  }

  sync(done: () => void): void {
    const id = this.nextSyncId++;
    this.syncWaiters.set(id, done);
    if (this.learner) this.learner.step({ kind: 'sync', id, nowMs: this.time.nowMs });
    else this.leader?.step({ kind: 'sync', id, nowMs: this.time.nowMs });
  }

  writeRefusal(): number | null {
    return null;
  }

  private whenApplied(zxid: Zxid, done: () => void): void {
    if (this.replica.lastApplied >= zxid) return done();
    this.readyAt.push({ zxid, done });
  }

  private releaseReady(): void {
    for (let i = 0; i < this.readyAt.length; ) {
      if (this.readyAt[i]!.zxid <= this.replica.lastApplied) this.readyAt.splice(i, 1)[0]!.done();
      else i++;
    }
  }

  private failSyncs(): void {
    this.syncWaiters.clear();
    this.readyAt.length = 0;
    // The leader is gone: we do not know whether these sessions are valid (null closes the
    // connection unanswered; false would tell the client its session expired).
    for (const waiting of this.revalidations.values()) for (const done of waiting) done(null);
    this.revalidations.clear();
  }

  /** A write forwarded by a learner: prepared here with the client's auth ids. */
  private onForwarded(link: LinkId, f: ForwardedRequest, authinfo: Id[]): void {
    const from = this.leader?.sidOf(link);
    if (f.kind === 'createSession') {
      if (this.replica.sessions.get(f.sessionId)) return;
      if (from !== undefined) this.owners.set(f.sessionId, from);
      return this.proposeBody(f.sessionId, 0, { type: TxnType.createSession, timeout: f.timeout, passwd: f.passwd });
    }
    // An undecodable request is the client's error, answered as ZooKeeper answers it.
    if (f.kind === 'undecodable') return this.proposeBody(f.sessionId, f.cxid, { type: TxnType.error, err: Err.MARSHALLINGERROR });
    const req = f.request;
    if (!isWriteRequest(req)) return this.proposeBody(f.sessionId, f.cxid, { type: TxnType.error, err: Err.UNIMPLEMENTED });
    if (!this.ownedBy(f.sessionId, from)) return this.proposeBody(f.sessionId, f.cxid, { type: TxnType.error, err: Err.SESSIONMOVED });
    this.proposeRequest(f.sessionId, f.cxid, req, authinfo);
  }

  /** Whether a leadership transfer holds this write back (it is queued, to run later). */
  private holdForTransfer(write: () => void): boolean {
    if (this.leader?.transferringTo == null) return false;
    this.held.push(write);
    return true;
  }

  private proposeRequest(sessionId: bigint, cxid: number, req: WriteRequest, authIds: readonly Id[]): void {
    if (this.holdForTransfer(() => this.proposeRequest(sessionId, cxid, req, authIds))) return;
    const zxid = this.leader?.nextZxid();
    if (!this.leader?.established || zxid === null || zxid === undefined) return this.zxidExhausted();
    const body = prepareWrite(req, this.replica.pending, {
      sessionId,
      authIds,
      sessionValid: this.replica.sessions.isActive(sessionId),
      extendedTypesEnabled: this.opts.extendedTypesEnabled,
      aclSchemes: this.opts.aclSchemes,
      zxid,
      quotaExceeded: this.replica.quotaExceeded,
    });
    if (body.type === TxnType.closeSession) {
      this.replica.sessions.markClosing(sessionId);
      this.owners.delete(sessionId);
    }
    this.leader.step({ kind: 'propose', txn: { sessionId, cxid, zxid, time: this.time.wallMs, body }, nowMs: this.time.nowMs });
  }

  private proposeBody(sessionId: bigint, cxid: number, body: TxnBody): void {
    if (this.holdForTransfer(() => this.proposeBody(sessionId, cxid, body))) return;
    const zxid = this.leader?.nextZxid();
    if (!this.leader?.established || zxid === null || zxid === undefined) return this.zxidExhausted();
    this.leader.step({ kind: 'propose', txn: { sessionId, cxid, zxid, time: this.time.wallMs, body }, nowMs: this.time.nowMs });
  }

  private zxidExhausted(): void {
    if (this.leader?.established) this.leader.step({ kind: 'stop', reason: 'zxid counter exhausted: forcing a new epoch', nowMs: this.time.nowMs });
  }

  // ---------------------------------------------------------------- leadership transfer

  /**
   * Hands leadership to `successor` (null: the most caught-up follower), see LeaderCore's
   * startTransfer. Answers at once whether the transfer started; it then completes (the
   * successor leads) or aborts (we keep leading) within syncLimit ticks.
   */
  private transferLeadership(successor: Sid | null): TransferAnswer {
    if (this.failure) return { ok: false, message: 'this server has failed' };
    if (this.role !== 'leading' || !this.leader) {
      const who = this.currentLeader !== null && this.role !== 'looking' ? ` (server ${this.currentLeader} leads)` : '';
      return { ok: false, message: `server ${this.opts.serverId} is not the leader${who}` };
    }
    const started = this.leader.step({ kind: 'startTransfer', successor, nowMs: this.time.nowMs });
    if (!started.ok) return { ok: false, message: started.error };
    return { ok: true, successor: started.successor, message: `transferring leadership from server ${this.opts.serverId} to server ${started.successor}` };
  }

  /** Asks our leader to hand leadership over to this server (a following participant only). */
  private requestLeadership(): TransferAnswer {
    const me = this.opts.serverId;
    if (this.role === 'leading') return { ok: true, successor: me, message: `server ${me} is the leader already` };
    if (this.observer) return { ok: false, message: `server ${me} is an observer: observers cannot lead` };
    if (!this.learner?.step({ kind: 'requestLeadership', nowMs: this.time.nowMs })) return { ok: false, message: `server ${me} is not following an established leader` };
    return { ok: true, successor: me, message: `asked leader ${this.currentLeader} to hand leadership to server ${me}` };
  }

  // ---------------------------------------------------------------- time

  private tick(): void {
    if (this.failure) return;
    const now = this.time.nowMs;
    this.checkStorageProgress(now);
    if (this.failure) return;
    this.replica.returnToStorage();
    this.electionEffects(this.election.step({ kind: 'tick', nowMs: now }));
    this.leader?.step({ kind: 'tick', nowMs: now });
    this.learner?.step({ kind: 'tick', nowMs: now });
    // Expiry and container reaping wait while a transfer holds proposals (they run again after).
    if (!this.leader?.established || this.leader.transferringTo !== null) return;
    for (const id of this.replica.sessions.expired(now)) {
      const s = this.replica.sessions.get(id);
      if (!s || s.closing) continue;
      this.logMsg('info', `expiring session ${hex(id)}, timeout of ${s.timeout} ms exceeded`);
      this.proposeRequest(id, -1, { op: Op.closeSession }, []);
    }
    if (now - this.lastReapMs >= this.opts.containerCheckIntervalMs) {
      this.lastReapMs = now;
      for (const req of reapRequests(this.replica.tree, this.time.wallMs)) {
        const zxid = this.leader.nextZxid();
        if (zxid === null) return this.zxidExhausted();
        const body = prepareWrite(req, this.replica.pending, { sessionId: 0n, authIds: [], sessionValid: true, extendedTypesEnabled: this.opts.extendedTypesEnabled, zxid });
        if (body.type !== TxnType.error) this.leader.step({ kind: 'propose', txn: { sessionId: 0n, cxid: -1, zxid, time: this.time.wallMs, body }, nowMs: now });
      }
    }
  }
}

/**
 * Refuses stored state that cannot be restored (docs/zookeeper-bugs.md item 31,
 * ZOOKEEPER-2325): the log after lastApplied must continue the stored tree without a gap, each
 * entry the next counter of its epoch or the first (counter 1) of a later one. Otherwise the
 * server would come up with a silently partial tree and replay later txns onto it.
 */
function checkStoredLog(log: LogReader, lastApplied: Zxid): void {
  let prev = lastApplied;
  for (const e of log.readLog(lastApplied)) {
    if (!isNextZxid(prev, e.zxid)) {
      throw new Error(
        `stored state is inconsistent: the log jumps from ${hex(prev)} to ${hex(e.zxid)} (applied state at ${hex(lastApplied)}); ` +
          'refusing to start with a partial tree',
      );
    }
    prev = e.zxid;
  }
}

