#!/usr/bin/env node
/**
 * Reads the hop trace files of a run (ZKTS_HOP_TRACE=DIR, docs/operations.md, "Hop trace") and
 * prints, for writes made one at a time (`zk-bench load --op set --sessions 1 --inflight 1`),
 * the median time of each hop since the client's bytes arrived.
 *
 *   node scripts/hop-trace.mjs DIR [--op 5] [--slow MS [--list]] [--json]
 *
 * With `--slow MS`, only the writes that took longer than MS on C count: their gaps, set against
 * the medians of all writes, show which hop a slow write (the latency's tail) waited in; a last
 * table counts the slow writes by their longest gap, and `--list` prints each slow write (its
 * start in ms, its longest gap and that gap's length) to stderr, to see whether they come at a
 * period (a timer, a collector) or at random.
 *
 * A write runs from `client-data` (the request's bytes read on the server the client talks to,
 * C) to the first `client-written` on C after its `reply-effect`; every stamp of every server in
 * between belongs to it (one write in flight, so nothing else is on the path but pings, which
 * are left out). Hops are named by role: C (the client's server), L (the leader, when it is not
 * C), F (the first follower to send its ACK, when it is not C), F2 (the other follower). Of each
 * hop, the first stamp in the write counts. Writes whose stamps do not show one proposal are
 * skipped (the creates before the run, a write cut by the end of a file).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--slow' && args[i - 1] !== '--op');
if (!dir) {
  console.error('usage: node scripts/hop-trace.mjs DIR [--op N] [--json]');
  process.exit(2);
}
const opAt = args.indexOf('--op');
const op = opAt >= 0 ? args[opAt + 1] : '5'; // setData
const asJson = args.includes('--json');
const slowAt = args.indexOf('--slow');
const slowMs = slowAt >= 0 ? Number(args[slowAt + 1]) : 0;
const listSlow = slowMs > 0 && args.includes('--list');

/** Hops keyed by the write's zxid (the others by an opcode, or nothing). */
const ZXID_KEYED = /^(append-|log-|applied|reply-effect|q-(sent|recv)-(PROPOSAL|ACK|COMMIT))/;

const stamps = [];
for (const name of readdirSync(dir).filter((n) => /^hops-.*\.tsv$/.test(n))) {
  for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
    if (!line) continue;
    const [t, sid, event, key] = line.split('\t');
    if (event.includes('PING')) continue;
    stamps.push({ t: BigInt(t), sid, event, key });
  }
}
stamps.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));

const offsets = new Map(); // label → [ms since client-data]
const gaps = new Map(); // 'a → b' → [ms], along the critical path

/** One hop of a path: its label, or the later of two (the leader commits on its own sync and the first ACK). */
const one = (label) => Object.assign((at) => at.get(label)?.[0], { label });
const later = (a, b) =>
  Object.assign((at) => (at.get(a) === undefined || at.get(b) === undefined ? undefined : at.get(a)[0] > at.get(b)[0] ? at.get(a)[0] : at.get(b)[0]), { label: `max(${a}, ${b})` });
