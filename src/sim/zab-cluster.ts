/**
 * A whole ensemble of real peers (peer-node.ts) and simulated clients (sim-client.ts) in one
 * deterministic world, with an API for scripted faults and hooks, used by the scenario tests
 * and by the random runs (zab-sim.ts).
 *
 * Transports: election datagrams cross the faulty datagram network of network.ts; quorum links
 * are simulated TCP (quorum-links.ts), connected only when both directions are open and the
 * leader's process is up; client connections are reliable FIFO streams (clients live outside
 * the partitions) that reset when the server's process dies.
 *
 * Hooks (scenarios): `onEffect` sees every peer effect before it is carried out (and may crash
 * servers, cut links, hold disks...), `onDeliver` sees every quorum packet before it reaches an
 * end and may drop it or deliver it later, out of order (only scenarios that need "an ACK
 * arrives out of order" do; TCP itself never reorders). A drop is faithful only when the
 * receiver dies with it, or for the last packet a sender wrote before dying: TCP never loses
 * one packet and delivers the next. `onSnapshotChunk` lets a scenario kill a leader mid-SNAP.
 */
import { asConnId, asSid } from '../base/ids.js';
import { SeededRng } from '../base/clock.js';
import { hex, prevZxid } from '../base/zxid.js';
import type { ServerSpec } from '../config/types.js';
import type { ElectionAlgorithm, ElectionTiming } from '../election/types.js';
import type { PeerEffect } from '../peer/quorum-peer.js';
import type { ConnId } from '../pipeline/connections.js';
import { Pkt, pktName, quorumDataBytes, QuorumMessage, quorumMessageZxid } from '../wire/quorum.js';
import { checkBlackBox, checkHistory, LinearizabilityStats } from './linearizability.js';
import { LinkQuality, PERFECT_LINKS, Sid, SimNetwork } from './network.js';
import { ClientEffect, DEFAULT_DISK, DiskModel, PeerNode, PeerNodeConfig, PeerNodeHost, SimLinkPort } from './peer-node.js';
import type { ConnectResult } from '../drive/ports.js';
import { LinkEnd, QuorumLinks, SimLink } from './quorum-links.js';
import { ClientHost, ClientMessage, ClientOptions, History, HistoryOp, OpSpec, SimClient } from './sim-client.js';
import { deriveSeed, TraceHash } from './trace.js';
import { World } from './world.js';
import { Violation, ZabChecker } from './zab-checker.js';

export interface ClusterOptions {
  seed: number;
  servers: number;
  observers?: number | undefined;
  algorithm: ElectionAlgorithm;
  electionTiming?: Partial<ElectionTiming> | undefined;
  tickTime?: number;
  initLimit?: number;
  syncLimit?: number;
  logRetain?: number | undefined;
  /** Bytes of records per SNAP_CHUNK (default ~2 records) and of a sync stream per step. */
  snapChunkBytes?: number | undefined;
  /**
   * Model a storage that breaks the call-order clause of its contract the way lmdb-js does
   * without `strictAsyncOrder` (issue 8, finding 1): truncateLogAfter and replaceState run after
   * the other writes called in the same turn. Only for tests that show a scenario sees that bug.
   */
  storageReordersCallbacks?: boolean;
  /**
   * Each server serves its tree from its storage (tree/stored-node-table.ts), as the server does
   * from LMDB, instead of rebuilding it in memory at every start (docs/performance.md, "Step 2").
   */
  storedTree?: boolean | undefined;
  verbose?: boolean | undefined;
  log?: ((line: string) => void) | undefined;
}

export type DeliverHook = (link: SimLink, at: LinkEnd, p: QuorumMessage) => 'drop' | { delayMs: number } | void;
export type EffectHook = (node: PeerNode, e: PeerEffect) => void;
export type SnapshotHook = (node: PeerNode, link: SimLink, index: number, total: number) => void;
export type DatagramHook = (from: Sid, to: Sid, bytes: Uint8Array) => 'drop' | void;

export const TIMING = { tickTime: 200, initLimit: 10, syncLimit: 5 };

interface ClientConn {
  client: SimClient;
  server: Sid;
  inc: number;
  toServerDue: number;
  toClientDue: number;
}

export interface CheckResult {
  violations: Violation[];
  stats: LinearizabilityStats;
}

