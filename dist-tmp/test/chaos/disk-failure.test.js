/**
 * Finding F1 of the fault bench (docs/chaos.md, "Findings"), kept as a regression test: a quorum
 * member whose storage fails must exit instead of re-electing forever.
 *
 * The bench gives the leader a failing disk (EIO, then ENOSPC; seed 14, disk faults only). The
 * server whose writes fail exits loudly (status 3), the other two go on, and the bench restarts
 * it once the disk is healed, so the run passes with that server listed among those that exited
 * by themselves. Before the fix it neither served nor exited: it re-elected, followed, failed its
 * first write and re-elected again, about 170 times a second, so the ensemble stayed one server
 * short and the run failed.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
it('a quorum member whose disk fails exits, and the ensemble recovers once it is restarted', { timeout: 300_000 }, () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'zk-chaos'), '--servers', '3', '--duration', '15', '--nemesis', 'disk', '--seed', '14', '--json'], {
        encoding: 'utf8',
        timeout: 280_000,
    });
    const context = `exit ${r.status}\n${r.stderr}\n${r.stdout.slice(0, 10_000)}`;
    const report = JSON.parse(r.stdout);
    assert.ok(report.crashes.some((c) => c.during !== null && /failing disk/.test(c.during) && c.restartedAtMs !== null), `the server with the failing disk did not exit:\n${context}`);
    assert.equal(r.status, 0, context);
});
//# sourceMappingURL=disk-failure.test.js.map