/**
 * zk-bench: measures, never asserts. Every run prints exactly one JSON line on stdout (its
 * fields are in docs/bench.md); progress and a human summary go to stderr (a progress bar when
 * stderr is a terminal).
 *
 *   zk-bench load      --target CONNECT|zk-ts|zookeeper [--op create|set|get|exists|mixed]
 *                      [--sessions 4] [--inflight 32] [--seconds 10] [--size 100] [--driver zk-ts]
 *     throughput and latency of a workload against any servers (or ones it launches), with each
 *     server's RSS. --server and --clients are the older names of --target and --sessions.
 *   zk-bench startup   [--target zk-ts|zookeeper] [--servers 3] [--runs 1]
 *     launch fresh servers and time them to the first successful create.
 *   zk-bench scale     [--target zk-ts|zookeeper] [--znodes 1000000] [--size 100]
 *     fill a standalone server, RSS, disk use; kill -9, restart, time to the first read, RSS.
 *   zk-bench failover  [--target zk-ts|zookeeper] [--election basic|fast] [--servers 3] [--runs 10]
 *   zk-bench transfer  [--election basic|fast] [--servers 3] [--runs 5]
 *     SIGKILL the leader, time until a new leader serves a write; median and spread of the runs.
 *   zk-bench compare   [--runs 3] [--scale] [--out FILE]      (npm run bench:compare)
 *     the workloads above against zk-ts and Apache ZooKeeper 3.8, interleaved, as a markdown table.
 */
import { hideBin } from 'yargs/helpers';
import { benchCli, type BenchCommands } from './bench/args.js';
import { Cluster } from './bench/cluster.js';
import { compare, writeReport } from './bench/compare.js';
import { killLeaderToNextWrite, scale, startToFirstCreate, writeGapAround, yieldLeadership } from './bench/lifecycle.js';
import { pidsListeningOn, rssMb } from './bench/proc.js';
import { Progress } from './bench/progress.js';
import { emitJson } from './bench/report.js';
import { summarize } from './bench/stats.js';
import { runLoad } from './bench/workload.js';
import { loadClientConfigFile } from '../client/index.js';

const progress = new Progress();
const say = (line: string) => progress.note(line);
const f1 = (x: number | null) => (x !== null && Number.isFinite(x) ? x.toFixed(1) : '?');

