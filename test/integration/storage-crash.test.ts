/**
 * Durability of acknowledged log appends (docs/storage-contract.md, "Durability";
 * docs/zookeeper-bugs.md item 20, the lmdb `flushed` trap).
 *
 * A child appends with 20 appendLog calls in flight and prints each zxid only after its promise
 * resolved; we SIGKILL it at a random moment and reopen. The storage opens with lmdb's
 * safeRestore, which rolls back to the last *flushed* transaction, so an entry acknowledged
 * before its fsync would be missing here (without safeRestore lmdb would trust the unflushed
 * commit after a kill on the same boot, and the test could not tell). On Linux with a C compiler,
 * half the rounds run the child with test/support/slow-fsync.c preloaded, which widens the
 * commit→fsync gap to milliseconds so that a kill lands inside it.
 *
 * Another kills a child that applies a tree's changes with their owner index and totals, and
 * checks that the stored index always equals what the stored nodes imply: both are written in
 * one transaction (docs/storage-contract.md, "The tree's index").
 *
 * A further test fills the "disk" (a file-size limit) and checks that the failure surfaces as a
 * rejected promise with a clear message, the process keeps running, and the data survives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
import { indexOf } from '../../src/storage/api.js';
import { payloadFor } from '../support/storage-crash-child.js';
import { asZxid, nextZxid, type Zxid } from '../../src/base/zxid.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, '..', 'support', 'storage-crash-child.js');
const SHIM_SOURCE = resolve(HERE, '..', '..', '..', 'test', 'support', 'slow-fsync.c');

/** Compiles the slow-fsync shim, or returns null where that is not possible. */
function buildShim(dir: string): string | null {
  if (process.platform !== 'linux' || !existsSync(SHIM_SOURCE)) return null;
  const out = join(dir, 'slow-fsync.so');
  try {
    execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', out, SHIM_SOURCE, '-ldl'], { stdio: 'ignore' });
    return out;
  } catch {
    return null;
  }
}

interface Run {
  lines: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the child; `stopWhen` sees each complete stdout line and returns true to SIGKILL it. */
function runChild(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; shell?: string; stopWhen?: (lines: string[]) => boolean },
): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = opts.shell
      ? spawn('/bin/sh', ['-c', `${opts.shell}; exec "$0" "$@"`, process.execPath, CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env })
      : spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const lines: string[] = [];
    let buf = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      if (killed) return;
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        lines.push(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
      if (opts.stopWhen?.(lines)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolvePromise({ lines, code, signal, stderr }));
  });
}

