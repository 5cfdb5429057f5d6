/**
 * One simulated run of the whole ensemble (election + Zab + clients) from a seed:
 *
 * 1. Cold start: every server boots within 50 ms, calm links; the ensemble must converge.
 * 2. Chaos, with clients running: `steps` nemesis actions 100..2500 ms apart, drawn from the
 *    run's swarm profile: crashes (losing unflushed writes, or, sometimes, after the OS flushed
 *    them), restarts, symmetric / isolating / one-way partitions (quorum links crossing a cut
 *    stall or reset), datagram loss, duplication, garbling, delay and reordering (election
 *    only: quorum links are TCP), slow disks, disks that fail every write (the server must go
 *    down and stay down until the disk is repaired), quorum-link latency, and *traps*: a crash of the
 *    server that next receives a given Zab packet (FOLLOWERINFO, LEADERINFO, ACKEPOCH, DIFF,
 *    TRUNC, SNAP, SNAP_CHUNK, NEWLEADER, UPTODATE, PROPOSAL, ACK, COMMIT...) or carries out a
 *    given effect (persistEpochs, persist, truncate, replaceState, snapshot, establishing), just
 *    before or just after it: crashes in the middle of discovery, sync and broadcast.
 * 3. Liveness: heal everything, normal disks, restart every server but as many voters as a
 *    quorum can spare. Within the bound a leader must be established by all live servers, and
 *    a fresh client's write must succeed.
 * 4. Quiescence: clients stop; every live server catches up; then every checker runs (P1-P6,
 *    final agreement, storage contract; see zab-checker.ts and linearizability.ts).
 */
import { SeededRng } from '../base/clock.js';
import type { ElectionAlgorithm } from '../election/types.js';
import { electionBackoffMs } from './election-sim.js';
import type { PeerEffect } from '../peer/quorum-peer.js';
import { Pkt, pktName, quorumMessageZxid } from '../wire/quorum.js';
import { CALM_LINKS, COLD_START_LINKS, drawProfile, MIN_DOWNTIME_MS, Nemesis } from './nemesis.js';
import type { Sid } from './network.js';
import { DEFAULT_DISK } from './peer-node.js';
import type { LinkEnd } from './quorum-links.js';
import { DEFAULT_LINK_TIMING } from './quorum-links.js';
import type { LinearizabilityStats } from './linearizability.js';
import { deriveSeed } from './trace.js';
import { exceptionViolation } from './exceptions.js';
import type { Violation } from './zab-checker.js';
import { TIMING, ZabCluster } from './zab-cluster.js';

export interface ZabSimOptions {
  seed: number;
  servers: number;
  observers?: number;
  algorithm: ElectionAlgorithm;
  steps?: number | undefined;
  clients?: number | undefined;
  /** Servers serve their tree from storage (ClusterOptions.storedTree). */
  storedTree?: boolean | undefined;
  verbose?: boolean;
  log?: (line: string) => void;
}

export interface ZabSimResult {
  seed: number;
  ok: boolean;
  traceHash: string;
  violations: Violation[];
  replay: string;
  stats: {
    virtualMs: number;
    events: number;
    establishments: number;
    highestEpoch: number;
    applies: number;
    snaps: number;
    committed: number;
    crashes: number;
    traps: number;
    trapsSprung: string[];
    convergedAfterMs: number | null;
    livenessBoundMs: number;
    history: LinearizabilityStats;
    ops: number;
    faults: string[];
  };
}

type Trap =
  | { kind: 'recv'; pkt: number; at: LinkEnd; when: 'before' | 'after'; skip: number; flush: boolean }
  | { kind: 'effect'; effect: string; when: 'before' | 'after'; skip: number; flush: boolean };