/** The first stamp of `label` at or after the hop before it (a flush: there is one per turn, ticks included). */
const next = (label) => Object.assign((at, prev) => (prev === undefined ? undefined : at.get(label)?.find((t) => t >= prev)), { label: `${label} (next)` });
const pathName = (path, k) => path[k].label;
/** The critical path of a write with the client on the leader (C) and on a follower (C, leader L). */
const LEADER_PATH = [
  one('C client-data'), one('C client-decoded'), one('C core-stepped'), next('C flush'), one('C append-issued'), one('C q-sent-PROPOSAL'),
  one('F q-recv-PROPOSAL'), next('F flush'), one('F append-issued'), one('F log-written'), one('F log-synced'), one('F append-durable'),
  next('F flush'), one('F q-sent-ACK'), one('C q-recv-ACK'), later('C q-recv-ACK', 'C append-durable'), next('C flush'), one('C reply-effect'), one('C client-written'),
];
const FOLLOWER_PATH = [
  one('C client-data'), one('C client-decoded'), one('C core-stepped'), next('C flush'), one('C q-sent-REQUEST'), one('L q-recv-REQUEST'),
  next('L flush'), one('L append-issued'), one('L q-sent-PROPOSAL'), one('C q-recv-PROPOSAL'), next('C flush'), one('C append-issued'), one('C log-written'),
  one('C log-synced'), one('C append-durable'), next('C flush'), one('C q-sent-ACK'), one('L q-recv-ACK'),
  later('L q-recv-ACK', 'L append-durable'), next('L flush'), one('L q-sent-COMMIT'), one('C q-recv-COMMIT'), next('C flush'), one('C reply-effect'), one('C client-written'),
];
let writes = 0;
const paused = { all: { n: 0, hit: 0 }, slow: { hit: 0 } }; // writes with a collector's pause on their path
const longest = new Map(); // with --slow: gap → the slow writes whose longest gap it was
let skipped = 0;
const lastData = new Map(); // sid → index of its last client-data
for (let i = 0; i < stamps.length; i++) {
  const s = stamps[i];
  if (s.event === 'client-data') lastData.set(s.sid, i);
  if (s.event !== 'client-decoded' || s.key !== op) continue;
  const c = s.sid;
  const from = lastData.get(c) ?? i;
  let end = -1;
  let replied = false;
  for (let j = i + 1; j < stamps.length; j++) {
    const x = stamps[j];
    if (x.sid !== c) continue;
    if (x.event === 'client-decoded') break; // another request first: not one at a time
    if (x.event === 'reply-effect') replied = true;
    if (replied && x.event === 'client-written') {
      end = j;
      break;
    }
  }
  if (end < 0) {
    skipped++;
    continue;
  }
  const window = stamps.slice(from, end + 1);
  const proposals = new Set(window.filter((x) => x.event === 'q-sent-PROPOSAL').map((x) => `${x.sid}/${x.key}`));
  if (proposals.size !== 1) {
    skipped++;
    continue;
  }
  const [leader, zxid] = [...proposals][0].split('/');
  const acks = window.filter((x) => x.event === 'q-sent-ACK' && x.sid !== c).map((x) => x.sid);
  const others = [...new Set(window.map((x) => x.sid))].filter((sid) => sid !== c && sid !== leader);
  const first = acks[0] ?? others[0];
  const role = (sid) => (sid === c ? 'C' : sid === leader ? 'L' : sid === first ? 'F' : 'F2');
  // A collector's pause (gc-start / gc-end stamped in the write's window) on a server of its path.
  const pausedOn = new Set(window.filter((x) => x.event.startsWith('gc-')).map((x) => role(x.sid)).filter((r) => r !== 'F2'));
  const isSlow = Number(stamps[end].t - stamps[from].t) / 1e6 > slowMs;
  paused.all.n++;
  if (pausedOn.size > 0) paused.all.hit++;
  if (slowMs > 0 && !isSlow) continue;
  if (pausedOn.size > 0) paused.slow.hit++;
  const t0 = stamps[from].t;
  const seen = new Set();
  const at = new Map(); // label → its stamps in this write
  for (const x of window) {
    // A stamp of another write (a slow follower's sync of the previous one) is not this write's.
    if (ZXID_KEYED.test(x.event) && x.key !== zxid) continue;
    const label = `${role(x.sid)} ${x.event}`;
    if (!at.has(label)) at.set(label, []);
    at.get(label).push(x.t);
    if (seen.has(label)) continue;
    seen.add(label);
    if (!offsets.has(label)) offsets.set(label, []);
    offsets.get(label).push(Number(x.t - t0) / 1e6);
  }
  const path = leader === c ? LEADER_PATH : FOLLOWER_PATH;
  const times = [];
  for (let k = 0; k < path.length; k++) times.push(path[k](at, times[k - 1]));
  if (slowMs > 0) {
    let worst = null;
    for (let k = 1; k < path.length; k++) {
      if (times[k - 1] === undefined || times[k] === undefined) continue;
      const ms = Number(times[k] - times[k - 1]) / 1e6;
      if (!worst || ms > worst.ms) worst = { key: `${pathName(path, k - 1)} → ${pathName(path, k)}`, ms };
    }
    if (worst) {
      const w = longest.get(worst.key) ?? { n: 0, ms: [] };
      w.n++;
      w.ms.push(worst.ms);
      if (listSlow) console.error(`${(Number(stamps[from].t) / 1e6).toFixed(1)}\t${worst.ms.toFixed(2)}\t${worst.key}`);
      longest.set(worst.key, w);
    }
  }
  for (let k = 1; k < path.length; k++) {
    const a = times[k - 1];
    const b = times[k];
    if (a === undefined || b === undefined) continue;
    const key = `${pathName(path, k - 1)} → ${pathName(path, k)}`;
    if (!gaps.has(key)) gaps.set(key, []);
    gaps.get(key).push(Number(b - a) / 1e6);
  }
  writes++;
}

const quantile = (xs, q) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(q * v.length))];
};
const rows = [...offsets.entries()]
  .filter(([, xs]) => xs.length >= writes / 2)
  .map(([label, xs]) => ({ label, n: xs.length, p50: quantile(xs, 0.5), p90: quantile(xs, 0.9) }))
  .sort((a, b) => a.p50 - b.p50);
const path = [...gaps.entries()].map(([hop, xs]) => ({ hop, n: xs.length, p50: quantile(xs, 0.5), p90: quantile(xs, 0.9) }));
if (asJson) {
  console.log(JSON.stringify({ writes, skipped, rows, path }));
} else {
  const which = slowMs > 0 ? ` slower than ${slowMs} ms` : '';
  console.log(`${writes} writes${which} (${skipped} skipped); ms since the request's bytes arrived on C`);
  console.log('| hop | p50 | gap | p90 | n |');
  console.log('|---|---|---|---|---|');
  let prev = 0;
  for (const r of rows) {
    console.log(`| ${r.label} | ${r.p50.toFixed(3)} | ${(r.p50 - prev).toFixed(3)} | ${r.p90.toFixed(3)} | ${r.n} |`);
    prev = r.p50;
  }
  console.log('');
  console.log('critical path, per write (median and p90 of each gap, ms)');
  console.log('| gap | p50 | p90 | n |');
  console.log('|---|---|---|---|');
  let sum = 0;
  for (const g of path) {
    sum += g.p50;
    console.log(`| ${g.hop} | ${g.p50.toFixed(3)} | ${g.p90.toFixed(3)} | ${g.n} |`);
  }
  console.log(`| sum of the medians | ${sum.toFixed(3)} | | |`);
  if (slowMs > 0) {
    console.log('');
    console.log('the longest gap of each slow write');
    console.log('| gap | writes | its median, ms |');
    console.log('|---|---|---|');
    for (const [k, w] of [...longest.entries()].sort((a, b) => b[1].n - a[1].n)) console.log(`| ${k} | ${w.n} | ${quantile(w.ms, 0.5).toFixed(3)} |`);
    const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '0.0');
    console.log('');
    console.log(`a collector's pause on C, L or F during the write: ${paused.slow.hit} of the ${writes} slow writes (${pct(paused.slow.hit, writes)} %), ${paused.all.hit} of all ${paused.all.n} writes (${pct(paused.all.hit, paused.all.n)} %)`);
  }
}
