/**
 * What the bench prints: exactly one JSON line per run on stdout (the fields are documented in
 * docs/bench.md), a human summary on stderr, and for `compare` a markdown table of medians,
 * spreads and ratios ours / ZooKeeper.
 */
import { ratio, summarize } from './stats.js';
/** Writes the run's single JSON line. NaN and missing values become null. */
export function emitJson(result, out = process.stdout) {
    out.write(jsonLine(result) + '\n');
}
export function jsonLine(result) {
    return JSON.stringify(result, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}
export function figure(key, label, unit, zkts, zookeeper, target = null) {
    const a = summarize(zkts);
    const b = summarize(zookeeper);
    const r = ratio(a.median, b.median);
    const meets = target && Number.isFinite(r) ? (target.op === '>=' ? r >= target.ratio : r <= target.ratio) : null;
    return { key, label, unit, zkts: a, zookeeper: b, ratio: r, target, meets };
}
/** A number as the table shows it in its unit. */
export function formatValue(v, unit) {
    if (!Number.isFinite(v))
        return '—';
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
export function formatSummary(s, unit) {
    if (!Number.isFinite(s.median))
        return '—';
    const finite = s.values.filter(Number.isFinite).length;
    if (finite <= 1)
        return formatValue(s.median, unit);
    return `${formatValue(s.median, unit)} (${formatValue(s.min, unit)}–${formatValue(s.max, unit)})`;
}
export function formatRatio(r) {
    return Number.isFinite(r) ? (r >= 10 ? r.toFixed(1) : r.toFixed(2)) : '—';
}
function formatTarget(f) {
    if (!f.target)
        return '';
    return `${f.target.op === '>=' ? '≥' : '≤'} ${f.target.ratio} ${f.meets === null ? '' : f.meets ? '(met)' : '(not met)'}`.trim();
}
/** The figures as a markdown table: medians with (min–max) over the runs, the ratio and the target. */
export function markdownTable(figures) {
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
export function formatValues(s, unit) {
    return s.values.map((v) => formatValue(v, unit)).join(' / ');
}
/** The whole markdown report: header, the table, then every run's values. */
export function markdownReport(meta, figures, extra = '') {
    const lines = [
        `## zk-ts vs Apache ZooKeeper 3.8 — ${meta.date}`,
        '',
        `${meta.runs} runs of each, interleaved ${meta.order}. ${meta.settings}`,
        `Load: ${meta.load}; client driver: ${meta.driver}. Machine: ${meta.machine}.`,
        'Each cell: median of the runs (min–max). Ratio: median zk-ts / median ZooKeeper. Target: the bound the ratio should meet.',
        '',
        markdownTable(figures),
    ];
    if (extra)
        lines.push(extra);
    lines.push('Every run\'s values (zk-ts | ZooKeeper):', '');
    for (const f of figures)
        lines.push(`- ${f.label}: ${formatValues(f.zkts, f.unit)} | ${formatValues(f.zookeeper, f.unit)}`);
    if (meta.notes.length)
        lines.push('', ...meta.notes.map((n) => `Note: ${n}`));
    return lines.join('\n') + '\n';
}
//# sourceMappingURL=report.js.map