/**
 * node-zookeeper-client (a third-party client from npm, speaking the 3.4 subset without the
 * readOnly byte) against our server: every operation it offers, before and after a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startZkTs } from '../support/zkts-server.js';
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const zookeeper = require('node-zookeeper-client');
/** A promise face on node-zookeeper-client's callbacks. */
class Nzc {
    c;
    events = [];
    constructor(connectString, opts = {}) {
        this.c = zookeeper.createClient(connectString, { sessionTimeout: 4000, spinDelay: 100, retries: 0, ...opts });
    }
    connect() {
        return new Promise((resolve, reject) => {
            const t = setTimeout(() => reject(new Error('connect timed out')), 10_000);
            this.c.once('connected', () => {
                clearTimeout(t);
                resolve();
            });
            this.c.connect();
        });
    }
    call(f) {
        return new Promise((resolve, reject) => f((err, v, extra) => (err ? reject(err) : resolve([v, extra]))));
    }
    watcher = (e) => this.events.push({ type: e.type, path: e.path });
    create(path, data, mode = 0, acls = zookeeper.ACL.OPEN_ACL_UNSAFE) {
        return this.call((cb) => this.c.create(path, data, acls, mode, cb)).then(([p]) => p);
    }
    remove(path, version = -1) {
        return this.call((cb) => this.c.remove(path, version, cb));
    }
    exists(path, watch = false) {
        return this.call((cb) => (watch ? this.c.exists(path, this.watcher, cb) : this.c.exists(path, cb))).then(([s]) => s);
    }
    getData(path, watch = false) {
        return this.call((cb) => (watch ? this.c.getData(path, this.watcher, cb) : this.c.getData(path, cb)));
    }
    setData(path, data, version = -1) {
        return this.call((cb) => this.c.setData(path, data, version, cb)).then(([s]) => s);
    }
    getChildren(path, watch = false) {
        return this.call((cb) => (watch ? this.c.getChildren(path, this.watcher, cb) : this.c.getChildren(path, cb)));
    }
    getACL(path) {
        return this.call((cb) => this.c.getACL(path, cb));
    }
    setACL(path, acls, version = -1) {
        return this.call((cb) => this.c.setACL(path, acls, version, cb)).then(([s]) => s);
    }
    transaction(build) {
        return this.call((cb) => build(this.c.transaction()).commit(cb)).then(([r]) => r);
    }
    close() {
        return new Promise((resolve) => {
            this.c.once('disconnected', () => resolve());
            this.c.close();
            setTimeout(resolve, 1000);
        });
    }
}
const code = (e) => e.getCode?.();
async function expectCode(p, expected) {
    await assert.rejects(p, (e) => code(e) === expected);
}
describe('node-zookeeper-client against zk-ts', () => {
    let server;
    before(async () => {
        server = await startZkTs();
    });
    after(async () => {
        await server.cleanup();
    });
    async function everyOperation(tag) {
        const a = new Nzc(server.connectString);
        const b = new Nzc(server.connectString);
        await a.connect();
        await b.connect();
        try {
            const base = `/nzc-${tag}`;
            assert.equal(await a.create(base, Buffer.from('root')), base);
            await expectCode(a.create(base, null), zookeeper.Exception.NODE_EXISTS);
            await expectCode(a.create(`${base}/missing/x`, null), zookeeper.Exception.NO_NODE);
            const seq1 = await a.create(`${base}/seq-`, null, zookeeper.CreateMode.PERSISTENT_SEQUENTIAL);
            const seq2 = await a.create(`${base}/seq-`, null, zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL);
            assert.equal(seq1, `${base}/seq-0000000000`);
            assert.equal(seq2, `${base}/seq-0000000001`);
            const [data, stat] = await a.getData(base);
            assert.equal(data.toString(), 'root');
            assert.equal(stat.version, 0);
            assert.equal(stat.numChildren, 2);
            // watches: b watches data, children and a missing node; a changes them
            await b.getData(base, true);
            await b.getChildren(base, true);
            assert.equal(await b.exists(`${base}/later`, true), null);
            const s1 = await a.setData(base, Buffer.from('v1'), 0);
            assert.equal(s1.version, 1);
            await expectCode(a.setData(base, Buffer.from('v2'), 0), zookeeper.Exception.BAD_VERSION);
            await a.create(`${base}/later`, null);
            await waitUntil(() => b.events.length >= 3);
            const types = b.events.map((e) => `${e.type}@${e.path}`).sort();
            assert.deepEqual(types, [`1@${base}/later`, `3@${base}`, `4@${base}`].sort());
            const [children] = await a.getChildren(base);
            assert.deepEqual([...children].sort(), ['later', 'seq-0000000000', 'seq-0000000001']);
            // ACLs with digest auth
            a.c.addAuthInfo('digest', Buffer.from('alice:secret'));
            await a.create(`${base}/private`, Buffer.from('p'), 0, [new zookeeper.ACL(zookeeper.Permission.ALL, new zookeeper.Id('auth', ''))]);
            const [acls] = await a.getACL(`${base}/private`);
            assert.equal(acls[0].id.scheme, 'digest');
            assert.match(acls[0].id.id, /^alice:/);
            await expectCode(b.getData(`${base}/private`), zookeeper.Exception.NO_AUTH);
            const [mine] = await a.getData(`${base}/private`);
            assert.equal(mine.toString(), 'p');
            const st = await a.setACL(`${base}/later`, zookeeper.ACL.READ_ACL_UNSAFE, 0);
            assert.equal(st.aversion, 1);
            await expectCode(b.setData(`${base}/later`, Buffer.from('no')), zookeeper.Exception.NO_AUTH);
            // transactions: all or nothing
            const results = await a.transaction((t) => t.create(`${base}/t1`).create(`${base}/t2`, Buffer.from('x')).check(`${base}/t1`, 0).setData(`${base}/t2`, Buffer.from('y'), 0));
            assert.equal(results.length, 4);
            await assert.rejects(a.transaction((t) => t.create(`${base}/t3`).remove(`${base}/nope`)));
            assert.equal(await a.exists(`${base}/t3`), null);
            await expectCode(a.remove(base), zookeeper.Exception.NOT_EMPTY);
            await a.remove(`${base}/t1`, 0);
            assert.equal(await a.exists(`${base}/t1`), null);
        }
        finally {
            await a.close();
            await b.close();
        }
    }
    it('supports every operation of the client', async () => {
        await everyOperation('before');
    });
    it('keeps all data across a restart and supports every operation after it', async () => {
        await server.restart();
        const c = new Nzc(server.connectString);
        await c.connect();
        try {
            const [data, stat] = await c.getData('/nzc-before');
            assert.equal(data.toString(), 'v1');
            assert.equal(stat.version, 1);
            const [children] = await c.getChildren('/nzc-before');
            // the ephemeral sequential node died with its session when the client closed
            assert.deepEqual([...children].sort(), ['later', 'private', 't2', 'seq-0000000000'].sort());
            const [t2] = await c.getData('/nzc-before/t2');
            assert.equal(t2.toString(), 'y');
        }
        finally {
            await c.close();
        }
        await everyOperation('after');
    });
    it('expires a session whose client vanished, deleting its ephemerals', async () => {
        const a = new Nzc(server.connectString, { sessionTimeout: 800 });
        const b = new Nzc(server.connectString);
        await a.connect();
        await b.connect();
        try {
            await a.create('/nzc-eph', null, zookeeper.CreateMode.EPHEMERAL);
            assert.ok(await b.exists('/nzc-eph', true));
            // Drop a's socket without closing its session.
            a.c.connectionManager.socket.destroy();
            a.c.connectionManager.close?.();
            await waitUntil(() => b.events.some((e) => e.type === 2 && e.path === '/nzc-eph'), 10_000);
            assert.equal(await b.exists('/nzc-eph'), null);
        }
        finally {
            await b.close();
        }
    });
});
async function waitUntil(cond, timeoutMs = 5000) {
    const start = Date.now();
    while (!cond()) {
        if (Date.now() - start > timeoutMs)
            throw new Error('condition not reached in time');
        await new Promise((r) => setTimeout(r, 20));
    }
}
//# sourceMappingURL=node-zookeeper-client.test.js.map