export class ZabCluster implements PeerNodeHost, ClientHost {
  readonly world = new World();
  readonly trace = new TraceHash();
  readonly network: SimNetwork;
  readonly links: QuorumLinks;
  readonly checker: ZabChecker;
  readonly history = new History();
  readonly nodes = new Map<Sid, PeerNode>();
  readonly clients: SimClient[] = [];
  readonly seed: number;
  readonly verbose: boolean;
  readonly config: PeerNodeConfig;
  readonly voters: Sid[] = [];
  readonly faults: string[] = [];
  private readonly conns = new Map<ConnId, ClientConn>();
  private nextConn = 1;
  private readonly rng: SeededRng;
  private readonly clientRng: SeededRng;
  private readonly effectHooks: EffectHook[] = [];
  private readonly deliverHooks: DeliverHook[] = [];
  private readonly datagramHooks: DatagramHook[] = [];
  private readonly snapshotHooks: SnapshotHook[] = [];
  private readonly proposalsSeen = new WeakMap<SimLink, Set<bigint>>();

  constructor(readonly o: ClusterOptions) {
    this.seed = o.seed;
    this.verbose = o.verbose ?? false;
    this.checker = new ZabChecker(
      () => this.world.nowMs,
      () => this.voters.map((sid) => ({ sid, disk: this.nodes.get(sid)!.disk })),
      Math.floor(o.servers / 2) + 1,
    );
    this.rng = new SeededRng(deriveSeed(o.seed, 'cluster'));
    this.clientRng = new SeededRng(deriveSeed(o.seed, 'client-net'));
    this.network = new SimNetwork(this.world, new SeededRng(deriveSeed(o.seed, 'network')), (from, to, p) => {
      if (p.kind !== 'datagram') return;
      const node = this.nodes.get(to)!;
      if (!node.up) return;
      this.trace.text(`${this.world.nowMs} ${from}>${to} udp`);
      this.trace.bytes(p.bytes);
      node.receiveDatagram(p.bytes);
    });
    this.network.quality = { ...PERFECT_LINKS, delayMaxMs: 5 };
    this.links = new QuorumLinks(this.world, new SeededRng(deriveSeed(o.seed, 'links')), (a, b) => this.network.isCut(a, b), {
      deliver: (link, at, p) => this.deliverPacket(link, at, p),
      closed: (link, at, reason) => {
        const sid = at === 'leader' ? link.leader : link.learner;
        this.trace.text(`${this.world.nowMs} ${link} closed at ${at}`);
        this.nodes.get(sid)!.linkClosed(link, at, reason);
      },
    });
    const servers: ServerSpec[] = [];
    const n = o.servers + (o.observers ?? 0);
    for (let i = 1; i <= n; i++) {
      const id = asSid(i);
      const role = id <= o.servers ? 'participant' : 'observer';
      servers.push({ id, host: `10.0.0.${id}`, quorumPort: 2888, electionPort: 3888, role });
      if (role === 'participant') this.voters.push(id);
    }
    this.config = {
      servers,
      algorithm: o.algorithm,
      electionTiming: o.electionTiming,
      tickTime: o.tickTime ?? TIMING.tickTime,
      initLimit: o.initLimit ?? TIMING.initLimit,
      syncLimit: o.syncLimit ?? TIMING.syncLimit,
      minSessionTimeout: 2 * (o.tickTime ?? TIMING.tickTime),
      maxSessionTimeout: 20 * (o.tickTime ?? TIMING.tickTime),
      tickIntervalMs: 25,
      snapChunkBytes: o.snapChunkBytes ?? 400,
      streamStepBytes: o.snapChunkBytes ?? 400,
      logRetain: o.logRetain ?? 1000,
      storageReordersCallbacks: o.storageReordersCallbacks ?? false,
      storedTree: o.storedTree ?? false,
    };
    for (const s of servers) this.nodes.set(s.id, new PeerNode(s.id, s.role === 'observer', this.config, this));
  }

  get recorder(): ZabChecker {
    return this.checker;
  }

  get nowMs(): number {
    return this.world.nowMs;
  }

  node(sid: Sid): PeerNode {
    return this.nodes.get(sid)!;
  }

  // ---------------------------------------------------------------- running

