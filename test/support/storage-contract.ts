/**
 * The Storage contract (src/storage/api.ts), as tests run against every implementation:
 * test/unit/storage-lmdb.test.ts and test/unit/storage-memory.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexOf, type Storage, type StoredZNode, type TreeIndex, type TreeTotals } from '../../src/storage/api.js';
import type { SessionRecord, ZNodeRecord } from '../../src/wire/persist.js';
import { SeededRng } from '../../src/base/clock.js';
import { asZxid, type Zxid } from '../../src/base/zxid.js';

export interface Harness {
  /** A fresh, empty storage. */
  open(): Promise<Storage>;
  /** Close (cleanly) and open again on the same data. */
  reopen(s: Storage): Promise<Storage>;
  /** Awaits a write promise; the memory storage first flushes, so that durable writes settle. */
  done<T>(s: Storage, p: Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

/** A record as applied state carries it (no children unless `extra` says so). */
export function node(czxid: bigint, data: string | null, extra: Partial<StoredZNode> = {}): StoredZNode {
  return {
    numChildren: 0,
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

/** The record alone, as load returns it (the count is not part of it). */
export function record(stored: StoredZNode): ZNodeRecord {
  const { numChildren: _count, ...rec } = stored;
  return rec;
}

export function session(timeout: number): SessionRecord {
  return { timeout, passwd: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]) };
}

const Z = (epoch: number, counter: number): Zxid => asZxid((BigInt(epoch) << 32n) | BigInt(counter));
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
    assert.deepEqual(s.readLog(asZxid(0n)), []);
  });

  withStorage('appendLog round trip, ranges and ordering across epochs, after reopen', async (h, s) => {
    const zs = [Z(1, 1), Z(1, 2), Z(1, 3), Z(2, 1), Z(0x7fffffff, 5), Z(0x80000000, 1), Z(0xffffffff, 0xfffffffe)];
    const entries = zs.map((zxid) => ({ zxid, bytes: bytesOf(zxid) }));
    await h.done(s, s.appendLog(entries.slice(0, 3)));
    await h.done(s, s.appendLog(entries.slice(3)));
    entries[0]!.bytes[0] = 0; // the storage kept its own copy
    for (const pass of [1, 2]) {
      if (pass === 2) s = await h.reopen(s);
      assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), zs);
      assert.deepEqual(s.readLog(asZxid(0n))[0]!.bytes, bytesOf(zs[0]!));
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
    await h.done(s, s.appendLog([{ zxid: asZxid(5n), bytes: bytesOf(5n) }]));
    await assert.rejects(h.done(s, s.appendLog([{ zxid: asZxid(5n), bytes: bytesOf(5n) }])), /not above/);
    await assert.rejects(h.done(s, s.appendLog([{ zxid: asZxid(7n), bytes: bytesOf(7n) }, { zxid: asZxid(6n), bytes: bytesOf(6n) }])), /not above/);
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [5n]);
    await h.done(s, s.appendLog([]));
    await h.done(s, s.appendLog([{ zxid: asZxid(6n), bytes: bytesOf(6n) }, { zxid: asZxid(7n), bytes: bytesOf(7n) }]));
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [5n, 6n, 7n]);
  });

  withStorage('many appendLog calls in flight all land, in order', async (h, s) => {
    const calls: Promise<void>[] = [];
    for (let i = 1n; i <= 300n; i++) calls.push(s.appendLog([{ zxid: asZxid(i), bytes: bytesOf(i) }]));
    await h.done(s, Promise.all(calls));
    assert.equal(s.lastLogged(), 300n);
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), Array.from({ length: 300 }, (_, i) => BigInt(i + 1)));
  });

  withStorage('applyCommitted writes nodes, sessions and lastApplied; load after reopen', async (h, s) => {
    await h.done(s, s.appendLog([1n, 2n, 3n].map(asZxid).map((zxid) => ({ zxid, bytes: bytesOf(zxid) }))));
    const big = BigInt.asIntN(64, 0xfedcba9876543210n); // a negative session id, as jute reads it
    await h.done(s, s.applyCommitted({
      lastApplied: asZxid(2n),
      nodes: new Map<string, StoredZNode | null>([
        ['/', node(0n, '')],
        ['/a', node(1n, 'hello', { ephemeralOwner: big, version: 3 })],
        ['/a/b', node(2n, null)],
        ['/gone', node(2n, 'x')],
        ['/ünïcødé/😀', node(2n, 'u')],
      ]),
      sessions: new Map<bigint, SessionRecord | null>([[big, session(30000)], [7n, session(4000)]]),
    }));
    await h.done(s, s.applyCommitted({
      lastApplied: asZxid(3n),
      nodes: new Map<string, StoredZNode | null>([['/gone', null], ['/a', node(1n, 'world', { ephemeralOwner: big, version: 4 })]]),
      sessions: new Map<bigint, SessionRecord | null>([[7n, null]]),
    }));
    s = await h.reopen(s);
    const l = await s.load();
    assert.equal(l.lastApplied, 3n);
    assert.equal(l.lastLogged, 3n);
    const nodes = new Map(l.nodes);
    assert.deepEqual([...nodes.keys()].sort(), ['/', '/a', '/a/b', '/ünïcødé/😀'].sort());
    assert.deepEqual(nodes.get('/a'), record(node(1n, 'world', { ephemeralOwner: big, version: 4 })));
    assert.equal(nodes.get('/a/b')!.data, null);
    assert.deepEqual(new Map(l.sessions), new Map([[big, session(30000)]]));
    // lastLogged is never below lastApplied, even with an empty log
    await h.done(s, s.purgeLogBefore(asZxid(100n)));
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
        lastApplied: asZxid(BigInt(i)),
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
    await h.done(s, s.appendLog([1n, 2n, 3n, 4n, 5n, 6n].map(asZxid).map((zxid) => ({ zxid, bytes: bytesOf(zxid) }))));
    await h.done(s, s.applyCommitted({ lastApplied: asZxid(3n), nodes: new Map(), sessions: new Map() }));
    await assert.rejects(h.done(s, s.truncateLogAfter(asZxid(2n))), /refused/);
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [1n, 2n, 3n, 4n, 5n, 6n]); // untouched
    await h.done(s, s.truncateLogAfter(asZxid(5n)));
    assert.equal(s.lastLogged(), 5n);
    await h.done(s, s.truncateLogAfter(asZxid(3n))); // at lastApplied: allowed
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [1n, 2n, 3n]);
    assert.equal(s.lastLogged(), 3n);
    await h.done(s, s.truncateLogAfter(asZxid(10n))); // nothing above: no-op
    // appends continue right after the cut, e.g. in a new epoch
    await h.done(s, s.appendLog([{ zxid: Z(2, 1), bytes: bytesOf(Z(2, 1)) }]));
    s = await h.reopen(s);
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [1n, 2n, 3n, Z(2, 1)]);
    assert.equal(s.lastLogged(), Z(2, 1));
    return s;
  });

  withStorage('purgeLogBefore deletes below min(z, lastApplied+1) and counts', async (h, s) => {
    await h.done(s, s.appendLog([1n, 2n, 3n, 4n, 5n, 6n].map(asZxid).map((zxid) => ({ zxid, bytes: bytesOf(zxid) }))));
    assert.equal(await h.done(s, s.purgeLogBefore(asZxid(3n))), 0); // nothing applied yet: keep all
    await h.done(s, s.applyCommitted({ lastApplied: asZxid(4n), nodes: new Map(), sessions: new Map() }));
    assert.equal(await h.done(s, s.purgeLogBefore(asZxid(3n))), 2);
    assert.equal(s.firstLogged(), 3n);
    assert.equal(await h.done(s, s.purgeLogBefore(asZxid(100n))), 2); // capped at lastApplied: 3, 4 go
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [5n, 6n]);
    assert.equal(await h.done(s, s.purgeLogBefore(asZxid(100n))), 0);
    s = await h.reopen(s);
    assert.equal(s.firstLogged(), 5n);
    assert.equal(s.lastLogged(), 6n);
    return s;
  });

  withStorage('reads never return entries a purge already called will delete', async (h, s) => {
    await h.done(s, s.appendLog([1n, 2n, 3n, 4n, 5n, 6n].map(asZxid).map((zxid) => ({ zxid, bytes: bytesOf(zxid) }))));
    await h.done(s, s.applyCommitted({ lastApplied: asZxid(4n), nodes: new Map(), sessions: new Map() }));
    const purge = s.purgeLogBefore(asZxid(100n));
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [5n, 6n]);
    assert.deepEqual(s.readLog(asZxid(2n), asZxid(5n)).map((e) => e.zxid), [5n]);
    assert.equal(s.firstLogged(), 5n);
    assert.equal(await h.done(s, purge), 4);
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [5n, 6n]);
  });

  withStorage('readLog with maxBytes stops once the entries reach it, never before the first', async (h, s) => {
    const big = (zxid: bigint, n: number) => ({ zxid: asZxid(zxid), bytes: new Uint8Array(n).fill(Number(zxid)) });
    await h.done(s, s.appendLog([big(1n, 100), big(2n, 100), big(3n, 100), big(4n, 1000), big(5n, 10)]));
    assert.deepEqual(s.readLog(asZxid(0n), undefined, 150).map((e) => e.zxid), [1n, 2n]);
    assert.deepEqual(s.readLog(asZxid(0n), undefined, 200).map((e) => e.zxid), [1n, 2n]);
    assert.deepEqual(s.readLog(asZxid(0n), undefined, 1).map((e) => e.zxid), [1n]);
    assert.deepEqual(s.readLog(asZxid(3n), undefined, 1).map((e) => e.zxid), [4n]);
    assert.deepEqual(s.readLog(asZxid(2n), asZxid(4n), 10_000).map((e) => e.zxid), [3n, 4n]);
    assert.deepEqual(s.readLog(asZxid(5n), undefined, 1), []);
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
    await h.done(s, s.appendLog([1n, 2n, 3n].map(asZxid).map((zxid) => ({ zxid, bytes: bytesOf(zxid) }))));
    await h.done(s, s.applyCommitted({
      lastApplied: asZxid(2n),
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

  withStorage('readNode and readChildren: one node with its child count, the children of a path and nothing below them', async (h, s) => {
    const counts: [string, number][] = [['/', 3], ['/a', 2], ['/a/b', 1], ['/a/b/c', 0], ['/a/é', 0], ['/ab', 0], ['/a-b', 0]];
    const nodes = new Map(counts.map(([p, n]): [string, StoredZNode | null] => [p, node(1n, p, { numChildren: n })]));
    await h.done(s, s.applyCommitted({ lastApplied: asZxid(1n), nodes, sessions: new Map() }));
    for (const pass of [1, 2]) {
      if (pass === 2) s = await h.reopen(s);
      assert.deepEqual(s.readChildren('/'), ['a', 'a-b', 'ab'], 'UTF-8 byte order; a sibling whose name extends another is not its child');
      assert.deepEqual(s.readChildren('/a'), ['b', 'é']);
      assert.deepEqual(s.readChildren('/a/b'), ['c']);
      assert.deepEqual(s.readChildren('/ab'), []);
      assert.deepEqual(s.readChildren('/missing'), []);
      const a = s.readNode('/a')!;
      assert.equal(a.numChildren, 2);
      assert.equal(new TextDecoder().decode(a.data!), '/a');
      assert.equal(s.readNode('/a/b/c')!.numChildren, 0);
      assert.equal(s.readNode('/nope'), undefined);
    }
    await h.done(s, s.applyCommitted({ lastApplied: asZxid(2n), nodes: new Map([['/a/b/c', null], ['/a/b', node(1n, '/a/b', { numChildren: 0 })]]), sessions: new Map() }));
    assert.deepEqual(s.readChildren('/a/b'), []);
    assert.equal(s.readNode('/a/b/c'), undefined);
    assert.equal(s.readNode('/a/b')!.numChildren, 0);
    // A count that is not one is the caller's error: rejected, nothing written, the storage usable.
    await assert.rejects(h.done(s, s.applyCommitted({ lastApplied: asZxid(3n), nodes: new Map([['/z', node(3n, 'z', { numChildren: -1 })]]), sessions: new Map() })), /not a count/);
    assert.equal(s.readNode('/z'), undefined);
    // A snapshot carries no counts: they are counted from its paths.
    await h.done(s, s.replaceState({ lastApplied: asZxid(10n), nodes: ['/', '/x', '/x/y', '/x/z', '/x/y/w'].map((p): [string, ZNodeRecord] => [p, node(9n, p)]), sessions: [] }));
    for (const pass of [1, 2]) {
      if (pass === 2) s = await h.reopen(s);
      assert.deepEqual(['/', '/x', '/x/y', '/x/z', '/x/y/w'].map((p) => s.readNode(p)?.numChildren), [1, 2, 1, 0, 0]);
      assert.deepEqual(s.readChildren('/x'), ['y', 'z']);
      assert.deepEqual(s.readChildren('/a'), []);
    }
    await h.done(s, s.applyCommitted({ lastApplied: asZxid(11n), nodes: new Map([['/q', node(11n, 'q')]]), sessions: new Map() }));
    assert.deepEqual(s.readChildren('/'), ['q', 'x'], 'still writable after the rejected call');
    return s;
  });

  withStorage('close waits for writes still in flight', async (h, s) => {
    void s.appendLog([{ zxid: asZxid(1n), bytes: bytesOf(1n) }]).catch(() => undefined);
    void s.applyCommitted({ lastApplied: asZxid(1n), nodes: new Map([['/x', node(1n, 'x')]]), sessions: new Map() }).catch(() => undefined);
    s = await h.reopen(s);
    const l = await s.load();
    assert.equal(l.lastApplied, 1n);
    assert.deepEqual([...l.nodes].map(([p]) => p), ['/x']);
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [1n]);
    return s;
  });
}

// ------------------------------------------------------------------ call order

/**
 * One write call, as data: the contract suite issues sequences of them without awaiting and
 * checks the storage against `applyToModel`, a plain reference of what each call means.
 */
export type WriteCall =
  | { kind: 'append'; zxids: bigint[] }
  | { kind: 'apply'; lastApplied: bigint; nodes: [string, string | null][]; sessions: [bigint, number | null][] }
  | { kind: 'truncate'; zxid: bigint }
  | { kind: 'purge'; zxid: bigint }
  | { kind: 'epochs'; acceptedEpoch: number; currentEpoch: number }
  | { kind: 'replace'; lastApplied: bigint; nodes: [string, string][]; sessions: [bigint, number][] };

/** The reference: what the storage holds once a sequence of calls has taken effect, in order. */
export class StorageModel {
  log = new Map<bigint, string>();
  nodes = new Map<string, string>();
  sessions = new Map<bigint, number>();
  acceptedEpoch = 0;
  currentEpoch = 0;
  lastApplied = 0n;

  lastLogged(): bigint {
    let last = this.lastApplied;
    for (const z of this.log.keys()) if (z > last) last = z;
    return last;
  }

  apply(c: WriteCall): void {
    switch (c.kind) {
      case 'append':
        for (const z of c.zxids) this.log.set(z, `txn-${z}`);
        return;
      case 'apply':
        for (const [p, d] of c.nodes) if (d === null) this.nodes.delete(p); else this.nodes.set(p, d);
        for (const [id, t] of c.sessions) if (t === null) this.sessions.delete(id); else this.sessions.set(id, t);
        this.lastApplied = c.lastApplied;
        return;
      case 'truncate':
        for (const z of [...this.log.keys()]) if (z > c.zxid) this.log.delete(z);
        return;
      case 'purge': {
        const limit = c.zxid < this.lastApplied + 1n ? c.zxid : this.lastApplied + 1n;
        for (const z of [...this.log.keys()]) if (z < limit) this.log.delete(z);
        return;
      }
      case 'epochs':
        this.acceptedEpoch = c.acceptedEpoch;
        this.currentEpoch = c.currentEpoch;
        return;
      case 'replace':
        this.log.clear();
        this.nodes = new Map(c.nodes);
        this.sessions = new Map(c.sessions);
        this.lastApplied = c.lastApplied;
        return;
    }
  }

  /** The tree's index (storage/api.ts TreeIndex) as `observe` reports it. */
  index(): string {
    let dataSize = 0;
    const owners: string[] = [];
    for (const [p, d] of this.nodes) {
      dataSize += p.length + new TextEncoder().encode(d).byteLength;
      if (ownerOf(p) !== 0n) owners.push(`${p}=${ownerOf(p)}`);
    }
    return `${this.nodes.size} nodes, ${dataSize} bytes; ${owners.sort().join(' ')}`;
  }

  /** What `observe` reports for a storage in this state. */
  view(): StorageView {
    const log = [...this.log.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      log: log.map((z) => `${hex16(z)}=${this.log.get(z)}`),
      firstLogged: (log.length === 0 ? null : log[0])!,
      lastLogged: this.lastLogged(),
      lastApplied: this.lastApplied,
      epochs: `${this.acceptedEpoch}/${this.currentEpoch}`,
      nodes: [...this.nodes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, d]) => `${p}=${d}`),
      sessions: [...this.sessions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, t]) => `${id}=${t}`),
      index: this.index(),
    };
  }
}

