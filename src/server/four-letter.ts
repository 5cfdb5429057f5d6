/**
 * Four-letter words (wire reference §14): recognise the 4 bytes, and format the text that
 * ZooKeeper 3.8 writes before closing the connection. Pure formatting: the runtime supplies a
 * FourLetterContext (plain values for the cheap numbers, methods for anything that walks a
 * table), and writes the returned text to the socket.
 *
 * Layouts follow the 3.8 sources: command/*Command.java, ServerStats.toString,
 * ServerCnxn.dumpConnectionInfo, ZooKeeperServer/QuorumZooKeeperServer.dumpConf,
 * WatchManager.toString/dumpWatches, ExpiryQueue.dump, SessionTrackerImpl/
 * LearnerSessionTracker.dumpSessions, DataTree.dumpEphemerals, NIOServerCnxn.toString.
 */
import { homedir, hostname, release, type, userInfo } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { hex } from '../base/zxid.js';

/** Every four-letter word ZooKeeper 3.8 knows (FourLetterCommands, without "telnet close"). */
export const FOUR_LETTER_WORDS: ReadonlySet<string> = new Set([
  'ruok', 'srvr', 'stat', 'mntr', 'conf', 'cons', 'envi', 'wchs', 'wchc', 'wchp',
  'dump', 'isro', 'crst', 'srst', 'dirs', 'gtmk', 'stmk', 'hash',
]);

/** ZooKeeper's default text trace mask (ZooTrace: CLIENT_REQUEST | SERVER_PACKET | SESSION | WARNING). */
export const DEFAULT_TRACE_MASK = 306n;

export const ZK_NOT_SERVING = 'This ZooKeeper instance is not currently serving requests';

/** `Mode:` / `zk_server_state` values (ServerStats.getServerState). */
export type ServerMode = 'standalone' | 'leader' | 'follower' | 'observer' | 'read-only';

/** Per-session statistics of a connection (the `cons` fields from `sid` on). */
export interface ConnectionSessionInfo {
  sessionId: bigint;
  /** Short op name of the last reply: PING SESS CREA DELE SETD ... NA (wire §14). */
  lastOp: string;
  /** When the session was established on this connection, ms since the epoch. */
  establishedMs: number;
  /** Negotiated session timeout, ms. */
  timeoutMs: number;
  /** Last cxid answered; -1 (printed not at all) when none. */
  lastCxid: number;
  /** Last zxid answered; -1n (printed 0xffffffffffffffff, as ZooKeeper does) when none. */
  lastZxid: bigint;
  /** ms since the epoch; 0 when none. */
  lastResponseTimeMs: number;
  lastLatencyMs: number;
  /** 0 when no request yet (ZooKeeper maps Long.MAX_VALUE to 0). */
  minLatencyMs: number;
  /** Integer average (ZooKeeper divides longs); fractions are truncated. */
  avgLatencyMs: number;
  maxLatencyMs: number;
}

/** One client connection (including, as in ZooKeeper, the one asking the four-letter word). */
export interface ConnectionInfo {
  /** As Node reports it: '127.0.0.1', '::1', '::ffff:127.0.0.1'. Printed the Java way. */
  remoteAddress: string;
  remotePort: number;
  /** NIO interest ops: 1 reading, 0 reading suspended, 5 read+write. Printed in hex. */
  interestOps: number;
  /** Outstanding (queued) requests. */
  queued: number;
  received: number;
  sent: number;
  /** Present once the connection has a session (ZooKeeper: sessionId != 0). */
  session?: ConnectionSessionInfo;
  /** Deadline of this connection in the connection expiry queue (ms since the epoch), for `dump`. */
  expiresAtMs?: number;
}

/** `dump`'s session part: the leader's / standalone expiry buckets, or a learner's global table. */
export type SessionDump =
  | { kind: 'expiry'; buckets: ReadonlyArray<readonly [deadlineMs: number, sessionIds: readonly bigint[]]> }
  | { kind: 'global'; sessions: ReadonlyArray<readonly [sessionId: bigint, timeoutMs: number]> };

/** `mntr` values beyond the ones srvr already carries. */
export interface MonitorValues {
  watchCount: number;
  ephemeralsCount: number;
  approximateDataSize: number;
  /** Omitted (as on non-Unix ZooKeeper) when unknown. */
  openFileDescriptorCount?: number;
  maxFileDescriptorCount?: number;
  uptimeMs: number;
  globalSessions: number;
  localSessions: number;
  authFailedCount: number;
  /**
   * Appended as `zk_<key>\t<value>`: quorum/election keys (peer_state, election_algorithm,
   * followers, synced_followers, pending_syncs, quorum_size, ...). Keys without `zk_`.
   * Integers and bigints print as integers, other numbers as a Java double, strings verbatim.
   */
  extra: ReadonlyArray<readonly [string, string | number | bigint]>;
}

