/** Applied state is written in order and the log behind it is purged, so disk use stays bounded. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import { AppliedStateWriter } from '../../src/peer/applied-state.js';
import type { ZNodeRecord } from '../../src/wire/persist.js';

function record(zxid: bigint): ZNodeRecord {
  return { data: null, acl: [], czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n };
}

describe('AppliedStateWriter', () => {
  it('keeps between one and two retention windows of log while applying a long stream', async () => {
    const storage = new MemoryStorage();
    const retain = 100;
    const writer = new AppliedStateWriter(storage, retain, { failed: (e) => assert.fail(e) });
    let maxLogged = 0;
    for (let z = 1n; z <= 2000n; z++) {
      const logged = storage.appendLog([{ zxid: z, bytes: new Uint8Array([1]) }]);
      storage.flush();
      await logged;
      writer.store({ lastApplied: z, nodes: new Map([[`/n${z}`, record(z)]]), sessions: new Map() });
      await writer.settled();
      maxLogged = Math.max(maxLogged, storage.readLog(0n).length);
    }
    const left = storage.readLog(0n);
    assert.ok(maxLogged <= 2 * retain + 1, `log grew to ${maxLogged} entries`);
    assert.ok(left.length >= retain, `only ${left.length} entries kept`);
    assert.equal(left[left.length - 1].zxid, 2000n, 'the newest entries are kept');
    const loaded = await storage.load();
    assert.equal(loaded.lastApplied, 2000n);
    assert.equal([...loaded.nodes].length, 2000);
  });
});

describe('AppliedStateWriter: purge floor and failures', () => {
  it('never purges entries above the floor a syncing learner holds', async () => {
    const storage = new MemoryStorage();
    let floor: bigint | null = 50n;
    const writer = new AppliedStateWriter(storage, 10, { floor: () => floor, failed: (e) => assert.fail(e) });
    for (let z = 1n; z <= 200n; z++) {
      void storage.appendLog([{ zxid: z, bytes: new Uint8Array([1]) }]);
      writer.store({ lastApplied: z, nodes: new Map([[`/n${z}`, record(z)]]), sessions: new Map() });
    }
    storage.flush();
    await writer.settled();
    assert.equal(storage.firstLogged(), 51n, 'everything above the floor is kept');
    floor = null;
    for (let z = 201n; z <= 230n; z++) {
      void storage.appendLog([{ zxid: z, bytes: new Uint8Array([1]) }]);
      writer.store({ lastApplied: z, nodes: new Map([[`/n${z}`, record(z)]]), sessions: new Map() });
    }
    storage.flush();
    await writer.settled();
    assert.ok(storage.firstLogged()! > 51n, 'released, the purge moves on');
  });

  it('reports a failed write instead of swallowing it', async () => {
    const storage = new MemoryStorage();
    const failures: string[] = [];
    const writer = new AppliedStateWriter(storage, 1000, { failed: (e) => failures.push(e.message) });
    storage.failWrites('No space left on device');
    writer.store({ lastApplied: 1n, nodes: new Map([['/a', record(1n)]]), sessions: new Map() });
    await writer.settled();
    assert.equal(failures.length, 1);
    assert.match(failures[0], /No space left on device/);
  });
});