/**
 * The owner the contract's calls give a node at `path` (its `ephemeralOwner`): an ephemeral's
 * session, a TTL-like owner (negative as a signed long), or none.
 */
export function ownerOf(path: string): bigint {
  if (path.endsWith('b') || path.endsWith('d')) return 0x1_0000_0000n + BigInt(path.charCodeAt(path.length - 1));
  if (path.endsWith('t')) return BigInt.asIntN(64, 0xff00_0000_0000_0005n);
  return 0n;
}

/** The model after the calls issued so far on a storage: `issue` gives applies the totals it implies. */
const issuedModels = new WeakMap<Storage, StorageModel>();

export interface StorageView {
  log: string[];
  firstLogged: bigint | null;
  lastLogged: bigint;
  lastApplied: bigint;
  epochs: string;
  nodes: string[];
  sessions: string[];
  /** The tree's index as readIndex() gives it, or what differs from the nodes. */
  index: string;
}

const hex16 = (z: bigint): string => z.toString(16).padStart(16, '0');

/** Makes the call on the storage (not awaited: the caller decides). */
export function issue(s: Storage, c: WriteCall): Promise<unknown> {
  let model = issuedModels.get(s);
  if (!model) issuedModels.set(s, (model = new StorageModel()));
  model.apply(c);
  switch (c.kind) {
    case 'append':
      return s.appendLog(c.zxids.map((zxid) => ({ zxid: asZxid(zxid), bytes: bytesOf(zxid) })));
    case 'apply':
      return s.applyCommitted({
        lastApplied: asZxid(c.lastApplied),
        nodes: new Map(c.nodes.map(([p, d]): [string, StoredZNode | null] => [p, d === null ? null : node(c.lastApplied, d, { ephemeralOwner: ownerOf(p) })])),
        sessions: new Map(c.sessions.map(([id, t]): [bigint, SessionRecord | null] => [id, t === null ? null : session(t)])),
        owners: new Map(c.nodes.filter(([p]) => ownerOf(p) !== 0n).map(([p, d]): [string, bigint | null] => [p, d === null ? null : ownerOf(p)])),
        totals: totalsOf(model),
      });
    case 'truncate':
      return s.truncateLogAfter(asZxid(c.zxid));
    case 'purge':
      return s.purgeLogBefore(asZxid(c.zxid));
    case 'epochs':
      return s.setEpochs({ acceptedEpoch: c.acceptedEpoch, currentEpoch: c.currentEpoch });
    case 'replace':
      return s.replaceState({
        lastApplied: asZxid(c.lastApplied),
        nodes: c.nodes.map(([p, d]): [string, ZNodeRecord] => [p, node(c.lastApplied, d, { ephemeralOwner: ownerOf(p) })]),
        sessions: c.sessions.map(([id, t]): [bigint, SessionRecord] => [id, session(t)]),
      });
  }
}

