/**
 * The Zab cores driven by hand: the order of durable steps a learner takes before it promises
 * anything, a leader's commit rule, and the forced new epoch at the end of the zxid counter.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeZxid } from '../../src/base/zxid.js';
import { InvariantViolation } from '../../src/base/invariant.js';
import { LeaderCore } from '../../src/zab/leader.js';
import { LearnerCore } from '../../src/zab/learner.js';
import type { LeaderEffect, LearnerEffect, LogReader } from '../../src/zab/types.js';
import { Pkt, quorumMessageZxid, type QuorumMessage } from '../../src/wire/quorum.js';
import { encodeTxn, Txn, TxnType } from '../../src/wire/txn.js';

/** The time of the input being handled, as the peer's step sets it. */
const clock = { nowMs: 0, wallMs: 1_700_000_000_000 };
const emptyLog: LogReader = { readLog: () => [], firstLogged: () => null };
const timing = { tickTime: 100, initLimit: 10, syncLimit: 5 };

function txn(zxid: bigint, path = `/n${zxid}`): Txn {
  return { sessionId: 1n, cxid: 1, zxid, time: 0, body: { type: TxnType.create, path, data: null, acl: [], ephemeralOwner: 0n, parentCversion: 1 } };
}

const sent = (effects: (LeaderEffect | LearnerEffect)[]) =>
  effects.filter((e): e is Extract<LeaderEffect | LearnerEffect, { kind: 'send' }> => e.kind === 'send').map((e): QuorumMessage => e.packet);

describe('Zab learner', () => {
  it('acknowledges NEWLEADER only after the synced txns, then currentEpoch, are durable', () => {
    const l = new LearnerCore({ myid: 2, leader: 1, observer: false, epochs: { acceptedEpoch: 1, currentEpoch: 1 }, lastLogged: makeZxid(1, 3), lastApplied: makeZxid(1, 3), timing }, clock, emptyLog);
    assert.deepEqual(l.drain().map((e) => e.kind), ['connect']);
    l.linkUp();
    const info = sent(l.drain());
    assert.equal(info[0]!.type, Pkt.FOLLOWERINFO);
    assert.equal(quorumMessageZxid(info[0]!), makeZxid(1, 0), 'FOLLOWERINFO carries the accepted epoch');

    // LEADERINFO for epoch 2: the promise is persisted before ACKEPOCH goes out.
    l.receive({ type: Pkt.LEADERINFO, epoch: 2, protocolVersion: 0x10000 });
    const promise = l.drain();
    assert.deepEqual(promise.map((e) => e.kind), ['persistEpochs']);
    const p1 = promise[0] as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    assert.deepEqual(p1.epochs, { acceptedEpoch: 2, currentEpoch: 1 });
    l.persisted(p1.token);
    const ackEpoch = sent(l.drain());
    assert.equal(ackEpoch[0]!.type, Pkt.ACKEPOCH);
    assert.equal(ackEpoch[0]!.type === Pkt.ACKEPOCH && ackEpoch[0]!.currentEpoch, 1);

    // DIFF with two txns, then NEWLEADER: nothing is acknowledged until both writes are durable.
    l.receive({ type: Pkt.DIFF, zxid: makeZxid(1, 5) });
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 4)) });
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 5)) });
    l.receive({ type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 5) });
    const synced = l.drain();
    assert.deepEqual(synced.map((e) => e.kind), ['persist']);
    const persist = synced[0] as Extract<LearnerEffect, { kind: 'persist' }>;
    assert.deepEqual(persist.txns.map((t) => t.zxid), [makeZxid(1, 4), makeZxid(1, 5)]);
    l.persisted(persist.token);
    const epoch = l.drain();
    assert.deepEqual(epoch.map((e) => e.kind), ['persistEpochs'], 'no ACK before currentEpoch is durable');
    const p2 = epoch[0] as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    assert.deepEqual(p2.epochs, { acceptedEpoch: 2, currentEpoch: 2 });
    l.persisted(p2.token);
    const ack = sent(l.drain());
    assert.deepEqual(ack.map((p) => [p.type, quorumMessageZxid(p)]), [[Pkt.ACK, makeZxid(2, 0)]]);

    // UPTODATE applies what the leader said is committed.
    l.receive({ type: Pkt.UPTODATE, zxid: makeZxid(1, 5) });
    const up = l.drain();
    const commit = up.find((e) => e.kind === 'commit') as Extract<LearnerEffect, { kind: 'commit' }>;
    assert.deepEqual(commit.txns.map((t) => t.zxid), [makeZxid(1, 4), makeZxid(1, 5)]);
    assert.ok(up.some((e) => e.kind === 'uptodate'));
  });

  it('refuses a leader whose epoch is below its promise', () => {
    const l = new LearnerCore({ myid: 2, leader: 1, observer: false, epochs: { acceptedEpoch: 5, currentEpoch: 4 }, lastLogged: 0n, lastApplied: 0n, timing }, clock, emptyLog);
    l.drain();
    l.linkUp();
    l.drain();
    l.receive({ type: Pkt.LEADERINFO, epoch: 3, protocolVersion: 0x10000 });
    assert.ok(l.drain().some((e) => e.kind === 'lost'));
  });

  it('acknowledges a broadcast proposal only after its flush', () => {
    const l = new LearnerCore({ myid: 2, leader: 1, observer: false, epochs: { acceptedEpoch: 1, currentEpoch: 0 }, lastLogged: 0n, lastApplied: 0n, timing }, clock, emptyLog);
    l.drain();
    l.linkUp();
    l.receive({ type: Pkt.LEADERINFO, epoch: 1, protocolVersion: 0x10000 });
    l.receive({ type: Pkt.DIFF, zxid: 0n });
    l.receive({ type: Pkt.NEWLEADER, epoch: 1, committedThrough: 0n });
    for (const e of l.drain()) if (e.kind === 'persistEpochs') l.persisted(e.token);
    l.drain();
    l.receive({ type: Pkt.UPTODATE, zxid: 0n });
    l.drain();
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 1)) });
    const effects = l.drain();
    assert.equal(sent(effects).length, 0, 'no ACK before the flush');
    const persist = effects.find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.persisted(persist.token);
    assert.deepEqual(sent(l.drain()).map((p) => [p.type, quorumMessageZxid(p)]), [[Pkt.ACK, makeZxid(1, 1)]]);
  });
});

