/**
 * Finding F3 of the fault bench (docs/chaos.md, "Findings"), kept as a regression test: when a
 * disk fails under LMDB, every pending write settles and the process can exit.
 *
 * A child appends, then writes the applied state of what it appended (LMDB: the log is in its
 * own files), with the fault bench's disk shim preloaded, and turns the disk to failing (EIO)
 * mid-run. Depending on which write the failure hits, LMDB either fails the commit (a rejected
 * promise) or, when the meta page's write fails, marks the environment as panicked; then lmdb-js
 * only prints MDB_PANIC, the pending write never settles, and the failed writer keeps the write
 * lock that lmdb's exit listener waits for. Before the fix the child hung in the second case
 * (about half the rounds) and the server with it: followed its leader, never acknowledged, never
 * exited. The test runs rounds until it has seen both cases (at most 32) and asserts that in every
 * round a write rejected and the child exited by itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, '..', 'support', 'storage-panic-child.js');
const SHIM_SOURCE = resolve(HERE, '..', '..', '..', 'src', 'chaos', 'native', 'disk-fault.c');
/** Far above the child's run; a child still alive then has hung. */
const HANG_MS = 30_000;

interface Round {
  lines: string[];
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  hung: boolean;
}

function runRound(shim: string, dir: string, ctl: string, mode: 'lmdb' | 'both'): Promise<Round> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CHILD, dir, ctl, '1000', mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LD_PRELOAD: shim, CHAOS_DISK_CTL: ctl, CHAOS_DISK_DIR: dir },
    });
    let out = '';
    let stderr = '';
    let hung = false;
    const timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, HANG_MS);
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done({ lines: out.split('\n').filter(Boolean), stderr, code, signal, hung });
    });
  });
}

test('a failing disk under LMDB: every pending write settles and the process exits (also after MDB_PANIC)', { timeout: 600_000, skip: process.platform !== 'linux' && 'the disk shim is an LD_PRELOAD library for Linux' }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'zk-ts-panic-'));
  try {
    const shim = join(work, 'disk-fault.so');
    execFileSync('cc', ['-O2', '-shared', '-fPIC', '-o', shim, SHIM_SOURCE, '-ldl'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let panics = 0;
    let plainFailures = 0;
    for (let round = 0; round < 32 && (panics === 0 || plainFailures === 0); round++) {
      const dir = join(work, `data-${round}`);
      const ctl = join(work, `ctl-${round}`);
      writeFileSync(ctl, '-'.padEnd(32, '\0'));
      // Even rounds write LMDB alone (where MDB_PANIC happens), odd rounds log and LMDB together.
      const r = await runRound(shim, dir, ctl, round % 2 === 0 ? 'lmdb' : 'both');
      const context = `round ${round}: code ${r.code}, signal ${r.signal}\n${r.lines.slice(-3).join('\n')}\n${r.stderr.slice(-1500)}`;
      assert.ok(r.lines.includes('fault'), context);
      assert.equal(r.hung, false, `the child hung after the disk failed (a write never settled, or the exit never finished): ${context}`);
      const rejected = r.lines.find((l) => l.startsWith('rejected '));
      assert.ok(rejected, `no append rejected: ${context}`);
      assert.match(rejected, /storage write failed in (appendLog|applyCommitted) .*no further writes are accepted until restart/);
      // Exit status 3 as asked; lmdb-js sometimes aborts in its own teardown after a failed
      // write (glibc: heap corruption), which still ends the process.
      assert.ok(r.code === 3 || r.signal === 'SIGABRT', context);
      if (/MDB_PANIC/.test(r.stderr)) {
        panics++;
        // The txn log (its own files) fails at once with EIO, or the stall check gives up on LMDB.
        assert.match(rejected, /no result from the disk after \d+ ms|EIO/);
      } else {
        plainFailures++;
      }
    }
    // Since the txn log left LMDB, a round ends in MDB_PANIC only about once in 10 to 30 rounds
    // (measured), and no fault of the shim forces it: requiring one would fail at random. The
    // property every round checks above (each write settles, the process exits) is what F3 is
    // about; how many rounds panicked is reported.
    t.diagnostic(`rounds that hit MDB_PANIC: ${panics}; plain write failures: ${plainFailures}`);
    assert.ok(plainFailures > 0, 'no round failed a write');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