export interface ConfDump {
  /** In ZooKeeper's order: clientPort, secureClientPort, dataDir, dataDirSize, dataLogDir,
   * dataLogSize, tickTime, maxClientCnxns, minSessionTimeout, maxSessionTimeout,
   * clientPortListenBacklog, serverId; quorum members add initLimit, syncLimit, electionAlg,
   * electionPort, quorumPort, peerType. */
  entries: ReadonlyArray<readonly [string, string | number | bigint]>;
  /** Quorum members: the dynamic config text (see formatMembership), printed after `membership: `. */
  membership?: string;
}

export interface FourLetterContext {
  /** ZooKeeperServer.isRunning(): false while LOOKING / syncing / shutting down. */
  serving: boolean;
  mode: ServerMode;
  /** Printed after `Zookeeper version: ` and as zk_version, e.g. `3.8.0-zk-ts-0.1.0, built on ...`. */
  version: string;

  // ServerStats (srvr, stat, mntr)
  minLatencyMs: number;
  /** Average request latency; rounded to 4 decimals and printed as a Java double. */
  avgLatencyMs: number;
  maxLatencyMs: number;
  packetsReceived: number;
  packetsSent: number;
  /** Alive client connections (ZooKeeper counts the four-letter connection too). */
  aliveConnections: number;
  outstandingRequests: number;
  /** Last processed zxid. */
  zxid: bigint;
  /** ZooKeeper's getNodeCount (counts the root twice: a fresh server says 5). */
  nodeCount: number;
  /** Leader only: proposal sizes (BufferStats); -1/-1/-1 when absent. */
  proposalSizes?: { last: number; min: number; max: number };
  /** Quorum members: 'basic' or 'fast', printed by srvr and stat as `Election algorithm: …`. */
  electionAlgorithm?: string;

  /** Current text trace mask (`gtmk`); ZooKeeper's default is DEFAULT_TRACE_MASK. */
  traceMask: bigint;
  /** For `stmk` only: the 8-byte mask that followed the word. */
  stmkMask?: bigint;
  setTraceMask(mask: bigint): void;

  /** `dirs`, in bytes. */
  dataDirSize: number;
  logDirSize: number;

  connections(): readonly ConnectionInfo[];
  watchSummary(): { connections: number; paths: number; total: number };
  watchesBySession(): ReadonlyMap<bigint, readonly string[]>;
  watchesByPath(): ReadonlyMap<string, readonly bigint[]>;
  sessionDump(): SessionDump;
  ephemerals(): ReadonlyMap<bigint, readonly string[]>;
  conf(): ConfDump;
  /** `envi` lines, in order (see buildEnvironment). */
  environment(): ReadonlyArray<readonly [string, string]>;
  monitor(): MonitorValues;
  /** `hash`: DataTree digest log, oldest first; empty when digests are disabled. */
  digestLog(): ReadonlyArray<readonly [zxid: bigint, digest: bigint]>;

  resetConnectionStats(): void;
  resetServerStats(): void;
}

const WORD_BYTES = new Map<number, string>();
for (const w of FOUR_LETTER_WORDS) WORD_BYTES.set(((w.charCodeAt(0) << 24) | (w.charCodeAt(1) << 16) | (w.charCodeAt(2) << 8) | w.charCodeAt(3)) >>> 0, w);

/** The word if the first 4 bytes are a known four-letter word (case-sensitive, as ZooKeeper), else null. */
export function isFourLetterWord(first4: Uint8Array): string | null {
  if (first4.length < 4) return null;
  const v = ((first4[0] << 24) | (first4[1] << 16) | (first4[2] << 8) | first4[3]) >>> 0;
  return WORD_BYTES.get(v) ?? null;
}

/**
 * The text to write before closing. `word` must be one of FOUR_LETTER_WORDS. `srvr` is always
 * allowed. crst/srst/stmk act on the context (only when allowed, and crst/srst only when serving).
 */