describe('Zab leader', () => {
  /** A leader of voters {1,2,3} with follower 2 synced: returns the leader and 2's link. */
  function establishedLeader(lastLogged = 0n): { leader: LeaderCore; link: number } {
    const leader = new LeaderCore({ myid: 1, voters: [1, 2, 3], observers: [], epochs: { acceptedEpoch: 0, currentEpoch: 0 }, lastLogged, lastApplied: lastLogged, timing }, clock, emptyLog);
    const link = 7;
    leader.linkUp(link);
    leader.receive(link, { type: Pkt.FOLLOWERINFO, acceptedEpoch: 0, sid: 2, protocolVersion: 0x10000, lastLogged, currentEpoch: 0 });
    const persistEpoch = (effects: LeaderEffect[]) => {
      for (const e of effects) if (e.kind === 'persistEpochs') leader.persisted(e.token);
    };
    persistEpoch(leader.drain());
    const out = leader.drain();
    const leaderInfo = out.find((e) => e.kind === 'send') as Extract<LeaderEffect, { kind: 'send' }>;
    assert.equal(leaderInfo.packet.type, Pkt.LEADERINFO);
    leader.receive(link, { type: Pkt.ACKEPOCH, lastLogged: lastLogged, currentEpoch: 0 });
    persistEpoch(leader.drain());
    leader.receive(link, { type: Pkt.ACK, zxid: makeZxid(1, 0) });
    const est = leader.drain();
    assert.ok(est.some((e) => e.kind === 'established'), JSON.stringify(est.map((e) => e.kind)));
    return { leader, link };
  }

  it('asserts its proposals are contiguous: a skipped or reused zxid is a broken invariant', () => {
    const { leader } = establishedLeader();
    const z1 = leader.nextZxid()!;
    leader.propose(txn(z1));
    for (const wrong of [z1, z1 + 2n]) {
      assert.throws(() => leader.propose(txn(wrong)), (e: unknown) => e instanceof InvariantViolation && e.invariant === 'leader-proposals-contiguous');
    }
    leader.propose(txn(z1 + 1n));
  });

  it('commits once a quorum (its own flushed copy included) acknowledged, in zxid order', () => {
    const { leader, link } = establishedLeader();
    const z1 = leader.nextZxid()!;
    leader.propose(txn(z1));
    const z2 = z1 + 1n;
    leader.propose(txn(z2));
    const effects = leader.drain();
    const persist = effects.find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    // The follower acks the second first: nothing commits out of order, and not before a quorum.
    leader.receive(link, { type: Pkt.ACK, zxid: z2 });
    assert.ok(!leader.drain().some((e) => e.kind === 'commit'));
    leader.persisted(persist.token);
    const afterFlush = leader.drain();
    const commit = afterFlush.find((e) => e.kind === 'commit') as Extract<LeaderEffect, { kind: 'commit' }> | undefined;
    assert.deepEqual(commit?.txns.map((t) => t.zxid) ?? [], [], 'z1 has only our ack');
    leader.receive(link, { type: Pkt.ACK, zxid: z1 });
    const done = leader.drain();
    const c2 = done.find((e) => e.kind === 'commit') as Extract<LeaderEffect, { kind: 'commit' }>;
    assert.deepEqual(c2.txns.map((t) => t.zxid), [z1, z2]);
    const commits = sent(done).filter((p) => p.type === Pkt.COMMIT).map(quorumMessageZxid);
    assert.deepEqual(commits, [z1, z2]);
  });

  it('refuses a zxid at the end of the epoch counter, so that the peer forces a new epoch', () => {
    const { leader } = establishedLeader();
    // Pretend the epoch's counter is nearly used up.
    (leader as unknown as { lastProposed: bigint }).lastProposed = makeZxid(1, 0xfffffffe);
    assert.equal(leader.nextZxid(), null);
    (leader as unknown as { lastProposed: bigint }).lastProposed = makeZxid(1, 0xfffffffd);
    assert.equal(leader.nextZxid(), makeZxid(1, 0xfffffffe));
  });

  it('steps down when a follower in the quorum is ahead of it', () => {
    const leader = new LeaderCore({ myid: 1, voters: [1, 2, 3], observers: [], epochs: { acceptedEpoch: 1, currentEpoch: 1 }, lastLogged: makeZxid(1, 5), lastApplied: makeZxid(1, 5), timing }, clock, emptyLog);
    leader.linkUp(3);
    leader.receive(3, { type: Pkt.FOLLOWERINFO, acceptedEpoch: 1, sid: 2, protocolVersion: 0x10000, lastLogged: makeZxid(1, 9), currentEpoch: 1 });
    for (const e of leader.drain()) if (e.kind === 'persistEpochs') leader.persisted(e.token);
    leader.drain();
    leader.receive(3, { type: Pkt.ACKEPOCH, lastLogged: makeZxid(1, 9), currentEpoch: 1 });
    assert.ok(leader.drain().some((e) => e.kind === 'stepDown'));
  });

  it('drops a learner that stays silent past syncLimit and steps down without a live quorum', () => {
    const { leader } = establishedLeader();
    clock.nowMs += timing.syncLimit * timing.tickTime + 1;
    leader.tick();
    const effects = leader.drain();
    assert.ok(effects.some((e) => e.kind === 'close'));
    assert.ok(effects.some((e) => e.kind === 'stepDown'));
  });
});

