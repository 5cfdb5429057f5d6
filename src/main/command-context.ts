/**
 * The data behind the operator commands (four-letter words and admin commands alike), gathered
 * from the running server's parts.
 */
import type { Sid } from '../base/ids.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ZkConfig } from '../config/index.js';
import type { Storage } from '../storage/api.js';
import type { Replica } from '../peer/replica.js';
import type { ClientServer } from '../server/client-server.js';
import { freshCounters } from '../server/client-server.js';
import { buildEnvironment } from '../server/environment.js';
import { DEFAULT_TRACE_MASK, type CommandContext, type ConnectionInfo, type LeadershipAnswer, type QuorumView, type ServerMode } from '../server/commands.js';
import { storageDir } from './standalone.js';

export interface ContextSources {
  config: ZkConfig;
  configFile: string;
  myid: number;
  replica: Replica;
  /** Writes accepted but not yet answered. */
  outstanding: number;
  serving: boolean;
  server: ClientServer;
  storage: Storage;
  startedAt: number;
  mode: ServerMode;
  version: string;
  /** stmk's argument (four-letter word only). */
  arg?: bigint | undefined;
  extraMonitor?: ReadonlyArray<readonly [string, string | number | bigint]> | undefined;
  extraConf?: ReadonlyArray<readonly [string, string | number | bigint]> | undefined;
  electionAlgorithm?: string | undefined;
  quorum?: QuorumView | undefined;
  leadership?: LeadershipControl | undefined;
}

/** A quorum member's leadership transfer, for transfer_leadership (ydld) and request_leadership (rqld). */
export interface LeadershipControl {
  transfer(successor: Sid | null): LeadershipAnswer;
  request(): LeadershipAnswer;
}

let traceMask = DEFAULT_TRACE_MASK;

function dirSize(dir: string): number {
  let total = 0;
  try {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, name.name);
      total += name.isDirectory() ? dirSize(p) : statSync(p).size;
    }
  } catch {
    // a missing directory has size 0
  }
  return total;
}

export function buildCommandContext(src: ContextSources): CommandContext {
  const { config, replica: core, server } = src;
  const counters = server.counters;
  const sessionOf = new Map<number, bigint>();
  for (const c of server.connections.values()) if (c.sessionId !== null) sessionOf.set(c.id, c.sessionId);
  const watcherToSession = (w: number) => sessionOf.get(w) ?? BigInt(w);
  return {
    serving: src.serving,
    noServer: src.mode === 'looking',
    mode: src.mode,
    version: `${src.version}, built on ${new Date(src.startedAt).toISOString().slice(0, 10)}`,
    minLatencyMs: counters.latencyCount ? counters.minLatency : 0,
    avgLatencyMs: counters.latencyCount ? counters.totalLatency / counters.latencyCount : 0,
    maxLatencyMs: counters.maxLatency,
    packetsReceived: counters.packetsReceived,
    packetsSent: counters.packetsSent,
    aliveConnections: server.connections.size,
    outstandingRequests: src.outstanding,
    zxid: core.lastApplied,
    nodeCount: core.tree.nodeCountForStats(),
    electionAlgorithm: src.electionAlgorithm,
    traceMask,
    stmkMask: src.arg,
    setTraceMask: (m) => {
      traceMask = m;
    },
    // Getters: walking the data directory is only for the words that print sizes, not for
    // every ruok a monitor sends.
    get dataDirSize() {
      return dirSize(config.dataDir);
    },
    get logDirSize() {
      return dirSize(config.dataLogDir);
    },
    connections: (): ConnectionInfo[] =>
      [...server.connections.values()].map((c) => ({
        remoteAddress: c.rawRemoteAddress,
        remotePort: c.remotePort,
        interestOps: c.interestOps,
        queued: c.queued,
        received: c.stats.received,
        sent: c.stats.sent,
        session:
          c.sessionId === null
            ? undefined
            : {
                sessionId: c.sessionId,
                lastOp: c.stats.lastOp,
                establishedMs: c.established,
                timeoutMs: c.timeout,
                lastCxid: c.stats.lastCxid,
                lastZxid: c.stats.lastZxid,
                lastResponseTimeMs: c.stats.lastResponseTime,
                lastLatencyMs: c.stats.lastLatency,
                minLatencyMs: c.stats.latencyCount ? c.stats.minLatency : 0,
                avgLatencyMs: c.stats.latencyCount ? Math.floor(c.stats.totalLatency / c.stats.latencyCount) : 0,
                maxLatencyMs: c.stats.maxLatency,
              },
      })),
    watchSummary: () => ({
      connections: core.tree.watches.watcherCount(),
      paths: core.tree.watches.watchedPathCount(),
      total: core.tree.watches.count(),
    }),
    watchesBySession: () => new Map([...core.tree.watches.byConnection()].map(([w, paths]) => [watcherToSession(w), paths])),
    watchesByPath: () => new Map([...core.tree.watches.byPath()].map(([p, ws]) => [p, ws.map(watcherToSession)])),
    sessionDump: () => ({ kind: 'expiry', buckets: core.sessions.expiry.dump() }),
    ephemerals: () => new Map([...core.tree.ephemeralSessions()].map(([s, paths]) => [s, [...paths].sort()])),
    conf: () => ({
      entries: [
        ['clientPort', config.clientPort],
        ['secureClientPort', config.security.secureClientPort ?? -1],
        ...(config.security.secureClientPort !== undefined ? ([['secureClientPortAddress', config.security.secureClientPortAddress]] as const) : []),
        ['dataDir', config.dataDir],
        ['dataDirSize', dirSize(config.dataDir)],
        ['dataLogDir', config.dataLogDir],
        ['dataLogSize', dirSize(config.dataLogDir)],
        ['tickTime', config.tickTime],
        ['maxClientCnxns', config.maxClientCnxns],
        ['minSessionTimeout', config.minSessionTimeout],
        ['maxSessionTimeout', config.maxSessionTimeout],
        ['clientPortListenBacklog', -1],
        ['serverId', src.myid],
        ...(src.extraConf ?? []),
      ],
    }),
    environment: () => buildEnvironment(src.version),
    monitor: () => ({
      watchCount: core.tree.watches.count(),
      ephemeralsCount: core.tree.ephemeralCount(),
      approximateDataSize: core.tree.approximateDataSize(),
      uptimeMs: Date.now() - src.startedAt,
      globalSessions: core.sessions.size,
      localSessions: 0,
      authFailedCount: counters.authFailures,
      extra: src.extraMonitor ?? [],
    }),
    digestLog: () => [],
    resetConnectionStats: () => server.resetConnectionStats(),
    resetServerStats: () => {
      server.counters = freshCounters();
    },
    initialConfiguration: () => {
      try {
        return readFileSync(src.configFile, 'utf8');
      } catch {
        return '';
      }
    },
    // zk-ts keeps no snapshot files: the LMDB tree is the state after lastApplied, rewritten as
    // commits are applied. Its zxid and the data file's mtime stand for ZooKeeper's last snapshot.
    lastSnapshot: () => {
      try {
        const mtime = statSync(join(storageDir(config), 'data.mdb')).mtimeMs;
        return { zxid: core.lastApplied, timestampSec: Math.floor(mtime / 1000) };
      } catch {
        return null;
      }
    },
    quorum: src.quorum,
    ...(src.leadership ? { transferLeadership: (to) => src.leadership!.transfer(to), requestLeadership: () => src.leadership!.request() } : {}),
  };
}
