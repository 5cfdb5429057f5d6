/**
 * Servers the bench launches itself: N fresh zk-ts servers (bin/zk-server) or Apache ZooKeeper
 * 3.8 JVMs (the Debian package's jar, run the way its zkServer.sh runs it: QuorumPeerMain with
 * the JVM's default heap and ZooKeeper's default fsync), on free ports of 127.0.0.1, each with
 * its own data directory under one temp directory, with the same tickTime, initLimit and
 * syncLimit. One server is a standalone server; more form an ensemble.
 *
 * Every process started here is killed, and every temp directory removed, when the bench ends:
 * normally, on an error, or on Ctrl-C (SIGINT/SIGTERM/SIGHUP).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServerKind = 'zk-ts' | 'zookeeper';

/** The repository root (this file runs from dist/src/cli/bench). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const ZK_SERVER_BIN = join(REPO_ROOT, 'bin', 'zk-server');
export const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';

export interface ClusterOptions {
  kind: ServerKind;
  /** 1: a standalone server; 3 or more: an ensemble. */
  servers: number;
  /** Same for both kinds; the defaults are conf/ensemble's (and ZooKeeper's sample zoo.cfg's). */
  tickTime?: number;
  initLimit?: number;
  syncLimit?: number;
  /** zk-ts only (ZooKeeper 3.8 has only the fast election). */
  election?: 'basic' | 'fast';
  /** zk-ts's --log-level (default warn). */
  logLevel?: string;
  /** Extra JVM flags for ZooKeeper (default none: the package's defaults). */
  jvmFlags?: string[];
  /** Extra node flags for zk-ts servers (e.g. --cpu-prof, for profiling). */
  nodeFlags?: string[];
}

export interface ClusterServer {
  id: number;
  clientPort: number;
  quorumPort: number;
  electionPort: number;
  dataDir: string;
  configFile: string;
  process: ChildProcess | null;
  /** The last output of the current process (for error messages). */
  output: string;
}

export type Mode = 'leader' | 'follower' | 'observer' | 'standalone' | 'not serving' | 'down';

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooksInstalled = false;

/** Kills every process the bench started and removes its temp dirs (synchronously: exit handlers). */
export function killEverything(): void {
  for (const c of live) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
  live.clear();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killEverything);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      process.stderr.write(`\nzk-bench: ${sig}: stopping every server it started\n`);
      killEverything();
      process.exit(130);
    });
  }
}

export function isZooKeeperInstalled(): boolean {
  return existsSync(ZOOKEEPER_JAR) && spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

function listenTcp(port: number): Promise<Server> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(port, '127.0.0.1', () => res(s));
  });
}

function bindUdp(port: number): Promise<{ close(): void }> {
  return new Promise((res, rej) => {
    const u = createSocket('udp4');
    u.once('error', (e) => {
      u.close();
      rej(e);
    });
    u.bind(port, '127.0.0.1', () => res(u));
  });
}

