/**
 * zoo.cfg text → ZkConfig. Pure: the caller reads the file and passes its text and name; every
 * invalid value throws a ConfigError naming file:line and key, every unknown key is a warning.
 */
import { asSid, type Sid } from '../base/ids.js';
import { ConfigError, formatLocated } from './error.js';
import { parseProperties, type PropertyEntry } from './properties.js';
import { FOUR_LETTER_WORDS, type ElectionAlgorithm, type ServerSpec, type ZkConfig } from './types.js';
import { defaultSecurityConfig, isSecurityKey, parseSecurity } from './security.js';

export interface ParsedZooCfg {
  config: ZkConfig;
  /** Formatted like errors (`file:line: key 'k': ...`), in line order. */
  warnings: string[];
  /**
   * Every recognised key present in the file → the line of its last occurrence (aliases under
   * their canonical name; server lines as `server.N`). Tells defaults from explicit values.
   */
  lines: ReadonlyMap<string, number>;
}

export const DEFAULT_TICK_TIME = 2000;
export const DEFAULT_CLIENT_PORT = 2181;
export const DEFAULT_JUTE_MAX_BUFFER = 0xfffff;
export const DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;

/** maxClientUnsentBytes when not set: room for a burst of replies of the largest size allowed. */
export function defaultMaxClientUnsentBytes(juteMaxBuffer: number): number {
  return Math.max(64 * 1024 * 1024, 32 * juteMaxBuffer);
}
export const MIN_SNAP_RETAIN_COUNT = 3;
export const MAX_SERVER_ID = 255;
const INT_MAX = 0x7fffffff;

/** A full config from defaults and the given fields (for tests, the simulator and main/). */
export function makeConfig(fields: Partial<ZkConfig> & { dataDir: string }): ZkConfig {
  const tickTime = fields.tickTime ?? DEFAULT_TICK_TIME;
  const config: ZkConfig = {
    tickTime,
    initLimit: 10,
    syncLimit: 5,
    dataLogDir: fields.dataDir,
    clientPort: DEFAULT_CLIENT_PORT,
    clientPortAddress: '0.0.0.0',
    maxClientCnxns: 60,
    minSessionTimeout: 2 * tickTime,
    maxSessionTimeout: 20 * tickTime,
    snapCount: 100000,
    containerCheckIntervalMs: 60000,
    autopurgeSnapRetainCount: MIN_SNAP_RETAIN_COUNT,
    autopurgePurgeInterval: 0,
    fourLetterWordWhitelist: new Set(['srvr']),
    adminServerAddress: '0.0.0.0',
    adminCommandUrl: '/commands',
    adminDashboardWrite: false,
    adminDashboardPeers: [],
    metricsHttpHost: '0.0.0.0',
    metricsExportProcessInfo: true,
    juteMaxBuffer: DEFAULT_JUTE_MAX_BUFFER,
    globalOutstandingLimit: DEFAULT_GLOBAL_OUTSTANDING_LIMIT,
    maxClientUnsentBytes: defaultMaxClientUnsentBytes(fields.juteMaxBuffer ?? DEFAULT_JUTE_MAX_BUFFER),
    extendedTypesEnabled: false,
    enforceQuota: false,
    electionAlg: 'fast',
    servers: [],
    standaloneEnabled: true,
    security: defaultSecurityConfig(),
    ...fields,
  };
  return config;
}

type Handler = (e: PropertyEntry) => void;

/** Keys ZooKeeper operators commonly set that we accept without using them (no warning). */
const ACCEPTED_UNUSED = new Set([
  'reconfigEnabled',
  'quorumListenOnAllIPs',
  'preAllocSize',
  'leaderServes',
  'cnxTimeout',
  'peerType',
]);

const ALIASES: Record<string, string> = {
  'zookeeper.extendedTypesEnabled': 'extendedTypesEnabled',
  'zookeeper.globalOutstandingLimit': 'globalOutstandingLimit',
  'zookeeper.enforceQuota': 'enforceQuota',
};

