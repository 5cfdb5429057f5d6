/**
 * Finding 1 of issue 15 (docs/compatibility.md): a watch event reaches only a session that may
 * READ the node it is about (the parent, for NodeChildrenChanged), checked with the session's
 * ids when the event fires, as ZooKeeper 3.8.4/3.9.2 do since CVE-2024-23944.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AddWatchMode, EventType, Op } from '../../src/wire/constants.js';
import { TxnType } from '../../src/wire/txn.js';
import { SeededRng } from '../../src/base/clock.js';
import { Fifo } from '../../src/base/queue.js';
import { Replica } from '../../src/peer/replica.js';
import { ALICE, ALICE_ID, ALICE_ONLY, CoreHarness, digest, enc, OPEN } from './core-harness.js';
const { NodeCreated, NodeDeleted, NodeDataChanged, NodeChildrenChanged } = EventType;
const A = 1; // alice, the writer
const B = 2; // an anonymous watcher
function world() {
    const h = new CoreHarness();
    h.connect(A);
    h.connect(B);
    h.addAuth(A, ALICE_ID);
    h.create(A, '/p');
    return h;
}
describe('watch events are filtered by ACL (CVE-2024-23944)', () => {
    it('a persistent-recursive watch does not reveal unreadable descendants', () => {
        const h = world();
        h.ok(B, { op: Op.addWatch, path: '/p', mode: AddWatchMode.PersistentRecursive });
        h.ok(A, { op: Op.addWatch, path: '/p', mode: AddWatchMode.PersistentRecursive });
        h.create(A, '/p/secret', ALICE_ONLY);
        h.ok(A, { op: Op.setData, path: '/p/secret', data: enc('y'), version: -1 });
        h.ok(A, { op: Op.delete, path: '/p/secret', version: -1 });
        h.create(A, '/p/open');
        assert.deepEqual(h.events(B), [`${NodeCreated} /p/open`]);
        assert.deepEqual(h.events(A), [`${NodeCreated} /p/secret`, `${NodeDataChanged} /p/secret`, `${NodeDeleted} /p/secret`, `${NodeCreated} /p/open`]);
    });
    it('a persistent watch gets NodeChildrenChanged only while the parent is readable', () => {
        const h = world();
        h.ok(B, { op: Op.addWatch, path: '/p', mode: AddWatchMode.Persistent });
        h.create(A, '/p/c1', ALICE_ONLY); // the child is unreadable, the parent is not: delivered
        h.ok(A, { op: Op.setACL, path: '/p', acl: ALICE_ONLY, version: -1 });
        h.create(A, '/p/c2'); // now the parent is unreadable
        h.ok(A, { op: Op.setData, path: '/p', data: enc('z'), version: -1 });
        assert.deepEqual(h.events(B), [`${NodeChildrenChanged} /p`]);
    });
    it('a one-shot watch set before setACL made the node unreadable is used up silently', () => {
        const h = world();
        h.create(A, '/p/w');
        h.ok(B, { op: Op.getData, path: '/p/w', watch: true });
        assert.equal(h.call(B, { op: Op.exists, path: '/p/new', watch: true }).err, -101);
        h.ok(B, { op: Op.getChildren, path: '/p/w', watch: true });
        h.ok(A, { op: Op.setACL, path: '/p/w', acl: ALICE_ONLY, version: -1 });
        h.ok(A, { op: Op.setData, path: '/p/w', data: enc('1'), version: -1 });
        h.create(A, '/p/new', ALICE_ONLY);
        h.create(A, '/p/w/kid');
        assert.deepEqual(h.events(B), []);
        // The watches were consumed: readable again, nothing more arrives.
        h.ok(A, { op: Op.setACL, path: '/p/w', acl: OPEN, version: -1 });
        h.ok(A, { op: Op.setData, path: '/p/w', data: enc('2'), version: -1 });
        assert.deepEqual(h.events(B), []);
        assert.equal(h.call(B, { op: Op.checkWatches, path: '/p/w', type: 2 }).err, -121, 'the data watch should be gone (NOWATCHER)');
    });
    it('ephemerals removed at session close are not revealed', () => {
        const h = world();
        h.create(A, '/p/e', ALICE_ONLY, 1);
        h.ok(B, { op: Op.addWatch, path: '/p', mode: AddWatchMode.PersistentRecursive });
        h.ok(B, { op: Op.getChildren, path: '/p', watch: true });
        h.ok(A, { op: Op.closeSession });
        assert.deepEqual(h.events(B), [`${NodeChildrenChanged} /p`], 'the parent is readable; the deleted ephemeral is not');
    });
    it('checks the ids the watcher holds when the event fires', () => {
        const h = world();
        h.ok(B, { op: Op.addWatch, path: '/p', mode: AddWatchMode.PersistentRecursive });
        h.create(A, '/p/s1', ALICE_ONLY);
        h.addAuth(B, { scheme: 'digest', id: digest(ALICE) });
        h.create(A, '/p/s2', ALICE_ONLY);
        assert.deepEqual(h.events(B), [`${NodeCreated} /p/s2`]);
        const C = 3;
        h.connect(C);
        h.addAuth(C, { scheme: 'super', id: '' });
        h.ok(C, { op: Op.addWatch, path: '/p', mode: AddWatchMode.PersistentRecursive });
        h.create(A, '/p/s3', ALICE_ONLY);
        assert.deepEqual(h.events(C), [`${NodeCreated} /p/s3`], 'super reads everything');
    });
    it('a follower filters its own clients\' events when it applies the leader\'s txns', () => {
        const out = [];
        const r = new Replica({ serverId: 2, tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 4000, extendedTypesEnabled: false }, { nowMs: 1000, wallMs: 1_700_000_000_000 }, new SeededRng(1), out);
        r.writePath = { submitWrite() { }, createSession() { }, revalidate() { }, sync: (done) => done(), writeRefusal: () => null };
        const session = 0x0200000000000001n;
        r.apply({ sessionId: session, cxid: 0, zxid: 1n, time: 0, body: { type: TxnType.createSession, timeout: 2000, passwd: new Uint8Array(16) } });
        r.connections.set(9, { id: 9, remoteAddress: '127.0.0.1', sessionId: session, authIds: [{ scheme: 'ip', id: '127.0.0.1' }], queue: new Fifo(), closeWhenDrained: false });
        r.tree.watches.addPersistent('/', 9, true);
        const other = 0x0100000000000001n;
        const create = (zxid, path, acl = OPEN) => r.apply({ sessionId: other, cxid: 1, zxid, time: 0, body: { type: TxnType.create, path, data: null, acl, ephemeralOwner: 0n, parentCversion: Number(zxid) } });
        create(2n, '/hidden', ALICE_ONLY);
        create(3n, '/shown');
        const notes = out.filter((e) => e.kind === 'notify').map((e) => (e.kind === 'notify' ? e.event.path : ''));
        assert.deepEqual(notes, ['/shown']);
    });
});
//# sourceMappingURL=watch-acl.test.js.map