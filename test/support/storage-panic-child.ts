/**
 * Child process for test/integration/storage-panic.test.ts.
 *
 * `storage-panic-child <dir> <ctlFile> <stallMs>`: runs with the fault bench's disk shim
 * (src/chaos/native/disk-fault.c) preloaded, CHAOS_DISK_CTL=<ctlFile> and CHAOS_DISK_DIR=<dir>.
 * Opens the LMDB storage in `dir` with the given stall bound and appends 5-entry batches one at
 * a time; 300 ms after it started it makes the disk fail (EIO) and prints `fault`. The
 * first rejected append prints `rejected <message>`; the child then exits with status 3, as a
 * quorum member does when its storage fails. A child that hangs (an append that never settles,
 * or an exit that never finishes) is killed by the parent.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
import { asZxid } from '../../src/base/zxid.js';

function setDisk(ctl: string, mode: string): void {
  const fd = openSync(ctl, 'r+');
  const b = Buffer.alloc(32);
  b.write(mode);
  writeSync(fd, b, 0, 32, 0); // in place: the shim maps this file
  closeSync(fd);
}

async function main(): Promise<void> {
  const [dir, ctl, stallMs] = process.argv.slice(2);
  const storage = await openLmdbStorage(dir!, { stallMs: Number(stallMs) });
  let zxid = (await storage.load()).lastLogged + 1n;
  // From a timer, so that the failure lands at any point of a write (in the transaction, the
  // fsync or the meta page after it), as a disk fails under a running server.
  setTimeout(() => {
    setDisk(ctl!, 'E');
    process.stdout.write('fault\n');
  }, 300);
  for (;;) {
    const entries = Array.from({ length: 5 }, () => ({ zxid: asZxid(zxid++), bytes: new Uint8Array(200).fill(7) }));
    try {
      await storage.appendLog(entries);
    } catch (e) {
      process.stdout.write(`rejected ${(e as Error).message}\n`);
      process.exit(3);
    }
  }
}

void main();
