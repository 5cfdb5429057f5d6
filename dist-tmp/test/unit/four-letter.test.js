import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TRACE_MASK, FOUR_LETTER_WORDS, ZK_NOT_SERVING, buildEnvironment, formatMembership, isFourLetterWord, javaDate, javaDouble, javaSocketAddress, runFourLetterWord, } from '../../src/server/four-letter.js';
const NEG_SID = -0x7edcba9876543210n; // top bit set: 0x8123456789abcdf0 unsigned
const NEG_SID_HEX = '0x8123456789abcdf0';
function conn(over = {}) {
    return { remoteAddress: '127.0.0.1', remotePort: 53412, interestOps: 1, queued: 0, received: 7, sent: 7, ...over };
}
function fake(over = {}) {
    const calls = [];
    const ctx = {
        calls,
        serving: true,
        mode: 'standalone',
        version: '3.8.0-zk-ts-0.1.0, built on 2024-01-01',
        minLatencyMs: 0,
        avgLatencyMs: 0.125,
        maxLatencyMs: 3,
        packetsReceived: 42,
        packetsSent: 41,
        aliveConnections: 1,
        outstandingRequests: 0,
        zxid: 0x1an,
        nodeCount: 5,
        traceMask: DEFAULT_TRACE_MASK,
        setTraceMask: (m) => void calls.push(`setTraceMask ${m}`),
        dataDirSize: 1024,
        logDirSize: 2048,
        connections: () => [
            conn(),
            conn({
                remoteAddress: '::1',
                remotePort: 41446,
                interestOps: 0,
                received: 1,
                sent: 0,
                expiresAtMs: 20_000,
                session: {
                    sessionId: NEG_SID,
                    lastOp: 'GETD',
                    establishedMs: 1700000000000,
                    timeoutMs: 30000,
                    lastCxid: 5,
                    lastZxid: 0x1an,
                    lastResponseTimeMs: 1700000001000,
                    lastLatencyMs: 1,
                    minLatencyMs: 0,
                    avgLatencyMs: 1.6,
                    maxLatencyMs: 3,
                },
            }),
        ],
        watchSummary: () => ({ connections: 2, paths: 3, total: 4 }),
        watchesBySession: () => new Map([[0x100n, ['/a', '/b']], [NEG_SID, ['/c']]]),
        watchesByPath: () => new Map([['/a', [0x100n]], ['/c', [NEG_SID, 0x100n]]]),
        sessionDump: () => ({ kind: 'expiry', buckets: [[20_000, [NEG_SID]], [10_000, [0x100n, 0x101n]]] }),
        ephemerals: () => new Map([[0x100n, ['/e1', '/e2']]]),
        conf: () => ({ entries: [['clientPort', 2181], ['dataDir', '/data'], ['serverId', 0]] }),
        environment: () => [['zookeeper.version', '3.8.0'], ['host.name', 'h']],
        monitor: () => ({
            watchCount: 4,
            ephemeralsCount: 2,
            approximateDataSize: 77,
            openFileDescriptorCount: 30,
            maxFileDescriptorCount: 1024,
            uptimeMs: 5000,
            globalSessions: 2,
            localSessions: 0,
            authFailedCount: 0,
            extra: [['peer_state', 'leading - broadcast'], ['quorum_size', 3], ['ratio', 0.5], ['big', 1n << 60n]],
        }),
        digestLog: () => [[0x100000001n, 123456789n], [-1n, -5n]],
        resetConnectionStats: () => void calls.push('crst'),
        resetServerStats: () => void calls.push('srst'),
        ...over,
    };
    return ctx;
}
const bytes = (s) => new TextEncoder().encode(s);
describe('isFourLetterWord', () => {
    test("knows all 18 words of ZooKeeper 3.8, and zk-ts's ydld and rqld", () => {
        assert.equal(FOUR_LETTER_WORDS.size, 20);
        for (const w of FOUR_LETTER_WORDS)
            assert.equal(isFourLetterWord(bytes(w)), w);
    });
    test('unknown, wrong case, short, frame lengths and telnet close are not words', () => {
        assert.equal(isFourLetterWord(bytes('RUOK')), null);
        assert.equal(isFourLetterWord(bytes('kill')), null);
        assert.equal(isFourLetterWord(bytes('ruo')), null);
        assert.equal(isFourLetterWord(new Uint8Array([0, 0, 0, 45])), null);
        assert.equal(isFourLetterWord(new Uint8Array([0xff, 0xf4, 0xff, 0xfd])), null);
    });
    test('looks only at the first 4 bytes', () => {
        assert.equal(isFourLetterWord(bytes('stmk\0\0\0\0\0\0\0\x01')), 'stmk');
        assert.equal(isFourLetterWord(Buffer.from('xxruok').subarray(2)), 'ruok');
    });
});
describe('whitelist', () => {
    test('a known word outside the whitelist', () => {
        const ctx = fake();
        assert.equal(runFourLetterWord('stat', ctx, new Set(['srvr'])), 'stat is not executed because it is not in the whitelist.\n');
        assert.equal(runFourLetterWord('ruok', ctx, new Set()), 'ruok is not executed because it is not in the whitelist.\n');
        assert.equal(runFourLetterWord('srst', ctx, new Set(['srvr'])), 'srst is not executed because it is not in the whitelist.\n');
        assert.deepEqual(ctx.calls, [], 'a refused command has no side effect');
    });
    test('srvr is always allowed; * allows everything', () => {
        assert.match(runFourLetterWord('srvr', fake(), new Set()), /^Zookeeper version: /);
        for (const w of FOUR_LETTER_WORDS)
            assert.doesNotMatch(runFourLetterWord(w, fake(), '*'), /not in the whitelist/);
    });
    test('whitelist is checked before serving', () => {
        assert.equal(runFourLetterWord('mntr', fake({ serving: false }), new Set()), 'mntr is not executed because it is not in the whitelist.\n');
    });
    test('unknown word throws', () => {
        assert.throws(() => runFourLetterWord('kill', fake(), '*'));
    });
});
describe('not serving', () => {
    const ctx = fake({ serving: false });
    test('ruok, isro', () => {
        assert.equal(runFourLetterWord('ruok', ctx, '*'), 'imok');
        assert.equal(runFourLetterWord('isro', ctx, '*'), 'null');
    });
    test('most commands say so', () => {
        for (const w of ['srvr', 'stat', 'mntr', 'conf', 'cons', 'wchs', 'wchc', 'wchp', 'dump', 'crst', 'srst', 'dirs']) {
            assert.equal(runFourLetterWord(w, ctx, '*'), ZK_NOT_SERVING + '\n', w);
        }
        assert.equal(runFourLetterWord('hash', ctx, '*'), ZK_NOT_SERVING, 'DigestCommand uses print, not println');
        assert.deepEqual(ctx.calls, [], 'no reset while not serving');
    });
    test('envi, gtmk, stmk still run (ZooKeeper does not check)', () => {
        assert.match(runFourLetterWord('envi', ctx, '*'), /^Environment:\n/);
        assert.equal(runFourLetterWord('gtmk', ctx, '*'), '306');
    });
});
describe('commands', () => {
    test('ruok, isro', () => {
        assert.equal(runFourLetterWord('ruok', fake(), '*'), 'imok');
        assert.equal(runFourLetterWord('isro', fake(), '*'), 'rw');
        assert.equal(runFourLetterWord('isro', fake({ mode: 'read-only' }), '*'), 'ro');
    });
    test('srvr layout, line by line', () => {
        const lines = runFourLetterWord('srvr', fake(), new Set()).split('\n');
        assert.deepEqual(lines, [
            'Zookeeper version: 3.8.0-zk-ts-0.1.0, built on 2024-01-01',
            'Latency min/avg/max: 0/0.125/3',
            'Received: 42',
            'Sent: 41',
            'Connections: 1',
            'Outstanding: 0',
            'Zxid: 0x1a',
            'Mode: standalone',
            'Node count: 5',
            '',
        ]);
    });
    test('srvr: avg latency as a Java double, leader proposal line, read-only line, negative zxid', () => {
        const a = runFourLetterWord('srvr', fake({ avgLatencyMs: 0, mode: 'leader', zxid: -1n }), '*');
        assert.match(a, /\nLatency min\/avg\/max: 0\/0\.0\/3\n/);
        assert.match(a, /\nZxid: 0xffffffffffffffff\n/);
        assert.match(a, /\nMode: leader\nNode count: 5\nProposal sizes last\/min\/max: -1\/-1\/-1\n$/);
        const b = runFourLetterWord('srvr', fake({ avgLatencyMs: 2 / 3, mode: 'leader', proposalSizes: { last: 36, min: 32, max: 36 } }), '*');
        assert.match(b, /Latency min\/avg\/max: 0\/0\.6667\/3\n/);
        assert.match(b, /Proposal sizes last\/min\/max: 36\/32\/36\n$/);
        const c = runFourLetterWord('srvr', fake({ mode: 'read-only' }), '*');
        assert.match(c, /^Zookeeper version: [^\n]*\nREAD-ONLY mode; serving only read-only clients\nLatency/);
        assert.match(c, /\nMode: read-only\n/);
    });
    test('stat: Clients block after the version line, brief connection lines, then an empty line', () => {
        const lines = runFourLetterWord('stat', fake(), '*').split('\n');
        assert.deepEqual(lines.slice(0, 6), [
            'Zookeeper version: 3.8.0-zk-ts-0.1.0, built on 2024-01-01',
            'Clients:',
            ' /127.0.0.1:53412[1](queued=0,recved=7,sent=7)',
            ' /[0:0:0:0:0:0:0:1]:41446[0](queued=0,recved=1,sent=0)',
            '',
            'Latency min/avg/max: 0/0.125/3',
        ]);
        assert.equal(lines.at(-2), 'Node count: 5');
    });
    test('cons: full lines, session fields only with a session, negative sid as unsigned hex', () => {
        const out = runFourLetterWord('cons', fake(), '*');
        assert.equal(out, ' /127.0.0.1:53412[1](queued=0,recved=7,sent=7)\n' +
            ` /[0:0:0:0:0:0:0:1]:41446[0](queued=0,recved=1,sent=0,sid=${NEG_SID_HEX},lop=GETD,est=1700000000000,to=30000,` +
            'lcxid=0x5,lzxid=0x1a,lresp=1700000001000,llat=1,minlat=0,avglat=1,maxlat=3)\n' +
            '\n');
    });
    test('cons: lcxid omitted when negative, lzxid -1 as ffff..., interest ops in hex', () => {
        const ctx = fake({
            connections: () => [
                conn({
                    interestOps: 5,
                    session: {
                        sessionId: 0x100n, lastOp: 'NA', establishedMs: 1, timeoutMs: 4000, lastCxid: -1, lastZxid: -1n,
                        lastResponseTimeMs: 0, lastLatencyMs: 0, minLatencyMs: 0, avgLatencyMs: 0, maxLatencyMs: 0,
                    },
                }),
            ],
        });
        assert.equal(runFourLetterWord('cons', ctx, '*'), ' /127.0.0.1:53412[5](queued=0,recved=7,sent=7,sid=0x100,lop=NA,est=1,to=4000,lzxid=0xffffffffffffffff,' +
            'lresp=0,llat=0,minlat=0,avglat=0,maxlat=0)\n\n');
    });
    test('mntr', () => {
        const out = runFourLetterWord('mntr', fake(), '*');
        assert.equal(out, [
            'zk_version\t3.8.0-zk-ts-0.1.0, built on 2024-01-01',
            'zk_server_state\tstandalone',
            'zk_avg_latency\t0.125',
            'zk_max_latency\t3',
            'zk_min_latency\t0',
            'zk_packets_received\t42',
            'zk_packets_sent\t41',
            'zk_num_alive_connections\t1',
            'zk_outstanding_requests\t0',
            'zk_znode_count\t5',
            'zk_watch_count\t4',
            'zk_ephemerals_count\t2',
            'zk_approximate_data_size\t77',
            'zk_open_file_descriptor_count\t30',
            'zk_max_file_descriptor_count\t1024',
            'zk_uptime\t5000',
            'zk_global_sessions\t2',
            'zk_local_sessions\t0',
            'zk_auth_failed_count\t0',
            'zk_peer_state\tleading - broadcast',
            'zk_quorum_size\t3',
            'zk_ratio\t0.5',
            'zk_big\t1152921504606846976',
            '',
        ].join('\n'));
        const base = fake().monitor();
        const noFd = runFourLetterWord('mntr', fake({ avgLatencyMs: 0, monitor: () => ({ ...base, openFileDescriptorCount: undefined, maxFileDescriptorCount: undefined, extra: [] }) }), '*');
        assert.doesNotMatch(noFd, /file_descriptor/);
        assert.match(noFd, /\nzk_avg_latency\t0\.0\n/);
        for (const line of noFd.trimEnd().split('\n'))
            assert.match(line, /^zk_[a-z_]+\t.+$/);
    });
    test('conf: key=value lines; quorum membership verbatim after "membership: "', () => {
        assert.equal(runFourLetterWord('conf', fake(), '*'), 'clientPort=2181\ndataDir=/data\nserverId=0\n');
        const membership = formatMembership([[1, '127.0.0.1:2888:3888:participant;0.0.0.0:2181'], [2, 'h2:2888:3888:participant;0.0.0.0:2182']], 0x100000000n);
        assert.equal(membership, 'server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\nserver.2=h2:2888:3888:participant;0.0.0.0:2182\nversion=100000000');
        const ctx = fake({ conf: () => ({ entries: [['initLimit', 10], ['peerType', 0]], membership }) });
        assert.equal(runFourLetterWord('conf', ctx, '*'), 'initLimit=10\npeerType=0\nmembership: \n' + membership);
    });
    test('envi', () => {
        assert.equal(runFourLetterWord('envi', fake(), '*'), 'Environment:\nzookeeper.version=3.8.0\nhost.name=h\n');
        const env = buildEnvironment('3.8.0-zk-ts');
        assert.deepEqual(env[0], ['zookeeper.version', '3.8.0-zk-ts']);
        const keys = env.map(([k]) => k);
        for (const k of ['host.name', 'node.version', 'os.name', 'os.arch', 'os.version', 'user.name', 'user.home', 'user.dir', 'os.memory.free', 'os.memory.max', 'os.memory.total']) {
            assert.ok(keys.includes(k), k);
        }
        assert.match(env.find(([k]) => k === 'os.memory.max')[1], /^\d+MB$/);
    });
    test('wchs, wchc, wchp', () => {
        assert.equal(runFourLetterWord('wchs', fake(), '*'), '2 connections watching 3 paths\nTotal watches:4\n');
        assert.equal(runFourLetterWord('wchc', fake(), '*'), `0x100\n\t/a\n\t/b\n${NEG_SID_HEX}\n\t/c\n\n`);
        assert.equal(runFourLetterWord('wchp', fake(), '*'), `/a\n\t0x100\n/c\n\t${NEG_SID_HEX}\n\t0x100\n\n`);
    });
    test('dump (leader / standalone expiry buckets, sorted by deadline)', () => {
        assert.equal(runFourLetterWord('dump', fake(), '*'), 'SessionTracker dump:\n' +
            'Session Sets (2)/(3):\n' +
            '2 expire at Thu Jan 01 00:00:10 UTC 1970:\n\t0x100\n\t0x101\n' +
            `1 expire at Thu Jan 01 00:00:20 UTC 1970:\n\t${NEG_SID_HEX}\n` +
            'ephemeral nodes dump:\n' +
            'Sessions with Ephemerals (1):\n0x100:\n\t/e1\n\t/e2\n' +
            'Connections dump:\n' +
            'Connections Sets (1)/(1):\n' +
            `1 expire at Thu Jan 01 00:00:20 UTC 1970:\n\tip: /[0:0:0:0:0:0:0:1]:41446 sessionId: ${NEG_SID_HEX}\n`);
    });
    test('dump (learner: global sessions sorted as signed longs)', () => {
        const ctx = fake({
            sessionDump: () => ({ kind: 'global', sessions: [[0x100n, 30000], [NEG_SID, 4000]] }),
            ephemerals: () => new Map(),
            connections: () => [],
        });
        assert.equal(runFourLetterWord('dump', ctx, '*'), 'SessionTracker dump:\n' +
            `Global Sessions(2):\n${NEG_SID_HEX}\t4000ms\n0x100\t30000ms\n` +
            'ephemeral nodes dump:\nSessions with Ephemerals (0):\n' +
            'Connections dump:\nConnections Sets (0)/(0):\n');
    });
    test('crst, srst reset and answer', () => {
        const ctx = fake();
        assert.equal(runFourLetterWord('crst', ctx, '*'), 'Connection stats reset.\n');
        assert.equal(runFourLetterWord('srst', ctx, '*'), 'Server stats reset.\n');
        assert.deepEqual(ctx.calls, ['crst', 'srst']);
    });
    test('dirs', () => {
        assert.equal(runFourLetterWord('dirs', fake(), '*'), 'datadir_size: 1024\nlogdir_size: 2048\n');
    });
    test('gtmk, stmk (decimal, no newline; stmk sets and echoes the mask)', () => {
        assert.equal(runFourLetterWord('gtmk', fake(), '*'), '306');
        const ctx = fake({ stmkMask: 0xffn });
        assert.equal(runFourLetterWord('stmk', ctx, '*'), '255');
        assert.deepEqual(ctx.calls, ['setTraceMask 255']);
        assert.equal(runFourLetterWord('gtmk', fake({ traceMask: (1n << 64n) - 1n }), '*'), '-1');
    });
    test('hash: "<zxid hex>: <digest>" per entry; empty when digests are disabled', () => {
        assert.equal(runFourLetterWord('hash', fake(), '*'), '100000001: 123456789\nffffffffffffffff: -5\n');
        assert.equal(runFourLetterWord('hash', fake({ digestLog: () => [] }), '*'), '');
    });
});
describe('formatting primitives', () => {
    test('javaDouble', () => {
        assert.equal(javaDouble(0), '0.0');
        assert.equal(javaDouble(3), '3.0');
        assert.equal(javaDouble(0.125), '0.125');
        assert.equal(javaDouble(1e7), '1.0E7');
        assert.equal(javaDouble(12345678.9), '1.23456789E7');
        assert.equal(javaDouble(0.0001), '1.0E-4');
        assert.equal(javaDouble(0.001), '0.001');
        assert.equal(javaDouble(-2.5), '-2.5');
    });
    test('javaDate (UTC)', () => {
        assert.equal(javaDate(0), 'Thu Jan 01 00:00:00 UTC 1970');
        assert.equal(javaDate(Date.UTC(2024, 1, 29, 13, 5, 9)), 'Thu Feb 29 13:05:09 UTC 2024');
    });
    test('javaSocketAddress', () => {
        assert.equal(javaSocketAddress('10.0.0.1', 2181), '/10.0.0.1:2181');
        assert.equal(javaSocketAddress('::ffff:127.0.0.1', 5), '/127.0.0.1:5');
        assert.equal(javaSocketAddress('::1', 5), '/[0:0:0:0:0:0:0:1]:5');
        assert.equal(javaSocketAddress('::', 5), '/[0:0:0:0:0:0:0:0]:5');
        assert.equal(javaSocketAddress('fe80::1%eth0', 5), '/[fe80:0:0:0:0:0:0:1%eth0]:5');
        assert.equal(javaSocketAddress('2001:db8::0a:1', 5), '/[2001:db8:0:0:0:0:a:1]:5');
    });
});
//# sourceMappingURL=four-letter.test.js.map