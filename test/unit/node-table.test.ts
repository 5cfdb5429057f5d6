/**
 * The tree's node table (tree/node-table.ts): the memory table keeps the parent/child relation
 * the paths imply, and DataTree hands every change back to its table through `set`/`delete`,
 * which a table that does not hold the tree's objects (a stored one) depends on.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataTree, ZNode } from '../../src/tree/data-tree.js';
import { MemoryNodeTable, type NodeTable } from '../../src/tree/node-table.js';
import { encodeZNode, type ZNodeRecord } from '../../src/wire/persist.js';
import { OPEN_ACL_UNSAFE, type ACL } from '../../src/wire/records.js';
import { TxnType, type TxnBody } from '../../src/wire/txn.js';
import { asZxid } from '../../src/base/zxid.js';
import { StatsTrack } from '../../src/tree/quota.js';

const node = (data = 'x'): ZNode => new ZNode(new TextEncoder().encode(data), OPEN_ACL_UNSAFE, 1n, 1n, 1n, 0, 0, 0, 0, 0, 0n);
const record = (data: string): ZNodeRecord => node(data).toRecord();

describe('MemoryNodeTable', () => {
  it('adding a node makes it a child of its parent; deleting it takes it away', () => {
    const t = new MemoryNodeTable();
    t.set('/', node());
    t.set('/a', node());
    t.set('/a/b', node());
    t.set('/a/c', node());
    assert.deepEqual([...t.children('/a')], ['b', 'c']);
    assert.equal(t.childCount('/a'), 2);
    assert.equal(t.childCount('/a/b'), 0);
    assert.deepEqual([...t.children('/nowhere')], []);
    assert.equal(t.size, 4);
    assert.equal(t.delete('/a/b'), true);
    assert.deepEqual([...t.children('/a')], ['c']);
    assert.equal(t.delete('/a/b'), false, 'already gone');
    assert.equal(t.size, 3);
  });

  it('replacing a node keeps its children and its place in the order', () => {
    const t = new MemoryNodeTable();
    t.set('/', node());
    t.set('/a', node());
    t.set('/b', node());
    t.set('/a/x', node());
    const fresh = node('new');
    t.set('/a', fresh);
    assert.equal(t.get('/a'), fresh);
    assert.deepEqual([...t.children('/a')], ['x']);
    assert.equal(t.childCount('/a'), 1);
    assert.deepEqual([...t.entries()].map(([p]) => p), ['/', '/a', '/b', '/a/x']);
    assert.deepEqual([...t.children('/')], ['a', 'b'], 'the parent still lists it once');
  });

  it('refuses a node without its parent, and deleting a node that has children', () => {
    const t = new MemoryNodeTable();
    t.set('/', node());
    assert.throws(() => t.set('/a/b', node()), /without its parent/);
    t.set('/a', node());
    t.set('/a/b', node());
    assert.throws(() => t.delete('/a'), /with 1 children/);
    assert.ok(t.has('/a') && t.has('/a/b'));
  });

  it('restore takes records in any order and links them; a missing parent is an error', () => {
    const t = new MemoryNodeTable();
    t.restore([['/a/b/c', record('c')], ['/a', record('a')], ['/', record('')], ['/a/b', record('b')], ['/d', record('d')]]);
    assert.deepEqual([...t.children('/')].sort(), ['a', 'd']);
    assert.deepEqual([...t.children('/a/b')], ['c']);
    assert.equal(t.childCount('/a'), 1);
    assert.throws(() => new MemoryNodeTable().restore([['/', record('')], ['/x/y', record('y')]]), /\/x\/y has no parent/);
  });
});

/** A table that keeps its own copy of each node's record, changed only by set/delete: what a stored table sees. */
class CopyingTable implements NodeTable {
  readonly stored = false;
  readonly inner = new MemoryNodeTable();
  readonly copies = new Map<string, string>();
  get size(): number {
    return this.inner.size;
  }
  get(path: string): ZNode | undefined {
    return this.inner.get(path);
  }
  has(path: string): boolean {
    return this.inner.has(path);
  }
  set(path: string, n: ZNode): void {
    this.inner.set(path, n);
    this.copies.set(path, frozen(n));
  }
  delete(path: string): boolean {
    this.copies.delete(path);
    return this.inner.delete(path);
  }
  entries(): IterableIterator<[string, ZNode]> {
    return this.inner.entries();
  }
  children(path: string): Iterable<string> {
    return this.inner.children(path);
  }
  childCount(path: string): number {
    return this.inner.childCount(path);
  }
  restore(records: Iterable<[string, ZNodeRecord]>): void {
    this.inner.restore(records);
    for (const [p, n] of this.inner.entries()) this.copies.set(p, frozen(n));
  }
}