test('every acknowledged appendLog survives SIGKILL (repeated, random kill points)', { timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-crash-'));
  const shimDir = mkdtempSync(join(tmpdir(), 'zk-ts-shim-'));
  try {
    const shim = buildShim(shimDir);
    if (!shim) t.diagnostic('slow-fsync shim not available: plain SIGKILL rounds only');
    let floor = 0n;
    const allAcked = new Set<Zxid>();
    for (let round = 0; round < 6; round++) {
      const slow = shim !== null && round % 2 === 1;
      const killAfter = 300 + Math.floor(Math.random() * 1500);
      let acks = 0;
      const run = await runChild([dir, '20'], {
        env: slow ? { ...process.env, LD_PRELOAD: shim, SLOW_FSYNC_US: '5000' } : process.env,
        stopWhen: (lines) => (acks = lines.length - 1) >= killAfter,
      });
      assert.equal(run.signal, 'SIGKILL', `round ${round}: child ended on its own (code ${run.code}): ${run.stderr}`);
      const [ready, ...rest] = run.lines;
      assert.match(ready ?? '', /^ready \d+$/);
      const start = BigInt(ready!.slice(6));
      const acked = rest.map((l) => asZxid(BigInt(l)));
      assert.ok(acks >= killAfter);
      assert.ok(start >= floor, `round ${round}: restarted at lastLogged ${start}, below acknowledged ${floor}`);
      for (const z of acked) allAcked.add(z);
      const storage = await openLmdbStorage(dir);
      try {
        const loaded = await storage.load();
        const maxAcked = acked.reduce((a, b) => (a > b ? a : b), 0n);
        assert.ok(loaded.lastLogged >= maxAcked, `round ${round}: lastLogged ${loaded.lastLogged} < highest acknowledged ${maxAcked}`);
        assert.equal(storage.lastLogged(), loaded.lastLogged);
        const present = new Map(storage.readLog(asZxid(0n)).map((e) => [e.zxid, e.bytes]));
        const missing = [...allAcked].filter((z) => !present.has(z));
        assert.deepEqual(missing.slice(0, 10), [], `round ${round}${slow ? ' (slow fsync)' : ''}: ${missing.length} acknowledged entries lost`);
        for (const z of acked) assert.deepEqual(present.get(z), payloadFor(z), `round ${round}: bytes of ${z}`);
        floor = maxAcked;
      } finally {
        await storage.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(shimDir, { recursive: true, force: true });
  }
});

test('a SIGKILL while a tree\'s changes are applied never leaves the stored index apart from the stored nodes', { timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-crash-index-'));
  const shimDir = mkdtempSync(join(tmpdir(), 'zk-ts-shim-'));
  try {
    const shim = buildShim(shimDir);
    if (!shim) t.diagnostic('slow-fsync shim not available: plain SIGKILL rounds only');
    const seen: string[] = [];
    for (let round = 0; round < 6; round++) {
      const slow = shim !== null && round % 2 === 1;
      const killAfter = 50 + Math.floor(Math.random() * 400);
      const run = await runChild([dir, 'index'], {
        env: slow ? { ...process.env, LD_PRELOAD: shim, SLOW_FSYNC_US: '5000' } : process.env,
        stopWhen: (lines) => lines.length - 1 >= killAfter,
      });
      assert.equal(run.signal, 'SIGKILL', `round ${round}: child ended on its own (code ${run.code}): ${run.stderr}`);
      const storage = await openLmdbStorage(dir);
      try {
        const loaded = await storage.load();
        const nodes = [...loaded.nodes];
        const implied = indexOf(nodes);
        const stored = storage.readIndex();
        assert.deepEqual(stored.totals, implied.totals, `round ${round}${slow ? ' (slow fsync)' : ''}: the totals are the nodes'`);
        assert.deepEqual(stored.owners, implied.owners, `round ${round}: the owner index is the nodes'`);
        seen.push(`${nodes.length} nodes, ${stored.owners.length} owned at 0x${loaded.lastApplied.toString(16)}`);
      } finally {
        await storage.close();
      }
    }
    t.diagnostic(seen.join('; '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(shimDir, { recursive: true, force: true });
  }
});

test('a full disk rejects writes with a clear error, without killing the process or losing data', { timeout: 60_000, skip: process.platform !== 'linux' && 'needs ulimit -f semantics of Linux' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-full-'));
  try {
    // Node ignores SIGXFSZ, so writes past the limit fail with EFBIG like a full disk would.
    const run = await runChild([dir, 'fill'], { shell: 'ulimit -f 4096' });
    assert.equal(run.code, 0, `child crashed (code ${run.code}, signal ${run.signal}): ${run.stderr.slice(-2000)}`);
    const error = run.lines.find((l) => l.startsWith('error '));
    assert.ok(error, `no error line: ${run.lines.slice(-5).join(' | ')}`);
    assert.match(error, /storage write failed in appendLog .*no further writes are accepted/);
    assert.match(run.lines.find((l) => l.startsWith('again ')) ?? '', /storage write failed/);
    assert.ok(run.lines.includes('closed'));
    const acked = run.lines.filter((l) => /^\d+$/.test(l)).map((l) => asZxid(BigInt(l)));
    assert.ok(acked.length > 50, `only ${acked.length} entries fitted`);

    const storage = await openLmdbStorage(dir);
    try {
      const present = new Set(storage.readLog(asZxid(0n)).map((e) => e.zxid));
      for (const z of acked) assert.ok(present.has(z), `acknowledged ${z} lost`);
      const next = nextZxid(storage.lastLogged());
      await storage.appendLog([{ zxid: next, bytes: new Uint8Array([1]) }]); // writable again without the limit
      assert.equal(storage.lastLogged(), next);
    } finally {
      await storage.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
