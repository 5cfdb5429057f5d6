/** Wiring for a standalone server: storage, the core, its runtime and the client port. */
import type { Sid } from '../base/ids.js';
import { join } from 'node:path';
import { aclSchemes, type ZkConfig } from '../config/index.js';
import { openLmdbStorage } from '../storage/lmdb/lmdb-storage.js';
import type { LoadedState, Storage } from '../storage/api.js';
import { decodeTxn } from '../wire/txn.js';
import { StandaloneCore } from '../peer/standalone.js';
import { standaloneState } from '../peer/recording.js';
import { coreSnapshot } from '../peer/core-checkpoint.js';
import { openRecording, type Recording, type RecordOptions } from './record.js';
import { StandaloneRuntime } from '../net/standalone-runtime.js';
import type { FatalHandler } from '../net/core-runtime.js';
import { systemClock, systemRng } from '../net/clock.js';
import { installHopTraceFromEnv } from '../net/hop-trace-file.js';
import type { Logger } from '../base/log.js';
import { stampNow } from '../base/clock.js';
import { createClientPort, logListening, type ClientPort } from './client-port.js';
import { createMetrics, startOperations, type OperationsSources } from './operations.js';
import { NO_SECURITY, type LoadedSecurity } from './security.js';

export interface RunningServer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export function storageDir(config: ZkConfig): string {
  return join(config.dataLogDir, 'zk-ts-db');
}

/**
 * Whether the server's tree is served from storage (docs/performance.md, "Step 2, the tree
 * served from LMDB"): the default. `ZKTS_TREE=memory` rebuilds the whole tree in memory at
 * start-up instead, as before; so does a recorded run (`--record`), whose start line carries the
 * tree's records for the replay.
 */
export function treeServedFromStorage(recording: boolean): boolean {
  return !recording && process.env.ZKTS_TREE !== 'memory';
}

/** Opens the server's storage (LMDB and its txn log files) and reads what it holds; what the
 * open found and did (a cut log tail, corruption, an upgrade) goes to `log`. With `storedTree`
 * the nodes are not read: the tree is served from storage (LoadedState.stored). */
export async function openServerStorage(config: ZkConfig, log?: Logger, storedTree = false): Promise<{ storage: Storage; loaded: LoadedState }> {
  // openLmdbStorage creates the directory (and missing parents) and fsyncs each new entry into
  // its parent; a mkdir here first would leave the new zk-ts-db entry unsynced.
  const dir = storageDir(config);
  const storage = await openLmdbStorage(dir, log ? { report: (level, msg) => log[level](msg) } : {});
  const loaded = await storage.load({ nodes: !storedTree });
  if (storedTree) loaded.stored = { reader: storage, index: storage.readIndex() };
  return { storage, loaded };
}

/** The replica settings every mode shares, from the configuration. */
export function replicaOptions(config: ZkConfig, myid: Sid) {
  return {
    serverId: myid,
    tickTime: config.tickTime,
    minSessionTimeout: config.minSessionTimeout,
    maxSessionTimeout: config.maxSessionTimeout,
    extendedTypesEnabled: config.extendedTypesEnabled,
    aclSchemes: aclSchemes(config.security),
    enforceQuota: config.enforceQuota,
    containerCheckIntervalMs: config.containerCheckIntervalMs,
  };
}

export async function startStandalone(
  config: ZkConfig,
  myid: Sid,
  configFile: string,
  log: Logger,
  security: LoadedSecurity = NO_SECURITY,
  onFatal?: FatalHandler,
  record?: RecordOptions,
): Promise<RunningServer> {
  const trace = installHopTraceFromEnv(myid);
  if (trace) log.info(`hop trace on: ${trace}`);
  const { storage, loaded } = await openServerStorage(config, log, treeServedFromStorage(record !== undefined));
  const options = replicaOptions(config, myid);
  const start = stampNow(systemClock);
  let core: StandaloneCore;
  const recording = record ? openRecording(record, log, (full) => standaloneState(core, full), () => coreSnapshot(core, 'standalone', options)) : null;
  recording?.recorder.start({ mode: 'standalone', seed: recording.seed, options, loaded, time: start });
  core = new StandaloneCore(options, recording?.rng ?? systemRng, start, loaded);
  core.recorder = recording?.recorder ?? null;
  const tail = storage.readLog(loaded.lastApplied).map((e) => decodeTxn(e.bytes));
  core.step({ kind: 'replayLog', txns: tail, ...stampNow(systemClock) });
  log.info(
    `loaded ${core.tree.nodeCount()} znodes (${loaded.stored ? 'served from storage' : 'in memory'}) and ${core.sessions.size} sessions at zxid 0x${core.lastZxid.toString(16)}` +
      (tail.length ? ` (replayed ${tail.length} logged txns)` : ''),
  );

  const runtime = new StandaloneRuntime(core, storage, log, {
    tickIntervalMs: Math.max(10, Math.min(config.tickTime / 2, 500)),
    logRetain: Math.max(1000, config.snapCount),
    onFatal,
  });
  let port: ClientPort | null = null;
  const sources: OperationsSources = {
    myid,
    commandContext: () => port!.commandContext(),
    replica: () => core.replica,
    peerState: () => 'standalone',
  };
  const metrics = await createMetrics(config, sources);
  runtime.metrics = metrics;
  port = createClientPort(
    config,
    configFile,
    myid,
    storage,
    {
      replica: () => core.replica,
      mode: () => 'standalone',
      serving: () => true,
      outstanding: () => core.outstandingWrites,
    },
    { submit: (input) => runtime.submit(input) },
    log,
    metrics ?? undefined,
    security,
  );
  const server = port.server;
  runtime.setSink((e) => server.deliver(e));
  runtime.flush(); // effects of replay (the store of replayed state)
  const address = await server.listen();
  runtime.start();
  logListening(server, log);
  const ops = await startOperations(config, sources, metrics, log);
  return running(address, withOperations(port, ops), runtime, storage, recording);
}

/** The client port, with the operators' endpoints closed first. */
export function withOperations(port: ClientPort, ops: { stop(): Promise<void> }, closeQuorumTls?: () => void): { close(): Promise<void> } {
  return {
    async close() {
      await ops.stop();
      port.stopWatching();
      closeQuorumTls?.();
      await port.server.close();
    },
  };
}

/** A started server: stopping closes clients first, then lets the runtime settle, then storage. */
export function running(
  address: { host: string; port: number },
  server: { close(): Promise<void> },
  runtime: { stop(): Promise<void> },
  storage: Storage,
  recording: Recording | null = null,
): RunningServer {
  return {
    ...address,
    async stop() {
      await server.close();
      await runtime.stop();
      recording?.finish();
      await storage.close();
    },
  };
}