// ------------------------------------------------------------------ issue 8: sync safety

/** A log reader over entries held in memory (zxid order), recording every read. */
function logOf(zxids: bigint[]): LogReader & { reads: { from: bigint; to?: bigint | undefined; maxBytes?: number | undefined; returned: number }[] } {
  const entries = zxids.map((zxid) => ({ zxid, bytes: encodeTxn(txn(zxid)) }));
  const reads: { from: bigint; to?: bigint | undefined; maxBytes?: number | undefined; returned: number }[] = [];
  return {
    reads,
    readLog(from: bigint, to?: bigint, maxBytes?: number) {
      const out = [];
      let bytes = 0;
      for (const e of entries) {
        if (e.zxid <= from || (to !== undefined && e.zxid > to)) continue;
        out.push(e);
        bytes += e.bytes.byteLength;
        if (maxBytes !== undefined && bytes >= maxBytes) break;
      }
      reads.push({ from, to, maxBytes, returned: out.length });
      return out;
    },
    firstLogged: () => (entries.length === 0 ? null : entries[0]!.zxid),
  };
}


/** A learner of leader 1, registered and past LEADERINFO for epoch 2 (its promise durable). */
function learnerInEpoch2(lastLogged = makeZxid(1, 3), observer = false): LearnerCore {
  const l = new LearnerCore({ myid: 2, leader: 1, observer, epochs: { acceptedEpoch: 1, currentEpoch: 1 }, lastLogged, lastApplied: lastLogged, timing }, clock, emptyLog);
  l.drain();
  l.linkUp();
  l.drain();
  l.receive({ type: Pkt.LEADERINFO, epoch: 2, protocolVersion: 0x10000 });
  for (const e of l.drain()) if (e.kind === 'persistEpochs') l.persisted(e.token);
  const ackEpoch = sent(l.drain());
  assert.equal(ackEpoch[0]!.type, Pkt.ACKEPOCH);
  return l;
}

