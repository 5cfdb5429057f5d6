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

/** npm's level scale, as winston uses it: a level logs when its rank is at most the threshold's. */
const RANK: Readonly<Record<string, number>> = { error: 0, warn: 1, info: 2, http: 3, verbose: 4, debug: 5, silly: 6 };

type Level = 'error' | 'warn' | 'info' | 'debug';

/** Where the console lines go (process.stdout; tests pass their own). */
export interface LineSink {
  write(chunk: string, done?: () => void): boolean;
}

export async function createLogger(level: string, file: string | undefined, label: string, out: LineSink = process.stdout): Promise<Logger & { close(): Promise<void> }> {
  const threshold = RANK[level] ?? RANK.info!;
  const toFile = file ? await fileLogger(level, file) : null;
  const emit = (lvl: Level, msg: string): void => {
    if (RANK[lvl]! > threshold) return;
    const line = `${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} [${label}] ${msg}`;
    out.write(line + '\n');
    toFile?.log(lvl, line);
  };
  return {
    error: (m) => emit('error', m),
    warn: (m) => emit('warn', m),
    info: (m) => emit('info', m),
    debug: (m) => emit('debug', m),
    close: async () => {
      await Promise.all([
        new Promise<void>((resolve) => {
          out.write('', () => resolve());
          setTimeout(resolve, 200).unref();
        }),
        toFile?.close(),
      ]);
    },
  };
}

/** winston with a File transport, writing the lines as formatted for the console. */
async function fileLogger(level: string, file: string): Promise<{ log(lvl: Level, line: string): void; close(): Promise<void> }> {
  const { default: winston } = await import('winston');
  const format = winston.format.printf((i) => String(i.message));
  const w = winston.createLogger({ level, format, transports: [new winston.transports.File({ filename: file })] });
  return {
    log: (lvl, line) => w.log(lvl, line),
    close: () =>
      new Promise<void>((resolve) => {
        w.on('finish', () => resolve());
        w.end();
        setTimeout(resolve, 200).unref();
      }),
  };
}