const RECV_TRAPS: Array<[number, LinkEnd]> = [
  [Pkt.FOLLOWERINFO, 'leader'],
  [Pkt.OBSERVERINFO, 'leader'],
  [Pkt.LEADERINFO, 'learner'],
  [Pkt.ACKEPOCH, 'leader'],
  [Pkt.DIFF, 'learner'],
  [Pkt.TRUNC, 'learner'],
  [Pkt.SNAP, 'learner'],
  [Pkt.SNAP_CHUNK, 'learner'],
  [Pkt.SNAP_END, 'learner'],
  [Pkt.NEWLEADER, 'learner'],
  [Pkt.ACK, 'leader'],
  [Pkt.UPTODATE, 'learner'],
  [Pkt.PROPOSAL, 'learner'],
  [Pkt.COMMIT, 'learner'],
  [Pkt.INFORM, 'learner'],
  [Pkt.REQUEST, 'leader'],
];
const EFFECT_TRAPS = ['persistEpochs', 'persist', 'truncate', 'replaceState', 'snapshot', 'established', 'store'];
const SYNC_PACKETS = new Set<number>([
  Pkt.FOLLOWERINFO, Pkt.OBSERVERINFO, Pkt.LEADERINFO, Pkt.ACKEPOCH, Pkt.DIFF, Pkt.TRUNC, Pkt.SNAP, Pkt.SNAP_CHUNK, Pkt.SNAP_END, Pkt.NEWLEADER, Pkt.UPTODATE,
]);
const SYNC_EFFECTS = new Set(['persistEpochs', 'truncate', 'replaceState', 'snapshot', 'established']);

const COLD_START_MS = 10_000;
const PROBE_MS = 100;

export function zabReplayCommand(o: ZabSimOptions): string {
  const observers = o.observers ? ` --observers ${o.observers}` : '';
  const steps = o.steps !== undefined ? ` --steps ${o.steps}` : '';
  const clients = o.clients !== undefined ? ` --clients ${o.clients}` : '';
  const stored = o.storedTree ? ' --stored-tree' : '';
  return `bin/zk-sim --zab --seed ${o.seed} --servers ${o.servers} --election ${o.algorithm}${observers}${steps}${clients}${stored}`;
}

/** After a quorum can talk: election (with its longest back-off), discovery + sync, slack. */
export function zabLivenessBoundMs(algorithm: ElectionAlgorithm): number {
  return electionBackoffMs(algorithm) + 2 * (TIMING.initLimit + TIMING.syncLimit) * TIMING.tickTime + 10_000;
}

export function runZabSim(o: ZabSimOptions): ZabSimResult {
  return new ZabSim(o).run();
}

class ZabSim {
  readonly c: ZabCluster;
  private readonly nemesis: Nemesis;
  private readonly rng: SeededRng;
  private readonly extra: Violation[] = [];
  private trap: Trap | null = null;
  private trapArmedMs = 0;
  private traps = 0;
  private readonly sprung: string[] = [];
  private convergedAfterMs: number | null = null;

  constructor(private readonly o: ZabSimOptions) {
    const dataRng = new SeededRng(deriveSeed(o.seed, 'zab-params'));
    this.c = new ZabCluster({
      seed: o.seed,
      servers: o.servers,
      observers: o.observers,
      algorithm: o.algorithm,
      // Small retention in some runs, so that learners far behind get a SNAP.
      logRetain: [8, 30, 1000][dataRng.int(3)],
      snapChunkBytes: [150, 300, 600, 1200][dataRng.int(4)],
      storedTree: o.storedTree,
      verbose: o.verbose,
      log: o.log,
    });
    // Some runs have slow disks everywhere: wide windows between a write and its flush.
    if (dataRng.next() < 0.3) for (const sid of this.c.nodes.keys()) this.c.node(sid).diskModel = { ...DEFAULT_DISK, latencyMinMs: 5, latencyMaxMs: 60 + dataRng.int(200) };
    const nemesisRng = new SeededRng(deriveSeed(o.seed, 'nemesis'));
    this.nemesis = new Nemesis(nemesisRng, drawProfile(nemesisRng));
    this.rng = new SeededRng(deriveSeed(o.seed, 'zab-nemesis'));
    this.c.onDeliver((link, at, p) => {
      const t = this.trap;
      if (!t || t.kind !== 'recv' || t.pkt !== p.type || t.at !== at) return;
      if (t.skip-- > 0) return;
      const victim = at === 'leader' ? link.leader : link.learner;
      this.spring(victim, `receiving ${pktName(p.type)} ${quorumMessageZxid(p).toString(16)} from ${at === 'leader' ? link.learner : link.leader}`, t);
      return t.when === 'before' ? 'drop' : undefined;
    });
    this.c.onEffect((node, e) => {
      const t = this.trap;
      if (!t || t.kind !== 'effect' || effectName(e) !== t.effect) return;
      if (t.skip-- > 0) return;
      this.spring(node.sid, `${t.when} ${t.effect}`, t);
    });
  }

