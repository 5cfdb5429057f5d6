/**
 * FastLeaderElection, step by step (docs/architecture.md, "Elections over UDP"), and the election
 * items of docs/zookeeper-bugs.md that a hand-cranked network expresses most plainly. Each test drives real Election
 * objects through the real codec; the test alone decides what is delivered and when.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Election } from '../../src/election/election.js';
import { Bus, cred, InFlight, members } from './election-harness.js';
import { asSid } from '../../src/base/ids.js';
import { asZxid } from '../../src/base/zxid.js';

function electThree(): Bus {
  const bus = new Bus('fast', members(3));
  bus.start(asSid(1), cred(1, 5));
  bus.start(asSid(2), cred(1, 7));
  bus.start(asSid(3), cred(1, 6));
  bus.deliverAll();
  return bus;
}

function electFive(): Bus {
  const bus = new Bus('fast', members(5));
  for (const sid of [1, 2, 3, 4, 5].map(asSid)) bus.start(sid, cred(1, sid));
  bus.deliverAll();
  assert.equal(bus.decisions.get(asSid(1))?.leader, 5);
  return bus;
}

/** 2 (the longest log) led and died; at 1000 ms 1 and 3 look again, naming it as their lost leader or not. */
function afterLeaderTwoDied(named: boolean): Bus {
  const bus = electThree();
  bus.down.add(asSid(2));
  bus.nowMs = 1000;
  bus.start(asSid(1), cred(1, 5), named ? asSid(2) : undefined);
  bus.start(asSid(3), cred(1, 6), named ? asSid(2) : undefined);
  return bus;
}

/** 2 (the longest log) led and stepped down, alive: at 1000 ms it looks again, and 1 and 3, which lost it. */
function afterLeaderTwoSteppedDown(): Bus {
  const bus = electThree();
  bus.nowMs = 1000;
  bus.start(asSid(2), cred(1, 7));
  bus.start(asSid(1), cred(1, 5), asSid(2));
  bus.start(asSid(3), cred(1, 6), asSid(2));
  return bus;
}

describe('fast election: one round', () => {
  test('all voters agree at once: they decide without the finalize wait, on the highest vote', () => {
    const bus = electThree();
    assert.equal(bus.nowMs, 0);
    for (const sid of [1, 2, 3].map(asSid)) assert.equal(bus.decisions.get(sid)?.leader, 2, `server ${sid}`);
    assert.equal(bus.state(asSid(2)), 'leading');
    assert.equal(bus.state(asSid(1)), 'following');
    const d = bus.decisions.get(asSid(2))!;
    assert.equal(d.via, 'quorum');
    assert.deepEqual(d.vote, { leader: 2, zxid: cred(1, 7).lastLoggedZxid, peerEpoch: 1 });
  });

  test('a bare quorum waits finalizeWait (200 ms) before deciding', () => {
    const bus = new Bus('fast', members(3));
    bus.down.add(asSid(3));
    bus.start(asSid(1), cred(1, 5));
    bus.start(asSid(2), cred(1, 7));
    bus.runUntil(199);
    assert.equal(bus.decisions.size, 0);
    bus.runUntil(200);
    assert.equal(bus.decisions.get(asSid(1))?.leader, 2);
    assert.equal(bus.decisions.get(asSid(2))?.state, 'leading');
  });

  test('with every voter heard in this round and none above the proposal, no finalize wait', () => {
    const bus = new Bus('fast', members(3));
    for (const sid of [1, 2, 3].map(asSid)) bus.start(sid, cred(1, 5));
    // Server 1's first notice (for itself) reaches everyone; its later ones (for 3) do not.
    const first = new Set(bus.inflight.filter((m) => m.from === 1));
    bus.deliverAllBut((m) => m.from === 1 && !first.has(m));
    assert.equal(bus.nowMs, 0);
    // 2 and 3 hold 1's word (a vote for 1) and each other's (for 3): nothing can beat 3.
    assert.equal(bus.decisions.get(asSid(3))?.state, 'leading');
    assert.equal(bus.decisions.get(asSid(2))?.state, 'following');
    assert.equal(bus.decisions.get(asSid(2))?.leader, 3);
  });

  test('a voter not heard in this round keeps the finalize wait, even with the others settled', () => {
    const bus = new Bus('fast', members(5));
    bus.down.add(asSid(4));
    bus.down.add(asSid(5));
    for (const sid of [1, 2, 3].map(asSid)) bus.start(sid, cred(1, 5));
    bus.runUntil(199);
    assert.equal(bus.decisions.size, 0, 'servers 4 and 5 might still bring a better vote');
    bus.runUntil(200);
    assert.equal(bus.decisions.get(asSid(3))?.state, 'leading');
  });

  test('a better vote during the finalize wait is adopted; nobody decides the old one', () => {
    const bus = new Bus('fast', members(3));
    bus.start(asSid(1), cred(1, 5));
    bus.start(asSid(2), cred(1, 7));
    bus.runUntil(100, (m) => m.to === 3);
    assert.equal(bus.decisions.size, 0);
    bus.start(asSid(3), cred(2, 0)); // a newer epoch beats a longer log
    bus.runUntil(1000);
    for (const sid of [1, 2, 3].map(asSid)) assert.equal(bus.decisions.get(sid)?.leader, 3, `server ${sid}`);
  });

  test('a straggler in an older round is caught up by the acks, and joins the newer round', () => {
    const bus = new Bus('fast', members(3));
    bus.start(asSid(1), cred(1, 5));
    bus.start(asSid(1), cred(1, 5)); // server 1 is now in round 2
    bus.take();
    bus.start(asSid(2), cred(1, 9));
    bus.runUntil(0, (m) => m.to === 3);
    bus.runUntil(300, (m) => m.to === 3);
    assert.equal(bus.decisions.get(asSid(1))?.round, 2);
    assert.equal(bus.decisions.get(asSid(2))?.round, 2);
    assert.equal(bus.decisions.get(asSid(1))?.leader, 2);
  });
});

