/**
 * The shared pieces of both election algorithms: the total order on votes, the majority
 * quorum verifier (observers never count), and the per-sender stale/duplicate filter.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeZxid } from '../../src/base/zxid.js';
import { MajorityQuorum } from '../../src/base/quorum.js';
import { SenderFilter } from '../../src/election/sender-filter.js';
import { beats, better, compareVotes, NO_VOTE, sameLeadership, selfVote } from '../../src/election/vote.js';
import { members } from './election-harness.js';
const v = (leader, epoch, zxid) => ({ leader, peerEpoch: epoch, zxid });
describe('vote order (peerEpoch, zxid, sid)', () => {
    test('the epoch outranks a longer log from an older epoch (ZOOKEEPER-1082)', () => {
        assert.ok(beats(v(1, 3, makeZxid(2, 5)), v(2, 2, makeZxid(2, 900))));
    });
    test('then the zxid, then the sid', () => {
        assert.ok(beats(v(1, 2, 11n), v(2, 2, 10n)));
        assert.ok(beats(v(2, 2, 10n), v(1, 2, 10n)));
        assert.equal(compareVotes(v(2, 2, 10n), v(2, 2, 10n)), 0);
    });
    test('NO_VOTE is below every real vote', () => {
        assert.ok(beats(v(0, 0, 0n), NO_VOTE));
        assert.equal(better(NO_VOTE, v(1, 0, 0n)).leader, 1);
    });
    test('selfVote carries our own credentials', () => {
        assert.deepEqual(selfVote(4, { currentEpoch: 2, lastLoggedZxid: 9n }), v(4, 2, 9n));
    });
    test('decided votes compare by leader and epoch only (ZOOKEEPER-1805/1818)', () => {
        assert.ok(sameLeadership(v(1, 2, 10n), v(1, 2, 99n)));
        assert.ok(!sameLeadership(v(1, 2, 10n), v(1, 3, 10n)));
    });
    test('a total order: antisymmetric and transitive', () => {
        const arb = fc.record({ leader: fc.integer({ min: 0, max: 5 }), peerEpoch: fc.integer({ min: 0, max: 3 }), zxid: fc.bigInt({ min: 0n, max: 5n }) });
        fc.assert(fc.property(arb, arb, arb, (a, b, c) => {
            assert.equal(Math.sign(compareVotes(a, b)) + Math.sign(compareVotes(b, a)), 0);
            if (compareVotes(a, b) <= 0 && compareVotes(b, c) <= 0)
                assert.ok(compareVotes(a, c) <= 0);
        }));
    });
});
describe('majority quorum', () => {
    test('a strict majority of participants: 2 of 3, 3 of 5, 2 of 2', () => {
        const q3 = new MajorityQuorum(members(3));
        assert.ok(!q3.containsQuorum([1]));
        assert.ok(q3.containsQuorum([1, 3]));
        const q5 = new MajorityQuorum(members(5));
        assert.ok(!q5.containsQuorum([1, 2]));
        assert.ok(q5.containsQuorum([1, 2, 5]));
        // A two-server ensemble cannot lose one (docs/zookeeper-bugs.md item 7).
        const q2 = new MajorityQuorum(members(2));
        assert.ok(!q2.containsQuorum([1]));
        assert.ok(q2.containsQuorum([1, 2]));
    });
    test('observers are members but never count; duplicates count once', () => {
        const q = new MajorityQuorum(members(3, 2));
        assert.deepEqual(q.voters, [1, 2, 3]);
        assert.ok(q.isMember(5) && !q.isVoter(5));
        assert.ok(!q.containsQuorum([1, 4, 5]));
        assert.ok(!q.containsQuorum([1, 1, 1]));
        assert.equal(q.quorumSize, 2);
    });
    test('an ensemble without participants or with a duplicate id is refused', () => {
        assert.throws(() => new MajorityQuorum([{ id: 1, role: 'observer' }]));
        assert.throws(() => new MajorityQuorum([{ id: 1, role: 'participant' }, { id: 1, role: 'participant' }]));
    });
});
describe('sender filter (incarnation, seq)', () => {
    test('accepts newer, drops duplicates and older (UDP reordering, docs/zookeeper-bugs.md item 4)', () => {
        const f = new SenderFilter();
        assert.equal(f.admit(1, 10, 5), 'accept');
        assert.equal(f.admit(1, 10, 5), 'stale');
        assert.equal(f.admit(1, 10, 4), 'stale');
        assert.equal(f.admit(1, 10, 9), 'accept');
        assert.equal(f.admit(1, 10, 6), 'stale');
        assert.equal(f.admit(2, 10, 1), 'accept', 'senders are independent');
    });
    test('a new incarnation is a restart; the old one is retired for good', () => {
        const f = new SenderFilter();
        f.admit(1, 10, 50);
        assert.equal(f.admit(1, 11, 1), 'restarted', 'sequence numbers start over');
        assert.equal(f.admit(1, 10, 51), 'stale', 'a delayed datagram of the dead process');
        assert.equal(f.admit(1, 11, 2), 'accept');
    });
});
//# sourceMappingURL=election-vote.test.js.map