  private spring(victim: Sid, what: string, t: Trap): void {
    this.trap = null;
    this.sprung.push(`${this.c.nowMs} server ${victim} ${what}`);
    this.c.fault(`trap: crash ${victim} ${t.when} ${what}`);
    if (t.when === 'before') this.c.crash(victim, { flushFirst: t.flush });
    else this.c.world.after(0, () => this.c.crash(victim, { flushFirst: t.flush }));
  }

  run(): ZabSimResult {
    const bound = zabLivenessBoundMs(this.o.algorithm);
    try {
      this.coldStart();
      const nClients = this.o.clients ?? Math.max(3, this.o.servers - 1);
      // Some clients give up on a silent server quickly (sooner than syncLimit): they move to
      // another server while requests may still be on their way from the old one.
      const timeoutRng = new SeededRng(deriveSeed(this.o.seed, 'client-timeouts'));
      for (let i = 0; i < nClients; i++) {
        const opTimeoutMs = [300, 600, 2000][timeoutRng.int(3)]!;
        this.c.addClient({ auto: true, keys: 3, opTimeoutMs, connectTimeoutMs: Math.max(opTimeoutMs!, 800) }).start(i * 7);
      }
      const calmFrom = this.chaos();
      this.liveness(calmFrom, bound);
      this.quiesce();
    } catch (e) {
      this.extra.push(exceptionViolation(this.c.nowMs, e));
    }
    let stats: LinearizabilityStats = { writes: 0, writesOk: 0, writesInfo: 0, infoTookEffect: 0, syncReads: 0, localReads: 0, staleLocalReads: 0 };
    let violations: Violation[] = [];
    try {
      const r = this.c.check({ agreement: this.extra.length === 0 });
      stats = r.stats;
      violations = r.violations;
    } catch (e) {
      this.extra.push(exceptionViolation(this.c.nowMs, e, 'checker: '));
      violations = [...this.c.checker.violations];
    }
    violations = [...violations, ...this.extra].sort((a, b) => a.atMs - b.atMs);
    return {
      seed: this.o.seed,
      ok: violations.length === 0,
      traceHash: this.c.trace.hex(),
      violations,
      replay: zabReplayCommand(this.o),
      stats: {
        virtualMs: this.c.nowMs,
        events: this.c.world.eventsRun,
        establishments: this.c.checker.establishments.length,
        highestEpoch: this.c.checker.highestEpoch(),
        applies: this.c.checker.applies,
        snaps: this.c.checker.snaps,
        committed: this.c.checker.committed.size,
        crashes: this.c.faults.filter((f) => / crash /.test(f)).length,
        traps: this.traps,
        trapsSprung: this.sprung,
        convergedAfterMs: this.convergedAfterMs,
        livenessBoundMs: bound,
        history: stats,
        ops: this.c.history.ops.filter((op) => op.invoke >= 0).length,
        faults: this.c.faults,
      },
    };
  }

  // ---------------------------------------------------------------- phases

