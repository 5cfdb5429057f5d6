/**
 * The client ports: takes the connections its listeners accept (plain and TLS, see
 * net/client-listeners.ts), enforces maxClientCnxns per address, routes the core's effects to
 * the right connection, and keeps the counters the four-letter words report.
 */
import type { Socket } from 'node:net';
import type { ConnectResponse, Id } from '../wire/records.js';
import type { ConnId, ConnectionEffect } from '../pipeline/connections.js';
import { ClientConnection } from './client-connection.js';
import { certificateIds, ConnectionAuth, NO_AUTH_SETTINGS, type AuthSettings } from './connection-auth.js';
import type { ClientCoreAccess, ClientMetrics, ServerHooks } from './types.js';
import { asConnId } from '../base/ids.js';
import type { Logger } from '../base/log.js';
import { invariant } from '../base/invariant.js';

/** A socket a listener accepted, with the verified client certificate (DER) of a TLS one. */
export interface AcceptedClient {
  socket: Socket;
  secure: boolean;
  certificate: Uint8Array | null;
}

/** One listening port (net/client-listeners.ts makes them). */
export interface ClientListener {
  readonly kind: 'plain' | 'tls';
  listen(onClient: (c: AcceptedClient) => void): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
}

export interface ClientServerOptions {
  listeners: ClientListener[];
  /** x509 and SASL settings; default: nothing beyond digest auth packets. */
  auth?: AuthSettings;
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
  metrics?: ClientMetrics | undefined;
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
  /** Where the listeners listen, in the order given. */
  readonly addresses: Array<{ host: string; port: number; secure: boolean }> = [];
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

  /** Opens every listener; resolves with the first address (the plain port when there is one). */
  async listen(): Promise<{ host: string; port: number }> {
    for (const l of this.opts.listeners) {
      const a = await l.listen((c) => this.accept(c));
      this.addresses.push({ ...a, secure: l.kind === 'tls' });
    }
    const first = this.addresses[0];
    invariant(first, 'client-server-listening', 'no listener address after listen(); a server needs at least one listener');
    return first;
  }

  private accept({ socket, secure, certificate }: AcceptedClient): void {
    const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const count = this.perAddress.get(address) ?? 0;
    if (this.opts.maxClientCnxns > 0 && count >= this.opts.maxClientCnxns) {
      this.log.warn(`too many connections from ${address}: max is ${this.opts.maxClientCnxns}`);
      socket.destroy();
      return;
    }
    const settings = this.opts.auth ?? NO_AUTH_SETTINGS;
    let ids: Id[] = [];
    if (certificate) {
      try {
        ids = certificateIds(certificate, settings);
      } catch (e) {
        this.log.warn(`refusing ${address}:${socket.remotePort}: cannot read its certificate's subject (${(e as Error).message})`);
        socket.destroy();
        return;
      }
    }
    this.perAddress.set(address, count + 1);
    const id = asConnId(this.nextConnId++);
    const conn = new ClientConnection(id, socket, this.core, this.hooks, this.log, new ConnectionAuth(settings, ids));
    this.connections.set(id, conn);
    this.log.info(`accepted ${secure ? 'TLS ' : ''}connection from ${conn.remote}${ids.length > 0 ? ` (x509 '${ids[0]!.id}')` : ''}`);
  }

  private onConnectionClosed(id: ConnId): void {
    const conn = this.connections.get(id);
    if (!conn) return;
    this.connections.delete(id);
    const address = conn.remoteAddress;
    const n = (this.perAddress.get(address) ?? 1) - 1;
    if (n <= 0) this.perAddress.delete(address);
    else this.perAddress.set(address, n);
    this.core.submit({ kind: 'disconnect', conn: id });
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
    await Promise.all(this.opts.listeners.map((l) => l.close()));
  }
}
