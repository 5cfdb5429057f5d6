/**
 * The classic pull-based election (docs/architecture.md, "Elections over UDP"), step by step,
 * with the weaknesses of ZooKeeper's version each pinned by a test: parallel polls with a
 * mid-round re-ask, fresh round numbers, complete replies in every state, candidates ranked by
 * their own credentials, no election of a silent server (ZOOKEEPER-569), only informed votes
 * counted, observers never counted.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tally } from '../../src/election/classic/tally.js';
import { MajorityQuorum } from '../../src/base/quorum.js';
import { Bus, cred, members } from './election-harness.js';
function electThree() {
    const bus = new Bus('basic', members(3));
    bus.start(1, cred(1, 5));
    bus.start(2, cred(1, 7));
    bus.start(3, cred(1, 6));
    bus.runUntil(5000);
    return bus;
}
describe('classic election: poll rounds', () => {
    test('asks every voter at once, re-asks the silent ones mid-round, pauses after an empty round', () => {
        const bus = new Bus('basic', members(3));
        bus.down.add(2).add(3);
        bus.start(1, cred(0, 0));
        assert.deepEqual(bus.take().map((m) => [m.to, m.datagram.message.type]), [[2, 'classic-query'], [3, 'classic-query']]);
        const e1 = bus.nodes.get(1);
        const sentBy = (t) => {
            bus.runUntil(t);
            return e1.counters.sent;
        };
        assert.equal(sentBy(99), 2);
        assert.equal(sentBy(100), 4, 'the re-ask at pollTimeout / 2');
        assert.equal(sentBy(1199), 4, 'a 1000 ms pause after the 200 ms round');
        assert.equal(sentBy(1200), 6, 'round 2');
        assert.equal(bus.state(1), 'looking');
    });
    test('three servers elect the highest (peerEpoch, zxid, sid) once votes are informed', () => {
        const bus = electThree();
        for (const sid of [1, 2, 3])
            assert.equal(bus.decisions.get(sid)?.leader, 2, `server ${sid}`);
        assert.equal(bus.state(2), 'leading');
        const d = bus.decisions.get(1);
        assert.equal(d.via, 'quorum');
        assert.ok(d.rounds >= 2, 'initial votes for self do not count: a second poll is needed');
    });
    test('a newer epoch outranks a longer log (ranking includes the epoch)', () => {
        const bus = new Bus('basic', members(3));
        bus.start(1, cred(2, 0, 1));
        bus.start(2, cred(1, 900));
        bus.start(3, cred(1, 5));
        bus.runUntil(5000);
        assert.equal(bus.decisions.get(3)?.leader, 1);
    });
    test('a reply to an earlier round is ignored (a fresh round number per poll)', () => {
        const bus = new Bus('basic', members(3));
        bus.start(2, cred(1, 7));
        bus.start(3, cred(1, 6));
        bus.take();
        bus.start(1, cred(1, 5));
        const late = bus.deliverAllBut((m) => m.to === 1); // 2 and 3 answer round 1 ...
        assert.equal(late.length, 2);
        const e1 = bus.nodes.get(1);
        for (const t of [100, 200, 1200])
            bus.apply(1, e1.tick(t)); // ... but 1 hears nothing
        bus.nowMs = 1200;
        bus.take();
        for (const m of late)
            bus.deliver(m); // until round 2 is under way
        assert.ok(bus.logs.some((l) => l.includes('election.late-reply')));
    });
    test('the responder answers in full in every state, observers included (no stale bytes)', () => {
        const bus = new Bus('basic', members(3, 1));
        for (const sid of [1, 2, 3, 4])
            bus.start(sid, cred(1, sid));
        bus.runUntil(10_000);
        assert.equal(bus.decisions.get(4)?.state, 'observing');
        bus.take();
        const asker = bus.boot(1);
        bus.apply(1, asker.start(cred(1, 1), bus.nowMs));
        const queries = bus.take();
        for (const q of queries)
            bus.deliver(q);
        const replies = bus.take((m) => m.to === 1).map((m) => m.datagram.message);
        assert.equal(replies.length, 2, 'queries go to voters only');
        for (const r of replies) {
            assert.equal(r.type, 'classic-reply');
            if (r.type !== 'classic-reply')
                continue;
            assert.ok(r.informed);
            assert.equal(r.vote.leader, 3);
            assert.ok(r.state === 'leading' || r.state === 'following');
        }
        // An observer asked directly answers too, with its leader, never with stale bytes.
        bus.deliver({ from: 1, to: 4, datagram: { header: { sid: 1, incarnation: 999, seq: 1 }, message: { type: 'classic-query', round: 77 } } });
        const fromObserver = bus.take((m) => m.from === 4).map((m) => m.datagram.message);
        assert.deepEqual(fromObserver, [
            { type: 'classic-reply', round: 77, state: 'observing', informed: true, vote: bus.decisions.get(4).vote, ownEpoch: 1, ownZxid: cred(1, 4).lastLoggedZxid },
        ]);
    });
});
describe('classic election: joining and failures', () => {
    test('item 2: a restarted server joins the established leader without disturbing it', () => {
        const bus = electThree();
        const leaderDecision = bus.decisions.get(2);
        bus.boot(1);
        bus.start(1, cred(1, 9)); // more history than the leader: it still joins; Zab truncates it
        bus.runUntil(10_000);
        assert.equal(bus.decisions.get(1)?.leader, 2);
        assert.equal(bus.decisions.get(1)?.via, 'established');
        assert.equal(bus.decisions.get(2), leaderDecision);
    });
    test('ZOOKEEPER-569 / item 1: a vote for a silent server is not counted', () => {
        const bus = electThree(); // 2 leads
        bus.down.add(2);
        bus.boot(1);
        bus.start(1, cred(1, 5));
        bus.runUntil(60_000);
        assert.equal(bus.state(1), 'looking', 'server 3 says it follows 2, but 2 does not answer');
        assert.equal(bus.nodes.get(1).vote?.leader, 3, 'our vote is the best server we heard: 3');
    });
    test('item 7: a two-server ensemble does not elect with one server down', () => {
        const bus = new Bus('basic', members(2));
        bus.down.add(2);
        bus.start(1, cred(3, 3));
        bus.runUntil(60_000);
        assert.equal(bus.state(1), 'looking');
    });
    test('an observer is never elected and never counted', () => {
        const bus = new Bus('basic', members(3, 1));
        bus.down.add(2).add(3);
        bus.start(1, cred(0, 0));
        bus.start(4, cred(9, 9));
        bus.runUntil(30_000);
        assert.equal(bus.decisions.size, 0);
    });
});
describe('classic tally', () => {
    const q = new MajorityQuorum(members(5));
    const voice = (sid, vote, own, informed = true, state = 'looking') => ({
        sid,
        state,
        vote: { leader: vote, zxid: BigInt(vote), peerEpoch: 1 },
        informed,
        own: { leader: sid, zxid: BigInt(own), peerEpoch: 1 },
        incarnation: 1,
        seq: sid,
    });
    test('an informed majority for a server that is not the best we heard does not decide', () => {
        // 2, 3 and 4 polled before 5 was up and settled on 4; we hear 5, the best.
        const r = tally([voice(1, 1, 1), voice(2, 4, 2), voice(3, 4, 3), voice(4, 4, 4), voice(5, 5, 5)], 1, q);
        assert.equal(r.winner, null);
        assert.equal(r.myVote.leader, 5);
    });
    test('initial votes for self do not count', () => {
        const r = tally([voice(1, 1, 1), voice(4, 4, 4, false), voice(5, 5, 5, false), voice(3, 3, 3, false)], 1, q);
        assert.equal(r.myVote.leader, 5);
        assert.equal(r.winner, null, 'only our own vote for 5 is informed');
        const r2 = tally([voice(1, 1, 1), voice(4, 5, 4), voice(5, 5, 5), voice(3, 3, 3, false)], 1, q);
        assert.equal(r2.winner?.vote.leader, 5);
        assert.deepEqual(r2.winner?.support.map((s) => s.sid).sort(), [1, 4, 5]);
    });
    test('a LEADING server with a quorum behind it is joined even if we know a better one', () => {
        const r = tally([voice(1, 1, 9), voice(2, 2, 2, true, 'leading'), voice(3, 2, 3, true, 'following'), voice(4, 2, 4, true, 'following')], 1, q);
        assert.equal(r.winner?.via, 'established');
        assert.equal(r.winner?.vote.leader, 2);
    });
});
//# sourceMappingURL=election-classic.test.js.map