export declare const DEFAULT_ZOOKEEPER_JAR = "/usr/share/java/zookeeper.jar";
/** The super user both servers accept (addAuth digest super:crosscheck). */
export declare const SUPER_CREDENTIAL = "super:crosscheck";
export declare const TICK_TIME = 2000;
export declare const SESSION_TIMEOUT_MS = 300000;
export type ServerKind = 'zookeeper' | 'zk-ts';
export interface RunningServer {
    kind: ServerKind;
    /** "zookeeper" or "zk-ts", with a number when two of a kind run. */
    name: string;
    port: number;
    /** The last lines the server printed, for error messages. */
    output(): string;
    stop(): Promise<void>;
}
export declare function superDigest(): string;
export declare function zooKeeperAvailable(jar?: string): boolean;
export declare function startServer(kind: ServerKind, name: string, jar?: string): Promise<RunningServer>;