const acks = (effects: LearnerEffect[]) => sent(effects).filter((p) => p.type === Pkt.ACK).map((p) => p.zxid);

describe('Zab learner: no ACK before the new currentEpoch is durable (issue 8, finding 2)', () => {
  it('holds the ACKs of synced txns the leader has not committed until currentEpoch is durable', () => {
    const l = learnerInEpoch2();
    l.receive({ type: Pkt.DIFF, zxid: makeZxid(1, 5) });
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 4)) });
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 5)) });
    // The leader says only (1,4) is committed: (1,5) wants our ACK to count towards its quorum.
    l.receive({ type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 4) });
    const persist = l.drain().find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.persisted(persist.token);
    const afterTxns = l.drain();
    assert.deepEqual(acks(afterTxns), [], 'no ACK while currentEpoch is not durable');
    const epochs = afterTxns.find((e) => e.kind === 'persistEpochs') as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    assert.deepEqual(epochs.epochs, { acceptedEpoch: 2, currentEpoch: 2 });
    l.persisted(epochs.token);
    assert.deepEqual(acks(l.drain()), [makeZxid(1, 5), makeZxid(2, 0)]);
  });

  it('holds the ACKs of proposals logged while NEWLEADER is being acknowledged', () => {
    const l = learnerInEpoch2();
    l.receive({ type: Pkt.DIFF, zxid: makeZxid(1, 3) });
    l.receive({ type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 3) });
    const epochs = l.drain().find((e) => e.kind === 'persistEpochs') as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    // A live proposal of the new epoch arrives, and its flush completes first.
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 1)) });
    const persist = l.drain().find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.persisted(persist.token);
    assert.deepEqual(acks(l.drain()), [], 'no ACK while currentEpoch is not durable');
    l.persisted(epochs.token);
    assert.deepEqual(acks(l.drain()), [makeZxid(2, 0), makeZxid(2, 1)]);
    // Later proposals are acknowledged on their flush, as usual.
    l.receive({ type: Pkt.UPTODATE, zxid: makeZxid(1, 3) });
    l.drain();
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 2)) });
    const p2 = l.drain().find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.persisted(p2.token);
    assert.deepEqual(acks(l.drain()), [makeZxid(2, 2)]);
  });
});

