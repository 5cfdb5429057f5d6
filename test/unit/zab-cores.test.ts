/**
 * The Zab cores driven by hand: the order of durable steps a learner takes before it promises
 * anything, a leader's commit rule, and the forced new epoch at the end of the zxid counter.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeZxid } from '../../src/base/zxid.js';
import { LeaderCore } from '../../src/zab/leader.js';
import { LearnerCore } from '../../src/zab/learner.js';
import type { LeaderEffect, LearnerEffect, LogReader } from '../../src/zab/types.js';
import { decodeInt, encodeLearnerInfo, encodeInt, encodeLong, packet, Pkt, QuorumPacket } from '../../src/wire/quorum.js';
import { encodeTxn, Txn, TxnType } from '../../src/wire/txn.js';

const clock = { now: 0, nowMs() { return this.now; }, wallMs() { return 1_700_000_000_000 + this.now; } };
const emptyLog: LogReader = { readLog: () => [], firstLogged: () => null };
const timing = { tickTime: 100, initLimit: 10, syncLimit: 5 };

function txn(zxid: bigint, path = `/n${zxid}`): Txn {
  return { sessionId: 1n, cxid: 1, zxid, time: 0, body: { type: TxnType.create, path, data: null, acl: [], ephemeralOwner: 0n, parentCversion: 1 } };
}

const sent = (effects: (LeaderEffect | LearnerEffect)[]) =>
  effects.filter((e): e is Extract<LearnerEffect, { kind: 'send' }> => e.kind === 'send').map((e) => e.packet);

describe('Zab learner', () => {
  it('acknowledges NEWLEADER only after the synced txns, then currentEpoch, are durable', () => {
    const l = new LearnerCore({ myid: 2, leader: 1, observer: false, epochs: { acceptedEpoch: 1, currentEpoch: 1 }, lastLogged: makeZxid(1, 3), lastApplied: makeZxid(1, 3), timing }, clock, emptyLog);
    assert.deepEqual(l.drain().map((e) => e.kind), ['connect']);
    l.linkUp();
    const info = sent(l.drain());
    assert.equal(info[0].type, Pkt.FOLLOWERINFO);
    assert.equal(info[0].zxid, makeZxid(1, 0), 'FOLLOWERINFO carries the accepted epoch');

    // LEADERINFO for epoch 2: the promise is persisted before ACKEPOCH goes out.
    l.receive(packet(Pkt.LEADERINFO, makeZxid(2, 0), encodeInt(0x10000)));
    const promise = l.drain();
    assert.deepEqual(promise.map((e) => e.kind), ['persistEpochs']);
    const p1 = promise[0] as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    assert.deepEqual(p1.epochs, { acceptedEpoch: 2, currentEpoch: 1 });
    l.persisted(p1.token);
    const ackEpoch = sent(l.drain());
    assert.equal(ackEpoch[0].type, Pkt.ACKEPOCH);
    assert.equal(decodeInt(ackEpoch[0].data), 1);

    // DIFF with two txns, then NEWLEADER: nothing is acknowledged until both writes are durable.
    l.receive(packet(Pkt.DIFF, makeZxid(1, 5)));
    l.receive(packet(Pkt.PROPOSAL, makeZxid(1, 4), encodeTxn(txn(makeZxid(1, 4)))));
    l.receive(packet(Pkt.PROPOSAL, makeZxid(1, 5), encodeTxn(txn(makeZxid(1, 5)))));
    l.receive(packet(Pkt.NEWLEADER, makeZxid(2, 0), encodeLong(makeZxid(1, 5))));
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
    assert.deepEqual(ack.map((p) => [p.type, p.zxid]), [[Pkt.ACK, makeZxid(2, 0)]]);

    // UPTODATE applies what the leader said is committed.
    l.receive(packet(Pkt.UPTODATE, makeZxid(1, 5)));
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
    l.receive(packet(Pkt.LEADERINFO, makeZxid(3, 0), encodeInt(0x10000)));
    assert.ok(l.drain().some((e) => e.kind === 'lost'));
  });

  it('acknowledges a broadcast proposal only after its flush', () => {
    const l = new LearnerCore({ myid: 2, leader: 1, observer: false, epochs: { acceptedEpoch: 1, currentEpoch: 0 }, lastLogged: 0n, lastApplied: 0n, timing }, clock, emptyLog);
    l.drain();
    l.linkUp();
    l.receive(packet(Pkt.LEADERINFO, makeZxid(1, 0), encodeInt(0x10000)));
    l.receive(packet(Pkt.DIFF, 0n));
    l.receive(packet(Pkt.NEWLEADER, makeZxid(1, 0), encodeLong(0n)));
    for (const e of l.drain()) if (e.kind === 'persistEpochs') l.persisted(e.token);
    l.drain();
    l.receive(packet(Pkt.UPTODATE, 0n));
    l.drain();
    l.receive(packet(Pkt.PROPOSAL, makeZxid(1, 1), encodeTxn(txn(makeZxid(1, 1)))));
    const effects = l.drain();
    assert.equal(sent(effects).length, 0, 'no ACK before the flush');
    const persist = effects.find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.persisted(persist.token);
    assert.deepEqual(sent(l.drain()).map((p) => [p.type, p.zxid]), [[Pkt.ACK, makeZxid(1, 1)]]);
  });
});

describe('Zab leader', () => {
  /** A leader of voters {1,2,3} with follower 2 synced: returns the leader and 2's link. */
  function establishedLeader(lastLogged = 0n): { leader: LeaderCore; link: number } {
    const leader = new LeaderCore({ myid: 1, voters: [1, 2, 3], observers: [], epochs: { acceptedEpoch: 0, currentEpoch: 0 }, lastLogged, timing }, clock, emptyLog);
    const link = 7;
    leader.linkUp(link);
    leader.receive(link, packet(Pkt.FOLLOWERINFO, 0n, encodeLearnerInfo({ sid: 2, protocolVersion: 0x10000, lastLogged, currentEpoch: 0 })));
    const persistEpoch = (effects: LeaderEffect[]) => {
      for (const e of effects) if (e.kind === 'persistEpochs') leader.persisted(e.token);
    };
    persistEpoch(leader.drain());
    const out = leader.drain();
    const leaderInfo = out.find((e) => e.kind === 'send') as Extract<LeaderEffect, { kind: 'send' }>;
    assert.equal(leaderInfo.packet.type, Pkt.LEADERINFO);
    leader.receive(link, packet(Pkt.ACKEPOCH, lastLogged, encodeInt(0)));
    persistEpoch(leader.drain());
    leader.receive(link, packet(Pkt.ACK, makeZxid(1, 0)));
    const est = leader.drain();
    assert.ok(est.some((e) => e.kind === 'established'), JSON.stringify(est.map((e) => e.kind)));
    return { leader, link };
  }

  it('commits once a quorum (its own flushed copy included) acknowledged, in zxid order', () => {
    const { leader, link } = establishedLeader();
    const z1 = leader.nextZxid()!;
    leader.propose(txn(z1));
    const z2 = z1 + 1n;
    leader.propose(txn(z2));
    const effects = leader.drain();
    const persist = effects.find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    // The follower acks the second first: nothing commits out of order, and not before a quorum.
    leader.receive(link, packet(Pkt.ACK, z2));
    assert.ok(!leader.drain().some((e) => e.kind === 'commit'));
    leader.persisted(persist.token);
    const afterFlush = leader.drain();
    const commit = afterFlush.find((e) => e.kind === 'commit') as Extract<LeaderEffect, { kind: 'commit' }> | undefined;
    assert.deepEqual(commit?.txns.map((t) => t.zxid) ?? [], [], 'z1 has only our ack');
    leader.receive(link, packet(Pkt.ACK, z1));
    const done = leader.drain();
    const c2 = done.find((e) => e.kind === 'commit') as Extract<LeaderEffect, { kind: 'commit' }>;
    assert.deepEqual(c2.txns.map((t) => t.zxid), [z1, z2]);
    const commits = sent(done).filter((p: QuorumPacket) => p.type === Pkt.COMMIT).map((p) => p.zxid);
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
    const leader = new LeaderCore({ myid: 1, voters: [1, 2, 3], observers: [], epochs: { acceptedEpoch: 1, currentEpoch: 1 }, lastLogged: makeZxid(1, 5), timing }, clock, emptyLog);
    leader.linkUp(3);
    leader.receive(3, packet(Pkt.FOLLOWERINFO, makeZxid(1, 0), encodeLearnerInfo({ sid: 2, protocolVersion: 0x10000, lastLogged: makeZxid(1, 9), currentEpoch: 1 })));
    for (const e of leader.drain()) if (e.kind === 'persistEpochs') leader.persisted(e.token);
    leader.drain();
    leader.receive(3, packet(Pkt.ACKEPOCH, makeZxid(1, 9), encodeInt(1)));
    assert.ok(leader.drain().some((e) => e.kind === 'stepDown'));
  });

  it('drops a learner that stays silent past syncLimit and steps down without a live quorum', () => {
    const { leader } = establishedLeader();
    clock.now += timing.syncLimit * timing.tickTime + 1;
    leader.tick();
    const effects = leader.drain();
    assert.ok(effects.some((e) => e.kind === 'close'));
    assert.ok(effects.some((e) => e.kind === 'stepDown'));
  });
});
