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
