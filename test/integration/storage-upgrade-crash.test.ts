/**
 * The upgrade from storage format 2 to 3 is one LMDB transaction (docs/storage-contract.md, "The
 * tree on disk, format 3"), and it writes the tree's index in the same transaction (format 4,
 * "The tree's index"): a child opens a format 2 directory of ~30,000 znodes and is killed
 * (SIGKILL) at a random moment of the upgrade. The directory must then be either format 2 as it
 * was, or format 4 complete (every node re-keyed, with its child count, and indexed), never a mix; and it
 * must open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
import { childrenOf, rawCounts, shape, writeFormat2 } from '../support/format2-tree.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'storage-upgrade-child.js');

/** Runs the child on `dir`; kills it `killAfterMs` after it printed "start" (never, when null). Resolves with the time from "start" to its end. */
function runChild(dir: string, killAfterMs: number | null): Promise<{ ms: number; opened: boolean; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let started = 0;
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (started === 0 && out.includes('start\n')) {
        started = performance.now();
        if (killAfterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === null && code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      else resolve({ ms: performance.now() - started, opened: out.includes('opened\n'), signal });
    });
  });
}

test('a kill during the upgrade from format 2 leaves format 2 as it was or format 4 complete', { timeout: 300_000 }, async () => {
  const paths = shape(100, 300);
  const base = mkdtempSync(join(tmpdir(), 'zk-ts-upgrade-crash-'));
  try {
    let round = 0;
    const fresh = async (): Promise<string> => {
      const dir = join(base, `r${round++}`);
      await writeFormat2(dir, paths);
      return dir;
    };
    const full = await runChild(await fresh(), null);
    assert.ok(full.opened);
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const dir = await fresh();
      const killAt = Math.round((i / 7) * full.ms * 1.2);
      const run = await runChild(dir, killAt);
      const [format, inTree, inNodes] = await rawCounts(dir);
      if (format === 2) assert.deepEqual([inTree, inNodes], [paths.length, 0], `kill at ${killAt} ms: format 2, untouched`);
      else assert.deepEqual([format, inTree, inNodes], [4, 0, paths.length], `kill at ${killAt} ms: format 4, complete`);
      outcomes.push(`${killAt}ms:${run.signal ?? 'exit'}:format ${format}`);
      const s = await openLmdbStorage(dir, { report: () => undefined });
      assert.equal([...(await s.load()).nodes].length, paths.length);
      assert.deepEqual(s.readIndex().totals, { nodes: paths.length, dataSize: paths.reduce((n, p) => n + p.length + Buffer.byteLength(p), 0) }, 'the index written with the nodes');
      for (const p of ['/', '/p0', '/p57', '/p1/c0', '/p1/c0/deep']) {
        assert.equal(s.readNode(p)!.numChildren, childrenOf(paths, p).length, `count of ${p}`);
        assert.deepEqual(s.readChildren(p), childrenOf(paths, p));
      }
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`upgrade of ${paths.length} znodes took ${Math.round(full.ms)} ms in the child; kills: ${outcomes.join(', ')}`);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
