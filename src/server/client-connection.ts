/**
 * One client socket: framing, the four-letter-word check, the handshake, request decoding and
 * reply encoding (wire reference §1–§5). Bad input costs only this connection: it is answered
 * as ZooKeeper answers it, or closed, and never reaches the core half-decoded.
 */
import type { Socket } from 'node:net';
import { DecodeError, JuteReader, JuteWriter, writeFrame } from '../wire/jute.js';
import { Err, Op, Xid } from '../wire/constants.js';
import {
  ConnectResponse,
  readConnectRequest,
  writeConnectResponse,
  writeReplyHeader,
  writeWatcherEvent,
} from '../wire/records.js';
import { readRequest, Response, UnknownOpError, writeResponse } from '../wire/requests.js';
import type { ConnId, ConnectionEffect } from '../pipeline/connections.js';
import type { ClientCoreAccess, Logger, ServerHooks } from './types.js';
import { authenticate } from './auth.js';
import { isFourLetterWord } from './four-letter.js';
import { hex } from '../base/zxid.js';

type State = 'new' | 'handshake' | 'waiting-session' | 'open' | 'closed';

/** Pause reading while this much output is waiting for a slow client. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

const OP_NAMES: Record<number, string> = {
  [Op.ping]: 'PING', [Op.create]: 'CREA', [Op.create2]: 'CREA', [Op.createContainer]: 'CREA', [Op.createTTL]: 'CREA',
  [Op.delete]: 'DELE', [Op.setData]: 'SETD', [Op.setACL]: 'SETA', [Op.getData]: 'GETD', [Op.getACL]: 'GETA',
  [Op.getChildren]: 'GETC', [Op.getChildren2]: 'GETC', [Op.getAllChildrenNumber]: 'GETACN', [Op.exists]: 'EXIS',
  [Op.sync]: 'SYNC', [Op.check]: 'CHEC', [Op.multi]: 'MULT', [Op.multiRead]: 'MLTR', [Op.setWatches]: 'SETW',
  [Op.setWatches2]: 'STW2', [Op.addWatch]: 'ADDW', [Op.checkWatches]: 'CHKW', [Op.removeWatches]: 'REMW',
  [Op.whoAmI]: 'HOMI', [Op.getEphemerals]: 'GETE', [Op.reconfig]: 'RECO', [Op.closeSession]: 'CLOS',
};

export interface ConnectionStats {
  received: number;
  sent: number;
  lastOp: string;
  lastCxid: number;
  lastZxid: bigint;
  lastResponseTime: number;
  lastLatency: number;
  minLatency: number;
  maxLatency: number;
  totalLatency: number;
  latencyCount: number;
}

export function freshStats(): ConnectionStats {
  return { received: 0, sent: 0, lastOp: 'NA', lastCxid: -1, lastZxid: -1n, lastResponseTime: 0, lastLatency: 0, minLatency: Number.MAX_SAFE_INTEGER, maxLatency: 0, totalLatency: 0, latencyCount: 0 };
}

export class ClientConnection {
  private state: State = 'new';
  private buffer: Buffer = Buffer.alloc(0);
  /** Arrival times of requests still waiting for their reply, for latency stats. */
  private readonly arrivals: number[] = [];
  private arrivalHead = 0;
  readonly established = Date.now();
  sessionId: bigint | null = null;
  timeout = 0;
  stats = freshStats();
  private handshakeTimer: NodeJS.Timeout | null;

  constructor(
    readonly id: ConnId,
    private readonly socket: Socket,
    private readonly core: ClientCoreAccess,
    private readonly hooks: ServerHooks,
    private readonly log: Logger,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (e) => this.log.debug(`connection ${this.remote}: ${e.message}`));
    socket.on('close', () => this.onClosed());
    socket.on('drain', () => {
      if (this.state !== 'waiting-session') socket.resume();
    });
    // A client that never completes its handshake does not hold a connection slot forever.
    this.handshakeTimer = setTimeout(() => {
      if (this.state === 'new' || this.state === 'handshake') this.close('no handshake');
    }, hooks.handshakeTimeoutMs);
  }

  get remote(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  get remotePort(): number {
    return this.socket.remotePort ?? 0;
  }

  get rawRemoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }

  /** NIO-style interest ops for `cons`: 1 while reading, 0 while reading is suspended. */
  get interestOps(): number {
    return this.socket.isPaused() ? 0 : 1;
  }

  get remoteAddress(): string {
    return normalizeAddress(this.socket.remoteAddress ?? '');
  }

  get queued(): number {
    return this.arrivals.length - this.arrivalHead;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      this.processBuffer();
    } catch (e) {
      // Nothing a client sends may crash the server; anything unexpected closes this connection.
      this.log.warn(`closing ${this.remote}: ${(e as Error).message}`);
      this.close('internal error');
    }
  }

  private processBuffer(): void {
    while (this.state !== 'closed' && this.state !== 'waiting-session') {
      if (this.buffer.length < 4) return;
      if (this.state === 'new') {
        const word = isFourLetterWord(this.buffer.subarray(0, 4));
        if (word) return this.fourLetterWord(word);
        this.state = 'handshake';
      }
      const length = this.buffer.readInt32BE(0);
      if (length < 0 || length > this.hooks.maxBuffer) {
        this.log.warn(`closing ${this.remote}: frame length ${length} is outside 0..${this.hooks.maxBuffer} (jute.maxbuffer)`);
        return this.close('bad frame length');
      }
      if (this.buffer.length < 4 + length) return;
      const body = this.buffer.subarray(4, 4 + length);
      this.buffer = this.buffer.subarray(4 + length);
      if (this.state === 'handshake') this.onConnectRequest(body);
      else this.onRequest(body);
    }
  }

  private fourLetterWord(word: string): void {
    // stmk carries an 8-byte trace mask after the word.
    if (word === 'stmk' && this.buffer.length < 12) return;
    const arg = word === 'stmk' ? this.buffer.readBigInt64BE(4) : undefined;
    this.buffer = Buffer.alloc(0);
    this.state = 'closed';
    const text = this.hooks.fourLetterWord(word, arg);
    this.log.debug(`four-letter word '${word}' from ${this.remote}`);
    this.socket.end(text);
  }

  private onConnectRequest(body: Buffer): void {
    let req;
    try {
      req = readConnectRequest(new JuteReader(body));
    } catch (e) {
      this.log.warn(`closing ${this.remote}: malformed ConnectRequest (${(e as Error).message})`);
      return this.close('malformed handshake');
    }
    if (!this.hooks.serving()) return this.close('not serving');
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    this.state = 'waiting-session';
    // Like ZooKeeper, read nothing more until the session is settled.
    this.socket.pause();
    this.stats.received++;
    this.core.submit((c) => c.connect(this.id, this.remoteAddress, req));
  }

  private onRequest(body: Buffer): void {
    this.stats.received++;
    this.hooks.countReceived();
    const r = new JuteReader(body);
    let xid: number;
    let type: number;
    try {
      xid = r.int();
      type = r.int();
    } catch {
      this.log.warn(`closing ${this.remote}: frame too short for a request header`);
      return this.close('malformed header');
    }
    if (type === Op.auth) return this.onAuth(xid, r);
    if (type === Op.sasl) return this.onSasl(xid, r);
    if (type === Op.check || type === Op.notification) {
      // Not a request a client may send on its own: UNIMPLEMENTED, then close (ZooKeeper 3.8.1+, 3.9).
      return this.refuse(xid, Err.UNIMPLEMENTED, `opcode ${type} outside multi`);
    }
    let req;
    try {
      // A client's deleteContainer names no path ZooKeeper can use: it reads the whole packet,
      // header included, as the path, which so always holds a NUL (BADARGUMENTS).
      req = type === Op.deleteContainer ? { op: Op.deleteContainer, path: body.toString('utf8') } : readRequest(type, r);
    } catch (e) {
      if (e instanceof UnknownOpError) return this.refuse(xid, Err.UNIMPLEMENTED, e.message);
      if (e instanceof DecodeError) return this.refuse(xid, Err.MARSHALLINGERROR, `undecodable ${type} request: ${e.message}`);
      throw e;
    }
    this.stats.lastCxid = xid;
    this.stats.lastOp = OP_NAMES[type] ?? 'NA';
    this.arrivals.push(Date.now());
    this.core.submit((c) => c.request(this.id, xid, req));
  }

  private onAuth(xid: number, r: JuteReader): void {
    let scheme: string;
    let auth: Uint8Array | null;
    try {
      r.int();
      scheme = r.string();
      auth = r.buffer();
    } catch {
      return this.refuse(xid, Err.MARSHALLINGERROR, 'undecodable auth packet');
    }
    const ids = authenticate(scheme, auth, this.hooks.superDigest, this.remoteAddress);
    if (!ids) {
      this.hooks.countAuthFailure();
      this.log.info(`auth failed for ${this.remote}: scheme '${scheme}'`);
      this.sendReply(xid, 0n, Err.AUTHFAILED);
      return this.close('auth failed');
    }
    this.core.submit((c) => {
      for (const id of ids) c.addAuth(this.id, id);
    });
    // Auth replies are answered at once and carry zxid 0 (they may overtake queued replies).
    this.sendReply(xid, 0n, 0);
  }

  /**
   * SASL is not configured: like ZooKeeper without a SASL server, a token is answered OK with no
   * token (zxid 0, at once); a null token fails ZooKeeper before it answers, and it closes.
   */
  private onSasl(xid: number, r: JuteReader): void {
    let token: Uint8Array | null;
    try {
      token = r.buffer();
    } catch {
      return this.refuse(xid, Err.MARSHALLINGERROR, 'undecodable sasl packet');
    }
    if (token === null) return this.close('sasl packet without a token');
    this.sendReply(xid, 0n, 0, { op: Op.sasl, token: null });
  }

  private refuse(xid: number, err: number, why: string): void {
    this.log.info(`closing ${this.remote}: ${why}`);
    this.sendReply(xid, -1n, err);
    this.close(why);
  }

  /** Effects from the core addressed to this connection. */
  deliver(effect: ConnectionEffect | { kind: 'handshake'; response: ConnectResponse }): void {
    if (this.state === 'closed') return;
    switch (effect.kind) {
      case 'handshake': {
        const res = effect.response;
        this.write(writeFrame((w) => writeConnectResponse(w, res), 48));
        this.stats.sent++;
        if (res.timeOut > 0) {
          this.sessionId = res.sessionId;
          this.timeout = res.timeOut;
          this.state = 'open';
          this.socket.resume();
          // Frames may have arrived behind the handshake; handle them now.
          setImmediate(() => this.onData(Buffer.alloc(0)));
        }
        return;
      }
      case 'reply': {
        this.recordLatency(effect.xid, effect.zxid);
        this.sendReply(effect.xid, effect.zxid, effect.err, effect.response);
        return;
      }
      case 'notify': {
        const frame = writeFrame((w) => {
          // Before 3.9 notifications carry zxid -1; clients of every version accept it.
          writeReplyHeader(w, { xid: Xid.notification, zxid: -1n, err: 0 });
          writeWatcherEvent(w, effect.event);
        }, 64);
        this.write(frame);
        this.stats.sent++;
        this.hooks.countSent();
        return;
      }
      case 'close':
        this.close(effect.reason);
        return;
    }
  }

  private recordLatency(xid: number, zxid: bigint): void {
    if (this.arrivalHead >= this.arrivals.length) return;
    const now = Date.now();
    const latency = now - this.arrivals[this.arrivalHead++];
    if (this.arrivalHead > 1024) {
      this.arrivals.splice(0, this.arrivalHead);
      this.arrivalHead = 0;
    }
    const s = this.stats;
    s.lastLatency = latency;
    s.lastResponseTime = now;
    s.lastZxid = zxid;
    s.minLatency = Math.min(s.minLatency, latency);
    s.maxLatency = Math.max(s.maxLatency, latency);
    s.totalLatency += latency;
    s.latencyCount++;
    this.hooks.recordLatency(latency);
    void xid;
  }

  private sendReply(xid: number, zxid: bigint, err: number, response?: Response): void {
    const frame = writeFrame((w: JuteWriter) => {
      writeReplyHeader(w, { xid, zxid, err });
      // Some failures still carry a body, as in ZooKeeper (a multiRead's results so far).
      if (response) writeResponse(w, response);
    });
    this.write(frame);
    this.stats.sent++;
    this.hooks.countSent();
  }

  private write(bytes: Uint8Array): void {
    if (this.socket.destroyed) return;
    this.socket.write(bytes);
    if (this.socket.writableLength > HIGH_WATER_BYTES) this.socket.pause();
  }

  close(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.log.info(`closing connection from ${this.remote}${this.sessionId ? ` (session ${hex(this.sessionId)})` : ''}: ${reason}`);
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    // end() flushes what is queued (e.g. closeSession's reply) before the FIN.
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private onClosed(): void {
    if (this.state !== 'closed') this.log.info(`connection from ${this.remote} closed by the client${this.sessionId ? ` (session ${hex(this.sessionId)})` : ''}`);
    this.state = 'closed';
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.hooks.connectionClosed(this);
  }
}

function normalizeAddress(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}
