/**
 * The lmdb package, loaded through `require` (its CommonJS build, dist/index.cjs: one file)
 * rather than `import` (its ES module build: ~25 files, each resolved, linked and compiled on its
 * own by Node 20's ES module loader). Same code and the same native addon; loading it costs each
 * server process about 11 ms less CPU at start (docs/performance.md, section 17), three servers
 * starting at once on two cores. Everything that opens an LMDB environment takes `open` from
 * here (tests too), so a process never holds two copies of lmdb's JavaScript.
 */
import { createRequire } from 'node:module';
import type * as Lmdb from 'lmdb';

export type { Database, RootDatabase } from 'lmdb';

const lmdb = createRequire(import.meta.url)('lmdb') as typeof Lmdb;

export const open: typeof Lmdb.open = lmdb.open;