  private coldStart(): void {
    this.c.setDatagramQuality({ ...COLD_START_LINKS });
    const bootRng = new SeededRng(deriveSeed(this.o.seed, 'boot'));
    for (const sid of this.c.nodes.keys()) this.c.world.at(bootRng.int(51), () => this.c.boot(sid));
    const ok = this.c.runUntil(() => this.c.convergedLeader() !== null, COLD_START_MS, PROBE_MS);
    if (!ok) this.extra.push({ atMs: this.c.nowMs, property: 'cold-start liveness', detail: `no leader after ${COLD_START_MS} ms: ${this.c.roles()}` });
  }

  private chaos(): number {
    const steps = this.o.steps ?? 25;
    const gapRng = new SeededRng(deriveSeed(this.o.seed, 'gaps'));
    for (let i = 0; i < steps; i++) {
      this.c.runFor(100 + gapRng.int(2400));
      this.act();
    }
    this.c.runFor(gapRng.int(2000));
    return this.c.nowMs;
  }

  private act(): void {
    const r = this.rng.next();
    if (r < 0.2 && this.armTrap()) return;
    if (r < 0.27) return this.diskFault();
    if (r < 0.31) return this.linkTiming();
    if (r < 0.37) return this.quorumCrash();
    if (r < 0.45) return this.hiccup();
    const view = {
      sids: [...this.c.nodes.keys()],
      isUp: (sid: Sid) => this.c.node(sid).up,
      downSinceMs: (sid: Sid) => this.c.node(sid).downSinceMs,
      nowMs: this.c.nowMs,
    };
    const a = this.nemesis.next(view);
    if (a === null) return;
    switch (a.kind) {
      case 'crash':
        return this.c.crash(a.sid, { flushFirst: this.rng.next() < 0.25 });
      case 'restart':
        return this.c.restart(a.sid);
      case 'partition':
        return this.c.partition(a.groups);
      case 'one-way':
        return this.c.cutOneWay(a.from, a.to);
      case 'heal':
        return this.c.heal();
      case 'links':
        return this.c.setDatagramQuality(a.quality);
    }
  }

  /** Returns false when a trap is still armed (and recent): the step goes to the nemesis. */
  private armTrap(): boolean {
    if (this.trap !== null && this.c.nowMs - this.trapArmedMs < 5_000) return false;
    this.trapArmedMs = this.c.nowMs;
    this.traps++;
    const when = this.rng.next() < 0.5 ? 'before' : 'after';
    const skip = this.rng.int(2);
    const flush = this.rng.next() < 0.2;
    let resync: boolean;
    if (this.rng.next() < 0.6) {
      const observers = (this.o.observers ?? 0) > 0;
      const kinds = RECV_TRAPS.filter(([p]) => observers || (p !== Pkt.OBSERVERINFO && p !== Pkt.INFORM));
      const [pkt, at] = kinds[this.rng.int(kinds.length)]!;
      this.trap = { kind: 'recv', pkt, at, when, skip, flush };
      this.c.fault(`arm trap: crash the ${at} ${when} it receives ${pktName(pkt)} (skip ${skip})`);
      resync = SYNC_PACKETS.has(pkt);
    } else {
      const effect = EFFECT_TRAPS[this.rng.int(EFFECT_TRAPS.length)];
      this.trap = { kind: 'effect', effect: effect!, when, skip, flush };
      this.c.fault(`arm trap: crash a server ${when} it carries out ${effect} (skip ${skip})`);
      resync = SYNC_EFFECTS.has(effect!);
    }
    // Discovery and sync happen around elections: provoke one (a new epoch, or a rejoin).
    if (resync) {
      const leader = this.c.leaders()[0];
      const up = [...this.c.nodes.values()].filter((n) => n.up && n.sid !== leader).map((n) => n.sid);
      if (leader !== undefined && this.rng.next() < 0.5) this.c.crash(leader);
      else if (up.length > 0) this.c.crash(up[this.rng.int(up.length)]!);
    }
    return true;
  }