/** Keys with a meaning here (each has a handler in parseZooCfg). */
const HANDLED_KEYS = new Set([
  'tickTime', 'initLimit', 'syncLimit', 'dataDir', 'dataLogDir', 'clientPort', 'clientPortAddress',
  'maxClientCnxns', 'minSessionTimeout', 'maxSessionTimeout', 'snapCount', 'znode.container.checkIntervalMs',
  'autopurge.snapRetainCount', 'autopurge.purgeInterval', '4lw.commands.whitelist',
  'jute.maxbuffer', 'globalOutstandingLimit', 'maxClientUnsentBytes', 'extendedTypesEnabled', 'electionAlg', 'electionKey', 'admin.serverPort',
  'admin.enableServer', 'admin.serverAddress', 'admin.commandURL', 'admin.dashboard.write',
  'metricsProvider.className', 'metricsProvider.httpPort', 'metricsProvider.httpHost', 'metricsProvider.exportJvmInfo',
  'DigestAuthenticationProvider.superDigest', 'standaloneEnabled',
  'logFile', 'dynamicConfigFile', 'enforceQuota',
]);

/** ZooKeeper's Prometheus provider: the one metrics provider zk-ts implements. */
export const PROMETHEUS_PROVIDER = 'org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider';
/** ZooKeeper's providers without an endpoint: accepted, no metrics served. */
const QUIET_PROVIDERS = ['org.apache.zookeeper.metrics.impl.DefaultMetricsProvider', 'org.apache.zookeeper.metrics.impl.NullMetricsProvider'];
export const DEFAULT_ADMIN_PORT = 8080;
export const DEFAULT_METRICS_PORT = 7000;

const SERVER_FORMAT = 'host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]';