export function runFourLetterWord(word: string, ctx: FourLetterContext, whitelist: ReadonlySet<string> | '*'): string {
  if (!FOUR_LETTER_WORDS.has(word)) throw new Error(`not a four-letter word: ${JSON.stringify(word)}`);
  if (whitelist !== '*' && word !== 'srvr' && !whitelist.has(word)) {
    return `${word} is not executed because it is not in the whitelist.\n`;
  }
  // Commands that run whether or not the server is serving.
  switch (word) {
    case 'ruok':
      return 'imok';
    case 'isro':
      return !ctx.serving ? 'null' : ctx.mode === 'read-only' ? 'ro' : 'rw';
    case 'envi':
      return envi(ctx);
    case 'gtmk':
      return signed64(ctx.traceMask);
    case 'stmk': {
      const mask = ctx.stmkMask ?? ctx.traceMask;
      ctx.setTraceMask(mask);
      return signed64(mask);
    }
  }
  if (!ctx.serving) return word === 'hash' ? ZK_NOT_SERVING : ZK_NOT_SERVING + '\n';
  switch (word) {
    case 'srvr':
      return stat(ctx, false);
    case 'stat':
      return stat(ctx, true);
    case 'cons':
      return cons(ctx);
    case 'mntr':
      return mntr(ctx);
    case 'conf':
      return conf(ctx);
    case 'wchs': {
      const s = ctx.watchSummary();
      return `${s.connections} connections watching ${s.paths} paths\nTotal watches:${s.total}\n`;
    }
    case 'wchc':
      return wchc(ctx);
    case 'wchp':
      return wchp(ctx);
    case 'dump':
      return dump(ctx);
    case 'crst':
      ctx.resetConnectionStats();
      return 'Connection stats reset.\n';
    case 'srst':
      ctx.resetServerStats();
      return 'Server stats reset.\n';
    case 'dirs':
      return `datadir_size: ${int(ctx.dataDirSize)}\nlogdir_size: ${int(ctx.logDirSize)}\n`;
    case 'hash':
      return ctx.digestLog().map(([z, d]) => `${BigInt.asUintN(64, z).toString(16)}: ${signed64(d)}\n`).join('');
  }
  throw new Error(`unhandled four-letter word ${word}`);
}

// ---- commands ----

function stat(ctx: FourLetterContext, withClients: boolean): string {
  let out = `Zookeeper version: ${ctx.version}\n`;
  if (ctx.mode === 'read-only') out += 'READ-ONLY mode; serving only read-only clients\n';
  if (withClients) {
    out += 'Clients:\n';
    for (const c of ctx.connections()) out += connectionLine(c, true) + '\n';
    out += '\n';
  }
  out += `Latency min/avg/max: ${int(ctx.minLatencyMs)}/${latencyAvg(ctx.avgLatencyMs)}/${int(ctx.maxLatencyMs)}\n`;
  out += `Received: ${int(ctx.packetsReceived)}\n`;
  out += `Sent: ${int(ctx.packetsSent)}\n`;
  out += `Connections: ${int(ctx.aliveConnections)}\n`;
  out += `Outstanding: ${int(ctx.outstandingRequests)}\n`;
  out += `Zxid: ${hex(ctx.zxid)}\n`;
  out += `Mode: ${ctx.mode}\n`;
  out += `Node count: ${int(ctx.nodeCount)}\n`;
  if (ctx.mode === 'leader') {
    const p = ctx.proposalSizes ?? { last: -1, min: -1, max: -1 };
    out += `Proposal sizes last/min/max: ${int(p.last)}/${int(p.min)}/${int(p.max)}\n`;
  }
  // Ours: which election a quorum member runs (after ZooKeeper's lines, so parsers are unaffected).
  if (ctx.electionAlgorithm) out += `Election algorithm: ${ctx.electionAlgorithm}\n`;
  return out;
}

function cons(ctx: FourLetterContext): string {
  let out = '';
  for (const c of ctx.connections()) out += connectionLine(c, false) + '\n';
  return out + '\n';
}

/** ServerCnxn.dumpConnectionInfo. */
export function connectionLine(c: ConnectionInfo, brief: boolean): string {
  let s = ` ${javaSocketAddress(c.remoteAddress, c.remotePort)}[${(c.interestOps >>> 0).toString(16)}]`;
  s += `(queued=${int(c.queued)},recved=${int(c.received)},sent=${int(c.sent)}`;
  const x = c.session;
  if (!brief && x && x.sessionId !== 0n) {
    s += `,sid=${hex(x.sessionId)},lop=${x.lastOp},est=${int(x.establishedMs)},to=${int(x.timeoutMs)}`;
    if (x.lastCxid >= 0) s += `,lcxid=${hex(BigInt(Math.trunc(x.lastCxid)))}`;
    s += `,lzxid=${hex(x.lastZxid)},lresp=${int(x.lastResponseTimeMs)},llat=${int(x.lastLatencyMs)}`;
    s += `,minlat=${int(x.minLatencyMs)},avglat=${int(x.avgLatencyMs)},maxlat=${int(x.maxLatencyMs)}`;
  }
  return s + ')';
}

