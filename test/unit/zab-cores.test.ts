/**
 * The Zab cores driven by hand: the order of durable steps a learner takes before it promises
 * anything, a leader's commit rule, and the forced new epoch at the end of the zxid counter.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeZxid, asZxid, ZERO_ZXID, type Zxid, nextZxid } from '../../src/base/zxid.js';
import { InvariantViolation } from '../../src/base/invariant.js';
import { LeaderCore } from '../../src/zab/leader.js';
import { LearnerCore } from '../../src/zab/learner.js';
import type { LeaderEffect, LearnerEffect, LogReader } from '../../src/zab/types.js';
import { endTurn } from './zab-harness.js';
import { Pkt, quorumMessageZxid, type QuorumMessage } from '../../src/wire/quorum.js';
import { encodeTxn, Txn, TxnType } from '../../src/wire/txn.js';
import { asSid, asLinkId, type LinkId } from '../../src/base/ids.js';

/** The time the inputs carry (each test moves it as it needs). */
const clock = { nowMs: 0, wallMs: 1_700_000_000_000 };
const emptyLog: LogReader = { readLog: () => [], firstLogged: () => null };
const timing = { tickTime: 100, initLimit: 10, syncLimit: 5 };

function txn(zxid: Zxid, path = `/n${zxid}`): Txn {
  return { sessionId: 1n, cxid: 1, zxid, time: 0, body: { type: TxnType.create, path, data: null, acl: [], ephemeralOwner: 0n, parentCversion: 1 } };
}

const sent = (effects: (LeaderEffect | LearnerEffect)[]) =>
  effects.filter((e): e is Extract<LeaderEffect | LearnerEffect, { kind: 'send' }> => e.kind === 'send').map((e): QuorumMessage => e.packet);

describe('Zab learner', () => {
  it('acknowledges NEWLEADER only after the synced txns, then currentEpoch, are durable', () => {
    const l = new LearnerCore({ myid: asSid(2), leader: asSid(1), observer: false, epochs: { acceptedEpoch: 1, currentEpoch: 1 }, lastLogged: makeZxid(1, 3), lastApplied: makeZxid(1, 3), timing }, clock.nowMs, emptyLog);
    assert.deepEqual(endTurn(l, clock.nowMs).map((e) => e.kind), ['connect']);
    l.step({ kind: 'linkUp', nowMs: clock.nowMs });
    const info = sent(endTurn(l, clock.nowMs));
    assert.equal(info[0]!.type, Pkt.FOLLOWERINFO);
    assert.equal(quorumMessageZxid(info[0]!), makeZxid(1, 0), 'FOLLOWERINFO carries the accepted epoch');

    // LEADERINFO for epoch 2: the promise is persisted before ACKEPOCH goes out.
    l.step({ kind: 'fromLeader', packet: { type: Pkt.LEADERINFO, epoch: 2, protocolVersion: 0x10000 }, touches: [], nowMs: clock.nowMs });
    const promise = endTurn(l, clock.nowMs);
    assert.deepEqual(promise.map((e) => e.kind), ['persistEpochs']);
    const p1 = promise[0] as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    assert.deepEqual(p1.epochs, { acceptedEpoch: 2, currentEpoch: 1 });
    l.step({ kind: 'persisted', token: p1.token, nowMs: clock.nowMs });
    const ackEpoch = sent(endTurn(l, clock.nowMs));
    assert.equal(ackEpoch[0]!.type, Pkt.ACKEPOCH);
    assert.equal(ackEpoch[0]!.type === Pkt.ACKEPOCH && ackEpoch[0]!.currentEpoch, 1);

    // DIFF with two txns, then NEWLEADER: nothing is acknowledged until both writes are durable.
    l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: makeZxid(1, 5) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 4)) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 5)) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 5) }, touches: [], nowMs: clock.nowMs });
    const synced = endTurn(l, clock.nowMs);
    assert.deepEqual(synced.map((e) => e.kind), ['persist']);
    const persist = synced[0] as Extract<LearnerEffect, { kind: 'persist' }>;
    assert.deepEqual(persist.txns.map((t) => t.zxid), [makeZxid(1, 4), makeZxid(1, 5)]);
    l.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    const epoch = endTurn(l, clock.nowMs);
    assert.deepEqual(epoch.map((e) => e.kind), ['persistEpochs'], 'no ACK before currentEpoch is durable');
    const p2 = epoch[0] as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    assert.deepEqual(p2.epochs, { acceptedEpoch: 2, currentEpoch: 2 });
    l.step({ kind: 'persisted', token: p2.token, nowMs: clock.nowMs });
    const ack = sent(endTurn(l, clock.nowMs));
    assert.deepEqual(ack.map((p) => [p.type, quorumMessageZxid(p)]), [[Pkt.ACK, makeZxid(2, 0)]]);

    // UPTODATE applies what the leader said is committed.
    l.step({ kind: 'fromLeader', packet: { type: Pkt.UPTODATE, zxid: makeZxid(1, 5) }, touches: [], nowMs: clock.nowMs });
    const up = endTurn(l, clock.nowMs);
    const commit = up.find((e) => e.kind === 'commit') as Extract<LearnerEffect, { kind: 'commit' }>;
    assert.deepEqual(commit.txns.map((t) => t.zxid), [makeZxid(1, 4), makeZxid(1, 5)]);
    assert.ok(up.some((e) => e.kind === 'uptodate'));
  });

  it('refuses a leader whose epoch is below its promise', () => {
    const l = new LearnerCore({ myid: asSid(2), leader: asSid(1), observer: false, epochs: { acceptedEpoch: 5, currentEpoch: 4 }, lastLogged: asZxid(0n), lastApplied: asZxid(0n), timing }, clock.nowMs, emptyLog);
    endTurn(l, clock.nowMs);
    l.step({ kind: 'linkUp', nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.LEADERINFO, epoch: 3, protocolVersion: 0x10000 }, touches: [], nowMs: clock.nowMs });
    assert.ok(endTurn(l, clock.nowMs).some((e) => e.kind === 'lost'));
  });

  it('acknowledges a broadcast proposal only after its flush', () => {
    const l = new LearnerCore({ myid: asSid(2), leader: asSid(1), observer: false, epochs: { acceptedEpoch: 1, currentEpoch: 0 }, lastLogged: asZxid(0n), lastApplied: asZxid(0n), timing }, clock.nowMs, emptyLog);
    endTurn(l, clock.nowMs);
    l.step({ kind: 'linkUp', nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.LEADERINFO, epoch: 1, protocolVersion: 0x10000 }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: asZxid(0n) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 1, committedThrough: asZxid(0n) }, touches: [], nowMs: clock.nowMs });
    for (const e of endTurn(l, clock.nowMs)) if (e.kind === 'persistEpochs') l.step({ kind: 'persisted', token: e.token, nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.UPTODATE, zxid: asZxid(0n) }, touches: [], nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 1)) }, touches: [], nowMs: clock.nowMs });
    const effects = endTurn(l, clock.nowMs);
    assert.equal(sent(effects).length, 0, 'no ACK before the flush');
    const persist = effects.find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    assert.deepEqual(sent(endTurn(l, clock.nowMs)).map((p) => [p.type, quorumMessageZxid(p)]), [[Pkt.ACK, makeZxid(1, 1)]]);
  });
});

