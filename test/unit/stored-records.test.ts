/** Start-up loading of znode records: raw chunks decoded lazily (storage/lmdb/stored-records.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoredRecords } from '../../src/storage/lmdb/stored-records.js';
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
import { DataTree } from '../../src/tree/data-tree.js';
import { encodeZNode, ZNodeBulkDecoder, type ZNodeRecord } from '../../src/wire/persist.js';
import type { ACL } from '../../src/wire/records.js';
import { asZxid } from '../../src/base/zxid.js';

const rec = (data: Uint8Array | null, acl: ACL[], zxid = 5n): ZNodeRecord => ({
  data, acl, czxid: zxid, mzxid: zxid + 1n, pzxid: zxid, ctime: 1, mtime: 2, version: 3, cversion: 4, aversion: 5, ephemeralOwner: 0n,
});
const world: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const two: ACL[] = [...world, { perms: 1, id: { scheme: 'digest', id: 'u:h' } }];

test('the bulk decoder decodes as decodeZNode does, sharing equal ACL lists frozen', () => {
  const d = new ZNodeBulkDecoder();
  const a = d.decode(encodeZNode(rec(new Uint8Array([1, 2]), world)));
  const b = d.decode(encodeZNode(rec(null, world, 9n)));
  const c = d.decode(encodeZNode(rec(new Uint8Array(0), two)));
  const other = d.decode(encodeZNode(rec(null, [{ perms: 1, id: { scheme: 'world', id: 'anyone' } }])));
  assert.deepEqual(a, rec(new Uint8Array([1, 2]), world));
  assert.deepEqual(b, rec(null, world, 9n));
  assert.deepEqual(c, rec(new Uint8Array(0), two));
  assert.equal(a.acl, b.acl, 'one list for equal encodings');
  assert.notEqual(a.acl, other.acl, 'other perms, other list');
  assert.deepEqual(other.acl, [{ perms: 1, id: { scheme: 'world', id: 'anyone' } }]);
  assert.ok(Object.isFrozen(a.acl) && Object.isFrozen(a.acl[0]) && Object.isFrozen(a.acl[0]!.id));
});

test('stored records copy the bytes they are given, can be iterated twice, and name a corrupt record', () => {
  const chunked = new StoredRecords((path, e) => new Error(`bad ${path}: ${(e as Error).message}`));
  const bytes = encodeZNode(rec(new Uint8Array([7]), world));
  const scratch = new Uint8Array(bytes);
  chunked.add('/a', scratch);
  scratch.fill(0); // lmdb reuses its buffers
  chunked.add('/big', encodeZNode(rec(new Uint8Array(20 * 1024 * 1024).fill(3), world))); // larger than a chunk
  chunked.add('/b', encodeZNode(rec(null, two)));
  for (let round = 0; round < 2; round++) {
    const seen = [...chunked].map(([p, r]) => [p, r.data?.byteLength ?? null, r.acl.length]);
    assert.deepEqual(seen, [['/a', 1, 1], ['/big', 20 * 1024 * 1024, 1], ['/b', null, 2]]);
  }
  assert.equal(chunked.size, 3);
  chunked.add('/corrupt', new Uint8Array([9, 0, 0]));
  assert.throws(() => [...chunked], /bad \/corrupt: unknown znode record format 9/);
});

test('a tree restored from LMDB storage equals the stored records, data copied out of the load', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-stored-'));
  try {
    const s = await openLmdbStorage(dir);
    const nodes = new Map<string, (ZNodeRecord & { numChildren: number }) | null>([
      ['/p', { ...rec(null, world, 1n), numChildren: 2 }],
      ['/p/a', { ...rec(new Uint8Array([1, 2, 3]), world, 2n), numChildren: 0 }],
      ['/p/b', { ...rec(new Uint8Array([4]), two, 3n), numChildren: 0 }],
    ]);
    await s.applyCommitted({ lastApplied: asZxid(3n), nodes, sessions: new Map() });
    const loaded = await s.load();
    await s.close();
    const tree = new DataTree();
    tree.restore(loaded.nodes, loaded.lastApplied);
    assert.deepEqual([...tree.get('/p')!.children].sort(), ['a', 'b']);
    assert.deepEqual(tree.get('/p/a')!.data, new Uint8Array([1, 2, 3]));
    assert.deepEqual(tree.get('/p/b')!.acl, two);
    assert.equal(tree.get('/p/b')!.mzxid, 4n);
    const data = tree.get('/p/a')!.data!;
    assert.equal(data.buffer.byteLength, 3, 'the node holds its own bytes, not a view into a load chunk');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
