/** Applied state is written in order and the log behind it is purged, so disk use stays bounded. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import { AppliedStateWriter } from '../../src/drive/applied-state.js';
import { storageDisk } from '../../src/drive/storage-disk.js';
import type { ZNodeRecord } from '../../src/wire/persist.js';
import { asZxid, type Zxid } from '../../src/base/zxid.js';
import type { AppliedBatch } from '../../src/storage/api.js';
import type { Disk } from '../../src/drive/ports.js';

function record(zxid: bigint): ZNodeRecord & { numChildren: number } {
  return { data: null, acl: [], czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, numChildren: 0 };
}

describe('AppliedStateWriter', () => {
  it('keeps between one and two retention windows of log while applying a long stream', async () => {
    const storage = new MemoryStorage();
    const retain = 100;
    const writer = new AppliedStateWriter(storageDisk(storage), retain, { failed: (e) => assert.fail(e) });
    let maxLogged = 0;
    for (let z = 1n; z <= 2000n; z++) {
      const logged = storage.appendLog([{ zxid: asZxid(z), bytes: new Uint8Array([1]) }]);
      storage.flush();
      await logged;
      writer.store({ lastApplied: asZxid(z), nodes: new Map([[`/n${z}`, record(z)]]), sessions: new Map() });
      await writer.settled();
      maxLogged = Math.max(maxLogged, storage.readLog(asZxid(0n)).length);
    }
    const left = storage.readLog(asZxid(0n));
    assert.ok(maxLogged <= 2 * retain + 1, `log grew to ${maxLogged} entries`);
    assert.ok(left.length >= retain, `only ${left.length} entries kept`);
    assert.equal(left[left.length - 1]!.zxid, 2000n, 'the newest entries are kept');
    const loaded = await storage.load();
    assert.equal(loaded.lastApplied, 2000n);
    assert.equal([...loaded.nodes].length, 2000);
  });
});

describe('AppliedStateWriter: purging while batches are merged', () => {
  it('purges as often when the batches it merges touch the same znodes (setData on one node)', async () => {
    const storage = new MemoryStorage();
    const retain = 100;
    const writer = new AppliedStateWriter(storageDisk(storage), retain, { failed: (e) => assert.fail(e) });
    // Every txn changes the same znode; storage answers only every 50 txns, so up to 50 batches
    // are merged into one write, in which that znode counts once.
    for (let z = 1n; z <= 400n; z++) {
      void storage.appendLog([{ zxid: asZxid(z), bytes: new Uint8Array([1]) }]);
      writer.store({ lastApplied: asZxid(z), nodes: new Map([['/config', record(z)]]), sessions: new Map() });
      if (z % 50n === 0n) {
        storage.flush();
        await writer.settled();
      }
    }
    storage.flush();
    await writer.settled();
    // 400 txns are 4 retention windows: the log keeps one or two of them, not all 400.
    assert.ok(storage.readLog(asZxid(0n)).length <= 2 * retain, `log kept ${storage.readLog(asZxid(0n)).length} entries`);
  });
});

describe('AppliedStateWriter: retention counts txns', () => {
  it('keeps one to two windows of txns when each applied batch carries many txns (one commit step applies a run of them)', async () => {
    const storage = new MemoryStorage();
    const retain = 100;
    const writer = new AppliedStateWriter(storageDisk(storage), retain, { failed: (e) => assert.fail(e) });
    // Batches of 25 txns, each batch touching one znode: counted by znodes, the log would keep
    // 25 times too many; counted by znodes per txn (a create touches its parent too), too few.
    let maxLogged = 0;
    for (let z = 25n; z <= 2000n; z += 25n) {
      const logged = storage.appendLog(Array.from({ length: 25 }, (_, i) => ({ zxid: asZxid(z - 24n + BigInt(i)), bytes: new Uint8Array([1]) })));
      storage.flush();
      await logged;
      writer.store({ lastApplied: asZxid(z), nodes: new Map([['/config', record(z)]]), sessions: new Map() });
      await writer.settled();
      maxLogged = Math.max(maxLogged, storage.readLog(asZxid(0n)).length);
    }
    const left = storage.readLog(asZxid(0n)).length;
    assert.ok(maxLogged <= 2 * retain + 25, `log grew to ${maxLogged} entries`);
    assert.ok(left >= retain, `only ${left} entries kept`);
  });

  it('counts the txns of a new epoch from its start', async () => {
    const storage = new MemoryStorage();
    const retain = 100;
    const writer = new AppliedStateWriter(storageDisk(storage), retain, { failed: (e) => assert.fail(e) });
    const zxids = [...Array.from({ length: 150 }, (_, i) => (1n << 32n) + BigInt(i + 1)), ...Array.from({ length: 250 }, (_, i) => (2n << 32n) + BigInt(i + 1))];
    for (const z of zxids) {
      const logged = storage.appendLog([{ zxid: asZxid(z), bytes: new Uint8Array([1]) }]);
      storage.flush();
      await logged;
      writer.store({ lastApplied: asZxid(z), nodes: new Map([['/config', record(z)]]), sessions: new Map() });
      await writer.settled();
    }
    const left = storage.readLog(asZxid(0n)).length;
    assert.ok(left >= retain && left <= 2 * retain + 1, `${left} entries kept of 400`);
  });
});

describe('AppliedStateWriter: purge floor and failures', () => {
  it('never purges entries above the floor a syncing learner holds', async () => {
    const storage = new MemoryStorage();
    let floor: Zxid | null = asZxid(50n);
    const writer = new AppliedStateWriter(storageDisk(storage), 10, { floor: () => floor, failed: (e) => assert.fail(e) });
    for (let z = 1n; z <= 200n; z++) {
      void storage.appendLog([{ zxid: asZxid(z), bytes: new Uint8Array([1]) }]);
      writer.store({ lastApplied: asZxid(z), nodes: new Map([[`/n${z}`, record(z)]]), sessions: new Map() });
      if (z % 20n === 0n) {
        // Storage answers now and then (batches applied meanwhile are merged into one write).
        storage.flush();
        await writer.settled();
      }
    }
    storage.flush();
    await writer.settled();
    assert.equal(storage.firstLogged(), 51n, 'everything above the floor is kept');
    floor = null;
    for (let z = 201n; z <= 230n; z++) {
      void storage.appendLog([{ zxid: asZxid(z), bytes: new Uint8Array([1]) }]);
      writer.store({ lastApplied: asZxid(z), nodes: new Map([[`/n${z}`, record(z)]]), sessions: new Map() });
    }
    storage.flush();
    await writer.settled();
    assert.ok(storage.firstLogged()! > 51n, 'released, the purge moves on');
  });

  it('reports a failed write instead of swallowing it', async () => {
    const storage = new MemoryStorage();
    const failures: string[] = [];
    const writer = new AppliedStateWriter(storageDisk(storage), 1000, { failed: (e) => failures.push(e.message) });
    storage.failWrites('No space left on device');
    writer.store({ lastApplied: asZxid(1n), nodes: new Map([['/a', record(1n)]]), sessions: new Map() });
    await writer.settled();
    assert.equal(failures.length, 1);
    assert.match(failures[0]!, /No space left on device/);
  });
});

describe('AppliedStateWriter: coalescing (issue 11, no backlog)', () => {
  const batch = (z: bigint, nodes: [string, ReturnType<typeof record> | null][], sessions: [bigint, { timeout: number; passwd: Uint8Array } | null][] = []) => ({
    lastApplied: asZxid(z),
    nodes: new Map(nodes),
    sessions: new Map(sessions),
  });

  it('merges the batches applied while a write is in flight into one write, newest record winning', async () => {
    const storage = new MemoryStorage();
    const writer = new AppliedStateWriter(storageDisk(storage), 1000, { failed: (e) => assert.fail(e) });
    const pw = new Uint8Array(16);
    writer.store(batch(1n, [['/a', record(1n)]], [[5n, { timeout: 1000, passwd: pw }]]));
    writer.store(batch(2n, [['/a', record(2n)], ['/b', record(2n)]]));
    writer.store(batch(3n, [['/a', null]], [[5n, null], [6n, { timeout: 2000, passwd: pw }]]));
    writer.store(batch(4n, [['/c', record(4n)]]));
    assert.equal(storage.pendingOps(), 1, 'one write in flight, the rest held');
    assert.ok(writer.holding);
    await writer.settled();
    assert.equal(storage.pendingOps(), 2, 'the held batches went out as one write');
    storage.flush();
    const loaded = await storage.load();
    assert.equal(loaded.lastApplied, 4n);
    assert.deepEqual([...loaded.nodes].map(([p, r]) => [p, r.mzxid]), [['/b', 2n], ['/c', 4n]]);
    assert.deepEqual([...loaded.sessions].map(([id]) => id), [6n]);
  });

  it('flushHeld issues the held batch at once, so a truncation called next lands after it', async () => {
    const storage = new MemoryStorage();
    const writer = new AppliedStateWriter(storageDisk(storage), 1000, { failed: (e) => assert.fail(e) });
    const logged = storage.appendLog([1n, 2n, 3n, 4n].map((zxid) => ({ zxid: asZxid(zxid), bytes: new Uint8Array([1]) })));
    storage.flush();
    await logged;
    writer.store(batch(1n, [['/a', record(1n)]]));
    writer.store(batch(2n, [['/b', record(2n)]]));
    writer.flushHeld();
    assert.ok(!writer.holding);
    const truncated = storage.truncateLogAfter(asZxid(2n));
    storage.flush();
    await truncated;
    await writer.settled();
    const loaded = await storage.load();
    assert.equal(loaded.lastApplied, 2n);
    assert.deepEqual(storage.readLog(asZxid(0n)).map((e) => e.zxid), [1n, 2n]);
  });

  it('a crash at any moment leaves the whole state at the durable lastApplied, and the log after it', async () => {
    // Txn z creates /n<z> and deletes /n<z-3>; the log is appended before the applied batch, as
    // the runtime does. Storage answers at odd moments; after every step we look at what a
    // crash would leave (the flushed prefix).
    const storage = new MemoryStorage();
    const writer = new AppliedStateWriter(storageDisk(storage), 16, { failed: (e) => assert.fail(e) });
    const model = (upTo: bigint): string[] => {
      const out: string[] = [];
      for (let z = 1n; z <= upTo; z++) if (z + 3n > upTo) out.push(`/n${z}`);
      return out.sort();
    };
    let seed = 12345;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    let checked = 0;
    for (let z = 1n; z <= 400n; z++) {
      void storage.appendLog([{ zxid: asZxid(z), bytes: new Uint8Array([1]) }]);
      const nodes: [string, ReturnType<typeof record> | null][] = [[`/n${z}`, record(z)]];
      if (z > 3n) nodes.push([`/n${z - 3n}`, null]);
      writer.store(batch(z, nodes));
      if (rand(3) === 0) storage.flush(rand(4));
      if (rand(4) === 0) await new Promise((r) => setImmediate(r));
      const crashed = await new MemoryStorage(storage.disk).load();
      const L = crashed.lastApplied;
      assert.deepEqual([...crashed.nodes].map(([p]) => p).sort(), model(L), `the tree on disk is the state at ${L}`);
      const log = new MemoryStorage(storage.disk).readLog(L).map((e) => e.zxid);
      log.forEach((zx, i) => assert.equal(zx, L + 1n + BigInt(i), `the log continues lastApplied ${L} without a gap`));
      assert.ok(crashed.lastLogged >= L);
      checked++;
    }
    storage.flush();
    await writer.settled();
    storage.flush();
    assert.equal((await storage.load()).lastApplied, 400n);
    assert.equal(checked, 400);
    assert.ok(storage.firstLogged()! > 1n, 'the log was purged behind the applied state');
  });
});

describe('AppliedStateWriter: the committed callbacks of merged batches', () => {
  it('calls each batch\'s committed once, in order, only after the write holding it answered (30,000 merged)', () => {
    const calls: number[] = [];
    const answers: ((err: Error | null) => void)[] = [];
    const disk = {
      applyCommitted: (_b: AppliedBatch, done: (err: Error | null) => void) => answers.push(done),
      purgeLogBefore: (_z: Zxid, done: (err: Error | null, n: number) => void) => done(null, 0),
    } as unknown as Disk;
    const writer = new AppliedStateWriter(disk, 1_000_000_000, { failed: (e) => assert.fail(e) });
    const N = 30_000;
    for (let z = 1; z <= N; z++) writer.store({ lastApplied: asZxid(BigInt(z)), nodes: new Map(), sessions: new Map(), committed: () => calls.push(z) });
    assert.equal(answers.length, 1, 'one write in flight, the rest merged');
    assert.deepEqual(calls, [], 'nothing committed before storage answered');
    answers.shift()!(null);
    assert.deepEqual(calls, [1]);
    assert.equal(answers.length, 1, 'the merged batch went out');
    answers.shift()!(null);
    assert.equal(calls.length, N);
    assert.ok(calls.every((z, i) => z === i + 1), 'in order, each once');
  });
});