describe('Zab leader', () => {
  /** A leader of voters {1,2,3} with follower 2 synced: returns the leader and 2's link. */
  function establishedLeader(lastLogged = ZERO_ZXID): { leader: LeaderCore; link: LinkId } {
    const leader = new LeaderCore({ myid: asSid(1), voters: [asSid(1), asSid(2), asSid(3)], observers: [], epochs: { acceptedEpoch: 0, currentEpoch: 0 }, lastLogged, lastApplied: lastLogged, timing }, clock.nowMs, emptyLog);
    const link = asLinkId(7);
    leader.step({ kind: 'linkUp', link: link, nowMs: clock.nowMs });
    leader.step({ kind: 'fromLearner', link: link, packet: { type: Pkt.FOLLOWERINFO, acceptedEpoch: 0, sid: asSid(2), protocolVersion: 0x10000, lastLogged, currentEpoch: 0 }, nowMs: clock.nowMs });
    const persistEpoch = (effects: LeaderEffect[]) => {
      for (const e of effects) if (e.kind === 'persistEpochs') leader.step({ kind: 'persisted', token: e.token, nowMs: clock.nowMs });
    };
    persistEpoch(endTurn(leader, clock.nowMs));
    const out = endTurn(leader, clock.nowMs);
    const leaderInfo = out.find((e) => e.kind === 'send') as Extract<LeaderEffect, { kind: 'send' }>;
    assert.equal(leaderInfo.packet.type, Pkt.LEADERINFO);
    leader.step({ kind: 'fromLearner', link: link, packet: { type: Pkt.ACKEPOCH, lastLogged: lastLogged, currentEpoch: 0 }, nowMs: clock.nowMs });
    persistEpoch(endTurn(leader, clock.nowMs));
    leader.step({ kind: 'fromLearner', link: link, packet: { type: Pkt.ACK, zxid: makeZxid(1, 0) }, nowMs: clock.nowMs });
    const est = endTurn(leader, clock.nowMs);
    assert.ok(est.some((e) => e.kind === 'established'), JSON.stringify(est.map((e) => e.kind)));
    return { leader, link };
  }

  it('asserts its proposals are contiguous: a skipped or reused zxid is a broken invariant', () => {
    const { leader } = establishedLeader();
    const z1 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z1), nowMs: clock.nowMs });
    for (const wrong of [z1, asZxid(z1 + 2n)]) {
      assert.throws(() => leader.step({ kind: 'propose', txn: txn(wrong), nowMs: clock.nowMs }), (e: unknown) => e instanceof InvariantViolation && e.invariant === 'leader-proposals-contiguous');
    }
    leader.step({ kind: 'propose', txn: txn(nextZxid(z1)), nowMs: clock.nowMs });
  });

  it('commits once a quorum (its own flushed copy included) acknowledged, in zxid order', () => {
    const { leader, link } = establishedLeader();
    const z1 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z1), nowMs: clock.nowMs });
    const z2 = nextZxid(z1);
    leader.step({ kind: 'propose', txn: txn(z2), nowMs: clock.nowMs });
    const effects = endTurn(leader, clock.nowMs);
    const persist = effects.find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    // The follower holds z1 only: nothing commits before our own flush, then z1 alone.
    leader.step({ kind: 'fromLearner', link: link, packet: { type: Pkt.ACK, zxid: z1 }, nowMs: clock.nowMs });
    assert.ok(!endTurn(leader, clock.nowMs).some((e) => e.kind === 'commit'));
    leader.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    const afterFlush = endTurn(leader, clock.nowMs);
    const commit = afterFlush.find((e) => e.kind === 'commit') as Extract<LeaderEffect, { kind: 'commit' }> | undefined;
    assert.deepEqual(commit?.txns.map((t) => t.zxid) ?? [], [z1], 'z2 has only our ack');
    leader.step({ kind: 'fromLearner', link: link, packet: { type: Pkt.ACK, zxid: z2 }, nowMs: clock.nowMs });
    const done = endTurn(leader, clock.nowMs);
    const c2 = done.find((e) => e.kind === 'commit') as Extract<LeaderEffect, { kind: 'commit' }>;
    assert.deepEqual(c2.txns.map((t) => t.zxid), [z2]);
    assert.deepEqual(sent(done).filter((p) => p.type === Pkt.COMMIT).map(quorumMessageZxid), [z2]);
  });

  it('takes an ACK as cumulative: one for the highest zxid of a flushed batch commits every proposal before it, with one COMMIT', () => {
    const { leader, link } = establishedLeader();
    const z = [1, 2, 3].map(() => {
      const zxid = leader.nextZxid()!;
      leader.step({ kind: 'propose', txn: txn(zxid), nowMs: clock.nowMs });
      return zxid;
    });
    const persist = endTurn(leader, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    leader.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    assert.ok(!endTurn(leader, clock.nowMs).some((e) => e.kind === 'commit'), 'our copy alone is no quorum');
    leader.step({ kind: 'fromLearner', link: link, packet: { type: Pkt.ACK, zxid: z[2]! }, nowMs: clock.nowMs });
    const done = endTurn(leader, clock.nowMs);
    const commit = done.find((e) => e.kind === 'commit') as Extract<LeaderEffect, { kind: 'commit' }>;
    assert.deepEqual(commit.txns.map((t) => t.zxid), z);
    assert.deepEqual(sent(done).filter((p) => p.type === Pkt.COMMIT).map(quorumMessageZxid), [z[2]], 'one COMMIT, cumulative too');
    // An older ACK arriving late changes nothing.
    leader.step({ kind: 'fromLearner', link: link, packet: { type: Pkt.ACK, zxid: z[0]! }, nowMs: clock.nowMs });
    assert.deepEqual(endTurn(leader, clock.nowMs).filter((e) => e.kind !== 'log'), []);
  });

  it('keeps what a follower acknowledged when it reconnects: its log still holds it', () => {
    const { leader, link } = establishedLeader();
    const z1 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z1), nowMs: clock.nowMs });
    const persist = endTurn(leader, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    leader.step({ kind: 'fromLearner', link: link, packet: { type: Pkt.ACK, zxid: z1 }, nowMs: clock.nowMs });
    leader.step({ kind: 'linkDown', link, nowMs: clock.nowMs });
    endTurn(leader, clock.nowMs);
    leader.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    const commit = endTurn(leader, clock.nowMs).find((e) => e.kind === 'commit') as Extract<LeaderEffect, { kind: 'commit' }> | undefined;
    assert.deepEqual(commit?.txns.map((t) => t.zxid), [z1]);
  });

  it('drops a follower that acknowledges a zxid never proposed, and counts nothing from it', () => {
    const { leader, link } = establishedLeader();
    const z1 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z1), nowMs: clock.nowMs });
    const persist = endTurn(leader, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    leader.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    endTurn(leader, clock.nowMs);
    leader.step({ kind: 'fromLearner', link: link, packet: { type: Pkt.ACK, zxid: nextZxid(z1) }, nowMs: clock.nowMs });
    const out = endTurn(leader, clock.nowMs);
    assert.ok(!out.some((e) => e.kind === 'commit'), 'an ACK beyond the last proposal acknowledges nothing');
    const close = out.find((e) => e.kind === 'close') as Extract<LeaderEffect, { kind: 'close' }> | undefined;
    assert.match(close?.reason ?? '', /beyond our last proposal/);
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
    const leader = new LeaderCore({ myid: asSid(1), voters: [asSid(1), asSid(2), asSid(3)], observers: [], epochs: { acceptedEpoch: 1, currentEpoch: 1 }, lastLogged: makeZxid(1, 5), lastApplied: makeZxid(1, 5), timing }, clock.nowMs, emptyLog);
    leader.step({ kind: 'linkUp', link: asLinkId(3), nowMs: clock.nowMs });
    leader.step({ kind: 'fromLearner', link: asLinkId(3), packet: { type: Pkt.FOLLOWERINFO, acceptedEpoch: 1, sid: asSid(2), protocolVersion: 0x10000, lastLogged: makeZxid(1, 9), currentEpoch: 1 }, nowMs: clock.nowMs });
    for (const e of endTurn(leader, clock.nowMs)) if (e.kind === 'persistEpochs') leader.step({ kind: 'persisted', token: e.token, nowMs: clock.nowMs });
    endTurn(leader, clock.nowMs);
    leader.step({ kind: 'fromLearner', link: asLinkId(3), packet: { type: Pkt.ACKEPOCH, lastLogged: makeZxid(1, 9), currentEpoch: 1 }, nowMs: clock.nowMs });
    assert.ok(endTurn(leader, clock.nowMs).some((e) => e.kind === 'stepDown'));
  });

  it('drops a follower that answers pings but leaves a proposal unacknowledged past syncLimit, naming the oldest one', () => {
    for (const ackedThrough of [2, 3]) {
      const { leader, link } = establishedLeader();
      const z = [1, 2, 3].map(() => {
        const zxid = leader.nextZxid()!;
        leader.step({ kind: 'propose', txn: txn(zxid), nowMs: clock.nowMs });
        return zxid;
      });
      endTurn(leader, clock.nowMs);
      leader.step({ kind: 'fromLearner', link, packet: { type: Pkt.ACK, zxid: z[ackedThrough - 1]! }, nowMs: clock.nowMs }); // acknowledges everything up to it
      endTurn(leader, clock.nowMs);
      const start = clock.nowMs;
      while (clock.nowMs - start <= timing.syncLimit * timing.tickTime) {
        clock.nowMs += timing.tickTime / 2;
        leader.step({ kind: 'fromLearner', link, packet: { type: Pkt.PING, lastApplied: ZERO_ZXID, round: 0, touches: [] }, nowMs: clock.nowMs });
        leader.step({ kind: 'tick', nowMs: clock.nowMs });
      }
      const closes = endTurn(leader, clock.nowMs).filter((e): e is Extract<LeaderEffect, { kind: 'close' }> => e.kind === 'close');
      if (ackedThrough === 3) assert.deepEqual(closes, [], 'everything acknowledged: kept');
      else assert.match(closes[0]?.reason ?? '', new RegExp(`slow to acknowledge: proposal 0x${z[2]!.toString(16)} unacknowledged`));
    }
  });

  it('drops a learner that stays silent past syncLimit and steps down without a live quorum', () => {
    const { leader } = establishedLeader();
    clock.nowMs += timing.syncLimit * timing.tickTime + 1;
    leader.step({ kind: 'tick', nowMs: clock.nowMs });
    const effects = endTurn(leader, clock.nowMs);
    assert.ok(effects.some((e) => e.kind === 'close'));
    assert.ok(effects.some((e) => e.kind === 'stepDown'));
  });
});

