/**
 * The cross-checker against real servers (docs/crosscheck.md): on itself (ZooKeeper against
 * ZooKeeper shows nothing), a short seeded run of zk-ts against ZooKeeper (only allow-listed
 * differences), and every divergence it has found, replayed (test/crosscheck/replays.json).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReport, runOnPair, startPair } from '../../src/crosscheck/run.js';
import { zooKeeperAvailable } from '../../src/crosscheck/servers.js';
const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(resolve(here, '..', '..', '..'), 'test', 'crosscheck', 'replays.json');
describe('cross-checker', () => {
    it('finds Apache ZooKeeper installed (the Debian package, as .ci/run installs it)', () => {
        assert.ok(zooKeeperAvailable(), 'java and /usr/share/java/zookeeper.jar are needed');
    });
    describe('ZooKeeper against ZooKeeper', () => {
        let pair;
        before(async () => {
            pair = await startPair(['zookeeper', 'zookeeper']);
        });
        after(async () => {
            await pair?.stop();
        });
        it('shows no difference at all (the normalisation hides nothing real and invents nothing)', async () => {
            const report = await runOnPair(pair, { seed: 7, ops: 400, shrink: false });
            assert.equal(report.divergences.length, 0, formatReport(report, true));
        });
    });
    describe('zk-ts against ZooKeeper', () => {
        let pair;
        before(async () => {
            pair = await startPair(['zookeeper', 'zk-ts']);
        });
        after(async () => {
            await pair?.stop();
        });
        it('a short seeded run shows only allow-listed differences', async () => {
            const report = await runOnPair(pair, { seed: 11, ops: 500, shrink: false });
            assert.equal(report.unexpected, 0, formatReport(report, true));
        });
        it('every divergence the cross-checker has found replays without an unexpected difference', async () => {
            const corpus = JSON.parse(readFileSync(CORPUS, 'utf8'));
            assert.ok(corpus.length > 0);
            const failures = [];
            for (const [i, entry] of corpus.entries()) {
                const report = await runOnPair(pair, { seed: 1000 + i, ops: 0, replay: entry.steps, shrink: false });
                if (report.unexpected > 0)
                    failures.push(`${entry.found}\n${formatReport(report, false)}`);
            }
            assert.deepEqual(failures, []);
        });
    });
});
//# sourceMappingURL=crosscheck.test.js.map