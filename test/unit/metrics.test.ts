/**
 * The Prometheus metrics: ZooKeeper's names and types, gauges read at scrape time, the hooks'
 * arithmetic (commits from zxid progress, fsync and proposal timings, per-operation latency),
 * and the leader's per-learner lag.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ServerMetrics, type LearnerLag } from '../../src/server/admin/metrics.js';
import type { CommandContext } from '../../src/server/commands.js';
import { asZxid } from '../../src/base/zxid.js';

function ctx(nodeCount: number): CommandContext {
  return {
    serving: true, mode: 'leader', version: 'v', minLatencyMs: 0, avgLatencyMs: 1.5, maxLatencyMs: 3, packetsReceived: 10, packetsSent: 9,
    aliveConnections: 2, outstandingRequests: 1, zxid: asZxid(0x200000005n), nodeCount, traceMask: 0n, setTraceMask: () => {}, dataDirSize: 0, logDirSize: 0,
    connections: () => [], watchSummary: () => ({ connections: 0, paths: 0, total: 0 }), watchesBySession: () => new Map(), watchesByPath: () => new Map(),
    sessionDump: () => ({ kind: 'global', sessions: [] }), ephemerals: () => new Map(), conf: () => ({ entries: [] }), environment: () => [],
    monitor: () => ({ watchCount: 4, ephemeralsCount: 1, approximateDataSize: 99, uptimeMs: 5000, globalSessions: 3, localSessions: 0, authFailedCount: 0, extra: [] }),
    digestLog: () => [], resetConnectionStats: () => {}, resetServerStats: () => {},
  };
}

/** name{labels} → value, from the exposition text. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

function types(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('ServerMetrics', () => {
  let nodes = 7;
  let learners: LearnerLag[] | null = [
    { sid: 2, observer: false, synced: true, unacked: 0 },
    { sid: 3, observer: false, synced: true, unacked: 4 },
    { sid: 4, observer: true, synced: true, unacked: 0 },
  ];
  let clock = 1000;
  const m = new ServerMetrics(
    { context: () => ctx(nodes), peerState: () => 'leading', quorum: () => ({ quorumSize: 3, learners }) },
    { processInfo: false, now: () => clock },
  );

  test("ZooKeeper's metric names and types; gauges read when scraped", async () => {
    let text = await m.scrape();
    const t = types(text);
    for (const g of ['znode_count', 'num_alive_connections', 'watch_count', 'approximate_data_size', 'outstanding_requests', 'learners', 'synced_followers', 'quorum_size', 'global_sessions', 'ephemerals_count']) {
      assert.equal(t.get(g), 'gauge', g);
    }
    for (const s of ['fsynctime', 'election_time', 'proposal_latency', 'readlatency', 'updatelatency']) assert.equal(t.get(s), 'summary', s);
    for (const c of ['commit_count', 'bytes_received_count', 'response_bytes']) assert.equal(t.get(c), 'counter', c);
    assert.equal(t.get('request_duration_seconds'), 'histogram');
    let s = samples(text);
    assert.equal(s.get('znode_count'), 7);
    assert.equal(s.get('watch_count'), 4);
    assert.equal(s.get('learners'), 3);
    assert.equal(s.get('synced_followers'), 2);
    assert.equal(s.get('synced_observers'), 1);
    assert.equal(s.get('quorum_size'), 3);
    assert.equal(s.get('learner_lag_zxids{sid="3"}'), 4);
    assert.equal(s.get('learner_lag_zxids{sid="2"}'), 0);
    assert.equal(s.has('learner_lag_zxids{sid="4"}'), false, 'observers do not acknowledge');
    assert.equal(s.get('peer_state{state="leading"}'), 1);
    assert.equal(s.get('peer_state{state="looking"}'), 0);
    assert.equal(s.get('last_processed_zxid'), 0x200000005);
    assert.equal(t.get('process_cpu_seconds_total'), undefined, 'process metrics only with exportJvmInfo');
    nodes = 9;
    learners = null;
    text = await m.scrape();
    s = samples(text);
    assert.equal(s.get('znode_count'), 9, 'read again at the next scrape');
    assert.equal(s.get('learners'), 0, 'a leader no more');
    assert.equal([...s.keys()].some((k) => k.startsWith('learner_lag_zxids')), false);
  });

  test('commits counted from zxid progress, across an epoch change', async () => {
    m.applied(asZxid(0x100000005n)); // the state loaded at start
    m.applied(asZxid(0x100000008n));
    m.applied(asZxid(0x200000002n));
    assert.equal(samples(await m.scrape()).get('commit_count'), 3 + 2);
  });

  test('fsync time and proposal latency from the runtime hooks', async () => {
    clock = 2000;
    const flushed = m.logging([0x200000003n, 0x200000004n]);
    clock = 2007;
    flushed();
    clock = 2010;
    m.applied(asZxid(0x200000003n));
    clock = 2030;
    m.applied(asZxid(0x200000004n));
    const s = samples(await m.scrape());
    assert.equal(s.get('fsynctime_count'), 1);
    assert.equal(s.get('fsynctime_sum'), 7);
    assert.equal(s.get('proposal_latency_count'), 2);
    assert.equal(s.get('proposal_latency_sum'), 10 + 30);
    assert.equal(s.get('commit_count'), 5 + 2);
  });

  test('requests by operation, reads and writes, bytes; pings stay out of the totals', async () => {
    m.requestDone('getData', 2);
    m.requestDone('getData', 4);
    m.requestDone('create', 10);
    m.requestDone('ping', 1);
    m.bytesReceived(100);
    m.bytesSent(250);
    const s = samples(await m.scrape());
    assert.equal(s.get('request_duration_seconds_count{op="getData"}'), 2);
    assert.equal(s.get('request_duration_seconds_sum{op="getData"}'), 0.006);
    assert.equal(s.get('request_duration_seconds_bucket{le="0.0025",op="getData"}'), 1);
    assert.equal(s.get('request_duration_seconds_count{op="ping"}'), 1);
    assert.equal(s.get('readlatency_count'), 2);
    assert.equal(s.get('updatelatency_count'), 1);
    assert.equal(s.get('updatelatency_sum'), 10);
    assert.equal(s.get('bytes_received_count'), 100);
    assert.equal(s.get('response_bytes'), 250);
    assert.deepEqual(m.totals(), { requests: 3, latencySumMs: 16, bytesIn: 100, bytesOut: 250 });
    m.electionDone(120);
    assert.equal(samples(await m.scrape()).get('election_time_sum'), 120);
  });

  test('concurrent scrapes each read a whole snapshot', async () => {
    const texts = await Promise.all([m.scrape(), m.scrape(), m.scrape()]);
    for (const t of texts) assert.equal(samples(t).get('znode_count'), 9);
  });

  test('a standalone server has no quorum gauges', async () => {
    const standalone = new ServerMetrics({ context: () => ctx(5), peerState: () => 'standalone' }, { processInfo: true });
    const t = types(await standalone.scrape());
    assert.equal(t.has('quorum_size'), false);
    assert.equal(t.has('learners'), false);
    assert.equal(t.get('process_cpu_seconds_total'), 'counter');
  });
});