describe('Zab learner: refuses any gap in the proposal stream (issue 8, finding 3)', () => {
  const cases: Array<[string, bigint, bigint[], boolean]> = [
    ['the next counter of the same epoch', makeZxid(1, 3), [makeZxid(1, 4)], true],
    ['counter 1 of a later epoch', makeZxid(1, 3), [makeZxid(3, 1)], true],
    ['a skipped counter', makeZxid(1, 3), [makeZxid(1, 5)], false],
    ['a later epoch not starting at counter 1', makeZxid(1, 3), [makeZxid(2, 2)], false],
    ['a gap after accepted ones', makeZxid(1, 3), [makeZxid(1, 4), makeZxid(2, 1), makeZxid(2, 3)], false],
  ];
  for (const [name, from, zxids, ok] of cases) {
    it(`${ok ? 'accepts' : 'leaves the leader on'} ${name}`, () => {
      const l = learnerInEpoch2(from);
      l.receive({ type: Pkt.DIFF, zxid: zxids[zxids.length - 1]! });
      for (const z of zxids) l.receive({ type: Pkt.PROPOSAL, txn: txn(z) });
      const effects = l.drain();
      assert.equal(effects.some((e) => e.kind === 'lost'), !ok, JSON.stringify(effects.map((e) => e.kind)));
      if (!ok) assert.ok(effects.some((e) => e.kind === 'log' && e.level === 'error' && /gap/.test(e.message)), 'loudly');
    });
  }

  it('leaves the leader when the first txn after a SNAP does not follow the snapshot', () => {
    const l = learnerInEpoch2(0n);
    l.receive({ type: Pkt.SNAP, zxid: makeZxid(1, 9) });
    l.receive({ type: Pkt.SNAP_END, zxid: makeZxid(1, 9) });
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 11)) });
    assert.ok(l.drain().some((e) => e.kind === 'lost'));
  });

  it('leaves the leader when an observer is informed of a txn past a gap', () => {
    const l = learnerInEpoch2(makeZxid(1, 3), true);
    l.receive({ type: Pkt.DIFF, zxid: makeZxid(1, 3) });
    l.receive({ type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 3) });
    for (const e of l.drain()) if (e.kind === 'persistEpochs') l.persisted(e.token);
    l.receive({ type: Pkt.UPTODATE, zxid: makeZxid(1, 3) });
    l.drain();
    l.receive({ type: Pkt.INFORM, txn: txn(makeZxid(2, 2)) });
    assert.ok(l.drain().some((e) => e.kind === 'lost'));
  });
});

/** A leader of {1,2,3} established with follower 2 (link 7), over `log`. */
function leaderOver(log: LogReader, lastLogged: bigint, epochs = { acceptedEpoch: 1, currentEpoch: 1 }): LeaderCore {
  const leader = new LeaderCore({ myid: 1, voters: [1, 2, 3], observers: [], epochs, lastLogged, lastApplied: lastLogged, timing }, clock, log);
  leader.linkUp(7);
  leader.receive(7, { type: Pkt.FOLLOWERINFO, acceptedEpoch: epochs.acceptedEpoch, sid: 2, protocolVersion: 0x10000, lastLogged, currentEpoch: epochs.currentEpoch });
  for (const e of leader.drain()) if (e.kind === 'persistEpochs') leader.persisted(e.token);
  leader.drain();
  leader.receive(7, { type: Pkt.ACKEPOCH, lastLogged: lastLogged, currentEpoch: epochs.currentEpoch });
  for (const e of leader.drain()) if (e.kind === 'persistEpochs') leader.persisted(e.token);
  leader.receive(7, { type: Pkt.ACK, zxid: makeZxid(epochs.acceptedEpoch + 1, 0) });
  assert.ok(leader.drain().some((e) => e.kind === 'established'));
  return leader;
}

/** Server 3 joins on link 9 with the given state; returns what the leader did about it. */
function join(leader: LeaderCore, lastLogged: bigint, currentEpoch: number, acceptedEpoch = currentEpoch): LeaderEffect[] {
  leader.linkUp(9);
  leader.receive(9, { type: Pkt.FOLLOWERINFO, acceptedEpoch: acceptedEpoch, sid: 3, protocolVersion: 0x10000, lastLogged, currentEpoch });
  const info = sent(leader.drain());
  assert.equal(info[0]?.type, Pkt.LEADERINFO);
  leader.receive(9, { type: Pkt.ACKEPOCH, lastLogged: lastLogged, currentEpoch: currentEpoch });
  return leader.drain();
}

