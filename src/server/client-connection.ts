/**
 * One client socket: framing, the four-letter-word check, the handshake, request decoding and
 * reply encoding (docs/client-protocol.md, "Framing" to "Headers and reply order"). Bad input
 * costs only this connection: it is answered as ZooKeeper answers it, or closed, and never
 * reaches the core half-decoded.
 *
 * What a connection may hold is bounded (docs/operations.md, "Client connections"): it decodes
 * at most READS_PER_TURN reads before their replies are written; it stops reading (and
 * decoding what it already has) while its unsent output is above the high-water mark, while the
 * server is throttled (globalOutstandingLimit) and it has a request in process, and while its
 * session is being settled; and a client that does not read its replies and events is cut off
 * once they pass maxClientUnsentBytes.
 */
import type { Socket } from 'node:net';
import { DecodeError, JuteReader, JuteWriter, writeFrame } from '../wire/jute.js';
import { assertNever } from '../base/invariant.js';
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
import type { ClientCoreAccess, ServerHooks } from './types.js';
import type { Logger } from '../base/log.js';
import { authenticate } from './auth.js';
import { ConnectionAuth, NO_AUTH_SETTINGS } from './connection-auth.js';
import { isFourLetterWord } from './four-letter.js';
import { hex } from '../base/zxid.js';
import { hop } from '../base/hop-trace.js';

type State = 'new' | 'handshake' | 'waiting-session' | 'open' | 'closed';

/** Pause reading while this much output is waiting for a slow client (at most a quarter of the cap). */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

/**
 * Reads (requests whose reply can be far larger than the request) decoded per event-loop turn.
 * Their replies are written when the turn ends, so this bounds how far one socket read runs
 * ahead of the output check: a 64 KiB read of pipelined getData on a 1 MB node would otherwise
 * produce some 3,000 replies at once. Other requests are answered with a few dozen bytes (a
 * path, a stat) and are not counted, so that pipelined writes still share one flush.
 */
export const READS_PER_TURN = 16;

/** Requests whose reply can be much larger than the request itself. */
const LARGE_REPLY_OPS = new Set<number>([
  Op.getData, Op.getChildren, Op.getChildren2, Op.getACL, Op.multiRead, Op.getEphemerals,
]);

const OP_NAMES: Record<number, string> = {
  [Op.ping]: 'PING', [Op.create]: 'CREA', [Op.create2]: 'CREA', [Op.createContainer]: 'CREA', [Op.createTTL]: 'CREA',
  [Op.delete]: 'DELE', [Op.setData]: 'SETD', [Op.setACL]: 'SETA', [Op.getData]: 'GETD', [Op.getACL]: 'GETA',
  [Op.getChildren]: 'GETC', [Op.getChildren2]: 'GETC', [Op.getAllChildrenNumber]: 'GETACN', [Op.exists]: 'EXIS',
  [Op.sync]: 'SYNC', [Op.check]: 'CHEC', [Op.multi]: 'MULT', [Op.multiRead]: 'MLTR', [Op.setWatches]: 'SETW',
  [Op.setWatches2]: 'STW2', [Op.addWatch]: 'ADDW', [Op.checkWatches]: 'CHKW', [Op.removeWatches]: 'REMW',
  [Op.whoAmI]: 'HOMI', [Op.getEphemerals]: 'GETE', [Op.reconfig]: 'RECO', [Op.closeSession]: 'CLOS',
};