// ------------------------------------------------------------------ issue 8: sync safety

/** A log reader over entries held in memory (zxid order), recording every read. */
function logOf(zxids: Zxid[]): LogReader & { reads: { from: Zxid; to?: Zxid | undefined; maxBytes?: number | undefined; returned: number }[] } {
  const entries = zxids.map((zxid) => ({ zxid, bytes: encodeTxn(txn(zxid)) }));
  const reads: { from: Zxid; to?: Zxid | undefined; maxBytes?: number | undefined; returned: number }[] = [];
  return {
    reads,
    readLog(from: Zxid, to?: Zxid, maxBytes?: number) {
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
  const l = new LearnerCore({ myid: asSid(2), leader: asSid(1), observer, epochs: { acceptedEpoch: 1, currentEpoch: 1 }, lastLogged, lastApplied: lastLogged, timing }, clock.nowMs, emptyLog);
  endTurn(l, clock.nowMs);
  l.step({ kind: 'linkUp', nowMs: clock.nowMs });
  endTurn(l, clock.nowMs);
  l.step({ kind: 'fromLeader', packet: { type: Pkt.LEADERINFO, epoch: 2, protocolVersion: 0x10000 }, touches: [], nowMs: clock.nowMs });
  for (const e of endTurn(l, clock.nowMs)) if (e.kind === 'persistEpochs') l.step({ kind: 'persisted', token: e.token, nowMs: clock.nowMs });
  const ackEpoch = sent(endTurn(l, clock.nowMs));
  assert.equal(ackEpoch[0]!.type, Pkt.ACKEPOCH);
  return l;
}

const acks = (effects: LearnerEffect[]) => sent(effects).filter((p) => p.type === Pkt.ACK).map((p) => p.zxid);

describe('Zab learner: no ACK before the new currentEpoch is durable (issue 8, finding 2)', () => {
  it('holds the ACKs of synced txns the leader has not committed until currentEpoch is durable', () => {
    const l = learnerInEpoch2();
    l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: makeZxid(1, 5) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 4)) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 5)) }, touches: [], nowMs: clock.nowMs });
    // The leader says only (1,4) is committed: (1,5) wants our ACK to count towards its quorum.
    l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 4) }, touches: [], nowMs: clock.nowMs });
    const persist = endTurn(l, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    const afterTxns = endTurn(l, clock.nowMs);
    assert.deepEqual(acks(afterTxns), [], 'no ACK while currentEpoch is not durable');
    const epochs = afterTxns.find((e) => e.kind === 'persistEpochs') as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    assert.deepEqual(epochs.epochs, { acceptedEpoch: 2, currentEpoch: 2 });
    l.step({ kind: 'persisted', token: epochs.token, nowMs: clock.nowMs });
    // One ACK for the synced txns the leader has not committed, then NEWLEADER's.
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [makeZxid(1, 5), makeZxid(2, 0)]);
  });

  it('holds the ACKs of proposals logged while NEWLEADER is being acknowledged', () => {
    const l = learnerInEpoch2();
    l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    const epochs = endTurn(l, clock.nowMs).find((e) => e.kind === 'persistEpochs') as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    // A live proposal of the new epoch arrives, and its flush completes first.
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 1)) }, touches: [], nowMs: clock.nowMs });
    const persist = endTurn(l, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [], 'no ACK while currentEpoch is not durable');
    l.step({ kind: 'persisted', token: epochs.token, nowMs: clock.nowMs });
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [makeZxid(2, 1), makeZxid(2, 0)]);
    // Later proposals are acknowledged on their flush, as usual.
    l.step({ kind: 'fromLeader', packet: { type: Pkt.UPTODATE, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 2)) }, touches: [], nowMs: clock.nowMs });
    const p2 = endTurn(l, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.step({ kind: 'persisted', token: p2.token, nowMs: clock.nowMs });
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [makeZxid(2, 2)]);
  });

  it('holds one ACK for the synced txns and the proposals logged meanwhile, and sends the highest', () => {
    const l = learnerInEpoch2();
    l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: makeZxid(1, 5) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 4)) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 5)) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 4) }, touches: [], nowMs: clock.nowMs });
    const synced = endTurn(l, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 1)) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 2)) }, touches: [], nowMs: clock.nowMs });
    const live = endTurn(l, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.step({ kind: 'persisted', token: synced.token, nowMs: clock.nowMs });
    l.step({ kind: 'persisted', token: live.token, nowMs: clock.nowMs });
    const epochs = endTurn(l, clock.nowMs).find((e) => e.kind === 'persistEpochs') as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    l.step({ kind: 'persisted', token: epochs.token, nowMs: clock.nowMs });
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [makeZxid(2, 2), makeZxid(2, 0)]);
  });
});

