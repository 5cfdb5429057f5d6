/**
 * Child process for test/integration/storage-panic.test.ts.
 *
 * `storage-panic-child <dir> <ctlFile> <stallMs> <lmdb|both>`: runs with the fault bench's disk shim
 * (src/chaos/native/disk-fault.c) preloaded, CHAOS_DISK_CTL=<ctlFile> and CHAOS_DISK_DIR=<dir>.
 * Opens the LMDB storage in `dir` with the given stall bound and, with `both`, appends 5-entry
 * batches one at a time, each followed by the applyCommitted of its applied state; with `lmdb`
 * only the applyCommitted calls (LMDB's writes alone: the log is in files of its own, and the
 * MDB_PANIC case needs the failure to land in LMDB's commit). 300 ms after it started it
 * makes the disk fail (EIO) and prints `fault`. The
 * first rejected write prints `rejected <message>`; the child then exits with status 3, as a
 * quorum member does when its storage fails. A child that hangs (an append that never settles,
 * or an exit that never finishes) is killed by the parent.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
import type { ZNodeRecord } from '../../src/wire/persist.js';
import { asZxid } from '../../src/base/zxid.js';

const NODE = (zxid: bigint): ZNodeRecord & { numChildren: number } => ({
  numChildren: 0,
  data: new Uint8Array(100).fill(1),
  acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
  czxid: zxid,
  mzxid: zxid,
  pzxid: zxid,
  ctime: 0,
  mtime: 0,
  version: 0,
  cversion: 0,
  aversion: 0,
  ephemeralOwner: 0n,
});

function setDisk(ctl: string, mode: string): void {
  const fd = openSync(ctl, 'r+');
  const b = Buffer.alloc(32);
  b.write(mode);
  writeSync(fd, b, 0, 32, 0); // in place: the shim maps this file
  closeSync(fd);
}

async function main(): Promise<void> {
  const [dir, ctl, stallMs, mode] = process.argv.slice(2);
  // Applied state unpaced: the test needs LMDB committing all the time, for the failure to land in it.
  const storage = await openLmdbStorage(dir!, { stallMs: Number(stallMs), appliedIntervalMs: 0 });
  let zxid = (await storage.load()).lastLogged + 1n;
  // From a timer, so that the failure lands at any point of a write (in the transaction, the
  // fsync or the meta page after it), as a disk fails under a running server.
  setTimeout(() => {
    setDisk(ctl!, 'E');
    process.stdout.write('fault\n');
  }, 300);
  for (;;) {
    const entries = Array.from({ length: 5 }, () => ({ zxid: asZxid(zxid++), bytes: new Uint8Array(200).fill(7) }));
    const last = entries[entries.length - 1]!.zxid;
    try {
      if (mode === 'both') await storage.appendLog(entries);
      // Then their applied state, as a server does: LMDB holds it (the log is in files), so the
      // failure lands in LMDB's transactions too, where MDB_PANIC happens.
      await storage.applyCommitted({ lastApplied: last, nodes: new Map([[`/n${last % 50n}`, NODE(last)]]), sessions: new Map() });
    } catch (e) {
      process.stdout.write(`rejected ${(e as Error).message}\n`);
      process.exit(3);
    }
  }
}

void main();
