/**
 * The Storage contract (src/storage/api.ts), as tests run against every implementation:
 * test/unit/storage-lmdb.test.ts and test/unit/storage-memory.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Storage } from '../../src/storage/api.js';
import type { SessionRecord, ZNodeRecord } from '../../src/wire/persist.js';

export interface Harness {
  /** A fresh, empty storage. */
  open(): Promise<Storage>;
  /** Close (cleanly) and open again on the same data. */
  reopen(s: Storage): Promise<Storage>;
  /** Awaits a write promise; the memory storage first flushes, so that durable writes settle. */
  done<T>(s: Storage, p: Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

export function node(czxid: bigint, data: string | null, extra: Partial<ZNodeRecord> = {}): ZNodeRecord {
  return {
    data: data === null ? null : new TextEncoder().encode(data),
    acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
    czxid,
    mzxid: czxid,
    pzxid: czxid,
    ctime: 1_700_000_000_000,
    mtime: 1_700_000_000_123,
    version: 0,
    cversion: 0,
    aversion: 0,
    ephemeralOwner: 0n,
    ...extra,
  };
}

export function session(timeout: number): SessionRecord {
  return { timeout, passwd: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]) };
}

const Z = (epoch: number, counter: number): bigint => (BigInt(epoch) << 32n) | BigInt(counter);
const bytesOf = (z: bigint): Uint8Array => new TextEncoder().encode(`txn-${z}`);

