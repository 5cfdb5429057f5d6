/**
 * A simulated quorum member: the real QuorumPeer run by the production effect interpreter
 * (PeerDriver, src/drive/peer-driver.ts: the code src/net/peer-runtime.ts runs) over simulated
 * adapters (docs/architecture.md, "Effect interpreters"). Only the adapters live here:
 *
 * - time (SimTimer): virtual time; the end of a turn is an event at the same millisecond; a
 *   process's tick starts at a random phase;
 * - the disk (the Disk port over MemoryStorage): calls are made at once, in the interpreter's
 *   order; they become durable when this node's simulated disk flushes them (in order, many at a
 *   time or only a prefix of them) after a drawn latency, and are answered then, never before. A
 *   crash drops every unflushed operation. The disk can be held (scenarios), can fail every write
 *   (also after a restart), and can reorder calls as lmdb once did (`storageReordersCallbacks`, a
 *   test-only fault);
 * - quorum links (SimLinkPort): simulated TCP streams (quorum-links.ts); a connect attempt is
 *   the cluster's (zab-cluster.ts), with connection latency; a link "drains" after 1-3 ms;
 * - election datagrams: encoded and sent through the faulty datagram network, decoded on receipt
 *   (garbled ones dropped);
 * - clients reach it through the cluster (sim-client.ts), with ConnIds;
 * - the exit hook: a storage failure kills the process (it stays down until restarted, and a
 *   restart on a disk that still fails ends the same way); a broken invariant fails the seed.
 *
 * Besides, fault hooks (before each effect, before each SNAP_CHUNK) and the recorder calls the
 * checkers need. A restart is a new process: new incarnation, new storage handle on the same
 * disk, state loaded from what was flushed, a new interpreter, nothing else kept.
 */
import type { Logger } from '../base/log.js';
import { asLinkId } from '../base/ids.js';
import { asZxid, prevZxid, type Zxid } from '../base/zxid.js';
import { SeededRng } from '../base/clock.js';
import type { ServerSpec } from '../config/types.js';
import type { ElectionAlgorithm, ElectionTiming } from '../election/types.js';
import { QuorumPeer, PeerEffect, type TransferAnswer } from '../peer/quorum-peer.js';
import { PeerDriver, type RoleEffect } from '../drive/peer-driver.js';
import type { Cancel, ConnectResult, Disk, DiskDone, LinkEvents, QuorumLinkPort, Timer } from '../drive/ports.js';
import type { ConnId } from '../pipeline/connections.js';
import type { LoadedState } from '../storage/api.js';
import { MemoryDisk, MemoryStorage } from '../storage/memory/memory-storage.js';
import { encodeElectionDatagram } from '../wire/election.js';
import { DecodeError } from '../wire/jute.js';
import { decodeElectionDatagram } from '../wire/election.js';
import { decodeSession, decodeZNode, SessionRecord, ZNodeRecord } from '../wire/persist.js';
import { Pkt, type SentQuorumMessage, type QuorumMessage } from '../wire/quorum.js';
import type { PeerInput } from '../peer/inputs.js';
import { SyncStreams } from '../peer/sync-stream.js';
import type { ConnectRequest } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import { encodeTxn, Txn } from '../wire/txn.js';
import type { Sid } from './network.js';
import type { LinkEnd, QuorumLinks, SimLink } from './quorum-links.js';
import { deriveSeed } from './trace.js';
import type { World } from './world.js';

export type { RoleEffect } from '../drive/peer-driver.js';

/** Wall clock of virtual time 0 (ctime/mtime, session ids): any fixed value will do. */
export const WALL_BASE_MS = 1_700_000_000_000;

export type ClientEffect = Extract<PeerEffect, { kind: 'handshake' | 'reply' | 'notify' | 'close' }>;