const toLink = (effects: LeaderEffect[], link: number) =>
  effects.filter((e): e is Extract<LeaderEffect, { kind: 'send' }> => e.kind === 'send' && e.link === link).map((e) => `${Pkt.PROPOSAL === e.packet.type ? 'PROPOSAL' : e.packet.type === Pkt.COMMIT ? 'COMMIT' : e.packet.type === Pkt.NEWLEADER ? 'NEWLEADER' : e.packet.type === Pkt.DIFF ? 'DIFF' : e.packet.type === Pkt.TRUNC ? 'TRUNC' : e.packet.type} ${quorumMessageZxid(e.packet).toString(16)}`);

describe('Zab leader: SNAP carries everything after the snapshot (issue 8, finding 3)', () => {
  it('forwards to a SNAP learner from the moment the snapshot is taken, and holds the purge floor until it is synced', () => {
    const leader = leaderOver(emptyLog, 0n);
    const z1 = leader.nextZxid()!;
    leader.propose(txn(z1));
    const p1 = leader.drain().find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    leader.persisted(p1.token);
    leader.receive(7, { type: Pkt.ACK, zxid: z1 });
    assert.ok(leader.drain().some((e) => e.kind === 'commit'), 'z1 committed');
    const z2 = leader.nextZxid()!;
    leader.propose(txn(z2)); // in flight: not committed, not in our log yet
    const p2 = leader.drain().find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    // Server 3 has history we do not (and our log reaches nothing): SNAP.
    const effects = join(leader, makeZxid(0, 7), 0);
    const snap = effects.find((e) => e.kind === 'snapshot') as Extract<LeaderEffect, { kind: 'snapshot' }>;
    assert.ok(snap, JSON.stringify(effects.map((e) => e.kind)));
    assert.equal(snap.zxid, z1, 'the snapshot is the state as committed and applied now');
    assert.deepEqual(toLink(effects, 9), [`PROPOSAL ${z2.toString(16)}`, `NEWLEADER ${makeZxid(2, 0).toString(16)}`]);
    assert.equal(leader.purgeFloor(), z1);
    // What happens while the snapshot streams goes to the link right away (queued behind it).
    const z3 = leader.nextZxid()!;
    leader.propose(txn(z3));
    leader.receive(7, { type: Pkt.ACK, zxid: z2 });
    const later = leader.drain();
    leader.persisted(p2.token);
    const all = [...later, ...leader.drain()];
    assert.deepEqual(toLink(all, 9), [`PROPOSAL ${z3.toString(16)}`, `COMMIT ${z2.toString(16)}`]);
    leader.receive(9, { type: Pkt.ACK, zxid: makeZxid(2, 0) });
    assert.equal(leader.purgeFloor(), null, 'synced: its stream needs nothing any more');
  });

  it('streams a DIFF from the log instead of building it in one turn (finding 15)', () => {
    const zxids = Array.from({ length: 1000 }, (_, i) => makeZxid(1, i + 1));
    const log = logOf(zxids);
    const leader = leaderOver(log, makeZxid(1, 1000));
    const before = log.reads.length;
    const effects = join(leader, makeZxid(1, 10), 1);
    assert.deepEqual(toLink(effects, 9), [`DIFF ${makeZxid(1, 1000).toString(16)}`, `NEWLEADER ${makeZxid(2, 0).toString(16)}`]);
    const stream = effects.find((e) => e.kind === 'streamLog') as Extract<LeaderEffect, { kind: 'streamLog' }>;
    assert.deepEqual([stream.link, stream.from, stream.to], [9, makeZxid(1, 10), makeZxid(1, 1000)]);
    assert.ok(log.reads.slice(before).every((r) => r.returned <= 1), `the leader read the log tail itself: ${JSON.stringify(log.reads.slice(before), (_, v) => (typeof v === 'bigint' ? v.toString(16) : v))}`);
    assert.equal(leader.purgeFloor(), makeZxid(1, 10));
  });
});

