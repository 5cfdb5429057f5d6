/**
 * The tree's index in storage (storage/api.ts TreeIndex; docs/storage-contract.md, "The tree's
 * index"): the owner index and the totals the tree sends with each applied batch always equal
 * what the stored nodes imply, and a tree opened over storage from that index alone (no node
 * read) has the ephemerals, containers, TTL nodes, quotas, counts and data size of a tree
 * restored from every node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataTree, reportedStat } from '../../src/tree/data-tree.js';
import { StoredNodeTable } from '../../src/tree/stored-node-table.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
import { indexOf, type AppliedBatch, type Storage } from '../../src/storage/api.js';
import { SeededRng } from '../../src/base/clock.js';
import { asZxid, type Zxid } from '../../src/base/zxid.js';
import { CONTAINER_OWNER } from '../../src/wire/constants.js';
import { TxnType, type TxnBody } from '../../src/wire/txn.js';
import type { ACL } from '../../src/wire/records.js';

const world: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const TTL = BigInt.asIntN(64, 0xff00_0000_0000_0000n | 5000n);

/** The batch a replica makes of the tree's changes (peer/replica.ts takeAppliedBatch). */
function batchOf(tree: DataTree): AppliedBatch {
  const b: AppliedBatch = { lastApplied: tree.lastProcessedZxid, nodes: tree.drainDirty(), sessions: new Map(), owners: tree.drainOwners(), totals: tree.storedTotals() };
  const committed = tree.sealBatch();
  if (committed) b.committed = committed;
  return b;
}

function indexText(i: { totals: { nodes: number; dataSize: number }; owners: [string, bigint][] }): string {
  return `${i.totals.nodes} nodes, ${i.totals.dataSize} bytes; ${i.owners.map(([p, o]) => `${p}=${o}`).join(' ')}`;
}

async function checkIndex(s: Storage, when: string): Promise<void> {
  const implied = indexOf((await s.load()).nodes);
  assert.equal(indexText(s.readIndex()), indexText(implied), `${when}: the stored index is the nodes'`);
}

/** Opens a tree over `s` from its index, as the server does (peer/replica.ts openStored). */
function openStored(s: Storage, lastApplied: Zxid): DataTree {
  const index = s.readIndex();
  const tree = new DataTree(new StoredNodeTable(s, index.totals.nodes), index);
  tree.openStored(lastApplied);
  return tree;
}

function sameIndexes(a: DataTree, b: DataTree, when: string, ordered: boolean): void {
  const sessions = (t: DataTree): [string, string[]][] =>
    [...t.ephemeralSessions()].map(([id, ps]): [string, string[]] => [String(id), ordered ? [...ps] : [...ps].sort()]).sort(([x], [y]) => (x < y ? -1 : 1));
  assert.deepEqual(sessions(a), sessions(b), `${when}: ephemerals by session`);
  assert.deepEqual([...a.containers].sort(), [...b.containers].sort(), `${when}: containers`);
  assert.deepEqual([...a.ttls].sort(), [...b.ttls].sort(), `${when}: TTL nodes`);
  assert.equal(a.nodeCount(), b.nodeCount(), `${when}: node count`);
  assert.equal(a.approximateDataSize(), b.approximateDataSize(), `${when}: data size`);
  assert.equal(a.ephemeralCount(), b.ephemeralCount(), `${when}: ephemeral count`);
  for (const p of ['/q', '/q/x', '/free']) {
    assert.deepEqual(a.quotaVerdict(p, 10_000, 'create'), b.quotaVerdict(p, 10_000, 'create'), `${when}: the quota verdict for ${p}`);
  }
  const paths = [...b.entries()].map(([p]) => p).sort();
  assert.deepEqual([...a.entries()].map(([p]) => p).sort(), paths, `${when}: the same nodes`);
  for (const p of paths) {
    assert.deepEqual(reportedStat(a.get(p)!), reportedStat(b.get(p)!), `${when}: stat of ${p}`);
    assert.deepEqual(a.get(p)!.data, b.get(p)!.data, `${when}: data of ${p}`);
  }
}

