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
import { counterOf, epochOf, hex } from '../base/zxid.js';
import { cmpSigned, int, javaDate, javaDouble, javaSocketAddress, metricValue, roundLatencyAvg, signed64, } from './java-format.js';
/** ZooKeeper's default text trace mask (ZooTrace: CLIENT_REQUEST | SERVER_PACKET | SESSION | WARNING). */
export const DEFAULT_TRACE_MASK = 306n;
export const ZK_NOT_SERVING = 'This ZooKeeper instance is not currently serving requests';
/** A number that ZooKeeper types as double (Jackson writes 0.0, not 0). */
export class JavaDouble {
    value;
    constructor(value) {
        this.value = value;
    }
}
function command(c) {
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
const TABLE = [
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
            if (c.membership !== undefined)
                out += 'membership: \n' + c.membership;
            return out;
        },
        json: (c) => {
            // ZooKeeperServerConf.toMap's keys in its order, then zk-ts's quorum keys in snake_case;
            // the sizes and the secure port belong to the text only.
            const values = new Map(c.entries);
            const out = {};
            for (const k of CONF_JSON_KEYS)
                if (values.has(k))
                    out[snakeCase(k)] = values.get(k);
            for (const [k, v] of c.entries)
                if (!CONF_JSON_KEYS.includes(k) && !CONF_TEXT_ONLY.includes(k))
                    out[snakeCase(k)] = v;
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
            const expiry = {};
            if (d.sessions.kind === 'expiry') {
                for (const [t, ids] of [...d.sessions.buckets].sort((a, b) => a[0] - b[0]))
                    expiry[String(t)] = ids.map(long);
            }
            const eph = {};
            for (const [sid, paths] of d.ephemerals)
                eph[long(sid).toString()] = [...paths];
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
        json: (q) => q
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
        compute: (ctx, args) => {
            const given = args.traceMask;
            if (given === undefined)
                return { error: 'setTraceMask requires long traceMask argument' };
            const mask = parseJavaLong(given);
            if (mask === null)
                return { error: `setTraceMask requires long traceMask argument, got ${given}` };
            ctx.setTraceMask(mask);
            return { mask };
        },
        text: (d) => ('mask' in d ? signed64(d.mask) : d.error),
        json: (d) => ('mask' in d ? { tracemask: BigInt.asIntN(64, d.mask) } : { error: d.error }),
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
            const view = {};
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
            for (const [sid, paths] of bySession)
                out += hex(sid) + '\n' + paths.map((p) => `\t${p}\n`).join('');
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
            for (const [path, sids] of byPath)
                out += path + '\n' + sids.map((sid) => `\t${hex(sid)}\n`).join('');
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
        compute: (ctx, args) => {
            const to = args.to;
            if (to !== undefined && !/^\d{1,9}$/.test(to))
                return { ok: false, message: `to must be a server id, got ${JSON.stringify(to)}` };
            if (!ctx.transferLeadership)
                return { ok: false, message: 'this server is not a quorum member' };
            return ctx.transferLeadership(to === undefined ? null : Number(to));
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
        compute: (ctx) => ctx.requestLeadership?.() ?? { ok: false, message: 'this server is not a quorum member' },
        text: (a) => `${a.ok ? 'Sent' : 'Failed to send'} leadership request to leader.\n${a.message}\n`,
        json: leadershipJson,
    }),
    command({
        names: ['zabstate'],
        wordNeedsServing: false,
        adminNeedsServing: false,
        // ZabStateCommand: only a QuorumZooKeeperServer has a Zab state; a LOOKING member has none.
        compute: (ctx) => ({ q: ctx.noServer ? undefined : ctx.quorum, zxid: ctx.zxid }),
        json: ({ q, zxid }) => {
            if (!q)
                return { voting: false, zabstate: '' };
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
export const COMMANDS = TABLE;
const BY_NAME = new Map();
for (const c of TABLE)
    for (const n of c.names)
        BY_NAME.set(n, c);
const BY_WORD = new Map();
for (const c of TABLE)
    if (c.word)
        BY_WORD.set(c.word, c);
/** The command an admin name or alias stands for. */
export function commandNamed(name) {
    return BY_NAME.get(name);
}
/** The command behind a four-letter word. */
export function commandForWord(word) {
    return BY_WORD.get(word);
}
// ---------------------------------------------------------------- the two presentations
/**
 * The four-letter word's text, whitelist and serving state included. `word` must have a
 * command; stmk's mask comes from ctx.stmkMask (the 8 bytes after the word).
 */
export function presentAsText(word, ctx, whitelist) {
    const c = BY_WORD.get(word);
    if (!c?.text)
        throw new Error(`not a four-letter word: ${JSON.stringify(word)}`);
    if (whitelist !== '*' && word !== 'srvr' && !whitelist.has(word)) {
        return `${word} is not executed because it is not in the whitelist.\n`;
    }
    // DigestCommand prints without a newline; every other word uses println.
    if (c.wordNeedsServing && !ctx.serving)
        return word === 'hash' ? ZK_NOT_SERVING : ZK_NOT_SERVING + '\n';
    const args = word === 'stmk' ? { traceMask: (ctx.stmkMask ?? ctx.traceMask).toString() } : {};
    return c.text(c.compute(ctx, args), ctx);
}
/**
 * The admin command's answer as CommandResponse.toMap builds it: the command's fields, then
 * `command` (its primary name) and `error`; a field named `error` keeps its place and value.
 * `known` is false for a name no command has.
 */
export function presentAsJson(name, ctx, args = {}) {
    const c = BY_NAME.get(name);
    if (!c)
        return { known: false, body: { command: name, error: `Unknown command: ${name}` } };
    const primary = c.names[0];
    // Commands.runCommand names the command as asked (`srvr`, not `server_stats`) in this error.
    if ((c.adminNeedsServing && !ctx.serving) || (c.adminNeedsServer && ctx.noServer))
        return { known: true, body: { command: name, error: ZK_NOT_SERVING } };
    const fields = c.json(c.compute(ctx, args), ctx);
    return { known: true, body: { ...fields, command: primary, error: null, ...('error' in fields ? { error: fields.error } : {}) } };
}
function leadershipJson(a) {
    return a.ok ? { successor: a.successor, message: a.message } : { successor: null, error: a.message };
}
// ---------------------------------------------------------------- text layouts
function statText(ctx, clients) {
    let out = `Zookeeper version: ${ctx.version}\n`;
    if (ctx.mode === 'read-only')
        out += 'READ-ONLY mode; serving only read-only clients\n';
    if (clients) {
        out += 'Clients:\n';
        for (const c of clients)
            out += connectionLine(c, true) + '\n';
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
    if (ctx.electionAlgorithm)
        out += `Election algorithm: ${ctx.electionAlgorithm}\n`;
    return out;
}
/** ServerCnxn.dumpConnectionInfo. */
export function connectionLine(c, brief) {
    let s = ` ${javaSocketAddress(c.remoteAddress, c.remotePort)}[${(c.interestOps >>> 0).toString(16)}]`;
    s += `(queued=${int(c.queued)},recved=${int(c.received)},sent=${int(c.sent)}`;
    const x = c.session;
    if (!brief && x && x.sessionId !== 0n) {
        s += `,sid=${hex(x.sessionId)},lop=${x.lastOp},est=${int(x.establishedMs)},to=${int(x.timeoutMs)}`;
        if (x.lastCxid >= 0)
            s += `,lcxid=${hex(BigInt(Math.trunc(x.lastCxid)))}`;
        s += `,lzxid=${hex(x.lastZxid)},lresp=${int(x.lastResponseTimeMs)},llat=${int(x.lastLatencyMs)}`;
        s += `,minlat=${int(x.minLatencyMs)},avglat=${int(x.avgLatencyMs)},maxlat=${int(x.maxLatencyMs)}`;
    }
    return s + ')';
}
function monitorEntries(ctx) {
    const m = ctx.monitor();
    const n = (x) => (Number.isFinite(x) ? Math.trunc(x) : 0);
    const entries = [
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
    if (m.openFileDescriptorCount !== undefined)
        entries.push(['open_file_descriptor_count', n(m.openFileDescriptorCount)]);
    if (m.maxFileDescriptorCount !== undefined)
        entries.push(['max_file_descriptor_count', n(m.maxFileDescriptorCount)]);
    entries.push(['uptime', n(m.uptimeMs)], ['global_sessions', n(m.globalSessions)], ['local_sessions', n(m.localSessions)], ['auth_failed_count', n(m.authFailedCount)]);
    for (const [k, v] of m.extra)
        entries.push([k, typeof v === 'number' && !Number.isInteger(v) ? new JavaDouble(v) : v]);
    return entries;
}
function dumpText(d) {
    let out = 'SessionTracker dump:\n';
    const s = d.sessions;
    if (s.kind === 'expiry') {
        out += 'Session ' + expiryQueueDump(s.buckets.map(([t, ids]) => [t, ids.map((id) => hex(id))]));
    }
    else {
        const sorted = [...s.sessions].sort((a, b) => cmpSigned(a[0], b[0]));
        out += `Global Sessions(${sorted.length}):\n`;
        for (const [id, to] of sorted)
            out += `${hex(id)}\t${int(to)}ms\n`;
    }
    out += 'ephemeral nodes dump:\n';
    out += `Sessions with Ephemerals (${d.ephemerals.size}):\n`;
    for (const [sid, paths] of d.ephemerals) {
        out += `${hex(sid)}:\n`;
        for (const p of paths)
            out += `\t${p}\n`;
    }
    out += 'Connections dump:\n';
    const byDeadline = new Map();
    for (const c of d.connections) {
        if (c.expiresAtMs === undefined)
            continue;
        const label = `ip: ${javaSocketAddress(c.remoteAddress, c.remotePort)} sessionId: ${hex(c.session?.sessionId ?? 0n)}`;
        const list = byDeadline.get(c.expiresAtMs);
        if (list)
            list.push(label);
        else
            byDeadline.set(c.expiresAtMs, [label]);
    }
    out += 'Connections ' + expiryQueueDump([...byDeadline]);
    return out;
}
/** ExpiryQueue.dump, after its caller's prefix ("Session " / "Connections "). */
function expiryQueueDump(buckets) {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    const elems = sorted.reduce((n, [, xs]) => n + xs.length, 0);
    let out = `Sets (${sorted.length})/(${elems}):\n`;
    for (const [t, xs] of sorted) {
        out += `${xs.length} expire at ${javaDate(t)}:\n`;
        for (const x of xs)
            out += `\t${x}\n`;
    }
    return out;
}
// ---------------------------------------------------------------- JSON layouts
/** SrvrCommand: version, read_only, server_stats (ServerStats as Jackson renders it), ... */
function serverStatsJson(ctx) {
    const noSizes = { last_buffer_size: -1, min_buffer_size: -1, max_buffer_size: -1 };
    const m = ctx.monitor();
    const out = {
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
function connectionJson(c, brief) {
    const out = {
        remote_socket_address: javaSocketAddress(c.remoteAddress, c.remotePort).slice(1),
        interest_ops: c.interestOps,
        outstanding_requests: c.queued,
        packets_received: c.received,
        packets_sent: c.sent,
    };
    if (brief)
        return out;
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
function multipleAddresses(hostPort) {
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
function long(v) {
    return BigInt.asIntN(64, v);
}
function snakeCase(key) {
    return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}
/** Long.parseLong: optional sign, decimal digits, within 64 bits. */
function parseJavaLong(s) {
    if (!/^[-+]?[0-9]+$/.test(s))
        return null;
    const v = BigInt(s);
    return v >= -(1n << 63n) && v < 1n << 63n ? v : null;
}
/**
 * QuorumMaj.toString, printed by `conf` after `membership: `: one `server.<id>=<spec>` line per
 * member (spec as in the dynamic config: `host:quorumPort:electionPort:participant;clientHost:clientPort`),
 * then `version=<hex>` without a trailing newline.
 */
export function formatMembership(members, version) {
    return members.map(([id, spec]) => `server.${id}=${spec}\n`).join('') + `version=${BigInt.asUintN(64, version).toString(16)}`;
}
//# sourceMappingURL=commands.js.map