/** The record as storage would write it (the child relation is the table's own: it follows from the paths). */
function frozen(n: ZNode): string {
  return Buffer.from(encodeZNode(n.toRecord())).toString('hex');
}

describe('DataTree over its node table', () => {
  const world: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];

  function harness(table: NodeTable) {
    const tree = new DataTree(table);
    let zxid = 0x100000000n;
    const apply = (body: TxnBody, sessionId = 1n) =>
      tree.applyTxn({ sessionId, cxid: 0, zxid: asZxid(++zxid), time: 1_700_000_000_000 + Number(zxid & 0xffffn), body });
    const createBody = (path: string, data = 'd', ephemeralOwner = 0n): TxnBody => ({
      type: TxnType.create,
      path,
      data: new TextEncoder().encode(data),
      acl: world,
      ephemeralOwner,
      parentCversion: (tree.get(path.slice(0, path.lastIndexOf('/')) || '/')?.cversion ?? 0) + 1,
    });
    return { tree, apply, create: (path: string, data = 'd', owner = 0n) => apply(createBody(path, data, owner)), createBody };
  }

  it('every change the tree makes reaches the table through set or delete', () => {
    const table = new CopyingTable();
    const { tree, apply, create, createBody } = harness(table);
    const limits = new StatsTrack();
    limits.count = 100;
    limits.bytes = -1;
    for (const p of ['/q', '/q/a', '/q/b', '/zookeeper/quota/q']) assert.equal(create(p).err, 0, p);
    assert.equal(create('/zookeeper/quota/q/zookeeper_limits', limits.toString()).err, 0);
    assert.equal(create('/zookeeper/quota/q/zookeeper_stats', new StatsTrack().toString()).err, 0);
    assert.equal(create('/q/a/x', 'counted by the quota').err, 0);
    assert.equal(apply({ type: TxnType.setData, path: '/q/b', data: new TextEncoder().encode('longer data'), version: 1 }).err, 0);
    assert.equal(apply({ type: TxnType.setACL, path: '/q', acl: [{ perms: 1, id: { scheme: 'world', id: 'anyone' } }], version: 1 }).err, 0);
    assert.equal(apply({ type: TxnType.delete, path: '/q/a/x' }).err, 0);
    assert.equal(create('/e', 'eph', 7n).err, 0);
    assert.equal(apply({ type: TxnType.multi, ops: [createBody('/m'), { type: TxnType.setData, path: '/q/a', data: null, version: 1 }] }).err, 0);
    assert.equal(apply({ type: TxnType.closeSession, ephemerals: ['/e'] }, 7n).err, 0);
    assert.equal(tree.get('/e'), undefined);
    const stats = new StatsTrack(tree.get('/zookeeper/quota/q/zookeeper_stats')!.data);
    assert.equal(stats.count, 3, 'the quota counts /q, /q/a and /q/b (/q/a/x came and went)');

    const now = new Map([...tree.entries()].map(([p, n]) => [p, frozen(n)]));
    assert.deepEqual(new Map([...table.copies].sort()), new Map([...now].sort()), 'the table saw every node as it is now');
    for (const [p] of tree.entries()) {
      const kids = [...now.keys()].filter((q) => q !== '/' && q.slice(0, q.lastIndexOf('/') || 1) === p).map((q) => q.slice(q.lastIndexOf('/') + 1));
      assert.deepEqual([...tree.children(p)].sort(), kids.sort(), `children of ${p}`);
      assert.equal(table.childCount(p), kids.length);
    }
  });

  it('the tree answers children, counts and iteration from its table', () => {
    const { tree, create, apply } = harness(new MemoryNodeTable());
    create('/p');
    create('/p/x');
    create('/p/y');
    assert.deepEqual([...tree.children('/p')], ['x', 'y']);
    assert.deepEqual([...tree.children('')].sort(), ['p', 'zookeeper'], '"" is the root, as for get');
    assert.equal(tree.stat('/p')!.numChildren, 2);
    assert.equal(tree.stat('/p')!.cversion, 2);
    apply({ type: TxnType.delete, path: '/p/x' });
    assert.equal(tree.stat('/p')!.numChildren, 1);
    assert.equal(tree.stat('/p')!.cversion, 3, 'creations and deletions');
    assert.equal(tree.nodeCount(), 6);
    assert.deepEqual([...tree.entries()].map(([p]) => p).sort(), ['/', '/p', '/p/y', '/zookeeper', '/zookeeper/config', '/zookeeper/quota']);
    assert.equal(tree.countDescendants('/p'), 1);
  });
});
