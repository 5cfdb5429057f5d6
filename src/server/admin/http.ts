/**
 * The small HTTP layer under the AdminServer and the metrics endpoint (node's http, no
 * framework): a request goes to the first route that takes it; what none takes is a 404 in
 * JSON; a handler that throws answers 500 in JSON and is logged. Nothing a client sends can
 * stop the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { JsonValue } from '../commands.js';
import type { Logger } from '../../base/log.js';
import { toJackson } from './json.js';

export interface HttpRequest {
  method: string;
  /** The path, decoded. */
  path: string;
  /** Query parameters; the first value of each, as ZooKeeper's CommandServlet takes it. */
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** The body, at most `limit` bytes (a larger one is refused with 413). */
  body(limit: number): Promise<Buffer>;
}

export interface HttpReply {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string> | undefined;
}

/** A route answers, or returns null to let the next route try. */
export type Route = (req: HttpRequest) => Promise<HttpReply | null> | HttpReply | null;

export function json(status: number, body: JsonValue, headers?: Record<string, string>): HttpReply {
  return { status, contentType: 'application/json', body: toJackson(body), headers };
}

export class BodyTooLarge extends Error {}

/** Starts an HTTP server on host:port; resolves with the bound port once listening. */
export function serveHttp(
  name: string,
  host: string,
  port: number,
  routes: readonly Route[],
  log: Logger,
): Promise<{ server: Server; host: string; port: number }> {
  const server = createServer((req, res) => void handle(req, res));
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let reply: HttpReply;
    try {
      const url = new URL(req.url ?? '/', 'http://admin.invalid');
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
      const request: HttpRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query,
        headers: req.headers,
        body: (limit) => readBody(req, limit),
      };
      reply = json(404, { error: `not found: ${url.pathname}` });
      for (const route of routes) {
        const r = await route(request);
        if (r) {
          reply = r;
          break;
        }
      }
    } catch (e) {
      if (e instanceof BodyTooLarge) reply = json(413, { error: e.message });
      else if (e instanceof URIError) reply = json(400, { error: `bad request: ${e.message}` });
      else {
        log.warn(`${name}: ${req.method} ${req.url}: ${(e as Error).stack ?? e}`);
        reply = json(500, { error: `internal error: ${(e as Error).message}` });
      }
    }
    if (res.destroyed) return;
    res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Cache-Control': 'no-store', ...reply.headers });
    res.end(req.method === 'HEAD' ? undefined : reply.body);
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      server.on('error', (e) => log.error(`${name}: ${e.message}`));
      server.on('clientError', (_e, socket) => socket.destroy());
      const addr = server.address();
      resolve({ server, host, port: typeof addr === 'object' && addr ? addr.port : port });
    });
  });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyTooLarge(`request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Closes the server and every connection it still has (keep-alive ones included). */
export function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
