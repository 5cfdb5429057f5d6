import { type ServerSpec, type ZkConfig } from './types.js';
export interface ParsedZooCfg {
    config: ZkConfig;
    /** Formatted like errors (`file:line: key 'k': ...`), in line order. */
    warnings: string[];
    /**
     * Every recognised key present in the file → the line of its last occurrence (aliases under
     * their canonical name; server lines as `server.N`). Tells defaults from explicit values.
     */
    lines: ReadonlyMap<string, number>;
}
export declare const DEFAULT_TICK_TIME = 2000;
export declare const DEFAULT_CLIENT_PORT = 2181;
export declare const DEFAULT_JUTE_MAX_BUFFER = 1048575;
export declare const DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
/** maxClientUnsentBytes when not set: room for a burst of replies of the largest size allowed. */
export declare function defaultMaxClientUnsentBytes(juteMaxBuffer: number): number;
export declare const MIN_SNAP_RETAIN_COUNT = 3;
export declare const MAX_SERVER_ID = 255;
/** A full config from defaults and the given fields (for tests, the simulator and main/). */
export declare function makeConfig(fields: Partial<ZkConfig> & {
    dataDir: string;
}): ZkConfig;
/** ZooKeeper's Prometheus provider: the one metrics provider zk-ts implements. */
export declare const PROMETHEUS_PROVIDER = "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider";
export declare const DEFAULT_ADMIN_PORT = 8080;
export declare const DEFAULT_METRICS_PORT = 7000;
export declare function parseZooCfg(text: string, fileName: string): ParsedZooCfg;
/** Standalone: no participants, or one participant and standaloneEnabled (as ZooKeeper). */
export declare function isStandalone(config: ZkConfig): boolean;
/** This server's `server.N` entry, if any. */
export declare function selfSpec(config: ZkConfig, myid: number): ServerSpec | undefined;
/** `dataDir/myid`: one integer 1..255, surrounding whitespace ignored. */
export declare function parseMyId(text: string, fileName: string): number;
/** For a quorum config, myid must name one of the server.N lines. `file` is the myid file. */
export declare function validateMyId(config: ZkConfig, myid: number, file: string): void;
/**
 * Applies the `;[clientHost:]clientPort` suffix of this server's line. An explicit clientPort
 * (or a specific clientPortAddress) that disagrees with it is an error, as in ZooKeeper; a
 * suffix without a host keeps clientPortAddress.
 */
export declare function withSelfClientAddress(parsed: ParsedZooCfg, myid: number, fileName: string): ZkConfig;
