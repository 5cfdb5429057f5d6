/**
 * One run of the fault bench: network and servers up, clients and nemesis for the duration,
 * everything healed, final reads, end checks, the linearizability verdict, and the teardown
 * (always: also on an exception, Ctrl-C or SIGTERM). See docs/chaos.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  checkPartitioned,
  childSetModel,
  formatCounterexample,
  HistoryVerdict,
  Model,
  PartitionedOperation,
  registerModel,
  sequenceModel,
} from '../lincheck/index.js';
import type { ZooKeeperClient } from '../client/index.js';
import { compareTrees, dumpTree, ephemeralsLeft, lostWrites, TreeDump, zxidRegressions } from './checks.js';
import { Cluster, Target } from './cluster.js';
import { buildNative } from './native.js';
import { CrashRecord, FaultRecord, Nemesis } from './nemesis.js';
import { Lan, removeLeftovers } from './network.js';
import { makeSchedule, NemesisKind, ScheduledFault } from './schedule.js';
import {
  GENERATION_MS,
  HistoryOp,
  REGISTER_GROUPS,
  registerKeys,
  sequence,
  sequenceParent,
  childSet,
  setParent,
  sleep,
  withTimeout,
  Workload,
} from './workload.js';

export interface BenchOptions {
  target: Target;
  servers: number;
  durationSec: number;
  nemesis: NemesisKind[];
  seed: number;
  clients: number;
  keep: boolean;
  /** Parent of the run directory. */
  dir?: string | undefined;
  tickTime?: number;
  /** Progress lines (stderr by default). */
  progress?: (line: string, transient: boolean) => void;
}

export interface Report {
  target: Target;
  servers: number;
  durationSec: number;
  nemesis: NemesisKind[];
  seed: number;
  clients: number;
  runDir: string | null;
  operations: { tried: number; ok: number; failed: number; indeterminate: number; finalReads: number };
  faults: (FaultRecord & { kindCount?: number })[];
  faultsByKind: Record<string, number>;
  crashes: CrashRecord[];
  lostWrites: string[];
  endChecks: {
    serversChecked: number[];
    unreachable: string[];
    treeNodes: number;
    treeDifferences: string[];
    zxidRegressions: string[];
    ephemeralsLeft: string[];
    sessions: number;
  };
  linearizability: {
    verdict: HistoryVerdict['verdict'];
    operations: number;
    partitions: number;
    searchMs: number;
    failures: { partition: string; explanation: string; counterexample: string[] }[];
    unknown: string[];
  };
  unavailability: { longestMs: number; fromMs: number; toMs: number };
  ok: boolean;
}

const SESSION_TIMEOUT = 4000;
const MAX_SESSION_TIMEOUT = 10_000;

/** Cleanups to run, last registered first, on any exit path. */
const cleanups: (() => Promise<void>)[] = [];
let signalsInstalled = false;

async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const c = cleanups.pop()!;
    try {
      await c();
    } catch (e) {
      process.stderr.write(`cleanup: ${(e as Error).message}\n`);
    }
  }
}

/** Set once a signal (or a stray exception) ends the bench: the main flow must not report then. */
export let terminating = false;

function installSignalHandlers(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  const terminate = (why: string, code: number) => {
    if (terminating) return;
    terminating = true;
    process.stderr.write(`\n${why}: removing the bench's servers, namespaces and switch...\n`);
    void runCleanups().finally(() => process.exit(code));
  };
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) process.on(sig, () => terminate(sig, code));
  process.on('uncaughtException', (e) => terminate(`internal error: ${e.stack ?? e}`, 2));
}

export async function runBench(o: BenchOptions): Promise<Report> {
  installSignalHandlers();
  try {
    return await runInner(o);
  } finally {
    await runCleanups();
  }
}