describe('Zab leader: a learner ahead of it after the epoch is agreed is synced, not obeyed (issue 8, finding 4)', () => {
  it('TRUNCs an old leader with an uncommitted proposal instead of stepping down', () => {
    const log = logOf([1, 2, 3, 4, 5].map((c) => makeZxid(1, c)));
    const leader = leaderOver(log, makeZxid(1, 5));
    const effects = join(leader, makeZxid(1, 6), 1);
    assert.ok(!effects.some((e) => e.kind === 'stepDown'), 'no re-election');
    assert.deepEqual(toLink(effects, 9), [`TRUNC ${makeZxid(1, 5).toString(16)}`, `NEWLEADER ${makeZxid(2, 0).toString(16)}`]);
    assert.ok(leader.established);
  });

  it('syncs a learner whose currentEpoch is above its own pre-election one', () => {
    const log = logOf([1, 2, 3].map((c) => makeZxid(1, c)));
    const leader = leaderOver(log, makeZxid(1, 3), { acceptedEpoch: 1, currentEpoch: 1 });
    // It had followed epoch 2's leader, which died before committing anything of its own.
    const effects = join(leader, makeZxid(2, 1), 2, 2);
    assert.ok(!effects.some((e) => e.kind === 'stepDown'));
    assert.deepEqual(toLink(effects, 9)[0], `TRUNC ${makeZxid(1, 3).toString(16)}`);
  });
});

describe('Zab leader: a learner that does not finish syncing is dropped (issue 8, finding 9)', () => {
  it('drops a learner that answers pings but never acknowledges NEWLEADER within initLimit', () => {
    const log = logOf([1, 2, 3].map((c) => makeZxid(1, c)));
    const leader = leaderOver(log, makeZxid(1, 3));
    join(leader, makeZxid(1, 1), 1);
    const deadline = clock.nowMs + timing.initLimit * timing.tickTime;
    let closed: LeaderEffect | undefined;
    while (clock.nowMs <= deadline + timing.tickTime && !closed) {
      clock.nowMs += timing.tickTime / 2;
      leader.receive(9, { type: Pkt.PING, lastApplied: 0n, round: 1, touches: [] }); // alive, disk hung
      leader.receive(7, { type: Pkt.PING, lastApplied: 0n, round: 1, touches: [] });
      leader.tick();
      closed = leader.drain().find((e) => e.kind === 'close' && e.link === 9);
    }
    assert.ok(closed, 'never dropped');
    assert.ok(clock.nowMs > deadline - timing.tickTime, 'not before initLimit');
    assert.equal(leader.purgeFloor(), null, 'its stream is released');
    assert.ok(leader.established, 'the leader stays');
  });
});

describe('Zab learner: a txn reaches the log before the applied state that holds it', () => {
  /** A follower (or observer) of epoch 2, synced at (1,3) and serving. */
  function serving(observer: boolean): LearnerCore {
    const l = learnerInEpoch2(makeZxid(1, 3), observer);
    l.receive({ type: Pkt.DIFF, zxid: makeZxid(1, 3) });
    l.receive({ type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 3) });
    for (const e of l.drain()) if (e.kind === 'persistEpochs') l.persisted(e.token);
    l.receive({ type: Pkt.UPTODATE, zxid: makeZxid(1, 3) });
    l.drain();
    return l;
  }
  const order = (effects: LearnerEffect[]) => effects.filter((e) => e.kind === 'persist' || e.kind === 'commit').map((e) => `${e.kind} ${(e as { txns: Txn[] }).txns.map((t) => t.zxid.toString(16)).join(',')}`);

  it('a PROPOSAL and its COMMIT in one turn: persist, then commit (storage keeps call order)', () => {
    const l = serving(false);
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 1)) });
    l.receive({ type: Pkt.COMMIT, zxid: makeZxid(2, 1) });
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 2)) });
    assert.deepEqual(order(l.drain()), ['persist 200000001', 'commit 200000001', 'persist 200000002']);
  });

  it('an observer informed of a txn: persist, then commit', () => {
    const l = serving(true);
    l.receive({ type: Pkt.INFORM, txn: txn(makeZxid(2, 1)) });
    assert.deepEqual(order(l.drain()), ['persist 200000001', 'commit 200000001']);
  });

  it('a commit of txns logged in an earlier turn leaves the appends of this turn in one call', () => {
    const l = serving(false);
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 1)) });
    l.drain();
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 2)) });
    l.receive({ type: Pkt.COMMIT, zxid: makeZxid(2, 1) });
    l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 3)) });
    assert.deepEqual(order(l.drain()), ['commit 200000001', 'persist 200000002,200000003']);
  });
});
