/**
 * Starts a ZooKeeper ensemble of real `bin/zk-server` processes on 127.0.0.1 for integration
 * tests: every port (client TCP, quorum TCP, election UDP) comes from the OS, every server has
 * its own temp data dir, and `cleanup()` kills every process this helper ever started (a process
 * 'exit' hook does so too, should a test file die before its `after`).
 */
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { waitFor, ZK_SERVER_BIN } from './zkts-server.js';
import { spawnTied } from './tied-spawn.js';

/** srvr's Mode, 'not serving' (LOOKING), 'down' (no process or no answer), 'frozen' (SIGSTOPped by us). */
export type Mode = 'leader' | 'follower' | 'observer' | 'standalone' | 'not serving' | 'down' | 'frozen';

export interface EnsembleOptions {
  /** Number of voting participants (ids 1..size). */
  size: number;
  /** Number of observers (ids size+1..size+observers). */
  observers?: number;
  election: 'basic' | 'fast';
  tickTime?: number;
  initLimit?: number;
  syncLimit?: number;
  snapCount?: number;
  /** More zoo.cfg lines, for every server. */
  extra?: Record<string, string | number | boolean>;
  /**
   * Give every server an AdminServer and a Prometheus endpoint on ports of their own (on
   * 127.0.0.1), each server's dashboard knowing the others' (admin.dashboard.peer.N).
   */
  admin?: boolean;
  /** More zoo.cfg lines for one server (e.g. its own key store). */
  perServer?: (id: number) => Record<string, string | number | boolean>;
  /** Start only these ids (default: all); the others can be started later with `restart(id)`. */
  start?: number[];
  /** Wait for every started server to serve clients (default true unless `start` is given). */
  waitServing?: boolean;
  logLevel?: string;
  /** More environment variables for one server's process (e.g. LD_PRELOAD of a disk shim). */
  env?: (server: EnsembleServer) => Record<string, string>;
  /** More command-line arguments for a server's `launch`-th start (1 for the first), e.g. --record. */
  serverArgs?: (id: number, launch: number) => string[];
}

export interface EnsembleServer {
  id: number;
  observer: boolean;
  clientPort: number;
  quorumPort: number;
  electionPort: number;
  /** With `admin`: the AdminServer's and the metrics endpoint's ports. */
  adminPort?: number;
  metricsPort?: number;
  /** The server's dataDir (myid, LMDB). */
  dataDir: string;
  configFile: string;
  /** The current process (null before the first start). */
  process: ChildProcess | null;
}

export interface Ensemble {
  servers: EnsembleServer[];
  /** Every server's client port, comma separated. */
  connectString: string;
  server(id: number): EnsembleServer;
  /** Waits until exactly one server answers srvr with `Mode: leader`; returns its id. */
  leader(timeoutMs?: number): Promise<number>;
  /** id → mode from srvr ('not serving' for a LOOKING server, 'down' when unreachable, 'frozen' when SIGSTOPped). */
  modes(): Promise<Map<number, Mode>>;
  mode(id: number): Promise<Mode>;
  /** Sends a signal; for SIGKILL/SIGTERM waits for the exit. SIGSTOP/SIGCONT return at once. */
  kill(id: number, signal?: NodeJS.Signals): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(id: number): Promise<void>;
  /** Stops it if running, then starts it again on the same data dir and ports. */
  restart(id: number, opts?: { waitServing?: boolean }): Promise<void>;
  /** Waits until the given server logs `serving clients on` (in its current incarnation). */
  waitServing(id: number, timeoutMs?: number): Promise<void>;
  /** Everything the server wrote (stdout + stderr), over all its incarnations. */
  output(id: number): string;
  /** Waits until output(id) from offset `from` matches `re`; returns the match. */
  waitForLog(id: number, re: RegExp, timeoutMs?: number, from?: number): Promise<RegExpExecArray>;
  isRunning(id: number): boolean;
  /** The last `lines` lines of every server's output, for failure messages. */
  tails(lines?: number): string;
  cleanup(): Promise<void>;
}

/** Every child started by any ensemble of this process: killed when the process exits. */
const allChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  allChildren.add(child);
  child.once('exit', () => allChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of allChildren) {
        try {
          c.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
    });
  }
}

function listenTcp(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

function bindUdp(port: number): Promise<ReturnType<typeof createSocket>> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', (e) => {
      s.close();
      reject(e);
    });
    s.bind(port, '127.0.0.1', () => resolve(s));
  });
}

/**
 * `n` distinct ports, each free for TCP and for UDP on 127.0.0.1. All are held open until all
 * are found, so the OS cannot hand out the same port twice.
 */
