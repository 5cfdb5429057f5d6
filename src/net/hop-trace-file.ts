/**
 * The hop trace's recorder (src/base/hop-trace.ts) on node: each hop is stamped with
 * `process.hrtime.bigint()` (CLOCK_MONOTONIC on Linux, so stamps of the servers of one machine
 * compare) and appended to `<dir>/hops-<sid>-<pid>.tsv`, one line per hop:
 * `nanoseconds <TAB> sid <TAB> event <TAB> key`. Lines are written in batches (every 200 ms and
 * at exit), off the write's path; a server killed with SIGKILL loses its last batch.
 * `scripts/hop-trace.mjs` turns the files into a table of medians per hop (docs/operations.md,
 * "Hop trace").
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setHopRecorder } from '../base/hop-trace.js';

/** The environment variable that turns the trace on: the directory the files go to. */
export const HOP_TRACE_ENV = 'ZKTS_HOP_TRACE';

const FLUSH_MS = 200;

/** Installs the recorder when ZKTS_HOP_TRACE names a directory; returns the file, or null when off. */
export function installHopTraceFromEnv(sid: number, env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env[HOP_TRACE_ENV];
  if (!dir) return null;
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
  setInterval(flush, FLUSH_MS).unref();
  process.on('exit', flush);
  return file;
}