function totalsOf(m: StorageModel): TreeTotals {
  let dataSize = 0;
  for (const [p, d] of m.nodes) dataSize += p.length + new TextEncoder().encode(d).byteLength;
  return { nodes: m.nodes.size, dataSize };
}

/**
 * The index readIndex() reports, in the model's terms, checked against the one its nodes imply
 * (the two are written in one transaction: they never differ).
 */
function observeIndex(s: Storage, nodes: [string, ZNodeRecord][]): string {
  const stored = s.readIndex();
  const implied = indexOf(nodes);
  const text = (i: TreeIndex): string =>
    `${i.totals.nodes} nodes, ${i.totals.dataSize} bytes; ${i.owners.map(([p, o]) => `${p}=${o}`).sort().join(' ')}`;
  return text(stored) === text(implied) ? text(stored) : `stored index ${text(stored)} differs from the nodes' ${text(implied)}`;
}

/** What a storage holds, in the model's terms. */
export async function observe(s: Storage): Promise<StorageView> {
  const l = await s.load();
  const dec = new TextDecoder();
  const log = s.readLog(asZxid(0n));
  const nodes = [...l.nodes];
  return {
    log: log.map((e) => `${hex16(e.zxid)}=${dec.decode(e.bytes)}`),
    firstLogged: s.firstLogged(),
    lastLogged: l.lastLogged,
    lastApplied: l.lastApplied,
    epochs: `${l.epochs.acceptedEpoch}/${l.epochs.currentEpoch}`,
    index: observeIndex(s, nodes),
    nodes: nodes.map(([p, r]): [string, string] => [p, dec.decode(r.data ?? new Uint8Array(0))]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, d]) => `${p}=${d}`),
    sessions: [...l.sessions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, r]) => `${id}=${r.timeout}`),
  };
}