function mntr(ctx: FourLetterContext): string {
  const m = ctx.monitor();
  const lines: Array<readonly [string, string]> = [
    ['version', ctx.version],
    ['server_state', ctx.mode],
    ['avg_latency', latencyAvg(ctx.avgLatencyMs)],
    ['max_latency', int(ctx.maxLatencyMs)],
    ['min_latency', int(ctx.minLatencyMs)],
    ['packets_received', int(ctx.packetsReceived)],
    ['packets_sent', int(ctx.packetsSent)],
    ['num_alive_connections', int(ctx.aliveConnections)],
    ['outstanding_requests', int(ctx.outstandingRequests)],
    ['znode_count', int(ctx.nodeCount)],
    ['watch_count', int(m.watchCount)],
    ['ephemerals_count', int(m.ephemeralsCount)],
    ['approximate_data_size', int(m.approximateDataSize)],
  ];
  if (m.openFileDescriptorCount !== undefined) lines.push(['open_file_descriptor_count', int(m.openFileDescriptorCount)]);
  if (m.maxFileDescriptorCount !== undefined) lines.push(['max_file_descriptor_count', int(m.maxFileDescriptorCount)]);
  lines.push(
    ['uptime', int(m.uptimeMs)],
    ['global_sessions', int(m.globalSessions)],
    ['local_sessions', int(m.localSessions)],
    ['auth_failed_count', int(m.authFailedCount)],
  );
  for (const [k, v] of m.extra) lines.push([k, metricValue(v)]);
  return lines.map(([k, v]) => `zk_${k}\t${v}\n`).join('');
}

