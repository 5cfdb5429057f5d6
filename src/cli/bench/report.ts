/**
 * What the bench prints: exactly one JSON line per run on stdout (the fields are documented in
 * docs/bench.md), a human summary on stderr, and for `compare` a markdown table of medians,
 * spreads and ratios ours / ZooKeeper.
 */
import { ratio, summarize, type Summary } from './stats.js';

/** Writes the run's single JSON line. NaN and missing values become null. */
export function emitJson(result: Record<string, unknown>, out: { write(s: string): unknown } = process.stdout): void {
  out.write(jsonLine(result) + '\n');
}

export function jsonLine(result: Record<string, unknown>): string {
  return JSON.stringify(result, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

export type Unit = 'ops/s' | 'ms' | 'MiB' | 'KiB/s' | 's';

/** A target from the issue, as a bound on ours / ZooKeeper. */
export interface RatioTarget {
  /** '>=': ours must be at least `ratio` times theirs (throughput); '<=': at most (latency, memory, time). */
  op: '>=' | '<=';
  ratio: number;
}

export interface Figure {
  key: string;
  label: string;
  unit: Unit;
  zkts: Summary;
  zookeeper: Summary;
  /** Median ours / median ZooKeeper. */
  ratio: number;
  target: RatioTarget | null;
  /** Whether the median ratio meets the target (null without a target or a ratio). */
  meets: boolean | null;
}

export function figure(key: string, label: string, unit: Unit, zkts: readonly number[], zookeeper: readonly number[], target: RatioTarget | null = null): Figure {
  const a = summarize(zkts);
  const b = summarize(zookeeper);
  const r = ratio(a.median, b.median);
  const meets = target && Number.isFinite(r) ? (target.op === '>=' ? r >= target.ratio : r <= target.ratio) : null;
  return { key, label, unit, zkts: a, zookeeper: b, ratio: r, target, meets };
}

/** A number as the table shows it in its unit. */
export function formatValue(v: number, unit: Unit): string {
  if (!Number.isFinite(v)) return '—';
  switch (unit) {
    case 'ops/s':
    case 'MiB':
      return Math.round(v).toLocaleString('en-US');
    case 'KiB/s':
      return v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US');
    case 'ms':
      return v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US');
    case 's':
      return v.toFixed(1);
  }
}

/** "median (min–max)", or just the value for a single run. */
export function formatSummary(s: Summary, unit: Unit): string {
  if (!Number.isFinite(s.median)) return '—';
  const finite = s.values.filter(Number.isFinite).length;
  if (finite <= 1) return formatValue(s.median, unit);
  return `${formatValue(s.median, unit)} (${formatValue(s.min, unit)}–${formatValue(s.max, unit)})`;
}

export function formatRatio(r: number): string {
  return Number.isFinite(r) ? (r >= 10 ? r.toFixed(1) : r.toFixed(2)) : '—';
}

function formatTarget(f: Figure): string {
  if (!f.target) return '';
  return `${f.target.op === '>=' ? '≥' : '≤'} ${f.target.ratio} ${f.meets === null ? '' : f.meets ? '(met)' : '(not met)'}`.trim();
}

/** The figures as a markdown table: medians with (min–max) over the runs, the ratio and the target. */
export function markdownTable(figures: readonly Figure[]): string {
  const rows = [
    '| figure | unit | zk-ts median (min–max) | ZooKeeper 3.8 median (min–max) | ratio zk-ts/ZK | target |',
    '|---|---|---|---|---|---|',
  ];
  for (const f of figures) {
    rows.push(`| ${f.label} | ${f.unit} | ${formatSummary(f.zkts, f.unit)} | ${formatSummary(f.zookeeper, f.unit)} | ${formatRatio(f.ratio)} | ${formatTarget(f)} |`);
  }
  return rows.join('\n') + '\n';
}

/** Runs' values as a compact list ("3,240 / 3,310 / 3,198") for the detail section. */
export function formatValues(s: Summary, unit: Unit): string {
  return s.values.map((v) => formatValue(v, unit)).join(' / ');
}

export interface CompareMeta {
  date: string;
  runs: number;
  order: string;
  settings: string;
  driver: string;
  load: string;
  machine: string;
  notes: string[];
}

/** The whole markdown report: header, the table, then every run's values. */
export function markdownReport(meta: CompareMeta, figures: readonly Figure[], extra = ''): string {
  const lines = [
    `## zk-ts vs Apache ZooKeeper 3.8 — ${meta.date}`,
    '',
    `${meta.runs} runs of each, interleaved ${meta.order}. ${meta.settings}`,
    `Load: ${meta.load}; client driver: ${meta.driver}. Machine: ${meta.machine}.`,
    'Each cell: median of the runs (min–max). Ratio: median zk-ts / median ZooKeeper. Target: the bound the ratio should meet.',
    '',
    markdownTable(figures),
  ];
  if (extra) lines.push(extra);
  lines.push('Every run\'s values (zk-ts | ZooKeeper):', '');
  for (const f of figures) lines.push(`- ${f.label}: ${formatValues(f.zkts, f.unit)} | ${formatValues(f.zookeeper, f.unit)}`);
  if (meta.notes.length) lines.push('', ...meta.notes.map((n) => `Note: ${n}`));
  return lines.join('\n') + '\n';
}