describe('Zab learner: one cumulative ACK per turn of flushes', () => {
  it('acknowledges batches flushed in the same turn with one ACK for the highest zxid, and none before the flush', () => {
    const l = learnerInEpoch2();
    l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    const epochs = endTurn(l, clock.nowMs).find((e) => e.kind === 'persistEpochs') as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    l.step({ kind: 'persisted', token: epochs.token, nowMs: clock.nowMs });
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [makeZxid(2, 0)]);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.UPTODATE, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    const batches = [[1, 2], [3], [4, 5]].map((counters) => {
      for (const c of counters) l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, c)) }, touches: [], nowMs: clock.nowMs });
      const out = endTurn(l, clock.nowMs);
      assert.deepEqual(acks(out), [], 'no ACK before the flush');
      return out.find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    });
    l.step({ kind: 'persisted', token: batches[0]!.token, nowMs: clock.nowMs });
    l.step({ kind: 'persisted', token: batches[1]!.token, nowMs: clock.nowMs });
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [makeZxid(2, 3)]);
    l.step({ kind: 'persisted', token: batches[2]!.token, nowMs: clock.nowMs });
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [makeZxid(2, 5)]);
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [], 'each ACK once');
  });

  it('applies every txn up to a COMMIT: COMMITs are cumulative', () => {
    const l = learnerInEpoch2();
    l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    const epochs = endTurn(l, clock.nowMs).find((e) => e.kind === 'persistEpochs') as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    l.step({ kind: 'persisted', token: epochs.token, nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.UPTODATE, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    for (const c of [1, 2, 3]) l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, c)) }, touches: [], nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.COMMIT, zxid: makeZxid(2, 2) }, touches: [], nowMs: clock.nowMs });
    const commit = endTurn(l, clock.nowMs).find((e) => e.kind === 'commit') as Extract<LearnerEffect, { kind: 'commit' }>;
    assert.deepEqual(commit.txns.map((t) => t.zxid), [makeZxid(2, 1), makeZxid(2, 2)]);
    assert.equal(l.appliedZxid, makeZxid(2, 2));
  });

  it('sends no ACK as an observer', () => {
    const l = learnerInEpoch2(makeZxid(1, 3), true);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    const epochs = endTurn(l, clock.nowMs).find((e) => e.kind === 'persistEpochs') as Extract<LearnerEffect, { kind: 'persistEpochs' }>;
    l.step({ kind: 'persisted', token: epochs.token, nowMs: clock.nowMs });
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), [makeZxid(2, 0)], 'NEWLEADER only');
    l.step({ kind: 'fromLeader', packet: { type: Pkt.UPTODATE, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.INFORM, txn: txn(makeZxid(2, 1)) }, touches: [], nowMs: clock.nowMs });
    const persist = endTurn(l, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LearnerEffect, { kind: 'persist' }>;
    l.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    assert.deepEqual(acks(endTurn(l, clock.nowMs)), []);
  });
});

