/**
 * A learner's tree after a SNAP (peer/replica.ts replaceState, returnToStorage): held in memory
 * while storage installs the snapshot, served from storage again once storage holds all of it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { asSid } from '../../src/base/ids.js';
import { asZxid, ZERO_ZXID, type Zxid } from '../../src/base/zxid.js';
import { Replica, type ReplicaEffect } from '../../src/peer/replica.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
import type { AppliedBatch, Storage } from '../../src/storage/api.js';
import { DataTree } from '../../src/tree/data-tree.js';
import type { ACL } from '../../src/wire/records.js';
import type { SessionRecord, ZNodeRecord } from '../../src/wire/persist.js';
import { TxnType } from '../../src/wire/txn.js';

const world: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const SESSION = 5n;
const sessions: [bigint, SessionRecord][] = [[SESSION, { timeout: 2000, passwd: new Uint8Array(16) }]];

/** The records of a leader's tree as a SNAP carries them: a quota whose stats are stale, an ephemeral. */
function leaderState(extra: string[] = []): { records: [string, ZNodeRecord][]; at: Zxid } {
  const tree = new DataTree();
  let zxid = 0x100000000n;
  const create = (path: string, data: string, owner = 0n): void => {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    const body = { type: TxnType.create, path, data: enc(data), acl: world, ephemeralOwner: owner, parentCversion: (tree.get(parent)?.cversion ?? 0) + 1 } as const;
    tree.applyTxn({ sessionId: owner || 1n, cxid: 0, zxid: asZxid(++zxid), time: 1_700_000_000_000, body });
  };
  create('/q', 'quoted');
  create('/zookeeper/quota/q', '');
  create('/zookeeper/quota/q/zookeeper_limits', 'count=30,bytes=-1');
  create('/q/a', 'aaa');
  create('/q/b', 'bb');
  create('/e', 'eph', SESSION);
  // Stale stats: a restore recounts them, so the learner's tree starts with a change to store.
  create('/zookeeper/quota/q/zookeeper_stats', 'count=0,bytes=0');
  for (const p of extra) create(p, 'x');
  return { records: tree.records(), at: tree.lastProcessedZxid };
}

function learnerOver(storage: Storage): { r: Replica; out: ReplicaEffect[] } {
  const out: ReplicaEffect[] = [];
  const r = new Replica({ serverId: asSid(2), tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 4000, extendedTypesEnabled: false }, { nowMs: 1000, wallMs: 1_700_000_000_000 }, new SeededRng(1), out);
  r.openStored(storage, storage.readIndex(), [], ZERO_ZXID);
  return { r, out };
}

/** The batches the replica handed to storage since the last call. */
function stores(out: ReplicaEffect[]): AppliedBatch[] {
  const batches = out.flatMap((e) => (e.kind === 'store' ? [e.batch] : []));
  out.length = 0;
  return batches;
}

/** Storage installs a SNAP (a durable write: the memory disk answers once flushed). */
async function install(storage: Storage, lastApplied: Zxid, nodes: [string, ZNodeRecord][]): Promise<void> {
  const done = storage.replaceState({ lastApplied, nodes, sessions });
  if (storage instanceof MemoryStorage) storage.flush();
  await done;
}

/** A committed setData of `path` on the replica, as a learner applies it. */
function setData(r: Replica, path: string, data: string): void {
  const zxid = asZxid(r.lastApplied + 1n);
  r.apply({ sessionId: 1n, cxid: 0, zxid, time: 1_700_000_000_000, body: { type: TxnType.setData, path, data: enc(data), version: r.tree.get(path)!.version + 1 } });
}

async function commit(storage: Storage, batches: AppliedBatch[]): Promise<void> {
  for (const b of batches) {
    await storage.applyCommitted(b);
    b.committed?.();
  }
}

