/**
 * The one logging interface of the server side: the runtimes, the client and admin servers and
 * main log through it (main backs it with winston). Cores never log directly: they emit `log`
 * effects with a LogLevel, which a runtime hands to a Logger.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}