async function runInner(o: BenchOptions): Promise<Report> {
  const progress = o.progress ?? ((line: string) => process.stderr.write(line + '\n'));
  const runDir = mkdtempSync(join(o.dir ?? tmpdir(), 'zk-chaos-'));
  mkdirSync(runDir, { recursive: true });
  cleanups.push(async () => {
    if (!o.keep) rmSync(runDir, { recursive: true, force: true });
  });
  const removed = await removeLeftovers();
  if (removed.length > 0) progress(`removed leftovers of an earlier run: ${removed.join(', ')}`, false);

  const native = buildNative(runDir);
  const lan = new Lan(o.servers, native.lanSwitch, o.seed);
  cleanups.push(() => lan.down());
  await lan.up();

  // Times in the event log are relative to the start of the load, like the history's (0 before it).
  let t0: number | null = null;
  const now = () => (t0 === null ? 0 : performance.now() - t0);
  const events: string[] = [];
  const log = (line: string) => {
    const text = `${(now() / 1000).toFixed(1).padStart(6)} s  ${line}`;
    events.push(text);
    progress(text, false);
  };
  let nemesis: Nemesis | null = null;
  const cluster = new Cluster({
    target: o.target,
    servers: o.servers,
    lan,
    dir: runDir,
    diskShim: native.diskShim,
    tickTime: o.tickTime ?? 250,
    maxSessionTimeout: MAX_SESSION_TIMEOUT,
    onUnexpectedExit: (id, code, signal) => nemesis?.onUnexpectedExit(id, code, signal),
  });
  cleanups.push(() => cluster.stopAll());
  cluster.startAll();
  log(`${o.target}: ${o.servers} servers on ${lan.subnet}.0/24 (${o.servers > 0 ? cluster.connectString : ''}); run directory ${runDir}`);
  if (!(await cluster.waitHealthy(90_000))) {
    throw new Error(`the ensemble did not form within 90 s:\n${cluster.servers.map((s) => `--- server ${s.id}\n${cluster.logTail(s.id, 20)}`).join('\n')}`);
  }
  log(`ensemble up, leader: server ${await cluster.leader()}`);

  const durationMs = o.durationSec * 1000;
  const generations = Math.ceil(durationMs / GENERATION_MS) + 1;
  const workload = new Workload({ connectString: cluster.connectString, clients: o.clients, seed: o.seed, sessionTimeout: SESSION_TIMEOUT, generations });
  await setupTree(workload, generations);
  t0 = workload.t0;

  nemesis = new Nemesis(cluster, lan, () => workload.now(), log);
  // Runs before the cluster's own cleanup (cleanups run last registered first).
  const restarts = nemesis;
  cleanups.push(async () => restarts.finish());
  const schedule: ScheduledFault[] = makeSchedule({ seed: o.seed, durationMs, kinds: o.nemesis, servers: o.servers });
  let recovered = false;
  const ticker = setInterval(() => {
    const c = workload.counts;
    const t = workload.now() / 1000;
    progress(`[${t.toFixed(0).padStart(3)} s / ${o.durationSec} s] ops ${c.tried} (ok ${c.ok}, failed ${c.fail}, indeterminate ${c.info})`, true);
  }, 1000);
  try {
    workload.start();
    await nemesis.run(schedule, durationMs);
    await sleep(Math.max(0, durationMs - workload.now()));
    log('end of the fault period: healing everything');
    await nemesis.healAll();
    // Clients keep going while the cluster recovers: the writes that succeed now count too.
    const healthy = await cluster.waitHealthy(60_000);
    recovered = healthy;
    if (!healthy) log('the ensemble did not recover within 60 s of healing');
    else log(`recovered, leader: server ${await cluster.leader()}`);
    await workload.stop();
  } finally {
    clearInterval(ticker);
  }
  const workloadEnd = workload.now();

  // Final reads of every object, part of the history (they come after everything else). When
  // the ensemble did not recover they could only time out one by one, and would be dropped as
  // indeterminate reads anyway.
  const finalClient = workload.newClient();
  if (recovered && (await finalClient.connected(30_000).then(() => true, () => false))) await finalReads(workload, finalClient);
  await finalClient.close().catch(() => undefined);

  // Sessions end; their ephemerals must go (closed at once, or expired within the timeout).
  await workload.closeAll();
  const dumps = new Map<number, TreeDump>();
  const unreachable: string[] = [];
  let left: string[] = [];
  const deadline = Date.now() + 2 * MAX_SESSION_TIMEOUT + 5000;
  for (;;) {
    dumps.clear();
    unreachable.length = 0;
    for (const s of cluster.servers) {
      const c = workload.newClient(cluster.address(s.id));
      try {
        await c.connected(15_000);
        dumps.set(s.id, await withTimeout(dumpTree(c), 60_000));
      } catch (e) {
        unreachable.push(`server ${s.id}: ${(e as Error).message}`);
      } finally {
        await c.close().catch(() => undefined);
      }
    }
    left = [...new Set([...dumps.values()].flatMap(ephemeralsLeft))];
    if (left.length === 0 || Date.now() > deadline) break;
    await sleep(1000);
  }
  log('end checks done');

  const firstTree = dumps.values().next().value as TreeDump | undefined;
  const lost = firstTree ? [...new Set([...dumps.values()].flatMap((t) => lostWrites(workload.ops, t)))] : ['no server could be read'];
  const treeDifferences = compareTrees(dumps);

  // Linearizability.
  const started = performance.now();
  const partitioned: PartitionedOperation[] = workload.ops
    .filter((op) => !(op.outcome === 'info' && isRead(op)))
    .map((op) => ({
      id: op.id,
      process: op.worker,
      partition: op.object,
      input: op.input,
      output: op.outcome === 'info' ? undefined : op.output,
      call: op.call,
      ret: op.outcome === 'info' ? null : op.ret,
    }));
  const verdict = checkPartitioned(partitioned, modelFor);
  const searchMs = performance.now() - started;

  const unavailability = longestWriteGap(workload.ops, 0, workloadEnd);
  const counts = workload.counts;
  const finals = workload.ops.filter((op) => op.final).length;
  const faultsByKind: Record<string, number> = {};
  for (const f of nemesis.faults) faultsByKind[f.kind] = (faultsByKind[f.kind] ?? 0) + 1;
  const report: Report = {
    target: o.target,
    servers: o.servers,
    durationSec: o.durationSec,
    nemesis: o.nemesis,
    seed: o.seed,
    clients: o.clients,
    runDir: o.keep ? runDir : null,
    operations: { tried: counts.tried - finals, ok: counts.ok - finals, failed: counts.fail, indeterminate: counts.info, finalReads: finals },
    faults: nemesis.faults,
    faultsByKind,
    crashes: nemesis.crashes,
    lostWrites: lost,
    endChecks: {
      serversChecked: [...dumps.keys()],
      unreachable,
      treeNodes: firstTree?.size ?? 0,
      treeDifferences,
      zxidRegressions: zxidRegressions(workload.sessions),
      ephemeralsLeft: left,
      sessions: workload.sessions.length,
    },
    linearizability: {
      verdict: verdict.verdict,
      operations: verdict.operations,
      partitions: verdict.partitions.length,
      searchMs: Math.round(searchMs),
      failures: verdict.partitions
        .filter((p) => p.verdict === 'not linearizable')
        .map((p) => ({
          partition: p.partition,
          explanation: p.explanation ?? '',
          counterexample: p.counterexample ? formatCounterexample(modelFor(p.partition), p.counterexample) : [],
        })),
      unknown: verdict.partitions.filter((p) => p.verdict === 'unknown').map((p) => p.partition),
    },
    unavailability,
    ok: false,
  };
  report.ok =
    report.lostWrites.length === 0 &&
    report.linearizability.verdict === 'linearizable' &&
    treeDifferences.length === 0 &&
    unreachable.length === 0 &&
    report.endChecks.zxidRegressions.length === 0 &&
    left.length === 0;
  if (o.keep) {
    writeFileSync(join(runDir, 'history.jsonl'), workload.ops.map((op) => JSON.stringify(op, bigintJson)).join('\n') + '\n');
    writeFileSync(join(runDir, 'events.log'), events.join('\n') + '\n');
    writeFileSync(join(runDir, 'report.json'), JSON.stringify(report, bigintJson, 2) + '\n');
  }
  return report;
}

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `0x${value.toString(16)}` : value;
}

