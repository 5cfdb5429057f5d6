import { type Request } from '../../wire/index.js';
/** The reply's error code (0: success), or null when there was no reply (refused, closed, timed out). */
export declare function probeOnce(port: number, req: Request, timeoutMs?: number, host?: string): Promise<number | null>;
export declare function createRequest(path: string, data?: Uint8Array | null): Request;
export declare function getDataRequest(path: string): Request;
/**
 * Asks every port again and again (each on its own fresh connection, `intervalMs` apart) until
 * one answers the request made by `request(attempt)` with an error code `accept` allows; resolves
 * with that port. Rejects after `timeoutMs`.
 */
export declare function firstServed(ports: readonly number[], request: (attempt: number) => Request, accept: (err: number) => boolean, timeoutMs: number, intervalMs?: number): Promise<number>;