  /** A short one-way stall, mostly of a learner's link to its leader (less than syncLimit). */
  private hiccup(): void {
    const leader = this.c.leaders()[0];
    const sids = [...this.c.nodes.keys()];
    const from = sids[this.rng.int(sids.length)]!;
    const to = leader !== undefined && from !== leader && this.rng.next() < 0.7 ? leader : sids.filter((s) => s !== from)[this.rng.int(sids.length - 1)]!;
    this.c.hiccup(from, to, 100 + this.rng.int(800));
  }

  /** A "quorum crash" (docs/zookeeper-bugs.md): a majority of the voters at once, each losing its unflushed writes. */
  private quorumCrash(): void {
    const up = this.c.voters.filter((s) => this.c.node(s).up);
    const n = Math.floor(this.c.voters.length / 2) + 1;
    for (let i = up.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [up[i], up[j]] = [up[j]!, up[i]!];
    }
    this.c.fault(`quorum crash: ${up.slice(0, n).join(',')}`);
    for (const sid of up.slice(0, n)) this.c.crash(sid);
  }

  private diskFault(): void {
    const sids = [...this.c.nodes.keys()];
    const sid = sids[this.rng.int(sids.length)]!;
    const r = this.rng.next();
    // A disk that fails every write: the server must stop (and stay down until repaired).
    if (r < 0.12) return this.c.failDisk(sid);
    if (r < 0.2) return this.c.repairDisk(sid);
    if (this.rng.next() < 0.5) this.c.setDisk(sid, { latencyMinMs: 20, latencyMaxMs: [100, 400, 1500][this.rng.int(3)]! });
    else this.c.setDisk(sid, { ...DEFAULT_DISK, partialRate: [0, 0.2, 0.6][this.rng.int(3)]! });
  }

  private linkTiming(): void {
    const max = [5, 20, 80, 200][this.rng.int(4)];
    const resetRate = [0, 0.5, 1][this.rng.int(3)];
    this.c.links.timing = { ...DEFAULT_LINK_TIMING, delayMaxMs: max!, resetRate: resetRate! };
    this.c.fault(`quorum links delay 1..${max}ms, reset rate ${resetRate}`);
  }

  /**
   * In half the runs that end the chaos with a voter's disk failing (when a quorum can spare
   * that voter), the disk stays failed through the liveness phase and the server is restarted
   * on it: it must go down and stay down while the others converge without it (issue 8,
   * finding 5: a server whose storage failed kept winning elections and left the ensemble
   * without a leader). A separate stream of draws, so that other runs are unchanged.
   */
  private brokenThroughLiveness(spare: number): Sid | null {
    if (spare < 1) return null;
    const failing = this.c.voters.filter((s) => this.c.node(s).diskModel.failing);
    if (failing.length === 0) return null;
    const rng = new SeededRng(deriveSeed(this.o.seed, 'liveness-disk'));
    if (rng.next() < 0.5) return null;
    const sid = failing[rng.int(failing.length)]!;
    this.c.fault(`liveness with the disk of ${sid} still failing`);
    return sid;
  }