  runFor(ms: number): void {
    this.world.runUntil(this.world.nowMs + ms);
  }

  /** Runs until `done()` holds (checked every `stepMs`), or `timeoutMs` passes. Returns done(). */
  runUntil(done: () => boolean, timeoutMs = 30_000, stepMs = 5): boolean {
    const end = this.world.nowMs + timeoutMs;
    while (!done()) {
      if (this.world.nowMs >= end) return false;
      this.world.runUntil(Math.min(end, this.world.nowMs + stepMs));
    }
    return true;
  }

  // ---------------------------------------------------------------- faults

  boot(sid: Sid): void {
    this.fault(`boot ${sid}`);
    this.node(sid).boot();
  }

  bootAll(): void {
    for (const sid of this.nodes.keys()) this.boot(sid);
  }

  crash(sid: Sid, opts: { flushFirst?: boolean } = {}): void {
    const node = this.node(sid);
    if (!node.up) return;
    this.fault(`crash ${sid}${opts.flushFirst ? ' (after a flush)' : ''}${node.pendingOps() > 0 && !opts.flushFirst ? `, losing ${node.pendingOps()} unflushed write(s)` : ''}`);
    if (opts.flushFirst) node.storage!.flush();
    const inc = node.incarnation;
    node.crash();
    for (const [id, c] of this.conns) {
      if (c.server === sid && c.inc === inc) {
        this.conns.delete(id);
        this.world.after(1 + this.clientRng.int(20), () => c.client.reset(id));
      }
    }
  }

  restart(sid: Sid): void {
    if (this.node(sid).up) return;
    this.boot(sid);
  }

  partition(groups: Sid[][]): void {
    this.fault(`partition ${groups.map((g) => g.join(',')).join(' | ')}`);
    this.network.partition(groups);
    this.links.networkChanged();
  }

  /** Cuts one server off from all the others (both ways). */
  isolate(sid: Sid): void {
    this.partition([[sid], [...this.nodes.keys()].filter((s) => s !== sid)]);
  }

  cutOneWay(from: Sid, to: Sid): void {
    this.fault(`cut ${from}->${to}`);
    this.network.cutOneWay(from, to);
    this.links.networkChanged();
  }

  /**
   * A hiccup: one direction stalls (quorum links stall, they do not reset) for `ms`, then
   * recovers, unless a partition cut it meanwhile.
   */
  hiccup(from: Sid, to: Sid, ms: number): void {
    if (this.network.isCut(from, to)) return;
    this.fault(`hiccup ${from}->${to} for ${ms} ms`);
    const resetRate = this.links.timing.resetRate;
    this.links.timing.resetRate = 0;
    this.network.cutOneWay(from, to);
    this.links.networkChanged();
    this.links.timing.resetRate = resetRate;
    const cutsAfter = this.network.cutCount;
    this.world.after(ms, () => {
      if (this.network.cutCount !== cutsAfter || !this.network.isCut(from, to)) return; // the nemesis moved on
      this.network.uncut(from, to);
      this.links.networkChanged();
    });
  }

  heal(): void {
    this.fault('heal');
    this.network.heal();
    this.links.networkChanged();
  }

  setDatagramQuality(q: LinkQuality): void {
    this.fault(`datagrams loss=${q.lossRate} dup=${q.duplicateRate} garble=${q.garbleRate} delay=${q.delayMinMs}..${q.delayMaxMs}ms`);
    this.network.quality = { ...q };
  }

  setDisk(sid: Sid, model: Partial<DiskModel>): void {
    const node = this.node(sid);
    // Whether the disk fails is changed by failDisk / repairDisk / resetDisks only.
    node.diskModel = { ...node.diskModel, ...model, failing: node.diskModel.failing };
    this.fault(`disk ${sid} latency ${node.diskModel.latencyMinMs}..${node.diskModel.latencyMaxMs}ms${node.diskModel.held ? ' held' : ''}`);
    if (!node.diskModel.held) node.rescheduleFlush();
  }

  /**
   * Every write to the server's disk fails from now on (a full or broken disk), also after a
   * restart, until repairDisk: the server must go down (its 'fatal' effect) and stay down.
   */
  failDisk(sid: Sid): void {
    this.fault(`disk ${sid} fails every write`);
    this.node(sid).setFailing(true);
  }

