/**
 * The hop trace (docs/operations.md, "Hop trace"): off unless ZKTS_HOP_TRACE names a
 * directory; on, every hop becomes a line `nanoseconds, sid, event, key` in that directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { constants } from 'node:perf_hooks';
import { hop, hopsOn, setHopRecorder } from '../../src/base/hop-trace.js';
import { installHopTraceFromEnv } from '../../src/net/hop-trace-file.js';

test('without ZKTS_HOP_TRACE nothing is recorded', () => {
  assert.equal(installHopTraceFromEnv(1, {}), null);
  assert.equal(hopsOn(), false);
  hop('client-data'); // a null check, nothing else
});

test('with ZKTS_HOP_TRACE each hop is a line of the server\'s file, stamped in monotonic nanoseconds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-hops-'));
  try {
    const before = process.hrtime.bigint();
    const file = installHopTraceFromEnv(7, { ZKTS_HOP_TRACE: dir });
    assert.equal(file, join(dir, `hops-7-${process.pid}.tsv`));
    assert.equal(hopsOn(), true);
    hop('append-issued', 0x100000001n);
    hop('client-decoded', 5);
    setHopRecorder(null);
    hop('not-recorded', 1);
    await new Promise((r) => setTimeout(r, 500)); // the batch is written every 200 ms
    const lines = readFileSync(file!, 'utf8').trim().split('\n').map((l) => l.split('\t')).filter(([, , event]) => !event!.startsWith('gc-'));
    assert.deepEqual(lines.map(([, sid, event, key]) => [sid, event, key]), [['7', 'append-issued', String(0x100000001n)], ['7', 'client-decoded', '5']]);
    const [t1, t2] = lines.map(([t]) => BigInt(t!));
    assert.ok(t1! >= before && t2! >= t1!, 'stamps are monotonic nanoseconds, in order');
  } finally {
    setHopRecorder(null);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the collector\'s pauses are stamped too, so that a slow write can be matched with one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-hops-'));
  try {
    const file = installHopTraceFromEnv(3, { ZKTS_HOP_TRACE: dir });
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)(); // a full collection (node's kind 4: constants.NODE_PERFORMANCE_GC_MAJOR)
    await new Promise((r) => setTimeout(r, 500));
    const gc = readFileSync(file!, 'utf8').trim().split('\n').map((l) => l.split('\t')).filter(([, , event]) => event!.startsWith('gc-'));
    const start = gc.find(([, sid, event, kind]) => sid === '3' && event === 'gc-start' && kind === String(constants.NODE_PERFORMANCE_GC_MAJOR));
    const end = gc.find(([, sid, event, kind]) => sid === '3' && event === 'gc-end' && kind === String(constants.NODE_PERFORMANCE_GC_MAJOR));
    assert.ok(start && end, `a full collection's start and end are in the file: ${JSON.stringify(gc)}`);
    assert.ok(BigInt(end[0]!) >= BigInt(start[0]!), 'its end is not before its start');
    const now = process.hrtime.bigint();
    assert.ok(BigInt(start[0]!) < now && now - BigInt(start[0]!) < 10_000_000_000n, 'stamped on the hops\' clock (monotonic nanoseconds)');
  } finally {
    setHopRecorder(null);
    rmSync(dir, { recursive: true, force: true });
  }
});
