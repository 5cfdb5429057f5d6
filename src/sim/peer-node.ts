/**
 * A simulated quorum member: the real QuorumPeer (election, Zab leader/learner, prep, replica)
 * over the real MemoryStorage, driven the way src/net/peer-runtime.ts drives it, with the
 * runtime's own SyncStreams (SNAP and DIFF streaming, src/peer/sync-stream.ts) and
 * AppliedStateWriter (applied state and log purges, src/peer/applied-state.ts), but with virtual
 * time and simulated transports:
 *
 * - election datagrams go through the faulty datagram network (loss, duplication, garbling,
 *   delay and so reordering, cuts);
 * - quorum links are simulated TCP streams (quorum-links.ts);
 * - storage calls are made in effect order, as the runtime makes them; their durability is
 *   decided by this node's simulated disk, which flushes pending operations (in order, many at a
 *   time or only a prefix of them) after a drawn latency. `persisted(token)` is fed to the peer
 *   when a flush covers the operation, never before. A crash drops every unflushed operation.
 * - clients reach it through the cluster (sim-client.ts), with ConnIds.
 * - a 'fatal' effect (storage failed) kills the process, as the runtime exits: it stays down
 *   until restarted, and a restart on a disk that still fails ends the same way.
 *
 * The peer is ticked every `tickIntervalMs` as the runtime's timer does. A restart is a new
 * process: new incarnation, new storage handle on the same disk, state loaded from what was
 * flushed, nothing else kept.
 */
import { assertNever } from '../base/invariant.js';
import type { InputTime } from '../base/clock.js';
import { SeededRng } from '../base/clock.js';
import type { ServerSpec } from '../config/types.js';
import type { ElectionAlgorithm, ElectionTiming } from '../election/types.js';
import { QuorumPeer, PeerEffect, type TransferAnswer } from '../peer/quorum-peer.js';
import type { PeerInput } from '../peer/inputs.js';
import { AppliedStateWriter } from '../peer/applied-state.js';
import type { ConnId } from '../pipeline/connections.js';
import type { LoadedState } from '../storage/api.js';
import { MemoryDisk, MemoryStorage } from '../storage/memory/memory-storage.js';
import { encodeElectionDatagram } from '../wire/election.js';
import { DecodeError } from '../wire/jute.js';
import { decodeElectionDatagram } from '../wire/election.js';
import { decodeSession, decodeZNode, SessionRecord, ZNodeRecord } from '../wire/persist.js';
import { LeaderMessage, LearnerMessage, Pkt, QuorumMessage, SentLeaderMessage } from '../wire/quorum.js';
import { SyncStreams } from '../peer/sync-stream.js';
import type { ConnectRequest } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import { encodeTxn, Txn } from '../wire/txn.js';
import type { Sid } from './network.js';
import type { QuorumLinks, SimLink } from './quorum-links.js';
import { deriveSeed } from './trace.js';
import type { World } from './world.js';

/** Wall clock of virtual time 0 (ctime/mtime, session ids): any fixed value will do. */
export const WALL_BASE_MS = 1_700_000_000_000;

export type ClientEffect = Extract<PeerEffect, { kind: 'handshake' | 'reply' | 'notify' | 'close' }>;
export type RoleEffect = Extract<PeerEffect, { kind: 'role' }>;

export interface PeerNodeConfig {
  servers: ServerSpec[];
  algorithm: ElectionAlgorithm;
  electionTiming?: Partial<ElectionTiming>;
  tickTime: number;
  initLimit: number;
  syncLimit: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  /** How often the peer is ticked (the runtime uses 25 ms). */
  tickIntervalMs: number;
  /** Bytes of records per SNAP_CHUNK (small, so that snapshots take several packets and can break). */
  snapChunkBytes: number;
  /** Bytes of a sync stream sent per step (the runtime: per event-loop turn). */
  streamStepBytes: number;
  /** Applied changes between log purges (the runtime's logRetain / AppliedStateWriter). */
  logRetain: number;
  /** The lmdb call-order bug (see ClusterOptions.storageReordersCallbacks): a test-only fault. */
  storageReordersCallbacks?: boolean;
}