describe('fast election: the election items of the ZooKeeper bugs checklist', () => {
  test('item 4: an old notification delivered after a newer one is dropped, recvset does not regress', () => {
    const bus = new Bus('fast', members(3));
    bus.start(asSid(1), cred(1, 1));
    bus.start(asSid(2), cred(1, 5));
    const old = bus.take((m) => m.from === 2 && m.to === 1); // 2 votes for itself
    bus.start(asSid(3), cred(1, 9));
    const fresh = bus.deliverAllBut((m) => m.to === 1); // 2 adopts 3; nothing reaches 1 yet
    assert.ok(fresh.some((m) => m.from === 2 && m.datagram.message.type === 'fast-notification'));
    for (const m of fresh) bus.deliver(m);
    for (const m of [...old, ...old]) bus.deliver(m); // reordered and duplicated
    const e1 = bus.nodes.get(asSid(1))!;
    assert.ok(e1.counters.droppedStale >= 2, `dropped ${e1.counters.droppedStale}`);
    bus.runUntil(1000);
    for (const sid of [1, 2, 3].map(asSid)) assert.equal(bus.decisions.get(sid)?.leader, 3);
  });

  test('item 2: a restarted server joins the established leader without a new round', () => {
    const bus = electThree();
    for (const sid of [1, 2, 3].map(asSid)) bus.apply(sid, bus.nodes.get(sid)!.step({ kind: 'established', peerEpoch: 2, nowMs: bus.nowMs }));
    const before = { 2: bus.decisions.get(asSid(2)), 3: bus.decisions.get(asSid(3)), round: bus.decisions.get(asSid(2))!.round };
    bus.boot(asSid(1));
    bus.start(asSid(1), cred(1, 5));
    bus.runUntil(1000);
    const d = bus.decisions.get(asSid(1))!;
    assert.equal(d.state, 'following');
    assert.equal(d.leader, 2);
    assert.equal(d.via, 'established');
    assert.equal(d.vote.peerEpoch, 2, 'the epoch the ensemble established');
    assert.equal(bus.decisions.get(asSid(2)), before[2], 'the leader did not decide again');
    assert.equal(bus.decisions.get(asSid(3)), before[3]);
    assert.equal(bus.state(asSid(2)), 'leading');
    assert.equal(bus.decisions.get(asSid(1))!.round, before.round);
  });

  test('item 3: followers and leader advertising different epochs: the joiner waits for agreement', () => {
    const bus = electThree();
    // The leader has established epoch 2, follower 3 has not synced yet (still advertises 1).
    bus.apply(asSid(2), bus.nodes.get(asSid(2))!.step({ kind: 'established', peerEpoch: 2, nowMs: bus.nowMs }));
    bus.boot(asSid(1));
    bus.start(asSid(1), cred(1, 5));
    bus.runUntil(5000);
    assert.equal(bus.state(asSid(1)), 'looking', 'leader says epoch 2, its only follower says epoch 1');
    bus.apply(asSid(3), bus.nodes.get(asSid(3))!.step({ kind: 'established', peerEpoch: 2, nowMs: bus.nowMs })); // updateElectionVote (ZOOKEEPER-1732)
    bus.runUntil(10_000);
    assert.equal(bus.decisions.get(asSid(1))?.leader, 2);
    assert.equal(bus.decisions.get(asSid(1))?.vote.peerEpoch, 2);
  });

  test('item 3: followers advertising an epoch the leader has not established yet do not make us join', () => {
    const bus = electFive(); // 5 leads
    for (const sid of [2, 3, 4].map(asSid)) bus.apply(sid, bus.nodes.get(sid)!.step({ kind: 'established', peerEpoch: 2, nowMs: bus.nowMs }));
    bus.boot(asSid(1));
    bus.start(asSid(1), cred(1, 1));
    bus.runUntil(5000);
    assert.equal(bus.state(asSid(1)), 'looking', 'three followers say epoch 2, the leader itself still says 1');
    bus.apply(asSid(5), bus.nodes.get(asSid(5))!.step({ kind: 'established', peerEpoch: 2, nowMs: bus.nowMs }));
    bus.runUntil(5100); // the leader tells looking peers of its new epoch at once
    assert.equal(bus.decisions.get(asSid(1))?.leader, 5);
    assert.equal(bus.decisions.get(asSid(1))?.vote.peerEpoch, 2);
  });

  test('item 1: followers of a crashed leader cannot make anyone follow it', () => {
    const bus = electFive(); // 5 leads
    bus.down.add(asSid(5));
    bus.boot(asSid(1));
    bus.start(asSid(1), cred(1, 1));
    bus.runUntil(120_000);
    assert.equal(bus.state(asSid(1)), 'looking', 'a quorum (2, 3, 4) still says it follows 5, but 5 is silent');
    // When they notice (Zab's job) and look again, they form a quorum without 5.
    for (const sid of [2, 3, 4].map(asSid)) bus.start(sid, cred(1, sid));
    bus.runUntil(121_000);
    for (const sid of [1, 2, 3].map(asSid)) assert.equal(bus.decisions.get(sid)?.leader, 4, `server ${sid}`);
    assert.equal(bus.decisions.get(asSid(4))?.state, 'leading');
  });

  test('item 7: a two-server ensemble does not elect with one server down; re-sends back off to 60 s', () => {
    const bus = new Bus('fast', members(2));
    bus.down.add(asSid(2));
    bus.start(asSid(1), cred(0, 0));
    const sendTimes: number[] = [];
    const e1 = bus.nodes.get(asSid(1))!;
    let sent = e1.counters.sent;
    for (let t = 0; t <= 600_000; ) {
      const next = e1.nextDeadlineMs()!;
      bus.nowMs = next;
      bus.tick();
      bus.take();
      if (e1.counters.sent > sent) sendTimes.push(next);
      sent = e1.counters.sent;
      t = next;
    }
    assert.equal(bus.state(asSid(1)), 'looking');
    const gaps = sendTimes.slice(1).map((t, i) => t - sendTimes[i]!);
    assert.ok(gaps.every((g) => g <= 60_000), `gap above the cap: ${gaps}`);
    assert.ok(gaps.slice(-3).every((g) => g >= 45_000), `not backing off: ${gaps}`);
    for (let i = 1; i < 6; i++) assert.ok(gaps[i]! > gaps[i - 1]!, `not doubling: ${gaps}`);
    assert.ok(sendTimes.length < 25, `${sendTimes.length} re-sends in 10 minutes`);
  });

  test('after the leader is lost, the others wait 20 ms for its vote, not 200', () => {
    const bus = afterLeaderTwoDied(true);
    bus.runUntil(1019);
    assert.equal(bus.state(asSid(3)), 'looking');
    bus.runUntil(1020);
    assert.equal(bus.decisions.get(asSid(3))?.state, 'leading');
    assert.equal(bus.decisions.get(asSid(1))?.leader, 3);
    assert.equal(bus.decisions.get(asSid(3))?.elapsedMs, 20);
  });

  test('a lost leader that is alive and LOOKING within the short wait still wins with its better vote', () => {
    const bus = afterLeaderTwoSteppedDown();
    // 3 hears 2 at once; 1 hears 3's first vote (for 3) at once, and any word for 2 only 10 ms later.
    const forTwo = (m: InFlight) => m.to === 1 && (m.from === 2 || ('notice' in m.datagram.message && m.datagram.message.notice.vote.leader === 2));
    const late = bus.deliverAllBut(forTwo);
    assert.ok(late.length > 0);
    assert.equal(bus.state(asSid(1)), 'looking', '1 holds a quorum for 3 but waits for 2');
    bus.runUntil(1010, forTwo);
    assert.equal(bus.state(asSid(1)), 'looking');
    bus.inflight.push(...late);
    bus.runUntil(2000);
    for (const sid of [1, 2, 3].map(asSid)) assert.equal(bus.decisions.get(sid)?.leader, 2, `server ${sid}`);
  });

  test('without the lost leader named, the same survivors sit out the finalize wait', () => {
    const bus = afterLeaderTwoDied(false);
    bus.runUntil(1199);
    assert.equal(bus.state(asSid(1)), 'looking', 'the dead leader might still bring a better vote');
    assert.equal(bus.state(asSid(3)), 'looking');
    bus.runUntil(1200);
    assert.equal(bus.decisions.get(asSid(3))?.state, 'leading');
  });

  test('only the lost leader is not waited for: another silent voter keeps the finalize wait', () => {
    const bus = electFive(); // 5 leads
    bus.down.add(asSid(5)).add(asSid(4));
    bus.nowMs = 1000;
    for (const sid of [1, 2, 3].map(asSid)) bus.start(sid, cred(1, sid), asSid(5));
    bus.runUntil(1199);
    for (const sid of [1, 2, 3].map(asSid)) assert.equal(bus.state(sid), 'looking', `server ${sid}: server 4 might still bring a better vote`);
    bus.runUntil(1200);
    assert.equal(bus.decisions.get(asSid(3))?.state, 'leading');
    assert.equal(bus.decisions.get(asSid(1))?.leader, 3);
  });

  test('a lost leader heard again counts as any voter: its better vote wins', () => {
    const bus = afterLeaderTwoSteppedDown(); // 2's notices reach 1 and 3 first
    bus.deliverAll();
    for (const sid of [1, 2, 3].map(asSid)) assert.equal(bus.decisions.get(sid)?.leader, 2, `server ${sid}`);
  });

  test('item 6: an unreachable peer does not delay the others', () => {
    const bus = new Bus('fast', members(5));
    bus.down.add(asSid(5));
    for (const sid of [1, 2, 3, 4].map(asSid)) bus.start(sid, cred(1, sid));
    bus.runUntil(200);
    for (const sid of [1, 2, 3, 4].map(asSid)) assert.equal(bus.decisions.get(sid)?.leader, 4, `server ${sid}`);
  });

  test('item 5: malformed datagrams are the adapter\'s to drop; a wrong algorithm or unknown sender is counted', () => {
    const e = new Election({ algorithm: 'fast', mySid: asSid(1), incarnation: 1, members: members(3), rng: { next: () => 0, int: () => 0, bytes: (n) => new Uint8Array(n) } });
    e.step({ kind: 'start', credentials: cred(0, 0), nowMs: 0 });
    e.step({ kind: 'datagram', datagram: { header: { sid: asSid(2), incarnation: 5, seq: 1 }, message: { type: 'classic-query', round: 1 } }, nowMs: 0 });
    e.step({ kind: 'datagram', datagram: { header: { sid: asSid(9), incarnation: 5, seq: 1 }, message: { type: 'fast-notification', notice: { state: 'looking', round: 1, vote: { leader: asSid(9), zxid: asZxid(0n), peerEpoch: 0 } } } }, nowMs: 0 });
    e.step({ kind: 'datagram', datagram: { header: { sid: asSid(1), incarnation: 5, seq: 1 }, message: { type: 'fast-notification', notice: { state: 'looking', round: 1, vote: { leader: asSid(1), zxid: asZxid(0n), peerEpoch: 0 } } } }, nowMs: 0 });
    assert.equal(e.counters.droppedWrongAlgorithm, 1);
    assert.equal(e.counters.droppedUnknownSender, 2, 'an id not configured, and our own id');
    assert.equal(e.state, 'looking');
  });

  test('lost datagrams are re-sent: an election completes with 60% loss', () => {
    const bus = new Bus('fast', members(3));
    let n = 0;
    const lossy = (_m: InFlight) => n++ % 5 < 3;
    for (const sid of [1, 2, 3].map(asSid)) bus.start(sid, cred(0, sid));
    bus.runUntil(120_000, lossy);
    for (const sid of [1, 2, 3].map(asSid)) assert.equal(bus.decisions.get(sid)?.leader, 3, `server ${sid}`);
  });
});

describe('fast election: observers', () => {
  test('an observer never counts towards a quorum, and ends up OBSERVING the leader', () => {
    const bus = new Bus('fast', members(3, 1));
    bus.down.add(asSid(2)).add(asSid(3));
    bus.start(asSid(1), cred(0, 1));
    bus.start(asSid(4), cred(5, 9)); // an observer's own history does not make it a candidate
    bus.runUntil(5000);
    assert.equal(bus.decisions.size, 0, 'one voter and one observer are no quorum of three');
    bus.down.delete(asSid(2));
    bus.down.delete(asSid(3));
    bus.start(asSid(2), cred(0, 2));
    bus.start(asSid(3), cred(0, 3));
    bus.runUntil(70_000);
    assert.equal(bus.decisions.get(asSid(3))?.state, 'leading');
    assert.equal(bus.decisions.get(asSid(4))?.state, 'observing');
    assert.equal(bus.decisions.get(asSid(4))?.leader, 3);
  });
});
