/**
 * The election simulator's checker (src/sim/checker.ts) on hand-made decisions: E2 needs a
 * quorum of supporters that held no more history than the winner, and only that.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MajorityQuorum } from '../../src/base/quorum.js';
import { asSid, type Sid } from '../../src/base/ids.js';
import { makeZxid } from '../../src/base/zxid.js';
import type { Decision, Support, Vote } from '../../src/election/types.js';
import { ElectionChecker } from '../../src/sim/checker.js';

const vote = (leader: number, counter: number): Vote => ({ leader: asSid(leader), peerEpoch: 4, zxid: makeZxid(4, counter) });

/**
 * A decision for server 1 (history 2) of five; `others` are [sid, its history, its state] as
 * they sent their words. `decider` 1 decides to lead, any other to follow.
 */
function decide(others: Array<[number, number, Support['state']]>, checker = new ElectionChecker(MajorityQuorum.of([1, 2, 3, 4, 5].map(asSid))), decider = 1): ElectionChecker {
  const winner = vote(1, 2);
  checker.electionStarted(winner);
  const support: Support[] = [{ sid: asSid(decider), state: 'looking', incarnation: 1, seq: null }];
  const seq = checker.decisions.length + 1;
  for (const [sid, counter, state] of others) {
    checker.sent(asSid(sid), 7, seq, vote(sid, counter));
    support.push({ sid: asSid(sid) as Sid, state, incarnation: 7, seq });
  }
  const d: Decision = { state: decider === 1 ? 'leading' : 'following', leader: asSid(1), vote: winner, via: 'quorum', round: 3, rounds: 1, elapsedMs: 0, support };
  checker.decided(0, asSid(decider), d, decider === 1 ? winner : vote(decider, 1));
  return checker;
}

describe('election checker: E2 best of its quorum', () => {
  test('a quorum at or below the winner holds, though a follower of the winner held more', () => {
    assert.deepEqual(decide([[2, 1, 'looking'], [3, 2, 'looking'], [4, 8, 'following']]).violations, []);
  });

  test('without such a quorum the decision is a violation that names the supporter above', () => {
    const v = decide([[2, 1, 'looking'], [3, 9, 'looking'], [4, 8, 'following']]).violations;
    assert.deepEqual(v.map((x) => x.property), ['E2 best of its quorum', 'E2 best of its quorum']);
    assert.match(v[0]!.detail, /looking supporter 3/);
    assert.match(v[1]!.detail, /no quorum .* 3 \(looking\) held .*; 4 \(following\) held/);
  });

  test('a follower above the winner stands in for a looking vote only once an earlier decision grounds the leadership', () => {
    // Server 2 (history 1) decides to follow 1, counting 1's word and 4's "I follow 1" (4 holds 8).
    const alone = decide([[1, 2, 'leading'], [4, 8, 'following']], undefined, 2).violations;
    assert.equal(alone.length, 1);
    assert.match(alone[0]!.detail, /no earlier decision grounds this leadership/);
    // Server 1 was elected on 1, 2 and 3, all at or below it: now the same support is enough.
    const checker = decide([[2, 1, 'looking'], [3, 2, 'looking']]);
    decide([[1, 2, 'leading'], [4, 8, 'following']], checker, 2);
    assert.equal(checker.violations.length, 0);
    // A looking voter above the winner never stands in.
    decide([[1, 2, 'leading'], [4, 8, 'looking']], checker, 5);
    assert.ok(checker.violations.length > 0);
    assert.match(checker.violations[0]!.detail, /looking supporter 4/);
  });

  test('a looking supporter above the winner is a violation even beside a quorum at or below it', () => {
    const v = decide([[2, 1, 'looking'], [3, 2, 'looking'], [4, 9, 'looking']]).violations;
    assert.equal(v.length, 1);
    assert.match(v[0]!.detail, /looking supporter 4 held .* above the winner/);
  });

  test('a supporter counted otherwise than its datagram said is a violation', () => {
    const checker = new ElectionChecker(MajorityQuorum.of([1, 2, 3].map(asSid)));
    const winner = vote(1, 2);
    checker.electionStarted(winner);
    // Server 2 sent a LOOKING vote for itself; the decider counted it as following 1.
    checker.sent(asSid(2), 7, 1, vote(2, 1), { state: 'looking', vote: vote(2, 1) });
    const support: Support[] = [
      { sid: asSid(1), state: 'looking', incarnation: 1, seq: null },
      { sid: asSid(2), state: 'following', incarnation: 7, seq: 1 },
    ];
    checker.decided(0, asSid(1), { state: 'leading', leader: asSid(1), vote: winner, via: 'quorum', round: 3, rounds: 1, elapsedMs: 0, support }, winner);
    assert.equal(checker.violations.length, 1);
    assert.match(checker.violations[0]!.detail, /counted as following, but its datagram said looking/);
    // The same support, with the datagram saying what it was counted as, passes.
    checker.sent(asSid(2), 7, 2, vote(2, 1), { state: 'following', vote: winner });
    checker.decided(1, asSid(1), { state: 'leading', leader: asSid(1), vote: winner, via: 'quorum', round: 3, rounds: 1, elapsedMs: 0, support: [support[0]!, { ...support[1]!, seq: 2 }] }, winner);
    assert.equal(checker.violations.length, 1);
  });

  test('a supporter whose word matches no datagram it sent is a violation', () => {
    const checker = decide([[2, 1, 'looking'], [3, 2, 'looking']]);
    assert.equal(checker.violations.length, 0);
    const d = checker.decisions[0]!.decision;
    checker.decided(1, asSid(1), { ...d, support: [...d.support, { sid: asSid(5), state: 'looking', incarnation: 9, seq: 4 }] }, vote(1, 2));
    assert.match(checker.violations[0]?.detail ?? '', /matches no datagram/);
  });
});
