/**
 * The client library on a replicated ensemble: when the server it is connected to is killed,
 * it moves to another server of its list, keeps its session (ephemerals included), and its
 * watches are re-armed so that a change made meanwhile fires exactly once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../src/client/index.js';
import { CreateMode } from '../../src/client/types.js';
import { startEnsemble } from '../support/ensemble.js';
async function until(cond, what, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await cond())) {
        if (Date.now() > deadline)
            throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
    }
}
function portOf(server) {
    return Number((server ?? ':0').split(':').pop());
}
describe('client library on a three-server ensemble', () => {
    let ens;
    const clients = [];
    before(async () => {
        ens = await startEnsemble({ size: 3, election: 'fast' });
    });
    after(async () => {
        for (const c of clients)
            await c.close().catch(() => { });
        await ens.cleanup();
    });
    for (const victim of ['follower', 'leader']) {
        it(`moves to another server when its ${victim} is killed, keeping session, ephemerals and watches`, async () => {
            const leader = await ens.leader();
            const target = victim === 'leader' ? leader : ens.servers.find((s) => s.id !== leader && ens.isRunning(s.id)).id;
            const port = ens.server(target).clientPort;
            // Our server first in the list, the rest after it: the client starts on the victim.
            const others = ens.servers.filter((s) => s.id !== target).map((s) => `127.0.0.1:${s.clientPort}`);
            const c = createClient([`127.0.0.1:${port}`, ...others].join(','), { sessionTimeout: 6000, shuffleHosts: false });
            const observer = createClient(ens.connectString, { sessionTimeout: 6000 });
            clients.push(c, observer);
            await c.connected();
            await observer.connected();
            assert.equal(portOf(c.currentServer), port);
            const sessionId = c.sessionId;
            const base = `/moving-${victim}`;
            await c.create(base, 'v0');
            await c.create(`${base}/eph`, null, { mode: CreateMode.EPHEMERAL });
            const events = [];
            await c.getData(base, (e) => events.push(e));
            let reconnected = false;
            c.on('reconnected', () => (reconnected = true));
            await ens.kill(target);
            // A change while the client is between servers must still reach its watch, once.
            await until(async () => {
                try {
                    await observer.setData(base, 'v1');
                    return true;
                }
                catch {
                    return false;
                }
            }, 'a write through the surviving servers');
            await until(() => reconnected, 'the client to reconnect elsewhere');
            assert.notEqual(portOf(c.currentServer), port);
            assert.equal(c.sessionId, sessionId, 'the session survived the move');
            await until(() => events.length > 0, 'the data watch to fire');
            await new Promise((r) => setTimeout(r, 300));
            assert.deepEqual(events.map((e) => [e.type, e.path]), [['NodeDataChanged', base]]);
            const eph = await observer.exists(`${base}/eph`);
            assert.ok(eph, 'the ephemeral survived the move');
            assert.equal(eph.ephemeralOwner, sessionId);
            const { data } = await c.getData(base);
            assert.equal(data?.toString(), 'v1');
            await ens.restart(target);
        });
    }
});
//# sourceMappingURL=ensemble.test.js.map