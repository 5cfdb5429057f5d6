/**
 * Sessions and client answers on whole simulated peers (src/sim/zab-cluster.ts: real QuorumPeer,
 * MemoryStorage, simulated links and clients), issue 8 findings 7 and 10. Deterministic.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pkt } from '../../src/wire/quorum.js';
import { ZabCluster } from '../../src/sim/zab-cluster.js';
import { describeOp } from '../../src/sim/linearizability.js';
import { asSid, type Sid } from '../../src/base/ids.js';

const TICK = 200;

function start(seed = 1): { c: ZabCluster; leader: Sid } {
  // ZK_SIM_STORED_TREE=1: the servers serve their trees from storage (zk-sim --stored-tree).
  const c = new ZabCluster({ seed, servers: 3, algorithm: 'fast', storedTree: process.env.ZK_SIM_STORED_TREE === '1', verbose: !!process.env.ZK_SIM_VERBOSE, log: (l) => console.log(l) });
  c.bootAll();
  assert.ok(c.runUntil(() => c.convergedLeader() !== null, 20_000), `no converged leader: ${c.roles()}`);
  return { c, leader: c.convergedLeader()! };
}

function assertClean(c: ZabCluster): void {
  c.heal();
  for (const cl of c.clients) cl.stopGenerating();
  assert.ok(c.runUntil(() => c.quiescent() && c.clients.every((cl) => !cl.busy || cl.state === 'stopped'), 60_000, 50), `did not settle: ${c.roles()}`);
  c.runFor(300);
  const r = c.check();
  assert.equal(r.violations.length, 0, r.violations.slice(0, 5).map((v) => `[${v.property}] ${v.detail.split('\n')[0]}`).join('\n'));
}

describe('sessions on a lagging follower (finding 7)', () => {
  test('a follower that has not applied a live session\'s createSession yet does not tell its client the session expired', () => {
    const { c, leader } = start();
    const [fast, slow] = [1, 2, 3].map(asSid).filter((s) => s !== leader);
    // Everything the leader sends to `slow` arrives 600 ms late (below syncLimit: it stays a follower).
    c.onDeliver((link, at) => (link.learner === slow && at === 'learner' ? { delayMs: 3 * TICK } : undefined));
    const owner = c.addClient({ pinned: fast });
    owner.start();
    assert.ok(c.runUntil(() => owner.connected, 5_000), 'no session on the fast follower');
    const session = owner.session!;
    assert.equal(owner.lastZxid, 0n, 'the client has seen no zxid: a reconnect carries lastZxidSeen 0');
    assert.equal(c.node(slow!).peer!.replica.sessions.get(session.id), undefined, 'the slow follower already knows the session: the scenario tests nothing');
    // The same session (its client moved: a new connection) resumes on the slow follower.
    const mover = c.addClient({ pinned: slow });
    mover.session = { ...session };
    mover.start();
    assert.ok(c.runUntil(() => mover.connected || mover.expiredSessions > 0 || mover.session === null, 5_000), 'no answer to the resume');
    assert.equal(mover.expiredSessions, 0, 'a live session was told it expired');
    assert.equal(mover.session?.id, session.id);
    const r = c.perform(mover, { kind: 'create', key: '/after-resume', value: 'x' });
    assert.equal(r.outcome, 'ok', describeOp(r));
    assertClean(c);
  });

  test('a session the leader does not know is still refused on a follower (after catching up)', () => {
    const { c, leader } = start();
    const follower = asSid(leader === 1 ? 2 : 1);
    const cl = c.addClient({ pinned: follower });
    cl.session = { id: 0x0300000000000042n, passwd: new Uint8Array(16).fill(1) };
    cl.start();
    assert.ok(c.runUntil(() => cl.expiredSessions > 0, 5_000), 'an unknown session was not refused');
    assertClean(c);
  });
});

describe('session touches (finding 10)', () => {
  test('a leader collects no touches, and after stepping down its first PING does not carry its leading years', () => {
    const { c, leader } = start();
    const clients = [1, 2, 3].map(() => c.addClient({ pinned: leader, auto: true }));
    for (const cl of clients) cl.start();
    c.runFor(40 * TICK);
    assert.ok(clients.every((cl) => cl.session !== null), 'clients did not connect to the leader');
    assert.equal(c.node(leader).peer!.replica.touched.size, 0, 'the leader keeps every session its clients touched');
    for (const cl of clients) cl.halt();
    // Isolate the leader until the others elect another, then let it rejoin as a follower.
    const pings: number[] = [];
    c.onDeliver((link, at, p) => {
      if (link.learner === leader && at === 'leader' && p.type === Pkt.PING && 'touches' in p) pings.push(p.touches.length);
    });
    c.isolate(leader);
    assert.ok(c.runUntil(() => { const l = c.leaders(); return l.length === 1 && l[0] !== leader && c.node(l[0]!).peer!.isServing; }, 20_000), c.roles());
    c.heal();
    assert.ok(c.runUntil(() => pings.length > 0, 20_000), `the old leader never pinged as a follower: ${c.roles()}`);
    assert.equal(pings[0], 0, `the first PING of the old leader carried ${pings[0]} touches from when it led`);
    assertClean(c);
  });
});