/** Named sequences of overlapping calls: each is the way a learner or the applied-state writer
 * really issues them (TRUNC or SNAP, then the DIFF proposals in the same turn; applies and
 * purges behind appends; epochs between them). */
export const OVERLAPPING: Array<{ name: string; setup: WriteCall[]; calls: WriteCall[] }> = [
  {
    name: 'truncate then append',
    setup: [{ kind: 'append', zxids: [1n, 2n, 3n, 4n, 5n, 6n] }],
    calls: [{ kind: 'truncate', zxid: 3n }, { kind: 'append', zxids: [Z(2, 1), Z(2, 2)] }],
  },
  {
    name: 'replaceState then append',
    setup: [{ kind: 'append', zxids: [1n, 2n, 3n] }, { kind: 'apply', lastApplied: 2n, nodes: [['/', ''], ['/old', 'o']], sessions: [[1n, 1000]] }],
    calls: [
      { kind: 'replace', lastApplied: Z(1, 10), nodes: [['/', ''], ['/new', 'n']], sessions: [[2n, 2000]] },
      { kind: 'append', zxids: [Z(1, 11), Z(1, 12)] },
    ],
  },
  {
    name: 'append then replaceState',
    setup: [],
    calls: [{ kind: 'append', zxids: [1n, 2n] }, { kind: 'replace', lastApplied: Z(1, 10), nodes: [['/', '']], sessions: [] }, { kind: 'append', zxids: [Z(1, 11)] }],
  },
  {
    name: 'append then purge',
    setup: [{ kind: 'append', zxids: [1n, 2n, 3n, 4n] }, { kind: 'apply', lastApplied: 4n, nodes: [['/a', 'a']], sessions: [] }],
    calls: [{ kind: 'append', zxids: [5n, 6n] }, { kind: 'purge', zxid: 100n }, { kind: 'append', zxids: [7n] }],
  },
  {
    name: 'apply then purge then truncate',
    setup: [{ kind: 'append', zxids: [1n, 2n, 3n, 4n, 5n, 6n] }],
    calls: [
      { kind: 'apply', lastApplied: 3n, nodes: [['/a', 'a3']], sessions: [[9n, 900]] },
      { kind: 'purge', zxid: 100n },
      { kind: 'truncate', zxid: 3n },
      { kind: 'append', zxids: [Z(2, 1)] },
    ],
  },
  {
    name: 'apply then truncate at the new lastApplied',
    setup: [{ kind: 'append', zxids: [1n, 2n, 3n, 4n, 5n] }],
    calls: [{ kind: 'apply', lastApplied: 4n, nodes: [['/x', 'x']], sessions: [] }, { kind: 'truncate', zxid: 4n }, { kind: 'append', zxids: [Z(3, 1)] }],
  },
  {
    name: 'setEpochs interleaved with truncate, append and replaceState',
    setup: [{ kind: 'append', zxids: [1n, 2n, 3n] }],
    calls: [
      { kind: 'epochs', acceptedEpoch: 2, currentEpoch: 1 },
      { kind: 'truncate', zxid: 1n },
      { kind: 'append', zxids: [Z(2, 1)] },
      { kind: 'epochs', acceptedEpoch: 2, currentEpoch: 2 },
      { kind: 'replace', lastApplied: Z(2, 5), nodes: [['/', '']], sessions: [] },
      { kind: 'epochs', acceptedEpoch: 3, currentEpoch: 2 },
      { kind: 'append', zxids: [Z(2, 6)] },
      { kind: 'epochs', acceptedEpoch: 3, currentEpoch: 3 },
    ],
  },
  {
    name: 'truncate, append, truncate again, append',
    setup: [{ kind: 'append', zxids: [1n, 2n, 3n, 4n] }],
    calls: [
      { kind: 'truncate', zxid: 2n },
      { kind: 'append', zxids: [Z(2, 1), Z(2, 2)] },
      { kind: 'truncate', zxid: Z(2, 1) },
      { kind: 'append', zxids: [Z(3, 1)] },
    ],
  },
  {
    name: 'replaceState, apply, purge, append',
    setup: [{ kind: 'append', zxids: [1n] }],
    calls: [
      { kind: 'replace', lastApplied: Z(1, 5), nodes: [['/', ''], ['/s', 's']], sessions: [[3n, 300]] },
      { kind: 'append', zxids: [Z(1, 6), Z(1, 7)] },
      { kind: 'apply', lastApplied: Z(1, 6), nodes: [['/s', null], ['/t', 't']], sessions: [[3n, null]] },
      { kind: 'purge', zxid: Z(1, 7) },
      { kind: 'append', zxids: [Z(1, 8)] },
    ],
  },
];

