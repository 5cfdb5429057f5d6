#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (node --cpu-prof): the functions with the most self time and the
// most total (inclusive) time, as ms and % of the profile, with file:line. No dependencies.
// Usage: node scripts/cpuprofile-top.mjs FILE.cpuprofile [--top 30] [--filter SUBSTRING]
//          [--from S] [--to S] (only samples in that window, seconds from the profile's start)
//          [--timeline] (the busy (non-idle) share of each second, to find the window)
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!file) {
  console.error('usage: node scripts/cpuprofile-top.mjs FILE.cpuprofile [--top 30] [--filter SUBSTRING] [--from S] [--to S] [--timeline]');
  process.exit(2);
}
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const top = Number(opt('top', 30));
const filter = opt('filter', null);
const fromUs = Number(opt('from', 0)) * 1e6;
const toUs = Number(opt('to', Infinity)) * 1e6;

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
const selfUs = new Map();
let totalUs = 0;
let t = 0;
const perSecond = [];
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  t += dt;
  const sec = Math.floor(t / 1e6);
  perSecond[sec] ??= { busy: 0, all: 0 };
  perSecond[sec].all += dt;
  if (!idleIds.has(id)) perSecond[sec].busy += dt;
  if (t < fromUs || t > toUs) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  totalUs += dt;
});
if (args.includes('--timeline')) {
  console.log('second: busy %');
  perSecond.forEach((s, i) => s && console.log(`${String(i).padStart(6)}: ${((100 * s.busy) / Math.max(1, s.all)).toFixed(0).padStart(3)}%`));
}

const short = (url) => url.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules)\//, '$1/');
const keyOf = (n) => {
  const f = n.callFrame;
  const name = f.functionName || '(anonymous)';
  return f.url ? `${name}  ${short(f.url)}:${f.lineNumber + 1}` : name;
};

const self = new Map();
for (const [id, us] of selfUs) {
  const k = keyOf(byId.get(id));
  self.set(k, (self.get(k) ?? 0) + us);
}

// Inclusive time: every sample counts once for each distinct function on its stack.
const total = new Map();
for (const [id, us] of selfUs) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + us);
  }
}

const idle = [...self].filter(([k]) => k === '(idle)').reduce((a, [, v]) => a + v, 0);
const print = (title, m) => {
  console.log(`\n${title}`);
  const rows = [...m].filter(([k]) => !filter || k.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, us] of rows) console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`${file}: ${(totalUs / 1e6).toFixed(2)} s sampled, ${((100 * idle) / totalUs).toFixed(1)}% idle`);
print('self time', self);
print('total time (inclusive)', total);
