/**
 * zk-bench's command line: commands, flags, defaults, and their checks, turned into plain
 * option objects for the command implementations (which the caller supplies, so that parsing
 * is tested on its own).
 */
import yargs, { type Argv } from 'yargs';
import type { ClusterOptions, ServerKind } from './cluster.js';
import { DRIVERS, type DriverName } from './drivers.js';
import { launchedKind, parseTarget, type Target } from './target.js';
import { LOAD_OPS, type LoadOp } from './workload.js';

export type LaunchOptions = Omit<ClusterOptions, 'kind' | 'servers'> & { tickTime: number; initLimit: number; syncLimit: number };

export interface LoadArgs {
  /** As given (a connect string, zk-ts or zookeeper). */
  targetSpec: string;
  target: Target;
  op: LoadOp;
  sessions: number;
  inflight: number;
  seconds: number;
  warmup: number;
  size: number;
  driver: DriverName;
  serverPids: number[];
  on: 'all' | 'leader' | 'follower';
  servers: number;
  cluster: LaunchOptions;
  /** A ZooKeeper client properties file (TLS, SASL), as zkCli's -client-configuration; zk-ts driver only. */
  clientConfiguration?: string | undefined;
}

export interface StartupArgs {
  kind: ServerKind;
  servers: number;
  runs: number;
  cluster: LaunchOptions;
}

export interface ScaleArgs {
  kind: ServerKind;
  znodes: number;
  size: number;
  sessions: number;
  inflight: number;
  driver: DriverName;
  cluster: LaunchOptions;
}

export interface FailoverArgs {
  kind: ServerKind;
  servers: number;
  runs: number;
  election: 'basic' | 'fast';
  cluster: LaunchOptions;
}

export interface TransferArgs {
  servers: number;
  runs: number;
  election: 'basic' | 'fast';
  cluster: LaunchOptions;
}

export interface CompareArgs {
  runs: number;
  seconds: number;
  warmup: number;
  sessions: number;
  inflight: number;
  size: number;
  driver: DriverName;
  latencySeconds: number;
  quietCap: number;
  syscalls: boolean;
  scale: boolean;
  scaleZnodes: number;
  scaleRuns: number;
  first: ServerKind;
  out: string | null;
  cluster: LaunchOptions;
}

export interface BenchCommands {
  load(a: LoadArgs): Promise<void>;
  startup(a: StartupArgs): Promise<void>;
  scale(a: ScaleArgs): Promise<void>;
  failover(a: FailoverArgs): Promise<void>;
  transfer(a: TransferArgs): Promise<void>;
  compare(a: CompareArgs): Promise<void>;
}

/** Options of servers the bench launches; `tickTime` is the command's default. */
function withLaunchOptions<T>(y: Argv<T>, tickTime: number) {
  return y
    .option('tick-time', { type: 'number', default: tickTime, describe: 'tickTime of launched servers (ms)' })
    .option('init-limit', { type: 'number', default: 10, describe: 'initLimit of launched servers (ticks)' })
    .option('sync-limit', { type: 'number', default: 5, describe: 'syncLimit of launched servers (ticks)' })
    .option('election', { choices: ['basic', 'fast'] as const, default: 'fast' as 'basic' | 'fast', describe: 'election algorithm of launched zk-ts servers' })
    .option('zk-jvm-flags', { type: 'string', default: '', describe: 'extra JVM flags for launched ZooKeeper servers' })
    .option('log-level', { type: 'string', default: 'warn', describe: 'log level of launched zk-ts servers' })
    .option('zkts-node-flags', { type: 'string', default: '', describe: "extra node flags for launched zk-ts servers, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof' (the data dirs are removed at the end)" });
}

function launchOptions(a: { 'tick-time': number; 'init-limit': number; 'sync-limit': number; election: 'basic' | 'fast'; 'zk-jvm-flags': string; 'log-level': string; 'zkts-node-flags': string }): LaunchOptions {
  positiveInt('tick-time', a['tick-time']);
  positiveInt('init-limit', a['init-limit']);
  positiveInt('sync-limit', a['sync-limit']);
  return {
    tickTime: a['tick-time'],
    initLimit: a['init-limit'],
    syncLimit: a['sync-limit'],
    election: a.election,
    jvmFlags: a['zk-jvm-flags'].split(/\s+/).filter(Boolean),
    nodeFlags: a['zkts-node-flags'].split(/\s+/).filter(Boolean),
    logLevel: a['log-level'],
  };
}