/**
 * A random valid sequence of calls (each valid given the ones before it): appends in the same
 * or a later epoch, applies up to what is logged, truncations at or above lastApplied, purges,
 * epochs and snapshots.
 */
export function randomCalls(seed: number, n: number): WriteCall[] {
  const rng = new SeededRng(seed);
  const m = new StorageModel();
  const out: WriteCall[] = [];
  const paths = ['/a', '/b', '/a/c', '/d'];
  while (out.length < n) {
    const r = rng.int(100);
    let c: WriteCall;
    const last = m.lastLogged();
    if (r < 35) {
      const zxids: bigint[] = [];
      let z = last;
      for (let i = 0, k = 1 + rng.int(3); i < k; i++) {
        z = rng.int(6) === 0 ? Z(Number(z >> 32n) + 1, 1) : z + 1n;
        zxids.push(z);
      }
      c = { kind: 'append', zxids };
    } else if (r < 55) {
      const logged = [...m.log.keys()].filter((z) => z >= m.lastApplied);
      const to = logged.length === 0 ? m.lastApplied : logged[rng.int(logged.length)];
      const nodes: [string, string | null][] = [[paths[rng.int(paths.length)]!, rng.int(4) === 0 ? null : `v${to}`]];
      const sessions: [bigint, number | null][] = rng.int(2) === 0 ? [[BigInt(1 + rng.int(3)), rng.int(3) === 0 ? null : 1000 + rng.int(1000)]] : [];
      c = { kind: 'apply', lastApplied: to!, nodes, sessions };
    } else if (r < 67) {
      const above = [...m.log.keys()].filter((z) => z >= m.lastApplied);
      c = { kind: 'truncate', zxid: (above.length === 0 || rng.int(4) === 0 ? m.lastApplied : above[rng.int(above.length)])! };
    } else if (r < 79) {
      const keys = [...m.log.keys()];
      c = { kind: 'purge', zxid: (keys.length === 0 || rng.int(4) === 0 ? last + 1n : keys[rng.int(keys.length)])! };
    } else if (r < 92) {
      const a = m.acceptedEpoch + rng.int(2);
      c = { kind: 'epochs', acceptedEpoch: a, currentEpoch: Math.max(m.currentEpoch, a - rng.int(2)) };
    } else {
      const at = Z(Number(last >> 32n) + rng.int(2), Number(last & 0xffffffffn) + 1 + rng.int(5));
      c = { kind: 'replace', lastApplied: at, nodes: [['/', ''], [paths[rng.int(paths.length)]!, `snap${at}`]], sessions: [[BigInt(1 + rng.int(3)), 5000]] };
    }
    m.apply(c);
    out.push(c);
  }
  return out;
}

