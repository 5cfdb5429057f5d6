/**
 * The servers under test, one per network namespace: zk-ts (`bin/zk-server`) or Apache
 * ZooKeeper 3.8 (Debian's jar, QuorumPeerMain), with the same zoo.cfg settings. Every server
 * runs `ip netns exec NS setpriv --pdeathsig KILL <server>`: both exec in place, so the child's
 * pid is the server's own (SIGKILL/SIGSTOP reach it directly), and it dies with the bench.
 * Every server has the disk-fault shim preloaded, idle until the nemesis writes its control
 * file. Output goes to s<id>.log in the run directory, across incarnations.
 */
import { ChildProcess } from 'node:child_process';
import type { Lan } from './network.js';
export type Target = 'zk-ts' | 'zookeeper';
export type Mode = 'leader' | 'follower' | 'standalone' | 'observer' | 'not serving' | 'down' | 'paused';
export declare const CLIENT_PORT = 2181;
export declare const QUORUM_PORT = 2888;
export declare const ELECTION_PORT = 3888;
export declare const ZOOKEEPER_JAR = "/usr/share/java/zookeeper.jar";
export interface ClusterOptions {
    target: Target;
    servers: number;
    lan: Lan;
    dir: string;
    diskShim: string;
    tickTime: number;
    maxSessionTimeout: number;
    /** Called when a server exits without the bench having killed it. */
    onUnexpectedExit(id: number, code: number | null, signal: string | null): void;
}
export interface ServerState {
    id: number;
    dir: string;
    dataDir: string;
    logFile: string;
    ctlFile: string;
    child: ChildProcess | null;
    /** The bench killed it (or is about to): its exit is expected. */
    expectExit: boolean;
    paused: boolean;
    starts: number;
}
export declare class Cluster {
    private readonly o;
    readonly servers: ServerState[];
    private readonly t0;
    constructor(o: ClusterOptions);
    get connectString(): string;
    address(id: number): string;
    server(id: number): ServerState;
    private config;
    isRunning(id: number): boolean;
    start(id: number): void;
    startAll(): void;
    /** SIGKILL; resolves when the process is gone. */
    kill(id: number): Promise<void>;
    pause(id: number): void;
    resume(id: number): void;
    /** Sets the disk-fault mode of a server: '-' healthy, 'S <us>' slow, 'E' EIO, 'N' ENOSPC. */
    disk(id: number, mode: string): void;
    mode(id: number, timeoutMs?: number): Promise<Mode>;
    modes(): Promise<Map<number, Mode>>;
    /** The single server that says it leads (or is standalone), or null. */
    leader(): Promise<number | null>;
    /** Waits until every server runs and serves, with one leader. */
    waitHealthy(timeoutMs: number): Promise<boolean>;
    stopAll(): Promise<void>;
    /** The last `lines` lines of a server's log. */
    logTail(id: number, lines?: number): string;
}
export declare function fourLetterWord(host: string, port: number, word: string, timeoutMs: number): Promise<string>;