function isRead(op: HistoryOp): boolean {
  return op.input.f === 'read' || op.input.f === 'list';
}

export function modelFor(partition: string): Model {
  if (partition.startsWith('reg ')) return registerModel as Model;
  if (partition.startsWith('set ')) return childSetModel as Model;
  if (partition.startsWith('seq ')) return sequenceModel as Model;
  throw new Error(`no model for ${partition}`);
}

/** /chaos, /chaos/e, and the set and sequence parents of every generation the run can reach. */
async function setupTree(workload: Workload, generations: number): Promise<void> {
  const c = workload.newClient();
  try {
    await c.connected(30_000);
    const paths = ['/chaos', '/chaos/e'];
    for (let g = 0; g < generations; g++) paths.push(setParent(g), sequenceParent(g));
    for (let i = 0; i < paths.length; i += 50) {
      await c.multi(paths.slice(i, i + 50).map((path) => ({ type: 'create' as const, path, data: '' })));
    }
  } finally {
    await c.close().catch(() => undefined);
  }
}

/** One read of every object the workload touched, after healing. */
async function finalReads(workload: Workload, client: ZooKeeperClient): Promise<void> {
  for (const g of [...workload.generations].sort((a, b) => a - b)) {
    for (let i = 0; i < REGISTER_GROUPS; i++) {
      const keys = registerKeys(g, i);
      const input = { f: 'read' as const, keys };
      await workload.record(0, client, null, 'register', `reg ${keys[0].slice(0, -1)}`, input, false, () => workload.register(client, input), true);
    }
    const s = { f: 'list' as const };
    await workload.record(0, client, null, 'set', `set ${setParent(g)}`, s, false, () => childSet(client, setParent(g), s), true);
    await workload.record(0, client, null, 'sequence', `seq ${sequenceParent(g)}`, s, false, () => sequence(client, sequenceParent(g), s), true);
  }
}

/** The longest stretch of [from, to] without a successful write completing. */
export function longestWriteGap(ops: readonly HistoryOp[], from: number, to: number): { longestMs: number; fromMs: number; toMs: number } {
  const times = ops
    .filter((op) => op.write && op.outcome === 'ok' && op.ret !== null && !op.final)
    .map((op) => op.ret!)
    .sort((a, b) => a - b);
  let best = { longestMs: 0, fromMs: from, toMs: from };
  let prev = from;
  for (const t of [...times, to]) {
    if (t - prev > best.longestMs) best = { longestMs: Math.round(t - prev), fromMs: Math.round(prev), toMs: Math.round(t) };
    prev = Math.max(prev, t);
  }
  return best;
}
