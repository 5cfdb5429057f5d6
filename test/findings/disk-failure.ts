/**
 * Finding F1 of the fault bench (docs/chaos.md, "Findings"): NOT part of `npm test` (the file
 * name has no .test), because it fails until a quorum member whose storage fails stops instead
 * of looping. Run it alone, as root, under the heavy lock:
 *
 *   flock /tmp/zkts-heavy.lock node --test dist/test/findings/disk-failure.js
 *
 * The bench gives the leader a failing disk (EIO, then ENOSPC; seed 14, disk faults only). The
 * expected behaviour: the server whose writes fail exits loudly, the other two go on, and the
 * bench restarts it once the disk is healed, so the run passes with that server listed among
 * those that exited by themselves. Found: it neither serves nor exits; it re-elects, follows,
 * fails its first write and re-elects again, about 170 times a second, forever (also after
 * the disk is healthy again), so the ensemble stays one server short and the run fails.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/chaos/bench.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

it('a quorum member whose disk fails exits, and the ensemble recovers once it is restarted', { timeout: 300_000 }, () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'zk-chaos'), '--servers', '3', '--duration', '15', '--nemesis', 'disk', '--seed', '14', '--json'], {
    encoding: 'utf8',
    timeout: 280_000,
  });
  const context = `exit ${r.status}\n${r.stderr}\n${r.stdout.slice(0, 10_000)}`;
  const report = JSON.parse(r.stdout) as Report;
  assert.ok(report.crashes.some((c) => c.during !== null && /failing disk/.test(c.during) && c.restartedAtMs !== null), `the server with the failing disk did not exit:\n${context}`);
  assert.equal(r.status, 0, context);
});
