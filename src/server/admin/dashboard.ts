/**
 * The web dashboard on the admin port (docs/operations.md): static HTML/JS/CSS from the
 * package's static/dashboard/ folder, and a small JSON API it polls. Session ids and zxids travel
 * as hex strings (a browser's JSON numbers cannot hold 64 bits).
 *
 *   GET  /                 the page
 *   GET  /api/overview     this server: role, epoch, zxid, sessions, connections, request totals
 *   GET  /api/ensemble     every member's overview (the others fetched from their admin ports)
 *   GET  /api/znode?path=  a znode: stat, ACL, data (base64), children
 *   GET  /api/sessions     sessions with their ephemerals, and where they are connected here
 *   GET  /api/watches      this server's watches by path
 *   POST /api/znode        create / set / delete, only with admin.dashboard.write=true, as a
 *                          client session authenticated with the digest identity of the
 *                          request's Basic credentials
 */
import { get } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hex } from '../../base/zxid.js';
import type { Replica } from '../../peer/replica.js';
import type { ACL } from '../../wire/records.js';
import type { CommandContext, JsonObject, JsonValue } from '../commands.js';
import { json, type HttpReply, type HttpRequest, type Route } from './http.js';

/** One server's state as the dashboard shows it. */
export interface ServerOverview extends JsonObject {
  id: number;
  /** standalone, looking, leading, following, observing. */
  state: string;
  serving: boolean;
  /** -1 before an epoch is established. */
  epoch: number;
  /** hex */
  zxid: string;
  /** The leader's id, -1 when none is known (or standalone). */
  leader: number;
  sessions: number;
  connections: number;
  outstanding: number;
  znodes: number;
  watches: number;
  /** Client requests answered since start (pings excluded) and their summed latency. */
  requests: number;
  latencySumMs: number;
  bytesIn: number;
  bytesOut: number;
  /** Leader only: followers' unacknowledged proposals. */
  learners: { sid: number; observer: boolean; synced: boolean; unacked: number }[];
  version: string;
  uptimeMs: number;
}

/** A change the dashboard asks for. `data` is UTF-8 text unless `base64` is set. */
export interface DashboardWrite {
  op: 'create' | 'set' | 'delete';
  path: string;
  data?: string | undefined;
  base64?: boolean;
  version?: number | undefined;
  /** create: 'open' (world:anyone, all) or 'creator' (the digest identity, all). */
  acl?: 'open' | 'creator' | undefined;
}

export interface DashboardOptions {
  myid: number;
  replica(): Replica;
  commandContext(): CommandContext;
  overview(): ServerOverview;
  /** The other members' admin base URLs (http://host:port). */
  peers: readonly { id: number; url: string }[];
  /** Present when admin.dashboard.write=true: performs a change as `identity` (user:password). */
  write?: ((change: DashboardWrite, identity: string) => Promise<JsonValue>) | undefined;
  /** Largest request body accepted, bytes. */
  maxBody: number;
  /** The folder holding index.html, app.js and style.css. */
  assetsDir: string;
}

/** Everything the page loads comes from this server; no script, style or fetch elsewhere. */
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};
const LIST_LIMIT = 2000;
const PEER_TIMEOUT_MS = 1500;

export function dashboardRoutes(o: DashboardOptions): Route {
  const assets = new Map(Object.entries(ASSETS).map(([path, a]) => [path, { type: a.type, body: readFileSync(join(o.assetsDir, a.file)) }]));
  return async (req) => {
    const asset = assets.get(req.path);
    if (asset) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: `HTTP method ${req.method} is not supported by this URL` });
      return { status: 200, contentType: asset.type, body: asset.body, headers: PAGE_HEADERS };
    }
    if (!req.path.startsWith('/api/')) return null;
    if (req.path === '/api/znode' && req.method === 'POST') return write(o, req);
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: `HTTP method ${req.method} is not supported by this URL` });
    switch (req.path) {
      case '/api/overview':
        return json(200, { ...o.overview(), write: o.write !== undefined });
      case '/api/ensemble':
        return json(200, { self: o.myid, write: o.write !== undefined, servers: await ensemble(o) });
      case '/api/znode':
        return znode(o.replica(), req.query.path ?? '/');
      case '/api/sessions':
        return json(200, sessions(o.replica(), o.commandContext()));
      case '/api/watches':
        return json(200, watches(o.commandContext()));
      default:
        return null;
    }
  };
}

async function ensemble(o: DashboardOptions): Promise<JsonValue[]> {
  const self = { id: o.myid, url: '', ok: true, overview: o.overview() };
  const others = await Promise.all(
    o.peers.map(async (p): Promise<JsonObject> => {
      try {
        return { id: p.id, url: p.url, ok: true, overview: await fetchJson(`${p.url}/api/overview`) };
      } catch (e) {
        return { id: p.id, url: p.url, ok: false, error: (e as Error).message };
      }
    }),
  );
  return [self, ...others].sort((a, b) => (a.id as number) - (b.id as number));
}

