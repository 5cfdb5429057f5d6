/**
 * The tree on disk, format 3 (docs/storage-contract.md, "The tree on disk, format 3"): node keys
 * that put a node's children in one key range, the child count stored with each node, and the
 * upgrade of a format 2 directory (full-path keys, no counts) in one transaction at open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropTreeIndexForTesting, nodeKey, openLmdbStorage, pathOfNodeKey, STORAGE_FORMAT } from '../../src/storage/lmdb/lmdb-storage.js';
import { asZxid } from '../../src/base/zxid.js';
import { node } from '../support/storage-contract.js';
import { childrenOf, rawCounts, shape, writeFormat2 } from '../support/format2-tree.js';

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-layout-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('node keys: the last "/" becomes a 0 byte, the length stays the path\'s, and the mapping inverts', () => {
  const cases: [string, string][] = [
    ['/', '/'],
    ['/a', '\0a'],
    ['/a/b', '/a\0b'],
    ['/a/b/c', '/a/b\0c'],
    ['/ünï/😀', '/ünï\0😀'],
  ];
  for (const [path, key] of cases) {
    const k = nodeKey(path);
    assert.equal(k.toString('utf8'), key);
    assert.equal(k.byteLength, Buffer.byteLength(path), path);
    assert.equal(pathOfNodeKey(k), path);
  }
  // Everything under /a sorts apart from /a's children: a grandchild's key does not start with "/a\0".
  assert.ok(!nodeKey('/a/b/c').toString('utf8').startsWith('/a\0'));
  assert.ok(!nodeKey('/ab').toString('utf8').startsWith('\0a\0'));
});

test('upgrade: a format 2 directory opens as format 4, every node re-keyed with its child count, in one transaction', () =>
  withDir(async (dir) => {
    const paths = shape();
    await writeFormat2(dir, paths);
    const reports: string[] = [];
    let s = await openLmdbStorage(dir, { report: (_l, m) => reports.push(m) });
    assert.ok(reports.some((m) => new RegExp(`upgraded from format 2 to ${STORAGE_FORMAT}: ${paths.length} znodes`).test(m)), JSON.stringify(reports));
    for (const pass of [1, 2]) {
      const l = await s.load();
      assert.equal(l.lastApplied, 7n);
      const loaded = new Map(l.nodes);
      assert.deepEqual([...loaded.keys()].sort(), [...paths].sort(), 'the same znodes');
      assert.equal(new TextDecoder().decode(loaded.get('/p1/c0/deep')!.data!), '/p1/c0/deep', 'records unchanged');
      for (const p of paths) {
        const kids = childrenOf(paths, p);
        assert.deepEqual(s.readChildren(p), kids, `children of ${p}`);
        assert.equal(s.readNode(p)!.numChildren, kids.length, `count of ${p}`);
      }
      await s.close();
      if (pass === 1) {
        reports.length = 0;
        s = await openLmdbStorage(dir, { report: (_l, m) => reports.push(m) });
        assert.deepEqual(reports, [], 'upgraded once');
      }
    }
    assert.deepEqual(await rawCounts(dir), [STORAGE_FORMAT, 0, paths.length], 'format 4, the old tree empty, every node in nodes');
    // It goes on as a format 4 directory.
    s = await openLmdbStorage(dir);
    await s.applyCommitted({ lastApplied: asZxid(8n), nodes: new Map([['/p0/c0', null], ['/p0', node(5n, '/p0', { numChildren: 29 })]]), sessions: new Map() });
    assert.equal(s.readChildren('/p0').length, 29);
    assert.equal(s.readNode('/p0')!.numChildren, 29);
    await s.close();
  }));

test("upgrade: a format 3 directory opens as format 4 with the tree's index (owners, totals) built in one transaction", () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir);
    const owned: [string, bigint][] = [['/e1', 0x1234n], ['/c', -0x8000_0000_0000_0000n], ['/t', BigInt.asIntN(64, 0xff00_0000_0000_0010n)]];
    const nodes = new Map([['/', node(1n, null, { numChildren: 4 })], ['/plain', node(1n, 'xyz')], ...owned.map(([p, o]) => [p, node(1n, 'd', { ephemeralOwner: o })] as const)]);
    await s.applyCommitted({ lastApplied: asZxid(1n), nodes, sessions: new Map() });
    await s.close();
    await dropTreeIndexForTesting(dir);
    const reports: string[] = [];
    s = await openLmdbStorage(dir, { report: (_l, m) => reports.push(m) });
    assert.ok(reports.some((m) => /upgraded from format 3 to 4: the tree's index built \(5 znodes, 3 with an owner\)/.test(m)), JSON.stringify(reports));
    const index = s.readIndex();
    assert.deepEqual(index.totals, { nodes: 5, dataSize: 1 + (6 + 3) + (3 + 1) + (2 + 1) + (2 + 1) });
    assert.deepEqual(new Map(index.owners), new Map(owned));
    // In the order load returns the nodes (node key order).
    assert.deepEqual(index.owners.map(([p]) => p), [...(await s.load()).nodes].map(([p]) => p).filter((p) => owned.some(([q]) => q === p)));
    await s.close();
    assert.equal((await rawCounts(dir))[0], STORAGE_FORMAT);
    reports.length = 0;
    s = await openLmdbStorage(dir, { report: (_l, m) => reports.push(m) });
    assert.deepEqual(reports, [], 'upgraded once');
    await s.close();
  }));
