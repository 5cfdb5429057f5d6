/**
 * The hop trace's recorder (src/base/hop-trace.ts) on node: each hop is stamped with
 * `process.hrtime.bigint()` (CLOCK_MONOTONIC on Linux, so stamps of the servers of one machine
 * compare) and appended to `<dir>/hops-<sid>-<pid>.tsv`, one line per hop:
 * `nanoseconds <TAB> sid <TAB> event <TAB> key`. Lines are written in batches (every 200 ms and
 * at exit), off the write's path; a server killed with SIGKILL loses its last batch.
 * `scripts/hop-trace.mjs` turns the files into a table of medians per hop (docs/operations.md,
 * "Hop trace"). The collector's pauses are stamped too (`gc-start` and `gc-end`, key: node's
 * kind, 1 a scavenge, 4 a full collection, 8 incremental marking), so that a slow write can be
 * matched with a pause on its path.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import { hopsOn, setHopRecorder } from '../base/hop-trace.js';

/** The environment variable that turns the trace on: the directory the files go to. */
export const HOP_TRACE_ENV = 'ZKTS_HOP_TRACE';

const FLUSH_MS = 200;

/** Ends the current installation (a second install, in tests, replaces the first). */
let uninstall: (() => void) | null = null;

/** Installs the recorder when ZKTS_HOP_TRACE names a directory; returns the file, or null when off. */
export function installHopTraceFromEnv(sid: number, env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env[HOP_TRACE_ENV];
  if (!dir) return null;
  uninstall?.();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `hops-${sid}-${process.pid}.tsv`);
  let lines: string[] = [];
  const flush = (): void => {
    if (lines.length === 0) return;
    const text = lines.join('');
    lines = [];
    appendFileSync(file, text);
  };
  const tag = `\t${sid}\t`;
  setHopRecorder((event, key) => {
    lines.push(`${process.hrtime.bigint()}${tag}${event}\t${key}\n`);
  });
  // performance.now() and hrtime run on the same monotonic clock; the offset turns one into the other.
  const offsetNs = process.hrtime.bigint() - BigInt(Math.round(performance.now() * 1e6));
  const atNs = (ms: number): bigint => offsetNs + BigInt(Math.round(ms * 1e6));
  const collector = new PerformanceObserver((list) => {
    if (!hopsOn()) return;
    for (const e of list.getEntries()) {
      const kind = ((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0;
      lines.push(`${atNs(e.startTime)}${tag}gc-start\t${kind}\n`, `${atNs(e.startTime + e.duration)}${tag}gc-end\t${kind}\n`);
    }
  });
  collector.observe({ entryTypes: ['gc'] });
  const timer = setInterval(flush, FLUSH_MS).unref();
  process.on('exit', flush);
  uninstall = () => {
    collector.disconnect();
    clearInterval(timer);
    process.off('exit', flush);
    flush();
  };
  return file;
}
