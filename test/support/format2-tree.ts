/**
 * Data directories as storage format 2 wrote them (the tree under full paths, no child counts),
 * for the tests of the upgrade to format 3 (docs/storage-contract.md, "The tree on disk, format 3").
 */
import { open } from '../../src/storage/lmdb/lmdb-package.js';
import { encodeZNode } from '../../src/wire/persist.js';
import { zxidKey } from '../../src/base/zxid.js';
import { node } from './storage-contract.js';

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** A data directory as format 2 wrote it: the tree under full paths, no counts. */
export async function writeFormat2(dir: string, paths: string[]): Promise<void> {
  const root = open<Buffer, Buffer>({ path: dir, noSubdir: false, maxDbs: 8, encoding: 'binary', keyEncoding: 'binary' });
  const meta = root.openDB<Buffer, string>('meta', { encoding: 'binary', keyEncoding: 'ordered-binary' });
  const tree = root.openDB<Buffer, Buffer>('tree', { encoding: 'binary', keyEncoding: 'binary' });
  await root.transaction(() => {
    void meta.put('format', u32(2));
    void meta.put('logGeneration', u32(1));
    void meta.put('lastApplied', zxidKey(7n));
    for (const p of paths) void tree.put(Buffer.from(p, 'utf8'), Buffer.from(encodeZNode(node(5n, p))));
  });
  await root.flushed;
  await root.close();
}

/** format, keys in 'tree', keys in 'nodes' of a closed directory. */
export async function rawCounts(dir: string): Promise<[number, number, number]> {
  const root = open<Buffer, Buffer>({ path: dir, noSubdir: false, maxDbs: 8, encoding: 'binary', keyEncoding: 'binary' });
  try {
    const meta = root.openDB<Buffer, string>('meta', { encoding: 'binary', keyEncoding: 'ordered-binary' });
    const tree = root.openDB<Buffer, Buffer>('tree', { encoding: 'binary', keyEncoding: 'binary' });
    const nodes = root.openDB<Buffer, Buffer>('nodes', { encoding: 'binary', keyEncoding: 'binary' });
    return [meta.get('format')!.readUInt32BE(0), tree.getKeysCount(), nodes.getKeysCount()];
  } finally {
    await root.close();
  }
}

/** A tree of 1 + 20 + 20·30 + 5 nodes, with names that sort between siblings' children in full-path order. */
export function shape(fanOut = 20, leaves = 30): string[] {
  const paths = ['/'];
  for (let i = 0; i < fanOut; i++) {
    paths.push(`/p${i}`);
    for (let j = 0; j < leaves; j++) paths.push(`/p${i}/c${j}`);
  }
  paths.push('/p1-x', '/p1/c0/deep', '/p1/c0/deep/er', '/é', '/é/ü');
  return paths;
}

export function childrenOf(paths: string[], p: string): string[] {
  const prefix = p === '/' ? '/' : `${p}/`;
  return paths
    .filter((q) => q !== '/' && q.startsWith(prefix) && !q.includes('/', prefix.length))
    .map((q) => q.slice(prefix.length))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

