/**
 * zk-bench: measures, never asserts.
 *
 *   zk-bench load --server HOST:PORT[,...] [--op create|get|set|mixed] [--clients 4] [--inflight 32]
 *                 [--seconds 10] [--size 100] [--server-pid PID] [--client-configuration FILE]
 *     throughput and latency percentiles of a workload (and the server's RSS, given its pid).
 *   zk-bench failover [--election basic|fast] [--servers 3] [--runs 10]
 *     starts a local ensemble on free ports of 127.0.0.1, kills the leader with SIGKILL, and
 *     times until a new leader serves a write; prints the median and spread of the runs.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { createClient, loadClientConfigFile, ZooKeeperClient, type ClientSecurityOptions } from '../client/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function load(args: { server: string; op: string; clients: number; inflight: number; seconds: number; size: number; serverPid?: number; security?: ClientSecurityOptions }): Promise<void> {
  const data = Buffer.alloc(args.size, 120);
  const prefix = `/zk-bench-${process.pid}`;
  const admin = createClient(args.server, { sessionTimeout: 10000, ...args.security });
  await admin.connected(10000);
  await admin.create(prefix, null).catch(() => {});
  const clients: ZooKeeperClient[] = [];
  for (let i = 0; i < args.clients; i++) {
    const c = createClient(args.server, { sessionTimeout: 10000, ...args.security });
    await c.connected(10000);
    clients.push(c);
  }
  // get/set need nodes to exist.
  const keys = 1000;
  if (args.op !== 'create') {
    await Promise.all(Array.from({ length: keys }, (_, i) => admin.create(`${prefix}/k${i}`, data).catch(() => {})));
  }
  const latencies: number[] = [];
  let errors = 0;
  let seq = 0;
  const rssBefore = args.serverPid ? rssMb(args.serverPid) : null;
  const deadline = performance.now() + args.seconds * 1000;
  const one = async (c: ZooKeeperClient): Promise<void> => {
    const n = seq++;
    const kind = args.op === 'mixed' ? (n % 10 < 8 ? 'get' : 'set') : args.op;
    const t0 = performance.now();
    try {
      if (kind === 'create') await c.create(`${prefix}/c${n}`, data);
      else if (kind === 'get') await c.getData(`${prefix}/k${n % keys}`);
      else await c.setData(`${prefix}/k${n % keys}`, data);
      latencies.push(performance.now() - t0);
    } catch {
      errors++;
    }
  };
  const started = performance.now();
  await Promise.all(
    clients.flatMap((c) =>
      Array.from({ length: args.inflight }, async () => {
        while (performance.now() < deadline) await one(c);
      }),
    ),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const rssAfter = args.serverPid ? rssMb(args.serverPid) : null;
  const fmt = (x: number) => x.toFixed(2);
  process.stdout.write(
    `op=${args.op} clients=${args.clients} inflight=${args.inflight} size=${args.size}B seconds=${fmt(elapsed)}\n` +
      `ops=${latencies.length} errors=${errors} throughput=${Math.round(latencies.length / elapsed)} ops/s\n` +
      `latency ms: p50=${fmt(percentile(latencies, 50))} p90=${fmt(percentile(latencies, 90))} p99=${fmt(percentile(latencies, 99))} max=${fmt(latencies[latencies.length - 1] ?? NaN)}\n` +
      (rssBefore !== null ? `server rss MB: before=${fmt(rssBefore)} after=${fmt(rssAfter ?? NaN)}\n` : ''),
  );
  for (const c of clients) await c.close();
  await admin.close();
}

// ------------------------------------------------------------------ failover

async function freeTcpPort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await freeTcpPort();
    const ok = await new Promise<boolean>((res) => {
      const u = createSocket('udp4');
      u.once('error', () => res(false));
      u.bind(port, '127.0.0.1', () => u.close(() => res(true)));
    });
    if (ok) return port;
  }
}

function fourLetter(port: number, word: string): Promise<string> {
  return new Promise((res) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write(word));
    let out = '';
    s.on('data', (d) => (out += d));
    s.on('close', () => res(out));
    s.on('error', () => res(''));
    s.setTimeout(1000, () => s.destroy());
  });
}

interface BenchServer {
  id: number;
  clientPort: number;
  cfg: string;
  child: ChildProcess | null;
}

async function startEnsemble(n: number, election: string, dir: string): Promise<BenchServer[]> {
  const ports = await Promise.all(Array.from({ length: n }, async () => ({ client: await freePort(), quorum: await freePort(), election: await freePort() })));
  const servers: BenchServer[] = [];
  for (let i = 0; i < n; i++) {
    const id = i + 1;
    const dataDir = join(dir, String(id));
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'myid'), `${id}\n`);
    const lines = [
      'tickTime=200',
      'initLimit=10',
      'syncLimit=5',
      `dataDir=${dataDir}`,
      `clientPort=${ports[i].client}`,
      'clientPortAddress=127.0.0.1',
      '4lw.commands.whitelist=*',
      `electionAlg=${election === 'basic' ? 0 : 3}`,
      ...ports.map((p, j) => `server.${j + 1}=127.0.0.1:${p.quorum}:${p.election}`),
    ];
    const cfg = join(dir, `zoo${id}.cfg`);
    writeFileSync(cfg, lines.join('\n') + '\n');
    servers.push({ id, clientPort: ports[i].client, cfg, child: null });
  }
  for (const s of servers) launch(s);
  return servers;
}

function launch(s: BenchServer): void {
  s.child = spawn(process.execPath, [join(root, 'bin', 'zk-server'), '--config', s.cfg, '--log-level', 'warn'], { stdio: 'ignore' });
}

async function leaderOf(servers: BenchServer[], timeoutMs: number): Promise<BenchServer> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const s of servers) {
      if (!s.child || s.child.exitCode !== null) continue;
      if ((await fourLetter(s.clientPort, 'srvr')).includes('Mode: leader')) return s;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no leader');
}

async function failover(args: { election: string; servers: number; runs: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zk-bench-'));
  const servers = await startEnsemble(args.servers, args.election, dir);
  const times: number[] = [];
  try {
    for (let run = 0; run < args.runs; run++) {
      const leader = await leaderOf(servers, 20000);
      // Wait until everyone serves, so each run starts from a healthy ensemble.
      const others = servers.filter((s) => s !== leader);
      for (const s of others) {
        while (!/Mode: (follower|observer)/.test(await fourLetter(s.clientPort, 'srvr'))) await new Promise((r) => setTimeout(r, 20));
      }
      const killedAt = performance.now();
      leader.child!.kill('SIGKILL');
      await new Promise((r) => leader.child!.once('exit', r));
      // "Serving" means the new leader answers a write. Each attempt uses a fresh connection, so
      // a client's reconnect back-off never inflates the figure.
      for (let served = false; !served; ) {
        for (const s of others) {
          if (!(await fourLetter(s.clientPort, 'srvr')).includes('Mode: leader')) continue;
          const c = createClient(`127.0.0.1:${s.clientPort}`, { sessionTimeout: 4000, connectTimeout: 500 });
          try {
            await c.connected(1000);
            await c.create(`/failover-${run}-${Date.now()}`, null);
            served = true;
          } catch {
            // not serving yet
          } finally {
            await c.close().catch(() => {});
          }
          if (served) break;
        }
        if (!served) await new Promise((r) => setTimeout(r, 5));
      }
      const ms = performance.now() - killedAt;
      times.push(ms);
      process.stdout.write(`run ${run + 1}: leader ${leader.id} killed, new leader serving after ${ms.toFixed(0)} ms\n`);
      launch(leader);
    }
  } finally {
    for (const s of servers) s.child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `election=${args.election} servers=${args.servers} runs=${times.length}: median ${percentile(times, 50).toFixed(0)} ms, ` +
      `min ${times[0].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms\n`,
  );
}

yargs(hideBin(process.argv))
  .scriptName('zk-bench')
  .command(
    'load',
    'throughput and latency of a workload',
    (y) =>
      y
        .option('server', { type: 'string', demandOption: true, describe: 'HOST:PORT[,...]' })
        .option('op', { choices: ['create', 'get', 'set', 'mixed'], default: 'create' })
        .option('clients', { type: 'number', default: 4 })
        .option('inflight', { type: 'number', default: 32, describe: 'requests in flight per client' })
        .option('seconds', { type: 'number', default: 10 })
        .option('size', { type: 'number', default: 100, describe: 'data bytes per write' })
        .option('server-pid', { type: 'number', describe: 'sample this process\'s RSS' })
        .option('client-configuration', { type: 'string', describe: 'ZooKeeper client properties (TLS, SASL), as zkCli -client-configuration' }),
    (a) =>
      load({
        server: a.server, op: a.op, clients: a.clients, inflight: a.inflight, seconds: a.seconds, size: a.size, serverPid: a['server-pid'],
        security: a['client-configuration'] === undefined ? undefined : loadClientConfigFile(a['client-configuration']),
      }),
  )
  .command(
    'failover',
    'time from killing the leader to a new leader serving',
    (y) =>
      y
        .option('election', { choices: ['basic', 'fast'], default: 'fast' })
        .option('servers', { type: 'number', default: 3 })
        .option('runs', { type: 'number', default: 10 }),
    (a) => failover({ election: a.election, servers: a.servers, runs: a.runs }),
  )
  .demandCommand(1)
  .strict()
  .help()
  .parseAsync()
  .then(() => process.exit(0))
  .catch((e: Error) => {
    process.stderr.write(`zk-bench: ${e.message}\n`);
    process.exit(1);
  });
