/**
 * Child of test/integration/storage-upgrade-crash.test.ts: opens the storage in argv[2] (which
 * upgrades a format 2 directory), printing "start" before and "opened" after; the parent kills it
 * at a random moment in between.
 */
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';

const dir = process.argv[2]!;
process.stdout.write('start\n');
const s = await openLmdbStorage(dir, { report: () => undefined });
process.stdout.write('opened\n');
await s.close();