export function parseZooCfg(text: string, fileName: string): ParsedZooCfg {
  const entries = parseProperties(text, fileName);
  const warnings: { line: number; text: string }[] = [];
  const warn = (e: PropertyEntry, msg: string): void => {
    warnings.push({ line: e.line, text: formatLocated(fileName, e.line, e.key, msg) });
  };
  const fail = (e: PropertyEntry, msg: string): never => {
    throw new ConfigError(fileName, e.line, e.key, msg);
  };

  // --- value parsers ---
  const intIn = (e: PropertyEntry, min: number, what: string): number => {
    const n = /^[0-9]+$/.test(e.value) ? Number(e.value) : NaN;
    if (!(n >= min && n <= INT_MAX)) fail(e, `expected ${what}, got '${e.value}'`);
    return n;
  };
  const positive = (e: PropertyEntry): number => intIn(e, 1, 'a positive integer');
  const nonNegative = (e: PropertyEntry): number => intIn(e, 0, 'a non-negative integer');
  const port = (e: PropertyEntry, value = e.value): number => {
    const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
    if (!(n >= 1 && n <= 65535)) fail(e, `expected a port number 1..65535, got '${value}'`);
    return n;
  };
  const bool = (e: PropertyEntry): boolean => {
    const v = e.value.toLowerCase();
    if (v !== 'true' && v !== 'false') fail(e, `expected true or false, got '${e.value}'`);
    return v === 'true';
  };
  const nonEmpty = (e: PropertyEntry, what: string): string => {
    if (e.value === '') fail(e, `expected ${what}, got an empty value`);
    return e.value;
  };
  const host = (e: PropertyEntry, value: string): string => {
    const h = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
    if (h === '' || /[\s\[\]]/.test(h)) fail(e, `expected a host name or address, got '${value}'`);
    return h;
  };

  const lines = new Map<string, number>();

  // --- collect: last occurrence of each key wins ---
  const last = new Map<string, PropertyEntry>();
  const serverEntries: PropertyEntry[] = [];
  const adminPeerEntries: PropertyEntry[] = [];
  for (const e of entries) {
    if (e.key.startsWith('server.')) {
      serverEntries.push(e);
      continue;
    }
    if (e.key.startsWith('admin.dashboard.peer.')) {
      adminPeerEntries.push(e);
      continue;
    }
    const canonical = ALIASES[e.key] ?? e.key;
    if (!HANDLED_KEYS.has(canonical) && !ACCEPTED_UNUSED.has(canonical) && !isSecurityKey(canonical)) {
      warn(e, e.key === '' ? 'empty key, line ignored' : 'unknown key, ignored');
      continue;
    }
    const prev = last.get(canonical);
    if (prev) warn(e, `set again (first on line ${prev.line}); the last value wins`);
    last.set(canonical, e);
  }

  // --- interpret ---
  const c: Partial<ZkConfig> = {};
  let minSession: number | undefined;
  let maxSession: number | undefined;
  let adminEnabled = false;
  let adminPort = DEFAULT_ADMIN_PORT;
  let metricsProvider = false;
  let metricsPort = DEFAULT_METRICS_PORT;
  const handlers: Record<string, Handler> = {
    tickTime: (e) => (c.tickTime = positive(e)),
    initLimit: (e) => (c.initLimit = positive(e)),
    syncLimit: (e) => (c.syncLimit = positive(e)),
    dataDir: (e) => (c.dataDir = nonEmpty(e, 'a directory path')),
    dataLogDir: (e) => (c.dataLogDir = nonEmpty(e, 'a directory path')),
    clientPort: (e) => (c.clientPort = port(e)),
    clientPortAddress: (e) => (c.clientPortAddress = host(e, e.value)),
    maxClientCnxns: (e) => (c.maxClientCnxns = nonNegative(e)),
    minSessionTimeout: (e) => (minSession = e.value === '-1' ? undefined : positive(e)),
    maxSessionTimeout: (e) => (maxSession = e.value === '-1' ? undefined : positive(e)),
    snapCount: (e) => (c.snapCount = positive(e)),
    'znode.container.checkIntervalMs': (e) => (c.containerCheckIntervalMs = positive(e)),
    'autopurge.snapRetainCount': (e) => {
      let n = nonNegative(e);
      if (n < MIN_SNAP_RETAIN_COUNT) {
        warn(e, `${n} is below the minimum ${MIN_SNAP_RETAIN_COUNT}; using ${MIN_SNAP_RETAIN_COUNT}`);
        n = MIN_SNAP_RETAIN_COUNT;
      }
      c.autopurgeSnapRetainCount = n;
    },
    'autopurge.purgeInterval': (e) => (c.autopurgePurgeInterval = nonNegative(e)),
    '4lw.commands.whitelist': (e) => (c.fourLetterWordWhitelist = whitelist(e, warn)),
    'jute.maxbuffer': (e) => (c.juteMaxBuffer = positive(e)),
    globalOutstandingLimit: (e) => (c.globalOutstandingLimit = positive(e)),
    maxClientUnsentBytes: (e) => (c.maxClientUnsentBytes = positive(e)),
    extendedTypesEnabled: (e) => (c.extendedTypesEnabled = bool(e)),
    enforceQuota: (e) => (c.enforceQuota = bool(e)),
    electionAlg: (e) => (c.electionAlg = electionAlg(e, fail)),
    electionKey: (e) => (c.electionKey = nonEmpty(e, 'a shared secret')),
    'admin.serverPort': (e) => (adminPort = port(e)),
    'admin.enableServer': (e) => (adminEnabled = bool(e)),
    'admin.serverAddress': (e) => (c.adminServerAddress = host(e, e.value)),
    'admin.commandURL': (e) => {
      if (!/^\/[^\s?#]*[^\s?#/]$/.test(e.value)) fail(e, `expected a URL path such as /commands, got '${e.value}'`);
      c.adminCommandUrl = e.value;
    },
    'admin.dashboard.write': (e) => (c.adminDashboardWrite = bool(e)),
    'metricsProvider.className': (e) => {
      if (e.value === PROMETHEUS_PROVIDER) metricsProvider = true;
      else if (!QUIET_PROVIDERS.includes(e.value)) warn(e, `unsupported metrics provider '${e.value}', no metrics endpoint (zk-ts implements ${PROMETHEUS_PROVIDER})`);
    },
    'metricsProvider.httpPort': (e) => (metricsPort = port(e)),
    'metricsProvider.httpHost': (e) => (c.metricsHttpHost = host(e, e.value)),
    'metricsProvider.exportJvmInfo': (e) => (c.metricsExportProcessInfo = bool(e)),
    'DigestAuthenticationProvider.superDigest': (e) => {
      if (!/^[^:\s]+:[A-Za-z0-9+/]+={0,2}$/.test(e.value)) fail(e, 'expected user:base64hash');
      c.superDigest = e.value;
    },
    standaloneEnabled: (e) => (c.standaloneEnabled = bool(e)),
    logFile: (e) => (c.logFile = nonEmpty(e, 'a file path')),
    dynamicConfigFile: (e) =>
      fail(e, 'dynamic configuration files are not supported; list the server.N lines in zoo.cfg'),
  };
  for (const e of [...last.values()].sort((a, b) => a.line - b.line)) {
    const canonical = ALIASES[e.key] ?? e.key;
    handlers[canonical]?.(e);
  }

  const securityEntries = [...last.values()].filter((e) => isSecurityKey(e.key)).sort((a, b) => a.line - b.line);
  c.security = parseSecurity(securityEntries, { fail, warn, port, bool, host }, last.has('clientPort'));

  if (c.dataDir === undefined) {
    throw new ConfigError(fileName, undefined, 'dataDir', 'required but not set');
  }
  if (adminEnabled) c.adminServerPort = adminPort;
  if (metricsProvider) c.metricsHttpPort = metricsPort;
  c.adminDashboardPeers = adminPeerEntries.map((e) => adminPeer(e, fail, port, host));

  // Session timeouts: defaults follow tickTime, -1 means the default (as in ZooKeeper).
  const tick = c.tickTime ?? DEFAULT_TICK_TIME;
  c.minSessionTimeout = minSession ?? 2 * tick;
  c.maxSessionTimeout = maxSession ?? 20 * tick;
  if (c.minSessionTimeout > c.maxSessionTimeout) {
    const e = last.get(minSession !== undefined ? 'minSessionTimeout' : 'maxSessionTimeout')!;
    fail(
      e,
      `minSessionTimeout (${c.minSessionTimeout}) must not be larger than maxSessionTimeout (${c.maxSessionTimeout})`,
    );
  }

  // --- server.N ---
  const servers = new Map<number, { spec: ServerSpec; line: number }>();
  const addresses = new Map<string, { key: string; line: number }>();
  const claim = (e: PropertyEntry, h: string, p: number): void => {
    const addr = h.includes(':') ? `[${h}]:${p}` : `${h}:${p}`;
    const prev = addresses.get(addr);
    if (prev) fail(e, `address ${addr} is also used by ${prev.key} (line ${prev.line})`);
    addresses.set(addr, { key: e.key, line: e.line });
  };
  for (const e of serverEntries) {
    const m = /^server\.([0-9]+)$/.exec(e.key);
    const id = asSid(m ? Number(m[1]) : NaN);
    if (!(id >= 1 && id <= MAX_SERVER_ID)) {
      fail(e, `expected server.N with N an integer 1..${MAX_SERVER_ID}`);
    }
    const dup = servers.get(id);
    if (dup) fail(e, `duplicate server id ${id} (also on line ${dup.line})`);
    const spec = parseServer(e, id, fail, port, host);
    claim(e, spec.host, spec.quorumPort);
    claim(e, spec.host, spec.electionPort);
    if (spec.clientPort !== undefined) claim(e, spec.clientHost ?? spec.host, spec.clientPort);
    servers.set(id, { spec, line: e.line });
    lines.set(`server.${id}`, e.line);
  }
  c.servers = [...servers.values()].sort((a, b) => a.spec.id - b.spec.id).map((s) => s.spec);

  const participants = [...servers.values()].filter((s) => s.spec.role === 'participant');
  const observers = [...servers.values()].filter((s) => s.spec.role === 'observer');
  const standaloneEnabled = c.standaloneEnabled ?? true;
  if (participants.length === 0 && observers.length > 0) {
    const o = serverEntries.find((e) => e.line === observers[0]!.line)!;
    fail(o, 'observers without participants is an invalid configuration');
  }
  if (servers.size === 0 && !standaloneEnabled) {
    fail(last.get('standaloneEnabled')!, 'standaloneEnabled=false needs server.N lines');
  }
  if (participants.length === 1 && standaloneEnabled) {
    const p = serverEntries.find((e) => e.line === participants[0]!.line)!;
    if (observers.length > 0) {
      fail(p, 'observers need a quorum: with one participant and standaloneEnabled=true the server runs standalone');
    }
    warn(p, 'only one server.N line and standaloneEnabled=true: running standalone');
  }

  for (const key of last.keys()) lines.set(key, last.get(key)!.line);
  const config = makeConfig({ ...c, dataDir: c.dataDir, dataLogDir: c.dataLogDir ?? c.dataDir });
  warnings.sort((a, b) => a.line - b.line);
  return { config, warnings: warnings.map((w) => w.text), lines };
}

type Fail = (e: PropertyEntry, msg: string) => never;

/** `admin.dashboard.peer.N=host:port`. */
function adminPeer(
  e: PropertyEntry,
  fail: Fail,
  port: (e: PropertyEntry, value: string) => number,
  host: (e: PropertyEntry, value: string) => string,
): { id: number; host: string; port: number } {
  const m = /^admin\.dashboard\.peer\.([0-9]+)$/.exec(e.key);
  const id = m ? Number(m[1]) : NaN;
  if (!(id >= 1 && id <= MAX_SERVER_ID)) fail(e, `expected admin.dashboard.peer.N with N an integer 1..${MAX_SERVER_ID}`);
  const split = splitHost(e.value.trim());
  if (!split || split.rest.length !== 1) return fail(e, `expected host:port, got '${e.value}'`);
  return { id, host: host(e, split.host), port: port(e, split.rest[0]!) };
}

function whitelist(
  e: PropertyEntry,
  warn: (e: PropertyEntry, msg: string) => void,
): Set<string> | '*' {
  const words = e.value.split(',').map((w) => w.trim()).filter((w) => w !== '');
  if (words.includes('*')) return '*';
  const set = new Set(['srvr']);
  for (const w of words) {
    if (FOUR_LETTER_WORDS.includes(w)) set.add(w);
    else warn(e, `unknown four-letter word '${w}', ignored`);
  }
  return set;
}

function electionAlg(e: PropertyEntry, fail: Fail): ElectionAlgorithm {
  switch (e.value) {
    case '0':
      return 'basic';
    case '1':
    case '2':
    case '3':
      return 'fast';
    default:
      return fail(e, `expected 0 (basic) or 1, 2, 3 (fast), got '${e.value}'`);
  }
}

/** `host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]`. */
function parseServer(
  e: PropertyEntry,
  id: Sid,
  fail: Fail,
  port: (e: PropertyEntry, value: string) => number,
  host: (e: PropertyEntry, value: string) => string,
): ServerSpec {
  const malformed = (): never => fail(e, `expected ${SERVER_FORMAT}, got '${e.value}'`);
  if (e.value.includes('|')) fail(e, `multiple addresses per server ('|') are not supported`);
  const parts = e.value.split(';');
  if (parts.length > 2) malformed();
  const main = splitHost(parts[0]!.trim()) ?? malformed();
  if (main.rest.length < 2 || main.rest.length > 3) malformed();
  const spec: ServerSpec = {
    id,
    host: host(e, main.host),
    quorumPort: port(e, main.rest[0]!),
    electionPort: port(e, main.rest[1]!),
    role: 'participant',
  };
  if (main.rest.length === 3) {
    const role = main.rest[2]!.toLowerCase();
    if (role !== 'participant' && role !== 'observer') {
      fail(e, `expected role participant or observer, got '${main.rest[2]}'`);
    }
    spec.role = role as ServerSpec['role'];
  }
  if (parts.length === 2) {
    const client = parts[1]!.trim();
    if (client === '') malformed();
    const split = /^[0-9]+$/.test(client) ? undefined : (splitHost(client) ?? malformed());
    if (split === undefined) {
      spec.clientPort = port(e, client);
    } else {
      if (split.rest.length !== 1) malformed();
      spec.clientHost = host(e, split.host);
      spec.clientPort = port(e, split.rest[0]!);
    }
  }
  return spec;
}

/** `host:a:b...` or `[v6]:a:b...` → host and the colon-separated rest; undefined if malformed. */
function splitHost(s: string): { host: string; rest: string[] } | undefined {
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0 || s[close + 1] !== ':') return undefined;
    return { host: s.slice(0, close + 1), rest: s.slice(close + 2).split(':').map((x) => x.trim()) };
  }
  const [h = '', ...rest] = s.split(':').map((x) => x.trim());
  if (rest.length === 0) return undefined;
  return { host: h, rest };
}

