/**
 * zk-bench's own logic, without servers: its command line, the statistics it prints, the
 * comparison table, the JSON line, the progress bar and what it reads from /proc.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCli, type BenchCommands, type CompareArgs, type FailoverArgs,
  type TransferArgs, type LoadArgs, type ScaleArgs, type StartupArgs } from '../../src/cli/bench/args.js';
import { backlogTable, compareFigures, type RunRecord } from '../../src/cli/bench/compare.js';
import { cpuMs, diskUsage, parseStraceSummary, pidsListeningOn, rssMb, rssParts, writeBytes } from '../../src/cli/bench/proc.js';
import { Progress, renderBar } from '../../src/cli/bench/progress.js';
import { figure, formatSummary, formatValue, jsonLine, markdownTable } from '../../src/cli/bench/report.js';
import { latencySummary, median, percentile, ratio, summarize } from '../../src/cli/bench/stats.js';
import { parseTarget } from '../../src/cli/bench/target.js';
import type { LoadResult } from '../../src/cli/bench/workload.js';
import { modeOf } from '../../src/cli/bench/cluster.js';

type Parsed = { command: string; args: unknown };

/** Parses a command line, returning which command ran with which options. */
async function parse(argv: string[]): Promise<Parsed> {
  let got: Parsed | null = null;
  const record = (command: string) => async (args: unknown) => {
    got = { command, args };
  };
  const commands: BenchCommands = {
    load: record('load'),
    startup: record('startup'),
    scale: record('scale'),
    failover: record('failover'),
    transfer: record('transfer'),
    compare: record('compare'),
  };
  await benchCli(argv, commands).parseAsync();
  assert.ok(got, `no command ran for ${argv.join(' ')}`);
  return got;
}