describe('Zab learner: refuses any gap in the proposal stream (issue 8, finding 3)', () => {
  const cases: Array<[string, Zxid, Zxid[], boolean]> = [
    ['the next counter of the same epoch', makeZxid(1, 3), [makeZxid(1, 4)], true],
    ['counter 1 of a later epoch', makeZxid(1, 3), [makeZxid(3, 1)], true],
    ['a skipped counter', makeZxid(1, 3), [makeZxid(1, 5)], false],
    ['a later epoch not starting at counter 1', makeZxid(1, 3), [makeZxid(2, 2)], false],
    ['a gap after accepted ones', makeZxid(1, 3), [makeZxid(1, 4), makeZxid(2, 1), makeZxid(2, 3)], false],
  ];
  for (const [name, from, zxids, ok] of cases) {
    it(`${ok ? 'accepts' : 'leaves the leader on'} ${name}`, () => {
      const l = learnerInEpoch2(from);
      l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: zxids[zxids.length - 1]! }, touches: [], nowMs: clock.nowMs });
      for (const z of zxids) l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(z) }, touches: [], nowMs: clock.nowMs });
      const effects = endTurn(l, clock.nowMs);
      assert.equal(effects.some((e) => e.kind === 'lost'), !ok, JSON.stringify(effects.map((e) => e.kind)));
      if (!ok) assert.ok(effects.some((e) => e.kind === 'log' && e.level === 'error' && /gap/.test(e.message)), 'loudly');
    });
  }

  it('leaves the leader when the first txn after a SNAP does not follow the snapshot', () => {
    const l = learnerInEpoch2(asZxid(0n));
    l.step({ kind: 'fromLeader', packet: { type: Pkt.SNAP, zxid: makeZxid(1, 9) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.SNAP_END, zxid: makeZxid(1, 9) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 11)) }, touches: [], nowMs: clock.nowMs });
    assert.ok(endTurn(l, clock.nowMs).some((e) => e.kind === 'lost'));
  });

  it('leaves the leader when an observer is informed of a txn past a gap', () => {
    const l = learnerInEpoch2(makeZxid(1, 3), true);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    for (const e of endTurn(l, clock.nowMs)) if (e.kind === 'persistEpochs') l.step({ kind: 'persisted', token: e.token, nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.UPTODATE, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.INFORM, txn: txn(makeZxid(2, 2)) }, touches: [], nowMs: clock.nowMs });
    assert.ok(endTurn(l, clock.nowMs).some((e) => e.kind === 'lost'));
  });
});

