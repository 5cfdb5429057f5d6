/**
 * The compact znode layout (tree/znode.ts, tree/acl-intern.ts) keeps the tree's semantics:
 * shared ACL lists never leak a change from one node to another, children sets come and go,
 * data handed out is a copy, and a restored tree equals the one that was stored.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataTree } from '../../src/tree/data-tree.js';
import { internAcl } from '../../src/tree/acl-intern.js';
import { decodeZNode, encodeZNode, type ZNodeRecord } from '../../src/wire/persist.js';
import type { ACL } from '../../src/wire/records.js';
import { TxnType, type TxnBody } from '../../src/wire/txn.js';
import { asZxid } from '../../src/base/zxid.js';

const world = (perms: number): ACL[] => [{ perms, id: { scheme: 'world', id: 'anyone' } }];
const digest = (id: string): ACL[] => [{ perms: 31, id: { scheme: 'digest', id } }];

function harness() {
  const tree = new DataTree();
  let zxid = 0x100000000n;
  const apply = (body: TxnBody) => tree.applyTxn({ sessionId: 1n, cxid: 0, zxid: asZxid(++zxid), time: 1_700_000_000_000 + Number(zxid & 0xffffn), body });
  const create = (path: string, data: Uint8Array | null = new Uint8Array([1, 2, 3]), acl: ACL[] = world(31), ephemeralOwner = 0n) =>
    apply({ type: TxnType.create, path, data, acl, ephemeralOwner, parentCversion: (tree.get(path.slice(0, path.lastIndexOf('/')) || '/')?.cversion ?? 0) + 1 });
  return { tree, apply, create };
}

describe('compact tree: ACL lists', () => {
  it('nodes with equal ACLs share one frozen list; setACL on one leaves the other as it was', () => {
    const { tree, apply, create } = harness();
    create('/a', null, world(31));
    create('/b', null, world(31));
    const a = tree.get('/a')!;
    const b = tree.get('/b')!;
    assert.equal(a.acl, b.acl, 'equal ACLs are one shared list');
    assert.ok(Object.isFrozen(a.acl) && Object.isFrozen(a.acl[0]) && Object.isFrozen(a.acl[0]!.id));
    assert.equal(apply({ type: TxnType.setACL, path: '/a', acl: digest('u:x'), version: 1 }).err, 0);
    assert.deepEqual(tree.get('/a')!.acl, digest('u:x'));
    assert.deepEqual(tree.get('/b')!.acl, world(31), 'the other node keeps its ACL');
    assert.throws(() => (tree.get('/b')!.acl as ACL[]).push(world(1)[0]!), TypeError, 'a shared list cannot be changed in place');
    assert.throws(() => {
      (tree.get('/b')!.acl[0] as { perms: number }).perms = 1;
    }, TypeError);
    assert.deepEqual(tree.get('/b')!.acl, world(31));
  });

  it('the list a txn carries is copied, not kept: changing it afterwards changes no node', () => {
    const { tree, create } = harness();
    const acl = world(31);
    create('/a', null, acl);
    acl[0]!.perms = 1;
    acl[0]!.id.scheme = 'ip';
    assert.deepEqual(tree.get('/a')!.acl, world(31));
  });

  it('lists are shared by content, order and all: a differing entry is a different list', () => {
    const two: ACL[] = [...world(1), ...digest('u:y')];
    const swapped: ACL[] = [...digest('u:y'), ...world(1)];
    assert.equal(internAcl(two), internAcl([...world(1), ...digest('u:y')]));
    assert.notEqual(internAcl(two), internAcl(swapped));
    assert.notEqual(internAcl(world(31)), internAcl(world(1)));
    // Keys are length-prefixed: a scheme/id split at another place is another list.
    assert.notEqual(internAcl([{ perms: 1, id: { scheme: 'ab', id: 'c' } }]), internAcl([{ perms: 1, id: { scheme: 'a', id: 'bc' } }]));
    assert.deepEqual(internAcl([]), []);
  });
});

describe('compact tree: children', () => {
  it('a leaf has no children set; children appear and disappear with creates and deletes', () => {
    const { tree, apply, create } = harness();
    create('/p');
    assert.equal(tree.get('/p')!.children.size, 0);
    create('/p/x');
    create('/p/y');
    assert.deepEqual([...tree.get('/p')!.children], ['x', 'y']);
    assert.equal(tree.stat('/p')!.numChildren, 2);
    assert.equal(apply({ type: TxnType.delete, path: '/p/x' }).err, 0);
    assert.deepEqual([...tree.get('/p')!.children], ['y']);
    assert.equal(apply({ type: TxnType.delete, path: '/p/y' }).err, 0);
    assert.equal(tree.get('/p')!.children.size, 0);
    assert.equal(tree.get('/p/y'), undefined);
    // Empty again, a node takes children again, and a leaf's empty set is not shared state.
    create('/p/z');
    assert.deepEqual([...tree.get('/p')!.children], ['z']);
    assert.equal(tree.get('/p/z')!.children.size, 0);
    assert.equal(tree.get('/q'), undefined);
    assert.equal(apply({ type: TxnType.delete, path: '/p' }).err, -111, 'NOTEMPTY while it has a child');
    assert.equal(tree.stat('/p')!.cversion, 2 * 3 - 1, 'three creations, two deletions');
  });
});

describe('compact tree: data', () => {
  it('data handed out is a copy: changing it (or the txn buffer) changes nothing stored', () => {
    const { tree, apply, create } = harness();
    const sent = new Uint8Array([0, 255, 128, 10]);
    create('/d', sent);
    sent[0] = 99;
    const got = tree.get('/d')!.data!;
    assert.deepEqual(got, new Uint8Array([0, 255, 128, 10]));
    got[1] = 7;
    assert.deepEqual(tree.get('/d')!.data, new Uint8Array([0, 255, 128, 10]));
    assert.equal(tree.stat('/d')!.dataLength, 4);
    assert.equal(apply({ type: TxnType.setData, path: '/d', data: new Uint8Array(300).map((_, i) => i & 0xff), version: 1 }).err, 0);
    assert.deepEqual(tree.get('/d')!.data, new Uint8Array(300).map((_, i) => i & 0xff), 'every byte value survives');
    assert.equal(tree.stat('/d')!.dataLength, 300);
  });

  it('null data stays null and empty data stays empty', () => {
    const { tree, create } = harness();
    create('/n', null);
    create('/e', new Uint8Array(0));
    assert.equal(tree.get('/n')!.data, null);
    assert.deepEqual(tree.get('/e')!.data, new Uint8Array(0));
    assert.equal(tree.stat('/n')!.dataLength, 0);
  });

  it('data of a view into a larger buffer keeps only its own bytes', () => {
    const { tree, create } = harness();
    const big = new Uint8Array(1000).fill(5);
    big.set([1, 2, 3], 500);
    create('/v', big.subarray(500, 503));
    assert.deepEqual(tree.get('/v')!.data, new Uint8Array([1, 2, 3]));
  });
});

describe('compact tree: stats and restore', () => {
  it('zxids and times are reported as applied, and a restored tree holds the same records', () => {
    const { tree, apply, create } = harness();
    create('/s', new Uint8Array([1]));
    create('/s/c');
    create('/eph', null, world(31), 0x0100000000000007n);
    assert.equal(apply({ type: TxnType.setData, path: '/s', data: new Uint8Array([2]), version: 1 }).err, 0);
    const s = tree.stat('/s')!;
    assert.equal(s.czxid, 0x100000001n);
    assert.equal(s.pzxid, 0x100000002n);
    assert.equal(s.mzxid, 0x100000004n);
    assert.equal(s.ephemeralOwner, 0n);
    assert.equal(tree.stat('/eph')!.ephemeralOwner, 0x0100000000000007n);

    const stored = [...tree.entries()].map(([p, n]) => [p, decodeZNode(encodeZNode(n.toRecord()))] as [string, ZNodeRecord]);
    const again = new DataTree();
    again.restore(stored, tree.lastProcessedZxid);
    for (const [p] of stored) {
      assert.deepEqual(again.stat(p), tree.stat(p), p);
      assert.deepEqual(again.get(p)!.data, tree.get(p)!.data, p);
      assert.deepEqual(again.get(p)!.acl, tree.get(p)!.acl, p);
    }
    assert.deepEqual([...again.get('/s')!.children], ['c']);
    assert.deepEqual(again.ephemeralsOf(0x0100000000000007n), ['/eph']);
  });
});
