/**
 * Orders zk-ts takes from ZooKeeper's Java hash collections (docs/compatibility.md): the
 * expected orders below are what java.util.HashSet (and its clone) and a ConcurrentHashMap-backed
 * set of org.apache.zookeeper.data.Id iterate to (checked with OpenJDK 17 and Debian's
 * zookeeper-jute).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashSetCloneOrder, hashSetOrder } from '../../src/tree/java-order.js';
import { inZooKeeperOrder } from '../../src/tree/acl.js';
import { Op } from '../../src/wire/constants.js';
import { CoreHarness, OPEN } from './core-harness.js';
const MANY = ['/x/a0000000017', '/x/a/b/a0000000002', '/x/q', '/x/r', '/x/s', '/x/t', '/x/u', '/x/v', '/x/w', '/x/y', '/x/z', '/x/aa', '/x/bb', '/x/cc'];
describe('Java hash orders', () => {
    it('HashSet<String>: by bucket, the table grown for the most elements it held', () => {
        assert.deepEqual(hashSetOrder(['/cc00000005-00000/a', '/cc00000005-00000/c/c/b0000000000', '/cc00000005-00000/b'], 3), [
            '/cc00000005-00000/a', '/cc00000005-00000/b', '/cc00000005-00000/c/c/b0000000000',
        ]);
        assert.deepEqual(hashSetOrder(MANY, MANY.length), [
            '/x/z', '/x/y', '/x/w', '/x/v', '/x/a0000000017', '/x/aa', '/x/bb', '/x/cc', '/x/a/b/a0000000002', '/x/u', '/x/t', '/x/s', '/x/r', '/x/q',
        ]);
        const left = MANY.filter((_, i) => i < 2 || i >= 12);
        assert.deepEqual(hashSetOrder(left, MANY.length), ['/x/a0000000017', '/x/bb', '/x/cc', '/x/a/b/a0000000002']);
    });
    it('a clone of that HashSet: sized for its elements alone, filled in the original\'s order', () => {
        const ns = '/cc00000006-00000/';
        const names = ['a0000000017', 'a/b/a0000000002', 'q', 'r', 's', 't', 'u', 'v', 'w', 'y', 'z', 'aa', 'bb'];
        const clone = (keep) => hashSetCloneOrder(names.slice(0, keep).map((n) => ns + n), 27).map((p) => p.slice(ns.length));
        assert.deepEqual(clone(2), ['a/b/a0000000002', 'a0000000017']);
        assert.deepEqual(clone(5), ['a/b/a0000000002', 'q', 'a0000000017', 'r', 's']);
        assert.deepEqual(clone(7), ['a0000000017', 'a/b/a0000000002', 'q', 'r', 's', 't', 'u']);
        assert.deepEqual(clone(13), ['a0000000017', 'bb', 'aa', 'a/b/a0000000002', 'q', 'r', 's', 't', 'u', 'v', 'w', 'y', 'z']);
    });
    it('a connection\'s ids, as ZooKeeper holds them', () => {
        const ids = [
            { scheme: 'ip', id: '127.0.0.1' },
            { scheme: 'digest', id: 'bob:DzYBVPYoUPHuiOrAcsz6mJwnG9k=' },
            { scheme: 'digest', id: 'alice:0H3LR71td7bmv+FwKgVasiS36rc=' },
            { scheme: 'super', id: '' },
        ];
        assert.deepEqual(inZooKeeperOrder(ids).map((i) => `${i.scheme}:${i.id}`), [
            'digest:alice:0H3LR71td7bmv+FwKgVasiS36rc=', 'digest:bob:DzYBVPYoUPHuiOrAcsz6mJwnG9k=', 'super:', 'ip:127.0.0.1',
        ]);
    });
    it('a closing session loses its ephemerals in ZooKeeper\'s order, which orders the watch events', () => {
        const h = new CoreHarness();
        h.connect(1);
        h.connect(2);
        h.create(1, '/x');
        for (const p of MANY.slice(2))
            h.create(1, p, OPEN, 1);
        for (const p of MANY.slice(2, 12))
            h.ok(1, { op: Op.delete, path: p, version: -1 });
        h.create(1, '/x/seq', OPEN, 3); // ephemeral sequential: /x/seq00000000NN
        h.create(1, '/x/seq', OPEN, 3);
        const created = h.core.tree.ephemeralsOf(h.core.replica.connections.get(1).sessionId);
        h.ok(2, { op: Op.addWatch, path: '/x', mode: 1 });
        h.events(2);
        h.ok(1, { op: Op.closeSession });
        const deleted = h.events(2).filter((e) => e.startsWith('2 ')).map((e) => e.slice(2));
        assert.equal(created.length, 4);
        assert.deepEqual(deleted, hashSetCloneOrder(created, 12), 'the closeSession txn lists a clone of the set, which once held 12');
        assert.notDeepEqual(deleted, [...created].sort().reverse(), 'not simply by name');
    });
});
//# sourceMappingURL=java-order.test.js.map