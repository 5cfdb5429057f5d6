/** What the client-facing server needs from the rest of the process. */
import type { ClientInput } from '../peer/inputs.js';
import type { ConnId } from '../pipeline/connections.js';

/** Hands the core (the standalone core or a quorum peer) one client input; its effects are carried out at the end of the turn. */
export interface ClientCoreAccess {
  submit(input: ClientInput): void;
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
  metrics?: ClientMetrics | undefined;
}
