/**
 * The server's operator commands, one table for both of ZooKeeper's presentations: the
 * four-letter words on the client port (text, as ZooKeeper 3.8 writes it) and the AdminServer's
 * `GET /commands/<name>` (JSON, with ZooKeeper's field names). Each command computes its answer
 * once, as data, from a CommandContext; `text` and `json` only present that data.
 *
 * Names, aliases and which commands need a serving server follow ZooKeeper 3.8's
 * admin/Commands.java and command/*Command.java; text layouts follow ServerStats.toString,
 * ServerCnxn.dumpConnectionInfo, ZooKeeperServer.dumpConf, WatchManager.dumpWatches,
 * ExpiryQueue.dump, DataTree.dumpEphemerals; JSON layouts follow CommandResponse.toMap,
 * ServerCnxn.getConnectionInfo, LearnerHandler.getLearnerHandlerInfo and Jackson's rendering of
 * ServerStats and MultipleAddresses. docs/operations.md lists what zk-ts answers differently.
 */
import { asSid, type Sid } from '../base/ids.js';
import { counterOf, epochOf, hex, type Zxid } from '../base/zxid.js';
import {
  cmpSigned,
  int,
  javaDate,
  javaDouble,
  javaSocketAddress,
  metricValue,
  roundLatencyAvg,
  signed64,
} from './java-format.js';

/** ZooKeeper's default text trace mask (ZooTrace: CLIENT_REQUEST | SERVER_PACKET | SESSION | WARNING). */
export const DEFAULT_TRACE_MASK = 306n;

export const ZK_NOT_SERVING = 'This ZooKeeper instance is not currently serving requests';

/**
 * `Mode:` / `zk_server_state` values (ServerStats.getServerState), and `looking`: a quorum
 * member between roles. ZooKeeper has no ZooKeeperServer then, so no command prints a mode:
 * the words and admin commands that would answer "not currently serving" (see `noServer`).
 */
export type ServerMode = 'standalone' | 'leader' | 'follower' | 'observer' | 'read-only' | 'looking';

/** Per-session statistics of a connection (the `cons` fields from `sid` on). */
export interface ConnectionSessionInfo {
  sessionId: bigint;
  /** Short op name of the last reply: PING SESS CREA DELE SETD ... NA (docs/client-protocol.md). */
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
  session?: ConnectionSessionInfo | undefined;
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
  openFileDescriptorCount?: number | undefined;
  maxFileDescriptorCount?: number | undefined;
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

/** A `server.N` line as the admin commands show it (addresses as `host:port`). */
export interface MemberView {
  id: number;
  quorumAddress: string;
  electionAddress: string;
  /** `host:port`, or '' when the configuration does not say (ZooKeeper shows '' for others). */
  clientAddress: string;
  learnerType: 'participant' | 'observer';
}

/** An observer connected to this leader (LearnerHandler.getLearnerHandlerInfo); -1 where unknown. */
export interface ObserverView {
  sid: number;
  remoteSocketAddress: string;
  establishedMs: number;
  queuedPackets: number;
  packetsReceived: number;
  packetsSent: number;
  requests: number;
  lastZxid: bigint;
}

/** What a quorum member adds for `leader`, `voting_view`, `zabstate` and `observers`. */
export interface QuorumView {
  myid: number;
  isLeader: boolean;
  /** -1 while no leader is known. */
  leaderId: number;
  /** The leader's host, '' while none is known. */
  leaderAddress: string;
  /** QuorumPeer.ZabState, lower case. */
  zabState: 'election' | 'discovery' | 'synchronization' | 'broadcast';
  /** A participant (observers do not vote). */
  voting: boolean;
  self: MemberView;
  members: readonly MemberView[];
  /** Leader only; empty elsewhere. */
  observers(): readonly ObserverView[];
}

export interface CommandContext {
  /** ZooKeeperServer.isRunning(): false while LOOKING / syncing / shutting down. */
  serving: boolean;
  /**
   * A quorum member that is LOOKING: ZooKeeper 3.8's QuorumPeer holds no ZooKeeperServer then
   * (Leader/Learner.shutdown hand the AdminServer null), so every admin command answers as
   * without a server (see `adminNeedsServer` and zabstate).
   */
  noServer?: boolean;
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
  zxid: Zxid;
  /** ZooKeeper's getNodeCount (counts the root twice: a fresh server says 5). */
  nodeCount: number;
  /** Leader only: proposal sizes (BufferStats); -1/-1/-1 when absent. */
  proposalSizes?: { last: number; min: number; max: number };
  /** Quorum members: 'basic' or 'fast', printed by srvr and stat as `Election algorithm: …`. */
  electionAlgorithm?: string | undefined;

