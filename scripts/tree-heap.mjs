// Heap bytes per znode of a DataTree restored the way a restart restores it (records decoded from
// their stored bytes), with zk-bench scale's layout: /zk-bench-scale/pK/nJ, 1,000 children per
// parent, 100-byte values, world:anyone ACL. Run after `npm run build`:
//   node --expose-gc scripts/tree-heap.mjs [znodes=100000] [--snapshot FILE]
// Prints one JSON line (docs/performance.md, "Memory at 1,000,000 znodes").
import { writeHeapSnapshot } from 'node:v8';
import { DataTree } from '../dist/src/tree/data-tree.js';
import { encodeZNode, decodeZNode } from '../dist/src/wire/persist.js';
import { OPEN_ACL_UNSAFE } from '../dist/src/wire/records.js';

const count = Number(process.argv[2] ?? 100000);
const snapshotAt = process.argv.indexOf('--snapshot');
if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

// Paths as storage hands them over (flat strings decoded from the key), not template-literal cons strings.
const flat = (p) => Buffer.from(p, 'utf8').toString('utf8');

function* records() {
  const data = new Uint8Array(100).fill(120);
  let zxid = 0x100000000n;
  const time = 1_700_000_000_000;
  const rec = (path, d) => ({ data: d, acl: OPEN_ACL_UNSAFE, czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: time, mtime: time, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n });
  yield ['/zk-bench-scale', decodeZNode(encodeZNode(rec('/zk-bench-scale', new Uint8Array(0))))];
  for (let i = 0; i < count; i++) {
    zxid++;
    if (i % 1000 === 0) yield [flat(`/zk-bench-scale/p${i / 1000}`), decodeZNode(encodeZNode(rec('', new Uint8Array(0))))];
    yield [flat(`/zk-bench-scale/p${Math.floor(i / 1000)}/n${i}`), decodeZNode(encodeZNode(rec('', data)))];
  }
}

gc();
const before = process.memoryUsage();
const tree = new DataTree();
tree.restore(records(), 0x100000000n + BigInt(count));
gc();
gc();
const after = process.memoryUsage();
const n = tree.nodeCount();
console.log(
  JSON.stringify({
    znodes: n,
    heapBytesPerZnode: Math.round((after.heapUsed - before.heapUsed) / n),
    externalBytesPerZnode: Math.round((after.external + after.arrayBuffers - before.external - before.arrayBuffers) / n),
    rssBytesPerZnode: Math.round((after.rss - before.rss) / n),
  }),
);
if (snapshotAt > 0) writeHeapSnapshot(process.argv[snapshotAt + 1]);
