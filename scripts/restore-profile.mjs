// The start-up restore path alone, without a server: `fill DIR N` writes N znodes the way
// zk-bench scale lays them out (/zk-bench-scale/pK/nJ, 1,000 per parent, 100-byte values)
// through the LMDB storage; `load DIR` opens it, loads and rebuilds the tree, and prints the
// phases' times and the memory after (run it with --cpu-prof to see where the time goes).
// Run after `npm run build` (docs/performance.md, "Memory at 1,000,000 znodes").
import { performance } from 'node:perf_hooks';
import { openLmdbStorage } from '../dist/src/storage/lmdb/lmdb-storage.js';
import { DataTree } from '../dist/src/tree/data-tree.js';
import { OPEN_ACL_UNSAFE } from '../dist/src/wire/records.js';

const [mode, dir, nText] = process.argv.slice(2);
if (mode === 'fill') {
  const n = Number(nText ?? 1000000);
  const storage = await openLmdbStorage(dir);
  const data = new Uint8Array(100).fill(120);
  const time = 1_700_000_000_000;
  let zxid = 0x100000000n;
  // Each record with its number of children, as the tree sends them (storage/api.ts, StoredZNode).
  const rec = (d, numChildren = 0) => ({ data: d, acl: OPEN_ACL_UNSAFE, czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: time, mtime: time, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, numChildren });
  let batch = new Map([['/zk-bench-scale', rec(null, Math.ceil(n / 1000))]]);
  for (let i = 0; i < n; i++) {
    zxid++;
    if (i % 1000 === 0) batch.set(`/zk-bench-scale/p${i / 1000}`, rec(null, Math.min(1000, n - i)));
    batch.set(`/zk-bench-scale/p${Math.floor(i / 1000)}/n${i}`, rec(data));
    if (batch.size >= 10000) {
      await storage.applyCommitted({ lastApplied: zxid, nodes: batch, sessions: new Map() });
      batch = new Map();
    }
  }
  await storage.applyCommitted({ lastApplied: zxid, nodes: batch, sessions: new Map() });
  await storage.close();
} else if (mode === 'load') {
  const t0 = performance.now();
  const storage = await openLmdbStorage(dir);
  const t1 = performance.now();
  const loaded = await storage.load();
  const t2 = performance.now();
  const tree = new DataTree();
  tree.restore(loaded.nodes, loaded.lastApplied);
  const t3 = performance.now();
  const m = process.memoryUsage();
  console.log(
    JSON.stringify({
      znodes: tree.nodeCount(),
      openMs: Math.round(t1 - t0),
      loadMs: Math.round(t2 - t1),
      restoreMs: Math.round(t3 - t2),
      rssMb: Math.round(m.rss / 2 ** 20),
      heapUsedMb: Math.round(m.heapUsed / 2 ** 20),
    }),
  );
  await storage.close();
} else {
  throw new Error('usage: restore-profile.mjs fill|load DIR [N]');
}
