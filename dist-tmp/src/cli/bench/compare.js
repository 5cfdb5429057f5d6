/**
 * `zk-bench compare` (npm run bench:compare): the same workloads against three fresh zk-ts
 * servers and three fresh Apache ZooKeeper 3.8 servers (same tickTime/initLimit/syncLimit, each
 * kind with its default fsync), interleaved A B A B, and a markdown table of medians, spreads
 * and ratios. One run of one kind, on fresh servers:
 *   startup of the three to the first create; 3 s of reads to warm up (not measured); 2 s to
 *   settle; disk writes at idle (1 s); get, exists, create, set throughput (S sessions × K in
 *   flight, spread evenly over the servers), each write load followed by the "no backlog"
 *   check; RSS of each server;
 *   set latency at 1 in flight with the client on a follower, then on the leader;
 *   failover: SIGKILL the leader → the next write.
 * With --scale, then also the standalone scale figures (fill N znodes, kill -9, restart to the
 * first read), interleaved the same way.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Cluster, sleep } from './cluster.js';
import { followAfterLoad, QUIET_TOLERANCE_BYTES, writeRates } from './backlog.js';
import { killLeaderToNextWrite, scale, startToFirstCreate } from './lifecycle.js';
import { countSyscalls, rssMb } from './proc.js';
import { figure, formatValue, markdownReport } from './report.js';
import { median } from './stats.js';
import { runLoad } from './workload.js';
/** Reads first: they warm both servers' request paths (and the JVM's JIT) without leaving disk work behind. */
const THROUGHPUT_OPS = ['get', 'exists', 'create', 'set'];
/** Seconds of unmeasured read load on fresh servers before anything is measured. */
const PRIME_SECONDS = 3;
const SYNC_CALLS = ['fsync', 'fdatasync'];
function emptyRecord(kind, run) {
    return { kind, run, error: null, startupMs: NaN, throughput: {}, latency: {}, rssMb: [], idleWriteBps: [], afterLoad: {}, syscalls: {}, failoverMs: NaN };
}
async function syncCalls(pids, ms) {
    const maps = await Promise.all(pids.map((pid) => countSyscalls(pid, SYNC_CALLS, ms)));
    return maps.map((m) => (m ? Object.fromEntries(m) : null));
}
async function oneRun(kind, run, total, o) {
    const rec = emptyRecord(kind, run);
    const p = o.progress;
    const tag = `run ${run}/${total} ${kind}`;
    const cluster = await Cluster.create({ ...o.cluster, kind, servers: 3 });
    try {
        p.phase(`${tag}: startup of 3 fresh servers`);
        rec.startupMs = await startToFirstCreate(cluster);
        await cluster.waitServing();
        const hosts = cluster.servers.map((s) => `127.0.0.1:${s.clientPort}`);
        p.phase(`${tag}: priming with ${PRIME_SECONDS} s of reads`);
        await runLoad({ hosts, op: 'get', sessions: o.sessions, inflight: o.inflight, seconds: PRIME_SECONDS, warmupSeconds: 0, size: o.size, driver: o.driver, progress: (f) => p.update(f) });
        await sleep(2000);
        const pids = cluster.servers.map((s) => cluster.pid(s.id));
        rec.idleWriteBps = await writeRates(pids, 1000);
        if (o.syscalls)
            rec.syscalls.idle = await syncCalls(pids, 1000);
        for (const op of THROUGHPUT_OPS) {
            p.phase(`${tag}: ${op} load, ${o.sessions} sessions × ${o.inflight} in flight`);
            const r = await runLoad({ hosts, op, sessions: o.sessions, inflight: o.inflight, seconds: o.seconds, warmupSeconds: o.warmupSeconds, size: o.size, driver: o.driver, progress: (f) => p.update(f) });
            rec.throughput[op] = r;
            p.note(`${tag}: ${op} ${Math.round(r.opsPerSec)} ops/s, p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms, errors ${r.errors}, client CPU ${Math.round(r.clientCpuPercent)}%`);
            if (op === 'create' || op === 'set') {
                p.phase(`${tag}: disk writes after the ${op} load`);
                const sys = o.syscalls && op === 'create' ? syncCalls(pids, 1000) : null;
                rec.afterLoad[op] = await followAfterLoad(pids, rec.idleWriteBps, o.quietCapSeconds * 1000);
                if (sys)
                    rec.syscalls.afterCreate = await sys;
                const q = rec.afterLoad[op].quietAfterSeconds;
                p.note(`${tag}: after the ${op} load: ${q === null ? `still writing after ${o.quietCapSeconds} s` : `quiet after ${q.toFixed(2)} s`}`);
            }
        }
        rec.rssMb = pids.map(rssMb);
        p.note(`${tag}: RSS ${rec.rssMb.map((r) => (r === null ? '?' : Math.round(r))).join(', ')} MiB`);
        const leader = await cluster.waitServing();
        const follower = cluster.servers.find((s) => s.id !== leader);
        for (const [where, id] of [['follower', follower.id], ['leader', leader]]) {
            p.phase(`${tag}: set latency at 1 in flight, client on the ${where}`);
            const r = await runLoad({ hosts: [`127.0.0.1:${cluster.server(id).clientPort}`], op: 'set', sessions: 1, inflight: 1, seconds: o.latencySeconds, warmupSeconds: 1, size: o.size, driver: o.driver, progress: (f) => p.update(f) });
            rec.latency[where] = r;
            p.note(`${tag}: set at 1 in flight on the ${where}: p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms`);
        }
        p.phase(`${tag}: failover (SIGKILL the leader)`);
        rec.failoverMs = (await killLeaderToNextWrite(cluster)).ms;
        p.note(`${tag}: startup ${Math.round(rec.startupMs)} ms, failover ${Math.round(rec.failoverMs)} ms`);
    }
    catch (e) {
        rec.error = e.message;
        p.note(`${tag}: failed: ${rec.error}`);
    }
    finally {
        await cluster.destroy();
    }
    return rec;
}
const maxOf = (xs) => {
    const v = xs.filter((x) => x !== null);
    return v.length ? Math.max(...v) : NaN;
};
const minOf = (xs) => {
    const v = xs.filter((x) => x !== null);
    return v.length ? Math.min(...v) : NaN;
};
/** The comparison table's figures from every run. */
export function compareFigures(records, scaleRecords = []) {
    const of = (kind, f) => records.filter((r) => r.kind === kind).map(f);
    const both = (key, label, unit, f, target = null) => figure(key, label, unit, of('zk-ts', f), of('zookeeper', f), target);
    const tp = (op) => (r) => r.throughput[op]?.opsPerSec ?? NaN;
    const lat = (where, q) => (r) => r.latency[where]?.latencyMs[q] ?? NaN;
    const kib = (xs) => maxOf(xs) / 1024;
    const figures = [
        both('create_ops', 'create, 3 servers', 'ops/s', tp('create'), { op: '>=', ratio: 2 }),
        both('set_ops', 'set, 3 servers', 'ops/s', tp('set'), { op: '>=', ratio: 2 }),
        both('get_ops', 'get, 3 servers', 'ops/s', tp('get'), { op: '>=', ratio: 2 }),
        both('exists_ops', 'exists, 3 servers', 'ops/s', tp('exists'), { op: '>=', ratio: 2 }),
        both('set_follower_p50', 'set at 1 in flight, client on a follower: p50', 'ms', lat('follower', 'p50'), { op: '<=', ratio: 0.7 }),
        both('set_follower_p99', 'same, p99', 'ms', lat('follower', 'p99'), { op: '<=', ratio: 0.7 }),
        both('set_leader_p50', 'set at 1 in flight, client on the leader: p50', 'ms', lat('leader', 'p50'), { op: '<=', ratio: 0.7 }),
        both('set_leader_p99', 'same, p99', 'ms', lat('leader', 'p99'), { op: '<=', ratio: 0.7 }),
        both('rss_max', 'RSS after the throughput runs, largest server', 'MiB', (r) => maxOf(r.rssMb), { op: '<=', ratio: 0.5 }),
        both('rss_min', 'same, smallest server', 'MiB', (r) => minOf(r.rssMb)),
        both('startup', 'startup of 3 fresh servers to the first create', 'ms', (r) => r.startupMs, { op: '<=', ratio: 0.25 }),
        both('failover', 'failover: SIGKILL the leader → next write', 'ms', (r) => r.failoverMs, { op: '<=', ratio: 0.5 }),
        both('idle_writes', 'disk writes at idle, busiest server', 'KiB/s', (r) => kib(r.idleWriteBps)),
        both('after_create_writes', 'disk writes in the 1st second after the create load, busiest server', 'KiB/s', (r) => kib(r.afterLoad.create?.firstSecond ?? [])),
        both('after_set_writes', 'same after the set load', 'KiB/s', (r) => kib(r.afterLoad.set?.firstSecond ?? [])),
    ];
    if (scaleRecords.length > 0) {
        const sc = (kind, f) => scaleRecords.filter((s) => s.kind === kind).map((s) => (s.result ? f(s.result) ?? NaN : NaN));
        const s2 = (key, label, unit, f, target = null) => figure(key, label, unit, sc('zk-ts', f), sc('zookeeper', f), target);
        const n = scaleRecords.find((s) => s.result)?.result?.znodes ?? 0;
        const what = `${n.toLocaleString('en-US')} znodes of 100 B, standalone`;
        figures.push(s2('scale_fill', `${what}: fill rate`, 'ops/s', (s) => s.fillOpsPerSec), s2('scale_rss_filled', `${what}: RSS after filling`, 'MiB', (s) => s.rssAfterFillMb, { op: '<=', ratio: 0.5 }), s2('scale_rss_filled_anon', 'same, of which anonymous memory (not mapped files)', 'MiB', (s) => s.rssAnonAfterFillMb), s2('scale_restart', `same, restart (kill -9) to first read served`, 'ms', (s) => s.restartToFirstReadMs, { op: '<=', ratio: 0.25 }), s2('scale_rss_restarted', `same, RSS after that restart`, 'MiB', (s) => s.rssAfterRestartMb, { op: '<=', ratio: 0.5 }), s2('scale_rss_restarted_anon', 'same, of which anonymous memory', 'MiB', (s) => s.rssAnonAfterRestartMb), s2('scale_disk', `same, disk use of the data directory`, 'MiB', (s) => s.diskAllocatedMb));
    }
    return figures;
}
/** The "no backlog" table: per kind, how long after the write loads the disk writes went on. */
export function backlogTable(records, capSeconds) {
    const rows = ['| server | quiet after the create load (s) | quiet after the set load (s) | no backlog (quiet within 1 s, every run) |', '|---|---|---|---|'];
    for (const kind of ['zk-ts', 'zookeeper']) {
        const rs = records.filter((r) => r.kind === kind && r.error === null);
        const cell = (op) => rs.map((r) => {
            const q = r.afterLoad[op]?.quietAfterSeconds;
            return q === undefined ? '—' : q === null ? `>${capSeconds}` : q.toFixed(1);
        }).join(' / ');
        const ok = rs.length > 0 && rs.every((r) => ['create', 'set'].every((op) => {
            const q = r.afterLoad[op]?.quietAfterSeconds;
            return q !== undefined && q !== null && q <= 1;
        }));
        rows.push(`| ${kind === 'zk-ts' ? 'zk-ts' : 'ZooKeeper 3.8'} | ${cell('create')} | ${cell('set')} | ${rs.length ? (ok ? 'yes' : 'no') : '—'} |`);
    }
    return rows.join('\n') + '\n';
}
function syscallNote(records) {
    const lines = [];
    for (const kind of ['zk-ts', 'zookeeper']) {
        const rs = records.filter((r) => r.kind === kind && r.syscalls.idle);
        if (!rs.length)
            continue;
        const total = (xs) => maxOf((xs ?? []).map((m) => (m ? SYNC_CALLS.reduce((a, s) => a + (m[s] ?? 0), 0) : null)));
        lines.push(`${kind}: fsync+fdatasync per second, busiest server: idle ${median(rs.map((r) => total(r.syscalls.idle)))}, first second after the create load ${median(rs.map((r) => total(r.syscalls.afterCreate)))} (strace -c -f, median of runs)`);
    }
    return lines.length ? lines.join('; ') : null;
}
export async function compare(o) {
    const second = o.first === 'zk-ts' ? 'zookeeper' : 'zk-ts';
    const order = [o.first, second];
    const started = new Date();
    const loadStart = loadavg();
    const records = [];
    const total = o.runs * 2;
    let n = 0;
    for (let i = 0; i < o.runs; i++)
        for (const kind of order)
            records.push(await oneRun(kind, ++n, total, o));
    const scaleRecords = [];
    if (o.scale) {
        for (let i = 0; i < o.scaleRuns; i++) {
            for (const kind of order) {
                try {
                    const result = await scale({ kind, znodes: o.scaleZnodes, size: o.size, sessions: o.sessions, inflight: o.inflight, driver: o.driver, cluster: o.cluster, progress: o.progress });
                    scaleRecords.push({ kind, run: i + 1, result, error: null });
                    o.progress.note(`scale ${kind}: RSS filled ${Math.round(result.rssAfterFillMb ?? NaN)} MiB, restart to first read ${Math.round(result.restartToFirstReadMs)} ms, RSS restarted ${Math.round(result.rssAfterRestartMb ?? NaN)} MiB`);
                }
                catch (e) {
                    scaleRecords.push({ kind, run: i + 1, result: null, error: e.message });
                    o.progress.note(`scale ${kind}: failed: ${e.message}`);
                }
            }
        }
    }
    const figures = compareFigures(records, scaleRecords);
    const c = o.cluster;
    const cpu = cpus();
    const failed = records.filter((r) => r.error).map((r) => `run ${r.run} (${r.kind}) failed: ${r.error.split('\n')[0]}`);
    const notes = [
        `load average (1/5/15 min) at the start ${loadStart.map((x) => x.toFixed(2)).join('/')}, at the end ${loadavg().map((x) => x.toFixed(2)).join('/')}; the load generator runs on the same machine as the servers`,
        `"quiet": the first one-second window in which every server wrote at most its idle rate + ${QUIET_TOLERANCE_BYTES / 1024} KiB (/proc/<pid>/io write_bytes), followed for at most ${o.quietCapSeconds} s`,
        ...failed,
    ];
    const sys = syscallNote(records);
    if (sys)
        notes.push(sys);
    const markdown = markdownReport({
        date: started.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
        runs: o.runs,
        order: order.map((k, i) => `${'AB'[i]} = ${k}`).join(', '),
        settings: `Three servers of each kind on 127.0.0.1, fresh data directories, tickTime=${c.tickTime} initLimit=${c.initLimit} syncLimit=${c.syncLimit}, each with its default fsync; ZooKeeper runs as the Debian package runs it (QuorumPeerMain, the JVM's default heap${c.jvmFlags?.length ? `, plus ${c.jvmFlags.join(' ')}` : ''}).`,
        driver: o.driver,
        load: `${o.sessions} sessions × ${o.inflight} in flight, ${o.size}-byte values, ${o.warmupSeconds} s warm-up then ${o.seconds} s measured per workload; latency: 1 session × 1 in flight for ${o.latencySeconds} s`,
        machine: `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${formatValue(totalmem() / 2 ** 20, 'MiB')} MiB RAM`,
        notes,
    }, figures, `No backlog (seconds from the end of each write load until the disk writes are back to idle, per run):\n\n${backlogTable(records, o.quietCapSeconds)}`);
    return { figures, records, scale: scaleRecords, markdown };
}
export function writeReport(path, markdown) {
    writeFileSync(path, markdown);
}
//# sourceMappingURL=compare.js.map