export function modelAfter(calls: readonly WriteCall[]): StorageModel {
  const m = new StorageModel();
  for (const c of calls) m.apply(c);
  return m;
}

/**
 * The contract's call-order clause, against any implementation: calls made without waiting for
 * the earlier ones take effect in call order, as seen once they have resolved and after a reopen.
 * Some calls are made in the same event turn, some in later turns while earlier ones are in flight.
 */
export function callOrderTests(name: string, makeHarness: () => Promise<Harness>): void {
  const run = async (title: string, setup: WriteCall[], calls: WriteCall[], turnSeed: number): Promise<void> => {
    const h = await makeHarness();
    let s = await h.open();
    try {
      for (const c of setup) await h.done(s, issue(s, c));
      const rng = new SeededRng(turnSeed);
      const pending: Promise<unknown>[] = [];
      for (const c of calls) {
        pending.push(issue(s, c));
        // Sometimes let a turn pass (lmdb starts a transaction) without awaiting anything.
        if (turnSeed !== 0 && rng.int(4) === 0) await new Promise<void>((r) => setImmediate(r));
      }
      await h.done(s, Promise.all(pending));
      const want = modelAfter([...setup, ...calls]).view();
      assert.deepEqual(await observe(s), want, `${title}: state once every call resolved`);
      assert.equal(s.lastLogged(), want.lastLogged, `${title}: lastLogged()`);
      s = await h.reopen(s);
      assert.deepEqual(await observe(s), want, `${title}: state after a reopen`);
    } finally {
      await s.close().catch(() => undefined);
      await h.cleanup();
    }
  };
  for (const o of OVERLAPPING) {
    test(`${name}: overlapping calls take effect in call order: ${o.name}`, () => run(o.name, o.setup, o.calls, 0));
  }
  test(`${name}: random sequences of overlapping calls of every kind take effect in call order`, async () => {
    for (let seed = 1; seed <= 40; seed++) await run(`seed ${seed}`, [], randomCalls(seed, 30), seed);
  });
}

