/**
 * One load workload: S sessions with K requests each in flight for a fixed time, after a
 * warm-up that is not counted. Session i talks to hosts[i mod hosts.length], so load spreads
 * evenly and runs are comparable. Only completions inside the measured window count, with the
 * latency of each.
 */
import { randomBytes } from 'node:crypto';
import type { ClientSecurityOptions } from '../../client/index.js';
import { driver as driverOf, type BenchSession, type DriverName } from './drivers.js';
import { cpuMs } from './proc.js';
import { latencySummary, type LatencySummary } from './stats.js';

export type LoadOp = 'create' | 'set' | 'get' | 'exists' | 'mixed';
export const LOAD_OPS: readonly LoadOp[] = ['create', 'set', 'get', 'exists', 'mixed'];

export interface LoadOptions {
  hosts: readonly string[];
  op: LoadOp;
  sessions: number;
  inflight: number;
  seconds: number;
  warmupSeconds: number;
  size: number;
  driver: DriverName;
  /** TLS and SASL settings for every session (zk-ts driver only). */
  security?: ClientSecurityOptions | undefined;
  /** Nodes that set/get/exists go round (created before the run). */
  keys?: number;
  /** Called now and then with the fraction done (0..1). */
  progress?: (fraction: number) => void;
  /** Server processes whose CPU time over the window is reported (null: not known). */
  serverPids?: readonly (number | null)[];
}

export interface LoadResult {
  op: LoadOp;
  sessions: number;
  inflight: number;
  size: number;
  driver: DriverName;
  /** Length of the measured window (after the warm-up). */
  seconds: number;
  ops: number;
  errors: number;
  firstError: string | null;
  opsPerSec: number;
  latencyMs: LatencySummary;
  /** CPU the bench process itself used in the window, in % of one core: near 100, the client is the bottleneck. */
  clientCpuPercent: number;
  /**
   * For each of `serverPids`: the CPU time the server used in the window per completed request,
   * in microseconds (null when not measured). Less sensitive to other work on the machine than
   * the rate: a CPU-bound server's cost per write.
   */
  serverCpuUsPerOp: (number | null)[];
}

/** Creates `count` nodes with `data` under `prefix`, at most `window` requests in flight. */
export async function createMany(s: BenchSession, paths: (i: number) => string, count: number, data: Buffer, window = 256, progress?: (done: number) => void): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await s.create(paths(i), data);
      done++;
      if (progress && done % 1000 === 0) progress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, worker));
  progress?.(done);
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (o.hosts.length === 0) throw new Error('no server to load');
  const connect = driverOf(o.driver);
  const data = Buffer.alloc(o.size, 120);
  const prefix = `/zk-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
  const keys = o.keys ?? 1000;
  const sessions: BenchSession[] = [];
  try {
    const admin = await connect(o.hosts[0]!, { security: o.security });
    sessions.push(admin);
    await admin.create(prefix, Buffer.alloc(0));
    if (o.op !== 'create') await createMany(admin, (i) => `${prefix}/k${i}`, keys, data);
    for (let i = 0; i < o.sessions; i++) sessions.push(await connect(o.hosts[i % o.hosts.length]!, { security: o.security }));
    const workers = sessions.slice(1);

    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    let seq = 0;
    const t0 = performance.now();
    const measureFrom = t0 + o.warmupSeconds * 1000;
    const end = measureFrom + o.seconds * 1000;
    const one = async (s: BenchSession): Promise<void> => {
      const n = seq++;
      const kind = o.op === 'mixed' ? (n % 10 < 8 ? 'get' : 'set') : o.op;
      const key = `${prefix}/k${n % keys}`;
      const started = performance.now();
      try {
        if (kind === 'create') await s.create(`${prefix}/c${n}`, data);
        else if (kind === 'set') await s.set(key, data);
        else if (kind === 'get') await s.get(key);
        else await s.exists(key);
        const now = performance.now();
        if (now >= measureFrom && now <= end) latencies.push(now - started);
      } catch (e) {
        if (performance.now() >= measureFrom) {
          errors++;
          firstError ??= (e as Error).message;
        }
      }
    };
    // The client's own CPU over the measured window (timers fire a little late under load;
    // the wall time between the two samples is what the CPU time is divided by).
    let cpuStart: { cpu: NodeJS.CpuUsage; wall: number } | null = null;
    let cpuPercent = NaN;
    const pids = o.serverPids ?? [];
    const serverCpu = (): (number | null)[] => pids.map((pid) => (pid === null ? null : cpuMs(pid)));
    let serverStart: (number | null)[] = [];
    let serverUsed: (number | null)[] = pids.map(() => null);
    const startTimer = setTimeout(() => {
      cpuStart = { cpu: process.cpuUsage(), wall: performance.now() };
      serverStart = serverCpu();
    }, measureFrom - t0);
    const endTimer = setTimeout(() => {
      const s = cpuStart as { cpu: NodeJS.CpuUsage; wall: number } | null;
      if (!s) return;
      const d = process.cpuUsage(s.cpu);
      cpuPercent = ((d.user + d.system) / 1000 / (performance.now() - s.wall)) * 100;
      serverUsed = serverCpu().map((ms, i) => (ms === null || serverStart[i] == null ? null : ms - serverStart[i]!));
    }, end - t0);
    const ticker = setInterval(() => o.progress?.(Math.min(1, (performance.now() - t0) / (end - t0))), 100);
    try {
      await Promise.all(
        workers.flatMap((s) =>
          Array.from({ length: o.inflight }, async () => {
            while (performance.now() < end) await one(s);
          }),
        ),
      );
    } finally {
      clearInterval(ticker);
      clearTimeout(startTimer);
      clearTimeout(endTimer);
    }
    o.progress?.(1);
    return {
      op: o.op,
      sessions: o.sessions,
      inflight: o.inflight,
      size: o.size,
      driver: o.driver,
      seconds: o.seconds,
      ops: latencies.length,
      errors,
      firstError,
      opsPerSec: latencies.length / o.seconds,
      latencyMs: latencySummary(latencies),
      clientCpuPercent: cpuPercent,
      serverCpuUsPerOp: serverUsed.map((ms) => (ms === null || latencies.length === 0 ? null : (ms * 1000) / latencies.length)),
    };
  } finally {
    await Promise.all(sessions.map((s) => s.close().catch(() => {})));
  }
}
