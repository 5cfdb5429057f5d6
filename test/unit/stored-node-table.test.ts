/**
 * A tree over a node table served from storage (tree/stored-node-table.ts) answers every read as
 * the in-memory tree does, while storage lags behind: the batches of applied changes reach
 * storage only some batches later (as an LMDB read transaction does not see a write in flight),
 * and the overlay covers them until they have committed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataTree, reportedStat } from '../../src/tree/data-tree.js';
import { StoredNodeTable } from '../../src/tree/stored-node-table.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import type { AppliedBatch } from '../../src/storage/api.js';
import { SeededRng } from '../../src/base/clock.js';
import { asZxid } from '../../src/base/zxid.js';
import { TxnType, type TxnBody } from '../../src/wire/txn.js';
import type { ACL } from '../../src/wire/records.js';

const world: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function sameTree(stored: DataTree, memory: DataTree, when: string): void {
  const want = [...memory.entries()].map(([p]) => p).sort();
  assert.deepEqual([...stored.entries()].map(([p]) => p).sort(), want, `${when}: the same paths`);
  assert.equal(stored.nodeCount(), memory.nodeCount(), `${when}: the same count`);
  for (const p of want) {
    const a = stored.get(p)!;
    const b = memory.get(p)!;
    assert.deepEqual(reportedStat(a), reportedStat(b), `${when}: stat of ${p}`);
    assert.deepEqual(a.data, b.data, `${when}: data of ${p}`);
    assert.deepEqual(a.acl, b.acl, `${when}: acl of ${p}`);
    assert.deepEqual([...stored.children(p)].sort(), [...memory.children(p)].sort(), `${when}: children of ${p}`);
  }
}

describe('StoredNodeTable', () => {
  it('a tree over storage plus overlay equals the in-memory tree at every step, with storage one to three batches behind', async () => {
    const storage = new MemoryStorage();
    const table = new StoredNodeTable(storage, 0, 16);
    const stored = new DataTree(table);
    const memory = new DataTree();
    const rng = new SeededRng(11);
    let zxid = 0x100000000n;
    const inFlight: { mark: number; batch: AppliedBatch }[] = [];
    const commitOldest = async (): Promise<void> => {
      const { mark, batch } = inFlight.shift()!;
      await storage.applyCommitted(batch);
      storage.flush();
      table.committed(mark);
    };
    const paths = ['/'];
    for (let step = 0; step < 1500; step++) {
      const r = rng.next();
      let body: TxnBody;
      if (r < 0.45 || paths.length < 4) {
        const parent = paths[rng.int(paths.length)]!;
        // Half the names from a small set, so that paths are deleted and made again (in the
        // overlay, or after their delete committed) and trees grow a few levels deep.
        const reused = `${parent === '/' ? '' : parent}/n${rng.int(7)}`;
        const path = rng.next() < 0.5 && !memory.get(reused) ? reused : `${parent === '/' ? '' : parent}/n${step}`;
        body = { type: TxnType.create, path, data: enc(`d${step}`), acl: world, ephemeralOwner: 0n, parentCversion: (memory.get(parent)?.cversion ?? 0) + 1 };
        if (!paths.includes(path)) paths.push(path);
      } else if (r < 0.75) {
        const leaves = paths.filter((p) => p !== '/' && memory.get(p) && memory.get(p)!.numChildren === 0);
        const path = leaves[rng.int(leaves.length)] ?? '/none';
        body = { type: TxnType.delete, path };
      } else {
        const path = paths[rng.int(paths.length)]!;
        body = { type: TxnType.setData, path, data: enc(`s${step}`), version: (memory.get(path)?.version ?? 0) + 1 };
      }
      const txn = { sessionId: 1n, cxid: 0, zxid: asZxid(++zxid), time: 1_700_000_000_000 + step, body };
      const a = stored.applyTxn(txn);
      const b = memory.applyTxn(txn);
      assert.deepEqual(a, b, `step ${step}: the same outcome`);
      for (let i = paths.length - 1; i >= 0; i--) if (paths[i] !== '/' && !memory.get(paths[i]!)) paths.splice(i, 1);
      if (rng.next() < 0.3) {
        // The tree's changes go to storage as one batch; storage commits it some batches later.
        inFlight.push({ mark: table.seal(), batch: { lastApplied: asZxid(zxid), nodes: stored.drainDirty(), sessions: new Map() } });
        memory.drainDirty();
        while (inFlight.length > 1 + rng.int(3)) await commitOldest();
      }
      // Every step at first (children listed from storage plus the overlay's additions and deletions), then now and then.
      if (step < 400 || step % 100 === 0) sameTree(stored, memory, `step ${step}`);
      assert.ok(table.cachedCount <= 16, `step ${step}: the cache holds ${table.cachedCount} entries, over its 16`);
    }
    sameTree(stored, memory, 'the end, storage behind');
    inFlight.push({ mark: table.seal(), batch: { lastApplied: asZxid(zxid), nodes: stored.drainDirty(), sessions: new Map() } });
    while (inFlight.length > 0) await commitOldest();
    assert.equal(table.overlaySize, 0, 'everything committed: nothing held in memory but the cache');
    sameTree(stored, memory, 'the end, from storage alone');
    // A new table over the same storage serves the same tree: what the tree sent storage is complete.
    const reopened = new DataTree(new StoredNodeTable(storage, [...(await storage.load()).nodes].length));
    sameTree(reopened, memory, 'a new table over storage');
    assert.deepEqual(reopened.drainDirty(), new Map(), 'nothing to seed: the system nodes were stored');
  });

  it('a node read again and again stays cached while many others pass through the cache', async () => {
    const storage = new MemoryStorage();
    const writer = new DataTree(new StoredNodeTable(storage, 0));
    let zxid = 0x100000000n;
    for (let i = 0; i < 200; i++) {
      writer.applyTxn({ sessionId: 1n, cxid: 0, zxid: asZxid(++zxid), time: 0, body: { type: TxnType.create, path: `/n${i}`, data: null, acl: world, ephemeralOwner: 0n, parentCversion: i + 1 } });
    }
    await storage.applyCommitted({ lastApplied: asZxid(zxid), nodes: writer.drainDirty(), sessions: new Map() });
    storage.flush();
    let reads = 0;
    const counting = Object.create(storage, { readNode: { value: (p: string) => (reads++, storage.readNode(p)) } });
    const table = new StoredNodeTable(counting, 201, 20);
    for (let i = 0; i < 200; i++) {
      table.get('/n0');
      table.get(`/n${1 + i}`);
    }
    assert.equal(table.get('/n0')?.czxid, 0x100000001n);
    assert.equal(reads, 1 + 199 + 1, 'the hot node read from storage once, every other node once (/n200 is absent)');
    assert.ok(table.cachedCount <= 20, `${table.cachedCount} entries cached, over 20`);
  });

  it('the counts storage keeps agree with the children it keeps', async () => {
    const storage = new MemoryStorage();
    const table = new StoredNodeTable(storage, 0);
    const tree = new DataTree(table);
    let zxid = 0x100000000n;
    for (const p of ['/a', '/a/b', '/a/c', '/d']) {
      tree.applyTxn({ sessionId: 1n, cxid: 0, zxid: asZxid(++zxid), time: 0, body: { type: TxnType.create, path: p, data: null, acl: world, ephemeralOwner: 0n, parentCversion: 1 } });
    }
    const mark = table.seal();
    await storage.applyCommitted({ lastApplied: asZxid(zxid), nodes: tree.drainDirty(), sessions: new Map() });
    table.committed(mark);
    for (const p of ['/', '/a', '/a/b', '/d', '/zookeeper', '/zookeeper/quota']) {
      assert.equal(storage.readNode(p)!.numChildren, storage.readChildren(p).length, p);
    }
    assert.deepEqual(storage.readChildren('/'), ['a', 'd', 'zookeeper']);
    assert.throws(() => table.restore(), /not restored/);
  });
});
