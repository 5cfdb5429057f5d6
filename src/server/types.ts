/** What the client-facing server needs from the rest of the process. */
import type { Id, ConnectRequest } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import type { ConnId } from '../pipeline/connections.js';

/** The calls a connection makes into the core (the standalone core or a quorum peer). */
export interface ClientCore {
  connect(conn: ConnId, remoteAddress: string, req: ConnectRequest): void;
  request(conn: ConnId, xid: number, req: Request): void;
  disconnect(conn: ConnId): void;
  addAuth(conn: ConnId, id: Id): void;
}

/** Runs `f` against the core and then carries out the effects it produced. */
export interface ClientCoreAccess {
  submit(f: (core: ClientCore) => void): void;
}

/**
 * Instrumentation of client traffic (the Prometheus metrics). Calls are cheap and synchronous;
 * the implementation lives outside the connection code.
 */
export interface ClientMetrics {
  /** A request was answered: its opcode name (Op's key, e.g. 'getData') and latency in ms. */
  requestDone(op: string, latencyMs: number): void;
  bytesReceived(n: number): void;
  bytesSent(n: number): void;
}

/** Server-wide settings and counters a connection reports to. */
export interface ServerHooks {
  maxBuffer: number;
  /** A connection with more unsent bytes than this is closed (its client does not read). */
  maxUnsentBytes: number;
  /** A request went to the core / its reply came back (or it was abandoned with its connection). */
  requestsInProcess(delta: number): void;
  /** ZooKeeper's throttle: stop reading a connection that has `ownOutstanding` requests in process. */
  shouldThrottle(ownOutstanding: number): boolean;
  handshakeTimeoutMs: number;
  superDigest: string | undefined;
  serving(): boolean;
  fourLetterWord(word: string, arg: bigint | undefined): string;
  countReceived(): void;
  countSent(): void;
  countAuthFailure(): void;
  recordLatency(ms: number): void;
  connectionClosed(conn: { id: ConnId }): void;
  metrics?: ClientMetrics;
}
