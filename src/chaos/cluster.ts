/**
 * The servers under test, one per network namespace: zk-ts (`bin/zk-server`) or Apache
 * ZooKeeper 3.8 (Debian's jar, QuorumPeerMain), with the same zoo.cfg settings. Every server
 * runs `ip netns exec NS setpriv --pdeathsig KILL <server>`: both exec in place, so the child's
 * pid is the server's own (SIGKILL/SIGSTOP reach it directly), and it dies with the bench.
 * Every server has the disk-fault shim preloaded, idle until the nemesis writes its control
 * file. Output goes to s<id>.log in the run directory, across incarnations.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, writeFileSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Lan } from './network.js';
import { REPO_ROOT } from './native.js';

export type Target = 'zk-ts' | 'zookeeper';
export type Mode = 'leader' | 'follower' | 'standalone' | 'observer' | 'not serving' | 'down' | 'paused';

export const CLIENT_PORT = 2181;
export const QUORUM_PORT = 2888;
export const ELECTION_PORT = 3888;
export const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const SLF4J_SIMPLE = '/usr/share/java/slf4j-simple.jar';

export interface ClusterOptions {
  target: Target;
  servers: number;
  lan: Lan;
  dir: string;
  diskShim: string;
  tickTime: number;
  maxSessionTimeout: number;
  /** Called when a server exits without the bench having killed it. */
  onUnexpectedExit(id: number, code: number | null, signal: string | null): void;
}

export interface ServerState {
  id: number;
  dir: string;
  dataDir: string;
  logFile: string;
  ctlFile: string;
  child: ChildProcess | null;
  /** The bench killed it (or is about to): its exit is expected. */
  expectExit: boolean;
  paused: boolean;
  starts: number;
}

export class Cluster {
  readonly servers: ServerState[] = [];
  private readonly t0 = Date.now();