function conf(ctx: FourLetterContext): string {
  const c = ctx.conf();
  let out = c.entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : String(v)}\n`).join('');
  if (c.membership !== undefined) out += 'membership: \n' + c.membership;
  return out;
}

function envi(ctx: FourLetterContext): string {
  return 'Environment:\n' + ctx.environment().map(([k, v]) => `${k}=${v}\n`).join('');
}

function wchc(ctx: FourLetterContext): string {
  let out = '';
  for (const [sid, paths] of ctx.watchesBySession()) {
    out += hex(sid) + '\n';
    for (const p of paths) out += `\t${p}\n`;
  }
  return out + '\n';
}

function wchp(ctx: FourLetterContext): string {
  let out = '';
  for (const [path, sids] of ctx.watchesByPath()) {
    out += path + '\n';
    for (const sid of sids) out += `\t${hex(sid)}\n`;
  }
  return out + '\n';
}

function dump(ctx: FourLetterContext): string {
  let out = 'SessionTracker dump:\n';
  const s = ctx.sessionDump();
  if (s.kind === 'expiry') {
    out += 'Session ' + expiryQueueDump(s.buckets.map(([t, ids]) => [t, ids.map((id) => hex(id))] as const));
  } else {
    const sorted = [...s.sessions].sort((a, b) => cmpSigned(a[0], b[0]));
    out += `Global Sessions(${sorted.length}):\n`;
    for (const [id, to] of sorted) out += `${hex(id)}\t${int(to)}ms\n`;
  }
  out += 'ephemeral nodes dump:\n';
  const eph = ctx.ephemerals();
  out += `Sessions with Ephemerals (${eph.size}):\n`;
  for (const [sid, paths] of eph) {
    out += `${hex(sid)}:\n`;
    for (const p of paths) out += `\t${p}\n`;
  }
  out += 'Connections dump:\n';
  const byDeadline = new Map<number, string[]>();
  for (const c of ctx.connections()) {
    if (c.expiresAtMs === undefined) continue;
    const label = `ip: ${javaSocketAddress(c.remoteAddress, c.remotePort)} sessionId: ${hex(c.session?.sessionId ?? 0n)}`;
    const list = byDeadline.get(c.expiresAtMs);
    if (list) list.push(label);
    else byDeadline.set(c.expiresAtMs, [label]);
  }
  out += 'Connections ' + expiryQueueDump([...byDeadline]);
  return out;
}

/** ExpiryQueue.dump, after its caller's prefix ("Session " / "Connections "). */
function expiryQueueDump(buckets: ReadonlyArray<readonly [number, readonly string[]]>): string {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const elems = sorted.reduce((n, [, xs]) => n + xs.length, 0);
  let out = `Sets (${sorted.length})/(${elems}):\n`;
  for (const [t, xs] of sorted) {
    out += `${xs.length} expire at ${javaDate(t)}:\n`;
    for (const x of xs) out += `\t${x}\n`;
  }
  return out;
}

// ---- helpers for the runtime ----

/**
 * QuorumMaj.toString, printed by `conf` after `membership: `: one `server.<id>=<spec>` line per
 * member (spec as in the dynamic config: `host:quorumPort:electionPort:participant;clientHost:clientPort`),
 * then `version=<hex>` without a trailing newline.
 */
export function formatMembership(members: ReadonlyArray<readonly [id: number | bigint, spec: string]>, version: bigint): string {
  return members.map(([id, spec]) => `server.${id}=${spec}\n`).join('') + `version=${BigInt.asUintN(64, version).toString(16)}`;
}

/**
 * `envi` lines for this process, with ZooKeeper's key names where they mean the same thing
 * (zookeeper.version, host.name, os.*, user.*, os.memory.* as the JS heap in MB) and
 * `node.version` in place of the java.* keys.
 */
export function buildEnvironment(zookeeperVersion: string): Array<[string, string]> {
  const mb = (bytes: number): string => `${Math.floor(bytes / (1024 * 1024))}MB`;
  const heap = getHeapStatistics();
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? '';
  }
  const arch: Record<string, string> = { x64: 'amd64', ia32: 'x86', arm64: 'aarch64' };
  return [
    ['zookeeper.version', zookeeperVersion],
    ['host.name', hostname()],
    ['node.version', process.version],
    ['os.name', type()],
    ['os.arch', arch[process.arch] ?? process.arch],
    ['os.version', release()],
    ['user.name', user],
    ['user.home', homedir()],
    ['user.dir', process.cwd()],
    ['os.memory.free', mb(heap.total_heap_size - heap.used_heap_size)],
    ['os.memory.max', mb(heap.heap_size_limit)],
    ['os.memory.total', mb(heap.total_heap_size)],
  ];
}

// ---- formatting primitives ----

/** Java's Double.toString (shortest digits; plain for 1e-3 <= |d| < 1e7, else d.dddE±n). */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : s + '.0';
  }
  const [mant, exp] = d.toExponential().split('e');
  return `${mant.includes('.') ? mant : mant + '.0'}E${Number(exp)}`;
}

/** Java's Date.toString in UTC: `Thu Jan 01 00:00:00 UTC 1970`. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p2(d.getUTCDate())} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/**
 * Java's InetSocketAddress.toString for an accepted socket: `/127.0.0.1:2181`; IPv4-mapped IPv6
 * as IPv4 (Java does so); IPv6 uncompressed in brackets (JDK 14+): `/[0:0:0:0:0:0:0:1]:41446`.
 */
export function javaSocketAddress(address: string, port: number): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `/${mapped[1]}:${port}`;
  if (!address.includes(':')) return `/${address}:${port}`;
  return `/[${expandIPv6(address)}]:${port}`;
}

function expandIPv6(address: string): string {
  const pct = address.indexOf('%');
  const scope = pct >= 0 ? address.slice(pct) : '';
  let a = pct >= 0 ? address.slice(0, pct) : address;
  // Trailing dotted IPv4 → two hex groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [b0, b1, b2, b3] = v4.slice(1).map(Number);
    a = a.slice(0, v4.index) + ((b0 << 8) | b1).toString(16) + ':' + ((b2 << 8) | b3).toString(16);
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return groups.map((g) => parseInt(g || '0', 16).toString(16)).join(':') + scope;
}

/** A Java long/int printed as an integer. */
function int(n: number): string {
  return Number.isFinite(n) ? String(Math.trunc(n)) : '0';
}

/** AvgMinMaxCounter.getAvg: rounded HALF_UP to 4 decimals, printed as a double. */
function latencyAvg(avg: number): string {
  return javaDouble(Math.round(avg * 10000) / 10000);
}

function metricValue(v: string | number | bigint): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  return Number.isInteger(v) ? String(v) : javaDouble(v);
}

function signed64(v: bigint): string {
  return BigInt.asIntN(64, v).toString();
}

function cmpSigned(a: bigint, b: bigint): number {
  const x = BigInt.asIntN(64, a);
  const y = BigInt.asIntN(64, b);
  return x < y ? -1 : x > y ? 1 : 0;
}
