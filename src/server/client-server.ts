/**
 * The client port: accepts TCP connections, enforces maxClientCnxns per address, routes the
 * core's effects to the right connection, and keeps the counters the four-letter words report.
 */
import { createServer, Server, Socket } from 'node:net';
import type { ConnectResponse } from '../wire/records.js';
import type { ConnId, ConnectionEffect } from '../pipeline/connections.js';
import { ClientConnection } from './client-connection.js';
import type { ClientCoreAccess, ClientMetrics, Logger, ServerHooks } from './types.js';

export interface ClientServerOptions {
  host: string;
  port: number;
  maxClientCnxns: number;
  maxBuffer: number;
  /** Requests in process (server-wide) above which connections with requests of their own in process are not read. */
  globalOutstandingLimit: number;
  /** Unsent bytes above which a connection is closed. */
  maxUnsentBytes: number;
  superDigest: string | undefined;
  /** Answers a four-letter word (the runtime supplies the data). */
  fourLetterWord(word: string, arg: bigint | undefined): string;
  /** False while the server cannot serve (e.g. LOOKING): new connections are closed. */
  serving(): boolean;
  metrics?: ClientMetrics;
}

export interface ServerCounters {
  packetsReceived: number;
  packetsSent: number;
  authFailures: number;
  minLatency: number;
  maxLatency: number;
  totalLatency: number;
  latencyCount: number;
}

export function freshCounters(): ServerCounters {
  return { packetsReceived: 0, packetsSent: 0, authFailures: 0, minLatency: Number.MAX_SAFE_INTEGER, maxLatency: 0, totalLatency: 0, latencyCount: 0 };
}

export class ClientServer {
  private server: Server | null = null;
  readonly connections = new Map<ConnId, ClientConnection>();
  private readonly perAddress = new Map<string, number>();
  private nextConnId = 1;
  /** Client requests handed to the core and not answered yet, over every connection. */
  private inProcess = 0;
  counters = freshCounters();
  private readonly hooks: ServerHooks;

  constructor(
    private readonly opts: ClientServerOptions,
    private readonly core: ClientCoreAccess,
    private readonly log: Logger,
  ) {
    const counters = () => this.counters;
    this.hooks = {
      maxBuffer: opts.maxBuffer,
      maxUnsentBytes: opts.maxUnsentBytes,
      requestsInProcess: (delta) => void (this.inProcess += delta),
      // As ZooKeeper 3.8 (ZooKeeperServer.shouldThrottle): a connection is throttled only while
      // it has a request of its own in process, so each one can always make progress.
      shouldThrottle: (own) => own > 0 && this.inProcess > opts.globalOutstandingLimit,
      handshakeTimeoutMs: 30_000,
      superDigest: opts.superDigest,
      serving: opts.serving,
      fourLetterWord: opts.fourLetterWord,
      countReceived: () => void counters().packetsReceived++,
      countSent: () => void counters().packetsSent++,
      countAuthFailure: () => void counters().authFailures++,
      recordLatency: (ms) => {
        const c = counters();
        c.minLatency = Math.min(c.minLatency, ms);
        c.maxLatency = Math.max(c.maxLatency, ms);
        c.totalLatency += ms;
        c.latencyCount++;
      },
      connectionClosed: (conn) => this.onConnectionClosed(conn.id),
      metrics: opts.metrics,
    };
  }

  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.accept(socket));
      server.on('error', reject);
      server.listen({ host: this.opts.host, port: this.opts.port, backlog: 511 }, () => {
        server.off('error', reject);
        server.on('error', (e) => this.log.error(`client port: ${e.message}`));
        const addr = server.address();
        const port = typeof addr === 'object' && addr ? addr.port : this.opts.port;
        resolve({ host: this.opts.host, port });
      });
      this.server = server;
    });
  }

  private accept(socket: Socket): void {
    const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const count = this.perAddress.get(address) ?? 0;
    if (this.opts.maxClientCnxns > 0 && count >= this.opts.maxClientCnxns) {
      this.log.warn(`too many connections from ${address}: max is ${this.opts.maxClientCnxns}`);
      socket.destroy();
      return;
    }
    this.perAddress.set(address, count + 1);
    const id = this.nextConnId++;
    const conn = new ClientConnection(id, socket, this.core, this.hooks, this.log);
    this.connections.set(id, conn);
    this.log.info(`accepted connection from ${conn.remote}`);
  }

  private onConnectionClosed(id: ConnId): void {
    const conn = this.connections.get(id);
    if (!conn) return;
    this.connections.delete(id);
    const address = conn.remoteAddress;
    const n = (this.perAddress.get(address) ?? 1) - 1;
    if (n <= 0) this.perAddress.delete(address);
    else this.perAddress.set(address, n);
    this.core.submit((c) => c.disconnect(id));
  }

  /** Client requests in process now (handed to the core, not answered). */
  get requestsInProcess(): number {
    return this.inProcess;
  }

  deliver(effect: ConnectionEffect | { kind: 'handshake'; conn: ConnId; response: ConnectResponse }): void {
    this.connections.get(effect.conn)?.deliver(effect);
  }

  /** Closes every client connection (e.g. when the server stops serving). */
  closeAll(reason: string): void {
    for (const c of this.connections.values()) c.close(reason);
  }

  resetConnectionStats(): void {
    for (const c of this.connections.values()) c.stats = { ...c.stats, received: 0, sent: 0, minLatency: Number.MAX_SAFE_INTEGER, maxLatency: 0, totalLatency: 0, latencyCount: 0, lastLatency: 0 };
  }

  async close(): Promise<void> {
    this.closeAll('server stopping');
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
