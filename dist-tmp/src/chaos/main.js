/**
 * zk-chaos: the fault bench's command line (npm run chaos -- ...; bin/zk-chaos).
 *
 *   npm run chaos -- --servers 3 --duration 60 --nemesis kill,pause,partition,delay,disk --seed 7
 *   npm run chaos -- --target zookeeper --servers 3 --duration 60 --seed 7
 *
 * Exit status: 0 when no acknowledged write was lost, the history is linearizable and every end
 * check passed; 1 when any of that failed (or the search could not decide); 2 on bad usage or
 * when the bench itself could not run (not root, no compiler, the ensemble never formed).
 */
import { parseArgs } from 'node:util';
import * as bench from './bench.js';
import { isTarget } from './options.js';
import { NEMESIS_KINDS } from './schedule.js';
const USAGE = `usage: npm run chaos -- [options]
  --target zk-ts|zookeeper   the servers to test (default zk-ts; zookeeper = Apache ZooKeeper 3.8 from Debian)
  --servers N                ensemble size, 1..7 (default 3)
  --duration S               seconds of faults and load (default 60)
  --nemesis LIST             comma list of ${NEMESIS_KINDS.join(',')}, or none (default: all)
  --seed N                   seeds the fault schedule and the clients (default: random, printed)
  --clients N                concurrent client sessions (default 5)
  --keep                     keep the run directory (server logs, history.jsonl, report.json)
  --dir DIR                  where to make the run directory (default: the system temp dir)
  --json                     print the report as JSON
Needs root (network namespaces), iproute2, util-linux (setpriv) and a C compiler.`;
function fail(message) {
    process.stderr.write(`zk-chaos: ${message}\n\n${USAGE}\n`);
    process.exit(2);
}
function int(name, v, def, min, max) {
    if (v === undefined)
        return def;
    if (!/^\d+$/.test(v))
        fail(`--${name} must be a whole number, got '${v}'`);
    const n = Number(v);
    if (n < min || n > max)
        fail(`--${name} must be between ${min} and ${max}, got ${n}`);
    return n;
}
async function main() {
    let values;
    try {
        values = parseArgs({
            options: {
                target: { type: 'string' },
                servers: { type: 'string' },
                duration: { type: 'string' },
                nemesis: { type: 'string' },
                seed: { type: 'string' },
                clients: { type: 'string' },
                keep: { type: 'boolean' },
                dir: { type: 'string' },
                json: { type: 'boolean' },
                help: { type: 'boolean', short: 'h' },
            },
            strict: true,
            allowPositionals: false,
        }).values;
    }
    catch (e) {
        fail(e.message);
    }
    if (values.help) {
        process.stdout.write(USAGE + '\n');
        return;
    }
    const target = values.target ?? 'zk-ts';
    if (!isTarget(target))
        fail(`--target must be zk-ts or zookeeper, got '${target}'`);
    const nemesisText = values.nemesis ?? NEMESIS_KINDS.join(',');
    const nemesis = [];
    if (nemesisText !== 'none') {
        for (const k of nemesisText.split(',').map((s) => s.trim()).filter(Boolean)) {
            if (!NEMESIS_KINDS.includes(k))
                fail(`unknown nemesis '${k}' (known: ${NEMESIS_KINDS.join(', ')}, none)`);
            if (!nemesis.includes(k))
                nemesis.push(k);
        }
    }
    const servers = int('servers', values.servers, 3, 1, 7);
    if (nemesis.includes('partition') && servers < 3)
        fail('partitions need at least 3 servers');
    const opts = {
        target,
        servers,
        durationSec: int('duration', values.duration, 60, 5, 24 * 3600),
        nemesis,
        seed: int('seed', values.seed, Math.floor(Math.random() * 1_000_000), 0, 2 ** 31 - 1),
        clients: int('clients', values.clients, 5, 1, 64),
        keep: Boolean(values.keep),
        dir: values.dir,
    };
    if (process.getuid?.() !== 0)
        fail('the bench needs root (it creates network namespaces and TAP devices)');
    const tty = process.stderr.isTTY;
    let lastTransient = 0;
    const progress = (line, transient) => {
        if (transient) {
            if (tty)
                process.stderr.write(`\r\x1b[K${line}`);
            else if (Date.now() - lastTransient >= 5000) {
                lastTransient = Date.now();
                process.stderr.write(line + '\n');
            }
            return;
        }
        process.stderr.write(`${tty ? '\r\x1b[K' : ''}${line}\n`);
    };
    process.stderr.write(`zk-chaos: target ${opts.target}, ${opts.servers} servers, ${opts.durationSec} s, nemesis ${nemesis.join(',') || 'none'}, seed ${opts.seed}\n`);
    let report;
    try {
        report = await bench.runBench({ ...opts, progress });
    }
    catch (e) {
        if (bench.terminating)
            return; // a signal handler is tearing down and will exit
        process.stderr.write(`${tty ? '\n' : ''}zk-chaos: the bench could not complete: ${e.stack ?? e}\n`);
        process.exit(2);
    }
    if (bench.terminating)
        return;
    if (tty)
        process.stderr.write('\r\x1b[K');
    process.stdout.write(values.json ? JSON.stringify(report, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v), 2) + '\n' : formatReport(report));
    process.exit(report.ok ? 0 : 1);
}
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;
export function formatReport(r) {
    const out = [];
    const line = (s = '') => out.push(s);
    line(`zk-chaos report: ${r.target}, ${r.servers} servers, ${r.durationSec} s, ${r.clients} clients, nemesis ${r.nemesis.join(',') || 'none'}, seed ${r.seed}`);
    line();
    const o = r.operations;
    line(`operations: ${o.tried} tried, ${o.ok} acknowledged, ${o.failed} failed, ${o.indeterminate} indeterminate (+ ${o.finalReads} final reads)`);
    line();
    line(`faults: ${r.faults.length} (${Object.entries(r.faultsByKind).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'})`);
    for (const f of r.faults) {
        line(`  ${sec(f.startMs).padStart(7)} .. ${f.endMs === null ? '   ?   ' : sec(f.endMs).padStart(7)}  ${f.kind.padEnd(9)} ${f.what}: ${f.detail}`);
    }
    if (r.crashes.length > 0) {
        line();
        line(`servers that exited by themselves: ${r.crashes.length}`);
        for (const c of r.crashes) {
            line(`  ${sec(c.atMs).padStart(7)}  server ${c.server}: ${c.exit}${c.during ? ` during "${c.during}"` : ' (no fault on it)'}; restarted ${c.restartedAtMs === null ? 'never' : `at ${sec(c.restartedAtMs)}`}`);
            for (const l of c.logTail.split('\n').slice(-4))
                line(`      | ${l.slice(0, 200)}`);
        }
    }
    line();
    line(`acknowledged writes lost: ${r.lostWrites.length}`);
    for (const l of r.lostWrites.slice(0, 20))
        line(`  ${l}`);
    const e = r.endChecks;
    line();
    line('end checks (every server, read alone after a sync):');
    line(`  servers read: ${e.serversChecked.join(', ') || 'none'}${e.unreachable.length ? `; unreachable: ${e.unreachable.join('; ')}` : ''}`);
    line(`  whole tree: ${e.treeDifferences.length === 0 ? `identical on every server (${e.treeNodes} nodes)` : `DIFFERS:`}`);
    for (const d of e.treeDifferences)
        line(`    ${d}`);
    line(`  zxids per session: ${e.zxidRegressions.length === 0 ? `never decreased (${e.sessions} sessions)` : 'WENT BACKWARDS:'}`);
    for (const d of e.zxidRegressions)
        line(`    ${d}`);
    line(`  ephemerals of ended sessions: ${e.ephemeralsLeft.length === 0 ? 'all gone' : `${e.ephemeralsLeft.length} LEFT:`}`);
    for (const d of e.ephemeralsLeft.slice(0, 10))
        line(`    ${d}`);
    const l = r.linearizability;
    line();
    line(`linearizability: ${l.verdict.toUpperCase()} (${l.operations} operations in ${l.partitions} objects, searched in ${l.searchMs} ms)`);
    for (const f of l.failures) {
        line(`  ${f.partition}: ${f.explanation}`);
        line('  minimal counterexample (times in s since the start of the load):');
        for (const c of f.counterexample)
            line(`    ${c}`);
    }
    if (l.unknown.length > 0)
        line(`  search gave up on: ${l.unknown.join(', ')}`);
    line();
    const u = r.unavailability;
    line(`longest window without a successful write: ${sec(u.longestMs)} (from ${sec(u.fromMs)} to ${sec(u.toMs)})`);
    if (r.runDir)
        line(`kept: ${r.runDir} (s<id>.log, history.jsonl, events.log, report.json)`);
    line(`seed: ${r.seed}`);
    line(`result: ${r.ok ? 'PASS' : 'FAIL'}`);
    return out.join('\n') + '\n';
}
// Run only as the entry point (the test imports formatReport).
if (process.argv[1] && /zk-chaos$|chaos[\\/]main\.js$/.test(process.argv[1])) {
    void main();
}
//# sourceMappingURL=main.js.map