  private liveness(startMs: number, bound: number): void {
    this.trap = null;
    this.c.heal();
    const spare = this.c.voters.length - (Math.floor(this.c.voters.length / 2) + 1);
    const broken = this.brokenThroughLiveness(spare);
    this.c.resetDisks();
    if (broken !== null) this.c.failDisk(broken);
    this.c.setDatagramQuality({ ...CALM_LINKS });
    this.c.links.timing = { ...DEFAULT_LINK_TIMING };
    const keepDown = new Set(broken === null ? this.nemesis.keepDown(this.c.voters, spare) : this.nemesis.keepDown(this.c.voters.filter((s) => s !== broken), spare - 1));
    let quorumAtMs = startMs;
    let brokenRestarted = true;
    for (const [sid, node] of this.c.nodes) {
      if (keepDown.has(sid)) {
        if (node.up) this.c.crash(sid);
      } else if (!node.up) {
        const at = Math.max(startMs, node.downSinceMs + MIN_DOWNTIME_MS);
        // The others must not wait for the broken server: it is restarted only to try.
        if (sid !== broken) quorumAtMs = Math.max(quorumAtMs, at);
        else brokenRestarted = false;
        this.c.world.at(at, () => {
          this.c.restart(sid);
          if (sid === broken) brokenRestarted = true;
        });
      }
    }
    const deadline = quorumAtMs + bound;
    const converged = this.c.runUntil(() => this.c.nowMs >= quorumAtMs && this.c.convergedLeader() !== null, deadline - this.c.nowMs, PROBE_MS);
    if (!converged) {
      this.extra.push({ atMs: this.c.nowMs, property: 'liveness', detail: `no leader followed by every live server within ${bound} ms of a quorum being able to talk: ${this.c.roles()}` });
      return;
    }
    this.convergedAfterMs = this.c.nowMs - quorumAtMs;
    // Progress: a fresh client's write must succeed.
    const probe = this.c.addClient({ auto: false });
    probe.start();
    // Retried while the outcome is unknown (a connection broke), until the bound.
    const until = this.c.nowMs + 30_000;
    const attempt = (kind: 'create' | 'set', value: string) => {
      for (;;) {
        const op = probe.submit({ kind, key: '/probe', value });
        this.c.runUntil(() => op.outcome !== 'pending', until - this.c.nowMs, PROBE_MS);
        if (op.outcome !== 'info' || this.c.nowMs >= until) return op;
      }
    };
    const create = attempt('create', 'created');
    const set = attempt('set', 'after-heal');
    if (set.outcome !== 'ok') {
      this.extra.push({ atMs: this.c.nowMs, property: 'liveness', detail: `a write after the heal did not succeed (create ${create.outcome}, set ${set.outcome} ${set.err}): ${this.c.roles()}` });
    }
    // The server on the failed disk, once restarted, must stop at its first write, and not
    // come back: it never serves (checked with every role change) and never stays up.
    if (broken !== null) {
      const down = this.c.runUntil(() => brokenRestarted && !this.c.node(broken).up, bound, PROBE_MS);
      if (!down) this.extra.push({ atMs: this.c.nowMs, property: 'failed storage stops', detail: `server ${broken} runs on a failed disk ${bound} ms after the heal: ${this.c.roles()}` });
    }
  }

  private quiesce(): void {
    for (const cl of this.c.clients) cl.stopGenerating();
    const ok = this.c.runUntil(() => this.c.quiescent() && this.c.clients.every((cl) => !cl.busy), 60_000, PROBE_MS);
    if (!ok) this.extra.push({ atMs: this.c.nowMs, property: 'quiescence', detail: `the ensemble did not settle: ${this.c.roles()}` });
    // A little more time: late replies and commits arrive.
    this.c.runFor(500);
    this.checkStoredIndexes();
  }

  /**
   * Every server's storage holds the tree's index its nodes imply (storage/api.ts TreeIndex):
   * the owners and totals the trees sent with their batches never drifted from the nodes.
   */
  private checkStoredIndexes(): void {
    const text = (i: { totals: { nodes: number; dataSize: number }; owners: [string, bigint][] }): string =>
      `${i.totals.nodes} nodes, ${i.totals.dataSize} bytes; owners ${i.owners.map(([p, o]) => `${p}=${o}`).join(' ')}`;
    for (const sid of this.c.nodes.keys()) {
      const storage = this.c.node(sid).storage;
      if (!storage || !this.c.node(sid).up) continue;
      const kept = text(storage.readIndex());
      const implied = text(storage.indexFromNodes());
      if (kept !== implied) this.extra.push({ atMs: this.c.nowMs, property: 'stored index', detail: `server ${sid} keeps the index ${kept}, its nodes imply ${implied}` });
    }
  }
}

function effectName(e: PeerEffect): string {
  if (e.kind === 'role') return e.role === 'leading' && e.serving ? 'established' : 'role';
  return e.kind;
}