async function parseError(argv: string[]): Promise<string> {
  try {
    await parse(argv);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

describe('zk-bench command line', () => {
  it('load keeps its older flags: --server and --clients', async () => {
    const { command, args } = await parse(['load', '--server', '127.0.0.1:2181,127.0.0.1:2182', '--clients', '8', '--inflight', '64', '--op', 'set']);
    const a = args as LoadArgs;
    assert.equal(command, 'load');
    assert.equal(a.targetSpec, '127.0.0.1:2181,127.0.0.1:2182');
    assert.deepEqual(a.target, { hosts: ['127.0.0.1:2181', '127.0.0.1:2182'], ports: [2181, 2182], connectString: '127.0.0.1:2181,127.0.0.1:2182' });
    assert.equal(a.sessions, 8);
    assert.equal(a.inflight, 64);
    assert.equal(a.op, 'set');
    assert.equal(a.size, 100);
    assert.equal(a.driver, 'zk-ts');
  });

  it('load takes --target as a connect string with a chroot, or a kind of server to launch', async () => {
    const a = (await parse(['load', '--target', 'h1:1/app', '--sessions', '2', '--driver', 'node-zookeeper-client'])).args as LoadArgs;
    assert.deepEqual(a.target, { hosts: ['h1:1/app'], ports: [1], connectString: 'h1:1/app' });
    assert.equal(a.driver, 'node-zookeeper-client');
    const b = (await parse(['load', '--target', 'zookeeper', '--on', 'follower', '--servers', '3'])).args as LoadArgs;
    assert.deepEqual(b.target, { kind: 'zookeeper' });
    assert.equal(b.on, 'follower');
    assert.equal(b.cluster.tickTime, 2000);
    assert.equal(b.cluster.initLimit, 10);
    assert.equal(b.cluster.syncLimit, 5);
  });

  it('load refuses a missing target, both names at once, --on with a connect string, and bad counts', async () => {
    assert.match(await parseError(['load']), /needs --target/);
    assert.match(await parseError(['load', '--target', 'a:1', '--server', 'b:2']), /either --target or --server/);
    assert.match(await parseError(['load', '--target', 'a:1', '--on', 'leader']), /--on leader\|follower needs a launched target/);
    assert.match(await parseError(['load', '--target', 'a:1', '--sessions', '0']), /--sessions must be an integer ≥ 1, got 0/);
    assert.match(await parseError(['load', '--target', 'a:1', '--inflight', '1.5']), /--inflight must be an integer/);
    assert.match(await parseError(['load', '--target', 'a:1', '--seconds', '0']), /--seconds must be a number > 0/);
    assert.match(await parseError(['load', '--target', 'a:1', '--op', 'delete']), /Invalid values/);
    assert.match(await parseError(['load', '--target', 'a:1', '--bogus', '1']), /Unknown argument/);
  });

  it('startup, scale and failover launch their own servers: a connect string is refused', async () => {
    for (const cmd of ['startup', 'scale', 'failover']) {
      assert.match(await parseError([cmd, '--target', '127.0.0.1:2181']), new RegExp(`${cmd} launches its own servers`));
    }
  });

  it('startup and scale defaults', async () => {
    const s = (await parse(['startup'])).args as StartupArgs;
    assert.deepEqual({ kind: s.kind, servers: s.servers, runs: s.runs, tick: s.cluster.tickTime }, { kind: 'zk-ts', servers: 3, runs: 1, tick: 2000 });
    const z = (await parse(['scale', '--target', 'zookeeper', '--znodes', '2000'])).args as ScaleArgs;
    assert.deepEqual({ kind: z.kind, znodes: z.znodes, size: z.size, sessions: z.sessions, inflight: z.inflight }, { kind: 'zookeeper', znodes: 2000, size: 100, sessions: 8, inflight: 64 });
    assert.equal(((await parse(['scale'])).args as ScaleArgs).znodes, 1_000_000);
  });

  it('failover keeps its flags and its tickTime of 200; ZooKeeper has no classic election', async () => {
    const f = (await parse(['failover', '--election', 'basic', '--runs', '4'])).args as FailoverArgs;
    assert.deepEqual({ kind: f.kind, election: f.election, runs: f.runs, servers: f.servers, tick: f.cluster.tickTime }, { kind: 'zk-ts', election: 'basic', runs: 4, servers: 3, tick: 200 });
    assert.match(await parseError(['failover', '--target', 'zookeeper', '--election', 'basic']), /only the fast election/);
    assert.match(await parseError(['failover', '--servers', '2']), /--servers must be an integer ≥ 3/);
  });

  it('transfer: zk-ts only, 5 runs by default, the election and tickTime flags of failover', async () => {
    const t = (await parse(['transfer', '--election', 'basic'])).args as TransferArgs;
    assert.deepEqual({ election: t.election, runs: t.runs, servers: t.servers, tick: t.cluster.tickTime }, { election: 'basic', runs: 5, servers: 3, tick: 200 });
    assert.match(await parseError(['transfer', '--servers', '1']), /--servers must be an integer ≥ 3/);
  });

  it('compare: the issue harness by default (8 sessions × 64 in flight, 100 B, 3 runs), flags override', async () => {
    const c = (await parse(['compare'])).args as CompareArgs;
    assert.deepEqual(
      { runs: c.runs, sessions: c.sessions, inflight: c.inflight, size: c.size, scale: c.scale, first: c.first, out: c.out, tick: c.cluster.tickTime },
      { runs: 3, sessions: 8, inflight: 64, size: 100, scale: false, first: 'zk-ts', out: null, tick: 2000 },
    );
    const d = (await parse(['compare', '--runs', '5', '--scale', '--scale-znodes', '5000', '--out', 'x.md', '--zk-jvm-flags=-Xmx1g  -XX:+UseSerialGC'])).args as CompareArgs;
    assert.deepEqual({ runs: d.runs, scale: d.scale, scaleZnodes: d.scaleZnodes, out: d.out }, { runs: 5, scale: true, scaleZnodes: 5000, out: 'x.md' });
    assert.deepEqual(d.cluster.jvmFlags, ['-Xmx1g', '-XX:+UseSerialGC']);
    assert.deepEqual(c.cluster.nodeFlags, []);
    const e = (await parse(['load', '--target', 'zk-ts', '--zkts-node-flags=--cpu-prof --cpu-prof-dir=/tmp/p'])).args as LoadArgs;
    assert.deepEqual(e.cluster.nodeFlags, ['--cpu-prof', '--cpu-prof-dir=/tmp/p']);
    assert.match(await parseError(['compare', '--runs', '0']), /--runs must be an integer ≥ 1/);
  });

  it('no command is an error', async () => {
    assert.match(await parseError([]), /give a command/);
  });
});

describe('zk-bench targets', () => {
  it('parses kinds and connect strings, and names what it expects on bad input', () => {
    assert.deepEqual(parseTarget('zk-ts'), { kind: 'zk-ts' });
    assert.deepEqual(parseTarget(' zookeeper '), { kind: 'zookeeper' });
    assert.deepEqual(parseTarget('localhost'), { hosts: ['localhost:2181'], ports: [2181], connectString: 'localhost' });
    assert.throws(() => parseTarget(''), /empty/);
    assert.throws(() => parseTarget('host:notaport'), /--target 'host:notaport'/);
  });

  it('reads srvr modes', () => {
    assert.equal(modeOf('Zookeeper version: 3.8.0\nMode: follower\nNode count: 5\n'), 'follower');
    assert.equal(modeOf('Mode: leader\n'), 'leader');
    assert.equal(modeOf('This ZooKeeper instance is not currently serving requests\n'), 'not serving');
    assert.equal(modeOf(''), 'down');
  });
});

describe('zk-bench statistics', () => {
  it('percentiles are nearest-rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    assert.equal(percentile(xs, 50), 50);
    assert.equal(percentile(xs, 99), 99);
    assert.equal(percentile(xs, 100), 100);
    assert.equal(percentile(xs, 0), 1);
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('latency summary sorts its input', () => {
    assert.deepEqual(latencySummary([5, 1, 4, 2, 3]), { p50: 3, p90: 5, p99: 5, max: 5 });
  });

  it('median of odd and even counts ignores failed runs (NaN)', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([NaN, 5, 1]), 3);
    assert.ok(Number.isNaN(median([])));
  });

  it('summary: median, min, max and the spread relative to the median', () => {
    const s = summarize([100, 80, 120]);
    assert.deepEqual(s, { values: [100, 80, 120], median: 100, min: 80, max: 120, spread: 0.4 });
    const f = summarize([NaN, 10]);
    assert.equal(f.median, 10);
    assert.equal(f.spread, 0);
    assert.deepEqual(f.values.length, 2);
    assert.ok(Number.isNaN(summarize([]).spread));
  });

  it('ratio is ours / theirs, NaN when undefined', () => {
    assert.equal(ratio(3, 4), 0.75);
    assert.ok(Number.isNaN(ratio(1, 0)));
    assert.ok(Number.isNaN(ratio(NaN, 2)));
  });
});

describe('zk-bench report', () => {
  it('a figure compares medians and checks the target in the right direction', () => {
    const up = figure('create_ops', 'create', 'ops/s', [3000, 3300, 3100], [1500, 1400, 1600], { op: '>=', ratio: 2 });
    assert.equal(up.zkts.median, 3100);
    assert.equal(up.zookeeper.median, 1500);
    assert.equal(up.ratio, 3100 / 1500);
    assert.equal(up.meets, true);
    const down = figure('lat', 'latency', 'ms', [25, 24, 26], [2.7, 2.5, 3], { op: '<=', ratio: 0.7 });
    assert.equal(down.meets, false);
    assert.equal(figure('x', 'x', 'MiB', [1], [2]).meets, null);
    assert.equal(figure('x', 'x', 'MiB', [NaN], [2], { op: '<=', ratio: 1 }).meets, null);
  });

  it('formats values per unit, and median (min–max) only when there are several runs', () => {
    assert.equal(formatValue(3240.4, 'ops/s'), '3,240');
    assert.equal(formatValue(2.714, 'ms'), '2.71');
    assert.equal(formatValue(24.94, 'ms'), '24.9');
    assert.equal(formatValue(18600.2, 'ms'), '18,600');
    assert.equal(formatValue(NaN, 'MiB'), '—');
    assert.equal(formatSummary(summarize([3000, 3500, 3200]), 'ops/s'), '3,200 (3,000–3,500)');
    assert.equal(formatSummary(summarize([3000]), 'ops/s'), '3,000');
  });

  it('the markdown table has a header, a separator and a row per figure', () => {
    const t = markdownTable([
      figure('create_ops', 'create, 3 servers', 'ops/s', [3240, 3200, 3300], [3883, 3800, 3900], { op: '>=', ratio: 2 }),
      figure('rss', 'RSS', 'MiB', [1100], [550]),
    ]);
    const lines = t.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^\| figure \| unit \| zk-ts median \(min–max\) \| ZooKeeper 3\.8 median \(min–max\) \| ratio zk-ts\/ZK \| target \|$/);
    assert.equal(lines[1], '|---|---|---|---|---|---|');
    assert.equal(lines[2], '| create, 3 servers | ops/s | 3,240 (3,200–3,300) | 3,883 (3,800–3,900) | 0.83 | ≥ 2 (not met) |');
    assert.equal(lines[3], '| RSS | MiB | 1,100 | 550 | 2.00 |  |');
  });

  it('the JSON line is one line, with NaN as null', () => {
    const line = jsonLine({ bench: 'load', opsPerSec: NaN, latencyMs: { p50: 1.5 }, note: 'a\nb' });
    assert.ok(!line.includes('\n'));
    assert.deepEqual(JSON.parse(line), { bench: 'load', opsPerSec: null, latencyMs: { p50: 1.5 }, note: 'a\nb' });
  });
});

