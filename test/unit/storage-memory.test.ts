/** The simulator's memory storage: the shared Storage contract plus its crash semantics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryDisk, MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import type { Storage } from '../../src/storage/api.js';
import { callOrderTests, crashTests, node, record, session, storageContractTests } from '../support/storage-contract.js';
import { asZxid } from '../../src/base/zxid.js';

storageContractTests('memory', async () => {
  const disk = new MemoryDisk();
  return {
    open: async () => new MemoryStorage(disk),
    reopen: async (s: Storage) => {
      await s.close();
      return (s as MemoryStorage).reopen();
    },
    done: (s, p) => {
      (s as MemoryStorage).flush();
      return p;
    },
    cleanup: async () => undefined,
  };
});

callOrderTests('memory', async () => {
  const disk = new MemoryDisk();
  return {
    open: async () => new MemoryStorage(disk),
    reopen: async (s: Storage) => {
      await s.close();
      return (s as MemoryStorage).reopen();
    },
    done: (s, p) => {
      (s as MemoryStorage).flush();
      return p;
    },
    cleanup: async () => undefined,
  };
});

crashTests('memory', {
  open: () => new MemoryStorage(new MemoryDisk()),
  crashAfter: (s, k) => {
    const m = s as MemoryStorage;
    assert.equal(m.flush(k), k, 'every call is one pending operation');
    return m.reopen();
  },
});

const entry = (z: bigint) => ({ zxid: asZxid(z), bytes: new Uint8Array([Number(z & 0xffn)]) });

/** Settles pending microtasks, then tells whether `p` has settled. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(() => { done = true; }, () => { done = true; });
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
}

test('memory: durable writes resolve only when a flush covers them', async () => {
  const s = new MemoryStorage();
  const a = s.appendLog([entry(1n)]);
  const e = s.setEpochs({ acceptedEpoch: 1, currentEpoch: 0 });
  const b = s.appendLog([entry(2n)]);
  assert.equal(await settled(a), false);
  assert.equal(s.lastLogged(), 2n); // as called, acknowledged or not
  assert.deepEqual(s.readLog(asZxid(0n)).map((x) => x.zxid), [1n, 2n]); // and visible, as committed
  assert.equal(s.pendingOps(), 3);
  assert.equal(s.flush(2), 2); // a prefix: the append and the epochs
  assert.equal(await settled(a), true);
  assert.equal(await settled(e), true);
  assert.equal(await settled(b), false);
  s.flush();
  assert.equal(await settled(b), true);
  assert.equal(s.lastLogged(), 2n);
});

test('memory: applyCommitted and purge resolve at once but are lost by a crash until flushed', async () => {
  const disk = new MemoryDisk();
  let s = new MemoryStorage(disk);
  void s.appendLog([entry(1n), entry(2n), entry(3n)]);
  s.flush();
  await s.applyCommitted({ lastApplied: asZxid(2n), nodes: new Map([['/a', node(1n, 'a')]]), sessions: new Map([[5n, session(100)]]) });
  assert.equal(await s.purgeLogBefore(asZxid(10n)), 2);
  assert.equal((await s.load()).lastApplied, 2n);
  s.crash();
  s = s.reopen();
  const l = await s.load();
  assert.equal(l.lastApplied, 0n); // the applied batch and the purge were not flushed
  assert.deepEqual([...l.nodes], []);
  assert.deepEqual([...l.sessions], []);
  assert.deepEqual(s.readLog(asZxid(0n)).map((x) => x.zxid), [1n, 2n, 3n]); // the log was: replay from it
});

test('memory: a crash drops unflushed writes, never settles their promises, and kills the handle', async () => {
  const disk = new MemoryDisk();
  const s = new MemoryStorage(disk);
  const a = s.appendLog([entry(1n)]);
  s.flush();
  const b = s.appendLog([entry(2n)]);
  const t = s.truncateLogAfter(asZxid(0n));
  s.crash();
  s.flush(); // a dead handle flushes nothing
  assert.equal(await settled(a), true);
  assert.equal(await settled(b), false);
  assert.equal(await settled(t), false);
  await assert.rejects(s.appendLog([entry(3n)]), /crashed/);
  assert.throws(() => s.readLog(asZxid(0n)), /crashed/);
  const r = s.reopen();
  assert.deepEqual(r.readLog(asZxid(0n)).map((x) => x.zxid), [1n]);
  assert.equal(r.lastLogged(), 1n);
  assert.equal(disk.flushedOps, 1);
});

test('memory: reopen of a live handle crashes it first; close flushes', async () => {
  const disk = new MemoryDisk();
  const s = new MemoryStorage(disk);
  void s.appendLog([entry(1n)]);
  const r = s.reopen();
  assert.deepEqual(r.readLog(asZxid(0n)), []);
  void r.appendLog([entry(1n)]);
  void r.setEpochs({ acceptedEpoch: 4, currentEpoch: 4 });
  await r.close();
  const r2 = r.reopen();
  assert.deepEqual((await r2.load()).epochs, { acceptedEpoch: 4, currentEpoch: 4 });
  assert.equal(r2.lastLogged(), 1n);
  assert.ok(r2.sizeOnDisk() > 0);
});

test('memory: failWrites makes later writes reject like a full disk; reads go on', async () => {
  const s = new MemoryStorage();
  const a = s.appendLog([entry(1n)]);
  s.failWrites();
  await assert.rejects(s.appendLog([entry(2n)]), /disk full/);
  await assert.rejects(s.applyCommitted({ lastApplied: asZxid(1n), nodes: new Map(), sessions: new Map() }), /no further writes/);
  s.flush();
  await a; // written before the failure
  assert.deepEqual(s.readLog(asZxid(0n)).map((x) => x.zxid), [1n]);
});

test('memory: stored data is isolated from the caller and from later handles', async () => {
  const s = new MemoryStorage();
  const rec = node(1n, 'abc');
  const bytes = new Uint8Array([1, 2, 3]);
  void s.appendLog([{ zxid: asZxid(1n), bytes }]);
  await s.applyCommitted({ lastApplied: asZxid(1n), nodes: new Map([['/n', rec]]), sessions: new Map() });
  bytes[0] = 99;
  rec.data![0] = 99;
  rec.version = 42;
  const read = s.readLog(asZxid(0n))[0]!.bytes;
  assert.deepEqual(read, new Uint8Array([1, 2, 3]));
  read[1] = 77;
  assert.deepEqual(s.readLog(asZxid(0n))[0]!.bytes, new Uint8Array([1, 2, 3]));
  const loaded = new Map((await s.load()).nodes).get('/n')!;
  assert.deepEqual(loaded, record(node(1n, 'abc')));
});
