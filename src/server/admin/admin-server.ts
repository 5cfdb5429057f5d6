/**
 * The AdminServer (ZooKeeper 3.8's JettyAdminServer, on node's http): `GET <commandURL>` lists
 * the commands as links, `GET <commandURL>/<name>?key=value` answers the command in ZooKeeper's
 * JSON; `GET /metrics` is the Prometheus endpoint; the dashboard's routes come after. A
 * standalone metrics endpoint (`metricsProvider.httpPort`) serves `/metrics` alone.
 */
import type { Server } from 'node:http';
import { commandNamed, COMMANDS, presentAsJson, type CommandContext } from '../commands.js';
import type { Logger } from '../../base/log.js';
import { closeHttp, json, serveHttp, type Route } from './http.js';

export interface MetricsEndpoint {
  contentType: string;
  scrape(): Promise<string>;
}

export interface AdminServerOptions {
  host: string;
  port: number;
  /** `admin.commandURL`, e.g. '/commands'. */
  commandUrl: string;
  /** The commands' data as of now. */
  commandContext(): CommandContext;
  metrics?: MetricsEndpoint | undefined;
  /** More routes (the dashboard), tried after the commands and /metrics. */
  routes?: readonly Route[];
  log: Logger;
}

/** The command routes: the listing, each command, 405 for other methods. */
export function commandRoutes(commandUrl: string, commandContext: () => CommandContext): Route {
  return (req) => {
    if (req.path !== commandUrl && !req.path.startsWith(commandUrl + '/')) return null;
    const name = req.path.slice(commandUrl.length + 1);
    // Commands that act (a leadership transfer) take POST only, so that a crawler or a
    // prefetching browser cannot trigger them; the others GET, as ZooKeeper's servlet.
    const allowed = commandNamed(name)?.method === 'POST' ? ['POST'] : ['GET', 'HEAD'];
    if (!allowed.includes(req.method)) {
      return json(405, { command: name, error: `HTTP method ${req.method} is not supported by this URL` }, { Allow: allowed.join(', ') });
    }
    if (name === '') {
      // JettyAdminServer's listing: a link per primary name, sorted, each followed by <br/>.
      const names = COMMANDS.map((c) => c.names[0]).sort();
      const body = names.map((n) => `<a href="${commandUrl}/${n}">${n}</a>\n<br/>\n`).join('');
      return { status: 200, contentType: 'text/html; charset=utf-8', body };
    }
    // An unknown name too answers 200 with `error: "Unknown command: <name>"`, as ZooKeeper 3.8's
    // CommandServlet does (it sets SC_OK for every command), so scripts that check the status
    // see the same thing on both; paths outside the command URL get 404.
    return json(200, presentAsJson(name, commandContext(), req.query).body);
  };
}

export function metricsRoute(metrics: MetricsEndpoint): Route {
  return async (req) => {
    if (req.path !== '/metrics') return null;
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: `HTTP method ${req.method} is not supported by this URL` });
    return { status: 200, contentType: metrics.contentType, body: await metrics.scrape() };
  };
}

export interface RunningHttp {
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startAdminServer(o: AdminServerOptions): Promise<RunningHttp> {
  const routes: Route[] = [commandRoutes(o.commandUrl, o.commandContext)];
  if (o.metrics) routes.push(metricsRoute(o.metrics));
  routes.push(...(o.routes ?? []));
  return running(await serveHttp('admin server', o.host, o.port, routes, o.log));
}

/** `metricsProvider.httpPort`: /metrics and nothing else, as ZooKeeper's provider serves it. */
export async function startMetricsServer(host: string, port: number, metrics: MetricsEndpoint, log: Logger): Promise<RunningHttp> {
  return running(await serveHttp('metrics endpoint', host, port, [metricsRoute(metrics)], log));
}

function running(s: { server: Server; host: string; port: number }): RunningHttp {
  return { host: s.host, port: s.port, close: () => closeHttp(s.server) };
}