async function freePorts(n: number): Promise<number[]> {
  const held: { close(): void }[] = [];
  const ports: number[] = [];
  try {
    let attempts = 0;
    while (ports.length < n) {
      if (++attempts > n * 50) throw new Error('could not find free ports');
      const tcp = await listenTcp(0);
      const port = (tcp.address() as { port: number }).port;
      held.push({ close: () => tcp.close() });
      try {
        const udp = await bindUdp(port);
        held.push({ close: () => udp.close() });
      } catch {
        continue;
      }
      ports.push(port);
    }
  } finally {
    for (const h of held) h.close();
  }
  return ports;
}

/** A four-letter word with a short timeout; rejects on no answer. */
export function fourLetter(port: number, word: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write(word));
    let text = '';
    s.on('data', (d) => (text += d));
    s.on('end', () => resolve(text));
    s.on('error', reject);
    s.setTimeout(timeoutMs, () => {
      s.destroy();
      reject(new Error(`no answer to ${word} on ${port}`));
    });
  });
}

export function parseMode(srvr: string): Mode {
  const m = /^Mode: (\S+)/m.exec(srvr);
  if (m) return m[1] as Mode;
  if (srvr.includes('not currently serving')) return 'not serving';
  return 'down';
}

export async function startEnsemble(opts: EnsembleOptions): Promise<Ensemble> {
  const total = opts.size + (opts.observers ?? 0);
  const root = mkdtempSync(join(tmpdir(), 'zkts-ensemble-'));
  const perServer = opts.admin ? 5 : 3;
  const ports = await freePorts(total * perServer);
  const servers: EnsembleServer[] = [];
  for (let i = 0; i < total; i++) {
    const id = i + 1;
    const dataDir = join(root, `s${id}`);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'myid'), `${id}\n`);
    servers.push({
      id,
      observer: id > opts.size,
      clientPort: ports[i * perServer]!,
      quorumPort: ports[i * perServer + 1]!,
      electionPort: ports[i * perServer + 2]!,
      ...(opts.admin ? { adminPort: ports[i * perServer + 3], metricsPort: ports[i * perServer + 4] } : {}),
      dataDir,
      configFile: join(dataDir, 'zoo.cfg'),
      process: null,
    });
  }
  const serverLines = servers.map(
    (s) => `server.${s.id}=127.0.0.1:${s.quorumPort}:${s.electionPort}${s.observer ? ':observer' : ''}`,
  );
  const adminLines = (s: EnsembleServer): string[] =>
    opts.admin
      ? [
          'admin.enableServer=true',
          'admin.serverAddress=127.0.0.1',
          `admin.serverPort=${s.adminPort}`,
          'metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider',
          'metricsProvider.httpHost=127.0.0.1',
          `metricsProvider.httpPort=${s.metricsPort}`,
          ...servers.filter((o) => o.id !== s.id).map((o) => `admin.dashboard.peer.${o.id}=127.0.0.1:${o.adminPort}`),
        ]
      : [];
  for (const s of servers) {
    const lines = [
      `tickTime=${opts.tickTime ?? 200}`,
      `initLimit=${opts.initLimit ?? 10}`,
      `syncLimit=${opts.syncLimit ?? 5}`,
      `dataDir=${s.dataDir}`,
      `clientPort=${s.clientPort}`,
      'clientPortAddress=127.0.0.1',
      '4lw.commands.whitelist=*',
      'maxClientCnxns=0',
      `electionAlg=${opts.election === 'basic' ? 0 : 3}`,
      ...(opts.snapCount !== undefined ? [`snapCount=${opts.snapCount}`] : []),
      ...Object.entries(opts.extra ?? {}).map(([k, v]) => `${k}=${v}`),
      ...adminLines(s),
      ...Object.entries(opts.perServer?.(s.id) ?? {}).map(([k, v]) => `${k}=${v}`),
      ...serverLines,
    ];
    writeFileSync(s.configFile, lines.join('\n') + '\n');
  }

  const outputs = new Map<number, string>(servers.map((s) => [s.id, '']));
  /** Offset in output(id) where the current incarnation starts. */
  const starts = new Map<number, number>(servers.map((s) => [s.id, 0]));
  const byId = (id: number): EnsembleServer => {
    const s = servers.find((x) => x.id === id);
    if (!s) throw new Error(`no server ${id}`);
    return s;
  };
  const isRunning = (id: number): boolean => {
    const p = byId(id).process;
    return p !== null && p.exitCode === null && p.signalCode === null;
  };
  const exited = (p: ChildProcess): Promise<void> =>
    new Promise((res) => {
      if (p.exitCode !== null || p.signalCode !== null) return res();
      p.once('exit', () => res());
    });

  const launches = new Map<number, number>();
  const launch = (id: number): void => {
    const s = byId(id);
    const prev = outputs.get(id)!;
    const banner = prev.length > 0 ? `\n===== restart of server ${id} =====\n` : '';
    outputs.set(id, prev + banner);
    starts.set(id, outputs.get(id)!.length);
    const child = spawnTied(
      process.execPath,
      [ZK_SERVER_BIN, '--config', s.configFile, '--election', opts.election, '--log-level', opts.logLevel ?? 'info', ...(opts.serverArgs?.(id, (launches.get(id) ?? 0) + 1) ?? [])],
      { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env ? { env: { ...process.env, ...opts.env(s) } } : {}) },
    );
    launches.set(id, (launches.get(id) ?? 0) + 1);
    track(child);
    const append = (d: Buffer) => outputs.set(id, outputs.get(id)! + d.toString());
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    s.process = child;
  };

  const waitServing = async (id: number, timeoutMs = 20_000): Promise<void> => {
    await waitFor(
      () => outputs.get(id)!.slice(starts.get(id)!).includes('serving clients on'),
      timeoutMs,
      () => `server ${id} did not start serving within ${timeoutMs} ms:\n${outputs.get(id)!.slice(starts.get(id)!)}`,
      () => !isRunning(id),
    );
  };

  const frozen = new Set<number>();
  const mode = async (id: number): Promise<Mode> => {
    if (!isRunning(id)) return 'down';
    if (frozen.has(id)) return 'frozen';
    try {
      return parseMode(await fourLetter(byId(id).clientPort, 'srvr'));
    } catch {
      return 'down';
    }
  };
  const modes = async (): Promise<Map<number, Mode>> => {
    const list = await Promise.all(servers.map(async (s) => [s.id, await mode(s.id)] as const));
    return new Map(list);
  };

  const kill = async (id: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const p = byId(id).process;
    if (!p || !isRunning(id)) return;
    if (signal === 'SIGTERM' || signal === 'SIGKILL') {
      // A stopped process cannot handle SIGTERM: wake it first.
      if (signal === 'SIGTERM') p.kill('SIGCONT');
      p.kill(signal);
      await exited(p);
      frozen.delete(id);
    } else {
      p.kill(signal);
      if (signal === 'SIGSTOP') frozen.add(id);
      if (signal === 'SIGCONT') frozen.delete(id);
    }
  };

  const ensemble: Ensemble = {
    servers,
    connectString: servers.map((s) => `127.0.0.1:${s.clientPort}`).join(','),
    server: byId,
    async leader(timeoutMs = 20_000) {
      const start = Date.now();
      let last = new Map<number, Mode>();
      for (;;) {
        last = await modes();
        const leaders = [...last].filter(([, m]) => m === 'leader').map(([id]) => id);
        if (leaders.length === 1) return leaders[0]!;
        if (Date.now() - start > timeoutMs) {
          throw new Error(`no single leader within ${timeoutMs} ms: ${JSON.stringify([...last])}\n${ensemble.tails()}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    modes,
    mode,
    kill,
    stop: (id) => kill(id, 'SIGTERM'),
    async restart(id, o = {}) {
      await kill(id, 'SIGTERM');
      launch(id);
      if (o.waitServing ?? true) await waitServing(id);
    },
    waitServing,
    output: (id) => outputs.get(id)!,
    async waitForLog(id, re, timeoutMs = 20_000, from = 0) {
      let m: RegExpExecArray | null = null;
      await waitFor(
        () => (m = re.exec(outputs.get(id)!.slice(from))) !== null,
        timeoutMs,
        () => `server ${id} did not log ${re} within ${timeoutMs} ms:\n${outputs.get(id)!.slice(from)}`,
      );
      return m!;
    },
    isRunning,
    tails(lines = 25) {
      return servers
        .map((s) => `----- server ${s.id} -----\n${outputs.get(s.id)!.trimEnd().split('\n').slice(-lines).join('\n')}`)
        .join('\n');
    },
    async cleanup() {
      await Promise.all(servers.map((s) => kill(s.id, 'SIGKILL')));
      rmSync(root, { recursive: true, force: true });
    },
  };

  const first = opts.start ?? servers.map((s) => s.id);
  for (const id of first) launch(id);
  if (opts.waitServing ?? opts.start === undefined) {
    try {
      await Promise.all(first.map((id) => waitServing(id)));
    } catch (e) {
      await ensemble.cleanup();
      throw e;
    }
  }
  return ensemble;
}