/** What the checkers learn from a node. */
export interface PeerRecorder {
  booted(node: PeerNode, loaded: LoadedState): void;
  applied(node: PeerNode, txn: Txn, bytes: Uint8Array): void;
  snapshotInstalled(node: PeerNode, zxid: bigint): void;
  role(node: PeerNode, e: RoleEffect): void;
  flushed(node: PeerNode): void;
  /** Records a violation; the returned record may be amended (e.g. with an error message). */
  violation(property: string, detail: string): { detail: string };
}

export interface PeerNodeHost {
  readonly world: World;
  readonly links: QuorumLinks;
  readonly recorder: PeerRecorder;
  readonly seed: number;
  sendDatagram(from: Sid, to: Sid, bytes: Uint8Array): void;
  connectLeader(node: PeerNode, leader: Sid, generation: number): void;
  clientEffect(node: PeerNode, e: ClientEffect): void;
  /** Scenario hooks: called before each effect is carried out. */
  beforeEffect(node: PeerNode, e: PeerEffect): void;
  /** Scenario hooks: called before SNAP_CHUNK `index` of `total` is sent (index === total: SNAP_END). */
  beforeSnapshotChunk(node: PeerNode, link: SimLink, index: number, total: number): void;
  note(line: string): void;
  log(line: string): void;
  readonly verbose: boolean;
}

export interface DiskModel {
  latencyMinMs: number;
  latencyMaxMs: number;
  /** Probability that a flush covers only a random prefix of the pending operations. */
  partialRate: number;
  /** Held: nothing is flushed until released (scenarios). */
  held: boolean;
  /** Failing: every write is refused (a full or broken disk), also after a restart. */
  failing: boolean;
}

export const DEFAULT_DISK: Readonly<DiskModel> = { latencyMinMs: 1, latencyMaxMs: 8, partialRate: 0.2, held: false, failing: false };

interface Awaiting {
  /** Position of the operation in the disk's flush order. */
  seq: number;
  token: number;
}

export class PeerNode {
  up = false;
  /** Counts boots; 0 before the first. */
  boots = 0;
  incarnation = 0;
  peer: QuorumPeer | null = null;
  storage: MemoryStorage | null = null;
  /** Storage calls held until the next flush (only under storageReordersCallbacks). */
  private readonly deferredCalls: Array<{ inc: number; call: () => void }> = [];
  private runningDeferred = false;
  readonly disk = new MemoryDisk();
  diskModel: DiskModel = { ...DEFAULT_DISK };
  downSinceMs = 0;
  /** The learner side: the current link to our leader and its generation (as the runtime). */
  leaderLink: SimLink | null = null;
  leaderGeneration = 0;
  /** The leader side: links accepted on our quorum port. */
  readonly learnerLinks = new Map<number, SimLink>();
  /** Client connections on our client port. */
  readonly clientConns = new Set<ConnId>();
  /** Latest role effect of this process. */
  lastRole: RoleEffect | null = null;
  private awaiting: Awaiting[] = [];
  private flushAt: number | null = null;
  private rng: SeededRng;
  private readonly diskRng: SeededRng;
  private applied: AppliedStateWriter | null = null;
  private streams: SyncStreams | null = null;
  /** Per learner link: SNAP_CHUNKs sent of the snapshot streaming there, and their total. */
  private readonly snapProgress = new Map<number, { sent: number; total: number }>();
  private readonly pumping = new Set<number>();
  /** Why the last process died of a storage failure (the 'fatal' effect), if it did. */
  fatalReason: string | null = null;
  /** This process's storage handle refuses every write (its disk failed while it ran, or before). */
  storageFailing = false;
  /** This process was told its storage failed (it must never lead again). */
  private toldFailed = false;

  constructor(
    readonly sid: Sid,
    readonly observer: boolean,
    private readonly config: PeerNodeConfig,
    private readonly host: PeerNodeHost,
  ) {
    this.rng = new SeededRng(deriveSeed(host.seed, `peer-${sid}`));
    this.diskRng = new SeededRng(deriveSeed(host.seed, `disk-${sid}`));
  }

  private get world(): World {
    return this.host.world;
  }

  get role(): string {
    if (!this.up) return 'down';
    return this.peer!.role;
  }

  get serving(): boolean {
    return this.up && this.peer!.isServing;
  }

  // ---------------------------------------------------------------- process lifecycle

