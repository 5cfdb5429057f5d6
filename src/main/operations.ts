/**
 * Wiring for what operators see (docs/operations.md): the Prometheus metrics, the AdminServer
 * with its commands and dashboard, and the standalone metrics endpoint. Whatever of these the
 * configuration asks for is started after the client port, and stopped before it.
 *
 * The modules behind them (prom-client, the HTTP servers, the dashboard, the client library the
 * dashboard writes with) are imported only when the configuration asks for them: loading them
 * took ~0.3 s of CPU per process at start-up, most of it prom-client (docs/performance.md).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZkConfig } from '../config/index.js';
import type { Replica } from '../peer/replica.js';
import type { Logger } from '../base/log.js';
import type { CommandContext } from '../server/commands.js';
import type { ServerMetrics, LearnerLag } from '../server/admin/metrics.js';
import type { RunningHttp } from '../server/admin/admin-server.js';
import type { DashboardWrite, ServerOverview } from '../server/admin/dashboard.js';
import type { JsonValue } from '../server/commands.js';

/** static/dashboard/ in the package (this file runs from dist/src/main). */
export const DASHBOARD_ASSETS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'static', 'dashboard');

/** What the metrics and the admin server read from the running server. */
export interface OperationsSources {
  myid: number;
  commandContext(): CommandContext;
  replica(): Replica;
  /** standalone, looking, leading, following, observing. */
  peerState(): string;
  /** Quorum members: epoch (-1 before one is established), leader (-1 when none), voters, the leader's learners. */
  quorum?: (() => { epoch: number; leader: number; quorumSize: number; learners: readonly LearnerLag[] | null }) | undefined;
}

/** The metrics, when the admin server or a metrics provider is configured. */
export async function createMetrics(config: ZkConfig, src: OperationsSources): Promise<ServerMetrics | null> {
  if (config.adminServerPort === undefined && config.metricsHttpPort === undefined) return null;
  const { ServerMetrics } = await import('../server/admin/metrics.js');
  const metrics = new ServerMetrics(
    {
      context: () => src.commandContext(),
      peerState: () => src.peerState(),
      quorum: src.quorum ? () => src.quorum!() : undefined,
    },
    { processInfo: config.metricsExportProcessInfo },
  );
  metrics.applied(src.replica().lastApplied); // commits are counted from the state loaded at start
  return metrics;
}

export interface Operations {
  /** The admin server's address, when it runs. */
  admin: { host: string; port: number } | null;
  stop(): Promise<void>;
}