  /** The disk works again, for the next process: one still running on a failed disk stays failed. */
  repairDisk(sid: Sid): void {
    if (!this.node(sid).diskModel.failing) return;
    this.fault(`disk ${sid} repaired`);
    this.node(sid).setFailing(false);
  }

  /** Normal disks everywhere; a process still running on a failed disk is replaced (crash, then a restart is due). */
  resetDisks(): void {
    for (const [sid, node] of this.nodes) {
      this.setDisk(sid, { ...DEFAULT_DISK });
      if (node.diskModel.failing) this.repairDisk(sid);
      if (node.up && node.storageFailing) this.crash(sid);
    }
  }

  fault(line: string): void {
    this.faults.push(`${this.world.nowMs} ${line}`);
    this.note(`fault ${line}`);
  }

  // ---------------------------------------------------------------- hooks

  onEffect(h: EffectHook): () => void {
    this.effectHooks.push(h);
    return () => this.effectHooks.splice(this.effectHooks.indexOf(h), 1);
  }

  onDeliver(h: DeliverHook): () => void {
    this.deliverHooks.push(h);
    return () => this.deliverHooks.splice(this.deliverHooks.indexOf(h), 1);
  }

  beforeEffect(node: PeerNode, e: PeerEffect): void {
    for (const h of [...this.effectHooks]) {
      if (!node.up) return;
      h(node, e);
    }
  }

  /** Sees a leader about to send SNAP_CHUNK `index` of `total` (index === total: SNAP_END). */
  onSnapshotChunk(h: SnapshotHook): () => void {
    this.snapshotHooks.push(h);
    return () => this.snapshotHooks.splice(this.snapshotHooks.indexOf(h), 1);
  }

  beforeSnapshotChunk(node: PeerNode, link: SimLink, index: number, total: number): void {
    for (const h of [...this.snapshotHooks]) h(node, link, index, total);
  }

  private deliverPacket(link: SimLink, at: LinkEnd, p: QuorumMessage): void {
    for (const h of [...this.deliverHooks]) {
      const r = h(link, at, p);
      if (r === 'drop') {
        this.note(`dropped ${pktName(p.type)} on ${link} at ${at}`);
        return;
      }
      if (r && typeof r === 'object') {
        this.world.after(r.delayMs, () => {
          if (link.open[at] && !link.broken) this.deliverNow(link, at, p);
        });
        return;
      }
    }
    this.deliverNow(link, at, p);
  }

  private deliverNow(link: SimLink, at: LinkEnd, p: QuorumMessage): void {
    const to = at === 'leader' ? link.leader : link.learner;
    this.trace.text(`${this.world.nowMs} ${link} >${at} ${pktName(p.type)} ${quorumMessageZxid(p).toString(16)} ${quorumDataBytes(p)}`);
    if (this.verbose) this.o.log?.(`${this.world.nowMs} ${link} deliver to ${at} ${to}: ${pktName(p.type)} ${quorumMessageZxid(p).toString(16)}`);
    if (at === 'learner') this.checkCommit(link, p);
    this.nodes.get(to)!.linkDelivered(link, at, p);
  }

  /**
   * Z1: a COMMIT names a txn the learner has: received as a PROPOSAL on this link, in its log,
   * or already applied (docs/zookeeper-bugs.md item 19: "a COMMIT for a txn it never saw is a bug").
   */
  private checkCommit(link: SimLink, p: QuorumMessage): void {
    const node = this.nodes.get(link.learner)!;
    if (!node.up || node.incarnation !== link.learnerInc || link !== node.leaderLink) return;
    let seen = this.proposalsSeen.get(link);
    if (!seen) this.proposalsSeen.set(link, (seen = new Set()));
    if (p.type === Pkt.PROPOSAL || p.type === Pkt.INFORM) seen.add(p.txn.zxid);
    if (p.type !== Pkt.COMMIT) return;
    const z = p.zxid;
    const has = seen.has(z) || node.peer!.replica.lastApplied >= z || node.storage!.readLog(prevZxid(z), z).length === 1;
    if (!has) this.checker.violation('Z1 commits name known txns', `server ${node.sid} got COMMIT ${hex(z)} on ${link} for a txn it never received`);
  }

  // ---------------------------------------------------------------- PeerNodeHost

