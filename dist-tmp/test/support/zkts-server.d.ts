/**
 * Starts `bin/zk-server` as a real process on 127.0.0.1 and a free port, with its own temp
 * data dir, for integration tests. Every server started here must be stopped by the test.
 */
import type { ChildProcess } from 'node:child_process';
/** The repository root (this file runs from dist/test/support). */
export declare const REPO_ROOT: string;
export declare const ZK_SERVER_BIN: string;
export interface ZkTsServerOptions {
    tickTime?: number;
    extra?: Record<string, string | number | boolean>;
    logLevel?: string;
    /** Set false to leave clientPort out of zoo.cfg (a TLS-only server). */
    plainPort?: boolean;
    /** Extra environment (e.g. SERVER_JVMFLAGS). */
    env?: Record<string, string>;
    /** More command-line arguments (e.g. --record FILE). */
    args?: string[];
}
export interface ZkTsServer {
    host: string;
    port: number;
    connectString: string;
    dataDir: string;
    process: ChildProcess;
    output(): string;
    stop(): Promise<void>;
    kill(signal?: NodeJS.Signals): Promise<void>;
    restart(): Promise<void>;
    cleanup(): Promise<void>;
}
export declare function startZkTs(opts?: ZkTsServerOptions): Promise<ZkTsServer>;
export declare function waitFor(cond: () => boolean, timeoutMs: number, message: () => string, abort?: () => boolean): Promise<void>;
/** Sends a four-letter word and returns the text the server wrote before closing. */
export declare function fourLetterWord(port: number, word: string, host?: string): Promise<string>;