/** Throws a clear error unless `v` is an integer ≥ `min`. */
export function positiveInt(name: string, v: number, min = 1): number {
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${v}`);
  return v;
}

function positiveNumber(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a number > 0, got ${v}`);
  return v;
}

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number ≥ 0, got ${v}`);
  return v;
}

const serversOption = { type: 'number', default: 3, describe: 'servers to launch (1: a standalone server)' } as const;

const driverOption = { choices: DRIVERS, default: 'zk-ts' as DriverName, describe: 'client library generating the load' } as const;

/** The parser for `argv` (no process exit on errors: they reject parseAsync()). */
export function benchCli(argv: string[], run: BenchCommands): Argv {
  return yargs(argv)
    .scriptName('zk-bench')
    .command(
      'load',
      'throughput and latency of a workload against any servers (or launched ones)',
      (y) =>
        withLaunchOptions(y, 2000)
          .option('servers', serversOption)
          .option('target', { type: 'string', describe: 'connect string host:port[,...][/chroot], or zk-ts / zookeeper to launch servers' })
          .option('server', { type: 'string', describe: 'older name of --target' })
          .option('op', { choices: LOAD_OPS, default: 'create' as LoadOp })
          .option('sessions', { alias: 'clients', type: 'number', default: 4, describe: 'client sessions; session i talks to host i mod N of the connect string' })
          .option('inflight', { type: 'number', default: 32, describe: 'requests in flight per session' })
          .option('seconds', { type: 'number', default: 10, describe: 'measured seconds' })
          .option('warmup', { type: 'number', default: 1, describe: 'seconds of load before measuring' })
          .option('size', { type: 'number', default: 100, describe: 'data bytes per write' })
          .option('driver', driverOption)
          .option('server-pid', { type: 'number', array: true, describe: "servers' pids for RSS (default: found from the listening ports)" })
          .option('on', { choices: ['all', 'leader', 'follower'] as const, default: 'all' as 'all' | 'leader' | 'follower', describe: 'which launched servers the sessions talk to' })
          .option('client-configuration', { type: 'string', describe: 'ZooKeeper client properties (TLS, SASL), as zkCli -client-configuration (zk-ts driver)' }),
      async (a) => {
        const targetSpec = a.target ?? a.server;
        if (!targetSpec) throw new Error('load needs --target: a connect string, zk-ts or zookeeper');
        if (a.target !== undefined && a.server !== undefined) throw new Error('give either --target or --server, not both');
        const target = parseTarget(targetSpec);
        if (!('kind' in target) && a.on !== 'all') throw new Error('--on leader|follower needs a launched target (zk-ts or zookeeper); with a connect string, name the server to load');
        await run.load({
          targetSpec,
          target,
          op: a.op,
          sessions: positiveInt('sessions', a.sessions),
          inflight: positiveInt('inflight', a.inflight),
          seconds: positiveNumber('seconds', a.seconds),
          warmup: nonNegative('warmup', a.warmup),
          size: positiveInt('size', a.size, 0),
          driver: a.driver,
          serverPids: (a['server-pid'] ?? []).map((p) => positiveInt('server-pid', p)),
          on: a.on,
          servers: positiveInt('servers', a.servers),
          cluster: launchOptions(a),
          clientConfiguration: a['client-configuration'],
        });
      },
    )
    .command(
      'startup',
      'launch fresh servers and time them to the first successful create',
      (y) => withLaunchOptions(y, 2000).option('servers', serversOption).option('target', { type: 'string', default: 'zk-ts', describe: 'zk-ts or zookeeper' }).option('runs', { type: 'number', default: 1 }),
      async (a) => {
        await run.startup({ kind: launchedKind(a.target, 'startup'), servers: positiveInt('servers', a.servers), runs: positiveInt('runs', a.runs), cluster: launchOptions(a) });
      },
    )
    .command(
      'scale',
      'fill a standalone server with N znodes; RSS, disk use; kill -9, restart to the first read',
      (y) =>
        withLaunchOptions(y, 2000)
          .option('target', { type: 'string', default: 'zk-ts', describe: 'zk-ts or zookeeper' })
          .option('znodes', { type: 'number', default: 1_000_000 })
          .option('size', { type: 'number', default: 100, describe: 'data bytes per znode' })
          .option('sessions', { type: 'number', default: 8 })
          .option('inflight', { type: 'number', default: 64, describe: 'creates in flight per session' })
          .option('driver', driverOption),
      async (a) => {
        await run.scale({
          kind: launchedKind(a.target, 'scale'),
          znodes: positiveInt('znodes', a.znodes),
          size: positiveInt('size', a.size, 0),
          sessions: positiveInt('sessions', a.sessions),
          inflight: positiveInt('inflight', a.inflight),
          driver: a.driver,
          cluster: launchOptions(a),
        });
      },
    )
    .command(
      'failover',
      'SIGKILL the leader; time until a new leader serves a write',
      (y) => withLaunchOptions(y, 200).option('servers', serversOption).option('target', { type: 'string', default: 'zk-ts', describe: 'zk-ts or zookeeper' }).option('runs', { type: 'number', default: 10 }),
      async (a) => {
        const kind = launchedKind(a.target, 'failover');
        if (kind === 'zookeeper' && a.election === 'basic') throw new Error('ZooKeeper 3.8 has only the fast election');
        await run.failover({ kind, servers: positiveInt('servers', a.servers, 3), runs: positiveInt('runs', a.runs), election: a.election, cluster: launchOptions(a) });
      },
    )
    .command(
      'transfer',
      'zk-ts: the longest write gap during a graceful leadership transfer (ydld), a SIGKILL and a SIGSTOP of the leader, in turn',
      (y) => withLaunchOptions(y, 200).option('servers', serversOption).option('runs', { type: 'number', default: 5 }),
      async (a) => {
        await run.transfer({ servers: positiveInt('servers', a.servers, 3), runs: positiveInt('runs', a.runs), election: a.election, cluster: launchOptions(a) });
      },
    )
    .command(
      'compare',
      'the same workloads against zk-ts and Apache ZooKeeper 3.8, interleaved A B A B; a markdown table',
      (y) =>
        withLaunchOptions(y, 2000)
          .option('runs', { type: 'number', default: 3, describe: 'runs of each kind' })
          .option('seconds', { type: 'number', default: 8, describe: 'measured seconds per throughput workload' })
          .option('warmup', { type: 'number', default: 2, describe: 'seconds of load before measuring' })
          .option('sessions', { type: 'number', default: 8 })
          .option('inflight', { type: 'number', default: 64 })
          .option('size', { type: 'number', default: 100 })
          .option('driver', driverOption)
          .option('latency-seconds', { type: 'number', default: 5, describe: 'measured seconds of each 1-in-flight latency run' })
          .option('quiet-cap', { type: 'number', default: 20, describe: 'follow the disk writes after a write load for at most this many seconds' })
          .option('syscalls', { type: 'boolean', default: false, describe: 'also count fsync/fdatasync with strace -c -f (idle, and after the create load)' })
          .option('scale', { type: 'boolean', default: false, describe: 'also the standalone scale figures (long)' })
          .option('scale-znodes', { type: 'number', default: 1_000_000 })
          .option('scale-runs', { type: 'number', default: 1 })
          .option('first', { choices: ['zk-ts', 'zookeeper'] as const, default: 'zk-ts' as ServerKind, describe: 'which kind goes first in each pair' })
          .option('out', { type: 'string', describe: 'write the markdown report to this file' }),
      async (a) => {
        await run.compare({
          runs: positiveInt('runs', a.runs),
          seconds: positiveNumber('seconds', a.seconds),
          warmup: nonNegative('warmup', a.warmup),
          sessions: positiveInt('sessions', a.sessions),
          inflight: positiveInt('inflight', a.inflight),
          size: positiveInt('size', a.size, 0),
          driver: a.driver,
          latencySeconds: positiveNumber('latency-seconds', a['latency-seconds']),
          quietCap: positiveNumber('quiet-cap', a['quiet-cap']),
          syscalls: a.syscalls,
          scale: a.scale,
          scaleZnodes: positiveInt('scale-znodes', a['scale-znodes']),
          scaleRuns: positiveInt('scale-runs', a['scale-runs']),
          first: a.first,
          out: a.out ?? null,
          cluster: launchOptions(a),
        });
      },
    )
    .demandCommand(1, 'give a command: load, startup, scale, failover, transfer or compare')
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    });
}