/** A leader of {1,2,3} established with follower 2 (link 7), over `log`. */
function leaderOver(log: LogReader, lastLogged: Zxid, epochs = { acceptedEpoch: 1, currentEpoch: 1 }): LeaderCore {
  const leader = new LeaderCore({ myid: asSid(1), voters: [asSid(1), asSid(2), asSid(3)], observers: [], epochs, lastLogged, lastApplied: lastLogged, timing }, clock.nowMs, log);
  leader.step({ kind: 'linkUp', link: asLinkId(7), nowMs: clock.nowMs });
  leader.step({ kind: 'fromLearner', link: asLinkId(7), packet: { type: Pkt.FOLLOWERINFO, acceptedEpoch: epochs.acceptedEpoch, sid: asSid(2), protocolVersion: 0x10000, lastLogged, currentEpoch: epochs.currentEpoch }, nowMs: clock.nowMs });
  for (const e of endTurn(leader, clock.nowMs)) if (e.kind === 'persistEpochs') leader.step({ kind: 'persisted', token: e.token, nowMs: clock.nowMs });
  endTurn(leader, clock.nowMs);
  leader.step({ kind: 'fromLearner', link: asLinkId(7), packet: { type: Pkt.ACKEPOCH, lastLogged: lastLogged, currentEpoch: epochs.currentEpoch }, nowMs: clock.nowMs });
  for (const e of endTurn(leader, clock.nowMs)) if (e.kind === 'persistEpochs') leader.step({ kind: 'persisted', token: e.token, nowMs: clock.nowMs });
  leader.step({ kind: 'fromLearner', link: asLinkId(7), packet: { type: Pkt.ACK, zxid: makeZxid(epochs.acceptedEpoch + 1, 0) }, nowMs: clock.nowMs });
  assert.ok(endTurn(leader, clock.nowMs).some((e) => e.kind === 'established'));
  return leader;
}

/** Server 3 joins on link 9 with the given state; returns what the leader did about it. */
function join(leader: LeaderCore, lastLogged: Zxid, currentEpoch: number, acceptedEpoch = currentEpoch): LeaderEffect[] {
  leader.step({ kind: 'linkUp', link: asLinkId(9), nowMs: clock.nowMs });
  leader.step({ kind: 'fromLearner', link: asLinkId(9), packet: { type: Pkt.FOLLOWERINFO, acceptedEpoch: acceptedEpoch, sid: asSid(3), protocolVersion: 0x10000, lastLogged, currentEpoch }, nowMs: clock.nowMs });
  const info = sent(endTurn(leader, clock.nowMs));
  assert.equal(info[0]?.type, Pkt.LEADERINFO);
  leader.step({ kind: 'fromLearner', link: asLinkId(9), packet: { type: Pkt.ACKEPOCH, lastLogged: lastLogged, currentEpoch: currentEpoch }, nowMs: clock.nowMs });
  return endTurn(leader, clock.nowMs);
}

const toLink = (effects: LeaderEffect[], link: number) =>
  effects.filter((e): e is Extract<LeaderEffect, { kind: 'send' }> => e.kind === 'send' && e.link === link).map((e) => `${Pkt.PROPOSAL === e.packet.type ? 'PROPOSAL' : e.packet.type === Pkt.COMMIT ? 'COMMIT' : e.packet.type === Pkt.NEWLEADER ? 'NEWLEADER' : e.packet.type === Pkt.DIFF ? 'DIFF' : e.packet.type === Pkt.TRUNC ? 'TRUNC' : e.packet.type} ${quorumMessageZxid(e.packet).toString(16)}`);

describe('Zab leader: SNAP carries everything after the snapshot (issue 8, finding 3)', () => {
  it('forwards to a SNAP learner from the moment the snapshot is taken, and holds the purge floor until it is synced', () => {
    const leader = leaderOver(emptyLog, asZxid(0n));
    const z1 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z1), nowMs: clock.nowMs });
    const p1 = endTurn(leader, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    leader.step({ kind: 'persisted', token: p1.token, nowMs: clock.nowMs });
    leader.step({ kind: 'fromLearner', link: asLinkId(7), packet: { type: Pkt.ACK, zxid: z1 }, nowMs: clock.nowMs });
    assert.ok(endTurn(leader, clock.nowMs).some((e) => e.kind === 'commit'), 'z1 committed');
    const z2 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z2), nowMs: clock.nowMs }); // in flight: not committed, not in our log yet
    const p2 = endTurn(leader, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    // Server 3 has history we do not (and our log reaches nothing): SNAP.
    const effects = join(leader, makeZxid(0, 7), 0);
    const snap = effects.find((e) => e.kind === 'snapshot') as Extract<LeaderEffect, { kind: 'snapshot' }>;
    assert.ok(snap, JSON.stringify(effects.map((e) => e.kind)));
    assert.equal(snap.zxid, z1, 'the snapshot is the state as committed and applied now');
    assert.deepEqual(toLink(effects, 9), [`PROPOSAL ${z2.toString(16)}`, `NEWLEADER ${makeZxid(2, 0).toString(16)}`]);
    assert.equal(leader.purgeFloor(), z1);
    // What happens while the snapshot streams goes to the link right away (queued behind it).
    const z3 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z3), nowMs: clock.nowMs });
    leader.step({ kind: 'fromLearner', link: asLinkId(7), packet: { type: Pkt.ACK, zxid: z2 }, nowMs: clock.nowMs });
    const later = endTurn(leader, clock.nowMs);
    leader.step({ kind: 'persisted', token: p2.token, nowMs: clock.nowMs });
    const all = [...later, ...endTurn(leader, clock.nowMs)];
    assert.deepEqual(toLink(all, 9), [`PROPOSAL ${z3.toString(16)}`, `COMMIT ${z2.toString(16)}`]);
    leader.step({ kind: 'fromLearner', link: asLinkId(9), packet: { type: Pkt.ACK, zxid: makeZxid(2, 0) }, nowMs: clock.nowMs });
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