  boot(): void {
    if (this.up) return;
    this.boots++;
    this.rng = new SeededRng(deriveSeed(this.host.seed, `peer-${this.sid}-boot-${this.boots}`));
    let inc = 0;
    while (inc === 0 || inc === this.incarnation) inc = this.rng.int(0x100000000) >>> 0;
    this.incarnation = inc;
    this.storage = new MemoryStorage(this.disk);
    this.storageFailing = this.diskModel.failing;
    if (this.storageFailing) this.storage.failWrites('the disk is failing');
    const loaded = loadFromDisk(this.disk);
    this.host.recorder.booted(this, loaded);
    this.leaderLink = null;
    this.leaderGeneration++;
    this.learnerLinks.clear();
    this.clientConns.clear();
    this.awaiting = [];
    this.flushAt = null;
    this.lastRole = null;
    this.fatalReason = null;
    this.toldFailed = false;
    this.snapProgress.clear();
    this.pumping.clear();
    const storage = this.storage;
    this.streams = new SyncStreams(storage, this.config.snapChunkBytes);
    this.applied = new AppliedStateWriter(storage, this.config.logRetain, {
      floor: () => this.peer?.purgeFloor() ?? null,
      // Promise reactions never run inside a synchronous simulation step: refusals are seen at
      // the call instead (the 'store' effect).
      failed: () => undefined,
      // Each batch is written at once, so that the 'store' effect sees a refusal at the call.
      coalesce: false,
    });
    const c = this.config;
    let peer: QuorumPeer;
    try {
      peer = new QuorumPeer(
        {
          serverId: this.sid,
          tickTime: c.tickTime,
          minSessionTimeout: c.minSessionTimeout,
          maxSessionTimeout: c.maxSessionTimeout,
          extendedTypesEnabled: false,
          servers: c.servers,
          election: c.algorithm,
          electionTiming: c.electionTiming,
          initLimit: c.initLimit,
          syncLimit: c.syncLimit,
          containerCheckIntervalMs: 60_000,
          incarnation: inc,
        },
        this.rng,
        this.storage,
        loaded,
        this.stamp(),
      );
    } catch (e) {
      this.host.recorder.violation('start-up', `server ${this.sid} refused to start: ${(e as Error).message}`);
      this.storage.crash();
      this.storage = null;
      return;
    }
    this.peer = peer;
    this.up = true;
    this.instrument(peer);
    this.host.note(`boot ${this.sid} inc ${inc} epochs ${loaded.epochs.acceptedEpoch}/${loaded.epochs.currentEpoch} applied ${loaded.lastApplied.toString(16)} logged ${loaded.lastLogged.toString(16)}`);
    this.input({ kind: 'start' });
    this.scheduleTick(this.world.nowMs + 1 + this.rng.int(this.config.tickIntervalMs));
  }

