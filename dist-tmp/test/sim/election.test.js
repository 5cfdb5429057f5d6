/**
 * The election under the deterministic simulator (src/sim): for each algorithm and ensemble
 * shape, many seeds, each a whole run of cold start, chaos (loss, duplication, garbling,
 * delay and reordering, symmetric, isolating and one-way partitions, crashes and restarts)
 * and a liveness phase. What each run checks is listed in src/sim/election-sim.ts and
 * src/sim/checker.ts. A failure names its seed and the `bin/zk-sim` command that replays it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { runElectionSim } from '../../src/sim/election-sim.js';
import { EventQueue } from '../../src/sim/event-queue.js';
import { TraceHash } from '../../src/sim/trace.js';
/** Seeds per configuration; override with ZK_SIM_SEEDS for a longer soak. */
const SEEDS = Number(process.env.ZK_SIM_SEEDS ?? 300);
/** Shift the seed range, e.g. to soak new ground in CI: ZK_SIM_SEED_BASE=100000. */
const BASE = Number(process.env.ZK_SIM_SEED_BASE ?? 1);
const CONFIGS = [
    { algorithm: 'fast', servers: 3 },
    { algorithm: 'fast', servers: 5 },
    { algorithm: 'fast', servers: 3, observers: 1 },
    { algorithm: 'basic', servers: 3 },
    { algorithm: 'basic', servers: 5 },
    { algorithm: 'basic', servers: 5, observers: 2 },
];
function explain(r) {
    const lines = r.violations.slice(0, 5).map((v) => `  at ${v.atMs} ms [${v.property}] ${v.detail.split('\n')[0]}`);
    return `seed ${r.seed} failed; replay with: ${r.replay} --verbose\n${lines.join('\n')}`;
}
describe('simulator parts', () => {
    test('the trace hash is FNV-1a 64 (reference vectors)', () => {
        for (const [text, expected] of [
            ['', 'cbf29ce484222325'],
            ['a', 'af63dc4c8601ec8c'],
            ['foobar', '85944171f73967e8'],
        ]) {
            const h = new TraceHash();
            h.bytes(new TextEncoder().encode(text));
            assert.equal(h.hex(), expected, JSON.stringify(text));
        }
    });
    test('events run in (time, scheduling order)', () => {
        const q = new EventQueue();
        const order = [];
        for (const [t, name] of [[5, 'a'], [1, 'b'], [5, 'c'], [0, 'd'], [1, 'e'], [5, 'f']])
            q.push(t, () => order.push(name));
        while (q.size > 0)
            q.pop().run();
        assert.deepEqual(order, ['d', 'b', 'e', 'a', 'c', 'f']);
    });
});
describe('election simulation', () => {
    for (const config of CONFIGS) {
        const name = `${config.algorithm}, ${config.servers} servers${config.observers ? ` + ${config.observers} observers` : ''}`;
        test(`${name}: ${SEEDS} seeds hold every property`, () => {
            const totals = { decisions: 0, joins: 0, establishments: 0, stale: 0, malformed: 0, lost: 0, cut: 0, crashes: 0, slowest: 0 };
            for (let seed = BASE; seed < BASE + SEEDS; seed++) {
                const r = runElectionSim({ ...config, seed });
                assert.ok(r.ok, explain(r));
                totals.decisions += r.stats.decisions;
                totals.joins += r.stats.joins;
                totals.establishments += r.stats.establishments;
                totals.stale += r.stats.droppedStale;
                totals.malformed += r.stats.droppedMalformed;
                totals.lost += r.stats.network.lost;
                totals.cut += r.stats.network.cut;
                totals.crashes += r.stats.faults.filter((f) => f.includes(' crash ')).length;
                totals.slowest = Math.max(totals.slowest, r.stats.convergedAfterMs ?? 0);
            }
            // The runs must have met the faults they claim to survive, or the test proves nothing.
            for (const [k, v] of Object.entries(totals))
                assert.ok(v > 0, `no ${k} in ${SEEDS} seeds: ${JSON.stringify(totals)}`);
            assert.ok(totals.establishments > SEEDS * 2, `few establishments: ${JSON.stringify(totals)}`);
        });
    }
    test('the same seed gives the same trace; different seeds differ', () => {
        for (const config of CONFIGS) {
            const hashes = new Set();
            for (let seed = 7; seed < 12; seed++) {
                const a = runElectionSim({ ...config, seed });
                const b = runElectionSim({ ...config, seed });
                assert.equal(a.traceHash, b.traceHash, `nondeterminism: ${a.replay}`);
                assert.deepEqual(a.stats, b.stats);
                hashes.add(a.traceHash);
            }
            assert.equal(hashes.size, 5, `${config.algorithm}/${config.servers}: distinct seeds, distinct traces`);
        }
    });
    test('bin/zk-sim replays a seed and prints its trace hash and verdict', () => {
        const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
        const r = spawnSync(process.execPath, [path.join(root, 'bin/zk-sim'), '--seed', '9', '--servers', '5', '--election', 'basic'], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr + r.stdout);
        const expected = runElectionSim({ seed: 9, servers: 5, algorithm: 'basic', steps: 30 });
        assert.match(r.stdout, new RegExp(`trace ${expected.traceHash}`));
        assert.match(r.stdout, /verdict: ok/);
    });
});
//# sourceMappingURL=election.test.js.map