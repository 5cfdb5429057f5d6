/**
 * The election's core shape (docs/architecture.md, "The core shape"): one entry point,
 * `step(input)`, inputs as plain data stamped with the time. A server's run is then nothing but
 * its inputs: handing the same inputs to a twin process (same incarnation, same seed) returns
 * the same effects, step for step. The inputs are deep copies taken as they were handed in
 * (structuredClone refuses a closure), so the twin shares nothing with the original.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvariantViolation } from '../../src/base/invariant.js';
import { SeededRng } from '../../src/base/clock.js';
import { asSid } from '../../src/base/ids.js';
import { Election } from '../../src/election/election.js';
import type { ElectionInput } from '../../src/election/inputs.js';
import type { ElectionAlgorithm } from '../../src/election/types.js';
import { Bus, cred, members } from './election-harness.js';

/** Five servers elect, lose datagrams, the leader restarts, and they elect again. */
function eventfulRun(algorithm: ElectionAlgorithm): Bus {
  const bus = new Bus(algorithm, members(5));
  for (const sid of [1, 2, 3, 4, 5].map(asSid)) bus.start(sid, cred(1, 10 + sid));
  let n = 0;
  const lossy = () => ++n % 7 === 0;
  bus.runUntil(5_000, lossy);
  const leader = bus.decisions.get(asSid(1))?.leader;
  assert.ok(leader !== undefined, `${algorithm}: server 1 decided`);
  bus.boot(leader);
  for (const sid of [1, 2, 3, 4, 5].map(asSid)) bus.start(sid, cred(2, sid));
  bus.runUntil(20_000, lossy);
  return bus;
}

describe('election: step(input) is the whole interface', () => {
  for (const algorithm of ['basic', 'fast'] as ElectionAlgorithm[]) {
    test(`${algorithm}: a twin given the same inputs returns the same effects`, () => {
      const bus = eventfulRun(algorithm);
      const kinds = new Set<string>();
      for (const sid of [1, 2, 3, 4, 5].map(asSid)) {
        const twin = bus.twin(sid);
        const steps = bus.steps.get(sid)!;
        assert.ok(steps.length > 10, `server ${sid} took ${steps.length} steps`);
        for (const [i, { input, effects }] of steps.entries()) {
          kinds.add(input.kind);
          assert.deepEqual(twin.step(input), effects, `server ${sid}, step ${i} (${input.kind})`);
        }
        assert.equal(twin.state, bus.state(sid));
        assert.deepEqual(twin.vote, bus.nodes.get(sid)!.vote);
        assert.deepEqual(twin.counters, bus.nodes.get(sid)!.counters);
      }
      assert.deepEqual([...kinds].sort(), ['datagram', 'start', 'tick']);
      assert.ok([1, 2, 3, 4, 5].map(asSid).every((sid) => bus.decisions.has(sid)), `${algorithm}: everyone decided again`);
    });
  }

  test("'established' changes what the election advertises; 'stop' silences it until the next 'start'", () => {
    const bus = new Bus('fast', members(3));
    for (const sid of [1, 2, 3].map(asSid)) bus.start(sid, cred(1, sid));
    bus.deliverAll();
    const e3 = bus.nodes.get(asSid(3))!;
    assert.equal(e3.state, 'leading');
    e3.step({ kind: 'established', peerEpoch: 2, nowMs: bus.nowMs });
    assert.equal(e3.vote?.peerEpoch, 2);
    assert.deepEqual(e3.step({ kind: 'stop', nowMs: bus.nowMs }), []);
    const rng = new SeededRng(1);
    const asker = new Election({ algorithm: 'fast', mySid: asSid(1), incarnation: 999, members: members(3), rng });
    const ask = asker.step({ kind: 'start', credentials: cred(1, 1), nowMs: bus.nowMs });
    const toThree = ask.find((x) => x.kind === 'send' && x.to === 3);
    assert.ok(toThree && toThree.kind === 'send');
    assert.deepEqual(e3.step({ kind: 'datagram', datagram: toThree.datagram, nowMs: bus.nowMs }).filter((x) => x.kind === 'send'), [], 'a stopped election answers no one');
  });

  test('an input outside the union is an invariant violation, not silently ignored', () => {
    const e = new Election({ algorithm: 'basic', mySid: asSid(1), incarnation: 1, members: members(3), rng: new SeededRng(1) });
    assert.throws(
      () => e.step({ kind: 'bogus', nowMs: 0 } as unknown as ElectionInput),
      (err: unknown) => err instanceof InvariantViolation && err.invariant === 'exhaustive-switch' && /election input: bogus/.test(err.message),
    );
  });
});
