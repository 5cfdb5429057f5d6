/**
 * The idle collector (src/main/idle-collector.ts, docs/performance.md section 16): when it
 * collects (after a busy interval, once the loop has been idle long enough and the heap has
 * grown), and that its collection compacts: a fragmented old space shrinks to about its live
 * objects, which a plain full collection does not do.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics, getHeapSpaceStatistics } from 'node:v8';
import { compactingCollection, IdleCollectionPolicy } from '../../src/main/idle-collector.js';

const MB = 1024 * 1024;

describe('IdleCollectionPolicy', () => {
  const opts = { busyUtilization: 0.25, idleUtilization: 0.05, idleIntervals: 2, minGrowthBytes: 32 * MB, startAsBurst: false };

  test('collects once after a burst, when idle long enough and the heap grew', () => {
    const p = new IdleCollectionPolicy(100 * MB, opts);
    assert.equal(p.observe({ utilization: 0.9, heapBytes: 200 * MB }), false, 'busy: never');
    assert.equal(p.observe({ utilization: 0.9, heapBytes: 250 * MB }), false);
    assert.equal(p.observe({ utilization: 0.01, heapBytes: 250 * MB }), false, 'one idle interval is not enough');
    assert.equal(p.observe({ utilization: 0.02, heapBytes: 250 * MB }), true);
    p.collected(110 * MB);
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 150 * MB }), false, 'not again without a new burst');
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 150 * MB }), false);
  });

  test('does not collect when the heap did not grow by the minimum', () => {
    const p = new IdleCollectionPolicy(100 * MB, opts);
    p.observe({ utilization: 0.9, heapBytes: 120 * MB });
    p.observe({ utilization: 0.0, heapBytes: 120 * MB });
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 120 * MB }), false);
  });

  test('never before the server was busy (an idle server is left alone)', () => {
    const p = new IdleCollectionPolicy(10 * MB, opts);
    for (let i = 0; i < 10; i++) assert.equal(p.observe({ utilization: 0.0, heapBytes: 500 * MB }), false);
  });

  test('with startAsBurst, the start-up counts as a burst from an empty heap (the loaded tree garbage)', () => {
    const p = new IdleCollectionPolicy(300 * MB, { ...opts, startAsBurst: true });
    p.observe({ utilization: 0.0, heapBytes: 300 * MB });
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 300 * MB }), true);
    p.collected(200 * MB);
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 300 * MB }), false);
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 300 * MB }), false);
  });

  test('a light interval between idle ones starts the idle count again', () => {
    const p = new IdleCollectionPolicy(100 * MB, opts);
    p.observe({ utilization: 0.9, heapBytes: 200 * MB });
    p.observe({ utilization: 0.0, heapBytes: 200 * MB });
    assert.equal(p.observe({ utilization: 0.1, heapBytes: 200 * MB }), false);
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 200 * MB }), false);
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 200 * MB }), true);
  });

  test('a burst after a collection arms it again', () => {
    const p = new IdleCollectionPolicy(100 * MB, opts);
    p.observe({ utilization: 0.9, heapBytes: 200 * MB });
    p.observe({ utilization: 0.0, heapBytes: 200 * MB });
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 200 * MB }), true);
    p.collected(100 * MB);
    p.observe({ utilization: 0.5, heapBytes: 180 * MB });
    p.observe({ utilization: 0.0, heapBytes: 180 * MB });
    assert.equal(p.observe({ utilization: 0.0, heapBytes: 180 * MB }), true);
  });
});

describe('compactingCollection', () => {
  test('shrinks a fragmented old space to about its live objects; the global scope gets no gc', () => {
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
    const collect = compactingCollection();
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
    // 1,500,000 objects in old space, then two of every three dropped: every page a third live.
    let all: { a: number; b: string }[] | null = [];
    for (let i = 0; i < 1_500_000; i++) all.push({ a: i, b: `x${i}` });
    collect(); // everything promoted to old space
    const keep: { a: number; b: string }[] = [];
    for (let i = 0; i < all.length; i += 3) keep.push(all[i]!);
    all = null;
    const oldSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!;
    collect();
    const after = oldSpace();
    assert.ok(keep.length === 500_000);
    // A plain full collection leaves ~3x the live bytes committed here; the compacting one < 1.5x.
    assert.ok(after.space_size < 1.5 * after.space_used_size + 4 * MB, `old space ${(after.space_size / MB).toFixed(1)} MiB for ${(after.space_used_size / MB).toFixed(1)} MiB live (heap ${(getHeapStatistics().total_heap_size / MB).toFixed(1)} MiB)`);
  });
});
