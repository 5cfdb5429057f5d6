/**
 * "No backlog": once client load stops, a server should write no more to disk than it does at
 * idle. Measured from /proc/<pid>/io write_bytes (every thread of the process, counted as pages
 * are dirtied), sampled every 250 ms.
 */
import { writeBytes } from './proc.js';
import { sleep } from './cluster.js';

const STEP_MS = 250;
/** Slack over the idle rate before a window counts as busy: one 4 KiB page a second. */
export const QUIET_TOLERANCE_BYTES = 4096;

/** Bytes per second each process writes during the next `ms` milliseconds (null: process gone). */
export async function writeRates(pids: readonly number[], ms = 1000): Promise<(number | null)[]> {
  const before = pids.map(writeBytes);
  const t0 = performance.now();
  await sleep(ms);
  const seconds = (performance.now() - t0) / 1000;
  return pids.map((pid, i) => {
    const a = before[i]!;
    const b = writeBytes(pid);
    return a === null || b === null ? null : (b - a) / seconds;
  });
}

export interface AfterLoad {
  /** Bytes/s each process wrote in the first second after the load stopped. */
  firstSecond: (number | null)[];
  /**
   * Seconds from the end of the load until the first one-second window in which every process
   * wrote no more than at idle (plus QUIET_TOLERANCE_BYTES); null when that did not happen
   * within the cap.
   */
  quietAfterSeconds: number | null;
}

/**
 * Follows the processes' disk writes from now (the moment the load stopped) until they are as
 * quiet as at idle (`idle`: bytes/s per process), or `capMs` has passed.
 */
export async function followAfterLoad(pids: readonly number[], idle: readonly (number | null)[], capMs: number): Promise<AfterLoad> {
  const perWindow = 1000 / STEP_MS;
  const samples: (number | null)[][] = [pids.map(writeBytes)];
  const times: number[] = [performance.now()];
  const t0 = times[0]!;
  let firstSecond: (number | null)[] | null = null;
  for (;;) {
    await sleep(STEP_MS);
    samples.push(pids.map(writeBytes));
    times.push(performance.now());
    const n = samples.length - 1;
    if (n < perWindow) continue;
    const from = n - perWindow;
    const seconds = (times[n]! - times[from]!) / 1000;
    const rates = pids.map((_, i) => {
      const a = samples[from]![i]!;
      const b = samples[n]![i]!;
      return a === null || b === null ? null : (b - a) / seconds;
    });
    if (firstSecond === null) firstSecond = rates;
    const quiet = rates.every((r, i) => r === null || r <= (idle[i] ?? 0) + QUIET_TOLERANCE_BYTES);
    if (quiet) return { firstSecond, quietAfterSeconds: (times[from]! - t0) / 1000 };
    if (times[n]! - t0 >= capMs) return { firstSecond, quietAfterSeconds: null };
  }
}