export function storageContractTests(name: string, makeHarness: () => Promise<Harness>): void {
  const withStorage = (title: string, body: (h: Harness, s: Storage) => Promise<Storage | void>): void => {
    test(`${name}: ${title}`, async () => {
      const h = await makeHarness();
      let s = await h.open();
      try {
        s = (await body(h, s)) ?? s;
      } finally {
        await s.close().catch(() => undefined);
        await h.cleanup();
      }
    });
  };

  withStorage('a fresh storage loads empty', async (_h, s) => {
    const l = await s.load();
    assert.deepEqual(l.epochs, { acceptedEpoch: 0, currentEpoch: 0 });
    assert.equal(l.lastApplied, 0n);
    assert.equal(l.lastLogged, 0n);
    assert.deepEqual([...l.nodes], []);
    assert.deepEqual([...l.sessions], []);
    assert.equal(s.firstLogged(), null);
    assert.equal(s.lastLogged(), 0n);
    assert.deepEqual(s.readLog(0n), []);
  });

  withStorage('appendLog round trip, ranges and ordering across epochs, after reopen', async (h, s) => {
    const zs = [Z(1, 1), Z(1, 2), Z(1, 3), Z(2, 1), Z(0x7fffffff, 5), Z(0x80000000, 1), Z(0xffffffff, 0xfffffffe)];
    const entries = zs.map((zxid) => ({ zxid, bytes: bytesOf(zxid) }));
    await h.done(s, s.appendLog(entries.slice(0, 3)));
    await h.done(s, s.appendLog(entries.slice(3)));
    entries[0].bytes[0] = 0; // the storage kept its own copy
    for (const pass of [1, 2]) {
      if (pass === 2) s = await h.reopen(s);
      assert.deepEqual(s.readLog(0n).map((e) => e.zxid), zs);
      assert.deepEqual(s.readLog(0n)[0].bytes, bytesOf(zs[0]));
      assert.deepEqual(s.readLog(Z(1, 2)).map((e) => e.zxid), zs.slice(2));
      assert.deepEqual(s.readLog(Z(1, 1), Z(2, 1)).map((e) => e.zxid), [Z(1, 2), Z(1, 3), Z(2, 1)]);
      assert.deepEqual(s.readLog(Z(1, 3), Z(1, 3)), []);
      assert.deepEqual(s.readLog(Z(0xffffffff, 0xfffffffe)), []);
      assert.equal(s.firstLogged(), Z(1, 1));
      assert.equal(s.lastLogged(), Z(0xffffffff, 0xfffffffe));
      assert.equal((await s.load()).lastLogged, Z(0xffffffff, 0xfffffffe));
    }
    return s;
  });

  withStorage('appendLog refuses zxids that do not increase, and stays usable', async (h, s) => {
    await h.done(s, s.appendLog([{ zxid: 5n, bytes: bytesOf(5n) }]));
    await assert.rejects(h.done(s, s.appendLog([{ zxid: 5n, bytes: bytesOf(5n) }])), /not above/);
    await assert.rejects(h.done(s, s.appendLog([{ zxid: 7n, bytes: bytesOf(7n) }, { zxid: 6n, bytes: bytesOf(6n) }])), /not above/);
    assert.deepEqual(s.readLog(0n).map((e) => e.zxid), [5n]);
    await h.done(s, s.appendLog([]));
    await h.done(s, s.appendLog([{ zxid: 6n, bytes: bytesOf(6n) }, { zxid: 7n, bytes: bytesOf(7n) }]));
    assert.deepEqual(s.readLog(0n).map((e) => e.zxid), [5n, 6n, 7n]);
  });

  withStorage('many appendLog calls in flight all land, in order', async (h, s) => {
    const calls: Promise<void>[] = [];
    for (let i = 1n; i <= 300n; i++) calls.push(s.appendLog([{ zxid: i, bytes: bytesOf(i) }]));
    await h.done(s, Promise.all(calls));
    assert.equal(s.lastLogged(), 300n);
    assert.deepEqual(s.readLog(0n).map((e) => e.zxid), Array.from({ length: 300 }, (_, i) => BigInt(i + 1)));
  });

  withStorage('applyCommitted writes nodes, sessions and lastApplied; load after reopen', async (h, s) => {
    await h.done(s, s.appendLog([1n, 2n, 3n].map((zxid) => ({ zxid, bytes: bytesOf(zxid) }))));
    const big = BigInt.asIntN(64, 0xfedcba9876543210n); // a negative session id, as jute reads it
    await h.done(s, s.applyCommitted({
      lastApplied: 2n,
      nodes: new Map<string, ZNodeRecord | null>([
        ['/', node(0n, '')],
        ['/a', node(1n, 'hello', { ephemeralOwner: big, version: 3 })],
        ['/a/b', node(2n, null)],
        ['/gone', node(2n, 'x')],
        ['/ünïcødé/😀', node(2n, 'u')],
      ]),
      sessions: new Map<bigint, SessionRecord | null>([[big, session(30000)], [7n, session(4000)]]),
    }));
    await h.done(s, s.applyCommitted({
      lastApplied: 3n,
      nodes: new Map<string, ZNodeRecord | null>([['/gone', null], ['/a', node(1n, 'world', { ephemeralOwner: big, version: 4 })]]),
      sessions: new Map<bigint, SessionRecord | null>([[7n, null]]),
    }));
    s = await h.reopen(s);
    const l = await s.load();
    assert.equal(l.lastApplied, 3n);
    assert.equal(l.lastLogged, 3n);
    const nodes = new Map(l.nodes);
    assert.deepEqual([...nodes.keys()].sort(), ['/', '/a', '/a/b', '/ünïcødé/😀'].sort());
    assert.deepEqual(nodes.get('/a'), node(1n, 'world', { ephemeralOwner: big, version: 4 }));
    assert.equal(nodes.get('/a/b')!.data, null);
    assert.deepEqual(new Map(l.sessions), new Map([[big, session(30000)]]));
    // lastLogged is never below lastApplied, even with an empty log
    await h.done(s, s.purgeLogBefore(100n));
    assert.equal(s.firstLogged(), null);
    assert.equal(s.lastLogged(), 3n);
    assert.equal((await s.load()).lastLogged, 3n);
    return s;
  });

  withStorage('applyCommitted is atomic: node changes and lastApplied are seen together', async (h, s) => {
    const n = 60;
    const applies: Promise<void>[] = [];
    const observed: string[] = [];
    let stop = false;
    const observe = async (): Promise<void> => {
      while (!stop) {
        const l = await s.load();
        const paths = [...l.nodes].map(([p]) => p).sort();
        const want = Array.from({ length: Number(l.lastApplied) }, (_, i) => `/n${String(i + 1).padStart(3, '0')}`);
        if (paths.join() !== want.join()) observed.push(`lastApplied ${l.lastApplied} with ${paths.length} nodes`);
        await new Promise<void>((r) => setImmediate(r));
      }
    };
    const watcher = observe();
    for (let i = 1; i <= n; i++) {
      applies.push(s.applyCommitted({
        lastApplied: BigInt(i),
        nodes: new Map([[`/n${String(i).padStart(3, '0')}`, node(BigInt(i), 'v')]]),
        sessions: new Map(),
      }));
      if (i % 7 === 0) await new Promise<void>((r) => setImmediate(r));
    }
    await h.done(s, Promise.all(applies));
    stop = true;
    await watcher;
    assert.deepEqual(observed, []);
    assert.equal((await s.load()).lastApplied, BigInt(n));
  });

  withStorage('truncateLogAfter deletes above, refuses to cut below lastApplied', async (h, s) => {
    await h.done(s, s.appendLog([1n, 2n, 3n, 4n, 5n, 6n].map((zxid) => ({ zxid, bytes: bytesOf(zxid) }))));
    await h.done(s, s.applyCommitted({ lastApplied: 3n, nodes: new Map(), sessions: new Map() }));
    await assert.rejects(h.done(s, s.truncateLogAfter(2n)), /refused/);
    assert.deepEqual(s.readLog(0n).map((e) => e.zxid), [1n, 2n, 3n, 4n, 5n, 6n]); // untouched
    await h.done(s, s.truncateLogAfter(5n));
    assert.equal(s.lastLogged(), 5n);
    await h.done(s, s.truncateLogAfter(3n)); // at lastApplied: allowed
    assert.deepEqual(s.readLog(0n).map((e) => e.zxid), [1n, 2n, 3n]);
    assert.equal(s.lastLogged(), 3n);
    await h.done(s, s.truncateLogAfter(10n)); // nothing above: no-op
    // appends continue right after the cut, e.g. in a new epoch
    await h.done(s, s.appendLog([{ zxid: Z(2, 1), bytes: bytesOf(Z(2, 1)) }]));
    s = await h.reopen(s);
    assert.deepEqual(s.readLog(0n).map((e) => e.zxid), [1n, 2n, 3n, Z(2, 1)]);
    assert.equal(s.lastLogged(), Z(2, 1));
    return s;
  });

  withStorage('purgeLogBefore deletes below min(z, lastApplied+1) and counts', async (h, s) => {
    await h.done(s, s.appendLog([1n, 2n, 3n, 4n, 5n, 6n].map((zxid) => ({ zxid, bytes: bytesOf(zxid) }))));
    assert.equal(await h.done(s, s.purgeLogBefore(3n)), 0); // nothing applied yet: keep all
    await h.done(s, s.applyCommitted({ lastApplied: 4n, nodes: new Map(), sessions: new Map() }));
    assert.equal(await h.done(s, s.purgeLogBefore(3n)), 2);
    assert.equal(s.firstLogged(), 3n);
    assert.equal(await h.done(s, s.purgeLogBefore(100n)), 2); // capped at lastApplied: 3, 4 go
    assert.deepEqual(s.readLog(0n).map((e) => e.zxid), [5n, 6n]);
    assert.equal(await h.done(s, s.purgeLogBefore(100n)), 0);
    s = await h.reopen(s);
    assert.equal(s.firstLogged(), 5n);
    assert.equal(s.lastLogged(), 6n);
    return s;
  });

  withStorage('setEpochs persists both epochs', async (h, s) => {
    await h.done(s, s.setEpochs({ acceptedEpoch: 3, currentEpoch: 2 }));
    assert.deepEqual((await s.load()).epochs, { acceptedEpoch: 3, currentEpoch: 2 });
    await h.done(s, s.setEpochs({ acceptedEpoch: 0xffffffff, currentEpoch: 0xffffffff }));
    await assert.rejects(h.done(s, s.setEpochs({ acceptedEpoch: -1, currentEpoch: 0 })), /out of range/);
    s = await h.reopen(s);
    assert.deepEqual((await s.load()).epochs, { acceptedEpoch: 0xffffffff, currentEpoch: 0xffffffff });
    return s;
  });

  withStorage('replaceState replaces tree, sessions and lastApplied and empties the log', async (h, s) => {
    await h.done(s, s.appendLog([1n, 2n, 3n].map((zxid) => ({ zxid, bytes: bytesOf(zxid) }))));
    await h.done(s, s.applyCommitted({
      lastApplied: 2n,
      nodes: new Map([['/', node(0n, '')], ['/old', node(1n, 'o')]]),
      sessions: new Map([[1n, session(1000)]]),
    }));
    await h.done(s, s.setEpochs({ acceptedEpoch: 1, currentEpoch: 1 }));
    await h.done(s, s.replaceState({
      lastApplied: Z(1, 10),
      nodes: [['/', node(0n, '')], ['/new', node(Z(1, 9), 'n')]],
      sessions: [[2n, session(2000)]],
    }));
    for (const pass of [1, 2]) {
      if (pass === 2) s = await h.reopen(s);
      const l = await s.load();
      assert.equal(l.lastApplied, Z(1, 10));
      assert.equal(l.lastLogged, Z(1, 10));
      assert.deepEqual([...l.nodes].map(([p]) => p).sort(), ['/', '/new']);
      assert.deepEqual([...l.sessions].map(([id]) => id), [2n]);
      assert.deepEqual(l.epochs, { acceptedEpoch: 1, currentEpoch: 1 }); // epochs untouched
      assert.equal(s.firstLogged(), null);
      assert.equal(s.lastLogged(), Z(1, 10));
    }
    await h.done(s, s.appendLog([{ zxid: Z(1, 11), bytes: bytesOf(Z(1, 11)) }]));
    await assert.rejects(h.done(s, s.truncateLogAfter(Z(1, 9))), /refused/);
    return s;
  });

  withStorage('close waits for writes still in flight', async (h, s) => {
    void s.appendLog([{ zxid: 1n, bytes: bytesOf(1n) }]).catch(() => undefined);
    void s.applyCommitted({ lastApplied: 1n, nodes: new Map([['/x', node(1n, 'x')]]), sessions: new Map() }).catch(() => undefined);
    s = await h.reopen(s);
    const l = await s.load();
    assert.equal(l.lastApplied, 1n);
    assert.deepEqual([...l.nodes].map(([p]) => p), ['/x']);
    assert.deepEqual(s.readLog(0n).map((e) => e.zxid), [1n]);
    return s;
  });
}
