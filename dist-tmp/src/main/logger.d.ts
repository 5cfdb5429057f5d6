/**
 * The server's Logger: every line to stdout, and to a file (winston's File transport) when the
 * configuration names one. One line format for both:
 * `2026-11-30T21:00:00.000Z INFO  [myid:1] message` (ISO time, level upper-cased and padded to 5).
 *
 * The console lines are written here directly, as winston's Console transport writes them
 * (process.stdout, one write per line, with the levels of npm's scale); winston itself is imported
 * only when a log file is configured: loading it cost ~0.3 s of CPU at every start, a large part
 * of a fresh ensemble's start-up (docs/performance.md).
 */
import type { Logger } from '../base/log.js';
/** Where the console lines go (process.stdout; tests pass their own). */
export interface LineSink {
    write(chunk: string, done?: () => void): boolean;
}
export declare function createLogger(level: string, file: string | undefined, label: string, out?: LineSink): Promise<Logger & {
    close(): Promise<void>;
}>;
