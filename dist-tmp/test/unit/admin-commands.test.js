/**
 * The admin commands' JSON (ZooKeeper 3.8's AdminServer): names and aliases, field names and
 * order as admin/Commands.java, CommandResponse.toMap, ServerCnxn.getConnectionInfo and Jackson's
 * rendering of ServerStats produce them (checked against a live Apache ZooKeeper 3.8 AdminServer
 * in test/integration/admin.test.ts), and the one-table rule: every four-letter word is an admin
 * command computed by the same code.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS, commandNamed, DEFAULT_TRACE_MASK, JavaDouble, presentAsJson, presentAsText, ZK_NOT_SERVING, } from '../../src/server/commands.js';
import { FOUR_LETTER_WORDS, runFourLetterWord } from '../../src/server/four-letter.js';
import { toJackson } from '../../src/server/admin/json.js';
import { commandRoutes } from '../../src/server/admin/admin-server.js';
const SID = 0x1a0000012345678n; // above 2^53: a JS number would lose it
const NEG_SID = -0x7edcba9876543210n;
function fake(over = {}) {
    const calls = [];
    return {
        calls,
        serving: true,
        mode: 'follower',
        version: '3.8.0-zk-ts-0.1.0, built on 2024-01-01',
        minLatencyMs: 1,
        avgLatencyMs: 7.66666,
        maxLatencyMs: 19,
        packetsReceived: 6,
        packetsSent: 6,
        aliveConnections: 1,
        outstandingRequests: 0,
        zxid: 0x100000003n,
        nodeCount: 7,
        traceMask: DEFAULT_TRACE_MASK,
        setTraceMask: (m) => void calls.push(`setTraceMask ${m}`),
        dataDirSize: 1024,
        logDirSize: 2048,
        connections: () => [
            {
                remoteAddress: '::ffff:127.0.0.1',
                remotePort: 34242,
                interestOps: 1,
                queued: 0,
                received: 6,
                sent: 6,
                session: {
                    sessionId: SID,
                    lastOp: 'GETC',
                    establishedMs: 1796050051855,
                    timeoutMs: 4000,
                    lastCxid: 5,
                    lastZxid: 0x100000003n,
                    lastResponseTimeMs: 1796050052000,
                    lastLatencyMs: 1,
                    minLatencyMs: 0,
                    avgLatencyMs: 7,
                    maxLatencyMs: 19,
                },
            },
            { remoteAddress: '::1', remotePort: 5, interestOps: 0, queued: 1, received: 1, sent: 0 },
        ],
        watchSummary: () => ({ connections: 1, paths: 2, total: 2 }),
        watchesBySession: () => new Map([[SID, ['/app/e1', '/app']]]),
        watchesByPath: () => new Map([['/app/e1', [SID]], ['/app', [SID, NEG_SID]]]),
        sessionDump: () => ({ kind: 'expiry', buckets: [[578000, [SID]], [577800, []]] }),
        ephemerals: () => new Map([[SID, ['/app/e1']]]),
        conf: () => ({
            entries: [['clientPort', 2181], ['secureClientPort', -1], ['dataDir', '/data'], ['dataDirSize', 1], ['dataLogDir', '/data'], ['dataLogSize', 1],
                ['tickTime', 200], ['maxClientCnxns', 60], ['minSessionTimeout', 400], ['maxSessionTimeout', 4000], ['clientPortListenBacklog', -1], ['serverId', 2]],
            membership: 'server.1=h:1:2:participant\nversion=0',
        }),
        environment: () => [['zookeeper.version', '3.8.0'], ['host.name', 'h']],
        monitor: () => ({
            watchCount: 2, ephemeralsCount: 1, approximateDataSize: 231, uptimeMs: 4109, globalSessions: 1, localSessions: 0, authFailedCount: 0,
            extra: [['peer_state', 'following - broadcast'], ['quorum_size', 3]],
        }),
        digestLog: () => [],
        resetConnectionStats: () => void calls.push('crst'),
        resetServerStats: () => void calls.push('srst'),
        initialConfiguration: () => 'tickTime=200\n',
        lastSnapshot: () => ({ zxid: 0x100000003n, timestampSec: 1796050046 }),
        ...over,
    };
}
const member = (id, learnerType = 'participant') => ({
    id,
    quorumAddress: `127.0.0.1:${2987 + id}`,
    electionAddress: `127.0.0.1:${3987 + id}`,
    clientAddress: id === 2 ? '127.0.0.1:22182' : '',
    learnerType,
});
const quorum = (over = {}) => ({
    myid: 2,
    isLeader: false,
    leaderId: 3,
    leaderAddress: '127.0.0.1',
    zabState: 'broadcast',
    voting: true,
    self: member(2),
    members: [member(1), member(2), member(3), member(4, 'observer')],
    observers: () => [],
    ...over,
});
const keys = (name, ctx = fake(), args = {}) => Object.keys(presentAsJson(name, ctx, args).body);
/** Field lists of ZooKeeper 3.8's AdminServer answers (admin/Commands.java; the live output of 3.8.0). */
const ZK_KEYS = {
    ruok: ['command', 'error'],
    server_stats: ['version', 'read_only', 'server_stats', 'client_response', 'node_count', 'command', 'error'],
    stats: ['version', 'read_only', 'server_stats', 'client_response', 'node_count', 'connections', 'secure_connections', 'command', 'error'],
    connections: ['connections', 'secure_connections', 'command', 'error'],
    configuration: ['client_port', 'data_dir', 'data_log_dir', 'tick_time', 'max_client_cnxns', 'min_session_timeout', 'max_session_timeout', 'server_id', 'client_port_listen_backlog', 'command', 'error'],
    dirs: ['datadir_size', 'logdir_size', 'command', 'error'],
    dump: ['expiry_time_to_session_ids', 'session_id_to_ephemeral_paths', 'command', 'error'],
    get_trace_mask: ['tracemask', 'command', 'error'],
    hash: ['digests', 'command', 'error'],
    initial_configuration: ['initial_configuration', 'command', 'error'],
    is_read_only: ['read_only', 'command', 'error'],
    last_snapshot: ['zxid', 'timestamp', 'command', 'error'],
    leader: ['is_leader', 'leader_id', 'leader_ip', 'command', 'error'],
    observers: ['synced_observers', 'observers', 'command', 'error'],
    voting_view: ['current_config', 'command', 'error'],
    watches: ['session_id_to_watched_paths', 'command', 'error'],
    watches_by_path: ['path_to_session_ids', 'command', 'error'],
    watch_summary: ['num_connections', 'num_paths', 'num_total_watches', 'command', 'error'],
    zabstate: ['myid', 'is_leader', 'quorum_address', 'election_address', 'client_address', 'voting', 'last_zxid', 'zab_epoch', 'zab_counter', 'zabstate', 'command', 'error'],
    connection_stat_reset: ['command', 'error'],
    stat_reset: ['command', 'error'],
    observer_connection_stat_reset: ['command', 'error'],
};
/** ServerStats as Jackson renders it (the follower's order in 3.8.0's output). */
const SERVER_STATS_KEYS = [
    'packets_sent', 'packets_received', 'fsync_threshold_exceed_count', 'client_response_stats', 'provider_null', 'server_state',
    'outstanding_requests', 'min_latency', 'avg_latency', 'max_latency', 'data_dir_size', 'log_dir_size', 'last_processed_zxid',
    'num_alive_client_connections', 'uptime', 'auth_failed_count', 'non_mtlsremote_conn_count', 'non_mtlslocal_conn_count',
];
/** ServerCnxn.getConnectionInfo(false); the brief form stops after packets_sent. */
const CONNECTION_KEYS = [
    'remote_socket_address', 'interest_ops', 'outstanding_requests', 'packets_received', 'packets_sent', 'session_id', 'last_operation',
    'established', 'session_timeout', 'last_cxid', 'last_zxid', 'last_response_time', 'last_latency', 'min_latency', 'avg_latency', 'max_latency',
];
/** The `mntr` keys ZooKeeperServer.dumpMonitorValues writes that zk-ts has. */
const MONITOR_KEYS = ['version', 'server_state', 'avg_latency', 'max_latency', 'min_latency', 'packets_received', 'packets_sent', 'num_alive_connections',
    'outstanding_requests', 'znode_count', 'watch_count', 'ephemerals_count', 'approximate_data_size', 'uptime', 'global_sessions', 'local_sessions', 'auth_failed_count'];
