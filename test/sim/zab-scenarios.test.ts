/**
 * docs/zookeeper-bugs.md, item by item: each test builds the named scenario with scripted
 * faults on whole simulated peers (src/sim/zab-cluster.ts: real QuorumPeer, MemoryStorage with
 * crash semantics, simulated UDP and TCP, simulated clients) and asserts the item's property.
 * After every scenario the global checkers run too (P1 one leader per epoch, P2 one history,
 * P3 no acknowledged write lost, P4 increasing zxids, P5 durable epochs, P6 linearizable client
 * histories, P7 ephemerals, Z1 commits name known txns, Z2 applied only when durable on a quorum,
 * final agreement of the live servers): see src/sim/zab-checker.ts and linearizability.ts.
 * Everything is deterministic: a failure replays exactly.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { counterOf, epochOf, hex, makeZxid, ZERO_ZXID, type Zxid } from '../../src/base/zxid.js';
import type { ElectionAlgorithm } from '../../src/election/types.js';
import { Err, Op } from '../../src/wire/constants.js';
import { Pkt, pktName } from '../../src/wire/quorum.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';
import { decodeTxn, TxnType } from '../../src/wire/txn.js';
import type { Decision } from '../../src/election/types.js';
import { ClusterOptions, ZabCluster } from '../../src/sim/zab-cluster.js';
import type { HistoryOp, SimClient } from '../../src/sim/sim-client.js';
import type { Request } from '../../src/wire/requests.js';
import { loadFromDisk, PeerNode } from '../../src/sim/peer-node.js';
import { storageStallBoundMs } from '../../src/peer/quorum-peer.js';
import { describeOp } from '../../src/sim/linearizability.js';
import { asSid, type Sid } from '../../src/base/ids.js';

const TICK = 200;
const SYNC_LIMIT_MS = 5 * TICK;

// ------------------------------------------------------------------ helpers

function cluster(o: Partial<ClusterOptions> = {}): ZabCluster {
  // ZK_SIM_VERBOSE=1 prints every fault, role change, packet and core log line; ZK_SIM_STORED_TREE=1
  // has the servers serve their trees from storage (zk-sim --stored-tree).
  return new ZabCluster({ seed: 1, servers: 3, algorithm: 'fast', storedTree: process.env.ZK_SIM_STORED_TREE === '1', verbose: !!process.env.ZK_SIM_VERBOSE, log: (l) => console.log(l), ...o });
}

/** Server ids as the simulator numbers them (1..n). */
const sids = (...ns: number[]): Sid[] => ns.map(asSid);

function converge(c: ZabCluster, timeoutMs = 20_000): Sid {
  assert.ok(c.runUntil(() => c.convergedLeader() !== null, timeoutMs), `no converged leader: ${c.roles()}`);
  return c.convergedLeader()!;
}

function start(o: Partial<ClusterOptions> = {}): { c: ZabCluster; leader: Sid } {
  const c = cluster(o);
  c.bootAll();
  return { c, leader: converge(c) };
}

/** Heals everything, restarts the servers that are down (but `keepDown`), waits for quiescence. */
function settle(c: ZabCluster, keepDown: Sid[] = [], timeoutMs = 90_000): void {
  c.heal();
  c.resetDisks();
  for (const n of c.nodes.values()) if (!n.up && !keepDown.includes(n.sid)) c.restart(n.sid);
  for (const cl of c.clients) cl.stopGenerating();
  const ok = c.runUntil(() => c.quiescent() && c.clients.every((cl) => !cl.busy || cl.state === 'stopped'), timeoutMs, 50);
  assert.ok(ok, `did not settle: ${c.roles()}`);
  c.runFor(300);
}

/** Settles and runs every global checker. */
function assertClean(c: ZabCluster, keepDown: Sid[] = []): void {
  settle(c, keepDown);
  const r = c.check();
  const lines = r.violations.slice(0, 8).map((v) => `  at ${v.atMs} ms [${v.property}] ${v.detail.split('\n').slice(0, 3).join('\n    ')}`);
  assert.equal(r.violations.length, 0, `global checks failed:\n${lines.join('\n')}\nfaults: ${c.faults.slice(-15).join('; ')}`);
}

function client(c: ZabCluster, server?: Sid): SimClient {
  const cl = c.addClient({ pinned: server });
  cl.start();
  return cl;
}

function op(c: ZabCluster, cl: SimClient, kind: HistoryOp['kind'], key: string, value?: string, timeoutMs = 10_000): HistoryOp {
  return c.perform(cl, { kind, key, value }, timeoutMs);
}

function mustWrite(c: ZabCluster, cl: SimClient, key: string, value: string): HistoryOp {
  const o = op(c, cl, 'set', key, value);
  assert.equal(o.outcome, 'ok', `write failed: ${describeOp(o)}; ${c.roles()}`);
  return o;
}

/** Creates /k0../k{n-1} and writes each once; returns the ops. */
function seedData(c: ZabCluster, cl: SimClient, n = 3, tag = 'v'): HistoryOp[] {
  const out: HistoryOp[] = [];
  for (let i = 0; i < n; i++) {
    const created = op(c, cl, 'create', `/k${i}`, `${tag}${i}`);
    assert.ok(created.outcome === 'ok' || created.err === Err.NODEEXISTS, describeOp(created));
    out.push(mustWrite(c, cl, `/k${i}`, `${tag}${i}'`));
  }
  return out;
}

/** Decisions (role effects carrying one) per server, with their time. */
function recordDecisions(c: ZabCluster): Array<{ atMs: number; sid: Sid; d: Decision }> {
  const out: Array<{ atMs: number; sid: Sid; d: Decision }> = [];
  c.onEffect((node, e) => {
    if (e.kind === 'role' && e.decision) out.push({ atMs: c.nowMs, sid: node.sid, d: e.decision });
  });
  return out;
}

const ALGORITHMS: ElectionAlgorithm[] = ['fast', 'basic'];

// ------------------------------------------------------------------ election