export interface PeerNodeConfig {
  servers: ServerSpec[];
  algorithm: ElectionAlgorithm;
  electionTiming?: Partial<ElectionTiming> | undefined;
  tickTime: number;
  initLimit: number;
  syncLimit: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  /** How often the peer is ticked (the runtime uses 25 ms). */
  tickIntervalMs: number;
  /** Bytes of records per SNAP_CHUNK (small, so that snapshots take several packets and can break). */
  snapChunkBytes: number;
  /** Bytes of a sync stream sent per turn (the runtime: SNAP_CHUNK_BYTES). */
  streamStepBytes: number;
  /** Applied changes between log purges (the runtime's logRetain / AppliedStateWriter). */
  logRetain: number;
  /** The lmdb call-order bug (see ClusterOptions.storageReordersCallbacks): a test-only fault. */
  storageReordersCallbacks?: boolean;
  /** Serve the tree from the memory storage, as the server does from LMDB (ClusterOptions.storedTree). */
  storedTree?: boolean;
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
  /** One attempt to connect `node` to `leader`'s quorum port (the interpreter retries). */
  connectAttempt(node: PeerNode, leader: Sid, done: (r: ConnectResult<SimLinkPort>) => void): void;
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
  done: () => void;
}

/** Virtual time for one process: nothing it scheduled runs once the process is gone. */
class SimTimer implements Timer {
  constructor(
    private readonly world: World,
    private readonly alive: () => boolean,
    private readonly rng: SeededRng,
  ) {}

  nowMs(): number {
    return this.world.nowMs;
  }

  wallMs(): number {
    return WALL_BASE_MS + this.world.nowMs;
  }

  soon(fn: () => void): void {
    this.world.at(this.world.nowMs, () => {
      if (this.alive()) fn();
    });
  }

  after(ms: number, fn: () => void): Cancel {
    let cancelled = false;
    this.world.after(ms, () => {
      if (!cancelled && this.alive()) fn();
    });
    return () => (cancelled = true);
  }

  /** Processes do not start in step: the first run comes at a random phase within `ms`. */
  every(ms: number, fn: () => void): Cancel {
    let cancelled = false;
    const run = (atMs: number): void => {
      this.world.at(atMs, () => {
        if (cancelled || !this.alive()) return;
        fn();
        run(this.world.nowMs + ms);
      });
    };
    run(this.world.nowMs + 1 + this.rng.int(ms));
    return () => (cancelled = true);
  }
}

/** One end of a simulated quorum link, as the interpreter's link port. */
export class SimLinkPort implements QuorumLinkPort {
  events: LinkEvents | null = null;

  constructor(
    readonly link: SimLink,
    readonly end: LinkEnd,
    private readonly node: PeerNode,
  ) {}

  setEvents(events: LinkEvents): void {
    this.events = events;
  }

  send(p: SentQuorumMessage, frame: Uint8Array): void {
    this.node.sendOn(this, p, frame);
  }

  close(reason: string): void {
    this.node.closeEnd(this, reason);
  }

  get isClosed(): boolean {
    return !this.link.open[this.end];
  }

  whenDrained(fn: () => void): void {
    this.node.drainDelay(fn);
  }
}

export class PeerNode {
  up = false;
  /** Counts boots; 0 before the first. */
  boots = 0;
  incarnation = 0;
  peer: QuorumPeer | null = null;
  driver: PeerDriver<SimLinkPort> | null = null;
  storage: MemoryStorage | null = null;
  /** Storage calls held until the next flush (only under storageReordersCallbacks). */
  private readonly deferredCalls: Array<{ inc: number; call: () => void }> = [];
  private runningDeferred = false;
  readonly disk = new MemoryDisk();
  diskModel: DiskModel = { ...DEFAULT_DISK };
  downSinceMs = 0;
  /** Client connections on our client port. */
  readonly clientConns = new Set<ConnId>();
  /** Latest role effect of this process. */
  lastRole: RoleEffect | null = null;
  private awaiting: Awaiting[] = [];
  private flushAt: number | null = null;
  private rng: SeededRng;
  /** Timings of this process's adapters (tick phase, link drains). */
  private adapterRng: SeededRng;
  private timer: SimTimer | null = null;
  private readonly diskRng: SeededRng;
  /** This process's link ends, by link id: accepted on our quorum port, and opened to a leader. */
  private readonly leaderEnds = new Map<number, SimLinkPort>();
  private readonly learnerEnds = new Map<number, SimLinkPort>();
  /** Per learner link: SNAP_CHUNKs sent of the snapshot streaming there, and their total. */
  private readonly snapProgress = new Map<SimLink, { sent: number; total: number }>();
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
    this.adapterRng = new SeededRng(deriveSeed(host.seed, `adapters-${sid}`));
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