/** Standalone: no participants, or one participant and standaloneEnabled (as ZooKeeper). */
export function isStandalone(config: ZkConfig): boolean {
  const participants = config.servers.filter((s) => s.role === 'participant').length;
  return participants === 0 || (participants === 1 && config.standaloneEnabled);
}

/** This server's `server.N` entry, if any. */
export function selfSpec(config: ZkConfig, myid: number): ServerSpec | undefined {
  return config.servers.find((s) => s.id === myid);
}

/** `dataDir/myid`: one integer 1..255, surrounding whitespace ignored. */
export function parseMyId(text: string, fileName: string): Sid {
  const t = text.trim();
  const n = /^[0-9]+$/.test(t) ? Number(t) : NaN;
  if (!(n >= 1 && n <= MAX_SERVER_ID)) {
    throw new ConfigError(fileName, 1, undefined, `expected a server id 1..${MAX_SERVER_ID}, got '${t}'`);
  }
  return asSid(n);
}

/** For a quorum config, myid must name one of the server.N lines. `file` is the myid file. */
export function validateMyId(config: ZkConfig, myid: number, file: string): void {
  if (isStandalone(config)) return;
  if (selfSpec(config, myid) === undefined) {
    const ids = config.servers.map((s) => s.id).join(', ');
    throw new ConfigError(file, 1, undefined, `myid ${myid} is not among the server ids (${ids})`);
  }
}