  constructor(private readonly o: ClusterOptions) {
    for (let id = 1; id <= o.servers; id++) {
      const dir = join(o.dir, `s${id}`);
      const dataDir = join(dir, 'data');
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'myid'), `${id}\n`);
      const ctlFile = join(dir, 'disk.ctl');
      writeFileSync(ctlFile, '-'.padEnd(32, ' '));
      this.servers.push({ id, dir, dataDir: realpathSync(dataDir), logFile: join(o.dir, `s${id}.log`), ctlFile, child: null, expectExit: false, paused: false, starts: 0 });
    }
    for (const s of this.servers) writeFileSync(join(s.dir, 'zoo.cfg'), this.config(s.id));
  }

  get connectString(): string {
    return this.servers.map((s) => `${this.o.lan.address(s.id)}:${CLIENT_PORT}`).join(',');
  }

  address(id: number): string {
    return `${this.o.lan.address(id)}:${CLIENT_PORT}`;
  }

  server(id: number): ServerState {
    const s = this.servers[id - 1];
    if (!s) throw new Error(`no server ${id}`);
    return s;
  }

  private config(id: number): string {
    const o = this.o;
    const lines = [
      `tickTime=${o.tickTime}`,
      'initLimit=10',
      'syncLimit=5',
      `dataDir=${this.server(id).dataDir}`,
      `clientPort=${CLIENT_PORT}`,
      `clientPortAddress=${o.lan.address(id)}`,
      `maxSessionTimeout=${o.maxSessionTimeout}`,
      '4lw.commands.whitelist=*',
      'maxClientCnxns=0',
      'admin.enableServer=false',
      ...(o.servers > 1 ? this.servers.map((s) => `server.${s.id}=${o.lan.address(s.id)}:${QUORUM_PORT}:${ELECTION_PORT}`) : []),
    ];
    if (o.servers === 1 && o.target === 'zookeeper') lines.push('standaloneEnabled=true');
    return lines.join('\n') + '\n';
  }

  isRunning(id: number): boolean {
    const c = this.server(id).child;
    return c !== null && c.exitCode === null && c.signalCode === null;
  }

  start(id: number): void {
    const s = this.server(id);
    if (this.isRunning(id)) return;
    s.starts++;
    s.expectExit = false;
    s.paused = false;
    const cfg = join(s.dir, 'zoo.cfg');
    const cmd =
      this.o.target === 'zk-ts'
        ? [process.execPath, join(REPO_ROOT, 'bin', 'zk-server'), '--config', cfg, '--log-level', 'info']
        : [
            'java',
            '-Xms32m',
            '-Xmx256m',
            '-XX:+UseSerialGC',
            '-XX:TieredStopAtLevel=1',
            '-Dzookeeper.admin.enableServer=false',
            '-Dorg.slf4j.simpleLogger.defaultLogLevel=info',
            '-Dorg.slf4j.simpleLogger.showDateTime=true',
            '-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS',
            '-cp',
            `${ZOOKEEPER_JAR}:${SLF4J_SIMPLE}`,
            'org.apache.zookeeper.server.quorum.QuorumPeerMain',
            cfg,
          ];
    const log = openSync(s.logFile, 'a');
    writeSync(log, `\n===== ${new Date().toISOString()} bench: start #${s.starts} of server ${id} (t=${((Date.now() - this.t0) / 1000).toFixed(1)} s) =====\n`);
    const child = spawn('ip', ['netns', 'exec', this.o.lan.namespace(id), 'setpriv', '--pdeathsig', 'KILL', ...cmd], {
      stdio: ['ignore', log, log],
      cwd: s.dir,
      env: { ...process.env, LD_PRELOAD: this.o.diskShim, CHAOS_DISK_CTL: s.ctlFile, CHAOS_DISK_DIR: s.dataDir },
    });
    closeSync(log);
    s.child = child;
    child.once('exit', (code, signal) => {
      if (s.child !== child) return;
      if (!s.expectExit) this.o.onUnexpectedExit(id, code, signal);
    });
  }

  startAll(): void {
    for (const s of this.servers) this.start(s.id);
  }

  /** SIGKILL; resolves when the process is gone. */
  async kill(id: number): Promise<void> {
    const s = this.server(id);
    const c = s.child;
    s.expectExit = true;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
    s.paused = false;
  }

  pause(id: number): void {
    const s = this.server(id);
    if (!this.isRunning(id)) return;
    s.child!.kill('SIGSTOP');
    s.paused = true;
  }

  resume(id: number): void {
    const s = this.server(id);
    if (s.child && this.isRunning(id)) s.child.kill('SIGCONT');
    s.paused = false;
  }

  /** Sets the disk-fault mode of a server: '-' healthy, 'S <us>' slow, 'E' EIO, 'N' ENOSPC. */
  disk(id: number, mode: string): void {
    // In place, never truncating: the shim has the file mapped, and a mapped page beyond the end
    // of a (momentarily) empty file is a SIGBUS in the server.
    const fd = openSync(this.server(id).ctlFile, 'r+');
    try {
      writeSync(fd, mode.padEnd(32, ' '), 0);
    } finally {
      closeSync(fd);
    }
  }

  async mode(id: number, timeoutMs = 1000): Promise<Mode> {
    const s = this.server(id);
    if (!this.isRunning(id)) return 'down';
    if (s.paused) return 'paused';
    try {
      const text = await fourLetterWord(this.o.lan.address(id), CLIENT_PORT, 'srvr', timeoutMs);
      const m = /^Mode: (\S+)/m.exec(text);
      if (m) return m[1] as Mode;
      return 'not serving';
    } catch {
      return 'not serving';
    }
  }

  async modes(): Promise<Map<number, Mode>> {
    const list = await Promise.all(this.servers.map(async (s) => [s.id, await this.mode(s.id)] as const));
    return new Map(list);
  }

  /** The single server that says it leads (or is standalone), or null. */
  async leader(): Promise<number | null> {
    const modes = await this.modes();
    const leaders = [...modes].filter(([, m]) => m === 'leader' || m === 'standalone').map(([id]) => id);
    return leaders.length === 1 ? leaders[0]! : null;
  }

  /** Waits until every server runs and serves, with one leader. */
  async waitHealthy(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const modes = await this.modes();
      const values = [...modes.values()];
      const leaders = values.filter((m) => m === 'leader' || m === 'standalone').length;
      if (leaders === 1 && values.every((m) => m === 'leader' || m === 'follower' || m === 'standalone' || m === 'observer')) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }

  async stopAll(): Promise<void> {
    for (const s of this.servers) {
      if (s.paused) this.resume(s.id);
      await this.kill(s.id);
    }
  }

  /** The last `lines` lines of a server's log. */
  logTail(id: number, lines = 30): string {
    const f = this.server(id).logFile;
    if (!existsSync(f)) return '';
    return readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }
}

export function fourLetterWord(host: string, port: number, word: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port }, () => s.write(word));
    let text = '';
    s.setTimeout(timeoutMs, () => {
      s.destroy();
      reject(new Error(`no answer to ${word}`));
    });
    s.on('data', (d) => (text += d));
    s.on('end', () => resolve(text));
    s.on('close', () => resolve(text));
    s.on('error', reject);
  });
}
