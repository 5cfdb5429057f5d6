/**
 * The figures that start, kill and restart servers: startup of fresh servers to the first
 * create, failover (SIGKILL the leader → the next write), and scale (fill a standalone server
 * with N znodes, kill -9, restart → first read).
 */
import { Err } from '../../wire/index.js';
import { Cluster, fourLetter, sleep, type ClusterOptions, type ServerKind } from './cluster.js';
import { driver as driverOf, type DriverName } from './drivers.js';
import { createRequest, firstServed, getDataRequest, probeOnce } from './probe.js';
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

export interface WriteGapResult {
  /** The server that led before the event. */
  leader: number;
  /** The longest time between two consecutive acknowledged writes around the event, ms. */
  gapMs: number;
  /** Writes acknowledged during the measured window. */
  writes: number;
}

/**
 * The longest write gap around an event (a leadership transfer, or SIGKILL of the leader): a
 * writer creates one node after another, each on a fresh connection to every running server at
 * once (the first to answer wins, as firstServed), starting the next as soon as one is
 * acknowledged; `event` runs after `leadMs` of steady writing, and the writer goes on until a
 * leader other than the old one serves and `trailMs` more have passed. The gap includes the
 * time a client needs to find the new leader, but no client back-off.
 */
export async function writeGapAround(cluster: Cluster, event: (leader: number) => Promise<void>, leadMs = 500, trailMs = 500): Promise<WriteGapResult> {
  const leader = await cluster.waitServing();
  const ports = () => cluster.servers.filter((s) => cluster.pid(s.id) !== null).map((s) => s.clientPort);
  const acked: number[] = [];
  let stop = false;
  const writer = (async () => {
    while (!stop) {
      const t = await new Promise<number | null>((resolve) => {
        let pending = 0;
        let done = false;
        for (const port of ports()) {
          pending++;
          void probeOnce(port, createRequest(probePath('gap')), 1000).then((err) => {
            pending--;
            if (!done && err === Err.OK) {
              done = true;
              resolve(performance.now());
            } else if (!done && pending === 0) resolve(null);
          });
        }
        if (pending === 0) resolve(null);
      });
      if (t !== null) acked.push(t);
      else await sleep(2);
    }
  })();
  await sleep(leadMs);
  const t0 = performance.now();
  await event(leader);
  // Until another server leads and serves (the old one may be down, or following).
  for (;;) {
    const modes = await Promise.all(cluster.servers.filter((s) => cluster.pid(s.id) !== null).map(async (s) => [s.id, await cluster.mode(s.id)] as const));
    if (modes.some(([id, m]) => m === 'leader' && id !== leader) && acked.some((t) => t > t0)) break;
    if (performance.now() - t0 > 60_000) throw new Error(`no new leader within 60 s of the event (${modes.map(([i, m]) => `${i}: ${m}`).join(', ')})`);
    await sleep(20);
  }
  await sleep(trailMs);
  stop = true;
  await writer;
  const window = acked.filter((t) => t >= t0 - leadMs);
  let gapMs = 0;
  for (let i = 1; i < window.length; i++) gapMs = Math.max(gapMs, window[i]! - window[i - 1]!);
  return { leader, gapMs, writes: window.length };
}

/** A graceful leadership transfer: the ydld word on the leader (it picks the successor). */
export async function yieldLeadership(cluster: Cluster, leader: number): Promise<void> {
  const answer = await fourLetter(cluster.server(leader).clientPort, 'ydld', 3000);
  if (!answer.startsWith('Sent ')) throw new Error(`ydld on server ${leader}: ${answer.trim()}`);
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
    const host = `127.0.0.1:${cluster.servers[0]!.clientPort}`;
    const connect = driverOf(o.driver);
    const data = Buffer.alloc(o.size, 120);
    const parents = Math.ceil(o.znodes / FANOUT);
    const root = '/zk-bench-scale';
    const pathOf = (i: number) => `${root}/p${Math.floor(i / FANOUT)}/n${i % FANOUT}`;
    const sessions = await Promise.all(Array.from({ length: Math.max(1, o.sessions) }, () => connect(host)));
    let fillSeconds: number;
    try {
      await sessions[0]!.create(root, Buffer.alloc(0));
      await createMany(sessions[0]!, (i) => `${root}/p${i}`, parents, Buffer.alloc(0));
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
    const disk = diskUsage(cluster.servers[0]!.dataDir);

    p?.phase(`scale ${o.kind}: kill -9 and restart`);
    await cluster.kill(1, 'SIGKILL');
    const t1 = performance.now();
    cluster.start(1);
    const last = pathOf(o.znodes - 1);
    await firstServed([cluster.servers[0]!.clientPort], () => getDataRequest(last), (err) => err === Err.OK, 600_000, 20);
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