describe('ZooKeeper bugs: election', () => {
  for (const algorithm of ALGORITHMS) {
    test(`1. (${algorithm}) a leader that crashes mid-election and stays down is not re-elected (ZOOKEEPER-569, FLE checkLeader)`, () => {
      const c = cluster({ algorithm });
      const decisions = recordDecisions(c);
      // Cold start: server 3 (highest sid, equal logs) wins; it crashes the moment it decides.
      let crashedAt = -1;
      c.onEffect((node, e) => {
        if (crashedAt < 0 && node.sid === 3 && e.kind === 'role' && e.role === 'leading' && !e.serving) {
          crashedAt = c.nowMs;
          c.crash(asSid(3));
        }
      });
      c.bootAll();
      assert.ok(c.runUntil(() => crashedAt >= 0, 10_000), 'server 3 never decided to lead');
      assert.ok(c.runUntil(() => c.convergedLeader() !== null, 15_000), `survivors did not elect: ${c.roles()}`);
      assert.equal(c.convergedLeader(), 2);
      c.runFor(10_000);
      assert.equal(c.convergedLeader(), 2, 'stable afterwards');
      // A survivor may decide for 3 once on votes sent before it died; never again after that.
      for (const sid of [1, 2].map(asSid)) {
        const for3 = decisions.filter((x) => x.sid === sid && x.atMs > crashedAt && x.d.leader === 3);
        assert.ok(for3.length <= 1, `server ${sid} decided for the dead server ${for3.length} times`);
      }
      assertClean(c, [asSid(3)]);
    });

    test(`2. (${algorithm}) a server restarting into an idle, established ensemble joins as follower (ZOOKEEPER-975, 1732)`, () => {
      const { c, leader } = start({ algorithm });
      assert.equal(leader, 3);
      // Make the highest sid a follower: crash 3, let 2 lead, restart 3 while all is idle.
      c.crash(asSid(3));
      assert.equal(converge(c), 2);
      const epoch = c.node(asSid(2)).peer!.epoch;
      const decisions = recordDecisions(c);
      c.runFor(3_000);
      c.restart(asSid(3));
      assert.ok(c.runUntil(() => c.node(asSid(3)).serving, 15_000), `3 did not join: ${c.roles()}`);
      assert.equal(c.convergedLeader(), 2, 'the leader is unchanged');
      assert.equal(c.node(asSid(2)).peer!.epoch, epoch, 'no new epoch');
      assert.deepEqual(
        decisions.map((x) => `${x.sid}:${x.d.state}:${x.d.leader}`),
        ['3:following:2'],
        'only the restarted server decided, and it decided to follow',
      );
      assertClean(c);
    });

    test(`3. (${algorithm}) a joiner finds the quorum although a follower restarted between epoch acceptance and sync (ZOOKEEPER-1805/1818)`, () => {
      const { c } = start({ algorithm, servers: 5 });
      seedData(c, client(c, asSid(1)));
      // New epoch: crash the leader 5; server 1 is crashed after accepting the new epoch but
      // before NEWLEADER, so the new leader 4 establishes with 2 and 3; then 1 restarts and
      // must find that quorum (whose votes must advertise the new epoch), then 5 too.
      let trapped = false;
      c.onDeliver((link, at, p) => {
        if (!trapped && at === 'learner' && link.learner === 1 && p.type === Pkt.NEWLEADER) {
          trapped = true;
          c.crash(asSid(1));
          return 'drop';
        }
      });
      c.crash(asSid(5));
      assert.ok(c.runUntil(() => trapped, 10_000), 'server 1 never reached NEWLEADER');
      assert.ok(c.runUntil(() => c.node(asSid(4)).serving, 10_000), `4 did not establish with 2 and 3: ${c.roles()}`);
      const epoch = c.node(asSid(4)).peer!.epoch;
      assert.ok(c.node(asSid(1)).disk.state.acceptedEpoch === epoch, 'server 1 accepted the new epoch durably');
      c.runFor(1_500);
      c.restart(asSid(1));
      assert.ok(c.runUntil(() => c.node(asSid(1)).serving && c.node(asSid(1)).peer!.epoch === epoch, 15_000), `1 did not join epoch ${epoch}: ${c.roles()}`);
      c.restart(asSid(5));
      assert.ok(c.runUntil(() => c.node(asSid(5)).serving && c.node(asSid(5)).peer!.epoch === epoch, 15_000), `5 did not join epoch ${epoch}: ${c.roles()}`);
      assert.equal(c.convergedLeader(), 4);
      assertClean(c);
    });

    test(`4. (${algorithm}) old LOOKING datagrams replayed after newer ones do not roll an election back`, () => {
      const c = cluster({ algorithm });
      const captured: Array<{ from: Sid; to: Sid; bytes: Uint8Array }> = [];
      const stop = c.onDatagram((from, to, bytes) => {
        if (captured.length < 60) captured.push({ from, to, bytes: bytes.slice() });
      });
      c.bootAll();
      const leader = converge(c);
      stop();
      const epoch = c.node(leader).peer!.epoch;
      seedData(c, client(c));
      // Replay every early datagram, several times, out of order, while the ensemble runs.
      const decisions = recordDecisions(c);
      for (let round = 0; round < 3; round++) {
        for (const d of [...captured].reverse()) c.injectDatagram(d.from, d.to, d.bytes);
        c.runFor(700);
      }
      c.runFor(3_000);
      assert.equal(c.convergedLeader(), leader);
      assert.equal(c.node(leader).peer!.epoch, epoch);
      assert.deepEqual(decisions, [], 'nobody went back to an election');
      // And a real election still works afterwards (the filters did not wedge anything).
      c.crash(leader);
      assert.notEqual(converge(c), leader);
      assertClean(c);
    });
  }

  test('5. malformed and truncated election datagrams do not stop the receiver (ZOOKEEPER-3769)', () => {
    const c = cluster();
    let junk = 0;
    // Every real datagram is followed by a truncated copy, a padded copy and random bytes.
    c.onDatagram((from, to, bytes) => {
      junk += 3;
      c.injectDatagram(from, to, bytes.slice(0, junk % bytes.length));
      const longer = new Uint8Array(bytes.length + 7);
      longer.set(bytes);
      c.injectDatagram(from, to, longer);
      c.injectDatagram(from, to, Uint8Array.from({ length: junk % 97 }, (_, i) => (i * 31 + junk) & 0xff));
    });
    c.bootAll();
    const leader = converge(c);
    assert.ok(junk > 0);
    c.crash(leader);
    converge(c);
    assertClean(c, [leader]);
  });

  test('6. one unreachable peer does not delay the election among the others (ZOOKEEPER-2930)', () => {
    const elect = (dead: boolean): number => {
      const { c, leader } = start({ servers: 5 });
      if (dead) {
        const other = sids(1, 2, 3, 4).find((s) => s !== leader)!;
        c.isolate(other); // every datagram to it vanishes: no ICMP, no answer, no error
      }
      const t0 = c.nowMs;
      c.crash(leader);
      assert.ok(c.runUntil(() => c.leaders().length === 1, 20_000), `no new leader: ${c.roles()}`);
      return c.nowMs - t0;
    };
    const withDead = elect(true);
    const without = elect(false);
    // The new leader waits for the old one's followers to notice (syncLimit) either way.
    assert.ok(withDead <= without + 600, `with an unreachable peer the election took ${withDead} ms, without ${without} ms`);
  });

  test('a learner that installs a SNAP over a tree served from storage serves it from storage again, with the same watches', () => {
    const { c } = start({ storedTree: true, logRetain: 8, snapChunkBytes: 200 });
    const cl = client(c, asSid(2));
    seedData(c, cl);
    c.crash(asSid(1));
    for (let i = 0; i < 30; i++) mustWrite(c, cl, `/k${i % 3}`, `w${i}`);
    const snapsBefore = c.checker.snaps;
    c.restart(asSid(1));
    const tree = () => c.node(asSid(1)).peer!.replica.tree;
    assert.ok(tree().servedFromStorage, 'server 1 opens its tree from storage');
    assert.ok(c.runUntil(() => !tree().servedFromStorage, 15_000), 'no SNAP installed');
    const watches = tree().watches;
    assert.ok(c.runUntil(() => tree().servedFromStorage, 2_000), 'server 1 still holds the SNAP as a memory tree');
    assert.equal(tree().watches, watches, 'the watches set on the memory tree are kept');
    assert.ok(c.runUntil(() => c.node(asSid(1)).serving, 15_000), c.roles());
    assert.equal(c.checker.snaps - snapsBefore, 1, 'server 1 was synced by one SNAP');
    // Reads and writes on server 1 after the switch behave as on any server.
    const reader = client(c, asSid(1));
    const read = op(c, reader, 'syncGet', '/k1');
    assert.equal(read.outcome, 'ok', describeOp(read));
    assert.equal(read.read, 'w28');
    mustWrite(c, cl, '/k1', 'after-snap');
    assertClean(c);
    assert.ok(tree().servedFromStorage);
  });

  test('6b. (fast) after the leader crashes, the survivors decide without the finalize wait for its vote', () => {
    for (const servers of [3, 5]) {
      const { c, leader } = start({ servers });
      const decisions = recordDecisions(c);
      const t0 = c.nowMs;
      c.crash(leader);
      assert.ok(c.runUntil(() => c.leaders().length === 1 && c.convergedLeader() !== null, 20_000), `no new leader: ${c.roles()}`);
      const survivors = decisions.filter((x) => x.atMs > t0);
      assert.equal(new Set(survivors.map((x) => x.sid)).size, servers - 1, `every survivor decided once: ${survivors.map((x) => x.sid)}`);
      // The finalize wait is 200 ms; without it a decision takes the few datagram delays it needs.
      for (const x of survivors) assert.ok(x.d.elapsedMs < 200, `${servers} servers: server ${x.sid} decided after ${x.d.elapsedMs} ms`);
      assertClean(c, [leader]);
    }
  });

  for (const algorithm of ALGORITHMS) {
    test(`7. (${algorithm}) a two-server ensemble that loses one server does not elect (majority of 2 is 2)`, () => {
      const { c, leader } = start({ servers: 2, algorithm });
      seedData(c, client(c));
      const established = c.checker.establishments.length;
      c.crash(asSid(leader === 1 ? 2 : 1));
      c.runFor(30_000);
      assert.equal(c.checker.establishments.length, established, 'nobody established a leader alone');
      assert.deepEqual(c.leaders(), []);
      assertClean(c);
    });
  }
});

// ------------------------------------------------------------------ epochs

describe('ZooKeeper bugs: epoch handling', () => {
  test('8. a crash at every storage step of a sync leaves epochs a server starts from (ZOOKEEPER-1653, 2307, 4269)', () => {
    // Follower 1 rejoins behind; its disk is held so we can crash it after exactly k flushed
    // operations of its sync (acceptedEpoch, synced txns, currentEpoch, ...), for every k.
    for (let k = 0; ; k++) {
      const { c } = start();
      const cl = client(c, asSid(2));
      seedData(c, cl);
      c.crash(asSid(1));
      for (let i = 0; i < 4; i++) mustWrite(c, cl, `/k${i % 3}`, `behind${i}`);
      c.crash(asSid(3));
      c.setDisk(asSid(1), { held: true });
      c.restart(asSid(1));
      // Wait for the sync to stall on the held disk, then flush k operations, one at a time.
      const n1 = c.node(asSid(1));
      assert.ok(c.runUntil(() => n1.pendingOps() > 0, 10_000));
      let flushed = 0;
      while (flushed < k && c.runUntil(() => n1.pendingOps() > 0, 3_000)) {
        n1.flush(1);
        flushed++;
        c.runFor(2);
      }
      if (flushed < k) {
        assert.ok(k > 3, `the sync needed only ${flushed} writes`);
        return; // every crash point covered
      }
      const before = { ...n1.disk.state };
      c.crash(asSid(1));
      c.restart(asSid(1));
      assert.ok(c.node(asSid(1)).up, `server 1 did not start after a crash at step ${k}`);
      assert.ok(before.acceptedEpoch >= before.currentEpoch, `step ${k}: epochs ${before.acceptedEpoch}/${before.currentEpoch}`);
      assertClean(c);
    }
  });

  test('9. a leader crashing after persisting acceptedEpoch, before a quorum ACKEPOCH, never reuses that epoch (ZOOKEEPER-1291)', () => {
    const { c } = start();
    seedData(c, client(c, asSid(1)));
    c.crash(asSid(3)); // 2 will lead (equal logs, higher sid than 1)
    // Crash 2 once its promise of the new epoch is on disk, before anyone acknowledged it.
    let promised = -1;
    c.onEffect((node, e) => {
      if (node.sid === 2 && promised < 0 && e.kind === 'persistEpochs' && node.peer!.role === 'leading') {
        promised = e.epochs.acceptedEpoch;
        // Right after the write is issued: flushed to disk, then the process dies.
        c.world.after(0, () => c.crash(asSid(2), { flushFirst: true }));
      }
    });
    assert.ok(c.runUntil(() => promised >= 0, 10_000), 'server 2 never promised an epoch');
    assert.equal(c.node(asSid(2)).disk.state.acceptedEpoch, promised, 'the promise is durable');
    c.runFor(1_000);
    c.restart(asSid(2)); // 3 stays down: 2 (best sid among equals) wins again
    assert.equal(converge(c), 2);
    assert.ok(c.node(asSid(2)).peer!.epoch > promised, `re-elected server 2 leads epoch ${c.node(asSid(2)).peer!.epoch}, promised ${promised} before`);
    assertClean(c);
  });

  test('10. a follower ahead of the prospective leader is refused, never truncated; re-election picks it (ZOOKEEPER-1291 family)', () => {
    const { c } = start();
    const cl = client(c, asSid(3));
    seedData(c, cl);
    // The leader 3 logs proposals nobody else gets: its outgoing links are cut.
    c.cutOneWay(asSid(3), asSid(1));
    c.cutOneWay(asSid(3), asSid(2));
    const stray = c.addClient({ pinned: asSid(3) });
    stray.start();
    const lost = stray.submit({ kind: 'set', key: '/k0', value: 'only-on-3' });
    c.runFor(300);
    assert.ok(c.node(asSid(3)).storage!.lastLogged() > c.node(asSid(2)).storage!.lastLogged(), 'server 3 is ahead');
    const ahead = c.node(asSid(3)).storage!.lastLogged();
    // 1 and 2 elect 2, in the same currentEpoch as 3; hold 1's disk so 2 stays in discovery.
    c.setDisk(asSid(1), { held: true });
    c.partition([[asSid(3)], [asSid(1), asSid(2)]]);
    assert.ok(c.runUntil(() => c.node(asSid(2)).peer!.role === 'leading', 10_000));
    assert.equal(c.node(asSid(2)).peer!.epochs.currentEpoch, c.node(asSid(3)).peer!.epochs.currentEpoch);
    const truncations: string[] = [];
    c.onDeliver((link, at, p) => {
      if (at === 'learner' && link.learner === 3 && (p.type === Pkt.TRUNC || p.type === Pkt.SNAP)) {
        const leader = c.node(link.leader);
        if (leader.peer!.epochs.currentEpoch <= c.node(asSid(3)).peer!.epochs.currentEpoch) truncations.push(`${pktName(p.type)} ${hex(p.zxid)} from ${link.leader}`);
      }
    });
    let refused = '';
    c.onEffect((node, e) => {
      if (node.sid === 2 && e.kind === 'log' && /ahead of us/.test(e.message)) refused ||= e.message;
    });
    assert.ok(!c.node(asSid(2)).serving, 'server 2 is still in discovery');
    c.heal(); // 3 meets 2 while 2 is still in discovery: its ACKEPOCH shows it is ahead
    c.runFor(3_000);
    assert.match(refused, /follower 3 is ahead/, 'server 2 refused the ACKEPOCH of the server ahead of it');
    c.setDisk(asSid(1), { held: false });
    const leader = converge(c, 30_000);
    assert.deepEqual(truncations, [], 'server 3 was cut back by a leader no newer than itself');
    assert.equal(leader, 3, 'the re-election picked the server with the most history');
    assert.ok(c.node(leader).peer!.replica.lastApplied >= ahead, 'its history survived');
    void lost;
    assertClean(c);
  });
});


