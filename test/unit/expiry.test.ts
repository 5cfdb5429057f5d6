/** The session expiry queue stays as small as the set of sessions it tracks. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExpiryQueue } from '../../src/session/expiry.js';
import { SessionTable } from '../../src/session/sessions.js';

describe('ExpiryQueue', () => {
  it('drops a bucket a touch emptied, so that a queue nobody expires (a follower) stays bounded', () => {
    const q = new ExpiryQueue<number>(100, 0);
    // Ten sessions touched every 50 ms for a simulated day; nothing ever calls expire().
    for (let now = 0; now < 24 * 3600_000; now += 50) for (let k = 0; k < 10; k++) q.touch(k, 4000, now);
    assert.equal(q.size, 10);
    assert.ok(q.bucketCount <= 10, `${q.bucketCount} buckets for 10 sessions`);
  });

  it('a follower session table touched for many ticks keeps one bucket per live deadline', () => {
    const t = new SessionTable(2, 1_700_000_000_000, 200, 0);
    const ids = [1n, 2n, 3n];
    for (const id of ids) t.add(id, { timeout: 6000, passwd: new Uint8Array(16) }, 0);
    for (let now = 0; now < 3600_000; now += 30) t.touch(ids[(now / 30) % 3]!, now);
    assert.ok(t.expiry.bucketCount <= ids.length, `${t.expiry.bucketCount} buckets`);
  });

  it('expires what is due after a long silence (a follower that becomes leader) without walking every bucket boundary', { timeout: 10_000 }, () => {
    const q = new ExpiryQueue<string>(1, 0);
    q.touch('old', 10, 0);
    q.touch('late', 1e12 + 50, 0);
    assert.deepEqual(q.expire(1e12), ['old']);
    assert.deepEqual(q.expire(1e12 + 10), []);
    assert.deepEqual(q.expire(1e12 + 51), ['late']);
    assert.equal(q.size, 0);
    assert.equal(q.bucketCount, 0);
  });

  it('expires buckets in time order and never expires a key early', () => {
    const q = new ExpiryQueue<string>(10, 0);
    q.touch('b', 200, 0); // bucket 210
    q.touch('a', 100, 0); // bucket 110
    q.touch('c', 100, 5); // bucket 110
    q.touch('a', 150, 5); // moves to 160
    assert.deepEqual(q.expire(109), []);
    assert.deepEqual(q.expire(1000), ['c', 'a', 'b']);
  });
});