/**
 * The contract's crash clause, for an implementation that can crash on demand (the memory
 * storage: unflushed writes vanish). The calls are made without awaiting; then only the first k
 * pending operations reach the disk before the crash, for every k. What a reopen finds must be
 * exactly the first k calls in call order, and every call whose durable promise resolved must be
 * among them.
 */
export interface CrashHarness {
  /** A fresh storage on a fresh disk. */
  open(): Storage;
  /** Makes the first `k` pending operations durable (resolving those promises), then crashes
   * and opens the disk again. */
  crashAfter(s: Storage, k: number): Storage;
}

export function crashTests(name: string, h: CrashHarness): void {
  const DURABLE = new Set<WriteCall['kind']>(['append', 'truncate', 'epochs', 'replace']);
  const run = async (title: string, calls: WriteCall[]): Promise<void> => {
    for (let k = 0; k <= calls.length; k++) {
      const s = h.open();
      const resolved: boolean[] = calls.map(() => false);
      calls.forEach((c, i) => void issue(s, c).then(() => { resolved[i] = true; }));
      const after = h.crashAfter(s, k);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      const want = modelAfter(calls.slice(0, k)).view();
      assert.deepEqual(await observe(after), want, `${title}: crash after ${k} of ${calls.length} calls reached the disk`);
      calls.forEach((c, i) => {
        if (DURABLE.has(c.kind)) assert.equal(resolved[i], i < k, `${title}: call ${i} (${c.kind}) resolved ${resolved[i]} with ${k} flushed`);
      });
      await after.close();
    }
  };
  for (const o of OVERLAPPING) {
    test(`${name}: a crash at every point keeps a prefix of the calls: ${o.name}`, () => run(o.name, [...o.setup, ...o.calls]));
  }
  test(`${name}: a crash at every point of random sequences keeps a prefix of the calls`, async () => {
    for (let seed = 1; seed <= 25; seed++) await run(`seed ${seed}`, randomCalls(1000 + seed, 20));
  });
}