  sendDatagram(from: Sid, to: Sid, bytes: Uint8Array): void {
    for (const h of [...this.datagramHooks]) if (h(from, to, bytes) === 'drop') return;
    this.network.send(from, to, { kind: 'datagram', bytes });
  }

  /** Sees every election datagram a server sends (scenarios: capture, drop, replay later). */
  onDatagram(h: DatagramHook): () => void {
    this.datagramHooks.push(h);
    return () => this.datagramHooks.splice(this.datagramHooks.indexOf(h), 1);
  }

  /** Puts bytes on the datagram network as if `from` had sent them (replays, junk). */
  injectDatagram(from: Sid, to: Sid, bytes: Uint8Array): void {
    this.network.send(from, to, { kind: 'datagram', bytes });
  }

  /**
   * One attempt to open a quorum link from `node` to `leader` (the interpreter retries, as over
   * TCP): it takes 1-5 ms to find the leader's port open (both directions uncut, the process
   * up) or not; the leader accepts at once, and the learner's connect completes when the SYN-ACK
   * is back, 1-5 ms later, before anything the leader sends on the link arrives.
   */
  connectAttempt(node: PeerNode, leader: Sid, done: (r: ConnectResult<SimLinkPort>) => void): void {
    const inc = node.incarnation;
    const alive = (): boolean => node.up && node.incarnation === inc;
    this.world.after(1 + this.rng.int(5), () => {
      if (!alive()) return;
      const target = this.nodes.get(leader);
      const reachable = target !== undefined && target.up && !this.network.isCut(node.sid, leader) && !this.network.isCut(leader, node.sid);
      if (!reachable) return done({ error: 'connection refused or timed out' });
      const link = this.links.establish(node.sid, inc, leader, target.incarnation);
      this.trace.text(`${this.world.nowMs} ${link} connect`);
      this.world.after(1 + this.rng.int(5), () => {
        if (!alive()) {
          this.links.close(link, 'learner', 'connect abandoned');
          return;
        }
        // The leader closed it (or died) before the connect completed: the connect fails.
        if (!link.open.learner || link.broken) {
          this.links.close(link, 'learner', 'connect failed');
          return done({ error: 'connection reset' });
        }
        done({ link: node.learnerEnd(link) });
      });
      target.acceptLearner(link);
    });
  }

  clientEffect(node: PeerNode, e: ClientEffect): void {
    const c = this.conns.get(e.conn);
    if (!c || c.server !== node.sid || c.inc !== node.incarnation) return;
    if (e.kind === 'close') this.conns.delete(e.conn);
    const due = Math.max(this.world.nowMs + 1 + this.clientRng.int(3), c.toClientDue);
    c.toClientDue = due;
    this.world.at(due, () => c.client.receive(e.conn, e));
  }

  note(line: string): void {
    this.trace.text(`${this.world.nowMs} ${line}`);
    if (this.verbose) this.o.log?.(`${this.world.nowMs} ${line}`);
  }

  log(line: string): void {
    this.o.log?.(line);
  }

  // ---------------------------------------------------------------- ClientHost

  servers(): Sid[] {
    return [...this.nodes.keys()];
  }

  newConnId(): ConnId {
    return asConnId(this.nextConn++);
  }

  toServer(client: SimClient, server: Sid, conn: ConnId, m: ClientMessage): void {
    let c = this.conns.get(conn);
    if (!c) {
      if (m.kind !== 'connect') return;
      c = { client, server, inc: -1, toServerDue: 0, toClientDue: 0 };
      this.conns.set(conn, c);
    }
    const cc = c;
    const due = Math.max(this.world.nowMs + 1 + this.clientRng.int(3), cc.toServerDue);
    cc.toServerDue = due;
    this.world.at(due, () => {
      const node = this.node(server);
      if (m.kind === 'connect') {
        if (!node.up) {
          this.conns.delete(conn);
          client.reset(conn); // connection refused
          return;
        }
        cc.inc = node.incarnation;
        node.clientConnect(conn, m.req, `10.1.0.${client.id}:${40000 + conn}`);
        return;
      }
      if (!node.up || node.incarnation !== cc.inc) return;
      if (m.kind === 'request') node.clientRequest(conn, m.xid, m.req);
      else {
        this.conns.delete(conn);
        node.clientDisconnect(conn);
      }
    });
  }

