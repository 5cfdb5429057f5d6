/** The typed result of parsing zoo.cfg. Shared by election/, peer/ and main/. */
import type { SecurityConfig } from './security.js';
export type ElectionAlgorithm = 'basic' | 'fast';
export interface ServerSpec {
    /** N of `server.N`, 1..255 (session ids carry it in one byte). */
    id: number;
    host: string;
    /** TCP port for Zab between leader and learners. */
    quorumPort: number;
    /** UDP port for leader election. */
    electionPort: number;
    role: 'participant' | 'observer';
    /** From the `;[clientHost:]clientPort` suffix, if given. */
    clientHost?: string;
    clientPort?: number;
}
export interface ZkConfig {
    /** ms; default 2000. */
    tickTime: number;
    /** ticks; default 10. */
    initLimit: number;
    /** ticks; default 5. */
    syncLimit: number;
    /** Required. The loader resolves a relative path against the config file's folder. */
    dataDir: string;
    /** Default: dataDir. */
    dataLogDir: string;
    /** Default 2181; a `;clientPort` suffix on this server's `server.N` line also sets it. */
    clientPort: number;
    /** Default '0.0.0.0'. */
    clientPortAddress: string;
    /** Per client IP; 0 = unlimited; default 60. */
    maxClientCnxns: number;
    /** ms; default 2 * tickTime. */
    minSessionTimeout: number;
    /** ms; default 20 * tickTime; always >= minSessionTimeout. */
    maxSessionTimeout: number;
    /** Default 100000. */
    snapCount: number;
    /** `znode.container.checkIntervalMs`: how often empty containers and expired TTL nodes are reaped; default 60000. */
    containerCheckIntervalMs: number;
    /** `autopurge.snapRetainCount`; default 3, never below 3. */
    autopurgeSnapRetainCount: number;
    /** `autopurge.purgeInterval`, hours; 0 (default) disables purging. */
    autopurgePurgeInterval: number;
    /** `4lw.commands.whitelist`: '*' or a set that always contains 'srvr'. */
    fourLetterWordWhitelist: Set<string> | '*';
    /** `jute.maxbuffer`, bytes; default 0xfffff. */
    juteMaxBuffer: number;
    /**
     * `globalOutstandingLimit` (or `zookeeper.globalOutstandingLimit`): while more client requests
     * than this are in process, a connection with a request of its own in process is not read
     * (ZooKeeper's throttle); a quorum member divides it by (voters - 1) when voters > 2. Default 1000.
     */
    globalOutstandingLimit: number;
    /**
     * Our own key `maxClientUnsentBytes`: a connection whose replies and events waiting to be sent
     * exceed this is closed (a client that does not read). Default: the larger of 64 MiB and
     * 32 * jute.maxbuffer.
     */
    maxClientUnsentBytes: number;
    /** `extendedTypesEnabled` / `zookeeper.extendedTypesEnabled`; enables TTL nodes. */
    extendedTypesEnabled: boolean;
    /** `enforceQuota` / `zookeeper.enforceQuota`: hard quotas fail writes with QUOTAEXCEEDED; default false. */
    enforceQuota: boolean;
    /** `electionAlg`: 0 → 'basic', 1, 2, 3 → 'fast' (default). */
    electionAlg: ElectionAlgorithm;
    /** Optional shared secret for the HMAC on election datagrams. */
    electionKey?: string;
    /** From `server.N` lines, sorted by id; empty = standalone. */
    servers: ServerSpec[];
    /**
     * The AdminServer's port: `admin.serverPort` (default 8080) when `admin.enableServer=true`;
     * unset = no admin HTTP server (our default, unlike ZooKeeper's).
     */
    adminServerPort?: number;
    /** `admin.serverAddress`; default '0.0.0.0'. */
    adminServerAddress: string;
    /** `admin.commandURL`; default '/commands'. */
    adminCommandUrl: string;
    /** `admin.dashboard.write`: the dashboard may create, change and delete znodes; default false. */
    adminDashboardWrite: boolean;
    /**
     * `admin.dashboard.peer.N=host:port`: where server N's AdminServer listens, for the dashboard's
     * ensemble view. Unlisted members: their `server.N` host and this server's admin port.
     */
    adminDashboardPeers: Array<{
        id: number;
        host: string;
        port: number;
    }>;
    /**
     * The Prometheus endpoint's port (`metricsProvider.httpPort`, default 7000) when
     * `metricsProvider.className` names ZooKeeper's PrometheusMetricsProvider; unset = none.
     */
    metricsHttpPort?: number;
    /** `metricsProvider.httpHost`; default '0.0.0.0'. */
    metricsHttpHost: string;
    /** `metricsProvider.exportJvmInfo`: also export the process's own metrics (the Node.js runtime's); default true. */
    metricsExportProcessInfo: boolean;
    /** `DigestAuthenticationProvider.superDigest` (user:base64hash). */
    superDigest?: string;
    /** Default true. */
    standaloneEnabled: boolean;
    /** Our own key: a file for the winston file transport. */
    logFile?: string;
    /** TLS, x509 and SASL settings (config/security.ts). */
    security: SecurityConfig;
}
/** The four-letter words ZooKeeper knows; the whitelist warns about anything else. */
export declare const FOUR_LETTER_WORDS: readonly string[];