function loadResult(opsPerSec: number, p50 = 1, p99 = 2): LoadResult {
  return { op: 'set', sessions: 1, inflight: 1, size: 100, driver: 'zk-ts', seconds: 1, ops: opsPerSec, errors: 0, firstError: null, opsPerSec, latencyMs: { p50, p90: p50, p99, max: p99 }, clientCpuPercent: 10, serverCpuUsPerOp: [] };
}

function record(kind: 'zk-ts' | 'zookeeper', run: number, x: number, quiet: number | null): RunRecord {
  return {
    kind,
    run,
    error: null,
    startupMs: 1000 * x,
    throughput: { create: loadResult(100 * x), set: loadResult(200 * x), get: loadResult(1000 * x), exists: loadResult(2000 * x) },
    latency: { follower: loadResult(10, 25 * x, 40 * x), leader: loadResult(10, 3 * x, 9 * x) },
    rssMb: [100 * x, 120 * x, null],
    idleWriteBps: [0, 1024, null],
    afterLoad: { create: { firstSecond: [4096 * x, 0, null], quietAfterSeconds: quiet }, set: { firstSecond: [0, 0, 0], quietAfterSeconds: 0 } },
    syscalls: {},
    failoverMs: 300 * x,
  };
}

describe('zk-bench compare figures', () => {
  const records = [record('zk-ts', 1, 1, 12.5), record('zookeeper', 2, 2, 0), record('zk-ts', 3, 3, null), record('zookeeper', 4, 4, 0)];

  it('takes each figure from every run of each kind, the busiest or largest server where there are three', () => {
    const f = new Map(compareFigures(records).map((x) => [x.key, x]));
    assert.deepEqual(f.get('create_ops')!.zkts.values, [100, 300]);
    assert.deepEqual(f.get('create_ops')!.zookeeper.values, [200, 400]);
    assert.equal(f.get('create_ops')!.ratio, 200 / 300);
    assert.deepEqual(f.get('set_follower_p50')!.zkts.values, [25, 75]);
    assert.deepEqual(f.get('set_leader_p99')!.zookeeper.values, [18, 36]);
    assert.deepEqual(f.get('rss_max')!.zkts.values, [120, 360]);
    assert.deepEqual(f.get('rss_min')!.zkts.values, [100, 300]);
    assert.deepEqual(f.get('startup')!.zookeeper.values, [2000, 4000]);
    assert.deepEqual(f.get('failover')!.zkts.values, [300, 900]);
    assert.deepEqual(f.get('idle_writes')!.zkts.values, [1, 1]);
    assert.deepEqual(f.get('after_create_writes')!.zkts.values, [4, 12]);
    assert.equal(f.has('scale_restart'), false);
  });

  it('adds the scale figures when there are scale runs', () => {
    const result = {
      znodes: 1000, size: 100, fillSeconds: 1, fillOpsPerSec: 1000, rssAfterFillMb: 300, rssAnonAfterFillMb: 250, rssFileAfterFillMb: 50,
      diskAllocatedMb: 50, diskApparentMb: 60, restartToFirstReadMs: 900, rssAfterRestartMb: 350, rssAnonAfterRestartMb: 300, rssFileAfterRestartMb: 50,
    };
    const f = new Map(compareFigures(records, [{ kind: 'zk-ts', result }, { kind: 'zookeeper', result: { ...result, restartToFirstReadMs: 1800 } }]).map((x) => [x.key, x]));
    assert.equal(f.get('scale_restart')!.ratio, 0.5);
    assert.equal(f.get('scale_restart')!.meets, false);
    assert.equal(f.get('scale_rss_filled')!.ratio, 1);
    assert.deepEqual(f.get('scale_rss_filled_anon')!.zkts.values, [250]);
    assert.match(f.get('scale_fill')!.label, /^1,000 znodes of 100 B, standalone/);
  });

  it('the backlog table lists every run and says whether each kind was quiet within a second', () => {
    const lines = backlogTable(records, 20).trimEnd().split('\n');
    assert.equal(lines[2], '| zk-ts | 12.5 / >20 | 0.0 / 0.0 | no |');
    assert.equal(lines[3], '| ZooKeeper 3.8 | 0.0 / 0.0 | 0.0 / 0.0 | yes |');
  });
});