/** Opcode → Op's key ('getData', 'create', ...), the request metrics' label. */
const OP_LABELS: Record<number, string> = Object.fromEntries(Object.entries(Op).map(([name, code]) => [code, name]));

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
  /** Their opcodes, for the per-operation metrics. */
  private readonly arrivalOps: number[] = [];
  private arrivalHead = 0;
  readonly established = Date.now();
  sessionId: bigint | null = null;
  timeout = 0;
  stats = freshStats();
  private handshakeTimer: NodeJS.Timeout | null;
  /** Unsent output is above the high-water mark: read nothing until it drains. */
  private outputBlocked = false;
  /** The server is over globalOutstandingLimit and this connection has requests in process. */
  private throttled = false;
  private decodeScheduled = false;
  private readonly highWater: number;
  /** The most unsent bytes this connection has held (for tests and diagnostics). */
  peakUnsentBytes = 0;
  /** Writes of this turn are being gathered (see write()). */
  private corked = false;
  /** This turn's frames go out as copies: the socket still held output when the turn began. */
  private copyOut = false;

  constructor(
    readonly id: ConnId,
    private readonly socket: Socket,
    private readonly core: ClientCoreAccess,
    private readonly hooks: ServerHooks,
    private readonly log: Logger,
    /** What this client proved (TLS certificate, SASL, auth packets); see connection-auth.ts. */
    private readonly auth: ConnectionAuth = new ConnectionAuth(NO_AUTH_SETTINGS, []),
  ) {
    this.highWater = Math.min(HIGH_WATER_BYTES, Math.floor(hooks.maxUnsentBytes / 4));
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (e) => this.log.debug(`connection ${this.remote}: ${e.message}`));
    socket.on('close', () => this.onClosed());
    socket.on('drain', () => {
      this.outputBlocked = false;
      this.updateReading();
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

  /** Bytes written to the socket and not yet taken by the kernel. */
  get unsentBytes(): number {
    return this.socket.writableLength;
  }

  /** Whether frames are read and decoded now (see the file comment for what stops it). */
  private get reading(): boolean {
    return this.state !== 'closed' && this.state !== 'waiting-session' && !this.outputBlocked && !this.throttled;
  }

  /** Pauses or resumes the socket to match `reading`; resuming also decodes what is buffered. */
  private updateReading(): void {
    if (this.state === 'closed') return;
    if (!this.reading) {
      this.socket.pause();
      return;
    }
    this.socket.resume();
    this.scheduleDecode();
  }

  /** Decodes the buffered frames in a later turn, after the replies of this one are written. */
  private scheduleDecode(): void {
    if (this.decodeScheduled) return;
    this.decodeScheduled = true;
    setImmediate(() => {
      this.decodeScheduled = false;
      if (!this.reading) return;
      this.socket.resume();
      this.decode();
    });
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    hop('client-data');
    this.hooks.metrics?.bytesReceived(chunk.length);
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.decode();
  }

  private decode(): void {
    try {
      this.processBuffer();
    } catch (e) {
      // Nothing a client sends may crash the server; anything unexpected closes this connection.
      this.log.warn(`closing ${this.remote}: ${(e as Error).message}`);
      this.close('internal error');
    }
  }

  private processBuffer(): void {
    let reads = 0;
    while (this.reading) {
      if (this.buffer.length < 4) return;
      if (reads === READS_PER_TURN) {
        // Enough for this turn: read no more until its replies are out (and counted).
        this.socket.pause();
        this.scheduleDecode();
        return;
      }
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
      else if (this.onRequest(body)) reads++;
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
    this.core.submit({ kind: 'connect', conn: this.id, remoteAddress: this.remoteAddress, req });
  }

  /** Decodes and submits one request; true if its reply may be large (see READS_PER_TURN). */
  private onRequest(body: Buffer): boolean {
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
      this.close('malformed header');
      return false;
    }
    if (type === Op.auth) {
      this.onAuth(xid, r);
      return false;
    }
    if (type === Op.sasl) {
      this.onSasl(xid, r);
      return false;
    }
    if (!this.auth.admits()) {
      this.refuseUnauthenticated(xid);
      return false;
    }
    if (type === Op.check || type === Op.notification) {
      // Not a request a client may send on its own: UNIMPLEMENTED, then close (ZooKeeper 3.8.1+, 3.9).
      this.refuse(xid, Err.UNIMPLEMENTED, `opcode ${type} outside multi`);
      return false;
    }
    let req;
    try {
      // A client's deleteContainer names no path ZooKeeper can use: it reads the whole packet,
      // header included, as the path, which so always holds a NUL (BADARGUMENTS).
      req = type === Op.deleteContainer ? { op: Op.deleteContainer, path: body.toString('utf8') } : readRequest(type, r);
    } catch (e) {
      if (e instanceof UnknownOpError) this.refuse(xid, Err.UNIMPLEMENTED, e.message);
      else if (e instanceof DecodeError) this.refuse(xid, Err.MARSHALLINGERROR, `undecodable ${type} request: ${e.message}`);
      else throw e;
      return false;
    }
    this.stats.lastCxid = xid;
    this.stats.lastOp = OP_NAMES[type] ?? 'NA';
    this.arrivals.push(Date.now());
    this.arrivalOps.push(type);
    this.hooks.requestsInProcess(1);
    hop('client-decoded', type);
    this.core.submit({ kind: 'request', conn: this.id, xid, req });
    if (this.hooks.shouldThrottle(this.queued)) {
      this.throttled = true;
      this.updateReading();
    }
    return LARGE_REPLY_OPS.has(type);
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
    this.auth.granted(ids);
    for (const id of ids) this.core.submit({ kind: 'addAuth', conn: this.id, id });
    // Auth replies are answered at once and carry zxid 0 (they may overtake queued replies).
    this.sendReply(xid, 0n, 0);
  }

  /**
   * One step of a SASL exchange (connection-auth.ts); answered at once, zxid 0, like auth. Without
   * SASL configured, as ZooKeeper without a SASL server: OK with no token.
   */
  private onSasl(xid: number, r: JuteReader): void {
    let token: Uint8Array | null;
    try {
      token = r.buffer();
    } catch {
      return this.refuse(xid, Err.MARSHALLINGERROR, 'undecodable SASL packet');
    }
    // ZooKeeper reads the token's length before anything else: a null token closes the connection.
    if (token === null) return this.close('sasl packet without a token');
    // Without SASL configured ZooKeeper answers OK with no token (its SASL server is null).
    if (!this.auth.saslConfigured) return this.sendReply(xid, 0n, 0, { op: Op.sasl, token: null });
    const outcome = this.auth.onSaslToken(token, this.remote);
    if (outcome.log) this.log[outcome.log.level](outcome.log.message);
    if (outcome.ids.length > 0) {
      const ids = outcome.ids;
      for (const id of ids) this.core.submit({ kind: 'addAuth', conn: this.id, id });
    }
    if (outcome.err !== 0) this.hooks.countAuthFailure();
    this.sendReply(xid, 0n, outcome.err, outcome.err === 0 ? { op: Op.sasl, token: outcome.token } : undefined);
    if (outcome.close) this.close('SASL authentication failed');
  }

  /** enforce.auth: no request before one of the required schemes is proved (as ZooKeeper 3.6+). */
  private refuseUnauthenticated(xid: number): void {
    this.hooks.countAuthFailure();
    this.log.warn(
      `closing ${this.remote}: it is authenticated with ${this.auth.provedSchemes.join(', ')}, ` +
        `but a request needs one of ${this.auth.requiredSchemes.join(', ')} (enforce.auth.schemes)`,
    );
    this.sendReply(xid, 0n, Err.SESSIONCLOSEDREQUIRESASLAUTH);
    this.close('authentication required');
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
          // The certificate's ids join the session's before any of its requests is read.
          const certIds = this.auth.certificateIds;
          for (const id of certIds) this.core.submit({ kind: 'addAuth', conn: this.id, id });
          this.sessionId = res.sessionId;
          this.timeout = res.timeOut;
          this.state = 'open';
          // Frames may have arrived behind the handshake: they are decoded now.
          this.updateReading();
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
      default:
        return assertNever(effect, 'connection effect');
    }
  }

  private recordLatency(xid: number, zxid: bigint): void {
    if (this.arrivalHead >= this.arrivals.length) return;
    const now = Date.now();
    const op = this.arrivalOps[this.arrivalHead]!;
    const latency = now - this.arrivals[this.arrivalHead++]!;
    this.hooks.requestsInProcess(-1);
    if (this.throttled && !this.hooks.shouldThrottle(this.queued)) {
      this.throttled = false;
      this.updateReading();
    }
    if (this.arrivalHead > 1024) {
      this.arrivals.splice(0, this.arrivalHead);
      this.arrivalOps.splice(0, this.arrivalHead);
      this.arrivalHead = 0;
    }
    this.hooks.metrics?.requestDone(OP_LABELS[op] ?? 'unknown', latency);
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
    this.hooks.metrics?.bytesSent(bytes.length);
    if (this.socket.destroyed || this.state === 'closed') return;
    const unsent = this.socket.writableLength;
    if (unsent > this.hooks.maxUnsentBytes) {
      // The client does not read what it is sent (replies it asked for, or events of its
      // watches): holding more would let one connection take the server's memory.
      this.log.warn(
        `closing connection from ${this.remote}${this.session()}: ${unsent} bytes of replies and events are waiting to be sent, ` +
          `over maxClientUnsentBytes (${this.hooks.maxUnsentBytes}); the client is not reading`,
      );
      return this.close('client not reading', true);
    }
    // The replies and events of one event-loop turn leave in one write: corked at the first,
    // uncorked once the turn's work is done (process.nextTick runs after the runtime's flush).
    if (!this.corked) {
      this.corked = true;
      // Frames are pieces of a shared pool (src/wire/jute.ts) and the socket queues them as they
      // are: a client that has not taken the last turn's output yet gets copies of its own, so
      // that its backlog holds its bytes, not whole pools.
      this.copyOut = unsent > 0;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        hop('client-written');
        this.socket.uncork();
      });
    }
    this.socket.write(this.copyOut ? bytes.slice() : bytes);
    const now = this.socket.writableLength;
    if (now > this.peakUnsentBytes) this.peakUnsentBytes = now;
    if (now > this.highWater && !this.outputBlocked) {
      this.outputBlocked = true;
      this.updateReading();
    }
  }

  private session(): string {
    return this.sessionId ? ` (session ${hex(this.sessionId)})` : '';
  }

  /** `abort`: drop what is unsent at once (a client that does not read would never take it). */
  close(reason: string, abort = false): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (!abort) this.log.info(`closing connection from ${this.remote}${this.session()}: ${reason}`);
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    if (abort) {
      this.socket.destroy();
      return;
    }
    // end() flushes what is queued (e.g. closeSession's reply) before the FIN.
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private onClosed(): void {
    if (this.state !== 'closed') this.log.info(`connection from ${this.remote} closed by the client${this.session()}`);
    this.state = 'closed';
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    // Requests still in process here will never be answered on this connection.
    this.hooks.requestsInProcess(-this.queued);
    this.arrivalHead = this.arrivals.length;
    this.hooks.connectionClosed(this);
  }
}

function normalizeAddress(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}
