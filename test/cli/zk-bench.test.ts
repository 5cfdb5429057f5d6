/**
 * bin/zk-bench as a process against real zk-ts servers: `startup`, a tiny `scale`, `load`
 * against a connect string, each printing exactly one JSON line with its documented fields;
 * and Ctrl-C stops every server it started. Timings are measured, never asserted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fourLetterWord, REPO_ROOT, startZkTs, waitFor, type ZkTsServer } from '../support/zkts-server.js';
import { createRequest, probeOnce } from '../../src/cli/bench/probe.js';
import { Err } from '../../src/wire/index.js';

const ZK_BENCH = join(REPO_ROOT, 'bin', 'zk-bench');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function bench(args: string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ZK_BENCH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`zk-bench ${args.join(' ')} did not finish\nstdout:${stdout}\nstderr:${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The run's single JSON line (and nothing else on stdout). */
function jsonOf(r: Run): Record<string, any> {
  assert.equal(r.code, 0, `zk-bench failed:\n${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `expected exactly one line on stdout, got:\n${r.stdout}`);
  return JSON.parse(lines[0]!);
}

const positive = (x: unknown, what: string) => assert.ok(typeof x === 'number' && Number.isFinite(x) && x > 0, `${what}: ${x}`);

/** Processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('zk-bench against zk-ts', () => {
  it('startup: three fresh servers to the first create', async () => {
    const j = jsonOf(await bench(['startup', '--target', 'zk-ts']));
    assert.equal(j.bench, 'startup');
    assert.equal(j.target, 'zk-ts');
    assert.equal(j.servers, 3);
    assert.equal(j.runs, 1);
    positive(j.ms, 'ms');
    assert.deepEqual(j.values, [j.ms]);
    assert.equal(j.minMs, j.ms);
  });

  it('scale: fill 2,000 znodes, kill -9, restart to the first read', async () => {
    const j = jsonOf(await bench(['scale', '--target', 'zk-ts', '--znodes', '2000', '--sessions', '2', '--inflight', '32']));
    assert.equal(j.bench, 'scale');
    assert.equal(j.target, 'zk-ts');
    assert.equal(j.znodes, 2000);
    assert.equal(j.size, 100);
    for (const k of ['fillSeconds', 'fillOpsPerSec', 'rssAfterFillMb', 'rssAnonAfterFillMb', 'rssFileAfterFillMb', 'diskAllocatedMb', 'diskApparentMb', 'restartToFirstReadMs', 'rssAfterRestartMb', 'rssAnonAfterRestartMb', 'rssFileAfterRestartMb']) positive(j[k], k);
  });

  describe('load against a connect string', () => {
    let server: ZkTsServer;
    before(async () => {
      server = await startZkTs();
    });
    after(async () => {
      await server?.cleanup();
    });

    it('reports throughput, latency and the RSS of the server it finds listening on the port', async () => {
      const j = jsonOf(await bench(['load', '--target', server.connectString, '--op', 'set', '--seconds', '1', '--warmup', '0', '--sessions', '2', '--inflight', '4']));
      assert.equal(j.bench, 'load');
      assert.equal(j.target, server.connectString);
      assert.deepEqual(j.hosts, [server.connectString]);
      assert.equal(j.op, 'set');
      assert.equal(j.sessions, 2);
      assert.equal(j.inflight, 4);
      assert.equal(j.errors, 0);
      positive(j.ops, 'ops');
      positive(j.opsPerSec, 'opsPerSec');
      for (const q of ['p50', 'p90', 'p99', 'max']) positive(j.latencyMs[q], q);
      assert.equal(j.servers.length, 1);
      assert.equal(j.servers[0].pid, server.process.pid);
      positive(j.servers[0].rssMb, 'rssMb');
      assert.ok(typeof j.servers[0].cpuUsPerOp === 'number' && j.servers[0].cpuUsPerOp >= 0, `cpuUsPerOp ${j.servers[0].cpuUsPerOp}`);
    });

    it('the older flags --server and --clients still work', async () => {
      const j = jsonOf(await bench(['load', '--server', server.connectString, '--op', 'get', '--seconds', '1', '--clients', '1', '--inflight', '2']));
      assert.equal(j.op, 'get');
      assert.equal(j.sessions, 1);
      positive(j.ops, 'ops');
    });
  });

  it('Ctrl-C stops every server it started and removes their data', async () => {
    const child: ChildProcess = spawn(process.execPath, [ZK_BENCH, 'failover', '--runs', '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    try {
      await waitFor(() => stderr.includes('run 1:'), 60_000, () => `no failover run finished:\n${stderr}`);
      const servers = childrenOf(child.pid!);
      assert.ok(servers.length >= 3, `expected the bench's servers among its children, found ${servers.length}`);
      const configs = servers.map((pid) => {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv[argv.indexOf('--config') + 1];
      });
      const base = dirname(configs[0]!);
      assert.ok(existsSync(base));
      child.kill('SIGINT');
      assert.equal(await exited, 130);
      assert.ok(stderr.includes('stopping every server it started'));
      await waitFor(() => servers.every((pid) => !alive(pid)), 5000, () => `servers still running: ${servers.filter(alive).join(', ')}`);
      assert.equal(existsSync(base), false, `${base} was left behind`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe("zk-bench's probe", () => {
  let server: ZkTsServer;
  before(async () => {
    server = await startZkTs();
  });
  after(async () => {
    await server?.cleanup();
  });

  const sessions = async () => Number(/zk_global_sessions\t(\d+)/.exec(await fourLetterWord(server.port, 'mntr'))?.[1] ?? NaN);

  it('closes the session it opened once answered, so none is left to expire later (a write in the idle window)', async () => {
    const before = await sessions();
    assert.ok(Number.isFinite(before), 'mntr reports zk_global_sessions');
    assert.equal(await probeOnce(server.port, createRequest('/probe-closes-its-session')), Err.OK);
    assert.equal(await probeOnce(server.port, createRequest('/probe-closes-its-session')), Err.NODEEXISTS);
    let now = await sessions();
    for (let i = 0; i < 300 && now !== before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = await sessions();
    }
    assert.equal(now, before, `sessions still open:\n${server.output()}`);
    // Back to the count before, by two closeSession requests: not by expiry (4 s after).
    assert.doesNotMatch(server.output(), /expiring session/);
  });
});