  /** The learner side: the link to our leader, while connected. */
  get leaderLink(): SimLink | null {
    return this.driver?.leaderLinkPort?.link ?? null;
  }

  // ---------------------------------------------------------------- process lifecycle

  boot(): void {
    if (this.up) return;
    this.boots++;
    this.rng = new SeededRng(deriveSeed(this.host.seed, `peer-${this.sid}-boot-${this.boots}`));
    this.adapterRng = new SeededRng(deriveSeed(this.host.seed, `adapters-${this.sid}-boot-${this.boots}`));
    let inc = 0;
    while (inc === 0 || inc === this.incarnation) inc = this.rng.int(0x100000000) >>> 0;
    this.incarnation = inc;
    this.storage = new MemoryStorage(this.disk);
    this.storageFailing = this.diskModel.failing;
    if (this.storageFailing) this.storage.failWrites('the disk is failing');
    const loaded = loadFromDisk(this.disk);
    this.host.recorder.booted(this, loaded);
    this.leaderEnds.clear();
    this.learnerEnds.clear();
    this.clientConns.clear();
    this.awaiting = [];
    this.flushAt = null;
    this.lastRole = null;
    this.fatalReason = null;
    this.toldFailed = false;
    this.snapProgress.clear();
    const alive = (): boolean => this.up && this.incarnation === inc;
    const timer = new SimTimer(this.world, alive, this.adapterRng);
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
        this.config.storedTree ? { ...loaded, nodes: [], stored: { reader: this.storage, index: this.storage.readIndex() } } : loaded,
        { nowMs: timer.nowMs(), wallMs: timer.wallMs() },
      );
    } catch (e) {
      this.host.recorder.violation('start-up', `server ${this.sid} refused to start: ${(e as Error).message}`);
      this.storage.crash();
      this.storage = null;
      return;
    }
    this.peer = peer;
    this.timer = timer;
    this.up = true;
    this.instrument(peer);
    this.driver = new PeerDriver<SimLinkPort>(
      peer,
      {
        timer,
        disk: this.diskPort(this.storage),
        log: this.logger(),
        clients: (e) => {
          if (e.kind === 'close') this.clientConns.delete(e.conn);
          this.host.clientEffect(this, e as ClientEffect);
        },
        exit: (reason, cause, error) => this.exit(reason, cause, error),
        connector: { connect: (leader, done) => this.host.connectAttempt(this, leader, done) },
        datagrams: { send: (to, d) => this.host.sendDatagram(this.sid, to, encodeElectionDatagram(d)) },
      },
      {
        tickIntervalMs: c.tickIntervalMs,
        initLimitMs: c.initLimit * c.tickTime,
        logRetain: c.logRetain,
        snapChunkBytes: c.snapChunkBytes,
        streamTurnBytes: c.streamStepBytes,
        onRole: (e) => this.roleChanged(e),
        beforeEffect: (e) => this.beforeEffect(e),
      },
    );
    this.host.note(`boot ${this.sid} inc ${inc} epochs ${loaded.epochs.acceptedEpoch}/${loaded.epochs.currentEpoch} applied ${loaded.lastApplied.toString(16)} logged ${loaded.lastLogged.toString(16)}`);
    this.driver.start();
  }

  /** The process dies: unflushed writes vanish, sockets close, scheduled work is void. */
  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.downSinceMs = this.world.nowMs;
    this.storage!.crash();
    this.host.links.crashed(this.sid);
    this.driver!.halt();
    this.driver = null;
    this.peer = null;
    this.timer = null;
    this.awaiting = [];
    this.flushAt = null;
    this.leaderEnds.clear();
    this.learnerEnds.clear();
    this.snapProgress.clear();
    this.lastRole = null;
    this.host.note(`crash ${this.sid}`);
  }

  /** The interpreter ends the process: a storage failure kills it, a broken invariant fails the seed. */
  private exit(reason: string, cause: 'storage' | 'invariant', error?: Error): void {
    if (cause === 'invariant') throw error ?? new Error(reason);
    this.host.note(`fatal ${this.sid}: ${reason}`);
    this.crash();
    this.fatalReason = reason;
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
    replica.replaceState = (nodes: Iterable<[string, ZNodeRecord]>, sessions: Iterable<[bigint, SessionRecord]>, lastApplied: Zxid) => {
      this.host.recorder.snapshotInstalled(this, lastApplied);
      replace(nodes, sessions, lastApplied);
    };
  }

  private logger(): Logger {
    const line = (level: string) => (message: string) => {
      if (this.host.verbose) this.host.log(`${this.world.nowMs} s${this.sid} ${level} ${message}`);
    };
    return { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug') };
  }

  private beforeEffect(e: PeerEffect): void {
    if (e.kind === 'snapshot') {
      const port = this.driver?.learnerLink(e.link);
      if (port) this.snapProgress.set(port.link, { sent: 0, total: countSnapChunks(e, this.config.snapChunkBytes) });
    }
    this.host.beforeEffect(this, e);
  }

  private roleChanged(e: RoleEffect): void {
    if (e.role === 'leading' && e.serving && this.toldFailed) {
      this.host.recorder.violation('failed storage never leads', `server ${this.sid} established epoch ${e.epoch} after it was told its storage failed`);
    }
    this.lastRole = e;
    this.host.note(`role ${this.sid} ${e.role}${e.serving ? ' serving' : ''} leader ${e.leader} epoch ${e.epoch}`);
    this.host.recorder.role(this, e);
  }

  // ---------------------------------------------------------------- inputs

  /** Applies one input to the core; the interpreter carries out its effects at the end of the turn. */
  input(input: PeerInput): TransferAnswer | undefined {
    if (!this.up) return undefined;
    return this.driver!.submit(input);
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
    this.driver!.electionDatagram(d.datagram);
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

  // ---------------------------------------------------------------- the disk

  /** The Disk port over this process's storage handle. */
  private diskPort(st: MemoryStorage): Disk {
    const below = (zxid: Zxid): number => st.readLog(asZxid(-1n), prevZxid(zxid)).length;
    return {
      readLog: (from, to, maxBytes) => st.readLog(from, to, maxBytes),
      firstLogged: () => st.firstLogged(),
      appendLog: (entries, done) => this.diskCall(st, 'appendLog', () => st.appendLog(entries), done, entries.length === 0),
      setEpochs: (epochs, done) => this.diskCall(st, 'setEpochs', () => st.setEpochs(epochs), done),
      truncateLogAfter: (zxid, done) => this.diskCall(st, 'truncateLogAfter', () => st.truncateLogAfter(zxid), done),
      replaceState: (state, done) => this.diskCall(st, 'replaceState', () => st.replaceState(state), done),
      applyCommitted: (batch, done) => this.diskCall(st, 'applyCommitted', () => st.applyCommitted(batch), done),
      purgeLogBefore: (zxid, done) => {
        let removed = 0;
        this.diskCall(
          st,
          'purgeLogBefore',
          () => {
            const before = below(zxid);
            const p = st.purgeLogBefore(zxid);
            removed = before - below(zxid);
            return p;
          },
          (err) => done(err, removed),
        );
      },
    };
  }

  /**
   * Makes a storage call now and answers it once a flush covers it. The memory storage queues
   * every accepted write as one pending operation; one that is not queued was either empty
   * (answered at once) or refused (a failing disk, or a call the contract forbids: a bug).
   */
  private diskCall(st: MemoryStorage, what: string, call: () => Promise<unknown>, done: DiskDone, empty = false): void {
    if (this.config.storageReordersCallbacks && (what === 'truncateLogAfter' || what === 'replaceState') && !this.runningDeferred) {
      this.deferredCalls.push({
        inc: this.incarnation,
        call: () => {
          this.runningDeferred = true;
          try {
            this.diskCall(st, what, call, done, empty);
          } finally {
            this.runningDeferred = false;
          }
        },
      });
      return;
    }
    const before = st.pendingOps();
    const p = call();
    if (st.pendingOps() === before + 1) {
      this.awaiting.push({ seq: this.disk.flushedOps + st.pendingOps(), done: () => done(null) });
      this.scheduleFlush();
      return;
    }
    if (empty) {
      this.answerLater(() => done(null));
      return;
    }
    if (!this.storageFailing) {
      const v = this.host.recorder.violation('storage contract', `server ${this.sid}: storage refused ${what}`);
      p.catch((err: Error) => {
        v.detail += `: ${err.message}`;
      });
    } else {
      p.catch(() => undefined);
    }
    const reason = `${what} refused: ${this.storageFailing ? 'the disk is failing' : 'contract violation'}`;
    this.answerLater(() => {
      this.toldFailed = true;
      done(new Error(reason));
    });
  }

  /** A storage answer, as a promise continuation: later in this turn, if the process lives. */
  private answerLater(fn: () => void): void {
    const inc = this.incarnation;
    this.world.at(this.world.nowMs, () => {
      if (this.up && this.incarnation === inc) fn();
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

  /** Flushes the first `n` pending operations (default all) and answers what became durable. */
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
    const answers: (() => void)[] = [];
    while (this.awaiting.length > 0 && this.awaiting[0]!.seq <= this.disk.flushedOps) answers.push(this.awaiting.shift()!.done);
    // As the runtime's promise continuations: later in the turn, after this flush.
    if (answers.length > 0) this.answerLater(() => answers.forEach((a) => a()));
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

  // ---------------------------------------------------------------- quorum links

  /** The cluster accepted a learner's connection on our quorum port. */
  acceptLearner(link: SimLink): void {
    if (!this.up) return;
    const port = new SimLinkPort(link, 'leader', this);
    this.leaderEnds.set(link.id, port);
    this.driver!.acceptLearner(port);
  }

  /** Our connect to a leader completed: the learner's end of the link. */
  learnerEnd(link: SimLink): SimLinkPort {
    const port = new SimLinkPort(link, 'learner', this);
    this.learnerEnds.set(link.id, port);
    return port;
  }

  /** A port sends: before each SNAP_CHUNK and SNAP_END the scenario hook runs (it may crash us). */
  sendOn(port: SimLinkPort, p: SentQuorumMessage, frame: Uint8Array): void {
    if (!this.up) return;
    const link = port.link;
    if (port.end === 'leader' && (p.type === Pkt.SNAP_CHUNK || p.type === Pkt.SNAP_END)) {
      const progress = this.snapProgress.get(link) ?? { sent: 0, total: 0 };
      const inc = this.incarnation;
      this.host.beforeSnapshotChunk(this, link, progress.sent, progress.total);
      if (!this.up || this.incarnation !== inc || !link.open.leader) return;
      if (p.type === Pkt.SNAP_CHUNK) progress.sent++;
      else this.snapProgress.delete(link);
    }
    this.host.links.send(link, port.end, frame);
  }

  closeEnd(port: SimLinkPort, reason: string): void {
    if (!this.up) return; // the process is gone: its crash closed every link
    (port.end === 'leader' ? this.leaderEnds : this.learnerEnds).delete(port.link.id);
    this.host.links.close(port.link, port.end, reason);
  }

  /** A simulated socket drains after 1-3 ms. */
  drainDelay(fn: () => void): void {
    this.timer?.after(1 + this.adapterRng.int(3), fn);
  }

  linkDelivered(link: SimLink, at: LinkEnd, p: QuorumMessage): void {
    const port = this.portAt(link, at);
    port?.events?.onPacket(p);
  }

  linkClosed(link: SimLink, at: LinkEnd, reason: string): void {
    const port = this.portAt(link, at);
    if (!port) return;
    (at === 'leader' ? this.leaderEnds : this.learnerEnds).delete(link.id);
    port.events?.onClose(reason);
  }

  private portAt(link: SimLink, at: LinkEnd): SimLinkPort | undefined {
    if (!this.up || (at === 'leader' ? link.leaderInc : link.learnerInc) !== this.incarnation) return undefined;
    return (at === 'leader' ? this.leaderEnds : this.learnerEnds).get(link.id);
  }
}

/** How many SNAP_CHUNKs a snapshot takes (what SyncStreams cuts it into). */
function countSnapChunks(e: Extract<PeerEffect, { kind: 'snapshot' }>, chunkBytes: number): number {
  return new SyncStreams({ readLog: () => [], firstLogged: () => null }, chunkBytes).snapshot(asLinkId(0), e.zxid, e.nodes, e.sessions);
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
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
