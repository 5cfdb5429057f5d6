import { type ZooKeeperClient, type ClientSecurityOptions } from '../client/index.js';
export interface Io {
    /** Writes to standard output (text includes its newlines). */
    out(text: string): void;
    /** Writes to standard error. */
    err(text: string): void;
}
/** A command failure: printed to stderr, sets the exit code (zkCli's CliException). */
export declare class CliError extends Error {
    readonly exitCode: number;
    constructor(message: string, exitCode?: number);
}
export interface ShellOptions {
    server: string;
    sessionTimeout: number;
    /** Interactive shells print connection-state events; one-shot runs keep stdout clean. */
    interactive: boolean;
    version: string;
    /** TLS and SASL settings (from -client-configuration and CLIENT_JVMFLAGS). */
    security?: ClientSecurityOptions;
}
export declare class Shell {
    readonly io: Io;
    readonly options: ShellOptions;
    client: ZooKeeperClient | null;
    host: string;
    printWatches: boolean;
    exitCode: number;
    commandCount: number;
    readonly history: Map<number, string>;
    /** Set by `quit`: the caller should stop reading input and exit. */
    quitRequested: boolean;
    quitExitCode: number;
    constructor(io: Io, options: ShellOptions);
    /** zkCli's prompt: `[zk: host:port(CONNECTED) 3] `. */
    prompt(): string;
    /** (Re)connects; the previous session, if any, is closed first. */
    connect(host: string): Promise<void>;
    /** -waitforconnection: the session must be established within `timeoutMs`. */
    waitForConnection(timeoutMs: number): Promise<void>;
    /** zkCli 3.8 still runs commands after an auth failure (they fail with AuthFailed). */
    isAlive(): boolean;
    private onEvent;
    /** One line of the interactive shell: recorded in the history, then run. */
    executeLine(line: string): Promise<void>;
    /** Runs one command; errors are printed and turned into the exit code, as zkCli does. */
    processCmd(tokens: string[]): Promise<void>;
    private processZKCmd;
    usage(): void;
    /** Names of all commands, for tab completion. */
    static commandNames(): string[];
    get zk(): ZooKeeperClient;
    close(): Promise<void>;
}
/** Tab completion: command names for the first word, child znodes for a word starting with '/'. */
export declare function complete(shell: Shell, line: string): Promise<[string[], string]>;