  /** The process dies: unflushed writes vanish, sockets close, scheduled work is void. */
  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.downSinceMs = this.world.nowMs;
    this.storage!.crash();
    this.host.links.crashed(this.sid);
    this.peer = null;
    this.awaiting = [];
    this.flushAt = null;
    this.leaderLink = null;
    this.learnerLinks.clear();
    this.streams = null;
    this.applied = null;
    this.snapProgress.clear();
    this.pumping.clear();
    this.lastRole = null;
    this.host.note(`crash ${this.sid}`);
  }

  /** Watches what the replica applies (for the checkers) without changing it. */
  private instrument(peer: QuorumPeer): void {
    const replica = peer.replica;
    const apply = replica.apply.bind(replica);
    replica.apply = (t: Txn) => {
      this.host.recorder.applied(this, t, encodeTxn(t));
      apply(t);
    };
    const replace = replica.replaceState.bind(replica);
    replica.replaceState = (nodes: Iterable<[string, ZNodeRecord]>, sessions: Iterable<[bigint, SessionRecord]>, lastApplied: bigint) => {
      this.host.recorder.snapshotInstalled(this, lastApplied);
      replace(nodes, sessions, lastApplied);
    };
  }

  // ---------------------------------------------------------------- inputs

  /** The time of an input arriving now: virtual time, and a wall clock that starts at WALL_BASE_MS. */
  private stamp(): InputTime {
    return { nowMs: this.world.nowMs, wallMs: WALL_BASE_MS + this.world.nowMs };
  }

  /** Applies one input to the core and carries out everything it asks for; returns the core's immediate answer. */
  input(input: PeerInput): TransferAnswer | undefined {
    if (!this.up) return undefined;
    const answer = this.peer!.step({ ...input, ...this.stamp() });
    this.runEffects();
    return answer;
  }

  /**
   * Inputs delivered later in this process's life (void if it has died since), in one turn:
   * their effects are carried out after the last of them. `before` runs first.
   */
  later(atMs: number, inputs: PeerInput | PeerInput[], inc = this.incarnation, before?: () => void): void {
    this.world.at(atMs, () => {
      if (!this.up || this.incarnation !== inc) return;
      before?.();
      for (const input of Array.isArray(inputs) ? inputs : [inputs]) this.peer!.step({ ...input, ...this.stamp() });
      this.runEffects();
    });
  }

  receiveDatagram(bytes: Uint8Array): void {
    if (!this.up) return;
    let d;
    try {
      d = decodeElectionDatagram(bytes);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return;
    }
    this.input({ kind: 'electionDatagram', datagram: d.datagram });
  }

  clientConnect(conn: ConnId, req: ConnectRequest, address: string): void {
    if (!this.up) return;
    this.clientConns.add(conn);
    this.input({ kind: 'connect', conn, remoteAddress: address, req });
  }

  clientRequest(conn: ConnId, xid: number, req: Request): void {
    if (!this.up || !this.clientConns.has(conn)) return;
    this.input({ kind: 'request', conn, xid, req });
  }

  clientDisconnect(conn: ConnId): void {
    if (!this.up || !this.clientConns.delete(conn)) return;
    this.input({ kind: 'disconnect', conn });
  }

  private scheduleTick(atMs: number): void {
    const inc = this.incarnation;
    this.world.at(atMs, () => {
      if (!this.up || this.incarnation !== inc) return;
      this.input({ kind: 'tick' });
      this.scheduleTick(this.world.nowMs + this.config.tickIntervalMs);
    });
  }

  // ---------------------------------------------------------------- effects

  private runEffects(): void {
    const inc = this.incarnation;
    for (;;) {
      if (!this.up || this.incarnation !== inc) return;
      // As the runtime: the turn ends (the core releases what it batched), then drain.
      this.peer!.step({ kind: 'flush', ...this.stamp() });
      const effects = this.peer!.drain();
      if (effects.length === 0) break;
      for (const e of effects) {
        if (!this.up || this.incarnation !== inc) return;
        this.host.beforeEffect(this, e);
        // A hook may have crashed us: the rest of the batch dies with the process.
        if (!this.up || this.incarnation !== inc) return;
        this.execute(e);
      }
    }
  }

  private execute(e: PeerEffect): void {
    const links = this.host.links;
    switch (e.kind) {
      case 'election':
        if (e.effect.kind === 'send') this.host.sendDatagram(this.sid, e.effect.to, encodeElectionDatagram(e.effect.datagram));
        else if (e.effect.kind === 'log' && this.host.verbose) {
          const fields = Object.entries(e.effect.fields).map(([k, v]) => `${k}=${v}`).join(' ');
          this.host.log(`${this.world.nowMs} s${this.sid} election ${e.effect.event} ${fields}`);
        }
        return;
      case 'connectLeader': {
        const gen = ++this.leaderGeneration;
        if (this.leaderLink) links.close(this.leaderLink, 'learner', 'reconnecting');
        this.leaderLink = null;
        this.host.connectLeader(this, e.leader, gen);
        return;
      }
      case 'disconnectLeader':
        this.leaderGeneration++;
        if (this.leaderLink) links.close(this.leaderLink, 'learner', 'leaving the leader');
        this.leaderLink = null;
        return;
      case 'toLeader':
        if (this.leaderLink) links.send(this.leaderLink, 'learner', e.packet);
        return;
      case 'toLearner': {
        if (this.streams!.enqueue(e.link, e.packet)) return; // behind the learner's sync stream
        const link = this.learnerLinks.get(e.link);
        if (link) links.send(link, 'leader', e.packet);
        return;
      }
      case 'closeLearner': {
        this.streams!.drop(e.link);
        const link = this.learnerLinks.get(e.link);
        if (!link) return;
        this.learnerLinks.delete(e.link);
        links.close(link, 'leader', e.reason);
        // The runtime's QuorumLink reports its own close, too.
        this.later(this.world.nowMs, { kind: 'learnerLinkDown', link: e.link });
        return;
      }
      case 'persist': {
        const entries = e.txns.map((t) => ({ zxid: t.zxid, bytes: encodeTxn(t) }));
        return this.durable('appendLog', e.token, () => this.storage!.appendLog(entries), entries.length === 0);
      }
      case 'persistEpochs':
        return this.durable('setEpochs', e.token, () => this.storage!.setEpochs(e.epochs));
      case 'truncate':
        return this.durable('truncateLogAfter', e.token, () => this.storage!.truncateLogAfter(e.zxid));
      case 'replaceState':
        return this.durable('replaceState', e.token, () =>
          this.storage!.replaceState({
            lastApplied: e.lastApplied,
            nodes: e.chunks.flatMap((c) => c.nodes),
            sessions: e.chunks.flatMap((c) => c.sessions),
          }),
        );
      case 'snapshot': {
        if (!this.learnerLinks.has(e.link)) return;
        this.snapProgress.set(e.link, { sent: 0, total: this.streams!.snapshot(e.link, e.zxid, e.nodes, e.sessions) });
        return this.pump(e.link);
      }
      case 'streamLog':
        if (!this.learnerLinks.has(e.link)) return;
        this.streams!.logRange(e.link, e.from, e.to);
        return this.pump(e.link);
      case 'store': {
        // The memory storage queues one operation per accepted call: none means it refused the
        // applied batch (a failing disk, or a call the contract forbids).
        const before = this.storage!.pendingOps();
        this.applied!.store(e.batch);
        if (this.storage!.pendingOps() === before) {
          if (!this.storageFailing) {
            this.host.recorder.violation('storage contract', `server ${this.sid}: storage refused applyCommitted at ${e.batch.lastApplied.toString(16)}`);
          }
          this.storageFailed(-1, `storing applied state failed: ${this.storageFailing ? 'the disk is failing' : 'refused'}`);
        }
        this.scheduleFlush();
        return;
      }
      case 'fatal':
        // The runtime logs the fatal line and exits the process.
        this.host.note(`fatal ${this.sid}: ${e.reason}`);
        this.crash();
        this.fatalReason = e.reason;
        return;
      case 'role':
        if (e.role === 'leading' && e.serving && this.toldFailed) {
          this.host.recorder.violation('failed storage never leads', `server ${this.sid} established epoch ${e.epoch} after it was told its storage failed`);
        }
        this.lastRole = e;
        this.host.note(`role ${this.sid} ${e.role}${e.serving ? ' serving' : ''} leader ${e.leader} epoch ${e.epoch}`);
        this.host.recorder.role(this, e);
        return;
      case 'log':
        if (this.host.verbose) this.host.log(`${this.world.nowMs} s${this.sid} ${e.level} ${e.message}`);
        return;
      case 'handshake':
      case 'reply':
      case 'notify':
      case 'close':
        if (e.kind === 'close') this.clientConns.delete(e.conn);
        this.host.clientEffect(this, e);
        return;
      default:
        return assertNever(e, 'peer effect');
    }
  }

  // ---------------------------------------------------------------- storage and the disk

  /**
   * Makes a storage call now and answers `persisted(token)` once a flush covers it. The memory
   * storage queues every accepted write as one pending operation; one that is not queued was
   * either empty (done at once) or refused (a contract violation by the caller).
   */
  private durable(what: string, token: number, call: () => Promise<unknown>, empty = false): void {
    if (this.config.storageReordersCallbacks && (what === 'truncateLogAfter' || what === 'replaceState') && !this.runningDeferred) {
      this.deferredCalls.push({
        inc: this.incarnation,
        call: () => {
          this.runningDeferred = true;
          try {
            this.durable(what, token, call, empty);
          } finally {
            this.runningDeferred = false;
          }
        },
      });
      return;
    }
    const st = this.storage!;
    const before = st.pendingOps();
    const p = call();
    if (st.pendingOps() === before + 1) {
      this.awaiting.push({ seq: this.disk.flushedOps + st.pendingOps(), token });
      this.scheduleFlush();
      return;
    }
    if (empty) {
      this.later(this.world.nowMs, { kind: 'persisted', token });
      return;
    }
    // Refused: a failing disk (the peer must stop), or a call the contract forbids (a bug).
    if (!this.storageFailing) {
      const v = this.host.recorder.violation('storage contract', `server ${this.sid}: storage refused ${what}`);
      p.catch((err: Error) => {
        v.detail += `: ${err.message}`;
      });
    } else {
      p.catch(() => undefined);
    }
    this.storageFailed(token, `${what} refused: ${this.storageFailing ? 'the disk is failing' : 'contract violation'}`);
  }

  /** As the runtime's promise continuation of a rejected write: on a later turn, the peer hears of it. */
  private storageFailed(token: number, reason: string): void {
    this.later(this.world.nowMs, { kind: 'persistFailed', token, reason }, this.incarnation, () => {
      this.toldFailed = true;
    });
  }

  /** The disk starts failing every write (or works again, for the next process). */
  setFailing(failing: boolean): void {
    this.diskModel.failing = failing;
    if (failing && this.up) {
      this.storageFailing = true;
      this.storage!.failWrites('the disk is failing');
    }
  }

  /** Schedules the next flush of the pending operations, after a drawn disk latency. */
  scheduleFlush(): void {
    if (!this.up || this.flushAt !== null || this.diskModel.held || this.storage!.pendingOps() + this.deferredCalls.length === 0) return;
    const { latencyMinMs, latencyMaxMs } = this.diskModel;
    const at = this.world.nowMs + latencyMinMs + this.diskRng.int(Math.max(1, latencyMaxMs - latencyMinMs + 1));
    this.flushAt = at;
    const inc = this.incarnation;
    this.world.at(at, () => {
      if (!this.up || this.incarnation !== inc || this.flushAt !== at) return;
      this.flushAt = null;
      if (this.diskModel.held) return;
      const pending = this.storage!.pendingOps();
      const partial = pending > 1 && this.diskRng.next() < this.diskModel.partialRate;
      this.flush(partial ? 1 + this.diskRng.int(pending - 1) : pending);
    });
  }

  /** The disk model changed: draw the next flush anew (the one scheduled is void). */
  rescheduleFlush(): void {
    this.flushAt = null;
    this.scheduleFlush();
  }

  /** Flushes the first `n` pending operations (default all) and reports what became durable. */
  flush(n = Number.POSITIVE_INFINITY): number {
    if (!this.up) return 0;
    // The reordering storage model: held calls reach the storage when its writer next runs,
    // behind every write called since they were made.
    for (const d of this.deferredCalls.splice(0)) if (d.inc === this.incarnation) d.call();
    // One operation at a time, so that the checkers see every state the disk passes through (a
    // crash could stop it between any two).
    let done = 0;
    while (done < n && this.storage!.flush(1) === 1) {
      done++;
      this.host.recorder.flushed(this);
    }
    const tokens: number[] = [];
    while (this.awaiting.length > 0 && this.awaiting[0].seq <= this.disk.flushedOps) tokens.push(this.awaiting.shift()!.token);
    // As the runtime's promise continuations: on a later turn, after this flush.
    if (tokens.length > 0) {
      this.later(
        this.world.nowMs,
        tokens.map((token) => ({ kind: 'persisted', token })),
      );
    }
    this.scheduleFlush();
    return done;
  }

  holdDisk(): void {
    this.diskModel.held = true;
  }

  releaseDisk(): void {
    this.diskModel.held = false;
    this.scheduleFlush();
  }

  pendingOps(): number {
    return this.up ? this.storage!.pendingOps() : 0;
  }

  // ---------------------------------------------------------------- sync streams

  /**
   * As the runtime's pump: a learner's sync stream (SyncStreams, the runtime's own code) goes out
   * `streamStepBytes` at a time, one step every few ms, so other traffic and faults interleave.
   * Before each SNAP_CHUNK and SNAP_END the scenario hook runs (it may crash us). A stream that
   * cannot be carried closes the link, as the runtime does.
   */
  private pump(linkId: number): void {
    if (this.pumping.has(linkId)) return;
    this.pumping.add(linkId);
    const inc = this.incarnation;
    const step = (): void => {
      if (!this.up || this.incarnation !== inc) return;
      if (!this.streams!.active(linkId)) {
        this.pumping.delete(linkId);
        return;
      }
      const link = this.learnerLinks.get(linkId);
      if (!link || !link.open.leader) {
        this.streams!.drop(linkId);
        this.pumping.delete(linkId);
        return;
      }
      let packets: SentLeaderMessage[];
      try {
        packets = this.streams!.take(linkId, this.config.streamStepBytes);
      } catch (e) {
        this.pumping.delete(linkId);
        this.host.note(`s${this.sid} sync stream to ${link} failed: ${(e as Error).message}`);
        this.execute({ kind: 'closeLearner', link: linkId, reason: 'sync stream failed' });
        return;
      }
      for (const p of packets) {
        if (p.type === Pkt.SNAP_CHUNK || p.type === Pkt.SNAP_END) {
          const progress = this.snapProgress.get(linkId) ?? { sent: 0, total: 0 };
          this.host.beforeSnapshotChunk(this, link, progress.sent, progress.total);
          if (!this.up || this.incarnation !== inc) return;
          if (!link.open.leader) {
            this.pumping.delete(linkId);
            return;
          }
          if (p.type === Pkt.SNAP_CHUNK) progress.sent++;
          else this.snapProgress.delete(linkId);
        }
        this.host.links.send(link, 'leader', p);
      }
      // The runtime waits for the socket to drain and for the next turn.
      if (this.streams!.active(linkId)) this.world.after(1 + this.rng.int(3), step);
      else this.pumping.delete(linkId);
    };
    step(); // the runtime sends the first piece at once, in the same turn
  }

  // ---------------------------------------------------------------- quorum link events

  /** The cluster accepted a learner's connection on our quorum port. */
  acceptLearner(link: SimLink): void {
    this.learnerLinks.set(link.id, link);
    this.input({ kind: 'learnerLinkUp', link: link.id });
  }

  /** `p` was decoded for `at`: a learner's message at the leader's end, the leader's at the learner's. */
  linkDelivered(link: SimLink, at: 'leader' | 'learner', p: QuorumMessage): void {
    if (!this.up) return;
    if (at === 'leader') {
      if (link.leaderInc !== this.incarnation || this.learnerLinks.get(link.id) !== link) return;
      this.input({ kind: 'fromLearner', link: link.id, packet: p as LearnerMessage });
    } else {
      if (link !== this.leaderLink) return;
      this.input({ kind: 'fromLeader', packet: p as LeaderMessage });
    }
  }

  linkClosed(link: SimLink, at: 'leader' | 'learner', reason: string): void {
    if (!this.up) return;
    if (at === 'leader') {
      if (link.leaderInc !== this.incarnation || !this.learnerLinks.delete(link.id)) return;
      this.streams!.drop(link.id);
      this.input({ kind: 'learnerLinkDown', link: link.id });
    } else {
      if (link !== this.leaderLink) return;
      this.leaderLink = null;
      this.input({ kind: 'leaderLinkDown', reason });
    }
  }
}

/**
 * What MemoryStorage.load() returns, computed synchronously from the disk (the simulator has
 * no event loop turn to wait for a promise in). test/sim checks it against load().
 */
export function loadFromDisk(disk: MemoryDisk): LoadedState {
  const s = disk.state;
  const nodes: [string, ZNodeRecord][] = [...s.nodes.keys()].sort(byCodePoint).map((p) => [p, decodeZNode(s.nodes.get(p)!)]);
  const u64 = (v: bigint) => BigInt.asUintN(64, v);
  const sessions: [bigint, SessionRecord][] = [...s.sessions.keys()]
    .sort((a, b) => (u64(a) < u64(b) ? -1 : u64(a) > u64(b) ? 1 : 0))
    .map((id) => [id, decodeSession(s.sessions.get(id)!)]);
  return {
    epochs: { acceptedEpoch: s.acceptedEpoch, currentEpoch: s.currentEpoch },
    lastApplied: s.lastApplied,
    lastLogged: s.lastLogged(),
    nodes,
    sessions,
  };
}

function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