  /** Current text trace mask (`gtmk`); ZooKeeper's default is DEFAULT_TRACE_MASK. */
  traceMask: bigint;
  /** For `stmk` only: the 8-byte mask that followed the word. */
  stmkMask?: bigint | undefined;
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

  // Admin-only commands (absent in contexts built for four-letter words alone).
  /** The configuration file's text as read at start (`initial_configuration`). */
  initialConfiguration?(): string;
  /** The applied state on disk (`last_snapshot`): zxid and the file's mtime in seconds. */
  lastSnapshot?(): { zxid: bigint; timestampSec: number } | null;
  /** Present on quorum members. */
  quorum?: QuorumView | undefined;
  /**
   * Quorum members: hand leadership to a server (null: the most caught-up follower), or ask our
   * leader to hand it to us; answered at once (docs/operations.md, "Leadership transfer").
   */
  transferLeadership?(successor: Sid | null): LeadershipAnswer;
  requestLeadership?(): LeadershipAnswer;
}

/** Whether a leadership transfer was started (or asked for), and what happens, in words. */
export type LeadershipAnswer = { ok: true; successor: number; message: string } | { ok: false; message: string };

/** A JSON value as Jackson writes it: bigints are Java longs, JavaDouble prints like a double. */
export type JsonValue = null | boolean | number | bigint | string | JavaDouble | JsonValue[] | { [key: string]: JsonValue };

/** A number that ZooKeeper types as double (Jackson writes 0.0, not 0). */
export class JavaDouble {
  constructor(readonly value: number) {}
}

export type JsonObject = { [key: string]: JsonValue };

/** Keyword arguments of an admin command (the query string). */
export type CommandArgs = Readonly<Record<string, string>>;

export interface Command<D = unknown> {
  /** Admin names, ZooKeeper's primary name first. */
  names: readonly string[];
  /** The four-letter word, when the command has one. */
  word?: string;
  /** Whether the word answers ZK_NOT_SERVING while the server is not serving. */
  wordNeedsServing: boolean;
  /** ZooKeeper's CommandBase.serverRequired for the admin command. */
  adminNeedsServing: boolean;
  /** The HTTP method the admin command takes: GET (ZooKeeper's only one), or POST for a command that acts. */
  method?: 'POST';
  /**
   * Not server-required in ZooKeeper, but it reads the server: without one (`noServer`) ZooKeeper
   * 3.8 fails with a NullPointerException (HTTP 500, an HTML page); zk-ts answers the
   * not-serving error instead.
   */
  adminNeedsServer?: boolean;
  compute(ctx: CommandContext, args: CommandArgs): D;
  /** The four-letter word's text (commands with a word only). */
  text?(data: D, ctx: CommandContext): string;
  /** The admin command's fields, in ZooKeeper's order (`command` and `error` are added). */
  json(data: D, ctx: CommandContext): JsonObject;
}

function command<D>(c: Command<D>): Command<D> {
  return c;
}

// ---------------------------------------------------------------- the table

const EMPTY = {};
const CONF_JSON_KEYS = ['clientPort', 'dataDir', 'dataLogDir', 'tickTime', 'maxClientCnxns', 'minSessionTimeout', 'maxSessionTimeout', 'serverId', 'clientPortListenBacklog'];
const CONF_TEXT_ONLY = ['secureClientPort', 'dataDirSize', 'dataLogSize'];

const srvr = command({
  names: ['server_stats', 'srvr'],
  word: 'srvr',
  wordNeedsServing: true,
  adminNeedsServing: true,
  compute: () => EMPTY,
  text: (_d, ctx) => statText(ctx, null),
  json: (_d, ctx) => serverStatsJson(ctx),
});

const TABLE: readonly Command<any>[] = [
  command({
    names: ['connection_stat_reset', 'crst'],
    word: 'crst',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.resetConnectionStats(),
    text: () => 'Connection stats reset.\n',
    json: () => ({}),
  }),
  command({
    names: ['configuration', 'conf', 'config'],
    word: 'conf',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.conf(),
    text: (c) => {
      let out = c.entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : String(v)}\n`).join('');
      if (c.membership !== undefined) out += 'membership: \n' + c.membership;
      return out;
    },
    json: (c) => {
      // ZooKeeperServerConf.toMap's keys in its order, then zk-ts's quorum keys in snake_case;
      // the sizes and the secure port belong to the text only.
      const values = new Map(c.entries);
      const out: JsonObject = {};
      for (const k of CONF_JSON_KEYS) if (values.has(k)) out[snakeCase(k)] = values.get(k)!;
      for (const [k, v] of c.entries) if (!CONF_JSON_KEYS.includes(k) && !CONF_TEXT_ONLY.includes(k)) out[snakeCase(k)] = v;
      return out;
    },
  }),
  command({
    names: ['connections', 'cons'],
    word: 'cons',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.connections(),
    text: (conns) => conns.map((c) => connectionLine(c, false) + '\n').join('') + '\n',
    json: (conns) => ({ connections: conns.map((c) => connectionJson(c, false)), secure_connections: [] }),
  }),
  command({
    names: ['hash'],
    word: 'hash',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.digestLog(),
    text: (log) => log.map(([z, d]) => `${BigInt.asUintN(64, z).toString(16)}: ${signed64(d)}\n`).join(''),
    json: (log) => ({ digests: log.map(([zxid, digest]) => ({ zxid: BigInt.asIntN(64, zxid), digest: BigInt.asIntN(64, digest) })) }),
  }),
  command({
    names: ['dirs'],
    word: 'dirs',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ({ data: ctx.dataDirSize, log: ctx.logDirSize }),
    text: (d) => `datadir_size: ${int(d.data)}\nlogdir_size: ${int(d.log)}\n`,
    json: (d) => ({ datadir_size: d.data, logdir_size: d.log }),
  }),
  command({
    names: ['dump'],
    word: 'dump',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ({ sessions: ctx.sessionDump(), ephemerals: ctx.ephemerals(), connections: ctx.connections() }),
    text: dumpText,
    json: (d) => {
      const expiry: JsonObject = {};
      if (d.sessions.kind === 'expiry') {
        for (const [t, ids] of [...d.sessions.buckets].sort((a, b) => a[0] - b[0])) expiry[String(t)] = ids.map(long);
      }
      const eph: JsonObject = {};
      for (const [sid, paths] of d.ephemerals) eph[long(sid).toString()] = [...paths];
      return { expiry_time_to_session_ids: expiry, session_id_to_ephemeral_paths: eph };
    },
  }),
  command({
    names: ['environment', 'env', 'envi'],
    word: 'envi',
    wordNeedsServing: false,
    adminNeedsServing: false,
    compute: (ctx) => ctx.environment(),
    text: (env) => 'Environment:\n' + env.map(([k, v]) => `${k}=${v}\n`).join(''),
    json: (env) => Object.fromEntries(env),
  }),
  command({
    names: ['get_trace_mask', 'gtmk'],
    word: 'gtmk',
    wordNeedsServing: false,
    adminNeedsServing: false,
    compute: (ctx) => ctx.traceMask,
    text: (mask) => signed64(mask),
    json: (mask) => ({ tracemask: BigInt.asIntN(64, mask) }),
  }),
  command({
    names: ['initial_configuration', 'icfg'],
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.initialConfiguration?.() ?? '',
    json: (text) => ({ initial_configuration: text }),
  }),
  command({
    names: ['is_read_only', 'isro'],
    word: 'isro',
    wordNeedsServing: false,
    adminNeedsServing: true,
    compute: (ctx) => ({ serving: ctx.serving, readOnly: ctx.mode === 'read-only' }),
    text: (d) => (!d.serving ? 'null' : d.readOnly ? 'ro' : 'rw'),
    json: (d) => ({ read_only: d.readOnly }),
  }),
  command({
    names: ['last_snapshot', 'lsnp'],
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.lastSnapshot?.() ?? null,
    // LastSnapshotCommand: Long.toHexString of the zxid, -1 for both when there is none.
    json: (s) => ({ zxid: BigInt.asUintN(64, s?.zxid ?? -1n).toString(16), timestamp: s?.timestampSec ?? -1 }),
  }),
  command({
    names: ['leader', 'lead'],
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.quorum ?? null,
    json: (q): JsonObject =>
      q
        ? { is_leader: q.isLeader, leader_id: q.leaderId, leader_ip: q.leaderAddress }
        : { error: 'server is not initialized' },
  }),
  command({
    names: ['monitor', 'mntr'],
    word: 'mntr',
    wordNeedsServing: true,
    adminNeedsServing: false,
    adminNeedsServer: true,
    compute: monitorEntries,
    text: (entries) => entries.map(([k, v]) => `zk_${k}\t${v instanceof JavaDouble ? javaDouble(v.value) : metricValue(v)}\n`).join(''),
    json: (entries) => Object.fromEntries(entries),
  }),
  command({
    names: ['observer_connection_stat_reset', 'orst'],
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: () => EMPTY,
    json: () => ({}),
  }),
  command({
    names: ['ruok'],
    word: 'ruok',
    wordNeedsServing: false,
    adminNeedsServing: true,
    compute: () => EMPTY,
    text: () => 'imok',
    json: () => ({}),
  }),
  command({
    names: ['set_trace_mask', 'stmk'],
    word: 'stmk',
    wordNeedsServing: false,
    adminNeedsServing: false,
    compute: (ctx, args): { mask: bigint } | { error: string } => {
      const given = args.traceMask;
      if (given === undefined) return { error: 'setTraceMask requires long traceMask argument' };
      const mask = parseJavaLong(given);
      if (mask === null) return { error: `setTraceMask requires long traceMask argument, got ${given}` };
      ctx.setTraceMask(mask);
      return { mask };
    },
    text: (d) => ('mask' in d ? signed64(d.mask) : d.error),
    json: (d): JsonObject => ('mask' in d ? { tracemask: BigInt.asIntN(64, d.mask) } : { error: d.error }),
  }),
  srvr,
  command({
    names: ['stats', 'stat'],
    word: 'stat',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.connections(),
    text: (conns, ctx) => statText(ctx, conns),
    json: (conns, ctx) => ({
      ...serverStatsJson(ctx),
      connections: conns.map((c) => connectionJson(c, true)),
      secure_connections: [],
    }),
  }),
  command({
    names: ['stat_reset', 'srst'],
    word: 'srst',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.resetServerStats(),
    text: () => 'Server stats reset.\n',
    json: () => ({}),
  }),
  command({
    names: ['observers', 'obsr'],
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.quorum?.observers() ?? [],
    json: (obs) => ({
      synced_observers: obs.length,
      observers: obs.map((o) => ({
        remote_socket_address: o.remoteSocketAddress,
        sid: o.sid,
        established: o.establishedMs,
        queued_packets: o.queuedPackets,
        queued_packets_size: -1,
        packets_received: o.packetsReceived,
        packets_sent: o.packetsSent,
        requests: o.requests,
        last_zxid: long(o.lastZxid),
      })),
    }),
  }),
  command({
    names: ['voting_view'],
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.quorum?.members.filter((m) => m.learnerType === 'participant') ?? [],
    json: (members) => {
      const view: JsonObject = {};
      for (const m of members) {
        view[String(m.id)] = {
          server_addresses: [m.quorumAddress],
          election_addresses: [m.electionAddress],
          client_address: m.clientAddress,
          learner_type: m.learnerType,
        };
      }
      return { current_config: view };
    },
  }),
  command({
    names: ['watches', 'wchc'],
    word: 'wchc',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.watchesBySession(),
    text: (bySession) => {
      let out = '';
      for (const [sid, paths] of bySession) out += hex(sid) + '\n' + paths.map((p) => `\t${p}\n`).join('');
      return out + '\n';
    },
    json: (bySession) => ({
      session_id_to_watched_paths: Object.fromEntries([...bySession].map(([sid, paths]) => [long(sid).toString(), [...paths]])),
    }),
  }),
  command({
    names: ['watches_by_path', 'wchp'],
    word: 'wchp',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.watchesByPath(),
    text: (byPath) => {
      let out = '';
      for (const [path, sids] of byPath) out += path + '\n' + sids.map((sid) => `\t${hex(sid)}\n`).join('');
      return out + '\n';
    },
    json: (byPath) => ({ path_to_session_ids: Object.fromEntries([...byPath].map(([p, sids]) => [p, sids.map(long)])) }),
  }),
  command({
    names: ['watch_summary', 'wchs'],
    word: 'wchs',
    wordNeedsServing: true,
    adminNeedsServing: true,
    compute: (ctx) => ctx.watchSummary(),
    text: (s) => `${s.connections} connections watching ${s.paths} paths\nTotal watches:${s.total}\n`,
    json: (s) => ({ num_connections: s.connections, num_paths: s.paths, num_total_watches: s.total }),
  }),
  // zk-ts's own, after ClickHouse Keeper's words: graceful leadership transfer.
  command({
    names: ['transfer_leadership', 'ydld'],
    word: 'ydld',
    wordNeedsServing: true,
    adminNeedsServing: true,
    method: 'POST',
    compute: (ctx, args): LeadershipAnswer => {
      const to = args.to;
      if (to !== undefined && !/^\d{1,9}$/.test(to)) return { ok: false, message: `to must be a server id, got ${JSON.stringify(to)}` };
      if (!ctx.transferLeadership) return { ok: false, message: 'this server is not a quorum member' };
      return ctx.transferLeadership(to === undefined ? null : asSid(Number(to)));
    },
    // ClickHouse Keeper's sentences first (scripts look for them), then what happens.
    text: (a) => `${a.ok ? 'Sent' : 'Failed to send'} yield leadership request to leader.\n${a.message}\n`,
    json: leadershipJson,
  }),
  command({
    names: ['request_leadership', 'rqld'],
    word: 'rqld',
    wordNeedsServing: true,
    adminNeedsServing: true,
    method: 'POST',
    compute: (ctx): LeadershipAnswer => ctx.requestLeadership?.() ?? { ok: false, message: 'this server is not a quorum member' },
    text: (a) => `${a.ok ? 'Sent' : 'Failed to send'} leadership request to leader.\n${a.message}\n`,
    json: leadershipJson,
  }),
  command({
    names: ['zabstate'],
    wordNeedsServing: false,
    adminNeedsServing: false,
    // ZabStateCommand: only a QuorumZooKeeperServer has a Zab state; a LOOKING member has none.
    compute: (ctx) => ({ q: ctx.noServer ? undefined : ctx.quorum, zxid: ctx.zxid }),
    json: ({ q, zxid }): JsonObject => {
      if (!q) return { voting: false, zabstate: '' };
      return {
        myid: q.myid,
        is_leader: q.isLeader,
        quorum_address: multipleAddresses(q.self.quorumAddress),
        election_address: multipleAddresses(q.self.electionAddress),
        client_address: q.self.clientAddress,
        voting: q.voting,
        last_zxid: '0x' + BigInt.asUintN(64, zxid).toString(16),
        zab_epoch: epochOf(zxid),
        zab_counter: counterOf(zxid),
        zabstate: q.zabState,
      };
    },
  }),
];

/** Every command, in ZooKeeper's registration order. */
export const COMMANDS: readonly Command<any>[] = TABLE;

const BY_NAME = new Map<string, Command<any>>();
for (const c of TABLE) for (const n of c.names) BY_NAME.set(n, c);
const BY_WORD = new Map<string, Command<any>>();
for (const c of TABLE) if (c.word) BY_WORD.set(c.word, c);

/** The command an admin name or alias stands for. */
export function commandNamed(name: string): Command<any> | undefined {
  return BY_NAME.get(name);
}

/** The command behind a four-letter word. */
export function commandForWord(word: string): Command<any> | undefined {
  return BY_WORD.get(word);
}

// ---------------------------------------------------------------- the two presentations

/**
 * The four-letter word's text, whitelist and serving state included. `word` must have a
 * command; stmk's mask comes from ctx.stmkMask (the 8 bytes after the word).
 */
export function presentAsText(word: string, ctx: CommandContext, whitelist: ReadonlySet<string> | '*'): string {
  const c = BY_WORD.get(word);
  if (!c?.text) throw new Error(`not a four-letter word: ${JSON.stringify(word)}`);
  if (whitelist !== '*' && word !== 'srvr' && !whitelist.has(word)) {
    return `${word} is not executed because it is not in the whitelist.\n`;
  }
  // DigestCommand prints without a newline; every other word uses println.
  if (c.wordNeedsServing && !ctx.serving) return word === 'hash' ? ZK_NOT_SERVING : ZK_NOT_SERVING + '\n';
  const args: CommandArgs = word === 'stmk' ? { traceMask: (ctx.stmkMask ?? ctx.traceMask).toString() } : {};
  return c.text(c.compute(ctx, args), ctx);
}

/**
 * The admin command's answer as CommandResponse.toMap builds it: the command's fields, then
 * `command` (its primary name) and `error`; a field named `error` keeps its place and value.
 * `known` is false for a name no command has.
 */
export function presentAsJson(name: string, ctx: CommandContext, args: CommandArgs = {}): { known: boolean; body: JsonObject } {
  const c = BY_NAME.get(name);
  if (!c) return { known: false, body: { command: name, error: `Unknown command: ${name}` } };
  const primary = c.names[0]!;
  // Commands.runCommand names the command as asked (`srvr`, not `server_stats`) in this error.
  if ((c.adminNeedsServing && !ctx.serving) || (c.adminNeedsServer && ctx.noServer)) return { known: true, body: { command: name, error: ZK_NOT_SERVING } };
  const fields = c.json(c.compute(ctx, args), ctx);
  return { known: true, body: { ...fields, command: primary, error: null, ...('error' in fields ? { error: fields.error } : {}) } };
}

function leadershipJson(a: LeadershipAnswer): JsonObject {
  return a.ok ? { successor: a.successor, message: a.message } : { successor: null, error: a.message };
}

// ---------------------------------------------------------------- text layouts

function statText(ctx: CommandContext, clients: readonly ConnectionInfo[] | null): string {
  let out = `Zookeeper version: ${ctx.version}\n`;
  if (ctx.mode === 'read-only') out += 'READ-ONLY mode; serving only read-only clients\n';
  if (clients) {
    out += 'Clients:\n';
    for (const c of clients) out += connectionLine(c, true) + '\n';
    out += '\n';
  }
  out += `Latency min/avg/max: ${int(ctx.minLatencyMs)}/${javaDouble(roundLatencyAvg(ctx.avgLatencyMs))}/${int(ctx.maxLatencyMs)}\n`;
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

function monitorEntries(ctx: CommandContext): Array<readonly [string, string | number | bigint | JavaDouble]> {
  const m = ctx.monitor();
  const n = (x: number): number => (Number.isFinite(x) ? Math.trunc(x) : 0);
  const entries: Array<readonly [string, string | number | bigint | JavaDouble]> = [
    ['version', ctx.version],
    ['server_state', ctx.mode],
    ['avg_latency', new JavaDouble(roundLatencyAvg(ctx.avgLatencyMs))],
    ['max_latency', n(ctx.maxLatencyMs)],
    ['min_latency', n(ctx.minLatencyMs)],
    ['packets_received', n(ctx.packetsReceived)],
    ['packets_sent', n(ctx.packetsSent)],
    ['num_alive_connections', n(ctx.aliveConnections)],
    ['outstanding_requests', n(ctx.outstandingRequests)],
    ['znode_count', n(ctx.nodeCount)],
    ['watch_count', n(m.watchCount)],
    ['ephemerals_count', n(m.ephemeralsCount)],
    ['approximate_data_size', n(m.approximateDataSize)],
  ];
  if (m.openFileDescriptorCount !== undefined) entries.push(['open_file_descriptor_count', n(m.openFileDescriptorCount)]);
  if (m.maxFileDescriptorCount !== undefined) entries.push(['max_file_descriptor_count', n(m.maxFileDescriptorCount)]);
  entries.push(
    ['uptime', n(m.uptimeMs)],
    ['global_sessions', n(m.globalSessions)],
    ['local_sessions', n(m.localSessions)],
    ['auth_failed_count', n(m.authFailedCount)],
  );
  for (const [k, v] of m.extra) entries.push([k, typeof v === 'number' && !Number.isInteger(v) ? new JavaDouble(v) : v]);
  return entries;
}

function dumpText(d: { sessions: SessionDump; ephemerals: ReadonlyMap<bigint, readonly string[]>; connections: readonly ConnectionInfo[] }): string {
  let out = 'SessionTracker dump:\n';
  const s = d.sessions;
  if (s.kind === 'expiry') {
    out += 'Session ' + expiryQueueDump(s.buckets.map(([t, ids]) => [t, ids.map((id) => hex(id))] as const));
  } else {
    const sorted = [...s.sessions].sort((a, b) => cmpSigned(a[0], b[0]));
    out += `Global Sessions(${sorted.length}):\n`;
    for (const [id, to] of sorted) out += `${hex(id)}\t${int(to)}ms\n`;
  }
  out += 'ephemeral nodes dump:\n';
  out += `Sessions with Ephemerals (${d.ephemerals.size}):\n`;
  for (const [sid, paths] of d.ephemerals) {
    out += `${hex(sid)}:\n`;
    for (const p of paths) out += `\t${p}\n`;
  }
  out += 'Connections dump:\n';
  const byDeadline = new Map<number, string[]>();
  for (const c of d.connections) {
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

// ---------------------------------------------------------------- JSON layouts

/** SrvrCommand: version, read_only, server_stats (ServerStats as Jackson renders it), ... */
function serverStatsJson(ctx: CommandContext): JsonObject {
  const noSizes = { last_buffer_size: -1, min_buffer_size: -1, max_buffer_size: -1 };
  const m = ctx.monitor();
  const out: JsonObject = {
    version: ctx.version,
    read_only: ctx.mode === 'read-only',
    server_stats: {
      packets_sent: Math.trunc(ctx.packetsSent),
      packets_received: Math.trunc(ctx.packetsReceived),
      fsync_threshold_exceed_count: 0,
      client_response_stats: { ...noSizes },
      provider_null: false,
      server_state: ctx.mode,
      outstanding_requests: Math.trunc(ctx.outstandingRequests),
      min_latency: Math.trunc(ctx.minLatencyMs),
      avg_latency: new JavaDouble(roundLatencyAvg(ctx.avgLatencyMs)),
      max_latency: Math.trunc(ctx.maxLatencyMs),
      data_dir_size: ctx.dataDirSize,
      log_dir_size: ctx.logDirSize,
      last_processed_zxid: long(ctx.zxid),
      num_alive_client_connections: ctx.aliveConnections,
      uptime: Math.trunc(m.uptimeMs),
      auth_failed_count: m.authFailedCount,
      non_mtlsremote_conn_count: 0,
      non_mtlslocal_conn_count: 0,
    },
    client_response: { ...noSizes },
  };
  if (ctx.mode === 'leader') {
    const p = ctx.proposalSizes ?? { last: -1, min: -1, max: -1 };
    out.proposal_stats = { last_buffer_size: p.last, min_buffer_size: p.min, max_buffer_size: p.max };
  }
  out.node_count = ctx.nodeCount;
  return out;
}

/** ServerCnxn.getConnectionInfo(brief); the socket address as Jackson writes InetSocketAddress. */
function connectionJson(c: ConnectionInfo, brief: boolean): JsonObject {
  const out: JsonObject = {
    remote_socket_address: javaSocketAddress(c.remoteAddress, c.remotePort).slice(1),
    interest_ops: c.interestOps,
    outstanding_requests: c.queued,
    packets_received: c.received,
    packets_sent: c.sent,
  };
  if (brief) return out;
  const s = c.session;
  return {
    ...out,
    session_id: long(s?.sessionId ?? 0n),
    last_operation: s?.lastOp ?? 'NA',
    established: s?.establishedMs ?? 0,
    session_timeout: s?.timeoutMs ?? 0,
    last_cxid: s?.lastCxid ?? -1,
    last_zxid: long(s?.lastZxid ?? -1n),
    last_response_time: s?.lastResponseTimeMs ?? 0,
    last_latency: s?.lastLatencyMs ?? 0,
    min_latency: s?.minLatencyMs ?? 0,
    avg_latency: s?.avgLatencyMs ?? 0,
    max_latency: s?.maxLatencyMs ?? 0,
  };
}

/** A MultipleAddresses bean as Jackson renders it (zabstate's quorum and election addresses). */
function multipleAddresses(hostPort: string): JsonObject {
  const colon = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, colon);
  const port = Number(hostPort.slice(colon + 1));
  return {
    empty: false,
    all_addresses: [hostPort],
    all_reachable_addresses: [hostPort],
    one: hostPort,
    reachable_address: hostPort,
    wildcard_addresses: [`0.0.0.0:${port}`],
    all_ports: [port],
    all_host_strings: [host],
    all_reachable_addresses_or_all: [hostPort],
    reachable_or_one: hostPort,
  };
}

/** A session id or zxid as the Java long Jackson prints (signed). */
function long(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** Long.parseLong: optional sign, decimal digits, within 64 bits. */
function parseJavaLong(s: string): bigint | null {
  if (!/^[-+]?[0-9]+$/.test(s)) return null;
  const v = BigInt(s);
  return v >= -(1n << 63n) && v < 1n << 63n ? v : null;
}

/**
 * QuorumMaj.toString, printed by `conf` after `membership: `: one `server.<id>=<spec>` line per
 * member (spec as in the dynamic config: `host:quorumPort:electionPort:participant;clientHost:clientPort`),
 * then `version=<hex>` without a trailing newline.
 */
export function formatMembership(members: ReadonlyArray<readonly [id: number | bigint, spec: string]>, version: bigint): string {
  return members.map(([id, spec]) => `server.${id}=${spec}\n`).join('') + `version=${BigInt.asUintN(64, version).toString(16)}`;
}
