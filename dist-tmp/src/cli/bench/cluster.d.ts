/**
 * Servers the bench launches itself: N fresh zk-ts servers (bin/zk-server) or Apache ZooKeeper
 * 3.8 JVMs (the Debian package's jar, run the way its zkServer.sh runs it: QuorumPeerMain with
 * the JVM's default heap and ZooKeeper's default fsync), on free ports of 127.0.0.1, each with
 * its own data directory under one temp directory, with the same tickTime, initLimit and
 * syncLimit. One server is a standalone server; more form an ensemble.
 *
 * Every process started here is killed, and every temp directory removed, when the bench ends:
 * normally, on an error, or on Ctrl-C (SIGINT/SIGTERM/SIGHUP).
 */
import { type ChildProcess } from 'node:child_process';
export type ServerKind = 'zk-ts' | 'zookeeper';
/** The repository root (this file runs from dist/src/cli/bench). */
export declare const REPO_ROOT: string;
export declare const ZK_SERVER_BIN: string;
export declare const ZOOKEEPER_JAR = "/usr/share/java/zookeeper.jar";
export interface ClusterOptions {
    kind: ServerKind;
    /** 1: a standalone server; 3 or more: an ensemble. */
    servers: number;
    /** Same for both kinds; the defaults are conf/ensemble's (and ZooKeeper's sample zoo.cfg's). */
    tickTime?: number;
    initLimit?: number;
    syncLimit?: number;
    /** zk-ts only (ZooKeeper 3.8 has only the fast election). */
    election?: 'basic' | 'fast';
    /** zk-ts's --log-level (default warn). */
    logLevel?: string;
    /** Extra JVM flags for ZooKeeper (default none: the package's defaults). */
    jvmFlags?: string[];
    /** Extra node flags for zk-ts servers (e.g. --cpu-prof, for profiling). */
    nodeFlags?: string[];
}
export interface ClusterServer {
    id: number;
    clientPort: number;
    quorumPort: number;
    electionPort: number;
    dataDir: string;
    configFile: string;
    process: ChildProcess | null;
    /** The last output of the current process (for error messages). */
    output: string;
}
export type Mode = 'leader' | 'follower' | 'observer' | 'standalone' | 'not serving' | 'down';
/** Kills every process the bench started and removes its temp dirs (synchronously: exit handlers). */
export declare function killEverything(): void;
export declare function isZooKeeperInstalled(): boolean;
/** `n` distinct ports free for both TCP and UDP on 127.0.0.1 (all held until all are found). */
export declare function freePorts(n: number): Promise<number[]>;
/** A four-letter word; resolves with '' when nobody answers. */
export declare function fourLetter(port: number, word: string, timeoutMs?: number): Promise<string>;
export declare function modeOf(srvr: string): Mode;
export declare function sleep(ms: number): Promise<void>;
export declare class Cluster {
    readonly opts: Required<ClusterOptions>;
    readonly servers: ClusterServer[];
    private readonly base;
    private constructor();
    /** Writes the configuration of `options.servers` fresh servers (nothing is started yet). */
    static create(options: ClusterOptions): Promise<Cluster>;
    get kind(): ServerKind;
    /** Every server's client address, comma separated. */
    get connectString(): string;
    server(id: number): ClusterServer;
    pid(id: number): number | null;
    private writeConfig;
    /** Starts the server's process (it must not be running). */
    start(id: number): void;
    startAll(): void;
    /** Sends a signal and waits for the exit (any other signal turns into SIGKILL after `patienceMs`). */
    kill(id: number, signal?: NodeJS.Signals, patienceMs?: number): Promise<void>;
    mode(id: number): Promise<Mode>;
    /** Waits until every running server serves (leader/follower/standalone); returns the leader's id (or the standalone's). */
    waitServing(timeoutMs?: number): Promise<number>;
    /** The last lines each server printed. */
    tails(lines?: number): string;
    /**
     * Kills every server and removes the data directories. zk-ts servers given node flags (a
     * profiler) get SIGTERM instead, and up to two minutes, so that what they record is written:
     * a clean stop waits for pending applied-state writes.
     */
    destroy(): Promise<void>;
}