describe('Zab leader: a broadcast is one message for every follower', () => {
  it('sends each PROPOSAL and each COMMIT as one message object to all followers (the interpreter encodes it once)', () => {
    const leader = leaderOver(emptyLog, asZxid(0n));
    join(leader, asZxid(0n), 1);
    leader.step({ kind: 'fromLearner', link: asLinkId(9), packet: { type: Pkt.ACK, zxid: makeZxid(2, 0) }, nowMs: clock.nowMs });
    endTurn(leader, clock.nowMs);
    const z1 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z1), nowMs: clock.nowMs });
    const effects = endTurn(leader, clock.nowMs);
    const proposals = effects.filter((e): e is Extract<LeaderEffect, { kind: 'send' }> => e.kind === 'send' && e.packet.type === Pkt.PROPOSAL);
    assert.deepEqual(proposals.map((e) => e.link), [7, 9]);
    assert.equal(proposals[0]!.packet, proposals[1]!.packet);
    const persist = effects.find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    leader.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    leader.step({ kind: 'fromLearner', link: asLinkId(7), packet: { type: Pkt.ACK, zxid: z1 }, nowMs: clock.nowMs });
    const commits = endTurn(leader, clock.nowMs).filter((e): e is Extract<LeaderEffect, { kind: 'send' }> => e.kind === 'send' && e.packet.type === Pkt.COMMIT);
    assert.deepEqual(commits.map((e) => e.link), [7, 9]);
    assert.equal(commits[0]!.packet, commits[1]!.packet);
  });
});

describe('Zab leader: the follower whose client waits gets its COMMIT first', () => {
  /** Follower 3 (link 9) forwards a write; it is proposed, flushed and acknowledged by 2 (link 7). */
  function commitLinks(forwarder: LinkId | null): number[] {
    const leader = leaderOver(emptyLog, asZxid(0n));
    join(leader, asZxid(0n), 1);
    leader.step({ kind: 'fromLearner', link: asLinkId(9), packet: { type: Pkt.ACK, zxid: makeZxid(2, 0) }, nowMs: clock.nowMs });
    endTurn(leader, clock.nowMs);
    if (forwarder !== null) {
      const request = { kind: 'undecodable' as const, sessionId: 5n, cxid: 1, op: 5, record: new Uint8Array(0) };
      leader.step({ kind: 'fromLearner', link: forwarder, packet: { type: Pkt.REQUEST, request, authinfo: [] }, nowMs: clock.nowMs });
      assert.ok(endTurn(leader, clock.nowMs).some((e) => e.kind === 'forwarded'));
    }
    const z1 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z1), nowMs: clock.nowMs });
    const persist = endTurn(leader, clock.nowMs).find((e) => e.kind === 'persist') as Extract<LeaderEffect, { kind: 'persist' }>;
    leader.step({ kind: 'persisted', token: persist.token, nowMs: clock.nowMs });
    leader.step({ kind: 'fromLearner', link: asLinkId(7), packet: { type: Pkt.ACK, zxid: z1 }, nowMs: clock.nowMs });
    const commits = endTurn(leader, clock.nowMs).filter((e): e is Extract<LeaderEffect, { kind: 'send' }> => e.kind === 'send' && e.packet.type === Pkt.COMMIT);
    assert.equal(commits[0]!.packet, commits[1]!.packet, 'one COMMIT for both');
    return commits.map((e) => e.link);
  }

  it('sends the COMMIT to the learner that forwarded the latest write before the others (its client waits for it)', () => {
    assert.deepEqual(commitLinks(asLinkId(9)), [9, 7]);
  });

  it('keeps the learners\' order otherwise: a write of the leader\'s own client, or one forwarded by the first learner', () => {
    assert.deepEqual(commitLinks(null), [7, 9]);
    assert.deepEqual(commitLinks(asLinkId(7)), [7, 9]);
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
      leader.step({ kind: 'fromLearner', link: asLinkId(9), packet: { type: Pkt.PING, lastApplied: asZxid(0n), round: 1, touches: [] }, nowMs: clock.nowMs }); // alive, disk hung
      leader.step({ kind: 'fromLearner', link: asLinkId(7), packet: { type: Pkt.PING, lastApplied: asZxid(0n), round: 1, touches: [] }, nowMs: clock.nowMs });
      leader.step({ kind: 'tick', nowMs: clock.nowMs });
      closed = endTurn(leader, clock.nowMs).find((e) => e.kind === 'close' && e.link === 9);
    }
    assert.ok(closed, 'never dropped');
    assert.ok(clock.nowMs > deadline - timing.tickTime, 'not before initLimit');
    assert.equal(leader.purgeFloor(), null, 'its stream is released');
    assert.ok(leader.established, 'the leader stays');
  });
});