describe('a learner tree after a SNAP', () => {
  it('is served from storage again once storage holds the snapshot and every change since', async () => {
    const storage = new MemoryStorage();
    const { r, out } = learnerOver(storage);
    await commit(storage, stores(out));
    assert.ok(r.tree.servedFromStorage);
    const { records, at } = leaderState();
    r.replaceState(records, sessions, at);
    const memory = r.tree;
    assert.equal(memory.servedFromStorage, false);
    const watches = memory.watches;
    assert.equal(r.returnToStorage(), false, 'storage has not answered the install');
    stores(out);
    await install(storage, at, records);
    r.snapshotInstalled();
    // The recounted quota stats are a change nothing drained yet: they go to storage first.
    assert.equal(r.returnToStorage(), false);
    const batches = stores(out);
    assert.deepEqual(batches.flatMap((b) => [...b.nodes.keys()]), ['/zookeeper/quota/q/zookeeper_stats']);
    await commit(storage, batches);
    assert.equal(r.returnToStorage(), true);
    const stored = r.tree;
    assert.equal(stored.overlaySize, 0, 'storage had every change: nothing held in the overlay');
    assert.ok(stored.servedFromStorage);
    assert.equal(stored.watches, watches, 'the watches stay');
    assert.equal(stored.lastProcessedZxid, at);
    assert.equal(stored.nodeCount(), memory.nodeCount());
    assert.equal(stored.approximateDataSize(), memory.approximateDataSize());
    assert.deepEqual(stored.ephemeralsOf(SESSION), ['/e']);
    assert.deepEqual(stored.get('/q/a')?.data, enc('aaa'));
    assert.deepEqual([...stored.children('/q')].sort(), ['a', 'b']);
    const stats = (t: DataTree): string => new TextDecoder().decode(t.get('/zookeeper/quota/q/zookeeper_stats')!.data!);
    assert.match(stats(stored), /^count=3,bytes=\d+$/, 'storage has the recounted stats');
    assert.equal(stats(stored), stats(memory));
    assert.deepEqual(stored.quotaVerdict('/q/c', 1, 'create'), memory.quotaVerdict('/q/c', 1, 'create'));
    assert.equal(r.returnToStorage(), false, 'once');
  });

  it('waits for the newest of two SNAPs; a batch of the first tree does not count', async () => {
    const storage = new MemoryStorage();
    const { r, out } = learnerOver(storage);
    await commit(storage, stores(out));
    const first = leaderState();
    r.replaceState(first.records, sessions, first.at);
    r.returnToStorage(); // not installed: nothing happens
    setData(r, '/q/a', 'first tree');
    r.emitStore();
    const ofTheFirstTree = stores(out); // handed to storage, committed only at the end
    const second = leaderState(['/q/c', '/q/d']);
    await install(storage, first.at, first.records);
    r.replaceState(second.records, sessions, second.at);
    r.snapshotInstalled();
    assert.equal(r.returnToStorage(), false, 'the second install is outstanding');
    await install(storage, second.at, second.records);
    r.snapshotInstalled();
    assert.equal(r.returnToStorage(), false, 'the stats recount is not stored yet');
    await commit(storage, stores(out));
    assert.equal(r.returnToStorage(), true, 'the first tree\'s batch is not waited for');
    assert.deepEqual([...r.tree.children('/q')].sort(), ['a', 'b', 'c', 'd']);
    assert.deepEqual(r.tree.get('/q/a')?.data, enc('aaa'), 'the second SNAP\'s value');
    for (const b of ofTheFirstTree) b.committed?.(); // late: changes nothing
    assert.ok(r.tree.servedFromStorage);
  });

  it('over LMDB, whose reads do not see a write in flight, switches with a batch in flight and reads it from the overlay until it commits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkts-replica-snap-'));
    const storage = await openLmdbStorage(dir);
    try {
      const { r, out } = learnerOver(storage);
      await commit(storage, stores(out));
      const { records, at } = leaderState();
      r.replaceState(records, sessions, at);
      await install(storage, at, records);
      r.snapshotInstalled();
      r.returnToStorage(); // hands the recounted stats to storage
      await commit(storage, stores(out));
      // Writes applied after the SNAP, in flight to storage while the switch is tried: a change in
      // place, a create and the delete of an ephemeral.
      setData(r, '/q/a', 'after the snapshot');
      const next1 = asZxid(r.lastApplied + 1n);
      r.apply({ sessionId: 1n, cxid: 0, zxid: next1, time: 1_700_000_000_000, body: { type: TxnType.create, path: '/q/n', data: enc('new'), acl: world, ephemeralOwner: 0n, parentCversion: r.tree.get('/q')!.cversion + 1 } });
      r.apply({ sessionId: SESSION, cxid: 0, zxid: asZxid(r.lastApplied + 1n), time: 1_700_000_000_000, body: { type: TxnType.delete, path: '/e' } });
      r.emitStore();
      const memory = r.tree;
      const inFlight = stores(out).map((b) => ({ b, done: storage.applyCommitted(b) }));
      assert.equal(r.returnToStorage(), true, 'a batch in flight does not hold the switch back');
      const stored = r.tree;
      assert.ok(stored.servedFromStorage);
      assert.equal(storage.readNode('/q/a')?.data?.length, 3, 'storage does not show the write yet');
      assert.deepEqual(stored.get('/q/a')?.data, enc('after the snapshot'), 'the overlay holds it');
      const held = inFlight.flatMap(({ b }) => [...b.nodes.keys()]);
      assert.deepEqual(held.sort(), ['/', '/e', '/q', '/q/a', '/q/n', '/zookeeper/quota/q/zookeeper_stats']);
      assert.equal(storage.readNode('/q/n'), undefined);
      assert.deepEqual([...stored.children('/q')].sort(), ['a', 'b', 'n']);
      assert.equal([...stored.children('/')].includes('e'), false);
      assert.equal(stored.get('/e'), undefined);
      assert.equal(stored.overlaySize, held.length);
      assert.equal(stored.nodeCount(), memory.nodeCount());
      assert.equal(stored.approximateDataSize(), memory.approximateDataSize());
      assert.deepEqual(stored.ephemeralsOf(SESSION), [], 'the owner index is the tree\'s');
      // A change after the switch, in a batch of the stored table's own, behind the one in flight.
      setData(r, '/q/b', 'after the switch');
      r.emitStore();
      const next = stores(out);
      for (const { b, done } of inFlight) {
        await done;
        b.committed?.();
      }
      assert.equal(stored.overlaySize, next.flatMap((b) => [...b.nodes.keys()]).length, 'the batch in flight committed: only the newer changes are held');
      assert.deepEqual(stored.get('/q/a')?.data, enc('after the snapshot'), 'now from storage');
      await commit(storage, next);
      assert.equal(stored.overlaySize, 0);
      assert.deepEqual(stored.get('/q/b')?.data, enc('after the switch'));
      assert.deepEqual([...stored.children('/q')].sort(), ['a', 'b', 'n']);
      assert.equal([...stored.children('/')].includes('e'), false);
      assert.equal(stored.get('/q')!.numChildren, 3);
      assert.equal(storage.readIndex().owners.some(([p]) => p === '/e'), false);
    } finally {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stays in memory when the tree was never served from storage', () => {
    const out: ReplicaEffect[] = [];
    const r = new Replica({ serverId: asSid(2), tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 4000, extendedTypesEnabled: false }, { nowMs: 1000, wallMs: 1_700_000_000_000 }, new SeededRng(1), out);
    const { records, at } = leaderState();
    r.replaceState(records, sessions, at);
    r.snapshotInstalled();
    assert.equal(r.returnToStorage(), false);
    assert.equal(out.filter((e) => e.kind === 'store').length, 0);
  });
});
