/**
 * The figures that start, kill and restart servers: startup of fresh servers to the first
 * create, failover (SIGKILL the leader → the next write), and scale (fill a standalone server
 * with N znodes, kill -9, restart → first read).
 */
import { Err } from '../../wire/index.js';
import { Cluster, sleep, type ClusterOptions, type ServerKind } from './cluster.js';
import { driver as driverOf, type DriverName } from './drivers.js';
import { createRequest, firstServed, getDataRequest } from './probe.js';
import { diskUsage, rssMb, rssParts } from './proc.js';
import type { Progress } from './progress.js';
import { createMany } from './workload.js';

let probeSeq = 0;
/** A path no probe used before (a retried create whose first reply was lost must not collide). */
function probePath(what: string): string {
  return `/zk-bench-${what}-${process.pid}-${Date.now().toString(36)}-${probeSeq++}`;
}

/** Starts every (fresh) server of the cluster at once; milliseconds until the first create succeeds. */
export async function startToFirstCreate(cluster: Cluster, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  cluster.startAll();
  await firstServed(cluster.servers.map((s) => s.clientPort), () => createRequest(probePath('startup')), (err) => err === Err.OK, timeoutMs);
  return performance.now() - t0;
}

export interface FailoverResult {
  killed: number;
  ms: number;
}

/**
 * With every server serving: SIGKILL the leader, then milliseconds until one of the others
 * answers a create (each attempt on a fresh connection, so no client back-off counts).
 */
export async function killLeaderToNextWrite(cluster: Cluster, timeoutMs = 60_000): Promise<FailoverResult> {
  const leader = await cluster.waitServing();
  const others = cluster.servers.filter((s) => s.id !== leader && cluster.pid(s.id) !== null).map((s) => s.clientPort);
  const t0 = performance.now();
  await cluster.kill(leader, 'SIGKILL');
  await firstServed(others, () => createRequest(probePath('failover')), (err) => err === Err.OK, timeoutMs);
  return { killed: leader, ms: performance.now() - t0 };
}

export interface ScaleOptions {
  kind: ServerKind;
  znodes: number;
  size: number;
  sessions: number;
  inflight: number;
  driver: DriverName;
  cluster?: Omit<ClusterOptions, 'kind' | 'servers'>;
  progress?: Progress;
  /** Settle time before reading RSS (after the fill, after the restart). */
  settleMs?: number;
}

export interface ScaleResult {
  znodes: number;
  size: number;
  fillSeconds: number;
  fillOpsPerSec: number;
  rssAfterFillMb: number | null;
  /** The RSS split: anonymous memory (objects) and mapped file pages (LMDB's data file). */
  rssAnonAfterFillMb: number | null;
  rssFileAfterFillMb: number | null;
  /** The data directory after the fill: allocated blocks and apparent file sizes. */
  diskAllocatedMb: number;
  diskApparentMb: number;
  restartToFirstReadMs: number;
  rssAfterRestartMb: number | null;
  rssAnonAfterRestartMb: number | null;
  rssFileAfterRestartMb: number | null;
}

/** Children per parent in the scale tree: /zk-bench-scale/pK/nJ. */
const FANOUT = 1000;

/**
 * One standalone server: N znodes of `size` bytes created pipelined, RSS; kill -9; restart and
 * time to the first read of the last node created; RSS again.
 */
export async function scale(o: ScaleOptions): Promise<ScaleResult> {
  const settle = o.settleMs ?? 2000;
  const cluster = await Cluster.create({ ...o.cluster, kind: o.kind, servers: 1 });
  const p = o.progress;
  try {
    p?.phase(`scale ${o.kind}: starting`);
    cluster.startAll();
    await cluster.waitServing();
    const host = `127.0.0.1:${cluster.servers[0].clientPort}`;
    const connect = driverOf(o.driver);
    const data = Buffer.alloc(o.size, 120);
    const parents = Math.ceil(o.znodes / FANOUT);
    const root = '/zk-bench-scale';
    const pathOf = (i: number) => `${root}/p${Math.floor(i / FANOUT)}/n${i % FANOUT}`;
    const sessions = await Promise.all(Array.from({ length: Math.max(1, o.sessions) }, () => connect(host)));
    let fillSeconds: number;
    try {
      await sessions[0].create(root, Buffer.alloc(0));
      await createMany(sessions[0], (i) => `${root}/p${i}`, parents, Buffer.alloc(0));
      p?.phase(`scale ${o.kind}: creating ${o.znodes.toLocaleString('en-US')} znodes of ${o.size} B`);
      const t0 = performance.now();
      // Session k creates the nodes i ≡ k (mod sessions), `inflight` at a time.
      const counts = sessions.map(() => 0);
      const ticker = setInterval(() => {
        const done = counts.reduce((a, b) => a + b, 0);
        p?.update(done / o.znodes, `${done.toLocaleString('en-US')} znodes`);
      }, 200);
      try {
        await Promise.all(
          sessions.map((s, k) => {
            const mine = Math.floor(o.znodes / sessions.length) + (k < o.znodes % sessions.length ? 1 : 0);
            return createMany(s, (j) => pathOf(j * sessions.length + k), mine, data, o.inflight, (done) => (counts[k] = done));
          }),
        );
      } finally {
        clearInterval(ticker);
      }
      fillSeconds = (performance.now() - t0) / 1000;
      p?.update(1, `${o.znodes.toLocaleString('en-US')} znodes`);
    } finally {
      await Promise.all(sessions.map((s) => s.close().catch(() => {})));
    }
    await sleep(settle);
    const rssAfterFillMb = rssMb(cluster.pid(1)!);
    const filledParts = rssParts(cluster.pid(1)!);
    const disk = diskUsage(cluster.servers[0].dataDir);

    p?.phase(`scale ${o.kind}: kill -9 and restart`);
    await cluster.kill(1, 'SIGKILL');
    const t1 = performance.now();
    cluster.start(1);
    const last = pathOf(o.znodes - 1);
    await firstServed([cluster.servers[0].clientPort], () => getDataRequest(last), (err) => err === Err.OK, 600_000, 20);
    const restartToFirstReadMs = performance.now() - t1;
    await sleep(settle);
    const rssAfterRestartMb = rssMb(cluster.pid(1)!);
    const restartedParts = rssParts(cluster.pid(1)!);
    return {
      znodes: o.znodes,
      size: o.size,
      fillSeconds,
      fillOpsPerSec: o.znodes / fillSeconds,
      rssAfterFillMb,
      rssAnonAfterFillMb: filledParts?.anonMb ?? null,
      rssFileAfterFillMb: filledParts?.fileMb ?? null,
      diskAllocatedMb: disk.allocated / 2 ** 20,
      diskApparentMb: disk.apparent / 2 ** 20,
      restartToFirstReadMs,
      rssAfterRestartMb,
      rssAnonAfterRestartMb: restartedParts?.anonMb ?? null,
      rssFileAfterRestartMb: restartedParts?.fileMb ?? null,
    };
  } finally {
    p?.clear();
    await cluster.destroy();
  }
}
