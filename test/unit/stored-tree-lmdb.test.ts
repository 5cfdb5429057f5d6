/**
 * The tree served from LMDB as the server runs it (docs/performance.md, "Step 2"): a DataTree
 * over a StoredNodeTable reading the lmdb storage, its batches written by the applied-state
 * writer (merged while one is in flight, paced by the storage), the overlay let go of only when
 * a write has committed. Every read, at any moment (writes in flight, merged, committed), must
 * answer what an in-memory tree that applied the same txns answers; after a reopen, the tree
 * opened from the stored index alone is the same tree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataTree, reportedStat } from '../../src/tree/data-tree.js';
import { StoredNodeTable } from '../../src/tree/stored-node-table.js';
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
import type { AppliedBatch, Storage } from '../../src/storage/api.js';
import { AppliedStateWriter } from '../../src/drive/applied-state.js';
import { storageDisk } from '../../src/drive/storage-disk.js';
import { SeededRng } from '../../src/base/clock.js';
import { asZxid, type Zxid } from '../../src/base/zxid.js';
import { TxnType, type TxnBody } from '../../src/wire/txn.js';
import type { ACL } from '../../src/wire/records.js';

const world: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function openStored(s: Storage, lastApplied: Zxid, cache: number): DataTree {
  const index = s.readIndex();
  const tree = new DataTree(new StoredNodeTable(s, index.totals.nodes, cache), index);
  tree.openStored(lastApplied);
  return tree;
}

function batchOf(tree: DataTree): AppliedBatch {
  const b: AppliedBatch = { lastApplied: tree.lastProcessedZxid, nodes: tree.drainDirty(), sessions: new Map(), owners: tree.drainOwners(), totals: tree.storedTotals() };
  const committed = tree.sealBatch();
  if (committed) b.committed = committed;
  return b;
}

function sameTree(stored: DataTree, memory: DataTree, when: string): void {
  const want = [...memory.entries()].map(([p]) => p).sort();
  assert.deepEqual([...stored.entries()].map(([p]) => p).sort(), want, `${when}: the same paths`);
  assert.equal(stored.nodeCount(), memory.nodeCount(), `${when}: the same count`);
  assert.equal(stored.approximateDataSize(), memory.approximateDataSize(), `${when}: the same data size`);
  assert.deepEqual([...stored.ephemeralSessions()].map(([s, ps]) => [s, [...ps].sort()]).sort(), [...memory.ephemeralSessions()].map(([s, ps]) => [s, [...ps].sort()]).sort(), `${when}: ephemerals`);
  // The SNAP capture: storage's scan with the overlay on top is the tree at this moment.
  const records = (t: DataTree): Map<string, unknown> => new Map(t.records().map(([p, r]) => [p, { ...r, acl: r.acl.map((x) => ({ ...x, id: { ...x.id } })) }]));
  assert.deepEqual(records(stored), records(memory), `${when}: the records a SNAP sends`);
  for (const p of want) {
    assert.deepEqual(reportedStat(stored.get(p)!), reportedStat(memory.get(p)!), `${when}: stat of ${p}`);
    assert.deepEqual(stored.get(p)!.data, memory.get(p)!.data, `${when}: data of ${p}`);
    assert.deepEqual([...stored.children(p)].sort(), [...memory.children(p)].sort(), `${when}: children of ${p}`);
  }
}

test('a tree served from lmdb through the applied-state writer answers every read as the in-memory tree, while writes are in flight, merged and committed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-stored-tree-'));
  try {
    let storage = await openLmdbStorage(dir, { appliedIntervalMs: 3 });
    const stored = openStored(storage, asZxid(0n), 8);
    const memory = new DataTree();
    const writer = new AppliedStateWriter(storageDisk(storage), 1_000_000, { failed: (e) => assert.fail(e) });
    const rng = new SeededRng(5);
    let zxid = 0x100000000n;
    const paths = ['/'];
    let overlayPeak = 0;
    for (let step = 0; step < 1200; step++) {
      const r = rng.next();
      let body: TxnBody;
      let session = 1n;
      if (r < 0.45 || paths.length < 4) {
        const parent = paths[rng.int(paths.length)]!;
        const path = `${parent === '/' ? '' : parent}/n${step}`;
        const ephemeral = rng.int(4) === 0;
        if (ephemeral) session = BigInt(2 + rng.int(3));
        body = { type: TxnType.create, path, data: enc(`d${step}`), acl: world, ephemeralOwner: ephemeral ? session : 0n, parentCversion: (memory.get(parent)?.cversion ?? 0) + 1 };
        if (!ephemeral) paths.push(path);
      } else if (r < 0.7) {
        const leaves = [...memory.entries()].filter(([p, n]) => p !== '/' && !memory.isSystemPath(p) && n.numChildren === 0).map(([p]) => p);
        body = { type: TxnType.delete, path: leaves[rng.int(leaves.length)] ?? '/none' };
      } else if (r < 0.95) {
        const path = paths[rng.int(paths.length)]!;
        body = { type: TxnType.setData, path, data: enc(`s${step}`), version: (memory.get(path)?.version ?? 0) + 1 };
      } else {
        session = BigInt(2 + rng.int(3));
        body = { type: TxnType.closeSession, ephemerals: [] };
      }
      const txn = { sessionId: session, cxid: 0, zxid: asZxid(++zxid), time: 1_700_000_000_000 + step, body };
      assert.deepEqual(stored.applyTxn(txn), memory.applyTxn(txn), `step ${step}: the same outcome`);
      for (let i = paths.length - 1; i >= 0; i--) if (paths[i] !== '/' && !memory.get(paths[i]!)) paths.splice(i, 1);
      if (rng.next() < 0.4) {
        writer.store(batchOf(stored));
        memory.drainDirty();
      }
      overlayPeak = Math.max(overlayPeak, stored.overlaySize);
      // Let lmdb's write thread and the writer's callbacks run now and then: reads then come
      // from storage for what committed, from the overlay for what did not.
      if (rng.int(5) === 0) await new Promise<void>((resolve) => (rng.int(3) === 0 ? setTimeout(resolve, rng.int(5)) : setImmediate(resolve)));
      if (step % 60 === 0) sameTree(stored, memory, `step ${step}`);
    }
    writer.store(batchOf(stored));
    await writer.settled();
    assert.equal(stored.overlaySize, 0, 'everything committed: the overlay let go of it all');
    assert.ok(overlayPeak > 0, 'the overlay held changes meanwhile');
    sameTree(stored, memory, 'the end, from storage alone');
    await storage.close();
    storage = await openLmdbStorage(dir);
    const reopened = openStored(storage, (await storage.load({ nodes: false })).lastApplied, 8);
    sameTree(reopened, memory, 'after a reopen, opened from the index');
    assert.equal(reopened.lastProcessedZxid, zxid);
    await storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a path lmdb cannot key names no node: get, children and a setData prep answer as for any absent node, storage is never asked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-stored-tree-long-'));
  try {
    const s = await openLmdbStorage(dir);
    try {
      const tree = openStored(s, asZxid(0n), 100);
      const long = '/' + 'a'.repeat(3000);
      const wide = '/' + '\u00e9'.repeat(1000); // 2,001 bytes of UTF-8 in 1,001 UTF-16 units
      for (const p of [long, wide, `${long}/b`]) {
        assert.equal(tree.get(p), undefined, `get of a ${p.length}-unit path`);
        assert.deepEqual([...tree.children(p)], [], `children of a ${p.length}-unit path`);
      }
      // The leader's prep of a forwarded setData reads the path through the table: before the
      // fix lmdb's key check threw here and stopped the leader.
      assert.ok(tree.get('/zookeeper'), 'a stored node is still served');
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