/** A follower (or observer) of epoch 2, synced at (1,3) and serving. */
function serving(observer: boolean): LearnerCore {
  const l = learnerInEpoch2(makeZxid(1, 3), observer);
  l.step({ kind: 'fromLeader', packet: { type: Pkt.DIFF, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
  l.step({ kind: 'fromLeader', packet: { type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
  for (const e of endTurn(l, clock.nowMs)) if (e.kind === 'persistEpochs') l.step({ kind: 'persisted', token: e.token, nowMs: clock.nowMs });
  l.step({ kind: 'fromLeader', packet: { type: Pkt.UPTODATE, zxid: makeZxid(1, 3) }, touches: [], nowMs: clock.nowMs });
  endTurn(l, clock.nowMs);
  return l;
}
const order = (effects: LearnerEffect[]) => effects.filter((e) => e.kind === 'persist' || e.kind === 'commit').map((e) => `${e.kind} ${(e as { txns: Txn[] }).txns.map((t) => t.zxid.toString(16)).join(',')}`);

describe('Zab learner: a txn reaches the log before the applied state that holds it', () => {
  it('a PROPOSAL and its COMMIT in one turn: persist, then commit (storage keeps call order)', () => {
    const l = serving(false);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 1)) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.COMMIT, zxid: makeZxid(2, 1) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 2)) }, touches: [], nowMs: clock.nowMs });
    assert.deepEqual(order(endTurn(l, clock.nowMs)), ['persist 200000001', 'commit 200000001', 'persist 200000002']);
  });

  it('an observer informed of a txn: persist, then commit', () => {
    const l = serving(true);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.INFORM, txn: txn(makeZxid(2, 1)) }, touches: [], nowMs: clock.nowMs });
    assert.deepEqual(order(endTurn(l, clock.nowMs)), ['persist 200000001', 'commit 200000001']);
  });

  it('a commit of txns logged in an earlier turn leaves the appends of this turn in one call', () => {
    const l = serving(false);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 1)) }, touches: [], nowMs: clock.nowMs });
    endTurn(l, clock.nowMs);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 2)) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.COMMIT, zxid: makeZxid(2, 1) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 3)) }, touches: [], nowMs: clock.nowMs });
    assert.deepEqual(order(endTurn(l, clock.nowMs)), ['commit 200000001', 'persist 200000002,200000003']);
  });
});

describe('Zab cores: step is the only way in (docs/architecture.md, "The core shape")', () => {
  it('drain only reads out: the proposals of a turn leave as one persist at the flush input', () => {
    const leader = leaderOver(emptyLog, makeZxid(1, 5));
    const z1 = leader.nextZxid()!;
    leader.step({ kind: 'propose', txn: txn(z1), nowMs: clock.nowMs });
    leader.step({ kind: 'propose', txn: txn(nextZxid(z1)), nowMs: clock.nowMs });
    const before = leader.drain();
    assert.deepEqual(before.map((e) => e.kind), ['send', 'send'], 'the PROPOSALs go out; nothing is handed to storage yet');
    assert.deepEqual(leader.drain(), [], 'a second drain finds nothing: the first changed nothing but the queue it read');
    leader.step({ kind: 'flush', nowMs: clock.nowMs });
    const flushed = leader.drain();
    assert.deepEqual(flushed.map((e) => e.kind === 'persist' && e.txns.map((t) => t.zxid)), [[z1, nextZxid(z1)]]);
  });

  it('a learner logs what it was sent in the turn as one persist at the flush input, not at drain', () => {
    const l = serving(false);
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 1)) }, touches: [], nowMs: clock.nowMs });
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PROPOSAL, txn: txn(makeZxid(2, 2)) }, touches: [], nowMs: clock.nowMs });
    assert.deepEqual(l.drain(), []);
    l.step({ kind: 'flush', nowMs: clock.nowMs });
    assert.deepEqual(order(l.drain()), ['persist 200000001,200000002']);
  });

  it('a learner answers a PING with the session touches its input carries', () => {
    const l = serving(false);
    const touches = [{ sessionId: 0x42n, timeout: 4000 }];
    l.step({ kind: 'fromLeader', packet: { type: Pkt.PING, lastCommitted: asZxid(0n), round: 3 }, touches, nowMs: clock.nowMs });
    const [pong] = sent(endTurn(l, clock.nowMs));
    assert.equal(pong?.type, Pkt.PING);
    assert.deepEqual(pong?.type === Pkt.PING && 'touches' in pong && [pong.round, pong.touches], [3, touches]);
  });

  it('takes time only from its inputs: the leader measures silence with the nowMs of the tick', () => {
    const leader = leaderOver(emptyLog, asZxid(0n));
    const base = clock.nowMs;
    const limit = timing.syncLimit * timing.tickTime;
    leader.step({ kind: 'fromLearner', link: asLinkId(7), packet: { type: Pkt.PING, lastApplied: asZxid(0n), round: 0, touches: [] }, nowMs: base + limit });
    // Silent for exactly syncLimit since the ping (heard at base + limit): kept.
    leader.step({ kind: 'tick', nowMs: base + 2 * limit });
    assert.ok(!endTurn(leader, base + 2 * limit).some((e) => e.kind === 'close'));
    leader.step({ kind: 'tick', nowMs: base + 2 * limit + 1 });
    const late = endTurn(leader, base + 2 * limit + 1);
    assert.ok(late.some((e) => e.kind === 'close' && e.link === 7), 'dropped one ms past syncLimit');
    assert.ok(late.some((e) => e.kind === 'stepDown'), 'and without a live quorum it steps down');
  });
});