/** Random creates (plain, ephemeral, container, TTL, under a quota), deletes, setData and session closes. */
async function run(storage: Storage, flush: () => void, seed: number): Promise<void> {
  const tree = new DataTree();
  const rng = new SeededRng(seed);
  let zxid = 0x100000000n;
  const apply = (sessionId: bigint, body: TxnBody): void => {
    tree.applyTxn({ sessionId, cxid: 0, zxid: asZxid(++zxid), time: 1_700_000_000_000 + Number(zxid & 0xffffn), body });
  };
  const create = (path: string, owner: bigint, data = `d${zxid}`): void => {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    apply(owner > 0n ? owner : 1n, { type: TxnType.create, path, data: enc(data), acl: world, ephemeralOwner: owner, parentCversion: (tree.get(parent)?.cversion ?? 0) + 1 });
  };
  create('/q', 0n);
  create('/zookeeper/quota/q', 0n, '');
  create('/zookeeper/quota/q/zookeeper_limits', 0n, 'count=30,bytes=-1');
  create('/zookeeper/quota/q/zookeeper_stats', 0n, 'count=0,bytes=0');
  const parents = ['/', '/q'];
  for (let step = 0; step < 400; step++) {
    const r = rng.next();
    const parent = parents[rng.int(parents.length)]!;
    const path = `${parent === '/' ? '' : parent}/n${step}`;
    if (r < 0.15) {
      create(path, 0n);
      parents.push(path);
    } else if (r < 0.35) create(path, BigInt(1 + rng.int(4)));
    else if (r < 0.42) create(path, CONTAINER_OWNER);
    else if (r < 0.48) create(path, TTL);
    else if (r < 0.7) {
      const leaves = [...tree.entries()].filter(([p, n]) => p !== '/' && !tree.isSystemPath(p) && p !== '/q' && n.numChildren === 0).map(([p]) => p);
      if (leaves.length > 0) apply(1n, { type: TxnType.delete, path: leaves[rng.int(leaves.length)]! });
    } else if (r < 0.9) {
      const all = [...tree.entries()].map(([p]) => p).filter((p) => !tree.isSystemPath(p));
      const p = all[rng.int(all.length)]!;
      apply(1n, { type: TxnType.setData, path: p, data: enc('x'.repeat(rng.int(50))), version: tree.get(p)!.version + 1 });
    } else {
      apply(BigInt(1 + rng.int(4)), { type: TxnType.closeSession, ephemerals: [] });
    }
    for (let i = parents.length - 1; i >= 2; i--) if (!tree.get(parents[i]!)) parents.splice(i, 1);
    if (rng.next() < 0.3) {
      await storage.applyCommitted(batchOf(tree));
      flush();
      await checkIndex(storage, `seed ${seed} step ${step}`);
    }
  }
  await storage.applyCommitted(batchOf(tree));
  flush();
  await checkIndex(storage, `seed ${seed}, the end`);
  const loaded = await storage.load();
  const restored = new DataTree();
  restored.restore(loaded.nodes, loaded.lastApplied);
  const opened = openStored(storage, loaded.lastApplied);
  // Opened from the index, the tree has what a restore from every node finds, in the same order.
  sameIndexes(opened, restored, `seed ${seed}: opened vs restored`, true);
  // And what the tree that wrote it has (its ephemerals in creation order, so compared as sets).
  sameIndexes(opened, tree, `seed ${seed}: opened vs the writer`, false);
  // The writer (over the memory table) left out the system nodes that never changed: opened
  // stored, they are seeded, and every count is its children's.
  const seeded = opened.drainDirty();
  for (const [p, rec] of seeded) {
    assert.ok(p === '/' || p.startsWith('/zookeeper'), `seeded ${p}`);
    assert.equal(rec!.numChildren, [...opened.children(p)].length, `the count of ${p}`);
  }
  assert.ok(opened.ephemeralCount() > 0 && opened.containers.size + opened.ttls.size > 0, 'the run made owned nodes');
}

test('tree index: the index and totals the tree sends equal the stored nodes\' at every batch; a tree opened from it has every index (memory storage)', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const s = new MemoryStorage();
    await run(s, () => s.flush(), seed);
    // The memory storage's own check agrees.
    assert.equal(indexText(s.readIndex()), indexText(s.indexFromNodes()));
  }
});

test('tree index: the same over lmdb, and after a reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-tree-index-'));
  try {
    let s = await openLmdbStorage(dir);
    await run(s, () => undefined, 7);
    const before = indexText(s.readIndex());
    await s.close();
    s = await openLmdbStorage(dir);
    assert.equal(indexText(s.readIndex()), before);
    await checkIndex(s, 'after a reopen');
    await s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tree index: a directory whose tree lacks the system nodes (written over the memory table) is seeded and recounted when opened stored', async () => {
  const s = new MemoryStorage();
  const tree = new DataTree();
  tree.applyTxn({ sessionId: 1n, cxid: 0, zxid: asZxid(1n), time: 0, body: { type: TxnType.create, path: '/a', data: enc('a'), acl: world, ephemeralOwner: 0n, parentCversion: 1 } });
  await s.applyCommitted(batchOf(tree));
  assert.equal(s.readNode('/zookeeper'), undefined, 'the memory table stores a system node only once it changes');
  assert.equal(s.readNode('/')!.numChildren, 2, "the stored root counts /zookeeper, which storage lacks");
  assert.deepEqual(s.readIndex().totals, { nodes: 2, dataSize: 1 + 2 + 1 });
  const opened = openStored(s, asZxid(1n));
  assert.equal(opened.get('/')!.numChildren, 2);
  assert.deepEqual([...opened.children('/')].sort(), ['a', 'zookeeper']);
  assert.equal(opened.nodeCount(), tree.nodeCount());
  assert.equal(opened.approximateDataSize(), tree.approximateDataSize());
  const batch = batchOf(opened);
  assert.deepEqual([...batch.nodes.keys()].sort(), ['/', '/zookeeper', '/zookeeper/config', '/zookeeper/quota']);
  assert.equal(batch.nodes.get('/')!.numChildren, 2, 'the root recounted from its children, not counted twice');
  await s.applyCommitted(batch);
  batch.committed!();
  await checkIndex(s, 'after the seeding');
  assert.deepEqual(s.readIndex().totals, { nodes: tree.nodeCount(), dataSize: tree.approximateDataSize() });
});
