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
import { nodeKey, openLmdbStorage, pathOfNodeKey, STORAGE_FORMAT } from '../../src/storage/lmdb/lmdb-storage.js';
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

test('upgrade: a format 2 directory opens as format 3, every node re-keyed with its child count, in one transaction', () =>
  withDir(async (dir) => {
    const paths = shape();
    await writeFormat2(dir, paths);
    const reports: string[] = [];
    let s = await openLmdbStorage(dir, { report: (_l, m) => reports.push(m) });
    assert.ok(reports.some((m) => new RegExp(`upgraded from format 2 to 3: ${paths.length} znodes`).test(m)), JSON.stringify(reports));
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
    assert.deepEqual(await rawCounts(dir), [STORAGE_FORMAT, 0, paths.length], 'format 3, the old tree empty, every node in nodes');
    // It goes on as a format 3 directory.
    s = await openLmdbStorage(dir);
    await s.applyCommitted({ lastApplied: asZxid(8n), nodes: new Map([['/p0/c0', null], ['/p0', node(5n, '/p0', { numChildren: 29 })]]), sessions: new Map() });
    assert.equal(s.readChildren('/p0').length, 29);
    assert.equal(s.readNode('/p0')!.numChildren, 29);
    await s.close();
  }));