function fetchJson(url: string): Promise<JsonValue> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: PEER_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonValue);
        } catch (e) {
          reject(e as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${PEER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

function znode(replica: Replica, path: string): HttpReply {
  const tree = replica.tree;
  const node = tree.get(path);
  const stat = tree.stat(path);
  if (!node || !stat) return json(404, { path, error: 'no such znode' });
  const children = [...tree.children(path)].sort();
  return json(200, {
    path,
    stat: {
      czxid: hex(stat.czxid),
      mzxid: hex(stat.mzxid),
      pzxid: hex(stat.pzxid),
      ctime: stat.ctime,
      mtime: stat.mtime,
      version: stat.version,
      cversion: stat.cversion,
      aversion: stat.aversion,
      ephemeralOwner: hex(stat.ephemeralOwner),
      dataLength: stat.dataLength,
      numChildren: stat.numChildren,
    },
    acl: node.acl.map((a: ACL) => ({ perms: perms(a.perms), scheme: a.id.scheme, id: a.id.id })),
    data: node.data === null ? null : Buffer.from(node.data).toString('base64'),
    children: children.slice(0, LIST_LIMIT),
    childrenTruncated: children.length > LIST_LIMIT,
  });
}

/** ZooKeeper's letters for ACL permissions, in zkCli's order. */
function perms(p: number): string {
  return [[4, 'c'], [8, 'd'], [1, 'r'], [2, 'w'], [16, 'a']].map(([bit, letter]) => ((p & (bit as number)) !== 0 ? letter : '')).join('');
}

function sessions(replica: Replica, ctx: CommandContext): JsonObject {
  const here = new Map<bigint, string>();
  for (const c of ctx.connections()) if (c.session) here.set(c.session.sessionId, `${c.remoteAddress.replace(/^::ffff:/, '')}:${c.remotePort}`);
  const ephemerals = replica.tree.ephemeralSessions();
  const all = [...replica.sessions.all()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    total: all.length,
    sessions: all.slice(0, LIST_LIMIT).map((s) => ({
      id: hex(s.id),
      timeoutMs: s.timeout,
      ephemerals: [...(ephemerals.get(s.id) ?? [])].sort(),
      connectedHere: here.get(s.id) ?? null,
    })),
  };
}

function watches(ctx: CommandContext): JsonObject {
  const byPath = [...ctx.watchesByPath()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return {
    total: ctx.watchSummary().total,
    paths: byPath.slice(0, LIST_LIMIT).map(([path, sids]) => ({ path, sessions: sids.map((s) => hex(s)) })),
  };
}

async function write(o: DashboardOptions, req: HttpRequest): Promise<HttpReply> {
  if (!o.write) return json(403, { error: 'the dashboard is read-only (admin.dashboard.write=false)' });
  // A custom header and a JSON body: a cross-site form cannot send either without a CORS
  // preflight, which this server never grants.
  if (req.headers['x-zk-dashboard'] !== '1' || !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return json(400, { error: 'expected a JSON body and the X-ZK-Dashboard header' });
  }
  const identity = basicCredentials(req.headers.authorization);
  if (!identity) return json(401, { error: 'a digest identity (user:password) is required' }, { 'WWW-Authenticate': 'Basic realm="zk-ts dashboard"' });
  let change: DashboardWrite;
  try {
    change = parseWrite(JSON.parse((await req.body(o.maxBody)).toString('utf8')));
  } catch (e) {
    return json(400, { error: `bad request: ${(e as Error).message}` });
  }
  return json(200, await o.write(change, identity));
}

function basicCredentials(header: string | undefined): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  return text.indexOf(':') > 0 ? text : null;
}

function parseWrite(v: unknown): DashboardWrite {
  if (typeof v !== 'object' || v === null) throw new Error('expected an object');
  const w = v as Record<string, unknown>;
  if (w.op !== 'create' && w.op !== 'set' && w.op !== 'delete') throw new Error(`op must be create, set or delete`);
  if (typeof w.path !== 'string' || !w.path.startsWith('/')) throw new Error('path must be an absolute znode path');
  if (w.data !== undefined && typeof w.data !== 'string') throw new Error('data must be a string');
  if (w.version !== undefined && !Number.isInteger(w.version)) throw new Error('version must be an integer');
  if (w.acl !== undefined && w.acl !== 'open' && w.acl !== 'creator') throw new Error('acl must be open or creator');
  return { op: w.op, path: w.path, data: w.data as string | undefined, base64: w.base64 === true, version: w.version as number | undefined, acl: w.acl as DashboardWrite['acl'] };
}
