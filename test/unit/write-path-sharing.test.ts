/**
 * What the write path shares instead of redoing per write (docs/performance.md, section 14):
 * ACL lists decoded once per distinct bytes and encoded once per frozen list, stored znode
 * values written in one pass, in-flight changes kept as one object each. Each shortcut must give
 * exactly what the long way gives.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JuteReader, JuteWriter } from '../../src/wire/jute.js';
import { readAclList, readPlainAclList, readSharedAclList, writeAclList, type ACL } from '../../src/wire/records.js';
import { encodeStoredZNode, encodeZNode, type ZNodeRecord } from '../../src/wire/persist.js';
import { Err, Op } from '../../src/wire/constants.js';
import { DataTree } from '../../src/tree/data-tree.js';
import { PendingChanges, type NodeView } from '../../src/pipeline/pending.js';
import { prepareWrite, type PrepContext } from '../../src/pipeline/prep.js';
import { TxnType } from '../../src/wire/txn.js';

const aclBytes = (acl: readonly ACL[] | null): Uint8Array => {
  const w = new JuteWriter(16);
  writeAclList(w, acl);
  return w.toBytes();
};

const deepFreeze = (acl: ACL[]): readonly ACL[] => {
  for (const a of acl) Object.freeze(Object.freeze(a).id);
  return Object.freeze(acl);
};

describe('ACL lists: encoded once per frozen list, decoded once per bytes', () => {
  it('a frozen list encodes as an equal unfrozen one, every time', () => {
    const plain: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }, { perms: 1, id: { scheme: 'digest', id: 'ü:x' } }];
    const frozen = deepFreeze(plain.map((a) => ({ perms: a.perms, id: { ...a.id } })));
    const expected = aclBytes(plain);
    assert.deepEqual(aclBytes(frozen), expected);
    assert.deepEqual(aclBytes(frozen), expected, 'the second write (from the cache)');
    // Inside a writer that already holds bytes: the cached encoding is the list's alone.
    const w = new JuteWriter(4);
    w.int(7);
    writeAclList(w, frozen);
    assert.deepEqual(w.toBytes().subarray(4), expected);
    assert.deepEqual(aclBytes(null), new Uint8Array([0xff, 0xff, 0xff, 0xff]));
  });

  it('a frozen list with an entry that can still change is encoded afresh each time', () => {
    const entry = { perms: 31, id: { scheme: 'world', id: 'anyone' } };
    const list = Object.freeze([entry]);
    const before = aclBytes(list);
    entry.perms = 1;
    assert.notDeepEqual(aclBytes(list), before);
    assert.deepEqual(aclBytes(list), aclBytes([{ perms: 1, id: { scheme: 'world', id: 'anyone' } }]));
  });

  it('the same bytes read twice give one frozen list, equal to what readAclList reads', () => {
    const acl: ACL[] = [{ perms: 5, id: { scheme: 'ip', id: '10.0.0.0/8' } }];
    const bytes = aclBytes(acl);
    // Inside a bigger frame, as a socket hands it out, with something after the list.
    const frame = new Uint8Array(bytes.byteLength + 8);
    frame.set(bytes, 4);
    const r1 = new JuteReader(frame, 4);
    const a = readPlainAclList(r1);
    assert.equal(r1.offset, 4 + bytes.byteLength);
    frame.fill(0, 0, 4);
    const b = readSharedAclList(new JuteReader(bytes));
    assert.ok(a !== null);
    assert.equal(a, b, 'one object for equal bytes');
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a[0]) && Object.isFrozen(a[0]!.id));
    assert.deepEqual([...a], readAclList(new JuteReader(bytes)));
    // The cache kept its own copy of the bytes: changing the frame changes nothing.
    frame.fill(0xee, 4, 4 + bytes.byteLength);
    assert.equal(readSharedAclList(new JuteReader(bytes)), a);
  });

  it('lists that are not plain are read as readAclList reads them', () => {
    const withNull = new JuteWriter(32);
    withNull.int(1).int(31).ustring('world').ustring(null);
    const r = new JuteReader(withNull.toBytes());
    assert.equal(readPlainAclList(r), null);
    assert.equal(r.offset, 0, 'nothing read');
    assert.deepEqual([...readSharedAclList(new JuteReader(withNull.toBytes()))], [{ perms: 31, id: { scheme: 'world', id: '' } }]);
    const empty = aclBytes([]);
    assert.equal(readPlainAclList(new JuteReader(empty)), null);
    assert.deepEqual([...readSharedAclList(new JuteReader(empty))], []);
    const truncated = aclBytes([{ perms: 31, id: { scheme: 'world', id: 'anyone' } }]).subarray(0, 20);
    assert.equal(readPlainAclList(new JuteReader(truncated)), null);
    assert.throws(() => readSharedAclList(new JuteReader(truncated)));
  });
});

describe('strings', () => {
  it('ustring writes what TextEncoder writes, an ASCII head char by char and any rest encoded', () => {
    const cases = ['', '/a/b', '/zk-bench-1/c123', 'ü', '/a/ü/😀', 'abc😀', '😀abc', 'a\uD800b', 'a\uDC00', '\uD83D', 'x'.repeat(5000) + 'é'];
    for (const s of cases) {
      const w = new JuteWriter(4);
      w.int(1).ustring(s).int(2);
      const bytes = new TextEncoder().encode(s);
      const expected = new Uint8Array(12 + bytes.byteLength);
      const view = new DataView(expected.buffer);
      view.setInt32(0, 1);
      view.setInt32(4, bytes.byteLength);
      expected.set(bytes, 8);
      view.setInt32(8 + bytes.byteLength, 2);
      assert.deepEqual(w.toBytes(), expected, JSON.stringify(s));
    }
  });
});

describe('stored znode values', () => {
  it('encodeStoredZNode is the child count (uint32) followed by encodeZNode', () => {
    const rec: ZNodeRecord = {
      data: new Uint8Array(300).fill(7),
      acl: [{ perms: 31, id: { scheme: 'digest', id: 'user:' + 'h'.repeat(100) } }, { perms: 1, id: { scheme: 'world', id: 'anyone' } }],
      czxid: 1n,
      mzxid: 2n,
      pzxid: 3n,
      ctime: 4,
      mtime: 5,
      version: 6,
      cversion: 7,
      aversion: 8,
      ephemeralOwner: -1n,
    };
    for (const n of [0, 5, 0x7fffffff, 0x80000000, 0xffffffff]) {
      const expected = Buffer.alloc(4);
      expected.writeUInt32BE(n, 0);
      assert.deepEqual(Buffer.from(encodeStoredZNode(rec, n)), Buffer.concat([expected, encodeZNode(rec)]), `numChildren ${n}`);
    }
    assert.deepEqual(Buffer.from(encodeStoredZNode({ ...rec, data: null, acl: [] }, 1)).subarray(4), Buffer.from(encodeZNode({ ...rec, data: null, acl: [] })));
  });
});

describe('in-flight changes', () => {
  const view = (version: number): NodeView => ({ acl: [], version, cversion: 0, aversion: 0, ephemeralOwner: 0n, childCount: 0 });

  it('a path changed again stays in flight until its newest change is applied', () => {
    const pending = new PendingChanges(new DataTree());
    pending.set('/a', 5n, view(1));
    pending.set('/b', 6n, view(1));
    pending.set('/a', 7n, view(2));
    pending.applied(5n);
    assert.equal(pending.view('/a')?.version, 2);
    assert.equal(pending.size, 2);
    pending.applied(6n);
    assert.equal(pending.view('/b'), null, 'forgotten: the tree has no /b');
    assert.equal(pending.view('/a')?.version, 2);
    pending.applied(7n);
    assert.equal(pending.size, 0);
  });

  it('a single write that fails leaves nothing in flight; one that succeeds leaves its changes', () => {
    const tree = new DataTree();
    const pending = new PendingChanges(tree);
    const ctx = (zxid: bigint): PrepContext => ({ sessionId: 1n, authIds: [], sessionValid: true, extendedTypesEnabled: false, zxid });
    const create = (path: string) => ({ op: Op.create, path, data: null, acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }], flags: 0, ttl: -1n }) as const;
    assert.deepEqual(prepareWrite(create('/x/y'), pending, ctx(1n)), { type: TxnType.error, err: Err.NONODE });
    assert.equal(pending.size, 0);
    assert.equal(prepareWrite(create('/x'), pending, ctx(2n)).type, TxnType.create);
    assert.equal(pending.size, 2, 'the node and its parent');
    assert.deepEqual(prepareWrite(create('/x'), pending, ctx(3n)), { type: TxnType.error, err: Err.NODEEXISTS });
    assert.deepEqual(prepareWrite({ op: Op.setData, path: '/x', data: null, version: 3 }, pending, ctx(4n)), { type: TxnType.error, err: Err.BADVERSION });
    assert.equal(pending.view('/x')?.version, 0);
    assert.equal(pending.view('/')?.childCount, 2, '/zookeeper and /x');
  });

  it("an `auth` ACL takes each caller's ids, however often the same list comes", () => {
    const pending = new PendingChanges(new DataTree());
    const auth = deepFreeze([{ perms: 31, id: { scheme: 'auth', id: '' } }]);
    const prep = (path: string, user: string, zxid: bigint) =>
      prepareWrite({ op: Op.create, path, data: null, acl: auth, flags: 0, ttl: -1n }, pending, {
        sessionId: 1n,
        authIds: [{ scheme: 'digest', id: `${user}:h` }],
        sessionValid: true,
        extendedTypesEnabled: false,
        zxid,
      });
    const a = prep('/a', 'alice', 1n);
    const b = prep('/b', 'bob', 2n);
    assert.ok(a.type === TxnType.create && b.type === TxnType.create);
    assert.deepEqual(a.acl, [{ perms: 31, id: { scheme: 'digest', id: 'alice:h' } }]);
    assert.deepEqual(b.acl, [{ perms: 31, id: { scheme: 'digest', id: 'bob:h' } }]);
    // A list that fixupAcl refuses is refused every time (nothing remembered for it).
    const bad = deepFreeze([{ perms: 31, id: { scheme: 'ip', id: 'not an address' } }]);
    for (const zxid of [3n, 4n]) {
      assert.deepEqual(prepareWrite({ op: Op.create, path: '/c', data: null, acl: bad, flags: 0, ttl: -1n }, pending, { sessionId: 1n, authIds: [], sessionValid: true, extendedTypesEnabled: false, zxid }), {
        type: TxnType.error,
        err: Err.INVALIDACL,
      });
    }
  });
});
