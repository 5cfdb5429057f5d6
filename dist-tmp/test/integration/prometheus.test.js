/**
 * A three-server ensemble with AdminServers and Prometheus endpoints: the quorum commands answer
 * per role as ZooKeeper's do, and a real Prometheus (Debian package `prometheus`, on a free port
 * of 127.0.0.1 with its own temp storage) scrapes the three servers and answers PromQL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEnsemble } from '../support/ensemble.js';
import { freePort } from '../support/free-port.js';
import { getJson, LINT_ALLOWED, promtool } from '../support/admin-http.js';
import { ZooKeeperClient } from '../../src/client/index.js';
describe('ensemble: admin commands per role, Prometheus scraping three servers', () => {
    let ens;
    let leader;
    let prometheus = null;
    let promOutput = '';
    let promDir = '';
    const admin = (id) => `http://127.0.0.1:${ens.server(id).adminPort}`;
    before(async () => {
        ens = await startEnsemble({ size: 3, election: 'fast', admin: true });
        leader = await ens.leader();
        for (const s of ens.servers)
            await ens.waitForLog(s.id, /Prometheus metrics on/);
    });
    after(async () => {
        if (prometheus && prometheus.exitCode === null) {
            const exited = new Promise((r) => prometheus.once('exit', r));
            prometheus.kill('SIGTERM');
            const t = setTimeout(() => prometheus.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(t);
        }
        if (promDir)
            rmSync(promDir, { recursive: true, force: true });
        await ens?.cleanup();
    });
    test('leader, zabstate, voting_view and observers answer per role', async () => {
        for (const s of ens.servers) {
            const isLeader = s.id === leader;
            const lead = (await getJson(`${admin(s.id)}/commands/leader`)).body;
            assert.deepEqual(lead, { is_leader: isLeader, leader_id: leader, leader_ip: '127.0.0.1', command: 'leader', error: null });
            const zab = (await getJson(`${admin(s.id)}/commands/zabstate`)).body;
            assert.equal(zab.myid, s.id);
            assert.equal(zab.zabstate, 'broadcast');
            assert.equal(zab.voting, true);
            assert.equal(zab.quorum_address.one, `127.0.0.1:${s.quorumPort}`);
            assert.equal(zab.client_address, `127.0.0.1:${s.clientPort}`);
            const vv = (await getJson(`${admin(s.id)}/commands/voting_view`)).body.current_config;
            assert.deepEqual(Object.keys(vv), ['1', '2', '3']);
            assert.deepEqual(vv[String(s.id)].election_addresses, [`127.0.0.1:${s.electionPort}`]);
            const obs = (await getJson(`${admin(s.id)}/commands/observers`)).body;
            assert.deepEqual(obs, { synced_observers: 0, observers: [], command: 'observers', error: null });
            const srvr = (await getJson(`${admin(s.id)}/commands/srvr`)).body;
            assert.equal(srvr.server_stats.server_state, isLeader ? 'leader' : 'follower');
            assert.equal('proposal_stats' in srvr, isLeader, 'proposal_stats on the leader only');
            const metrics = await (await fetch(`http://127.0.0.1:${s.metricsPort}/metrics`)).text();
            assert.match(metrics, new RegExp(`^peer_state\\{state="${isLeader ? 'leading' : 'following'}"\\} 1$`, 'm'));
            if (isLeader) {
                assert.match(metrics, /^learners 2$/m);
                assert.match(metrics, /^synced_followers 2$/m);
                assert.match(metrics, /^learner_lag_zxids\{sid="\d"\} 0$/m);
            }
            assert.match(metrics, /^quorum_size 3$/m);
            const verdict = promtool(metrics);
            assert.ok(verdict.status === 0 || verdict.status === 3, verdict.lines.join('\n'));
            assert.deepEqual(verdict.lines.filter((l) => !LINT_ALLOWED.test(l)), []);
        }
    });
    test('the dashboard API sees the whole ensemble from any server', async () => {
        const follower = ens.servers.find((s) => s.id !== leader).id;
        const view = (await getJson(`${admin(follower)}/api/ensemble`)).body;
        assert.equal(view.self, follower);
        assert.deepEqual(view.servers.map((s) => s.id), [1, 2, 3]);
        for (const s of view.servers) {
            assert.equal(s.ok, true, JSON.stringify(s));
            assert.equal(s.overview.state, s.id === leader ? 'leading' : 'following');
            assert.equal(s.overview.leader, leader);
        }
    });
    test('a real Prometheus scrapes the three servers and answers PromQL for znode_count', async () => {
        const client = new ZooKeeperClient(ens.connectString);
        await client.connected(10_000);
        for (let i = 0; i < 5; i++)
            await client.create(`/prom${i}`, 'x');
        await client.sync('/');
        await client.close();
        promDir = mkdtempSync(join(tmpdir(), 'zkts-prometheus-'));
        const port = await freePort();
        const targets = ens.servers.map((s) => `'127.0.0.1:${s.metricsPort}'`).join(', ');
        writeFileSync(join(promDir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: zk-ts\n    static_configs:\n      - targets: [${targets}]\n`);
        prometheus = spawn('prometheus', [`--config.file=${join(promDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(promDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
        prometheus.stdout.on('data', (d) => (promOutput += d));
        prometheus.stderr.on('data', (d) => (promOutput += d));
        prometheus.once('error', (e) => (promOutput += `spawn error: ${e.message}\n`));
        // 5 + the fresh tree's 5 (ZooKeeper counts the root twice), on every server.
        const expected = 10;
        const query = `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent('znode_count')}`;
        let last = null;
        const done = () => Array.isArray(last) && last.length === 3 && last.every((r) => Number(r.value[1]) === expected);
        const deadline = Date.now() + 30_000;
        while (!done()) {
            if (prometheus.exitCode !== null || Date.now() > deadline) {
                assert.fail(`Prometheus did not report znode_count ${expected} for three servers; last answer ${JSON.stringify(last)}\n${promOutput}`);
            }
            await new Promise((r) => setTimeout(r, 250));
            const r = await getJson(query).catch(() => null);
            if (r?.body?.status === 'success')
                last = r.body.data.result;
        }
        const instances = last.map((r) => r.metric.instance).sort();
        assert.deepEqual(instances, ens.servers.map((s) => `127.0.0.1:${s.metricsPort}`).sort());
        assert.ok(last.every((r) => r.metric.job === 'zk-ts'));
        // A counter, a summary and the leader's role through PromQL as well.
        const leaderState = await getJson(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent('peer_state{state="leading"} == 1')}`);
        assert.deepEqual(leaderState.body.data.result.map((r) => r.metric.instance), [`127.0.0.1:${ens.server(leader).metricsPort}`]);
    });
});
//# sourceMappingURL=prometheus.test.js.map