/** `n` distinct ports free for both TCP and UDP on 127.0.0.1 (all held until all are found). */
export async function freePorts(n: number): Promise<number[]> {
  const held: { close(): void }[] = [];
  const ports: number[] = [];
  try {
    for (let attempts = 0; ports.length < n; attempts++) {
      if (attempts > n * 50) throw new Error('could not find free ports');
      const tcp = await listenTcp(0);
      held.push(tcp);
      const port = (tcp.address() as { port: number }).port;
      try {
        held.push(await bindUdp(port));
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

/** A four-letter word; resolves with '' when nobody answers. */
export function fourLetter(port: number, word: string, timeoutMs = 1000): Promise<string> {
  return new Promise((res) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write(word));
    let out = '';
    s.setTimeout(timeoutMs, () => s.destroy());
    s.on('data', (d) => (out += d));
    s.on('close', () => res(out));
    s.on('error', () => res(''));
  });
}

export function modeOf(srvr: string): Mode {
  if (srvr === '') return 'down';
  const m = /Mode: (leader|follower|observer|standalone)/.exec(srvr);
  return m ? (m[1] as Mode) : 'not serving';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class Cluster {
  readonly servers: ClusterServer[] = [];
  private readonly base: string;

  private constructor(readonly opts: Required<ClusterOptions>) {
    installHooks();
    this.base = mkdtempSync(join(tmpdir(), `zk-bench-${opts.kind}-`));
    tempDirs.add(this.base);
  }

  /** Writes the configuration of `options.servers` fresh servers (nothing is started yet). */
  static async create(options: ClusterOptions): Promise<Cluster> {
    if (options.kind === 'zookeeper' && !isZooKeeperInstalled()) {
      throw new Error(`Apache ZooKeeper is not installed (${ZOOKEEPER_JAR} or java missing): apt-get install zookeeper`);
    }
    if (options.kind === 'zookeeper' && options.election === 'basic') throw new Error('ZooKeeper 3.8 has only the fast election');
    const c = new Cluster({
      kind: options.kind,
      servers: options.servers,
      tickTime: options.tickTime ?? 2000,
      initLimit: options.initLimit ?? 10,
      syncLimit: options.syncLimit ?? 5,
      election: options.election ?? 'fast',
      logLevel: options.logLevel ?? 'warn',
      jvmFlags: options.jvmFlags ?? [],
      nodeFlags: options.nodeFlags ?? [],
    });
    const ports = await freePorts(options.servers * 3);
    for (let i = 0; i < options.servers; i++) {
      const id = i + 1;
      const dataDir = join(c.base, String(id));
      mkdirSync(dataDir, { recursive: true });
      c.servers.push({
        id,
        clientPort: ports[3 * i]!,
        quorumPort: ports[3 * i + 1]!,
        electionPort: ports[3 * i + 2]!,
        dataDir,
        configFile: join(c.base, `zoo${id}.cfg`),
        process: null,
        output: '',
      });
    }
    for (const s of c.servers) c.writeConfig(s);
    return c;
  }

  get kind(): ServerKind {
    return this.opts.kind;
  }

  /** Every server's client address, comma separated. */
  get connectString(): string {
    return this.servers.map((s) => `127.0.0.1:${s.clientPort}`).join(',');
  }

  server(id: number): ClusterServer {
    const s = this.servers.find((x) => x.id === id);
    if (!s) throw new Error(`no server ${id}`);
    return s;
  }

  pid(id: number): number | null {
    const p = this.server(id).process;
    return p && p.exitCode === null && p.signalCode === null ? p.pid ?? null : null;
  }

  private writeConfig(s: ClusterServer): void {
    const o = this.opts;
    writeFileSync(join(s.dataDir, 'myid'), `${s.id}\n`);
    const lines = [
      `tickTime=${o.tickTime}`,
      `initLimit=${o.initLimit}`,
      `syncLimit=${o.syncLimit}`,
      `dataDir=${s.dataDir}`,
      `clientPort=${s.clientPort}`,
      'clientPortAddress=127.0.0.1',
      'maxClientCnxns=0',
      '4lw.commands.whitelist=*',
    ];
    if (o.kind === 'zk-ts') lines.push(`electionAlg=${o.election === 'basic' ? 0 : 3}`);
    else lines.push('admin.enableServer=false');
    if (this.servers.length > 1) {
      for (const x of this.servers) lines.push(`server.${x.id}=127.0.0.1:${x.quorumPort}:${x.electionPort}`);
    }
    writeFileSync(s.configFile, lines.join('\n') + '\n');
  }

  /** Starts the server's process (it must not be running). */
  start(id: number): void {
    const s = this.server(id);
    if (this.pid(id) !== null) throw new Error(`server ${id} is already running`);
    const child =
      this.opts.kind === 'zk-ts'
        ? spawn(process.execPath, [...this.opts.nodeFlags, ZK_SERVER_BIN, '--config', s.configFile, '--log-level', this.opts.logLevel], { stdio: ['ignore', 'pipe', 'pipe'], cwd: s.dataDir })
        : spawn(
            'java',
            [
              ...this.opts.jvmFlags,
              '-Dzookeeper.admin.enableServer=false',
              `-Dzookeeper.log.dir=${s.dataDir}`,
              '-cp',
              ZOOKEEPER_JAR,
              'org.apache.zookeeper.server.quorum.QuorumPeerMain',
              s.configFile,
            ],
            { stdio: ['ignore', 'pipe', 'pipe'], cwd: s.dataDir },
          );
    s.process = child;
    s.output = '';
    live.add(child);
    child.once('exit', () => live.delete(child));
    const keep = (d: Buffer) => {
      s.output = (s.output + d.toString()).slice(-16384);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  startAll(): void {
    for (const s of this.servers) this.start(s.id);
  }

  /** Sends a signal and waits for the exit (any other signal turns into SIGKILL after `patienceMs`). */
  async kill(id: number, signal: NodeJS.Signals = 'SIGKILL', patienceMs = 10_000): Promise<void> {
    const c = this.server(id).process;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    const timer = setTimeout(() => c.kill('SIGKILL'), patienceMs);
    await exited;
    clearTimeout(timer);
  }

  async mode(id: number): Promise<Mode> {
    if (this.pid(id) === null) return 'down';
    return modeOf(await fourLetter(this.server(id).clientPort, 'srvr'));
  }

  /** Waits until every running server serves (leader/follower/standalone); returns the leader's id (or the standalone's). */
  async waitServing(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = this.servers.filter((s) => this.pid(s.id) !== null);
      if (running.length === 0) throw new Error(`every ${this.opts.kind} server has exited:\n${this.tails()}`);
      const modes = await Promise.all(running.map(async (s) => [s.id, await this.mode(s.id)] as const));
      const leader = modes.find(([, m]) => m === 'leader' || m === 'standalone');
      if (leader && modes.every(([, m]) => m === 'leader' || m === 'follower' || m === 'observer' || m === 'standalone')) return leader[0];
      if (Date.now() > deadline) throw new Error(`${this.opts.kind} servers not serving within ${timeoutMs} ms (${modes.map(([i, m]) => `${i}: ${m}`).join(', ')}):\n${this.tails()}`);
      await sleep(20);
    }
  }

  /** The last lines each server printed. */
  tails(lines = 15): string {
    return this.servers.map((s) => `--- server ${s.id}\n${s.output.split('\n').slice(-lines).join('\n')}`).join('\n');
  }

  /**
   * Kills every server and removes the data directories. zk-ts servers given node flags (a
   * profiler) get SIGTERM instead, and up to two minutes, so that what they record is written:
   * a clean stop waits for pending applied-state writes.
   */
  async destroy(): Promise<void> {
    const gently = this.opts.kind === 'zk-ts' && this.opts.nodeFlags.length > 0;
    await Promise.all(this.servers.map((s) => (gently ? this.kill(s.id, 'SIGTERM', 120_000) : this.kill(s.id, 'SIGKILL'))));
    rmSync(this.base, { recursive: true, force: true });
    tempDirs.delete(this.base);
  }
}
