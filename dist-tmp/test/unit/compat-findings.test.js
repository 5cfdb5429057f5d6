/**
 * Findings 2-8 of issue 15 (docs/compatibility.md): where zk-ts answered differently from
 * ZooKeeper, each checked against what ZooKeeper answers (observed with Debian's 3.8.0 and read
 * in the 3.8.6/3.9 sources).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AddWatchMode, CreateFlags, Err, Op } from '../../src/wire/constants.js';
import { JuteReader, JuteWriter } from '../../src/wire/jute.js';
import { readRequest, writeRequest } from '../../src/wire/requests.js';
import { authenticate } from '../../src/server/auth.js';
import { inZooKeeperOrder } from '../../src/tree/acl.js';
import { ALICE_ID, CoreHarness, digest, enc, OPEN } from './core-harness.js';
const C = 1;
function fresh() {
    const h = new CoreHarness();
    h.connect(C);
    return h;
}
const world = (perms) => [{ perms, id: { scheme: 'world', id: 'anyone' } }];
describe('finding 2: addAuth("ip", …)', () => {
    it('is accepted, granting the connection its own address, as ZooKeeper\'s ip provider does', () => {
        assert.deepEqual(authenticate('ip', enc('127.0.0.1'), undefined, '127.0.0.1'), [{ scheme: 'ip', id: '127.0.0.1' }]);
        assert.deepEqual(authenticate('ip', enc('10.9.9.9'), undefined, '127.0.0.1'), [{ scheme: 'ip', id: '127.0.0.1' }], 'the data is ignored');
        assert.deepEqual(authenticate('ip', null, undefined, '127.0.0.1'), [{ scheme: 'ip', id: '127.0.0.1' }]);
    });
    it('digest with a null credential, and schemes without a provider, still fail', () => {
        assert.equal(authenticate('digest', null, undefined, '127.0.0.1'), null);
        for (const scheme of ['world', 'super', 'sasl', 'x509', ''])
            assert.equal(authenticate(scheme, enc('x'), undefined, '127.0.0.1'), null, scheme);
    });
});
describe('finding 3: ACL perms are stored as sent', () => {
    it('accepts perms outside 0..31 in create and setACL', () => {
        const h = fresh();
        for (const perms of [32, 63, 1 << 30, -32, -1, 0]) {
            const path = `/p${perms < 0 ? 'm' + -perms : perms}`;
            h.ok(C, { op: Op.create, path, data: null, acl: world(perms), flags: 0, ttl: -1n });
            assert.deepEqual(h.core.tree.get(path).acl, world(perms));
            h.ok(C, { op: Op.create, path: path + 'set', data: null, acl: OPEN, flags: 0, ttl: -1n });
            h.ok(C, { op: Op.setACL, path: path + 'set', acl: world(perms), version: -1 });
            assert.deepEqual(h.core.tree.get(path + 'set').acl, world(perms));
        }
    });
    it('validates schemes and ids as ZooKeeper\'s providers do', () => {
        const h = fresh();
        const tryAcl = (acl) => h.call(C, { op: Op.create, path: '/x', data: null, acl, flags: 0, ttl: -1n }).err;
        for (const scheme of ['super', 'sasl', 'x509', 'foo'])
            assert.equal(tryAcl([{ perms: 31, id: { scheme, id: 'a' } }]), Err.INVALIDACL, scheme);
        assert.equal(tryAcl([{ perms: 31, id: { scheme: 'digest', id: 'alice:' } }]), Err.INVALIDACL);
        assert.equal(tryAcl([{ perms: 31, id: { scheme: 'digest', id: 'a:b:c' } }]), Err.INVALIDACL);
        assert.equal(tryAcl([{ perms: 31, id: { scheme: 'digest', id: ':hash' } }]), 0, 'Java split: ["", "hash"]');
    });
    it('drops duplicates before expanding auth, so an expansion can repeat an entry', () => {
        const h = fresh();
        h.addAuth(C, ALICE_ID);
        h.ok(C, { op: Op.create, path: '/d', data: null, acl: [{ perms: 31, id: { scheme: 'auth', id: '' } }, { perms: 31, id: ALICE_ID }], flags: 0, ttl: -1n });
        assert.deepEqual(h.core.tree.get('/d').acl, [{ perms: 31, id: ALICE_ID }, { perms: 31, id: ALICE_ID }]);
    });
    it('reports a connection\'s ids in ZooKeeper\'s set order (as observed: digest before ip)', () => {
        const ip = { scheme: 'ip', id: '127.0.0.1' };
        const alice = { scheme: 'digest', id: 'alice:0H3LR71td7bmv+FwKgVasiS36rc=' };
        assert.deepEqual(inZooKeeperOrder([ip, alice]), [alice, ip]);
        const h = fresh();
        h.addAuth(C, { scheme: 'digest', id: digest('alice:pw1') });
        const who = h.ok(C, { op: Op.whoAmI });
        assert.deepEqual(who.clientInfo.map((c) => c.authScheme), ['digest', 'ip']);
    });
});
describe('finding 4: invalid watch enums', () => {
    it('addWatch with a mode other than 0 and 1 is a MARSHALLINGERROR', () => {
        const h = fresh();
        for (const mode of [2, 3, -1])
            assert.equal(h.call(C, { op: Op.addWatch, path: '/', mode }).err, Err.MARSHALLINGERROR, `mode ${mode}`);
        assert.equal(h.call(C, { op: Op.addWatch, path: '/', mode: AddWatchMode.Persistent }).err, 0);
    });
    it('checkWatches and removeWatches with a type outside 1..5 are MARSHALLINGERRORs', () => {
        const h = fresh();
        h.ok(C, { op: Op.getData, path: '/', watch: true });
        for (const op of [Op.checkWatches, Op.removeWatches]) {
            for (const type of [0, 6, -1])
                assert.equal(h.call(C, { op, path: '/', type }).err, Err.MARSHALLINGERROR, `${op} type ${type}`);
        }
        assert.equal(h.call(C, { op: Op.checkWatches, path: '/', type: 2 }).err, 0);
    });
});
describe('finding 5: /zookeeper/config', () => {
    it('reports aversion -1', () => {
        const h = fresh();
        const r = h.ok(C, { op: Op.exists, path: '/zookeeper/config', watch: false });
        assert.equal(r.stat.aversion, -1);
    });
});
describe('finding 6: the opcode decides what a create makes', () => {
    it('createContainer with ephemeral or sequential flags makes a container', () => {
        const h = fresh();
        h.ok(C, { op: Op.createContainer, path: '/c', data: null, acl: OPEN, flags: CreateFlags.EPHEMERAL, ttl: -1n });
        const r = h.ok(C, { op: Op.createContainer, path: '/s', data: null, acl: OPEN, flags: CreateFlags.EPHEMERAL_SEQUENTIAL, ttl: -1n });
        for (const p of ['/c', r.path]) {
            assert.ok(h.core.tree.containers.has(p), `${p} is a container`);
            h.create(C, p + '/kid');
        }
        assert.deepEqual(h.core.tree.ephemeralsOf(h.core.replica.connections.get(C).sessionId), []);
    });
    it('create and create2 with the CONTAINER flag make a plain persistent node', () => {
        const h = fresh();
        h.ok(C, { op: Op.create, path: '/p', data: null, acl: OPEN, flags: CreateFlags.CONTAINER, ttl: -1n });
        h.ok(C, { op: Op.create2, path: '/q', data: null, acl: OPEN, flags: CreateFlags.CONTAINER, ttl: -1n });
        assert.equal(h.core.tree.containers.size, 0);
        assert.equal(h.core.tree.get('/p').ephemeralOwner, 0n);
    });
    it('inside multi, the CONTAINER flag makes a container whatever the create opcode (as 3.8.6/3.9 read a multi)', () => {
        const h = fresh();
        const w = new JuteWriter();
        writeRequest(w, { op: Op.multi, ops: [
                { op: Op.create, path: '/m', data: null, acl: OPEN, flags: CreateFlags.CONTAINER, ttl: -1n },
                { op: Op.createTTL, path: '/n', data: null, acl: OPEN, flags: CreateFlags.PERSISTENT, ttl: 5n },
            ] });
        const r = h.ok(C, readRequest(Op.multi, new JuteReader(w.toBytes())));
        assert.ok(h.core.tree.containers.has('/m'));
        assert.equal(h.core.tree.get('/n').ephemeralOwner, 0n, 'createTTL without a TTL mode is a plain create inside multi');
        assert.deepEqual(r.results.map((x) => x.op), [Op.create2, Op.create]);
    });
    it('createTTL with a mode that is not TTL is refused (ZooKeeper would fail applying it)', () => {
        const h = fresh();
        for (const ttl of [1000n, -1n]) {
            assert.equal(h.call(C, { op: Op.createTTL, path: '/t', data: null, acl: OPEN, flags: 0, ttl }).err, Err.BADARGUMENTS);
        }
    });
});
/** Builds a request frame body whose path (and optionally ACL id) is a null string. */
function decode(op, write) {
    const w = new JuteWriter();
    write(w);
    return readRequest(op, new JuteReader(w.toBytes()));
}
describe('finding 7: null strings', () => {
    it('the decoder tells a null path from an empty one', () => {
        assert.equal(decode(Op.getData, (w) => w.ustring(null).bool(false)).nullPath, true);
        assert.equal(decode(Op.getData, (w) => w.ustring('').bool(false)).nullPath, undefined);
    });
    it('reads with a null path fail with MARSHALLINGERROR; sync echoes it as null', () => {
        const h = fresh();
        for (const op of [Op.exists, Op.getData, Op.getChildren, Op.getChildren2]) {
            assert.equal(h.call(C, { op, path: '', watch: false, nullPath: true }).err, Err.MARSHALLINGERROR, `op ${op}`);
        }
        assert.equal(h.call(C, { op: Op.getACL, path: '', nullPath: true }).err, Err.MARSHALLINGERROR);
        assert.equal(h.call(C, { op: Op.getAllChildrenNumber, path: '', nullPath: true }).err, Err.MARSHALLINGERROR);
        assert.deepEqual(h.ok(C, { op: Op.sync, path: '', nullPath: true }), { op: Op.sync, path: null });
    });
    it('create and delete fail with MARSHALLINGERROR as txns; setData and setACL with BADARGUMENTS', () => {
        const h = fresh();
        const a = h.call(C, { op: Op.create, path: '', data: null, acl: OPEN, flags: 0, ttl: -1n, nullPath: true });
        const b = h.call(C, { op: Op.delete, path: '', version: -1, nullPath: true });
        assert.deepEqual([a.err, b.err], [Err.MARSHALLINGERROR, Err.MARSHALLINGERROR]);
        assert.equal(b.zxid, a.zxid + 1n, 'each failure is a txn');
        assert.equal(h.call(C, { op: Op.create, path: '', data: null, acl: OPEN, flags: 9, ttl: -1n, nullPath: true }).err, Err.BADARGUMENTS, 'bad flags are found first');
        assert.equal(h.call(C, { op: Op.setData, path: '', data: null, version: -1, nullPath: true }).err, Err.BADARGUMENTS);
        assert.equal(h.call(C, { op: Op.setACL, path: '', acl: OPEN, version: -1, nullPath: true }).err, Err.BADARGUMENTS);
    });
    it('a multi with a null path fails as a whole (empty results, no txn); a multiRead keeps the results so far', () => {
        const h = fresh();
        const before = h.core.lastZxid;
        const multi = {
            op: Op.multi,
            ops: [
                { op: Op.create, path: '/m1', data: null, acl: OPEN, flags: 0, ttl: -1n },
                { op: Op.check, path: '', version: -1, nullPath: true },
            ],
        };
        const r = h.call(C, multi);
        assert.equal(r.err, Err.MARSHALLINGERROR);
        assert.deepEqual(r.response, { op: Op.multi, results: [] });
        assert.equal(h.core.lastZxid, before, 'no txn');
        assert.equal(h.core.tree.get('/m1'), undefined);
        const mr = h.call(C, { op: Op.multiRead, ops: [{ op: Op.getChildren, path: '/', watch: false }, { op: Op.getData, path: '', watch: false, nullPath: true }] });
        assert.equal(mr.err, Err.MARSHALLINGERROR);
        assert.equal(mr.response.results.length, 1);
    });
    it('a null ACL id fails with MARSHALLINGERROR where ZooKeeper reads it, a null scheme with INVALIDACL', () => {
        const h = fresh();
        const create = (acl, aclNulls) => h.call(C, { op: Op.create, path: '/n', data: null, acl, flags: 0, ttl: -1n, aclNulls }).err;
        for (const scheme of ['world', 'digest', 'ip'])
            assert.equal(create([{ perms: 31, id: { scheme, id: '' } }], [{ scheme: false, id: true }]), Err.MARSHALLINGERROR, scheme);
        assert.equal(create([{ perms: 31, id: { scheme: 'auth', id: '' } }], [{ scheme: false, id: true }]), Err.INVALIDACL);
        assert.equal(create([{ perms: 31, id: { scheme: '', id: 'anyone' } }], [{ scheme: true, id: false }]), Err.INVALIDACL);
        assert.equal(create([{ perms: 31, id: { scheme: 'foo', id: '' } }], [{ scheme: false, id: true }]), Err.INVALIDACL);
        // ZooKeeper compares the second entry with the first (same perms) through its null scheme.
        assert.equal(create([...world(31), { perms: 31, id: { scheme: '', id: 'x' } }], [{ scheme: false, id: false }, { scheme: true, id: false }]), Err.MARSHALLINGERROR);
    });
    it('a multi that cannot be read as ZooKeeper reads it is a MARSHALLINGERROR txn', () => {
        const w = new JuteWriter();
        w.int(Op.setACL).bool(false).int(-1).ustring('/').int(0).int(-1);
        w.int(-1).bool(true).int(-1);
        const req = readRequest(Op.multi, new JuteReader(w.toBytes()));
        assert.ok(req.malformed);
        const h = fresh();
        const before = h.core.lastZxid;
        const r = h.call(C, req);
        assert.equal(r.err, Err.MARSHALLINGERROR);
        assert.equal(r.zxid, before + 1n);
    });
});
describe('finding 8: "" is the root for reads', () => {
    it('exists, getData, getACL and getAllChildrenNumber answer for the root', () => {
        const h = fresh();
        h.create(C, '/a');
        for (const op of [Op.exists, Op.getData])
            assert.equal(h.call(C, { op, path: '', watch: false }).err, 0);
        assert.equal(h.call(C, { op: Op.getACL, path: '' }).err, 0);
        const all = h.ok(C, { op: Op.getAllChildrenNumber, path: '/' });
        const empty = h.ok(C, { op: Op.getAllChildrenNumber, path: '' });
        assert.equal(empty.totalNumber, all.totalNumber + 1, 'ZooKeeper counts every key under "/", the root included');
    });
    it('writes on "" still fail with BADARGUMENTS', () => {
        const h = fresh();
        assert.equal(h.call(C, { op: Op.setData, path: '', data: enc('x'), version: -1 }).err, Err.BADARGUMENTS);
        assert.equal(h.call(C, { op: Op.delete, path: '', version: -1 }).err, Err.BADARGUMENTS);
    });
});
describe('strings in replies (found by the cross-checker, seed 7)', () => {
    it('are written as ZooKeeper writes them: a character outside the BMP as two 3-byte sequences', async () => {
        const { writeWatcherEvent } = await import('../../src/wire/records.js');
        const w = new JuteWriter();
        writeWatcherEvent(w, { type: 2, state: 3, path: '/😀é' });
        assert.equal(Buffer.from(w.toBytes()).toString('hex'), '00000002' + '00000003' + '00000009' + '2f' + 'eda0bdedb880' + 'c3a9');
        const plain = new JuteWriter();
        writeWatcherEvent(plain, { type: 2, state: 3, path: '/é' });
        assert.equal(Buffer.from(plain.toBytes()).toString('hex').slice(16), '000000032fc3a9', 'UTF-8 for everything in the BMP');
    });
});
describe('deviations kept (docs/compatibility.md)', () => {
    it('watch-modes: persistent and persistent-recursive watches on one path both stay (as 3.9)', () => {
        const h = fresh();
        h.create(C, '/w');
        h.ok(C, { op: Op.addWatch, path: '/w', mode: AddWatchMode.Persistent });
        h.ok(C, { op: Op.addWatch, path: '/w', mode: AddWatchMode.PersistentRecursive });
        h.create(C, '/w/kid');
        assert.deepEqual(h.events(C), ['1 /w/kid', '4 /w'], 'NodeCreated by the recursive watch, NodeChildrenChanged by the persistent one');
    });
    it('exists-noauth: exists on an unreadable node answers NOAUTH and sets no watch (as 3.8.4/3.9.2)', () => {
        const h = fresh();
        const D = 2;
        h.connect(D);
        h.create(C, '/secret', [{ perms: 31, id: ALICE_ID }]);
        assert.equal(h.call(D, { op: Op.exists, path: '/secret', watch: true }).err, Err.NOAUTH);
        assert.equal(h.call(D, { op: Op.checkWatches, path: '/secret', type: 3 }).err, Err.NOWATCHER);
    });
});
//# sourceMappingURL=compat-findings.test.js.map