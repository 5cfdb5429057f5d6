/**
 * Graceful leadership transfer in the pure cores (docs/operations.md, "Leadership transfer"):
 * the leader pauses proposals, hands over (TAKEOVER, then stepDown naming the successor) only
 * once the successor acknowledged everything and all is committed, refuses what it cannot do,
 * aborts on timeout or when the successor leaves; a learner turns TAKEOVER into a vote; both
 * elections elect the successor on a tie, and never a successor with less history.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { makeZxid } from '../../src/base/zxid.js';
import { Election } from '../../src/election/election.js';
import { compareVotesPreferring } from '../../src/election/vote.js';
import { LeaderCore } from '../../src/zab/leader.js';
import { LearnerCore } from '../../src/zab/learner.js';
import { Pkt } from '../../src/wire/quorum.js';
import { TxnType } from '../../src/wire/txn.js';
import { Bus, cred, members } from './election-harness.js';
/** The time of the input being handled, as the peer's step sets it. */
const clock = { nowMs: 0, wallMs: 1_700_000_000_000 };
const emptyLog = { readLog: () => [], firstLogged: () => null };
const timing = { tickTime: 100, initLimit: 10, syncLimit: 5 };
function txn(zxid) {
    return { sessionId: 1n, cxid: 1, zxid, time: 0, body: { type: TxnType.create, path: `/n${zxid}`, data: null, acl: [], ephemeralOwner: 0n, parentCversion: 1 } };
}
const sends = (effects) => effects.filter((e) => e.kind === 'send');
/** Leader 1 of voters {1,2,3} and observer 4, with 2 (link 2) and 3 (link 3) synced in epoch 1. */
function ensemble() {
    clock.nowMs = 0;
    const leader = new LeaderCore({ myid: 1, voters: [1, 2, 3], observers: [4], epochs: { acceptedEpoch: 0, currentEpoch: 0 }, lastLogged: 0n, lastApplied: 0n, timing }, clock, emptyLog);
    const persistAll = () => {
        for (const e of leader.drain())
            if (e.kind === 'persistEpochs')
                leader.persisted(e.token);
    };
    for (const sid of [2, 3]) {
        leader.linkUp(sid);
        leader.receive(sid, { type: Pkt.FOLLOWERINFO, acceptedEpoch: 0, sid, protocolVersion: 0x10000, lastLogged: 0n, currentEpoch: 0 });
    }
    persistAll();
    for (const sid of [2, 3])
        leader.receive(sid, { type: Pkt.ACKEPOCH, lastLogged: 0n, currentEpoch: 0 });
    persistAll();
    for (const sid of [2, 3])
        leader.receive(sid, { type: Pkt.ACK, zxid: makeZxid(1, 0) });
    assert.ok(leader.established);
    leader.drain();
    return leader;
}
/** Proposes one txn, flushes our copy, and lets `ackers` acknowledge it. */
function write(leader, ackers) {
    const z = leader.nextZxid();
    leader.propose(txn(z));
    for (const e of leader.drain())
        if (e.kind === 'persist')
            leader.persisted(e.token);
    for (const sid of ackers)
        leader.receive(sid, { type: Pkt.ACK, zxid: z });
    return z;
}
describe('leader: transfer', () => {
    it('pauses proposals, waits for the successor, then sends TAKEOVER to every synced learner before stepping down', () => {
        const leader = ensemble();
        write(leader, [2, 3]);
        const last = write(leader, [2]); // committed (1 and 2), not yet acknowledged by 3
        leader.drain();
        const started = leader.startTransfer(3);
        assert.deepEqual(started, { ok: true, successor: 3 });
        assert.equal(leader.transferringTo, 3);
        assert.throws(() => leader.propose(txn(leader.nextZxid())), /leadership transfer/);
        assert.ok(!leader.drain().some((e) => e.kind === 'stepDown' || (e.kind === 'send' && e.packet.type === Pkt.TAKEOVER)), 'not before 3 holds everything');
        leader.receive(3, { type: Pkt.ACK, zxid: last });
        const out = leader.drain();
        const takeovers = sends(out).filter((e) => e.packet.type === Pkt.TAKEOVER);
        assert.deepEqual(takeovers.map((e) => e.link).sort(), [2, 3]);
        for (const t of takeovers)
            assert.deepEqual(t.packet, { type: Pkt.TAKEOVER, zxid: last, successor: 3, epoch: 1 });
        const kinds = out.map((e) => (e.kind === 'send' ? `send ${e.packet.type}` : e.kind));
        assert.ok(kinds.lastIndexOf(`send ${Pkt.TAKEOVER}`) < kinds.indexOf('close'), 'TAKEOVER goes out ahead of the close on the same links');
        const down = out.find((e) => e.kind === 'stepDown');
        assert.ok(down && down.kind === 'stepDown');
        assert.deepEqual(down.successor, { leader: 3, zxid: last, peerEpoch: 1 });
    });
    it('waits for every proposal to commit too, not only for the successor', () => {
        const leader = ensemble();
        const z = leader.nextZxid();
        leader.propose(txn(z));
        const persist = leader.drain().find((e) => e.kind === 'persist');
        assert.ok(leader.startTransfer(2).ok);
        leader.receive(2, { type: Pkt.ACK, zxid: z }); // 2 holds it, but only 2 acked: not committed yet
        assert.ok(!leader.drain().some((e) => e.kind === 'stepDown'));
        leader.persisted(persist.token);
        const out = leader.drain();
        assert.ok(out.some((e) => e.kind === 'commit'));
        assert.ok(out.some((e) => e.kind === 'stepDown'));
    });
    it('without a target, picks the most caught-up follower', () => {
        const leader = ensemble();
        write(leader, [3]);
        write(leader, [3]);
        leader.drain();
        const started = leader.startTransfer(null);
        assert.deepEqual(started, { ok: true, successor: 3 }, '2 has two proposals outstanding');
        assert.ok(leader.drain().some((e) => e.kind === 'stepDown'), '3 holds everything: handed over at once');
    });
    it('refuses clearly', () => {
        const leader = ensemble();
        assert.deepEqual(leader.startTransfer(1), { ok: false, error: 'server 1 is the leader already' });
        assert.deepEqual(leader.startTransfer(4), { ok: false, error: 'server 4 is an observer: observers cannot lead' });
        assert.deepEqual(leader.startTransfer(9), { ok: false, error: 'server 9 is not in the configuration' });
        leader.linkDown(3);
        assert.deepEqual(leader.startTransfer(3), { ok: false, error: 'server 3 is not a follower synced with this leader' });
        write(leader, []); // 2 leaves it unacknowledged: the transfer to 2 stays open
        assert.ok(leader.startTransfer(2).ok);
        assert.deepEqual(leader.startTransfer(2), { ok: false, error: 'a transfer to server 2 is already in progress' });
        const fresh = new LeaderCore({ myid: 1, voters: [1, 2, 3], observers: [], epochs: { acceptedEpoch: 0, currentEpoch: 0 }, lastLogged: 0n, lastApplied: 0n, timing }, clock, emptyLog);
        assert.deepEqual(fresh.startTransfer(2), { ok: false, error: 'this leader has not established its epoch yet' });
    });
    it('aborts after syncLimit ticks without the successor catching up, and proposals resume', () => {
        const leader = ensemble();
        write(leader, [2]);
        leader.drain();
        assert.ok(leader.startTransfer(3).ok);
        clock.nowMs += timing.syncLimit * timing.tickTime - 1;
        for (const sid of [2, 3])
            leader.receive(sid, { type: Pkt.PING, lastApplied: 0n, round: 1, touches: [] }); // alive, just slow
        leader.tick();
        assert.ok(!leader.drain().some((e) => e.kind === 'transferAborted'));
        clock.nowMs += 1;
        leader.tick();
        const out = leader.drain();
        const aborted = out.find((e) => e.kind === 'transferAborted');
        assert.ok(aborted && aborted.kind === 'transferAborted' && aborted.successor === 3, JSON.stringify(out.map((e) => e.kind)));
        assert.ok(!out.some((e) => e.kind === 'stepDown'));
        assert.equal(leader.transferringTo, null);
        leader.propose(txn(leader.nextZxid())); // does not throw
    });
    it('aborts when the successor disconnects', () => {
        const leader = ensemble();
        write(leader, [2]);
        assert.ok(leader.startTransfer(3).ok);
        leader.linkDown(3);
        assert.ok(leader.drain().some((e) => e.kind === 'transferAborted'));
        assert.equal(leader.transferringTo, null);
    });
    it('a follower asking for leadership (LEADERSHIP_REQUEST) starts a transfer to it', () => {
        const leader = ensemble();
        write(leader, [2]);
        leader.receive(3, { type: Pkt.LEADERSHIP_REQUEST });
        assert.equal(leader.transferringTo, 3);
    });
});
describe('learner: TAKEOVER', () => {
    /** Follower 2 of leader 1, in broadcast in epoch 1. */
    function follower() {
        const l = new LearnerCore({ myid: 2, leader: 1, observer: false, epochs: { acceptedEpoch: 0, currentEpoch: 0 }, lastLogged: 0n, lastApplied: 0n, timing }, clock, emptyLog);
        l.linkUp();
        l.receive({ type: Pkt.LEADERINFO, epoch: 1, protocolVersion: 0x10000 });
        const settle = () => {
            for (let i = 0; i < 5; i++)
                for (const e of l.drain())
                    if ('token' in e)
                        l.persisted(e.token);
        };
        settle();
        l.receive({ type: Pkt.DIFF, zxid: 0n });
        l.receive({ type: Pkt.NEWLEADER, epoch: 1, committedThrough: 0n });
        settle();
        l.receive({ type: Pkt.UPTODATE, zxid: 0n });
        l.drain();
        assert.ok(l.serving);
        return l;
    }
    it('leaves and names the successor, with the history it holds', () => {
        const l = follower();
        const z = makeZxid(1, 1);
        l.receive({ type: Pkt.PROPOSAL, txn: txn(z) });
        l.receive({ type: Pkt.COMMIT, zxid: z });
        l.receive({ type: Pkt.TAKEOVER, zxid: z, successor: 3, epoch: 1 });
        const lost = l.drain().find((e) => e.kind === 'lost');
        assert.deepEqual(lost?.successor, { leader: 3, zxid: z, peerEpoch: 1 });
    });
    it('asks for leadership only while following', () => {
        const l = follower();
        assert.ok(l.requestLeadership());
        const p = l.drain().find((e) => e.kind === 'send');
        assert.equal(p?.packet.type, Pkt.LEADERSHIP_REQUEST);
        const observer = new LearnerCore({ myid: 4, leader: 1, observer: true, epochs: { acceptedEpoch: 0, currentEpoch: 0 }, lastLogged: 0n, lastApplied: 0n, timing }, clock, emptyLog);
        assert.equal(observer.requestLeadership(), false);
    });
});
describe('elections: the successor of a transfer', () => {
    it('ranks first only among votes with the same history', () => {
        const a = { leader: 3, zxid: 5n, peerEpoch: 1 };
        const b = { leader: 1, zxid: 5n, peerEpoch: 1 };
        assert.ok(compareVotesPreferring(a, b, null) > 0);
        assert.ok(compareVotesPreferring(b, a, 1) > 0);
        assert.ok(compareVotesPreferring({ ...a, zxid: 6n }, b, 1) > 0, 'more history still wins');
        assert.ok(compareVotesPreferring(a, { ...b, peerEpoch: 0 }, 1) > 0, 'a newer epoch still wins');
    });
    for (const algorithm of ['basic', 'fast']) {
        it(`${algorithm}: every server starting with the successor (the lowest sid) elects it`, () => {
            const bus = new Bus(algorithm, members(3));
            const c = cred(1, 7);
            const successor = { leader: 1, zxid: c.lastLoggedZxid, peerEpoch: 1 };
            for (const sid of [1, 2, 3])
                bus.apply(sid, bus.boot(sid).start(c, bus.nowMs, successor));
            bus.runUntil(5_000);
            for (const sid of [1, 2, 3])
                assert.equal(bus.decisions.get(sid)?.leader, 1, `${algorithm}: server ${sid}: ${bus.logs.join('\n')}`);
        });
        it(`${algorithm}: a server that missed TAKEOVER does not stop the others electing the successor`, () => {
            const bus = new Bus(algorithm, members(3));
            const c = cred(1, 7);
            const successor = { leader: 1, zxid: c.lastLoggedZxid, peerEpoch: 1 };
            for (const sid of [1, 2])
                bus.apply(sid, bus.boot(sid).start(c, bus.nowMs, successor));
            bus.start(3, c); // votes for itself, which the plain order ranks first on a tie
            bus.runUntil(10_000);
            assert.equal(bus.decisions.get(1)?.leader, 1);
            assert.equal(bus.decisions.get(2)?.leader, 1);
            // Server 3 follows 1 as well, once 1 leads (fast: joins the established leader; basic:
            // sees it LEADING), which a peer tells the election; here it has at least not elected
            // someone else.
            const third = bus.decisions.get(3)?.leader;
            assert.ok(third === undefined || third === 1, `server 3 decided ${third}`);
        });
        it(`${algorithm}: a successor with less history than ours is ignored`, () => {
            const e = new Election({ algorithm, mySid: 2, incarnation: 1, members: members(3), rng: new SeededRng(1) });
            const effects = e.start(cred(1, 9), 0, { leader: 1, zxid: makeZxid(1, 7), peerEpoch: 1 });
            assert.ok(effects.some((x) => x.kind === 'log' && x.event === 'election.successor-ignored'));
            assert.equal(e.vote?.leader, 2);
        });
    }
});
//# sourceMappingURL=leadership-transfer.test.js.map