  addClient(opts: Partial<ClientOptions> = {}): SimClient {
    const id = this.clients.length + 1;
    const tick = this.config.tickTime;
    const full: ClientOptions = {
      id,
      keys: 3,
      sessionTimeoutMs: 15 * tick,
      opTimeoutMs: 10 * tick,
      connectTimeoutMs: 8 * tick,
      thinkMinMs: 5,
      thinkMaxMs: 120,
      auto: false,
      ...opts,
    };
    const c = new SimClient(full, this, new SeededRng(deriveSeed(this.seed, `client-${id}`)));
    this.clients.push(c);
    return c;
  }

  /** A scripted operation from a client; run the world until it completes. */
  perform(client: SimClient, spec: OpSpec, timeoutMs = 10_000): HistoryOp {
    client.start();
    const op = client.submit(spec);
    this.runUntil(() => op.outcome !== 'pending', timeoutMs);
    return op;
  }

  // ---------------------------------------------------------------- views

  /** The established leader every live server follows, if the ensemble has converged. */
  convergedLeader(): Sid | null {
    const live = [...this.nodes.values()].filter((n) => n.up);
    const leader = live.find((n) => n.peer!.role === 'leading' && n.serving);
    if (!leader) return null;
    const epoch = leader.peer!.epoch;
    const ok = live.every((n) => n.serving && n.peer!.epoch === epoch && (n === leader || n.peer!.currentLeaderId === leader.sid));
    return ok ? leader.sid : null;
  }

  /** The server that is established as leader right now (there may be a stale one, too). */
  leaders(): Sid[] {
    return [...this.nodes.values()].filter((n) => n.up && n.peer!.role === 'leading' && n.serving).map((n) => n.sid);
  }

  /** Converged, every live server applied as much as the leader committed, and nothing pending. */
  quiescent(): boolean {
    const leader = this.convergedLeader();
    if (leader === null) return false;
    const lp = this.node(leader).peer!;
    const committed = lp.leader?.committedZxid ?? -1n;
    const live = [...this.nodes.values()].filter((n) => n.up);
    return live.every((n) => n.peer!.replica.lastApplied === committed && n.peer!.replica.pending.size === 0);
  }

  roles(): string {
    return [...this.nodes.values()]
      .map((n) => {
        if (!n.up) return `${n.sid}:down`;
        const p = n.peer!;
        return `${n.sid}:${p.role}${n.serving ? '+' : ''}${p.currentLeaderId !== null ? `→${p.currentLeaderId}` : ''}@e${p.epoch}/${p.epochs.acceptedEpoch}.${p.epochs.currentEpoch} applied ${hex(p.replica.lastApplied)} logged ${hex(p.lastLogged)}`;
      })
      .join('; ');
  }

  // ---------------------------------------------------------------- checks

  /**
   * The checks after a run: P2/P4 over every trail, final agreement and P3 over the live servers,
   * P6 over the client history. Call once the cluster is quiescent (or pass `agreement: false`).
   */
  check(opts: { agreement?: boolean } = {}): CheckResult {
    const live = [...this.nodes.values()].filter((n) => n.up);
    this.checker.checkTrails();
    if (opts.agreement ?? true) {
      this.checker.checkAgreement(live);
      for (const op of this.history.ops) {
        if (op.outcome !== 'ok' || !(op.kind === 'create' || op.kind === 'set' || op.kind === 'delete') || op.replyZxid === null) continue;
        const missing = this.checker.appliedEverywhere(op.replyZxid, live);
        if (missing.length > 0) {
          this.checker.violation('P3 acknowledged write lost', `write at ${hex(op.replyZxid)} (client ${op.client} #${op.id}) not applied on live server(s) ${missing.join(',')}`);
        }
      }
    }
    const seq = this.checker.sequence().map((c) => ({ zxid: c.zxid, txn: c.txn }));
    const h = checkHistory(seq, this.history.ops, this.world.nowMs);
    this.checker.violations.push(...h.violations);
    this.checker.violations.push(...checkBlackBox(this.history.ops, this.world.nowMs));
    return { violations: [...this.checker.violations].sort((a, b) => a.atMs - b.atMs), stats: h.stats };
  }
}
