/**
 * The fault bench on real processes (needs root: network namespaces and TAP devices).
 *
 *  - A 20-second run on zk-ts with every nemesis kind once (seed 38: kill the leader, isolate
 *    the leader, a slow disk on the leader, delay + jitter + loss on every server link, pause the
 *    leader) must pass: nothing lost, linearizable, every end check green. Afterwards no
 *    namespace, TAP, process or run directory of it may remain.
 *  - SIGTERM in the middle of a run removes everything too.
 *  - Leftovers of a crashed run (its pid gone) are removed by the next run's start-up.
 * Whatever happens, `after` kills the bench and removes what a killed bench leaves.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listBenchResources, removeLeftovers } from '../../src/chaos/network.js';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BENCH = join(ROOT, 'bin', 'zk-chaos');
const base = mkdtempSync(join(tmpdir(), 'zkts-chaos-test-'));
const children = [];
after(async () => {
    for (const c of children)
        if (c.exitCode === null && c.signalCode === null)
            c.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    await removeLeftovers();
    for (const pid of processesMentioning(base))
        process.kill(pid, 'SIGKILL');
    rmSync(base, { recursive: true, force: true });
});
/** Pids of live processes whose command line contains `text`. */
function processesMentioning(text) {
    const out = [];
    for (const name of readdirSync('/proc')) {
        if (!/^\d+$/.test(name) || Number(name) === process.pid)
            continue;
        try {
            if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text))
                out.push(Number(name));
        }
        catch {
            /* gone */
        }
    }
    return out;
}
function startBench(args, dir) {
    const child = spawn(process.execPath, [BENCH, '--dir', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const done = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal, stdout, stderr })));
    return { child, done, stderr: () => stderr };
}
async function assertNothingLeft(pid, dir) {
    assert.deepEqual(await listBenchResources(pid), [], 'namespaces or TAP devices left behind');
    // Servers die with the bench; give the kernel a moment to reap them.
    for (let i = 0; i < 50 && processesMentioning(dir).length > 0; i++)
        await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(processesMentioning(dir), [], 'server processes left behind');
    assert.deepEqual(readdirSync(dir), [], 'run directory left behind');
}
describe('fault bench (real processes, network namespaces)', { concurrency: false }, () => {
    it('a 20 s run with every nemesis kind once passes on zk-ts and leaves nothing behind', { timeout: 300_000 }, async () => {
        const dir = mkdtempSync(join(base, 'run-'));
        const run = startBench(['--servers', '3', '--duration', '20', '--nemesis', 'kill,pause,partition,delay,disk', '--seed', '38', '--json'], dir);
        const r = await run.done;
        const context = `exit ${r.code}\n--- stderr\n${r.stderr}\n--- stdout\n${r.stdout.slice(0, 20_000)}`;
        assert.equal(r.code, 0, context);
        const report = JSON.parse(r.stdout);
        assert.equal(report.ok, true, context);
        assert.equal(report.seed, 38);
        assert.deepEqual(report.lostWrites, [], context);
        assert.equal(report.linearizability.verdict, 'linearizable', context);
        assert.ok(report.linearizability.operations > 100, context);
        for (const kind of ['kill', 'pause', 'partition', 'delay', 'disk'])
            assert.ok((report.faultsByKind[kind] ?? 0) >= 1, `no ${kind} fault: ${context}`);
        assert.ok(report.faults.every((f) => f.endMs !== null), 'every fault healed');
        assert.deepEqual(report.endChecks.serversChecked, [1, 2, 3], context);
        assert.deepEqual(report.endChecks.treeDifferences, [], context);
        assert.deepEqual(report.endChecks.ephemeralsLeft, [], context);
        assert.ok(report.operations.ok > 0 && report.operations.tried >= report.operations.ok + report.operations.failed + report.operations.indeterminate - report.operations.finalReads);
        await assertNothingLeft(run.child.pid, dir);
    });
    it('SIGTERM in the middle of a run removes the servers, namespaces, switch and run directory', { timeout: 180_000 }, async () => {
        const dir = mkdtempSync(join(base, 'term-'));
        const run = startBench(['--servers', '3', '--duration', '60', '--seed', '5'], dir);
        const deadline = Date.now() + 120_000;
        while (!/fault #0/.test(run.stderr())) {
            if (run.child.exitCode !== null || Date.now() > deadline)
                assert.fail(`the bench did not get to its first fault:\n${run.stderr()}`);
            await new Promise((r) => setTimeout(r, 100));
        }
        assert.ok((await listBenchResources(run.child.pid)).length > 0, 'the run had namespaces while it ran');
        run.child.kill('SIGTERM');
        const r = await run.done;
        assert.equal(r.code, 143, r.stderr);
        await assertNothingLeft(run.child.pid, dir);
    });
    it("a run's start-up removes the namespaces, processes and links of a crashed run", { timeout: 60_000 }, async () => {
        // pid_max is at most 4194304 on Linux: this pid cannot be alive.
        const deadPid = 4_999_999;
        const ns = `zkc${deadPid}-s1`;
        const link = `zkc${deadPid}t0`;
        execFileSync('ip', ['netns', 'add', ns]);
        execFileSync('ip', ['tuntap', 'add', 'dev', link, 'mode', 'tap']); // a persistent TAP stands in for any leftover link (this kernel has no dummy links)
        const marker = join(base, 'leftover-marker');
        const sleeper = spawn('ip', ['netns', 'exec', ns, 'sleep', '600', marker], { stdio: 'ignore', detached: true });
        children.push(sleeper);
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual((await listBenchResources(deadPid)).sort(), [`link ${link}`, `netns ${ns}`]);
        const removed = await removeLeftovers();
        assert.ok(removed.includes(`netns ${ns}`) && removed.includes(`link ${link}`), removed.join(', '));
        assert.deepEqual(await listBenchResources(deadPid), []);
        for (let i = 0; i < 50 && processesMentioning(marker).length > 0; i++)
            await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(processesMentioning(marker), [], 'the process inside the leftover namespace was killed');
        assert.equal(existsSync(`/run/netns/${ns}`), false);
    });
});
//# sourceMappingURL=chaos.test.js.map