describe('zk-bench progress', () => {
  it('renders a bar of the fraction done', () => {
    assert.equal(renderBar('fill', 0.5, 80, '500 znodes'), `fill [${'#'.repeat(20)}${'-'.repeat(20)}]  50% 500 znodes`);
    assert.match(renderBar('x', 2, 80), /\[#+\] 100%$/);
    assert.match(renderBar('x', NaN, 80), /\[-+\]   0%$/);
  });

  it('draws in place on a terminal, writes plain lines otherwise', () => {
    const tty: string[] = [];
    const p = new Progress({ isTTY: true, columns: 60, write: (s) => tty.push(s) });
    p.phase('load');
    p.update(1);
    p.note('done');
    assert.ok(tty.every((s) => !s.includes('\n') || s === 'done\n'));
    assert.ok(tty.some((s) => s.startsWith('\r\x1b[2Kload [')));
    const plain: string[] = [];
    const q = new Progress({ isTTY: false, write: (s) => plain.push(s) });
    q.phase('load');
    q.update(0.5);
    q.note('done');
    assert.deepEqual(plain, ['load\n', 'done\n']);
  });
});

describe('zk-bench /proc readings', () => {
  it('RSS and written bytes of this process', () => {
    assert.ok((rssMb(process.pid) ?? 0) > 1);
    const parts = rssParts(process.pid)!;
    assert.ok(parts.anonMb > 1 && parts.fileMb > 0);
    assert.ok(Math.abs(parts.anonMb + parts.fileMb - rssMb(process.pid)!) < 5, 'anonymous + file pages make up the RSS');
    assert.equal(typeof writeBytes(process.pid), 'number');
    assert.equal(rssMb(0x7ffffffe), null);
  });

  it('CPU time of this process, as the kernel counts it (ms, in 10 ms ticks)', () => {
    const before = cpuMs(process.pid)!;
    const own = process.cpuUsage();
    const until = Date.now() + 150;
    while (Date.now() < until); // ~150 ms of CPU
    const used = cpuMs(process.pid)! - before;
    const d = process.cpuUsage(own);
    const ownMs = (d.user + d.system) / 1000;
    assert.equal(used % 10, 0);
    assert.ok(Math.abs(used - ownMs) <= 30, `/proc says ${used} ms, process.cpuUsage ${ownMs} ms`);
    assert.equal(cpuMs(0x7ffffffe), null);
  });

  it('finds the process listening on a port', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (srv.address() as { port: number }).port;
      assert.deepEqual(pidsListeningOn([port]), [process.pid]);
    } finally {
      srv.close();
    }
  });

  it('disk use counts the files of a directory tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-du-'));
    try {
      writeFileSync(join(dir, 'a'), Buffer.alloc(10_000, 1));
      const du = diskUsage(dir);
      assert.equal(du.apparent, 10_000);
      assert.ok(du.allocated >= 8192);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the call counts of an strace -c summary', () => {
    const text = [
      'strace: Process 123 attached with 3 threads',
      '% time     seconds  usecs/call     calls    errors syscall',
      '------ ----------- ----------- --------- --------- ----------------',
      ' 91.20    0.034811         151       230           fdatasync',
      '  8.80    0.003360          12       270        4 write',
      '------ ----------- ----------- --------- --------- ----------------',
      '100.00    0.038171          76       500        4 total',
    ].join('\n');
    assert.deepEqual([...parseStraceSummary(text)], [['fdatasync', 230], ['write', 270]]);
  });
});
