/**
 * The hop trace (docs/operations.md, "Hop trace"): off unless ZKTS_HOP_TRACE names a
 * directory; on, every hop becomes a line `nanoseconds, sid, event, key` in that directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    const lines = readFileSync(file!, 'utf8').trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(lines.map(([, sid, event, key]) => [sid, event, key]), [['7', 'append-issued', String(0x100000001n)], ['7', 'client-decoded', '5']]);
    const [t1, t2] = lines.map(([t]) => BigInt(t!));
    assert.ok(t1! >= before && t2! >= t1!, 'stamps are monotonic nanoseconds, in order');
  } finally {
    setHopRecorder(null);
    rmSync(dir, { recursive: true, force: true });
  }
});
