/** The lmdb storage: the shared Storage contract plus what only a real environment has. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLmdbStorage, setStorageFormatForTesting, MAX_PATH_BYTES } from '../../src/storage/lmdb/lmdb-storage.js';
import type { Storage } from '../../src/storage/api.js';
import { callOrderTests, node, storageContractTests } from '../support/storage-contract.js';
import { asZxid } from '../../src/base/zxid.js';
import { open } from '../../src/storage/lmdb/lmdb-package.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'zk-ts-lmdb-'));
}

storageContractTests('lmdb', async () => {
  const dir = tempDir();
  return {
    open: () => openLmdbStorage(dir),
    reopen: async (s: Storage) => {
      await s.close();
      return openLmdbStorage(dir);
    },
    done: (_s, p) => p,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('lmdb: creates a missing directory, also one whose name looks like a file', () =>
  withDir(async (parent) => {
    const dir = join(parent, 'nested', 'version-2.data');
    const s = await openLmdbStorage(dir, { mapSizeBytes: 16 * 1024 * 1024 });
    await s.appendLog([{ zxid: asZxid(1n), bytes: new Uint8Array(10_000) }]);
    assert.ok(s.sizeOnDisk() > 10_000, `sizeOnDisk ${s.sizeOnDisk()}`);
    await s.close();
    const again = await openLmdbStorage(dir);
    assert.equal(again.lastLogged(), 1n);
    await again.close();
  }));

test('lmdb: the map grows past its initial size', () =>
  withDir(async (dir) => {
    const s = await openLmdbStorage(dir, { mapSizeBytes: 1024 * 1024 });
    const chunk = new Uint8Array(64 * 1024).fill(9);
    const calls: Promise<void>[] = [];
    for (let i = 1n; i <= 100n; i++) calls.push(s.appendLog([{ zxid: asZxid(i), bytes: chunk }])); // ~6.4 MB
    await Promise.all(calls);
    assert.equal(s.readLog(asZxid(0n)).length, 100);
    assert.ok(s.sizeOnDisk() > 6_000_000);
    await s.close();
  }));

test('lmdb: refuses a newer or unknown format, and data without a format marker', () =>
  withDir(async (dir) => {
    const s = await openLmdbStorage(dir);
    await s.appendLog([{ zxid: asZxid(1n), bytes: new Uint8Array([1]) }]);
    await s.close();
    await setStorageFormatForTesting(dir, 5);
    await assert.rejects(openLmdbStorage(dir), /storage format 5, this build reads formats 1 to 4 \(written by a newer version\?\)/);
    await setStorageFormatForTesting(dir, 0);
    await assert.rejects(openLmdbStorage(dir), /storage format 0/);
    await setStorageFormatForTesting(dir, null);
    await assert.rejects(openLmdbStorage(dir), /without a storage format marker/);
    await setStorageFormatForTesting(dir, 2);
    const ok = await openLmdbStorage(dir);
    assert.equal(ok.lastLogged(), 1n);
    await ok.close();
  }));

test('lmdb: a fresh directory gets its sub-databases and its format marker in one synced commit', () =>
  withDir(async (dir) => {
    const s = await openLmdbStorage(dir);
    await s.close();
    const root = open({ path: dir, encoding: 'binary', keyEncoding: 'binary' });
    try {
      // One write transaction so far: the sub-databases and the marker together (it was two).
      assert.equal((root.getStats() as { lastTxnId: number }).lastTxnId, 1);
      const meta = root.openDB('meta', { encoding: 'binary', keyEncoding: 'ordered-binary' });
      assert.equal((meta.get('format') as Buffer).readUInt32BE(0), 4);
      assert.equal((meta.get('logGeneration') as Buffer).readUInt32BE(0), 1);
    } finally {
      await root.close();
    }
    const again = await openLmdbStorage(dir);
    assert.equal(again.lastLogged(), 0n);
    await again.close();
  }));

test('lmdb: an environment with empty sub-databases and no marker (a crash inside an older open) opens as fresh', () =>
  withDir(async (dir) => {
    const root = open({ path: dir, encoding: 'binary', keyEncoding: 'binary' });
    root.transactionSync(() => {
      for (const name of ['meta', 'log', 'tree', 'nodes', 'sessions']) root.openDB(name, { encoding: 'binary', keyEncoding: 'binary' });
    });
    await root.close();
    const s = await openLmdbStorage(dir);
    await s.appendLog([{ zxid: asZxid(1n), bytes: new Uint8Array([1]) }]);
    await s.close();
    const again = await openLmdbStorage(dir);
    assert.equal(again.lastLogged(), 1n);
    await again.close();
  }));

test('lmdb: a write lmdb cannot do rejects clearly and poisons later writes; reads go on', () =>
  withDir(async (dir) => {
    const s = await openLmdbStorage(dir);
    await s.appendLog([{ zxid: asZxid(1n), bytes: new Uint8Array([1]) }]);
    const longPath = '/' + 'x'.repeat(MAX_PATH_BYTES);
    await assert.rejects(
      s.applyCommitted({ lastApplied: asZxid(1n), nodes: new Map([[longPath, node(1n, 'x')]]), sessions: new Map() }),
      /znode path of \d+ bytes cannot be stored/,
    );
    await assert.rejects(s.appendLog([{ zxid: asZxid(2n), bytes: new Uint8Array([2]) }]), /no further writes are accepted/);
    await assert.rejects(s.setEpochs({ acceptedEpoch: 1, currentEpoch: 1 }), /no further writes are accepted/);
    assert.deepEqual(s.readLog(asZxid(0n)).map((e) => e.zxid), [1n]);
    await s.close();
    const again = await openLmdbStorage(dir); // a restart clears it
    await again.appendLog([{ zxid: asZxid(2n), bytes: new Uint8Array([2]) }]);
    assert.equal((await again.load()).lastApplied, 0n);
    await again.close();
  }));

test('lmdb: a path of exactly the limit is stored', () =>
  withDir(async (dir) => {
    const s = await openLmdbStorage(dir);
    const path = '/' + 'y'.repeat(MAX_PATH_BYTES - 1);
    await s.applyCommitted({ lastApplied: asZxid(1n), nodes: new Map([[path, node(1n, 'y')]]), sessions: new Map() });
    assert.deepEqual([...(await s.load()).nodes].map(([p]) => p), [path]);
    await s.close();
  }));

test('lmdb: calls after close reject', () =>
  withDir(async (dir) => {
    const s = await openLmdbStorage(dir);
    await s.close();
    await assert.rejects(s.appendLog([{ zxid: asZxid(1n), bytes: new Uint8Array([1]) }]), /closed/);
    assert.throws(() => s.readLog(asZxid(0n)), /closed/);
    await s.close(); // idempotent
  }));

callOrderTests('lmdb', async () => {
  const dir = tempDir();
  return {
    open: () => openLmdbStorage(dir),
    reopen: async (s: Storage) => {
      await s.close();
      return openLmdbStorage(dir);
    },
    done: (_s, p) => p,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

// The same, with log files so small that most sequences roll over, truncate and purge across them.
callOrderTests('lmdb with 256-byte log files', async () => {
  const dir = tempDir();
  const small = { segmentBytes: 256, preallocBytes: 128 };
  return {
    open: () => openLmdbStorage(dir, small),
    reopen: async (s: Storage) => {
      await s.close();
      return openLmdbStorage(dir, small);
    },
    done: (_s, p) => p,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
