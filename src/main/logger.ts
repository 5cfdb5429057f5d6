/** winston behind the project's small Logger interface: console always, a file if configured. */
import winston from 'winston';
import type { Logger } from '../base/log.js';

export function createLogger(level: string, file: string | undefined, label: string): Logger & { close(): Promise<void> } {
  const format = winston.format.combine(
    winston.format.timestamp(),
    winston.format.printf((i) => `${i.timestamp} ${String(i.level).toUpperCase().padEnd(5)} [${label}] ${i.message}`),
  );
  const transports: winston.transport[] = [new winston.transports.Console()];
  if (file) transports.push(new winston.transports.File({ filename: file }));
  const w = winston.createLogger({ level, format, transports });
  return {
    error: (m) => w.error(m),
    warn: (m) => w.warn(m),
    info: (m) => w.info(m),
    debug: (m) => w.debug(m),
    close: () =>
      new Promise<void>((resolve) => {
        w.on('finish', () => resolve());
        w.end();
        setTimeout(resolve, 200).unref();
      }),
  };
}
