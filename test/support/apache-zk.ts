/**
 * Starts Apache ZooKeeper 3.8 (Debian package `zookeeper`) standalone, as a direct
 * `java ... ZooKeeperServerMain zoo.cfg` child so that the test owns the process: on a free
 * port of 127.0.0.1, with a temp data dir and config, a short tickTime, TTL nodes enabled and
 * every four-letter word allowed. Ready when `ruok` answers `imok`.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { spawnTied } from './tied-spawn.js';

export const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
/** What Debian's zookeeper.jar leaves off its class path for the AdminServer: the servlet API and a logger. */
const ADMIN_CLASSPATH = ['/usr/share/java/servlet-api.jar', '/usr/share/java/slf4j-simple.jar'];

/**
 * The class path for ZooKeeper with TLS. Debian's zookeeper.jar names its Netty jars in its
 * manifest but leaves out netty-codec and netty-resolver, which Netty's SslHandler and client
 * bootstrap need (NoClassDefFoundError: io/netty/handler/codec/ByteToMessageDecoder); both are
 * installed, so they are added here (and to zkCli.sh's class path by the TLS tests).
 */
export const ZOOKEEPER_CLASSPATH = [ZOOKEEPER_JAR, '/usr/share/java/netty-codec.jar', '/usr/share/java/netty-resolver.jar']
  .filter((j) => j === ZOOKEEPER_JAR || existsSync(j))
  .join(':');

export interface ApacheZooKeeperOptions {
  /** Default 200 ms (so min session timeout 400 ms, and expiry is checked often). */
  tickTime?: number;
  /** Extra zoo.cfg lines (ZooKeeper turns unknown keys such as ssl.* into zookeeper.* properties). */
  extra?: Record<string, string | number | boolean>;
  /** Start ZooKeeper's own AdminServer (Jetty) on a free port of 127.0.0.1. */
  admin?: boolean;
  /** Extra JVM flags, e.g. -Djava.security.auth.login.config=FILE for SASL. */
  jvmFlags?: string[];
}

export interface ApacheZooKeeper {
  host: string;
  port: number;
  connectString: string;
  dataDir: string;
  /** With `admin`: the AdminServer's port. */
  adminPort?: number | undefined;
  /** Stops the server and deletes its temp directory. */
  stop(): Promise<void>;
  /** Stops and starts again with the same data dir and port. */
  restart(): Promise<void>;
  /** Kills the JVM without a clean shutdown (data dir kept; restart() brings it back). */
  kill(): Promise<void>;
  output(): string;
}

let javaChecked: boolean | null = null;

/** True when the Debian package's jar and a `java` executable are present. */
export function isApacheZooKeeperInstalled(): boolean {
  if (!existsSync(ZOOKEEPER_JAR)) return false;
  if (javaChecked === null) {
    const r = spawnSync('java', ['-version'], { stdio: 'ignore' });
    javaChecked = r.status === 0;
  }
  return javaChecked;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed test file must not leave JVMs behind.
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

export async function startApacheZooKeeper(options: ApacheZooKeeperOptions = {}): Promise<ApacheZooKeeper> {
  if (!isApacheZooKeeperInstalled()) throw new Error(`Apache ZooKeeper is not installed (${ZOOKEEPER_JAR} or java missing)`);
  installExitHook();
  const base = mkdtempSync(join(tmpdir(), 'apache-zk-'));
  const dataDir = join(base, 'data');
  mkdirSync(dataDir);
  const port = await freePort();
  const adminPort = options.admin ? await freePort() : undefined;
  const tickTime = options.tickTime ?? 200;
  const cfg = join(base, 'zoo.cfg');
  const lines = [
    `tickTime=${tickTime}`,
    'initLimit=10',
    'syncLimit=5',
    `dataDir=${dataDir}`,
    `clientPort=${port}`,
    'clientPortAddress=127.0.0.1',
    `minSessionTimeout=${2 * tickTime}`,
    'maxSessionTimeout=60000',
    'maxClientCnxns=0',
    '4lw.commands.whitelist=*',
    ...(adminPort ? ['admin.enableServer=true', 'admin.serverAddress=127.0.0.1', `admin.serverPort=${adminPort}`] : ['admin.enableServer=false']),
    ...Object.entries(options.extra ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  writeFileSync(cfg, lines.join('\n') + '\n');

  let child: ChildProcess | null = null;
  let out = '';

  const launch = async (): Promise<void> => {
    out = '';
    const c = spawnTied(
      'java',
      [
        '-Xms32m',
        '-Xmx256m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Dzookeeper.extendedTypesEnabled=true',
        '-Dznode.container.checkIntervalMs=500',
        `-Dzookeeper.admin.enableServer=${adminPort !== undefined}`,
        ...(options.jvmFlags ?? []),
        '-cp',
        [ZOOKEEPER_CLASSPATH, ...(adminPort ? ADMIN_CLASSPATH : [])].join(':'),
        'org.apache.zookeeper.server.ZooKeeperServerMain',
        cfg,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: base },
    );
    child = c;
    live.add(c);
    c.once('exit', () => live.delete(c));
    c.stdout!.on('data', (d) => (out += d));
    c.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (c.exitCode !== null || c.signalCode !== null) {
        throw new Error(`ZooKeeper exited during start-up (code ${c.exitCode}):\n${out}`);
      }
      if ((await fourLetterWord(port, 'ruok').catch(() => '')) === 'imok') return;
      if (Date.now() > deadline) {
        c.kill('SIGKILL');
        throw new Error(`ZooKeeper did not answer ruok within 30 s:\n${out}`);
      }
      await sleep(100);
    }
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill(signal);
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    host: '127.0.0.1',
    port,
    connectString: `127.0.0.1:${port}`,
    dataDir,
    adminPort,
    async stop() {
      await halt('SIGTERM');
      rmSync(base, { recursive: true, force: true });
    },
    async restart() {
      await halt('SIGTERM');
      await launch();
    },
    async kill() {
      await halt('SIGKILL');
    },
    output: () => out,
  };
}

/** Sends a four-letter word; resolves with the text the server wrote before closing. */
export function fourLetterWord(port: number, word: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port }, () => s.write(word));
    let text = '';
    s.setTimeout(2000, () => {
      s.destroy();
      reject(new Error(`no answer to ${word}`));
    });
    s.on('data', (d) => (text += d));
    s.on('end', () => resolve(text));
    s.on('close', () => resolve(text));
    s.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