// ------------------------------------------------------------------ synchronization and data loss

/** A client connected to `server` before a fault, to send raw pipelined writes there later. */
function connected(c: ZabCluster, server: Sid): SimClient {
  const cl = client(c, server);
  assert.ok(c.runUntil(() => cl.connected, 10_000), `client could not connect to ${server}: ${c.roles()}`);
  return cl;
}

function rawSets(cl: SimClient, values: string[], key = '/k0'): HistoryOp {
  return cl.submit({ kind: 'raw', key, reqs: values.map((v) => ({ op: Op.setData, path: key, data: new TextEncoder().encode(v), version: -1 })) });
}

/** The zxids of a session's requests (not its createSession) in a server's durable log. */
function loggedBy(n: PeerNode, session: bigint): Zxid[] {
  return n.disk.state.log
    .filter((e) => {
      const t = decodeTxn(e.bytes);
      return t.sessionId === session && t.cxid > 0;
    })
    .map((e) => e.zxid);
}

describe('ZooKeeper bugs: synchronization and data loss', () => {
  test('11. a returning server with txns the new leader never saw is TRUNCated to the common prefix, and no further (ZOOKEEPER-1154, 1156)', () => {
    const { c } = start();
    const cl = client(c, asSid(1));
    seedData(c, cl);
    const stray = connected(c, asSid(3));
    c.cutOneWay(asSid(3), asSid(1));
    c.cutOneWay(asSid(3), asSid(2));
    rawSets(stray, ['stray1', 'stray2']);
    c.runFor(300);
    const common = sids(1, 2).map((s) => c.node(s).storage!.lastLogged()).reduce((a, b) => (a > b ? a : b));
    const strays = loggedBy(c.node(asSid(3)), stray.session!.id).filter((z) => z > common);
    assert.equal(strays.length, 2, 'server 3 logged two txns nobody else has');
    const before3 = c.node(asSid(3)).disk.state.log.filter((e) => e.zxid <= common).map((e) => e.zxid);
    c.crash(asSid(3), { flushFirst: true });
    // Heal only once 1 and 2 gave up on their links (else the stalled strays still arrive).
    assert.ok(c.runUntil(() => c.node(asSid(1)).peer!.role === 'looking' && c.node(asSid(2)).peer!.role === 'looking', 5_000));
    c.heal();
    assert.notEqual(converge(c), 3);
    for (let i = 0; i < 3; i++) mustWrite(c, cl, `/k${i}`, `epoch2-${i}`);
    const truncs: bigint[] = [];
    c.onDeliver((link, at, p) => {
      if (at === 'learner' && link.learner === 3 && p.type === Pkt.TRUNC) truncs.push(p.zxid);
    });
    c.restart(asSid(3));
    assert.ok(c.runUntil(() => c.node(asSid(3)).serving, 15_000), c.roles());
    // The strays lie inside the leader's history range: (1, n) < stray < (2, 1).
    assert.ok(strays[0]! > common && strays[0]! < makeZxid(2, 1));
    assert.deepEqual(truncs.map(hex), [hex(common)], 'one TRUNC, to the last zxid both have');
    c.runFor(500);
    const after3 = c.node(asSid(3)).disk.state.log.filter((e) => e.zxid <= common).map((e) => e.zxid);
    assert.deepEqual(after3.map(hex), before3.map(hex), 'nothing at or below the TRUNC point was cut');
    assert.deepEqual(loggedBy(c.node(asSid(3)), stray.session!.id).filter((z) => strays.includes(z)), [], 'the strays are gone');
    assertClean(c);
  });

  test('12. a quorum crash right after NEWLEADER ACKs of a DIFF sync loses nothing the new leader served (ZOOKEEPER-3911, 3023, 4646, 4785)', () => {
    const { c } = start();
    const cl = client(c, asSid(2));
    seedData(c, cl);
    const stray = connected(c, asSid(3));
    c.crash(asSid(1));
    // Leader 3 proposes txns only server 2 logs: 3's disk is held, 2's ACKs cannot reach it
    // (the link stalls in that direction: a reset would keep the proposals from 2 as well).
    c.setDisk(asSid(3), { held: true });
    c.links.timing = { ...c.links.timing, resetRate: 0 };
    c.cutOneWay(asSid(2), asSid(3));
    rawSets(stray, ['s1', 's2', 's3']);
    const session = stray.session!.id;
    assert.ok(c.runUntil(() => loggedBy(c.node(asSid(2)), session).length === 3, 5_000), 'server 2 holds the three txns on disk');
    c.crash(asSid(3)); // its copies were never flushed
    c.setDisk(asSid(3), { held: false });
    assert.equal(loggedBy(c.node(asSid(3)), session).length, 0);
    c.heal();
    // 1 returns; 2 (the only holder) leads and DIFF-syncs 1. The moment 2 is established with
    // 1's NEWLEADER ACK, both crash.
    let served: Zxid[] = [];
    c.onEffect((node, e) => {
      if (node.sid === 2 && e.kind === 'role' && e.role === 'leading' && e.serving && served.length === 0) {
        served = loggedBy(node, session);
        c.crash(asSid(1));
        c.crash(asSid(2));
      }
    });
    c.restart(asSid(1));
    assert.ok(c.runUntil(() => served.length > 0, 15_000), `2 never established: ${c.roles()}`);
    assert.equal(served.length, 3);
    // Restart without the leader that served them: 1 and 3.
    c.runFor(1_000);
    c.restart(asSid(1));
    c.restart(asSid(3));
    converge(c);
    for (const sid of sids(1, 3)) {
      const p = c.node(sid).peer!;
      assert.ok(p.replica.lastApplied >= served[2]!, `server ${sid} applied only up to ${hex(p.replica.lastApplied)}`);
    }
    for (const z of served) assert.equal(c.checker.committed.get(z)?.txn.sessionId, session, `the txn at ${hex(z)} is the one the leader served`);
    assertClean(c, [asSid(2)]);
  });

  test('13. a follower never has a durable currentEpoch claiming a history it lacks, at any crash point of its sync (ZOOKEEPER-4643)', () => {
    const { c } = start();
    const cl = client(c, asSid(2));
    seedData(c, cl);
    c.crash(asSid(1));
    for (let i = 0; i < 5; i++) mustWrite(c, cl, `/k${i % 3}`, `missed${i}`);
    c.crash(asSid(3)); // so that 1 returns into a new epoch, led by 2
    // Record what the leader sends server 1 in its sync, before NEWLEADER.
    const synced: bigint[] = [];
    let newEpoch = -1;
    c.onDeliver((link, at, p) => {
      if (at !== 'learner' || link.learner !== 1 || newEpoch >= 0) return;
      if (p.type === Pkt.PROPOSAL) synced.push(p.txn.zxid);
      if (p.type === Pkt.NEWLEADER) {
        newEpoch = p.epoch;
        c.setDisk(asSid(1), { held: true }); // from here on we flush its writes one by one
      }
    });
    const n1 = c.node(asSid(1));
    c.restart(asSid(1));
    assert.ok(c.runUntil(() => newEpoch >= 0 && n1.pendingOps() > 0, 10_000), c.roles());
    assert.ok(synced.length >= 5, `DIFF carried ${synced.length} txns`);
    let steps = 0;
    for (;;) {
      const s = n1.disk.state;
      if (s.currentEpoch === newEpoch) {
        const missing = synced.filter((z) => !s.log.some((e) => e.zxid === z) && s.lastApplied < z);
        assert.deepEqual(missing.map(hex), [], `after ${steps} flushes currentEpoch ${newEpoch} is durable but synced txns are not`);
        break;
      }
      assert.ok(c.runUntil(() => n1.pendingOps() > 0, 3_000), `sync stalled after ${steps} flushes`);
      n1.flush(1);
      steps++;
      c.runFor(2);
    }
    assert.ok(newEpoch > 1);
    // Crash right there, and come back.
    c.crash(asSid(1));
    c.restart(asSid(1));
    assertClean(c);
  });

  test('14. a follower that ACKs proposals before its NEWLEADER ACK neither makes the leader step down nor miscounts (ZOOKEEPER-4685)', () => {
    const { c, leader } = start();
    assert.equal(leader, 3);
    const cl = connected(c, asSid(3));
    seedData(c, cl);
    c.crash(asSid(1));
    c.setDisk(asSid(2), { held: true }); // 3's proposals stay uncommitted: only 3 has them on disk
    const w = rawSets(cl, ['p1', 'p2', 'p3']);
    c.runFor(500);
    assert.equal(w.outcome, 'pending');
    const acks: string[] = [];
    c.onDeliver((link, at, p) => {
      if (at === 'leader' && link.learner === 1 && p.type === Pkt.ACK) acks.push(counterOf(p.zxid) === 0 ? 'NEWLEADER' : 'proposal');
    });
    const stepDowns: string[] = [];
    c.onEffect((node, e) => {
      if (node.sid === 3 && e.kind === 'role' && e.role !== 'leading') stepDowns.push(e.role);
    });
    c.restart(asSid(1));
    assert.ok(c.runUntil(() => w.outcome !== 'pending', 10_000), `the writes were not committed with 1's ACKs: ${c.roles()}`);
    assert.equal(w.outcome, 'ok');
    assert.deepEqual(w.replies!.map((r) => r.err), [0, 0, 0]);
    assert.ok(acks.indexOf('proposal') >= 0 && acks.indexOf('proposal') < acks.indexOf('NEWLEADER'), `ACK order from 1: ${acks.join(',')}`);
    assert.deepEqual(stepDowns, [], 'the leader stayed');
    // 2's disk was held all along: the commits rest on 3 and 1 alone (Z2 checks it at each apply).
    assertClean(c);
  });

  test('15. leader crash after SNAP, before NEWLEADER, then DIFF from a new leader, then a restart: no loss (ZOOKEEPER-3642)', () => {
    // Where the leader dies: before the 2nd chunk (a partial snapshot in the learner's memory),
    // before SNAP_END (every chunk but no end), or after SNAP_END, before NEWLEADER (the
    // learner installed the snapshot, no epoch follows).
    for (const at of ['mid-snapshot', 'before SNAP_END', 'before NEWLEADER'] as const) {
      const { c } = start({ logRetain: 8, snapChunkBytes: 200 });
      const cl = client(c, asSid(2));
      seedData(c, cl);
      c.crash(asSid(1));
      for (let i = 0; i < 30; i++) mustWrite(c, cl, `/k${i % 3}`, `w${i}`);
      assert.ok((c.node(asSid(3)).storage!.firstLogged() ?? 0n) > c.node(asSid(1)).disk.state.lastApplied + 1n, 'the leader purged what 1 would need for a DIFF');
      let trapped = false;
      c.onSnapshotChunk((node, link, index, total) => {
        if (trapped || link.learner !== 1) return;
        if ((at === 'mid-snapshot' && index === 1) || (at === 'before SNAP_END' && index === total)) {
          trapped = true;
          c.crash(node.sid);
        }
      });
      c.onDeliver((link, to, p) => {
        // NEWLEADER leaves in the same turn as SNAP_END: "died in between" is dropping it, the
        // last packet, and killing the sender.
        if (at === 'before NEWLEADER' && !trapped && to === 'learner' && link.learner === 1 && p.type === Pkt.NEWLEADER) {
          trapped = true;
          c.crash(link.leader);
          return 'drop';
        }
      });
      const snapsBefore = c.checker.snaps;
      c.restart(asSid(1));
      assert.ok(c.runUntil(() => trapped, 10_000), `${at}: the trap never fired`);
      assert.equal(c.checker.snaps - snapsBefore, at === 'before NEWLEADER' ? 1 : 0, `${at}: snapshot installs`);
      // 2 leads now and syncs 1; then 1 restarts from whatever it made durable.
      assert.ok(c.runUntil(() => c.node(asSid(1)).serving && c.node(asSid(2)).serving, 15_000), c.roles());
      c.crash(asSid(1));
      c.runFor(1_000);
      c.restart(asSid(1));
      for (let i = 0; i < 3; i++) mustWrite(c, cl, `/k${i}`, `after-${i}`);
      assertClean(c);
    }
  });

  test('16. a leader back in LOOKING with logged, uncommitted proposals: re-synced they vanish everywhere, re-elected they commit everywhere (ZOOKEEPER-2845)', () => {
    for (const variant of ['re-synced', 're-elected'] as const) {
      const { c } = start();
      seedData(c, client(c, asSid(1)));
      const stray = connected(c, asSid(3));
      c.cutOneWay(asSid(3), asSid(1));
      c.cutOneWay(asSid(3), asSid(2));
      const w = rawSets(stray, ['uncommitted']);
      c.runFor(200);
      const [z] = loggedBy(c.node(asSid(3)), stray.session!.id).slice(-1);
      assert.ok(z !== undefined, 'the leader logged it');
      if (variant === 're-elected') c.partition([[asSid(1)], [asSid(2)], [asSid(3)]]); // nobody elects while 3 steps down
      assert.ok(c.runUntil(() => c.node(asSid(3)).peer!.role === 'looking', 5_000), 'the leader lost its quorum');
      if (variant === 're-synced') {
        assert.ok(c.runUntil(() => c.leaders().length === 1 && c.node(asSid(1)).serving && c.node(asSid(2)).serving, 10_000), c.roles());
      }
      c.heal();
      const leader = converge(c, 30_000);
      assert.equal(leader === 3, variant === 're-elected');
      const applied = [...c.checker.committed.values()].some((t) => t.txn.sessionId === stray.session!.id && t.zxid === z);
      assert.equal(applied, variant === 're-elected', `the uncommitted txn ${variant === 're-elected' ? 'commits' : 'vanishes'}`);
      for (const n of c.nodes.values()) {
        assert.equal(loggedBy(n, stray.session!.id).includes(z), variant === 're-elected' || n.peer!.replica.lastApplied < z ? variant === 're-elected' : false, `server ${n.sid}'s log`);
      }
      void w;
      assertClean(c);
    }
  });

  test('17. a stale follower that rejoined (by SNAP) and then leads syncs another stale server without holes (ZOOKEEPER-4925)', () => {
    for (const aBehindSnapshot of [true, false]) {
      const { c } = start({ logRetain: 8, snapChunkBytes: 300 });
      const cl = client(c, asSid(3));
      seedData(c, cl);
      c.crash(asSid(2)); // B misses W1
      for (let i = 0; i < 20; i++) mustWrite(c, cl, `/k${i % 3}`, `W1-${i}`);
      if (aBehindSnapshot) c.crash(asSid(1)); // A misses everything from here
      c.restart(asSid(2)); // B rejoins from a SNAP: its log now starts after the snapshot
      assert.ok(c.runUntil(() => c.node(asSid(2)).serving, 15_000), c.roles());
      assert.ok(c.checker.snaps > 0, 'B got a SNAP');
      for (let i = 0; i < 6; i++) mustWrite(c, cl, `/k${i % 3}`, `W2a-${i}`);
      if (!aBehindSnapshot) c.crash(asSid(1)); // A saw W2a: its point is inside B's log
      if (aBehindSnapshot) c.restart(asSid(1));
      for (let i = 0; i < 6; i++) mustWrite(c, cl, `/k${i % 3}`, `W2b-${i}`);
      if (aBehindSnapshot) c.crash(asSid(1));
      c.crash(asSid(3)); // C leaves; A returns; B (most history) leads and syncs A
      c.restart(asSid(1));
      assert.equal(converge(c), 2);
      assertClean(c, [asSid(3)]);
    }
  });

  test('18. a lagging server joins after the quorum restarted and moved on (ZOOKEEPER-1319)', () => {
    const c = cluster();
    c.boot(asSid(1));
    c.boot(asSid(2));
    converge(c);
    const cl = client(c, asSid(1));
    seedData(c, cl);
    c.crash(asSid(1), { flushFirst: true });
    c.crash(asSid(2), { flushFirst: true });
    c.restart(asSid(1));
    c.restart(asSid(2));
    converge(c);
    for (let i = 0; i < 3; i++) mustWrite(c, cl, `/k${i}`, `second-epoch-${i}`);
    c.boot(asSid(3));
    assert.ok(c.runUntil(() => c.node(asSid(3)).serving, 15_000), c.roles());
    assertClean(c);
  });

  test('19. a server joining during broadcast gets every proposal and commit between its sync point and the live stream (startForwarding)', () => {
    for (let k = 0; k < 12; k++) {
      const c = cluster({ seed: 100 + k });
      c.links.timing = { ...c.links.timing, delayMinMs: 5, delayMaxMs: 40 };
      c.boot(asSid(1));
      c.boot(asSid(2));
      converge(c);
      for (let i = 0; i < 4; i++) c.addClient({ auto: true, thinkMinMs: 1, thinkMaxMs: 10 }).start(i);
      c.runFor(1_000 + 37 * k);
      c.boot(asSid(3)); // joins while proposals are in flight
      assert.ok(c.runUntil(() => c.node(asSid(3)).serving, 10_000), c.roles());
      c.runFor(1_500);
      assertClean(c);
    }
  });

  test('20. an ACK leaves only after the flush; a crash losing unflushed writes never loses an acknowledged one (the lmdb `flushed` trap)', () => {
    for (const everyone of [false, true]) {
      const { c, leader } = start();
      const cl = connected(c, leader);
      seedData(c, cl);
      const followers = sids(1, 2, 3).filter((s) => s !== leader);
      for (const f of followers) c.setDisk(f, { held: true });
      if (everyone) c.setDisk(leader, { held: true });
      const w = rawSets(cl, ['unflushed']);
      c.runFor(1_000);
      assert.equal(w.outcome, 'pending', 'not acknowledged while no follower has it on disk');
      for (const f of followers) c.crash(f);
      if (everyone) c.crash(leader);
      c.runFor(1_500);
      assertClean(c);
      const found = [...c.checker.committed.values()].some((t) => t.txn.sessionId === cl.session?.id && decodeTxnPath(t.txn) === '/k0' && t.txn.body.type === TxnType.setData && new TextDecoder().decode((t.txn.body as { data: Uint8Array }).data) === 'unflushed');
      // With the leader's copy durable it survives (committed by the next epoch); without any
      // durable copy it is gone, and it was never acknowledged.
      assert.equal(found, !everyone);
      assert.notEqual(w.outcome, 'ok');
    }
  });
});

