/** The client port of a server of any mode, with its four-letter words. */
import type { ZkConfig } from '../config/index.js';
import type { Storage } from '../storage/api.js';
import type { Replica } from '../peer/replica.js';
import type { Logger } from '../net/logger.js';
import { ClientServer } from '../server/client-server.js';
import type { ClientCoreAccess } from '../server/types.js';
import { runFourLetterWord, ServerMode } from '../server/four-letter.js';
import { buildFourLetterContext } from './four-letter-context.js';
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
}

export function createClientPort(
  config: ZkConfig,
  configFile: string,
  myid: number,
  storage: Storage,
  state: ServingState,
  core: ClientCoreAccess,
  log: Logger,
  security: LoadedSecurity = NO_SECURITY,
): { server: ClientServer; stopWatching(): void } {
  const startedAt = Date.now();
  const ports = clientListeners(config, security, log);
  const server: ClientServer = new ClientServer(
    {
      listeners: ports.listeners,
      auth: authSettings(config.security, security),
      maxClientCnxns: config.maxClientCnxns,
      maxBuffer: config.juteMaxBuffer,
      superDigest: config.superDigest,
      serving: () => state.serving(),
      fourLetterWord: (word, arg) =>
        runFourLetterWord(
          word,
          buildFourLetterContext({
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
          }),
          config.fourLetterWordWhitelist,
        ),
    },
    core,
    log,
  );
  return { server, stopWatching: ports.close };
}

/** Logs where clients are served (`serving clients on` is what scripts and tests wait for). */
export function logListening(server: ClientServer, log: Logger, suffix = ''): void {
  for (const a of server.addresses) log.info(`serving clients on ${a.host}:${a.port}${a.secure ? ' (TLS)' : ''}${suffix}`);
}
