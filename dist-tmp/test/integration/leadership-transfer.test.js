/**
 * Graceful leadership transfer with real processes, for both elections (issue 12;
 * docs/operations.md, "Leadership transfer"). A three-server ensemble under a steady stream of
 * writes: the AdminServer's POST transfer_leadership?to=N makes N the leader (N is the lowest
 * follower id, which the ordinary vote order would never pick on a tie); `ydld` on the leader
 * hands over to a follower; zk-cli's transferLeader N asks N to take over (`rqld`). Writes go on
 * through all of it and none that was acknowledged is lost. Refusals are clear.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient, CreateMode } from '../../src/client/index.js';
import { fourLetter, startEnsemble } from '../support/ensemble.js';
const ALGORITHMS = ['basic', 'fast'];
const ZK_CLI = fileURLToPath(new URL('../../../bin/zk-cli', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitModes(ens, ok, what, timeoutMs = 15_000) {
    const start = Date.now();
    for (;;) {
        const m = await ens.modes();
        if (ok(m))
            return m;
        if (Date.now() - start > timeoutMs)
            throw new Error(`timed out waiting for ${what}: ${JSON.stringify([...m])}\n${ens.tails()}`);
        await sleep(50);
    }
}
const leaderIs = (id) => (m) => [...m].every(([sid, mode]) => mode === (sid === id ? 'leader' : 'follower'));
async function post(ens, id, query) {
    const r = await fetch(`http://127.0.0.1:${ens.server(id).adminPort}/commands/transfer_leadership${query}`, { method: 'POST' });
    return { status: r.status, body: await r.json() };
}
/** Writes one sequential node after another until stopped; remembers the acknowledged ones. */
function writer(ens) {
    const acked = [];
    let failed = 0;
    let stop = false;
    const client = createClient(ens.connectString, { sessionTimeout: 6000, retry: { baseDelayMs: 10, maxDelayMs: 100 } });
    const done = (async () => {
        await client.connected(10_000);
        while (!stop) {
            try {
                acked.push(await client.create('/w/n-', '', { mode: CreateMode.PERSISTENT_SEQUENTIAL }));
            }
            catch {
                failed++; // connection loss during the handover: not acknowledged, so free to be lost
                await sleep(10);
            }
        }
    })();
    return {
        acked,
        get failed() {
            return failed;
        },
        async stop() {
            stop = true;
            await done;
            await client.close();
        },
    };
}
for (const election of ALGORITHMS) {
    describe(`leadership transfer (${election} election)`, { timeout: 120_000 }, () => {
        let ens;
        before(async () => {
            ens = await startEnsemble({ size: 3, election, admin: true });
            const c = createClient(ens.connectString, { sessionTimeout: 6000 });
            await c.connected(10_000);
            await c.create('/w', '');
            await c.close();
        });
        after(async () => {
            await ens?.cleanup();
        });
        it('moves leadership to the named server, then by ydld and by zk-cli, losing no acknowledged write', async () => {
            const w = writer(ens);
            try {
                await sleep(300);
                const first = await ens.leader();
                const n = Math.min(...ens.servers.map((s) => s.id).filter((id) => id !== first));
                const answer = await post(ens, first, `?to=${n}`);
                assert.equal(answer.status, 200);
                assert.equal(answer.body.error, null, JSON.stringify(answer.body));
                assert.equal(answer.body.successor, n);
                await waitModes(ens, leaderIs(n), `server ${n} to lead`);
                const before = w.acked.length;
                await sleep(300);
                assert.ok(w.acked.length > before, 'writes go on under the new leader');
                // ydld: the leader picks the most caught-up follower itself.
                const yielded = await fourLetter(ens.server(n).clientPort, 'ydld');
                assert.match(yielded, /^Sent yield leadership request to leader\.\ntransferring leadership from server \d to server \d\n$/);
                const next = Number(/to server (\d)/.exec(yielded)[1]);
                assert.notEqual(next, n);
                await waitModes(ens, leaderIs(next), `server ${next} to lead after ydld`);
                // zk-cli transferLeader N: rqld on server N.
                const third = ens.servers.map((s) => s.id).find((id) => id !== next);
                const cli = spawnSync(process.execPath, [ZK_CLI, '-server', ens.connectString, 'transferLeader', String(third)], { encoding: 'utf8', timeout: 30_000 });
                assert.equal(cli.status, 0, cli.stderr);
                assert.match(cli.stdout, new RegExp(`^leadership moved from server ${next} to server ${third} in \\d+ ms\\n$`));
                await waitModes(ens, leaderIs(third), `server ${third} to lead after transferLeader`);
                await sleep(300);
            }
            finally {
                await w.stop();
            }
            assert.ok(w.acked.length > 20, `only ${w.acked.length} writes acknowledged (${w.failed} failed)`);
            const reader = createClient(ens.connectString, { sessionTimeout: 6000 });
            try {
                await reader.connected(10_000);
                await reader.sync('/w');
                const present = new Set((await reader.getChildren('/w')).map((c) => `/w/${c}`));
                const lost = w.acked.filter((p) => !present.has(p));
                assert.deepEqual(lost, [], `acknowledged writes lost across the transfers (${w.acked.length} acknowledged)`);
            }
            finally {
                await reader.close();
            }
        });
        it('refuses clearly: not the leader, an unknown server, itself, a GET', async () => {
            const leader = await ens.leader();
            const follower = ens.servers.map((s) => s.id).find((id) => id !== leader);
            const notLeader = await post(ens, follower, `?to=${leader}`);
            assert.equal(notLeader.body.error, `server ${follower} is not the leader (server ${leader} leads)`);
            assert.equal((await post(ens, leader, '?to=9')).body.error, 'server 9 is not in the configuration');
            assert.equal((await post(ens, leader, `?to=${leader}`)).body.error, `server ${leader} is the leader already`);
            const get = await fetch(`http://127.0.0.1:${ens.server(leader).adminPort}/commands/transfer_leadership?to=${follower}`);
            assert.equal(get.status, 405);
            assert.match(await fourLetter(ens.server(follower).clientPort, 'ydld'), /^Failed to send yield leadership request to leader\.\nserver \d is not the leader/);
            const cli = spawnSync(process.execPath, [ZK_CLI, '-server', ens.connectString, 'transferLeader', '9'], { encoding: 'utf8', timeout: 30_000 });
            assert.notEqual(cli.status, 0);
            assert.match(cli.stderr, /transferLeader: server 9 is not in the connect string/);
            assert.ok(leaderIs(leader)(await ens.modes()), 'nothing moved');
        });
    });
}
//# sourceMappingURL=leadership-transfer.test.js.map