export async function startOperations(config: ZkConfig, src: OperationsSources, metrics: ServerMetrics | null, log: Logger): Promise<Operations> {
  const started: RunningHttp[] = [];
  const stop = async () => {
    await Promise.all(started.map((s) => s.close()));
  };
  try {
    let admin: Operations['admin'] = null;
    // Imported only when asked for (see the file comment).
    const wantsHttp = config.adminServerPort !== undefined || (config.metricsHttpPort !== undefined && metrics !== null);
    const http = wantsHttp ? await import('../server/admin/admin-server.js') : null;
    if (config.adminServerPort !== undefined && http) {
      const { dashboardRoutes } = await import('../server/admin/dashboard.js');
      const overview = (): ServerOverview => serverOverview(src, metrics);
      const server = await http.startAdminServer({
        host: config.adminServerAddress,
        port: config.adminServerPort,
        commandUrl: config.adminCommandUrl,
        commandContext: () => src.commandContext(),
        metrics: metrics ?? undefined,
        routes: [
          dashboardRoutes({
            myid: src.myid,
            replica: () => src.replica(),
            commandContext: () => src.commandContext(),
            overview,
            peers: dashboardPeers(config, src.myid),
            write: config.adminDashboardWrite ? (change, identity) => writeAs(config, change, identity) : undefined,
            maxBody: config.juteMaxBuffer * 2 + 4096,
            assetsDir: DASHBOARD_ASSETS,
          }),
        ],
        log,
      });
      started.push(server);
      admin = { host: server.host, port: server.port };
      log.info(`admin server on http://${displayHost(server.host)}:${server.port} (commands at ${config.adminCommandUrl}, metrics at /metrics, dashboard at /)`);
    }
    if (config.metricsHttpPort !== undefined && metrics && http) {
      const m = await http.startMetricsServer(config.metricsHttpHost, config.metricsHttpPort, metrics, log);
      started.push(m);
      log.info(`Prometheus metrics on http://${displayHost(m.host)}:${m.port}/metrics`);
    }
    return { admin, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The other members' admin servers, for the dashboard's ensemble view: `admin.dashboard.peer.N`
 * where given, else the member's `server.N` host with this server's admin port.
 */
export function dashboardPeers(config: ZkConfig, myid: number): { id: number; url: string }[] {
  return config.servers
    .filter((s) => s.id !== myid)
    .map((s) => {
      const o = config.adminDashboardPeers.find((p) => p.id === s.id);
      const host = o?.host ?? s.host;
      return { id: s.id, url: `http://${host.includes(':') ? `[${host}]` : host}:${o?.port ?? config.adminServerPort}` };
    });
}

function serverOverview(src: OperationsSources, metrics: ServerMetrics | null): ServerOverview {
  const ctx = src.commandContext();
  const m = ctx.monitor();
  const q = src.quorum?.();
  const totals = metrics?.totals() ?? { requests: 0, latencySumMs: 0, bytesIn: 0, bytesOut: 0 };
  return {
    id: src.myid,
    state: src.peerState(),
    serving: ctx.serving,
    epoch: q ? q.epoch : 0,
    zxid: '0x' + BigInt.asUintN(64, ctx.zxid).toString(16),
    leader: q ? q.leader : -1,
    sessions: m.globalSessions,
    connections: ctx.aliveConnections,
    outstanding: ctx.outstandingRequests,
    znodes: ctx.nodeCount,
    watches: m.watchCount,
    requests: totals.requests,
    latencySumMs: totals.latencySumMs,
    bytesIn: totals.bytesIn,
    bytesOut: totals.bytesOut,
    learners: (q?.learners ?? []).map((l) => ({ ...l })),
    version: ctx.version,
    uptimeMs: m.uptimeMs,
  };
}

/**
 * A dashboard change goes through the normal write path: a client session on this server's own
 * client port, authenticated with the digest identity, so ACLs apply as to any client.
 */
async function writeAs(config: ZkConfig, change: DashboardWrite, identity: string): Promise<JsonValue> {
  const { CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, ZooKeeperClient, ZooKeeperError } = await import('../client/index.js');
  const host = ['0.0.0.0', '::'].includes(config.clientPortAddress) ? '127.0.0.1' : config.clientPortAddress;
  const client = new ZooKeeperClient(`${host.includes(':') ? `[${host}]` : host}:${config.clientPort}`, { sessionTimeout: 10_000 });
  try {
    await client.connected(10_000);
    await client.addAuth('digest', identity);
    const data = change.data === undefined ? null : change.base64 ? Buffer.from(change.data, 'base64') : Buffer.from(change.data, 'utf8');
    switch (change.op) {
      case 'create': {
        const path = await client.create(change.path, data, { acl: change.acl === 'creator' ? CREATOR_ALL_ACL : OPEN_ACL_UNSAFE });
        return { ok: true, path };
      }
      case 'set': {
        const stat = await client.setData(change.path, data, change.version ?? -1);
        return { ok: true, path: change.path, version: stat.version };
      }
      case 'delete':
        await client.delete(change.path, change.version ?? -1);
        return { ok: true, path: change.path };
    }
  } catch (e) {
    if (e instanceof ZooKeeperError) return { ok: false, error: e.message, code: e.code };
    return { ok: false, error: (e as Error).message };
  } finally {
    await client.close().catch(() => {});
  }
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
}
