/**
 * The small HTTP layer under the AdminServer and the metrics endpoint (node's http, no
 * framework): a request goes to the first route that takes it; what none takes is a 404 in
 * JSON; a handler that throws answers 500 in JSON and is logged. Nothing a client sends can
 * stop the server.
 */
import { type IncomingMessage, type Server } from 'node:http';
import type { JsonValue } from '../commands.js';
import type { Logger } from '../../base/log.js';
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
    headers?: Record<string, string>;
}
/** A route answers, or returns null to let the next route try. */
export type Route = (req: HttpRequest) => Promise<HttpReply | null> | HttpReply | null;
export declare function json(status: number, body: JsonValue, headers?: Record<string, string>): HttpReply;
export declare class BodyTooLarge extends Error {
}
/** Starts an HTTP server on host:port; resolves with the bound port once listening. */
export declare function serveHttp(name: string, host: string, port: number, routes: readonly Route[], log: Logger): Promise<{
    server: Server;
    host: string;
    port: number;
}>;
/** Closes the server and every connection it still has (keep-alive ones included). */
export declare function closeHttp(server: Server): Promise<void>;
