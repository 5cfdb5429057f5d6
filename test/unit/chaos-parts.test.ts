/** The fault bench's pure parts: the seeded schedule, the end checks, the unavailability window. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeSchedule, NEMESIS_KINDS } from '../../src/chaos/schedule.js';
import { compareTrees, lostWrites, NodeDump, TreeDump, zxidRegressions } from '../../src/chaos/checks.js';
import { longestWriteGap } from '../../src/chaos/bench.js';
import type { HistoryOp } from '../../src/chaos/workload.js';

describe('chaos schedule', () => {
  it('is a function of the seed, has every kind in its first round, and fits the run', () => {
    for (let seed = 0; seed < 50; seed++) {
      const o = { seed, durationMs: 20_000, kinds: NEMESIS_KINDS, servers: 3 };
      const a = makeSchedule(o);
      assert.deepEqual(a, makeSchedule(o));
      assert.deepEqual(new Set(a.slice(0, NEMESIS_KINDS.length).map((f) => f.spec.kind)), new Set(NEMESIS_KINDS), `seed ${seed}`);
      for (let i = 0; i < a.length; i++) {
        assert.ok(a[i]!.atMs + a[i]!.durationMs <= o.durationMs, `seed ${seed}: fault ${i} ends after the run`);
        if (i > 0) assert.ok(a[i]!.atMs >= a[i - 1]!.atMs + a[i - 1]!.durationMs, `seed ${seed}: faults overlap`);
      }
    }
    assert.notDeepEqual(makeSchedule({ seed: 1, durationMs: 60_000, kinds: NEMESIS_KINDS, servers: 3 }), makeSchedule({ seed: 2, durationMs: 60_000, kinds: NEMESIS_KINDS, servers: 3 }));
    const long = makeSchedule({ seed: 7, durationMs: 60_000, kinds: ['kill'], servers: 3 });
    assert.ok(long.length >= 8 && long.every((f) => f.spec.kind === 'kill'));
    assert.deepEqual(makeSchedule({ seed: 7, durationMs: 60_000, kinds: ['partition'], servers: 1 }), []);
  });
});

const stat = (over: Partial<NodeDump['stat']> = {}): NodeDump['stat'] => ({
  czxid: 1n, mzxid: 1n, ctime: '0', mtime: '0', version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, dataLength: 0, numChildren: 0, pzxid: 1n, ...over,
});
const tree = (entries: [string, NodeDump][]): TreeDump => new Map(entries);

function op(over: Partial<HistoryOp>): HistoryOp {
  return { id: 1, worker: 1, session: '0x1', kind: 'sequence', object: 'seq /chaos/q0', input: { f: 'create' }, output: undefined, outcome: 'ok', call: 0, ret: 1, write: true, ...over };
}

describe('chaos end checks', () => {
  it('trees: agree, differ in a stat, miss a node; /zookeeper is left out', () => {
    const a = tree([['/', { data: '', stat: stat() }], ['/x', { data: 'AA==', stat: stat() }], ['/zookeeper/config', { data: '', stat: stat({ mtime: '5' }) }]]);
    const same = tree([['/', { data: '', stat: stat() }], ['/x', { data: 'AA==', stat: stat() }], ['/zookeeper/config', { data: '', stat: stat({ mtime: '9' }) }]]);
    assert.deepEqual(compareTrees(new Map([[1, a], [2, same]])), []);
    const versionDiffers = tree([['/', { data: '', stat: stat() }], ['/x', { data: 'AA==', stat: stat({ version: 3 }) }]]);
    assert.equal(compareTrees(new Map([[1, a], [2, versionDiffers]])).length, 1);
    const missing = tree([['/', { data: '', stat: stat() }]]);
    assert.match(compareTrees(new Map([[1, a], [3, missing]]))[0]!, /\/x: on server 1, missing on server 3/);
  });

  it('lost writes: an acknowledged sequential name or child add that is not there', () => {
    const t = tree([['/chaos/q0/n-0000000000', { data: '', stat: stat() }], ['/chaos/s0/c1', { data: '', stat: stat() }]]);
    const seq0 = op({ id: 1, output: { seq: 0 } });
    const seq1 = op({ id: 2, output: { seq: 1 } });
    assert.deepEqual(lostWrites([seq0], t), []);
    assert.equal(lostWrites([seq0, seq1], t).length, 1);
    const add = (id: number, child: string, call: number) => op({ id, kind: 'set', object: 'set /chaos/s0', input: { f: 'add', child }, output: { ok: true }, call, ret: call + 1 });
    assert.deepEqual(lostWrites([add(3, 'c1', 0)], t), []);
    assert.equal(lostWrites([add(4, 'c2', 0)], t).length, 1);
    // Not lost when a removal (even an indeterminate one) may have taken it away since.
    const remove = op({ id: 5, kind: 'set', object: 'set /chaos/s0', input: { f: 'remove', child: 'c2' }, outcome: 'info', call: 5, ret: null });
    assert.deepEqual(lostWrites([add(4, 'c2', 0), remove], t), []);
  });

  it('zxids per session must not decrease', () => {
    const s = (zxids: bigint[]) => ({ worker: 1, session: '0x1', ephemeral: null, end: null, zxids: zxids.map((zxid, i) => ({ op: i, zxid })) });
    assert.deepEqual(zxidRegressions([s([1n, 2n, 2n, 5n])]), []);
    assert.equal(zxidRegressions([s([1n, 5n, 4n])]).length, 1);
  });

  it('the longest window without a successful write', () => {
    const w = (ret: number, outcome: HistoryOp['outcome'] = 'ok', write = true) => op({ ret, outcome, write });
    const gap = longestWriteGap([w(1000), w(1500), w(4000, 'info'), w(4200, 'ok', false), w(5000), w(5600)], 0, 6000);
    assert.deepEqual(gap, { longestMs: 3500, fromMs: 1500, toMs: 5000 });
    assert.deepEqual(longestWriteGap([], 0, 2000), { longestMs: 2000, fromMs: 0, toMs: 2000 });
  });
});