function decodeTxnPath(t: { body: { type: number } }): string | undefined {
  const b = t.body as { path?: string };
  return b.path;
}


// ------------------------------------------------------------------ broadcast, liveness, rollover

describe('ZooKeeper bugs: broadcast, liveness, rollover', () => {
  test('21. ACKs arriving out of order (a quorum for n+1 before n) still commit n, then n+1', () => {
    const { c, leader } = start();
    assert.equal(leader, 3);
    const cl = connected(c, asSid(3));
    seedData(c, cl);
    c.crash(asSid(2));
    c.setDisk(asSid(3), { held: true }); // the leader's own ACKs come late
    // Server 1's ACK for the first of the two proposals is held back and arrives last. (Its ACK
    // for the last txn of seedData may still be on the way: n is above what 3 committed.) ACKs
    // are cumulative, one per flush of 1's log: the second PROPOSAL reaches 1 a little later, so
    // that n and n+1 are flushed, and acknowledged, apart.
    const before = c.node(asSid(3)).peer!.leader!.committedZxid;
    let first: bigint | null = null;
    let firstProposal: bigint | null = null;
    let heldAck = -1;
    c.onDeliver((link, at, p) => {
      if (at === 'learner' && link.learner === 1 && p.type === Pkt.PROPOSAL && p.txn.zxid > before) {
        firstProposal ??= p.txn.zxid;
        if (p.txn.zxid > firstProposal) return { delayMs: 50 };
      }
      if (at === 'leader' && link.learner === 1 && p.type === Pkt.ACK && counterOf(p.zxid) > 0 && p.zxid > before) {
        first ??= p.zxid;
        if (p.zxid === first) return { delayMs: 600 };
      }
    });
    const commits: Array<{ atMs: number; zxid: Zxid }> = [];
    c.onEffect((node, e) => {
      if (node.sid === 3 && e.kind === 'store') commits.push({ atMs: c.nowMs, zxid: e.batch.lastApplied });
    });
    const w = rawSets(cl, ['n', 'n+1']);
    c.runFor(300); // 1 has acked n+1 (its ACK for n is held back); 3 has acked neither
    c.setDisk(asSid(3), { held: false }); // now n has {3} and n+1 has {1, 3}: a quorum for n+1 only
    assert.ok(c.runUntil(() => w.outcome !== 'pending', 5_000));
    heldAck = commits.findIndex((x) => x.zxid > first!);
    assert.ok(first !== null && heldAck >= 0);
    assert.ok(commits[heldAck]!.atMs >= commits[0]!.atMs, 'n+1 was not applied before n');
    assert.deepEqual(w.replies!.map((r) => hex(r.zxid)), [hex(first!), hex(first! + 1n)], 'replies in order, n first');
    assertClean(c);
  });

  test('22. a leader cut off from the quorum but not from its clients steps down within ~syncLimit and acknowledges nothing after (ZOOKEEPER-22-style)', () => {
    const { c, leader } = start();
    const cl = c.addClient({ pinned: leader, opTimeoutMs: 10_000 });
    cl.start();
    seedData(c, cl);
    const t0 = c.nowMs;
    c.isolate(leader); // clients still reach it
    const after: HistoryOp[] = [];
    for (let i = 0; i < 5; i++) after.push(cl.submit({ kind: 'set', key: '/k0', value: `after-cut-${i}` }));
    assert.ok(c.runUntil(() => c.node(leader).peer!.role !== 'leading', 3 * SYNC_LIMIT_MS), 'the isolated leader did not step down');
    const tookMs = c.nowMs - t0;
    assert.ok(tookMs <= SYNC_LIMIT_MS + 2 * TICK, `stepped down after ${tookMs} ms (syncLimit ${SYNC_LIMIT_MS} ms)`);
    c.runFor(3_000);
    for (const o of after) assert.notEqual(o.outcome, 'ok', `acknowledged after losing the quorum: ${describeOp(o)}`);
    assertClean(c);
  });

  test('23a. a follower silent for more than syncLimit ticks is dropped by the leader', () => {
    const { c, leader } = start();
    const f = asSid(leader === 1 ? 2 : 1);
    c.links.timing = { ...c.links.timing, resetRate: 0 }; // the link stalls, it does not break
    let dropped = -1;
    c.onEffect((node, e) => {
      if (node.sid === leader && e.kind === 'log' && new RegExp(`dropping learner ${f}: silent`).test(e.message) && dropped < 0) dropped = c.nowMs;
    });
    const t0 = c.nowMs;
    c.cutOneWay(f, leader);
    assert.ok(c.runUntil(() => dropped >= 0, 3 * SYNC_LIMIT_MS), 'not dropped');
    assert.ok(dropped - t0 <= SYNC_LIMIT_MS + 2 * TICK, `dropped after ${dropped - t0} ms`);
    assertClean(c);
  });

  test('23b. a follower whose disk acknowledges too late is dropped by the ack-latency check (syncLimitCheck)', () => {
    const { c, leader } = start();
    const cl = connected(c, leader);
    seedData(c, cl);
    const f = asSid(leader === 1 ? 2 : 1);
    c.setDisk(f, { latencyMinMs: 4 * SYNC_LIMIT_MS, latencyMaxMs: 4 * SYNC_LIMIT_MS });
    let dropped = '';
    c.onEffect((node, e) => {
      if (node.sid === leader && e.kind === 'closeLearner' && !dropped) dropped = e.reason;
    });
    const t0 = c.nowMs;
    for (let i = 0; i < 3; i++) mustWrite(c, cl, '/k1', `slow-${i}`); // commits with the other follower
    assert.ok(c.runUntil(() => dropped !== '', 3 * SYNC_LIMIT_MS), `the slow follower ${f} was never dropped (it still answers pings)`);
    assert.ok(c.nowMs - t0 <= 2 * SYNC_LIMIT_MS + 2 * TICK, `dropped after ${c.nowMs - t0} ms: ${dropped}`);
    assertClean(c);
  });

  test('24. zxid counter exhaustion forces a new epoch; no zxid is reused (ZOOKEEPER-1277)', () => {
    const { c, leader } = start();
    const cl = connected(c, leader);
    seedData(c, cl);
    // As if 0xfffffff0 proposals had been made in this epoch: move the leader's counter there.
    const core = c.node(leader).peer!.leader! as unknown as { lastProposed: bigint; newEpoch: number };
    const epoch = core.newEpoch;
    core.lastProposed = makeZxid(epoch, 0xfffffff0);
    // The followers, too: they refuse a gap in the proposal stream (and assert that their log has none).
    for (const n of c.nodes.values()) {
      if (n.sid === leader) continue;
      const learner = n.peer!.learner as unknown as { lastLogged: bigint; logEnd: bigint };
      learner.lastLogged = learner.logEnd = makeZxid(epoch, 0xfffffff0);
    }
    const ops: HistoryOp[] = [];
    for (let i = 0; i < 20 && c.node(leader).peer!.epoch === epoch; i++) ops.push(op(c, cl, 'set', '/k2', `near-limit-${i}`));
    const counters = [...c.checker.committed.keys()].filter((z) => epochOf(z) === epoch).map(counterOf);
    assert.equal(Math.max(...counters), 0xfffffffe, 'the last counter used is 0xfffffffe');
    const next = converge(c);
    assert.ok(c.node(next).peer!.epoch > epoch, 'a new epoch started');
    mustWrite(c, client(c), '/k2', 'after-rollover');
    assert.ok([...c.checker.committed.keys()].some((z) => epochOf(z) > epoch && counterOf(z) === 1));
    assertClean(c);
  });

  test('25. sync + read across a leader change: a deposed leader cannot confirm a sync (quorum sync, our stronger guarantee; ZOOKEEPER-1675)', () => {
    // 5 servers: the old leader keeps one follower on its side of the partition.
    const { c, leader } = start({ servers: 5 });
    const side = [leader, asSid(leader === 1 ? 2 : 1)];
    const rest = sids(1, 2, 3, 4, 5).filter((s) => !side.includes(s));
    const writer = connected(c, rest[0]!);
    seedData(c, writer);
    const reader = c.addClient({ pinned: side[1], opTimeoutMs: 10_000 });
    reader.start();
    assert.ok(c.runUntil(() => reader.connected));
    c.partition([side, rest]);
    // At once, while the old leader still believes it leads, a sync+read on its side...
    const r = reader.submit({ kind: 'syncGet', key: '/k0' });
    // ...and meanwhile the majority elects and commits a new value.
    assert.ok(c.runUntil(() => rest.some((s) => c.node(s).serving && c.node(s).peer!.role === 'leading'), 15_000), c.roles());
    const w = op(c, writer, 'set', '/k0', 'new-leader-value', 15_000);
    assert.equal(w.outcome, 'ok', c.roles());
    assert.ok(c.runUntil(() => r.outcome !== 'pending', 15_000));
    // The deposed side cannot confirm the sync (no quorum answers its pings): the read never
    // completes there with the old value once the new one is committed.
    assert.notEqual(r.outcome, 'ok', `the deposed side answered a sync+read: ${describeOp(r)}`);
    const after = op(c, writer, 'syncGet', '/k0');
    assert.equal(after.read, 'new-leader-value');
    assertClean(c); // R1 checks every sync+read of the history against real time
  });
});

