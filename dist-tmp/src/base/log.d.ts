/**
 * The one logging interface of the server side: the runtimes, the client and admin servers and
 * main log through it (main writes the lines to stdout, and with winston to a log file). Cores
 * never log directly: they emit `log` effects with a LogLevel, which a runtime hands to a Logger.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
    error(msg: string): void;
    warn(msg: string): void;
    info(msg: string): void;
    debug(msg: string): void;
}
