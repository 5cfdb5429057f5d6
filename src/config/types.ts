/** The typed result of parsing zoo.cfg. Shared by election/, peer/ and main/. */

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
  /** `admin.serverPort`; unset (or `admin.enableServer=false`) = no admin HTTP server. */
  adminServerPort?: number;
  /** `DigestAuthenticationProvider.superDigest` (user:base64hash). */
  superDigest?: string;
  /** Default true. */
  standaloneEnabled: boolean;
  /** Our own key: a file for the winston file transport. */
  logFile?: string;
}

/** The four-letter words ZooKeeper knows; the whitelist warns about anything else. */
export const FOUR_LETTER_WORDS: readonly string[] = [
  'conf', 'cons', 'crst', 'dirs', 'dump', 'envi', 'gtmk', 'hash', 'isro', 'mntr',
  'ruok', 'srst', 'srvr', 'stat', 'stmk', 'wchc', 'wchp', 'wchs',
];