// ------------------------------------------------------------------ sessions and ephemerals

const EPHEMERAL = 1;
const enc = (s: string) => new TextEncoder().encode(s);

function ephemeral(path: string) {
  return { op: Op.create, path, data: enc('e'), acl: OPEN_ACL_UNSAFE, flags: EPHEMERAL, ttl: -1n } as const;
}

function raw(c: ZabCluster, cl: SimClient, reqs: Parameters<SimClient['submit']>[0]['reqs'], timeoutMs = 10_000): HistoryOp {
  return c.perform(cl, { kind: 'raw', key: '/', reqs }, timeoutMs);
}

function ephemeralsEverywhere(c: ZabCluster): string[] {
  const out: string[] = [];
  for (const n of c.nodes.values()) {
    if (!n.up) continue;
    for (const [path, z] of n.peer!.replica.tree.entries()) if (z.ephemeralOwner !== 0n) out.push(`${n.sid}:${path}`);
  }
  return out;
}

describe('ZooKeeper bugs: sessions and ephemerals', () => {
  test('26. an ephemeral create racing with its session closing or expiring never outlives the session (ZOOKEEPER-1208)', () => {
    const { c, leader } = start();
    const follower = asSid(leader === 1 ? 2 : 1);
    // (a) create and closeSession pipelined: the close must take the in-flight create along.
    const a = connected(c, follower);
    const r = raw(c, a, [ephemeral('/ea1'), ephemeral('/ea2'), { op: Op.closeSession }]);
    assert.equal(r.replies!.length, 3, describeOp(r));
    // (b) the session expires at the leader while a create from a follower is still in flight.
    const b = c.addClient({ pinned: follower, sessionTimeoutMs: 2 * TICK });
    b.start();
    assert.ok(c.runUntil(() => b.connected));
    c.links.timing = { ...c.links.timing, resetRate: 0 };
    c.cutOneWay(follower, leader); // the follower's forwards and touches stall...
    b.submit({ kind: 'raw', key: '/', reqs: [ephemeral('/eb')] });
    c.runFor(20);
    b.halt();
    c.runFor(5 * TICK); // ...past the session's expiry, but not past syncLimit
    c.heal();
    c.runFor(3_000);
    assert.deepEqual(ephemeralsEverywhere(c), [], 'no ephemeral outlived its session');
    assertClean(c); // P7: every ephemeral belongs to a live session, on every server
  });

  test('27. a follower crashing while it receives a closeSession proposal, then resyncing, drops the ephemerals too (ZOOKEEPER-2355)', () => {
    const { c, leader } = start();
    const victim = asSid(leader === 1 ? 2 : 1);
    const other = sids(1, 2, 3).find((s) => s !== leader && s !== victim)!;
    const cl = connected(c, other);
    raw(c, cl, [ephemeral('/e1'), ephemeral('/e2')]);
    let trapped = false;
    c.onDeliver((link, at, p) => {
      if (!trapped && at === 'learner' && link.learner === victim && p.type === Pkt.PROPOSAL && p.txn.body.type === TxnType.closeSession) {
        trapped = true;
        c.crash(victim);
        return 'drop';
      }
    });
    raw(c, cl, [{ op: Op.closeSession }]);
    assert.ok(trapped);
    c.runFor(1_000);
    c.restart(victim);
    assert.ok(c.runUntil(() => c.node(victim).serving, 10_000));
    assert.deepEqual(ephemeralsEverywhere(c), []);
    assertClean(c);
  });

  test('28. after a full restart with live ephemerals and no client coming back, sessions expire and ephemerals vanish (ZOOKEEPER-1367)', () => {
    const { c } = start();
    const cl = c.addClient({ sessionTimeoutMs: 4 * TICK });
    cl.start();
    raw(c, cl, [ephemeral('/gone1'), ephemeral('/gone2')]);
    cl.halt();
    for (const sid of sids(1, 2, 3)) c.crash(sid, { flushFirst: true });
    c.runFor(1_000);
    for (const sid of sids(1, 2, 3)) c.restart(sid);
    converge(c);
    c.runFor(20 * TICK);
    assert.deepEqual(ephemeralsEverywhere(c), []);
    for (const n of c.nodes.values()) assert.equal([...n.peer!.replica.sessions.all()].length, 0, `server ${n.sid} still has sessions`);
    assertClean(c);
  });

  test('28b. a closeSession its leader proposed but never committed does not leave the session closing for good (fault bench F4)', () => {
    // The leader expires a session, proposes closeSession, and loses its quorum before the
    // proposal reaches anyone; it later follows another leader, then leads again. The close was
    // never committed: the session is alive in the committed state, so the new leadership must
    // expire it again. Before the fix the old leader kept the session marked "closing", skipped it
    // at every expiry and refused to resume it: its ephemeral outlived it for good.
    const { c, leader } = start();
    assert.equal(leader, 3, 'the scenario needs the highest server id to lead first (it wins the later tie)');
    const cl = c.addClient({ pinned: asSid(1), sessionTimeoutMs: 15 * TICK });
    cl.start();
    raw(c, cl, [ephemeral('/orphan')]);
    const session = cl.session!.id;
    cl.halt();
    // Isolate the leader just before the session's deadline: it expires the session while it
    // still leads, and the closeSession proposal reaches no one.
    c.runFor(15 * TICK - 2 * TICK);
    c.isolate(asSid(3));
    assert.ok(c.runUntil(() => c.node(asSid(3)).peer!.replica.sessions.get(session)?.closing === true, 5_000), 'the isolated leader did not expire the session');
    // 1 and 2 elect a new leader (which gives the session a fresh deadline); 3 rejoins it.
    assert.ok(c.runUntil(() => { const l = c.leaders(); return l.length === 1 && l[0] !== 3 && c.node(l[0]!).serving; }, 20_000), c.roles());
    const second = c.leaders()[0]!;
    c.heal();
    assert.ok(c.runUntil(() => c.node(asSid(3)).serving, 10_000), `server 3 did not rejoin: ${c.roles()}`);
    assert.ok(c.node(second).peer!.replica.sessions.isActive(session), 'the new leader closed the session already: the scenario tests nothing');
    // The new leader dies before the session's fresh deadline: 3 leads again.
    c.crash(second);
    assert.ok(c.runUntil(() => { const l = c.leaders(); return l.length === 1 && l[0] === 3 && c.node(asSid(3)).serving; }, 20_000), c.roles());
    c.runFor(40 * TICK); // well past the session's deadline under the new leadership
    c.restart(second);
    c.runFor(20 * TICK);
    assert.deepEqual(ephemeralsEverywhere(c), [], 'an ephemeral outlived its session');
    for (const n of c.nodes.values()) assert.equal(n.peer!.replica.sessions.get(session), undefined, `server ${n.sid} still has the session`);
    assertClean(c);
  });

  test('29a. PING-relayed touches keep a session alive while its client talks only to a follower', () => {
    const { c, leader } = start();
    const follower = asSid(leader === 1 ? 2 : 1);
    const cl = c.addClient({ pinned: follower, sessionTimeoutMs: 4 * TICK });
    cl.start();
    op(c, cl, 'create', '/k0', 'x');
    const session = cl.session!.id;
    for (let i = 0; i < 40; i++) {
      const r = op(c, cl, 'get', '/k0');
      assert.equal(r.outcome, 'ok');
      c.runFor(TICK / 2);
    }
    assert.equal(cl.session!.id, session, 'same session');
    assert.equal(cl.expiredSessions, 0);
    assert.ok(c.node(leader).peer!.replica.sessions.isActive(session), 'the leader still has the session');
    assertClean(c);
  });

  test('29b. a request left on the old connection when the client moves must not run after the moved session\'s later requests (SessionMoved)', () => {
    const { c, leader } = start();
    const [a, b] = sids(1, 2, 3).filter((s) => s !== leader);
    const cl = c.addClient({ pinned: a, opTimeoutMs: 300 });
    cl.start();
    seedData(c, cl);
    c.links.timing = { ...c.links.timing, resetRate: 0 };
    c.cutOneWay(a!, leader); // a's forwards stall (less than syncLimit: a stays a follower)
    const stale = cl.submit({ kind: 'set', key: '/k0', value: 'old-connection' });
    assert.ok(c.runUntil(() => stale.outcome !== 'pending', 2_000));
    assert.equal(stale.outcome, 'info');
    cl.pinned = b; // the client moves on, resuming its session elsewhere
    const moved = op(c, cl, 'set', '/k0', 'moved');
    assert.equal(moved.outcome, 'ok', describeOp(moved));
    c.runFor(SYNC_LIMIT_MS - 600);
    c.heal(); // the stale request finally reaches the leader
    c.runFor(2_000);
    const r = op(c, cl, 'syncGet', '/k0');
    assert.equal(r.read, 'moved', 'the old connection\'s request ran after the newer one');
    assertClean(c); // S1: per session, txns commit in xid order
  });

  test('30. sessions, closes and multi-ops applied during snapshots and restores come back identical (ZOOKEEPER-3144, 3127, 1046)', () => {
    const { c } = start({ logRetain: 8, snapChunkBytes: 200 });
    const clients: SimClient[] = [];
    for (let i = 0; i < 3; i++) clients.push(connected(c, asSid(1 + i)));
    const multi = (i: number): Request => ({
      op: Op.multi,
      ops: [
        { op: Op.create, path: `/m${i}`, data: enc(`m${i}`), acl: OPEN_ACL_UNSAFE, flags: 2 /* sequential */, ttl: -1n } as const,
        { op: Op.create, path: `/m${i}x`, data: enc('x'), acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n },
        { op: Op.setData, path: `/m${i}x`, data: enc('y'), version: 0 },
      ],
    });
    for (let round = 0; round < 6; round++) {
      const victim = asSid(1 + (round % 3));
      for (const [i, cl] of clients.entries()) cl.submit({ kind: 'raw', key: '/', reqs: [multi(round * 3 + i), ephemeral(`/eph${round}-${i}`)] });
      const extra = c.addClient({});
      extra.start();
      extra.submit({ kind: 'raw', key: '/', reqs: [ephemeral(`/short${round}`), { op: Op.closeSession }] });
      c.runFor(150);
      c.crash(victim, { flushFirst: round % 2 === 0 });
      c.runFor(1_100);
      c.restart(victim);
      c.runFor(1_500);
    }
    assertClean(c); // final agreement compares every znode field and the session tables
  });
});