/**
 * Applies the `;[clientHost:]clientPort` suffix of this server's line. An explicit clientPort
 * (or a specific clientPortAddress) that disagrees with it is an error, as in ZooKeeper; a
 * suffix without a host keeps clientPortAddress.
 */
export function withSelfClientAddress(
  parsed: ParsedZooCfg,
  myid: number,
  fileName: string,
): ZkConfig {
  const { config, lines } = parsed;
  const spec = selfSpec(config, myid);
  if (spec?.clientPort === undefined) return config;
  const key = `server.${spec.id}`;
  const line = lines.get(key);
  const portLine = lines.get('clientPort');
  if (portLine !== undefined && config.clientPort !== spec.clientPort) {
    throw new ConfigError(
      fileName,
      line,
      key,
      `client port ${spec.clientPort} differs from clientPort=${config.clientPort} on line ${portLine}`,
    );
  }
  const addrLine = lines.get('clientPortAddress');
  const any = (h: string): boolean => h === '0.0.0.0' || h === '::';
  if (
    spec.clientHost !== undefined &&
    addrLine !== undefined &&
    spec.clientHost !== config.clientPortAddress &&
    !any(spec.clientHost) &&
    !any(config.clientPortAddress)
  ) {
    throw new ConfigError(
      fileName,
      line,
      key,
      `client host ${spec.clientHost} differs from clientPortAddress=${config.clientPortAddress} on line ${addrLine}`,
    );
  }
  return {
    ...config,
    clientPort: spec.clientPort,
    clientPortAddress: spec.clientHost ?? config.clientPortAddress,
    security: { ...config.security, plainClientPort: true },
  };
}
