/**
 * The election over mutual TLS (`sslQuorum=true`): the same datagrams as the UDP transport,
 * carried on TLS connections to each peer's election port (TCP, same number as the UDP port).
 * Each server keeps one outgoing connection per peer, opened on demand; a connection starts
 * with a hello naming the sender's id, which its certificate must back (quorum-tls.ts), and
 * every datagram on it must carry that id. A datagram that finds no connection waits in a short
 * queue while one is opened; beyond that it is dropped, as UDP would (the election retransmits).
 */
import type { Server, Socket } from 'node:net';
import { decodeElectionDatagram, encodeElectionDatagram } from '../wire/election.js';
import { decodeElectionHello, encodeElectionHello, FrameSplitter, frameMessage } from '../wire/election-stream.js';
import type { Logger } from '../base/log.js';
import type { QuorumTls } from './quorum-tls.js';
import type { ElectionAddress, SendEffect, UdpElectionOptions } from './udp-election.js';

/** Datagrams kept per peer while its connection is being opened. */
const QUEUE_LIMIT = 16;
const MAX_BACKOFF_MS = 2000;

interface Outbound {
  to: ElectionAddress;
  socket: Socket | null;
  connecting: boolean;
  queue: Uint8Array[];
  backoffMs: number;
  timer: NodeJS.Timeout | null;
}

export interface TlsElectionCounters {
  datagramsIn: number;
  datagramsOut: number;
  droppedMalformed: number;
  droppedUnproven: number;
  sendDropped: number;
  linksRefused: number;
}

export class TlsElectionTransport<E extends { kind: string }> {
  readonly counters: TlsElectionCounters = { datagramsIn: 0, datagramsOut: 0, droppedMalformed: 0, droppedUnproven: 0, sendDropped: 0, linksRefused: 0 };
  private server: Server | null = null;
  private readonly outbound = new Map<number, Outbound>();
  private readonly inbound = new Map<number, Socket>();
  private readonly addresses = new Map<number, ElectionAddress>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly opts: UdpElectionOptions<E>,
    private readonly quorumTls: QuorumTls,
    private readonly log: Logger,
    /** False when another transport sends (portUnification with sslQuorum=false): receive only. */
    private readonly sends = true,
  ) {
    for (const s of opts.servers) this.addresses.set(s.id, s);
    this.now = opts.now ?? (() => performance.now());
  }

  async start(): Promise<void> {
    const self = this.opts.self;
    this.server = await this.quorumTls.listen(self.host, self.electionPort, 'election port', (s) => this.accepted(s));
    const interval = this.opts.tickIntervalMs ?? 0;
    const beat = () => this.run(this.opts.handler.step({ kind: 'tick', nowMs: this.now() }));
    if (interval > 0) this.timer = setInterval(beat, interval);
  }

  stats(): Record<string, number> {
    return { ...(this.opts.handler.counters as Record<string, number> | undefined), ...this.counters };
  }

  run(effects: readonly E[]): void {
    for (const e of effects) {
      if (e.kind === 'send') this.send(e as unknown as SendEffect);
      else this.opts.onEffect(e);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const o of this.outbound.values()) {
      if (o.timer) clearTimeout(o.timer);
      o.socket?.destroy();
    }
    for (const s of this.inbound.values()) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ------------------------------------------------------------------ sending

  private send(e: SendEffect): void {
    if (this.closed || !this.sends) return;
    if (e.to === this.opts.self.id) {
      this.run(this.opts.handler.step({ kind: 'datagram', datagram: e.datagram, nowMs: this.now() }));
      return;
    }
    const to = this.addresses.get(e.to);
    if (!to) {
      this.counters.sendDropped++;
      this.opts.onWarning?.('tls.unknown-destination', { to: e.to });
      return;
    }
    let o = this.outbound.get(e.to);
    if (!o) {
      o = { to, socket: null, connecting: false, queue: [], backoffMs: 100, timer: null };
      this.outbound.set(e.to, o);
    }
    const frame = frameMessage(encodeElectionDatagram(e.datagram, false));
    this.counters.datagramsOut++;
    if (o.socket) {
      o.socket.write(frame);
      return;
    }
    o.queue.push(frame);
    if (o.queue.length > QUEUE_LIMIT) {
      o.queue.shift();
      this.counters.sendDropped++;
    }
    this.connect(o);
  }

  private connect(o: Outbound): void {
    if (o.connecting || o.socket || o.timer || this.closed) return;
    o.connecting = true;
    this.quorumTls.connect(o.to.id, o.to.host, o.to.electionPort).then(
      (s) => {
        o.connecting = false;
        if (this.closed) return void s.destroy();
        o.socket = s;
        o.backoffMs = 100;
        s.setNoDelay(true);
        s.write(frameMessage(encodeElectionHello(this.opts.self.id)));
        for (const f of o.queue.splice(0)) s.write(f);
        s.on('data', () => {}); // nothing flows back on an outgoing link
        s.on('close', () => {
          if (o.socket === s) o.socket = null;
          if (o.queue.length > 0) this.retry(o);
        });
      },
      (err: Error) => {
        o.connecting = false;
        this.log.debug(`election: cannot reach server ${o.to.id} at ${o.to.host}:${o.to.electionPort}: ${err.message}`);
        this.retry(o);
      },
    );
  }

  private retry(o: Outbound): void {
    if (this.closed || o.timer) return;
    o.timer = setTimeout(() => {
      o.timer = null;
      if (o.queue.length > 0) this.connect(o);
    }, o.backoffMs);
    o.backoffMs = Math.min(MAX_BACKOFF_MS, o.backoffMs * 2);
  }

  // ------------------------------------------------------------------ receiving

  private accepted(s: Socket): void {
    const peer = `${(s.remoteAddress ?? '?').replace(/^::ffff:/, '')}:${s.remotePort}`;
    const split = new FrameSplitter();
    let sid: number | null = null;
    const refuse = (why: string) => {
      this.counters.linksRefused++;
      this.log.warn(`election port: refusing ${peer}${sid !== null ? ` as server ${sid}` : ''}: ${why}`);
      s.destroy();
    };
    s.on('error', () => {});
    s.on('data', (chunk: Buffer) => {
      if (s.destroyed) return;
      let frames: Uint8Array[];
      try {
        frames = split.push(chunk);
      } catch (e) {
        return refuse((e as Error).message);
      }
      for (const f of frames) {
        if (sid === null) {
          let claimed: number;
          try {
            claimed = decodeElectionHello(f);
          } catch (e) {
            return refuse((e as Error).message);
          }
          const why = this.quorumTls.refuseClaim(s, claimed, this.opts.self.id);
          sid = claimed;
          if (why !== null) return refuse(why);
          this.inbound.get(sid)?.destroy();
          this.inbound.set(sid, s);
          const bound = sid;
          s.once('close', () => {
            if (this.inbound.get(bound) === s) this.inbound.delete(bound);
          });
          continue;
        }
        this.counters.datagramsIn++;
        let d;
        try {
          d = decodeElectionDatagram(f);
        } catch {
          this.counters.droppedMalformed++;
          continue;
        }
        if (d.datagram.header.sid !== sid) {
          this.counters.droppedUnproven++;
          return refuse(`it sent a datagram signed as server ${d.datagram.header.sid}`);
        }
        if (this.closed) return;
        this.run(this.opts.handler.step({ kind: 'datagram', datagram: d.datagram, nowMs: this.now() }));
      }
    });
  }
}