const commands: BenchCommands = {
  async load(a) {
    let cluster: Cluster | null = null;
    try {
      let hosts: string[];
      let servers: { address: string; pid: number | null }[];
      if ('kind' in a.target) {
        cluster = await Cluster.create({ ...a.cluster, kind: a.target.kind, servers: a.servers });
        progress.phase(`starting ${a.servers} ${a.target.kind} server(s)`);
        cluster.startAll();
        const leader = await cluster.waitServing();
        const chosen = cluster.servers.filter((s) => a.on === 'all' || (a.on === 'leader') === (s.id === leader));
        if (chosen.length === 0) throw new Error(`no ${a.on} among the launched servers`);
        hosts = chosen.map((s) => `127.0.0.1:${s.clientPort}`);
        servers = cluster.servers.map((s) => ({ address: `127.0.0.1:${s.clientPort}`, pid: cluster!.pid(s.id) }));
      } else {
        const t = a.target;
        hosts = t.hosts;
        const pids = a.serverPids.length ? a.serverPids : pidsListeningOn(t.ports);
        servers = pids.map((pid, i) => ({ address: a.serverPids.length ? `pid ${pid}` : (t.hosts[i] ?? `pid ${pid}`), pid }));
      }
      progress.phase(`${a.op} load on ${hosts.join(',')}: ${a.sessions} sessions × ${a.inflight} in flight, ${a.size} B, ${a.warmup} s warm-up + ${a.seconds} s`);
      if (a.clientConfiguration !== undefined && a.driver !== 'zk-ts') throw new Error('--client-configuration needs the zk-ts driver');
      const security = a.clientConfiguration === undefined ? undefined : loadClientConfigFile(a.clientConfiguration);
      const { serverCpuUsPerOp, ...r } = await runLoad({
        hosts, security, op: a.op, sessions: a.sessions, inflight: a.inflight, seconds: a.seconds, warmupSeconds: a.warmup, size: a.size, driver: a.driver,
        serverPids: servers.map((s) => s.pid), progress: (f) => progress.update(f),
      });
      const withRss = servers.map((s, i) => ({ ...s, rssMb: s.pid === null ? null : rssMb(s.pid), cpuUsPerOp: serverCpuUsPerOp[i] ?? null }));
      say(
        `${r.op}: ${Math.round(r.opsPerSec)} ops/s (${r.ops} ops, ${r.errors} errors${r.firstError ? `, first: ${r.firstError}` : ''}), ` +
          `latency ms p50 ${r.latencyMs.p50.toFixed(2)} p90 ${r.latencyMs.p90.toFixed(2)} p99 ${r.latencyMs.p99.toFixed(2)} max ${r.latencyMs.max.toFixed(2)}, ` +
          `client CPU ${Math.round(r.clientCpuPercent)}%` +
          (withRss.some((s) => s.rssMb !== null) ? `; server RSS MiB ${withRss.map((s) => f1(s.rssMb)).join(', ')}` : '') +
          (withRss.some((s) => s.cpuUsPerOp !== null) ? `; server CPU µs per op ${withRss.map((s) => (s.cpuUsPerOp === null ? '?' : Math.round(s.cpuUsPerOp))).join(', ')}` : ''),
      );
      emitJson({ bench: 'load', target: a.targetSpec, hosts, warmupSeconds: a.warmup, ...r, servers: withRss });
    } finally {
      await cluster?.destroy();
    }
  },

  async startup(a) {
    const values: number[] = [];
    for (let run = 1; run <= a.runs; run++) {
      const cluster = await Cluster.create({ ...a.cluster, kind: a.kind, servers: a.servers });
      try {
        progress.phase(`startup ${run}/${a.runs}: ${a.servers} fresh ${a.kind} server(s) to the first create`);
        const ms = await startToFirstCreate(cluster);
        values.push(ms);
        say(`run ${run}: first create after ${Math.round(ms)} ms`);
      } finally {
        await cluster.destroy();
      }
    }
    const s = summarize(values);
    emitJson({ bench: 'startup', target: a.kind, servers: a.servers, tickTime: a.cluster.tickTime, runs: a.runs, ms: s.median, minMs: s.min, maxMs: s.max, values });
  },

  async scale(a) {
    const r = await scale({ kind: a.kind, znodes: a.znodes, size: a.size, sessions: a.sessions, inflight: a.inflight, driver: a.driver, cluster: a.cluster, progress });
    say(
      `${a.kind}: ${r.znodes} znodes of ${r.size} B in ${r.fillSeconds.toFixed(1)} s (${Math.round(r.fillOpsPerSec)}/s); RSS ${f1(r.rssAfterFillMb)} MiB; ` +
        `disk ${f1(r.diskAllocatedMb)} MiB; restart to first read ${Math.round(r.restartToFirstReadMs)} ms; RSS after restart ${f1(r.rssAfterRestartMb)} MiB`,
    );
    emitJson({ bench: 'scale', target: a.kind, driver: a.driver, ...r });
  },

  async failover(a) {
    const cluster = await Cluster.create({ ...a.cluster, kind: a.kind, servers: a.servers });
    const values: number[] = [];
    try {
      progress.phase(`starting ${a.servers} ${a.kind} servers`);
      cluster.startAll();
      for (let run = 1; run <= a.runs; run++) {
        progress.phase(`failover ${run}/${a.runs}`);
        const r = await killLeaderToNextWrite(cluster);
        values.push(r.ms);
        say(`run ${run}: leader ${r.killed} killed, new leader serving after ${Math.round(r.ms)} ms`);
        cluster.start(r.killed);
      }
    } finally {
      await cluster.destroy();
    }
    const s = summarize(values);
    const election = a.kind === 'zk-ts' ? a.election : 'fast';
    say(`${a.kind} election=${election} servers=${a.servers} runs=${a.runs}: median ${Math.round(s.median)} ms, min ${Math.round(s.min)} ms, max ${Math.round(s.max)} ms`);
    emitJson({ bench: 'failover', target: a.kind, election, servers: a.servers, tickTime: a.cluster.tickTime, runs: a.runs, ms: s.median, minMs: s.min, maxMs: s.max, values });
  },

  async transfer(a) {
    const cluster = await Cluster.create({ ...a.cluster, kind: 'zk-ts', servers: a.servers });
    const transfer: number[] = [];
    const kill: number[] = [];
    const hang: number[] = [];
    try {
      progress.phase(`starting ${a.servers} zk-ts servers`);
      cluster.startAll();
      for (let run = 1; run <= a.runs; run++) {
        progress.phase(`transfer ${run}/${a.runs}`);
        const t = await writeGapAround(cluster, (leader) => yieldLeadership(cluster, leader));
        transfer.push(t.gapMs);
        progress.phase(`SIGKILL ${run}/${a.runs}`);
        const k = await writeGapAround(cluster, (leader) => cluster.kill(leader, 'SIGKILL'));
        kill.push(k.gapMs);
        cluster.start(k.leader);
        await cluster.waitServing();
        // A hung or cut-off leader (SIGSTOP): its sockets stay open, so the followers wait
        // syncLimit ticks before they look for another: the election timeout a transfer avoids.
        progress.phase(`SIGSTOP ${run}/${a.runs}`);
        const h = await writeGapAround(cluster, async (leader) => void process.kill(cluster.pid(leader)!, 'SIGSTOP'));
        hang.push(h.gapMs);
        await cluster.kill(h.leader, 'SIGKILL');
        cluster.start(h.leader);
        await cluster.waitServing();
        say(
          `run ${run}: longest write gap ${Math.round(t.gapMs)} ms handing over from server ${t.leader}, ${Math.round(k.gapMs)} ms killing server ${k.leader}, ` +
            `${Math.round(h.gapMs)} ms stopping server ${h.leader}`,
        );
      }
    } finally {
      await cluster.destroy();
    }
    const st = summarize(transfer);
    const sk = summarize(kill);
    const sh = summarize(hang);
    say(
      `zk-ts election=${a.election} servers=${a.servers} runs=${a.runs}: longest write gap, median: ` +
        `transfer ${Math.round(st.median)} ms, SIGKILL ${Math.round(sk.median)} ms, SIGSTOP ${Math.round(sh.median)} ms`,
    );
    emitJson({
      bench: 'transfer',
      election: a.election,
      servers: a.servers,
      tickTime: a.cluster.tickTime,
      runs: a.runs,
      transferGapMs: st.median,
      killGapMs: sk.median,
      stopGapMs: sh.median,
      transferValues: transfer,
      killValues: kill,
      stopValues: hang,
    });
  },

  async compare(a) {
    const r = await compare({
      runs: a.runs,
      seconds: a.seconds,
      warmupSeconds: a.warmup,
      sessions: a.sessions,
      inflight: a.inflight,
      size: a.size,
      driver: a.driver,
      latencySeconds: a.latencySeconds,
      quietCapSeconds: a.quietCap,
      syscalls: a.syscalls,
      scale: a.scale,
      scaleZnodes: a.scaleZnodes,
      scaleRuns: a.scaleRuns,
      cluster: a.cluster,
      first: a.first,
      progress,
    });
    if (a.out) writeReport(a.out, r.markdown);
    say('\n' + r.markdown + (a.out ? `\n(written to ${a.out})` : ''));
    emitJson({ bench: 'compare', out: a.out, figures: r.figures, runs: r.records, scale: r.scale });
  },
};

benchCli(hideBin(process.argv), commands)
  .parseAsync()
  .then(() => {
    progress.clear();
    process.exit(0);
  })
  .catch((e: Error) => {
    progress.clear();
    process.stderr.write(`zk-bench: ${e.message}\n`);
    process.exit(1);
  });
