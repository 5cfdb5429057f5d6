/**
 * Starts a ZooKeeper ensemble of real `bin/zk-server` processes on 127.0.0.1 for integration
 * tests: every port (client TCP, quorum TCP, election UDP) comes from the OS, every server has
 * its own temp data dir, and `cleanup()` kills every process this helper ever started (a process
 * 'exit' hook does so too, should a test file die before its `after`).
 */
import type { ChildProcess } from 'node:child_process';
/** srvr's Mode, 'not serving' (LOOKING), 'down' (no process or no answer), 'frozen' (SIGSTOPped by us). */
export type Mode = 'leader' | 'follower' | 'observer' | 'standalone' | 'not serving' | 'down' | 'frozen';
export interface EnsembleOptions {
    /** Number of voting participants (ids 1..size). */
    size: number;
    /** Number of observers (ids size+1..size+observers). */
    observers?: number;
    election: 'basic' | 'fast';
    tickTime?: number;
    initLimit?: number;
    syncLimit?: number;
    snapCount?: number;
    /** More zoo.cfg lines, for every server. */
    extra?: Record<string, string | number | boolean>;
    /**
     * Give every server an AdminServer and a Prometheus endpoint on ports of their own (on
     * 127.0.0.1), each server's dashboard knowing the others' (admin.dashboard.peer.N).
     */
    admin?: boolean;
    /** More zoo.cfg lines for one server (e.g. its own key store). */
    perServer?: (id: number) => Record<string, string | number | boolean>;
    /** Start only these ids (default: all); the others can be started later with `restart(id)`. */
    start?: number[];
    /** Wait for every started server to serve clients (default true unless `start` is given). */
    waitServing?: boolean;
    logLevel?: string;
    /** More environment variables for one server's process (e.g. LD_PRELOAD of a disk shim). */
    env?: (server: EnsembleServer) => Record<string, string>;
    /** More command-line arguments for a server's `launch`-th start (1 for the first), e.g. --record. */
    serverArgs?: (id: number, launch: number) => string[];
}
export interface EnsembleServer {
    id: number;
    observer: boolean;
    clientPort: number;
    quorumPort: number;
    electionPort: number;
    /** With `admin`: the AdminServer's and the metrics endpoint's ports. */
    adminPort?: number;
    metricsPort?: number;
    /** The server's dataDir (myid, LMDB). */
    dataDir: string;
    configFile: string;
    /** The current process (null before the first start). */
    process: ChildProcess | null;
}
export interface Ensemble {
    servers: EnsembleServer[];
    /** Every server's client port, comma separated. */
    connectString: string;
    server(id: number): EnsembleServer;
    /** Waits until exactly one server answers srvr with `Mode: leader`; returns its id. */
    leader(timeoutMs?: number): Promise<number>;
    /** id → mode from srvr ('not serving' for a LOOKING server, 'down' when unreachable, 'frozen' when SIGSTOPped). */
    modes(): Promise<Map<number, Mode>>;
    mode(id: number): Promise<Mode>;
    /** Sends a signal; for SIGKILL/SIGTERM waits for the exit. SIGSTOP/SIGCONT return at once. */
    kill(id: number, signal?: NodeJS.Signals): Promise<void>;
    /** SIGTERM and wait for the exit. */
    stop(id: number): Promise<void>;
    /** Stops it if running, then starts it again on the same data dir and ports. */
    restart(id: number, opts?: {
        waitServing?: boolean;
    }): Promise<void>;
    /** Waits until the given server logs `serving clients on` (in its current incarnation). */
    waitServing(id: number, timeoutMs?: number): Promise<void>;
    /** Everything the server wrote (stdout + stderr), over all its incarnations. */
    output(id: number): string;
    /** Waits until output(id) from offset `from` matches `re`; returns the match. */
    waitForLog(id: number, re: RegExp, timeoutMs?: number, from?: number): Promise<RegExpExecArray>;
    isRunning(id: number): boolean;
    /** The last `lines` lines of every server's output, for failure messages. */
    tails(lines?: number): string;
    cleanup(): Promise<void>;
}
/** A four-letter word with a short timeout; rejects on no answer. */
export declare function fourLetter(port: number, word: string, timeoutMs?: number): Promise<string>;
export declare function parseMode(srvr: string): Mode;
export declare function startEnsemble(opts: EnsembleOptions): Promise<Ensemble>;