describe('admin command names', () => {
    test("ZooKeeper 3.8's names and aliases", () => {
        const aliases = {
            srvr: 'server_stats', stat: 'stats', mntr: 'monitor', conf: 'configuration', config: 'configuration', cons: 'connections',
            crst: 'connection_stat_reset', srst: 'stat_reset', envi: 'environment', env: 'environment', gtmk: 'get_trace_mask',
            stmk: 'set_trace_mask', isro: 'is_read_only', lead: 'leader', wchc: 'watches', wchp: 'watches_by_path', wchs: 'watch_summary',
            lsnp: 'last_snapshot', icfg: 'initial_configuration', obsr: 'observers', orst: 'observer_connection_stat_reset',
            dirs: 'dirs', dump: 'dump', hash: 'hash', ruok: 'ruok', zabstate: 'zabstate', voting_view: 'voting_view',
        };
        for (const [alias, primary] of Object.entries(aliases))
            assert.equal(commandNamed(alias)?.names[0], primary, alias);
    });
    test('one table: every four-letter word is an admin command with both presentations', () => {
        assert.equal(FOUR_LETTER_WORDS.size, 20, "ZooKeeper 3.8's 18 words, and zk-ts's ydld and rqld");
        for (const w of FOUR_LETTER_WORDS) {
            const c = COMMANDS.find((x) => x.word === w);
            assert.ok(c.names.includes(w), `${w} is also an admin alias`);
            assert.ok(c.text && c.json, w);
        }
        // Both presentations read the same computed data: a reset runs once per request, either way.
        const ctx = fake();
        runFourLetterWord('srst', ctx, '*');
        presentAsJson('srst', ctx);
        assert.deepEqual(ctx.calls, ['srst', 'srst']);
    });
});
describe('admin command JSON', () => {
    const q = fake({ quorum: quorum() });
    for (const [name, expected] of Object.entries(ZK_KEYS)) {
        test(`${name}: ZooKeeper's fields in ZooKeeper's order`, () => {
            assert.deepEqual(keys(name, q, name === 'set_trace_mask' ? { traceMask: '1' } : {}), expected);
        });
    }
    test('server_stats: ServerStats and the leader-only proposal_stats', () => {
        const body = presentAsJson('srvr', q).body;
        assert.deepEqual(Object.keys(body.server_stats), SERVER_STATS_KEYS);
        assert.deepEqual(Object.keys(body.server_stats.client_response_stats), ['last_buffer_size', 'min_buffer_size', 'max_buffer_size']);
        assert.equal(body.server_stats.last_processed_zxid, 0x100000003n);
        assert.deepEqual(body.server_stats.avg_latency, new JavaDouble(7.6667));
        const leader = presentAsJson('server_stats', fake({ mode: 'leader', proposalSizes: { last: 92, min: 48, max: 93 } })).body;
        assert.deepEqual(Object.keys(leader), ['version', 'read_only', 'server_stats', 'client_response', 'proposal_stats', 'node_count', 'command', 'error']);
        assert.deepEqual(leader.proposal_stats, { last_buffer_size: 92, min_buffer_size: 48, max_buffer_size: 93 });
    });
    test('connections: full connection info; stats: brief', () => {
        const cons = presentAsJson('cons', q).body;
        assert.deepEqual(Object.keys(cons.connections[0]), CONNECTION_KEYS);
        assert.equal(cons.connections[0].remote_socket_address, '127.0.0.1:34242');
        assert.equal(cons.connections[0].session_id, SID, 'a session id keeps all 64 bits');
        assert.equal(cons.connections[1].remote_socket_address, '[0:0:0:0:0:0:0:1]:5');
        assert.equal(cons.connections[1].session_id, 0n);
        assert.equal(cons.connections[1].last_zxid, -1n);
        const stat = presentAsJson('stat', q).body;
        assert.deepEqual(Object.keys(stat.connections[0]), CONNECTION_KEYS.slice(0, 5));
    });
    test('monitor: the mntr values as typed JSON', () => {
        const body = presentAsJson('monitor', q).body;
        assert.deepEqual(Object.keys(body), [...MONITOR_KEYS, 'peer_state', 'quorum_size', 'command', 'error']);
        assert.equal(body.znode_count, 7);
        assert.equal(body.peer_state, 'following - broadcast');
    });
    test('session ids as signed longs, keys as decimal strings; expiry buckets sorted', () => {
        const dump = presentAsJson('dump', q).body;
        assert.deepEqual(dump.expiry_time_to_session_ids, { '577800': [], '578000': [SID] });
        assert.deepEqual(dump.session_id_to_ephemeral_paths, { [SID.toString()]: ['/app/e1'] });
        const wchp = presentAsJson('wchp', q).body;
        assert.deepEqual(wchp.path_to_session_ids['/app'], [SID, NEG_SID]);
        // A learner's dump has no expiry buckets (ZooKeeper's follower answers {} too).
        const learner = presentAsJson('dump', fake({ sessionDump: () => ({ kind: 'global', sessions: [[SID, 4000]] }) })).body;
        assert.deepEqual(learner.expiry_time_to_session_ids, {});
    });
    test('quorum commands on a quorum member', () => {
        assert.deepEqual(presentAsJson('leader', q).body, { is_leader: false, leader_id: 3, leader_ip: '127.0.0.1', command: 'leader', error: null });
        const vv = presentAsJson('voting_view', q).body;
        assert.deepEqual(Object.keys(vv.current_config), ['1', '2', '3'], 'observers do not vote');
        assert.deepEqual(vv.current_config['2'], { server_addresses: ['127.0.0.1:2989'], election_addresses: ['127.0.0.1:3989'], client_address: '127.0.0.1:22182', learner_type: 'participant' });
        const zab = presentAsJson('zabstate', q).body;
        assert.equal(zab.last_zxid, '0x100000003');
        assert.equal(zab.zab_epoch, 1);
        assert.equal(zab.zab_counter, 3);
        assert.equal(zab.zabstate, 'broadcast');
        assert.deepEqual(Object.keys(zab.quorum_address), ['empty', 'all_addresses', 'all_reachable_addresses', 'one', 'reachable_address', 'wildcard_addresses', 'all_ports', 'all_host_strings', 'all_reachable_addresses_or_all', 'reachable_or_one']);
        assert.deepEqual(zab.election_address.all_ports, [3989]);
        const obs = presentAsJson('observers', fake({ quorum: quorum({ isLeader: true, observers: () => [{ sid: 4, remoteSocketAddress: '', establishedMs: -1, queuedPackets: -1, packetsReceived: -1, packetsSent: -1, requests: -1, lastZxid: -1n }] }) })).body;
        assert.equal(obs.synced_observers, 1);
        assert.deepEqual(Object.keys(obs.observers[0]), ['remote_socket_address', 'sid', 'established', 'queued_packets', 'queued_packets_size', 'packets_received', 'packets_sent', 'requests', 'last_zxid']);
    });
    test('where a command does not apply, the answer ZooKeeper gives', () => {
        const standalone = fake({ mode: 'standalone' });
        assert.deepEqual(presentAsJson('leader', standalone).body, { error: 'server is not initialized', command: 'leader' });
        assert.deepEqual(presentAsJson('voting_view', standalone).body, { current_config: {}, command: 'voting_view', error: null });
        assert.deepEqual(presentAsJson('zabstate', standalone).body, { voting: false, zabstate: '', command: 'zabstate', error: null });
        assert.deepEqual(presentAsJson('observers', standalone).body, { synced_observers: 0, observers: [], command: 'observers', error: null });
    });
    test('not serving: serverRequired commands say so; the others answer', () => {
        const looking = fake({ serving: false });
        for (const name of ['ruok', 'srvr', 'stat', 'cons', 'dump', 'wchc', 'isro', 'leader', 'voting_view', 'conf', 'lsnp']) {
            // Commands.runCommand names the command as it was asked for (checked against ZooKeeper 3.8).
            assert.deepEqual(presentAsJson(name, looking).body, { command: name, error: ZK_NOT_SERVING }, name);
        }
        assert.deepEqual(presentAsJson('server_stats', looking).body, { command: 'server_stats', error: ZK_NOT_SERVING });
        for (const name of ['envi', 'gtmk', 'monitor', 'zabstate'])
            assert.equal(presentAsJson(name, looking).body.error, null, name);
        assert.equal(presentAsJson('monitor', looking).body.server_state, 'follower', 'a syncing learner has its server: mntr answers');
        assert.deepEqual(looking.calls, []);
    });
    test('a LOOKING quorum member answers as ZooKeeper 3.8 without a ZooKeeperServer', () => {
        // Checked against a ZooKeeper 3.8 member of a three-server ensemble whose peers are down:
        // srvr/stat/mntr words: "not currently serving"; admin srvr/stat/ruok/leader/voting_view:
        // the not-serving error; zabstate: no Zab state; mntr: a NullPointerException (HTTP 500),
        // for which zk-ts answers the not-serving error.
        const looking = fake({ serving: false, noServer: true, mode: 'looking', quorum: quorum() });
        for (const w of ['srvr', 'stat', 'mntr'])
            assert.equal(presentAsText(w, looking, '*'), ZK_NOT_SERVING + '\n', w);
        for (const name of ['srvr', 'stat', 'ruok', 'leader', 'voting_view', 'mntr', 'monitor']) {
            assert.deepEqual(presentAsJson(name, looking).body, { command: name, error: ZK_NOT_SERVING }, name);
        }
        assert.deepEqual(presentAsJson('zabstate', looking).body, { voting: false, zabstate: '', command: 'zabstate', error: null });
        assert.equal(presentAsJson('envi', looking).body.error, null);
    });
    test('unknown command; set_trace_mask arguments', () => {
        assert.deepEqual(presentAsJson('nope', fake()), { known: false, body: { command: 'nope', error: 'Unknown command: nope' } });
        assert.deepEqual(presentAsJson('stmk', fake()).body, { error: 'setTraceMask requires long traceMask argument', command: 'set_trace_mask' });
        assert.deepEqual(presentAsJson('stmk', fake(), { traceMask: 'x' }).body, { error: 'setTraceMask requires long traceMask argument, got x', command: 'set_trace_mask' });
        assert.deepEqual(presentAsJson('stmk', fake(), { traceMask: '9223372036854775808' }).body.error, 'setTraceMask requires long traceMask argument, got 9223372036854775808');
        const ctx = fake();
        assert.deepEqual(presentAsJson('set_trace_mask', ctx, { traceMask: '-1' }).body, { tracemask: -1n, command: 'set_trace_mask', error: null });
        assert.deepEqual(ctx.calls, ['setTraceMask -1']);
        assert.equal(presentAsText('gtmk', fake({ traceMask: -1n }), '*'), '-1');
    });
});
describe('Jackson-style JSON', () => {
    test("ZooKeeper's layout, byte for byte", () => {
        const body = presentAsJson('dump', fake()).body;
        assert.equal(toJackson(body), '{\n  "expiry_time_to_session_ids" : {\n    "577800" : [ ],\n    "578000" : [ 117093590617052792 ]\n  },\n' +
            '  "session_id_to_ephemeral_paths" : {\n    "117093590617052792" : [ "/app/e1" ]\n  },\n  "command" : "dump",\n  "error" : null\n}');
        assert.equal(toJackson({ a: [], b: {}, c: new JavaDouble(0), d: new JavaDouble(7.6667), e: 'x"y' }), '{\n  "a" : [ ],\n  "b" : { },\n  "c" : 0.0,\n  "d" : 7.6667,\n  "e" : "x\\"y"\n}');
        assert.equal(toJackson({ observers: [{ sid: 4 }] }), '{\n  "observers" : [ {\n    "sid" : 4\n  } ]\n}');
        assert.equal(JSON.parse(toJackson(presentAsJson('srvr', fake()).body)).server_stats.avg_latency, 7.6667);
    });
});
describe('leadership transfer commands (transfer_leadership / ydld, request_leadership / rqld)', () => {
    const leader = () => {
        const asked = [];
        const ctx = fake({
            mode: 'leader',
            transferLeadership: (to) => {
                asked.push(to);
                return to === 9 ? { ok: false, message: 'server 9 is not in the configuration' } : { ok: true, successor: to ?? 2, message: `transferring leadership from server 1 to server ${to ?? 2}` };
            },
            requestLeadership: () => ({ ok: true, successor: 1, message: 'server 1 is the leader already' }),
        });
        return { ctx, asked };
    };
    test('the word picks the successor itself; the admin command takes ?to=N', () => {
        const { ctx, asked } = leader();
        assert.equal(runFourLetterWord('ydld', ctx, '*'), 'Sent yield leadership request to leader.\ntransferring leadership from server 1 to server 2\n');
        assert.deepEqual(presentAsJson('transfer_leadership', ctx, { to: '3' }).body, { successor: 3, message: 'transferring leadership from server 1 to server 3', command: 'transfer_leadership', error: null });
        assert.deepEqual(asked, [null, 3]);
    });
    test('refusals say why, in both presentations; a bad target is refused before the peer sees it', () => {
        const { ctx, asked } = leader();
        assert.deepEqual(presentAsJson('transfer_leadership', ctx, { to: '9' }).body, { successor: null, error: 'server 9 is not in the configuration', command: 'transfer_leadership' });
        assert.equal(presentAsJson('ydld', ctx, { to: 'two' }).body.error, 'to must be a server id, got "two"');
        assert.deepEqual(asked, [9]);
        assert.equal(runFourLetterWord('ydld', fake({ mode: 'standalone' }), '*'), 'Failed to send yield leadership request to leader.\nthis server is not a quorum member\n');
        assert.equal(runFourLetterWord('rqld', fake({ mode: 'standalone' }), '*'), 'Failed to send leadership request to leader.\nthis server is not a quorum member\n');
        assert.equal(runFourLetterWord('rqld', ctx, '*'), 'Sent leadership request to leader.\nserver 1 is the leader already\n');
    });
    test('not serving (LOOKING): refused like every serverRequired command; and outside the whitelist', () => {
        const looking = fake({ serving: false, noServer: true, mode: 'looking', transferLeadership: () => assert.fail('must not run') });
        assert.equal(runFourLetterWord('ydld', looking, '*'), ZK_NOT_SERVING + '\n');
        assert.deepEqual(presentAsJson('transfer_leadership', looking).body, { command: 'transfer_leadership', error: ZK_NOT_SERVING });
        assert.equal(runFourLetterWord('ydld', leader().ctx, new Set(['srvr'])), 'ydld is not executed because it is not in the whitelist.\n');
    });
    test('the AdminServer takes POST only for them, GET only for the others', async () => {
        const { ctx, asked } = leader();
        const route = commandRoutes('/commands', () => ctx);
        const req = (method, path, query = {}) => route({ method, path, query, headers: {}, body: async () => Buffer.alloc(0) });
        const get = req('GET', '/commands/transfer_leadership', { to: '2' });
        assert.equal(get.status, 405);
        assert.equal(get.headers?.Allow, 'POST');
        assert.deepEqual(asked, [], 'a GET does not transfer');
        const post = req('POST', '/commands/transfer_leadership', { to: '2' });
        assert.equal(post.status, 200);
        assert.equal(JSON.parse(post.body).successor, 2);
        assert.equal(req('POST', '/commands/ruok').status, 405);
        assert.equal(req('GET', '/commands/nope').status, 200, 'an unknown command: 200, as ZooKeeper 3.8');
    });
});
//# sourceMappingURL=admin-commands.test.js.map