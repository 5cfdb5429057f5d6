#!/usr/bin/env node
// Where the RSS of each server goes after bench:compare's throughput loads (docs/performance.md,
// section 16). The same sequence as `zk-bench compare` up to its RSS reading (3 fresh servers,
// 3 s of get priming, then get, exists, create and set loads of 8 sessions × 64 in flight), then
// per server: VmRSS, RssAnon/RssFile, the largest mappings from /proc/PID/smaps, the znode count
// (mntr), and for zk-ts process.memoryUsage() and V8's heap spaces (a preloaded probe writes
// them to a file on SIGUSR2).
//
//   flock -o /tmp/zkts-heavy.lock node scripts/rss-after-load.mjs --kind zk-ts [--root DIR]
//     [--seconds 8] [--warmup 2] [--node-flags '--max-semi-space-size=8'] [--ops get,exists,create,set]
//
// --root: the checkout whose bench and server run (default: this one), e.g. /work/wt/base.
// One JSON line on stdout; a readable summary on stderr.
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';

const { values: a } = parseArgs({
  options: {
    kind: { type: 'string', default: 'zk-ts' },
    root: { type: 'string', default: resolve(dirname(fileURLToPath(import.meta.url)), '..') },
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    'node-flags': { type: 'string', default: '' },
    ops: { type: 'string', default: 'get,exists,create,set' },
    settle: { type: 'string', default: '0' },
    trim: { type: 'boolean', default: false },
  },
});
const root = resolve(a.root);
const bench = (m) => import(pathToFileURL(join(root, 'dist/src/cli/bench', m)).href);
const { Cluster, fourLetter, sleep } = await bench('cluster.js');
const { runLoad } = await bench('workload.js');
const { startToFirstCreate } = await bench('lifecycle.js');

const probeDir = mkdtempSync(join(tmpdir(), 'rss-probe-'));
const probeFile = join(dirname(fileURLToPath(import.meta.url)), 'mem-probe.cjs');
process.env.ZKTS_MEM_PROBE_DIR = probeDir;

const kind = a.kind;
const nodeFlags = [...a['node-flags'].split(/\s+/).filter(Boolean), '--require', probeFile];
const cluster = await Cluster.create({ kind, servers: 3, nodeFlags: kind === 'zk-ts' ? nodeFlags : [] });
const MB = 1024 * 1024;
const out = { kind, root, nodeFlags: a['node-flags'], loads: {}, servers: [] };
try {
  await startToFirstCreate(cluster);
  await cluster.waitServing();
  const hosts = cluster.servers.map((s) => `127.0.0.1:${s.clientPort}`);
  const common = { hosts, sessions: 8, inflight: 64, size: 100, driver: 'zk-ts' };
  await runLoad({ ...common, op: 'get', seconds: 3, warmupSeconds: 0 });
  await sleep(2000);
  for (const op of a.ops.split(',')) {
    const r = await runLoad({ ...common, op, seconds: Number(a.seconds), warmupSeconds: Number(a.warmup) });
    out.loads[op] = Math.round(r.opsPerSec);
    process.stderr.write(`${kind} ${op}: ${Math.round(r.opsPerSec)} ops/s, errors ${r.errors}\n`);
    // compare reads the disk writes for ≥ 1 s after these two loads (its no-backlog check)
    if (op === 'create' || op === 'set') await sleep(1300);
  }
  await sleep(Number(a.settle) * 1000);
  const leader = await cluster.waitServing();
  for (const s of cluster.servers) {
    const pid = cluster.pid(s.id);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    const mntr = await fourLetter(s.clientPort, 'mntr');
    const znodes = Number(/zk_znode_count\s+(\d+)/.exec(mntr)?.[1] ?? NaN);
    const maps = smapsByName(pid);
    let mem = null;
    if (kind === 'zk-ts') {
      process.kill(pid, 'SIGUSR2');
      const f = join(probeDir, `mem-${pid}.json`);
      for (let i = 0; i < 50 && !existsSync(f); i++) await sleep(100);
      if (existsSync(f)) mem = JSON.parse(readFileSync(f, 'utf8'));
      const g = join(probeDir, `gc-${pid}.json`);
      for (let i = 0; i < 50 && !existsSync(g); i++) await sleep(100);
      if (mem && existsSync(g)) mem.afterGc = JSON.parse(readFileSync(g, 'utf8'));
      if (mem && a.trim) {
        // What glibc holds free (holes in its arenas): malloc_trim(0) gives it back.
        spawnSync('gdb', ['-p', String(pid), '-batch', '-ex', 'call (int)malloc_trim(0)'], { stdio: 'ignore' });
        mem.afterTrimMb = rssOf(pid);
      }
    }
    out.servers.push({ id: s.id, leader: s.id === leader, pid, rssMb: kb('VmRSS') / 1024, anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024, znodes, maps: maps.slice(0, 12), mem });
  }
} finally {
  await cluster.destroy();
  rmSync(probeDir, { recursive: true, force: true });
}
for (const s of out.servers) {
  const f = (x) => x.toFixed(1);
  process.stderr.write(`server ${s.id}${s.leader ? ' (leader)' : ''}: RSS ${f(s.rssMb)} MiB = anon ${f(s.anonMb)} + file ${f(s.fileMb)}, znodes ${s.znodes}\n`);
  for (const m of s.maps.slice(0, 8)) process.stderr.write(`   ${f(m.rssKb / 1024).padStart(7)} MiB  anon ${f(m.anonKb / 1024).padStart(7)}  ${m.name}\n`);
  if (s.mem) {
    const u = s.mem.usage;
    process.stderr.write(`   heapTotal ${f(u.heapTotal / MB)} heapUsed ${f(u.heapUsed / MB)} external ${f(u.external / MB)} arrayBuffers ${f(u.arrayBuffers / MB)} MiB\n`);
    if (s.mem.afterGc) {
      const g = s.mem.afterGc; const gu = g.usage;
      process.stderr.write(`   after a full gc: RSS ${f(g.proc.rss / 1024)} = anon ${f(g.proc.anon / 1024)} + file ${f(g.proc.file / 1024)}; heapTotal ${f(gu.heapTotal / MB)} heapUsed ${f(gu.heapUsed / MB)} arrayBuffers ${f(gu.arrayBuffers / MB)}\n`);
    }
    if (s.mem.afterTrimMb) process.stderr.write(`   after malloc_trim(0): RSS ${f(s.mem.afterTrimMb.rss)} = anon ${f(s.mem.afterTrimMb.anon)}\n`);
    process.stderr.write(`   spaces: ${Object.entries(s.mem.spaces).map(([k, v]) => `${k} ${f(v.physical / MB)}/${f(v.used / MB)}`).join(', ')} (physical/used MiB)\n`);
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);

function rssOf(pid) {
  const t = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(t)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
}

/** Resident and anonymous kB per mapping name (anonymous mappings grouped as "[anon]"), largest first. */
function smapsByName(pid) {
  const by = new Map();
  let cur = null;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\d+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1] || '[anon]';
      cur = by.get(name) ?? { name, rssKb: 0, anonKb: 0, count: 0 };
      cur.count++;
      by.set(name, cur);
      continue;
    }
    const m = /^(Rss|Anonymous):\s+(\d+) kB/.exec(line);
    if (m && cur) m[1] === 'Rss' ? (cur.rssKb += Number(m[2])) : (cur.anonKb += Number(m[2]));
  }
  return [...by.values()].sort((x, y) => y.rssKb - x.rssKb);
}