// ------------------------------------------------------------------ storage

/** Whether zxid b can directly follow a in a log: the next counter, or the first of a later epoch. */
function follows(a: Zxid, b: Zxid): boolean {
  return (epochOf(b) === epochOf(a) && b === a + 1n) || (epochOf(b) > epochOf(a) && counterOf(b) === 1);
}

/** Durable state a server can start from: the log after lastApplied continues it without a gap. */
function assertStartable(n: PeerNode, when: string): void {
  const s = n.disk.state;
  assert.ok(s.acceptedEpoch >= s.currentEpoch, `${when}: epochs ${s.acceptedEpoch}/${s.currentEpoch}`);
  let prev = s.lastApplied;
  for (const e of s.log) {
    if (e.zxid <= s.lastApplied) continue;
    assert.ok(follows(prev, e.zxid), `${when}: server ${n.sid}'s log jumps from ${hex(prev)} to ${hex(e.zxid)} (lastApplied ${hex(s.lastApplied)})`);
    prev = e.zxid;
  }
}

describe('ZooKeeper bugs: storage', () => {
  test('31. a log that does not continue the stored state (entries missing after lastApplied) is refused at start-up (ZOOKEEPER-2325, 3056)', () => {
    const { c } = start();
    const cl = client(c, asSid(1));
    seedData(c, cl);
    for (let i = 0; i < 6; i++) mustWrite(c, cl, `/k${i % 3}`, `w${i}`);
    // Server 2 loses its applied state (an empty tree at zxid 0), keeping a log that starts
    // later: a restore from it would come up with a silently partial tree.
    c.crash(asSid(2), { flushFirst: true });
    const s = c.node(asSid(2)).disk.state;
    s.nodes.clear();
    s.sessions.clear();
    s.lastApplied = ZERO_ZXID;
    s.log.splice(0, 3);
    const refusals: string[] = [];
    const before = c.checker.violations.length;
    c.restart(asSid(2));
    for (const v of c.checker.violations.splice(before)) refusals.push(v.detail);
    assert.ok(!c.node(asSid(2)).up && refusals.length === 1, `server 2 started from a log with a hole: ${c.roles()}`);
    assert.match(refusals[0]!, /refused to start/);
  });

  test('32. a crash in the middle of writes keeps exactly the last flushed state, which the server restarts from (ZOOKEEPER-1621)', () => {
    const { c, leader } = start();
    const f = asSid(leader === 1 ? 2 : 1);
    for (let i = 0; i < 3; i++) c.addClient({ auto: true, thinkMinMs: 1, thinkMaxMs: 20 }).start(i);
    c.setDisk(f, { partialRate: 1, latencyMinMs: 5, latencyMaxMs: 40 }); // flushes cover random prefixes
    for (let k = 0; k < 12; k++) {
      c.runFor(137 + 23 * k);
      const n = c.node(f);
      const flushed = loadFromDisk(n.disk);
      const pending = n.pendingOps();
      c.crash(f);
      const after = loadFromDisk(n.disk);
      assert.deepEqual(after, flushed, `crash ${k} (${pending} writes pending): the disk is not the last flushed state`);
      assertStartable(n, `crash ${k}`);
      c.restart(f);
      assert.ok(n.up, `server ${f} did not restart after crash ${k}`);
      assert.equal(n.peer!.replica.lastApplied, flushed.lastApplied);
    }
    assertClean(c);
  });

  test('33. log purging never removes entries the stored state still needs, at any crash point (purge retention)', () => {
    const { c, leader } = start({ logRetain: 3 });
    const f = asSid(leader === 1 ? 2 : 1);
    for (let i = 0; i < 3; i++) c.addClient({ auto: true, thinkMinMs: 1, thinkMaxMs: 15 }).start(i);
    c.setDisk(f, { partialRate: 1, latencyMinMs: 3, latencyMaxMs: 30 });
    let purges = 0;
    for (let k = 0; k < 15; k++) {
      c.runFor(211 + 17 * k);
      const n = c.node(f);
      purges += n.disk.state.log.length > 0 && n.disk.state.log[0]!.zxid > 1n ? 1 : 0;
      c.crash(f);
      assertStartable(n, `crash ${k}`);
      c.restart(f);
      assert.ok(n.up);
    }
    assert.ok(purges > 0, 'the log was purged at some point');
    assertClean(c);
  });
});


