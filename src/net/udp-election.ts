/**
 * The UDP adapter of the election (docs/architecture.md, "Elections over UDP"): one datagram socket on this server's
 * election port. It decodes what arrives, checks the optional HMAC, hands datagrams to the
 * election core, sends the core's datagrams, and, if asked to, steps it with a tick on a
 * steady beat (the peer runtime does not ask: its own timer ticks the whole peer). Everything
 * that decides anything is in the pure core; this file only moves bytes, and never throws on
 * what the network delivers: garbage is counted and dropped (ZOOKEEPER-3769).
 *
 * With a shared key (zoo.cfg `electionKey`) every datagram we send carries the MAC flag and an
 * HMAC-SHA256 trailer over all bytes before it; a datagram without a valid one is dropped and
 * counted. Without a key, a datagram that carries a MAC is dropped too: one side of the
 * ensemble is misconfigured, and accepting it would hide that.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Sid } from '../base/ids.js';
import {
  decodeElectionDatagram,
  ELECTION_MAC_BYTES,
  ElectionDatagram,
  encodeElectionDatagram,
} from '../wire/election.js';

/** Where a server's election socket is: a `server.N` line's id, host and electionPort. */
export interface ElectionAddress {
  id: Sid;
  host: string;
  electionPort: number;
}

/** The effects the adapter executes itself; anything else goes to `onEffect`. */
export interface SendEffect {
  kind: 'send';
  to: number;
  datagram: ElectionDatagram;
}

/**
 * What a transport hands the election core, as plain data: each datagram that arrives, decoded
 * and authenticated, and, when the transport is given a beat, a tick every `tickIntervalMs`.
 * (The election's own inputs of these two kinds.)
 */
export type TransportInput =
  | { kind: 'datagram'; datagram: ElectionDatagram; nowMs: number }
  | { kind: 'tick'; nowMs: number };

/** The election core as the adapter sees it: its `step` (the Election class fits). */
export interface ElectionHandler<E extends { kind: string }> {
  step(input: TransportInput): E[];
  /** The core's own counters (sent, received, droppedStale, ...), merged into stats(). */
  readonly counters?: object;
}

export interface UdpElectionOptions<E extends { kind: string }> {
  self: ElectionAddress;
  servers: readonly ElectionAddress[];
  handler: ElectionHandler<E>;
  /** Every non-send effect (decisions, logs), in order. */
  onEffect: (effect: E) => void;
  /** zoo.cfg `electionKey`; its UTF-8 bytes are the HMAC key. */
  sharedKey?: string | Uint8Array | undefined;
  /**
   * The beat of the handler's 'tick' input (the cores' shortest timers are 200 ms). Without one
   * (or 0) the transport only moves datagrams and its owner ticks the core.
   */
  tickIntervalMs?: number;
  /** Monotonic milliseconds. */
  now?: () => number;
  /** Where socket-level trouble is reported (the cores report through log effects). */
  onWarning?: (event: string, detail: Record<string, string | number>) => void;
}

export interface UdpElectionCounters {
  datagramsIn: number;
  datagramsOut: number;
  droppedMalformed: number;
  droppedBadMac: number;
  sendErrors: number;
}

export class UdpElectionTransport<E extends { kind: string }> {
  readonly counters: UdpElectionCounters = { datagramsIn: 0, datagramsOut: 0, droppedMalformed: 0, droppedBadMac: 0, sendErrors: 0 };
  private readonly socket: dgram.Socket;
  private readonly key: Buffer | null;
  private readonly addresses = new Map<number, ElectionAddress>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: UdpElectionOptions<E>) {
    const k = opts.sharedKey;
    this.key = k === undefined ? null : typeof k === 'string' ? Buffer.from(k, 'utf8') : Buffer.from(k);
    for (const s of opts.servers) this.addresses.set(s.id, s);
    this.now = opts.now ?? (() => performance.now());
    this.socket = dgram.createSocket({ type: isIPv6(opts.self.host) ? 'udp6' : 'udp4' });
    this.socket.on('message', (buf) => this.onDatagram(buf));
    this.socket.on('error', (err) => this.warn('udp.error', { message: err.message }));
  }

  /** Binds the election port and starts the tick beat, if there is one. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(this.opts.self.electionPort, this.opts.self.host, () => {
        this.socket.off('error', reject);
        resolve();
      });
    });
    const interval = this.opts.tickIntervalMs ?? 0;
    const beat = () => this.run(this.opts.handler.step({ kind: 'tick', nowMs: this.now() }));
    if (interval > 0) this.timer = setInterval(beat, interval);
  }

  /** The adapter's counters and the core's, in one record for metrics. */
  stats(): Record<string, number> {
    return { ...(this.opts.handler.counters as Record<string, number> | undefined), ...this.counters };
  }

  /** The bound port (useful when the configuration said 0). */
  get port(): number {
    return this.socket.address().port;
  }

  /** Carries out the effects the core returns for any input ('start', 'established', ...). */
  run(effects: readonly E[]): void {
    for (const e of effects) {
      if (e.kind === 'send') this.send(e as unknown as SendEffect);
      else this.opts.onEffect(e);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private onDatagram(buf: Buffer): void {
    this.counters.datagramsIn++;
    let decoded;
    try {
      decoded = decodeElectionDatagram(buf);
    } catch {
      // DecodeError, or anything else a hostile datagram could provoke in the decoder.
      this.counters.droppedMalformed++;
      return;
    }
    if (!this.authentic(decoded.mac, decoded.signed)) {
      this.counters.droppedBadMac++;
      return;
    }
    this.run(this.opts.handler.step({ kind: 'datagram', datagram: decoded.datagram, nowMs: this.now() }));
  }

  private authentic(mac: Uint8Array | null, signed: Uint8Array): boolean {
    if (this.key === null) return mac === null;
    if (mac === null) return false;
    return timingSafeEqual(this.hmac(signed), mac);
  }

  private hmac(bytes: Uint8Array): Buffer {
    return createHmac('sha256', this.key!).update(bytes).digest();
  }

  private send(e: SendEffect): void {
    if (this.closed) return;
    const to = this.addresses.get(e.to);
    if (to === undefined) {
      this.counters.sendErrors++;
      this.warn('udp.unknown-destination', { to: e.to });
      return;
    }
    const body = encodeElectionDatagram(e.datagram, this.key !== null);
    const bytes = this.key === null ? body : Buffer.concat([body, this.hmac(body)], body.byteLength + ELECTION_MAC_BYTES);
    this.counters.datagramsOut++;
    this.socket.send(bytes, to.electionPort, to.host, (err) => {
      if (err) {
        this.counters.sendErrors++;
        this.warn('udp.send-failed', { to: e.to, message: err.message });
      }
    });
  }

  private warn(event: string, detail: Record<string, string | number>): void {
    this.opts.onWarning?.(event, detail);
  }
}
