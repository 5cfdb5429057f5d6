/** The client port of a server of any mode, with its operator commands (four-letter words). */
import { isStandalone, type ZkConfig } from '../config/index.js';
import type { Storage } from '../storage/api.js';
import type { Replica } from '../peer/replica.js';
import type { Logger } from '../base/log.js';
import { ClientServer } from '../server/client-server.js';
import type { ClientCoreAccess, ClientMetrics } from '../server/types.js';
import { runFourLetterWord } from '../server/four-letter.js';
import type { CommandContext, QuorumView, ServerMode } from '../server/commands.js';
import { buildCommandContext, type LeadershipControl } from './command-context.js';
import { authSettings, clientListeners, NO_SECURITY, type LoadedSecurity } from './security.js';

export const VERSION = '3.8.0-zk-ts-0.1.0';

export interface ServingState {
  replica(): Replica;
  mode(): ServerMode;
  serving(): boolean;
  outstanding(): number;
  extraMonitor?(): ReadonlyArray<readonly [string, string | number | bigint]>;
  extraConf?(): ReadonlyArray<readonly [string, string | number | bigint]>;
  electionAlgorithm?: string;
  /** Quorum members: leader, membership and Zab state for the admin commands. */
  quorum?(): QuorumView;
  /** Quorum members: leadership transfer (transfer_leadership / ydld, request_leadership / rqld). */
  leadership?: LeadershipControl | undefined;
}

export interface ClientPort {
  server: ClientServer;
  /** The data behind the operator commands, as of now (stmkMask: a four-letter stmk's argument). */
  commandContext(stmkMask?: bigint): CommandContext;
  /** When this server started, ms since the epoch. */
  startedAt: number;
  /** Stops watching the certificate files (certReload). */
  stopWatching(): void;
}

export function createClientPort(
  config: ZkConfig,
  configFile: string,
  myid: number,
  storage: Storage,
  state: ServingState,
  core: ClientCoreAccess,
  log: Logger,
  metrics?: ClientMetrics,
  security: LoadedSecurity = NO_SECURITY,
): ClientPort {
  const startedAt = Date.now();
  const ports = clientListeners(config, security, log);
  const commandContext = (arg?: bigint): CommandContext =>
    buildCommandContext({
      config,
      configFile,
      myid,
      replica: state.replica(),
      outstanding: state.outstanding(),
      serving: state.serving(),
      server,
      storage,
      startedAt,
      mode: state.mode(),
      version: VERSION,
      arg,
      extraMonitor: state.extraMonitor?.(),
      extraConf: state.extraConf?.(),
      electionAlgorithm: state.electionAlgorithm,
      quorum: state.quorum?.(),
      leadership: state.leadership,
    });
  const server: ClientServer = new ClientServer(
    {
      listeners: ports.listeners,
      auth: authSettings(config.security, security),
      maxClientCnxns: config.maxClientCnxns,
      maxBuffer: config.juteMaxBuffer,
      globalOutstandingLimit: outstandingLimit(config),
      maxUnsentBytes: config.maxClientUnsentBytes,
      superDigest: config.superDigest,
      serving: () => state.serving(),
      fourLetterWord: (word, arg) => runFourLetterWord(word, commandContext(arg), config.fourLetterWordWhitelist),
      metrics,
    },
    core,
    log,
  );
  return { server, commandContext, startedAt, stopWatching: ports.close };
}

/**
 * The throttle threshold of this server. As in ZooKeeper 3.8 (Leader/FollowerZooKeeperServer),
 * a quorum member takes its share of the global limit: divided by (voters - 1) when there are
 * more than two voters.
 */
export function outstandingLimit(config: ZkConfig): number {
  if (isStandalone(config)) return config.globalOutstandingLimit;
  const voters = config.servers.filter((s) => s.role === 'participant').length;
  return Math.max(1, Math.floor(config.globalOutstandingLimit / (voters > 2 ? voters - 1 : 1)));
}

/** Logs where clients are served (`serving clients on` is what scripts and tests wait for). */
export function logListening(server: ClientServer, log: Logger, suffix = ''): void {
  for (const a of server.addresses) log.info(`serving clients on ${a.host}:${a.port}${a.secure ? ' (TLS)' : ''}${suffix}`);
}