// ------------------------------------------------------------------ found by the random runs

describe('regressions found by the random runs (test/sim/zab.test.ts)', () => {
  test('a new role starts from the epochs already written, not only the confirmed ones: durable currentEpoch never goes back (seed 131)', () => {
    const { c } = start();
    seedData(c, client(c, asSid(2)));
    // Server 1 syncs into epoch 2 (led by 2); its disk holds once NEWLEADER arrives, so its
    // currentEpoch write is issued but not on disk when its leader dies.
    let newEpoch = -1;
    c.onDeliver((link, at, p) => {
      if (newEpoch < 0 && at === 'learner' && link.learner === 1 && p.type === Pkt.NEWLEADER) {
        newEpoch = p.epoch;
        c.setDisk(asSid(1), { held: true });
      }
    });
    c.crash(asSid(3));
    assert.ok(c.runUntil(() => newEpoch >= 0 && c.node(asSid(1)).pendingOps() > 0, 10_000), c.roles());
    const n1 = c.node(asSid(1));
    // Flush until only the currentEpoch write is left.
    while (!(n1.peer!.epochs.currentEpoch < newEpoch && n1.pendingOps() === 1 && n1.disk.state.currentEpoch < newEpoch) && n1.pendingOps() > 0) {
      n1.flush(1);
      c.runFor(1);
    }
    assert.equal(n1.pendingOps(), 1, 'only the currentEpoch write is pending');
    c.crash(asSid(2));
    c.restart(asSid(3)); // 1 and 3 go on into epoch 3, 1 writing its acceptedEpoch behind the pending write
    assert.ok(c.runUntil(() => n1.peer!.role === 'looking', 10_000));
    assert.ok(c.runUntil(() => n1.peer!.role !== 'looking', 10_000));
    c.runFor(50);
    assert.equal(n1.disk.state.currentEpoch, 1, 'the currentEpoch write is still pending');
    c.setDisk(asSid(1), { held: false });
    converge(c);
    assertClean(c, [asSid(2)]); // P5 fails if the durable currentEpoch ever went from 2 back to 1
  });

  test('a new role starts from the log end already written: a learner never reports a shorter log than it has (seed 193)', () => {
    const { c, leader } = start();
    assert.equal(leader, 3);
    const cl = client(c, asSid(2));
    seedData(c, cl);
    c.setDisk(asSid(1), { held: true }); // 1 logs proposals that stay unflushed (2 acks them: they commit)
    for (let i = 0; i < 4; i++) mustWrite(c, cl, `/k${i % 3}`, `pending-on-1-${i}`);
    assert.ok(c.node(asSid(1)).pendingOps() >= 4);
    c.onEffect((node, e) => {
      // The moment 1 follows its new leader, its old appends may flush: they are written already.
      if (node.sid === 1 && e.kind === 'role' && e.role === 'following' && !e.serving) c.world.after(0, () => c.setDisk(asSid(1), { held: false }));
    });
    c.crash(asSid(3));
    converge(c);
    assertClean(c, [asSid(3)]); // 'storage contract' fails if the leader's DIFF overlapped 1's log
  });
});


// ------------------------------------------------------------------ issue 8

describe('issue 8: replication and storage defects found by reading the code', () => {
  /**
   * 3 leads and logs a proposal nobody else sees; cut off, it steps down; 1 and 2 move on. When
   * 3 heals it gets TRUNC, the new entries and NEWLEADER back to back: the truncation and the
   * appends are storage calls made before the disk writes any of them, and the appends must
   * survive the truncation.
   */
  function truncThenDiffInOneBurst(o: Partial<ClusterOptions> = {}): void {
    const { c } = start(o);
    seedData(c, client(c, asSid(1)));
    const stray = connected(c, asSid(3));
    c.cutOneWay(asSid(3), asSid(1));
    c.cutOneWay(asSid(3), asSid(2));
    rawSets(stray, ['uncommitted']);
    c.runFor(200);
    const [z] = loggedBy(c.node(asSid(3)), stray.session!.id).slice(-1);
    assert.ok(z !== undefined, 'the old leader logged it');
    assert.ok(c.runUntil(() => c.leaders().length === 1 && c.leaders()[0] !== 3 && c.node(asSid(1)).serving && c.node(asSid(2)).serving, 10_000), c.roles());
    const cl = client(c, asSid(1));
    for (let i = 0; i < 4; i++) mustWrite(c, cl, `/k${i % 3}`, `new-epoch-${i}`);
    let burst: { trunc: boolean; appends: number } | null = null;
    let acked = false;
    c.onEffect((node, e) => {
      if (node.sid !== 3) return;
      if (e.kind === 'truncate') burst = { trunc: true, appends: 0 };
      if (e.kind === 'persist' && burst && !acked) burst.appends += e.txns.length;
      if (e.kind === 'toLeader' && e.packet.type === Pkt.ACK && counterOf(e.packet.zxid) === 0 && burst) {
        acked = true;
        // What 3 acknowledges must be what its disk holds: the leader's history, truncated
        // below the stray txn and extended with the new epoch's entries.
        const leader = c.node(c.leaders()[0]!);
        const want = leader.disk.state.log.map((x) => x.zxid).filter((x) => x <= leader.peer!.leader!.committedZxid && x > node.disk.state.lastApplied);
        const has = node.disk.state.log.map((x) => x.zxid).filter((x) => x > node.disk.state.lastApplied);
        assert.deepEqual(has.map(hex), want.map(hex), 'server 3 acknowledged NEWLEADER with its log on disk differing from the leader\'s');
        assert.ok(!has.includes(z), 'the stray txn is gone from disk');
      }
    });
    c.heal();
    assert.ok(c.runUntil(() => acked && c.node(asSid(3)).serving, 15_000), c.roles());
    assert.ok(burst!.trunc && burst!.appends > 0, 'a TRUNC followed by entries');
    c.crash(asSid(3)); // what it acknowledged must come back
    c.restart(asSid(3));
    assertClean(c);
  }

  test('finding 1: a learner that gets TRUNC, the DIFF and NEWLEADER in one burst has all of it on disk before it acknowledges', () => {
    truncThenDiffInOneBurst();
  });

  test('finding 1: the same scenario fails on a storage that reorders as lmdb did without strictAsyncOrder (truncation after the appends called behind it)', () => {
    // The simulator's storage keeps call order, as the contract says, so the bug needs a model
    // of the broken storage to show; the scenario must see it.
    assert.throws(() => truncThenDiffInOneBurst({ storageReordersCallbacks: true }), /acknowledged NEWLEADER with its log on disk differing from the leader's/);
  });

  test('finding 2: a joiner holds its ACKs until its new currentEpoch is durable, so a committed txn cannot be truncated by a vote from an older epoch', () => {
    const { c } = start();
    const cl0 = client(c, asSid(2));
    seedData(c, cl0);
    // Server 1 misses an epoch change: its durable currentEpoch stays behind.
    c.crash(asSid(1));
    const old = c.leaders()[0];
    c.crash(old!);
    c.restart(old!);
    const leader = converge(c);
    const epoch = c.node(leader).peer!.epoch;
    const follower = sids(2, 3).find((s) => s !== leader)!;
    const cl = connected(c, leader);
    // The follower's disk holds: a new write P is durable on the leader only.
    c.setDisk(follower, { held: true });
    const w = cl.submit({ kind: 'set', key: '/k0', value: 'P' });
    c.runFor(100);
    assert.equal(w.outcome, 'pending');
    // 1 rejoins: it syncs P (uncommitted) and would count towards its quorum. Its disk holds
    // from the moment it asks for its new currentEpoch to be written.
    c.onEffect((node, e) => {
      if (node.sid === 1 && e.kind === 'persistEpochs' && e.epochs.currentEpoch === epoch) node.holdDisk();
    });
    c.restart(asSid(1));
    c.runUntil(() => w.outcome !== 'pending', 1_500);
    // Whatever happened, now the leader, 1 (losing its pending currentEpoch) and the follower
    // (losing P) crash; 1 and the follower restart: 1 votes (old epoch, P), the follower
    // (new epoch, P-1), and the follower wins.
    c.crash(leader);
    c.crash(asSid(1));
    c.crash(follower);
    c.resetDisks();
    c.restart(asSid(1));
    c.restart(follower);
    converge(c, 30_000);
    // P3 fails if P was acknowledged to the client and is now lost.
    assertClean(c, [leader]);
    assert.notEqual(w.outcome, 'ok', 'P was acknowledged although only the leader had it with a durable epoch');
  });

  test('finding 2: proposals a joiner logs while its NEWLEADER is being acknowledged are not ACKed before its new currentEpoch is durable', () => {
    const { c } = start();
    seedData(c, client(c, asSid(2)));
    // Server 1 misses an epoch change, and a write of the new epoch: its DIFF will carry it.
    c.crash(asSid(1));
    const old = c.leaders()[0];
    c.crash(old!);
    c.restart(old!);
    const leader = converge(c);
    const follower = sids(2, 3).find((s) => s !== leader)!;
    const cl = connected(c, leader);
    mustWrite(c, cl, '/k1', 'while-1-was-down');
    // From now on the follower's disk holds: a new write P can only be committed with 1's ACK.
    c.setDisk(follower, { held: true });
    // When NEWLEADER reaches 1, its disk holds too, and the client writes P: 1 logs P behind the
    // synced txns and before its new currentEpoch (which it asks for once those are durable).
    let w: HistoryOp | null = null;
    let appends = 0;
    c.onDeliver((link, at, p) => {
      if (w === null && at === 'learner' && link.learner === 1 && p.type === Pkt.NEWLEADER) {
        c.node(asSid(1)).holdDisk();
        w = cl.submit({ kind: 'set', key: '/k0', value: 'P' });
      }
    });
    c.onEffect((node, e) => {
      if (node.sid === 1 && w !== null && e.kind === 'persist') appends++;
    });
    c.restart(asSid(1));
    assert.ok(c.runUntil(() => appends >= 2, 5_000), `1 did not log the synced txns and P: ${c.roles()}`);
    // Exactly those two writes reach 1's disk; the currentEpoch asked for next stays pending.
    assert.equal(c.node(asSid(1)).flush(2), 2);
    c.runUntil(() => w!.outcome !== 'pending', 1_000);
    // The leader, 1 (losing its pending currentEpoch) and the follower (losing P) crash; 1 votes
    // (old epoch, P), the follower (new epoch, P-1), and the follower wins.
    c.crash(leader);
    c.crash(asSid(1));
    c.crash(follower);
    c.resetDisks();
    c.restart(asSid(1));
    c.restart(follower);
    converge(c, 30_000);
    // P3 fails if P was acknowledged to the client and is now lost.
    assertClean(c, [leader]);
    assert.notEqual(w!.outcome, 'ok', 'P was acknowledged although 1 had not made its new currentEpoch durable');
  });

  test('finding 3: a SNAP carries everything after its snapshot although the leader purges its log meanwhile', () => {
    // A small log retention, a slow snapshot (one record per chunk), and writes all along.
    const { c, leader } = start({ logRetain: 8, snapChunkBytes: 60 });
    const cl = client(c, leader);
    for (let i = 0; i < 200; i++) {
      const o = op(c, cl, 'create', `/n${i}`, `v${i}`);
      assert.equal(o.outcome, 'ok', describeOp(o));
    }
    const lagging = sids(1, 2, 3).find((s) => s !== leader)!;
    c.crash(lagging);
    for (let i = 0; i < 30; i++) mustWrite(c, cl, `/n${i}`, `w${i}`);
    for (let i = 0; i < 6; i++) c.addClient({ auto: true, keys: 3, thinkMinMs: 1, thinkMaxMs: 5, pinned: leader }).start(i);
    let snapshots = 0;
    c.onSnapshotChunk((_node, link, index) => {
      if (link.learner === lagging && index === 0) snapshots++;
    });
    c.restart(lagging);
    assert.ok(c.runUntil(() => c.node(lagging).serving, 20_000), c.roles());
    assert.ok(snapshots > 0, 'the lagging server got a SNAP');
    assertClean(c); // P2 fails if it applied txns after the snapshot with a hole between
  });

  test('finding 4: an old leader healing from a partition with an uncommitted proposal is TRUNCated, without a re-election', () => {
    const { c } = start();
    seedData(c, client(c, asSid(1)));
    const stray = connected(c, asSid(3));
    c.cutOneWay(asSid(3), asSid(1));
    c.cutOneWay(asSid(3), asSid(2));
    rawSets(stray, ['uncommitted']);
    c.runFor(200);
    assert.ok(loggedBy(c.node(asSid(3)), stray.session!.id).length > 0, 'the old leader logged it');
    assert.ok(c.runUntil(() => c.leaders().length === 1 && c.leaders()[0] !== 3 && c.node(asSid(1)).serving && c.node(asSid(2)).serving, 10_000), c.roles());
    const leader = c.leaders()[0];
    const epoch = c.node(leader!).peer!.epoch;
    const stepDowns: string[] = [];
    let trunc = false;
    c.onEffect((node, e) => {
      if (node.sid === leader && e.kind === 'log' && /stepping down|stepped down/.test(e.message)) stepDowns.push(e.message);
      if (node.sid === leader && e.kind === 'log' && /learner 3: TRUNC/.test(e.message)) trunc = true;
    });
    c.heal();
    assert.ok(c.runUntil(() => c.node(asSid(3)).serving, 15_000), c.roles());
    assert.deepEqual(stepDowns, [], 'the leader stayed');
    assert.ok(trunc, 'the old leader was TRUNCated');
    assert.equal(c.convergedLeader(), leader);
    assert.equal(c.node(leader!).peer!.epoch, epoch, 'no new epoch');
    assertClean(c);
  });

  test('finding 5: a server whose storage fails exits and stays down, so it cannot keep winning elections; repaired, it rejoins', () => {
    const { c, leader } = start();
    assert.equal(leader, 3);
    const cl = client(c, asSid(1));
    seedData(c, cl);
    // The leader's disk fails while it writes applied state: its log is as long as anyone's.
    let failedAt = -1;
    c.onEffect((node, e) => {
      if (failedAt < 0 && node.sid === leader && e.kind === 'store') {
        failedAt = c.nowMs;
        c.failDisk(leader);
      }
    });
    mustWrite(c, cl, '/k0', 'applied-on-a-failing-disk');
    assert.ok(failedAt >= 0);
    const ledAgain: number[] = [];
    c.onEffect((node, e) => {
      if (node.sid === leader && e.kind === 'role' && e.role === 'leading') ledAgain.push(c.nowMs);
    });
    // The others restart (a power cut): all look for a leader at once, and the failed server
    // has the best vote (an equal log, the highest id).
    c.crash(asSid(1), { flushFirst: true });
    c.crash(asSid(2), { flushFirst: true });
    c.runFor(1_000);
    c.restart(asSid(1));
    c.restart(asSid(2));
    const elected = c.runUntil(() => {
      const l = c.convergedLeader();
      return l !== null && l !== leader;
    }, 20_000);
    assert.deepEqual(ledAgain, [], 'the server with the failed storage was elected again');
    assert.ok(elected, `no leader without the failed server: ${c.roles()}`);
    assert.ok(!c.node(leader).up, 'the server with the failed storage exited');
    assert.match(c.node(leader).fatalReason ?? '', /storing applied state failed/);
    mustWrite(c, cl, '/k1', 'after-the-failure');
    // A restart on the still failing disk ends the same way; it never leads.
    c.restart(leader);
    c.runFor(5_000);
    assert.deepEqual(ledAgain, [], 'a restart on the failed disk led');
    assert.ok(!c.node(leader).serving);
    c.crash(leader);
    c.repairDisk(leader);
    c.restart(leader);
    assert.ok(c.runUntil(() => c.node(leader).serving, 15_000), c.roles());
    c.runFor(10_000); // sessions of clients that left expire now, not during the final checks
    assertClean(c);
  });

  test('finding 9: a learner whose disk hangs during its sync is dropped after initLimit, and its stream released', () => {
    const { c, leader } = start();
    seedData(c, client(c, leader));
    const joiner = sids(1, 2, 3).find((s) => s !== leader)!;
    c.crash(joiner);
    let held = false;
    c.onDeliver((link, at, p) => {
      if (!held && at === 'learner' && link.learner === joiner && p.type === Pkt.NEWLEADER) {
        held = true;
        c.node(joiner).holdDisk();
      }
    });
    let dropped = false;
    c.onEffect((node, e) => {
      if (node.sid === leader && e.kind === 'log' && new RegExp(`dropping learner ${joiner}: not synced within initLimit`).test(e.message)) dropped = true;
    });
    c.restart(joiner);
    assert.ok(c.runUntil(() => dropped, 10 * TICK * 3), `the hung learner was never dropped: ${c.roles()}`);
    assert.equal(c.node(leader).peer!.purgeFloor(), null, 'its purge floor is released');
    assert.equal(c.convergedLeader() === null || c.convergedLeader() === leader, true);
    c.node(joiner).releaseDisk();
    assertClean(c);
  });

  // docs/chaos.md, F2: a member whose disk stops completing writes, without failing them, kept
  // voting and following (and lent its vote to leaders it could never sync with) until the
  // storage's own 30 s watchdog gave up. Now the member fails once a durable write has had no
  // answer, with nothing confirmed meanwhile, for storageStallBoundMs (here 5 s: syncLimit ×
  // tickTime is 1 s, below the floor).
  const STALL_BOUND_MS = storageStallBoundMs(TICK, 5);
  for (const role of ['follower', 'leader', 'observer'] as const) {
    test(`F2 (fault bench): ${role === 'observer' ? 'an' : 'a'} ${role} whose disk silently stops completing writes exits within the bound; the others keep committing`, () => {
      const { c, leader } = start({ observers: role === 'observer' ? 1 : 0 });
      const stalled = role === 'leader' ? leader : role === 'observer' ? asSid(4) : sids(1, 2, 3).find((s) => s !== leader)!;
      const other = sids(1, 2, 3).find((s) => s !== leader && s !== stalled)!;
      const cl = client(c, other);
      seedData(c, cl);
      // From now on the disk takes writes and never completes them: no error, no answer.
      c.setDisk(stalled, { held: true });
      let firstStalledWrite = -1;
      c.onEffect((node, e) => {
        if (firstStalledWrite < 0 && node.sid === stalled && (e.kind === 'persist' || e.kind === 'persistEpochs')) firstStalledWrite = c.nowMs;
      });
      // The ensemble keeps committing while the member stalls, and after it is gone.
      let n = 0;
      const down = (): boolean => !c.node(stalled).up;
      while (!down() && n < 200) {
        // A write in flight when the member exits may end unknown (the stalled leader took it
        // and left): only that one may; the checker still judges its effect.
        const o = op(c, cl, 'set', '/k0', `during-the-stall-${n++}`);
        if (!(o.outcome === 'info' && down())) assert.equal(o.outcome, 'ok', `write failed: ${describeOp(o)}; ${c.roles()}`);
        c.runFor(100);
      }
      assert.ok(down(), `the ${role} whose disk stalled is still up after ${n} writes: ${c.roles()}`);
      const exitedAt = c.nowMs;
      assert.match(c.node(stalled).fatalReason ?? '', /^storage stalled: no answer for \d+ ms to a durable write/);
      assert.ok(firstStalledWrite >= 0, 'it never wrote');
      // It exits when the bound is up (the last write and the sim's turn add at most ~0.2 s).
      const waited = exitedAt - firstStalledWrite;
      assert.ok(waited > STALL_BOUND_MS && waited <= STALL_BOUND_MS + 400, `exited ${waited} ms after its first stalled write (bound ${STALL_BOUND_MS} ms)`);
      for (let i = 0; i < 5; i++) mustWrite(c, cl, '/k1', `after-the-exit-${i}`);
      if (role === 'leader') assert.notEqual(c.convergedLeader(), stalled);
      // A restart on a working disk rejoins (settle resets the disks and restarts it).
      assertClean(c);
      assert.ok(c.node(stalled).up);
    });
  }

  test('F2 (fault bench): a slow disk that completes its writes (each flush 4 s late, under the bound) is no stall: the member stays up', () => {
    const { c, leader } = start();
    const slow = sids(1, 2, 3).find((s) => s !== leader)!;
    const cl = client(c, leader);
    seedData(c, cl);
    c.setDisk(slow, { latencyMinMs: 4000, latencyMaxMs: 4000 });
    const until = c.nowMs + 6 * STALL_BOUND_MS;
    for (let i = 0; c.nowMs < until; i++) {
      mustWrite(c, cl, '/k0', `slow-${i}`);
      c.runFor(300);
    }
    assert.ok(c.node(slow).up, `the member with a slow disk exited: ${c.node(slow).fatalReason}`);
    assertClean(c);
  });
});
