/**
 * The session transport: the state machine that owns the connection to the ensemble.
 *
 *   CONNECTING ──handshake ok──► CONNECTED ──socket lost / server silent──► CONNECTING
 *        │                          │
 *        ├── timeOut 0 in ConnectResponse ──► EXPIRED      (terminal: never a new session
 *        ├── auth reply AUTHFAILED ─────────► AUTH_FAILED   behind the application's back)
 *        └── close() / retry policy gives up ► CLOSED
 *
 * It matches replies to requests (xids from 1; a reply must match the head of the pending
 * queue or the connection is dropped, as the Java client does), sends pings when the
 * connection is idle for a third of the session timeout, declares the server dead after two
 * thirds of it without a byte, moves through the shuffled host list with back-off, resumes
 * the session with its id, password and lastZxidSeen, re-sends credentials and re-arms
 * watches (setWatches / setWatches2). Requests submitted while disconnected wait in a queue
 * up to a bound; requests in flight when a connection dies fail with CONNECTIONLOSS (they
 * may or may not have been applied, and only the application can tell).
 *
 * It speaks in wire records (server paths, numeric codes); client.ts turns those into the
 * public API.
 */
import { Fifo } from '../base/queue.js';
import { hex } from '../base/zxid.js';
import { invariant } from '../base/invariant.js';
import {
  DecodeError,
  Err,
  JuteReader,
  Op,
  Xid,
  PASSWORD_LENGTH,
  readConnectResponse,
  readReplyHeader,
  readResponse,
  readWatcherEvent,
  writeConnectRequest,
  writeFrame,
  writeRequest,
} from '../wire/index.js';
import type { Request, Response, WatcherEvent, SetWatchesRequest } from '../wire/index.js';
import { FrameConnection, openSocket, type ClientTlsOptions } from './connection.js';
import { DigestMd5Client, type SaslCredentials } from './sasl.js';
import { formatHostPort, type HostPort } from './paths.js';
import type { RetryPolicy } from './retry.js';
import type { ClientState, Logger } from './types.js';
import type { WatchPaths } from './watches.js';

/** Java's SET_WATCHES_MAX_LENGTH: path text per setWatches batch. */
export const SET_WATCHES_MAX_LENGTH = 128 * 1024;
export const MAX_PING_INTERVAL = 10_000;

export interface Reply {
  /** 0 or a ZooKeeper error code (CONNECTIONLOSS etc. are produced locally). */
  err: number;
  zxid: bigint;
  response?: Response | undefined;
  /** Why a local error happened, for the error message. */
  detail?: string;
}

export type StateChangeKind = 'connected' | 'reconnected' | 'disconnected' | 'expired' | 'authFailed' | 'closed';

export interface SessionListener {
  stateChanged(kind: StateChangeKind, detail: string): void;
  /** A watch notification; its path is a server path. */
  notification(event: WatcherEvent): void;
  /** Server paths of the watches to re-arm after a reconnect. */
  watchPaths(): WatchPaths;
}

export interface SessionOptions {
  hosts: HostPort[];
  sessionTimeout: number;
  /** Per attempt: TCP connect + handshake. */
  connectTimeout: number;
  /** How long a request submitted while disconnected waits for a connection. */
  queueTimeout: number;
  retry: RetryPolicy;
  logger: Logger;
  shuffle: boolean;
  sessionId?: bigint | undefined;
  sessionPassword?: Uint8Array | undefined;
  /** TLS to the servers' secure client ports. */
  tls?: ClientTlsOptions | undefined;
  /** SASL (DIGEST-MD5) login after each handshake, before any other request. */
  sasl?: SaslCredentials | undefined;
  /** After an expiry, start over with a new session instead of staying EXPIRED. */
  newSessionOnExpiry?: boolean;
}

interface Packet {
  request: Request;
  onReply: (reply: Reply) => void;
  xid: number;
  queueTimer: NodeJS.Timeout | null;
  done: boolean;
}

interface Credential {
  scheme: string;
  auth: Uint8Array;
  waiters: Array<(reply: Reply) => void>;
}

export class Session {
  private readonly hosts: HostPort[];
  private hostIndex = 0;
  private _state: ClientState = 'CONNECTING';
  private conn: FrameConnection | null = null;
  private handshakeDone = false;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private everConnected = false;

  private _sessionId: bigint;
  private _password: Uint8Array;
  private _negotiatedTimeout = 0;
  private _lastZxid = 0n;
  private xid = 0;

  /** Sent, awaiting a reply, in send order. */
  private readonly pending = new Fifo<Packet>();
  /** Not yet sent (submitted while not connected). */
  private outgoing = new Fifo<Packet>();
  private readonly credentials: Credential[] = [];
  /** Credentials sent on the current connection, awaiting their −4 reply (in order). */
  private authInFlight: Credential[] = [];
  private closeWaiters: Array<() => void> = [];
  private closing = false;
  /** A SASL login runs on the current connection: nothing else is sent until it completes. */
  private saslInProgress = false;

  constructor(private readonly options: SessionOptions, private readonly listener: SessionListener) {
    this.hosts = [...options.hosts];
    if (options.shuffle) shuffle(this.hosts);
    this._sessionId = options.sessionId ?? 0n;
    this._password = options.sessionPassword ?? new Uint8Array(PASSWORD_LENGTH);
  }

  get state(): ClientState {
    return this._state;
  }
  get sessionId(): bigint {
    return this._sessionId;
  }
  get sessionPassword(): Uint8Array {
    return this._password;
  }
  get negotiatedTimeout(): number {
    return this._negotiatedTimeout;
  }
  get lastZxid(): bigint {
    return this._lastZxid;
  }
  get currentServer(): HostPort | null {
    return this.conn && this.handshakeDone ? this.conn.address : null;
  }

  private get terminal(): boolean {
    return this._state === 'CLOSED' || this._state === 'EXPIRED' || this._state === 'AUTH_FAILED';
  }

  start(): void {
    this.scheduleConnect();
  }

  /**
   * Queues a request. `onReply` is called exactly once, synchronously while the reply frame
   * is processed (so that watch registration happens before the next frame is read).
   */
  submit(request: Request, onReply: (reply: Reply) => void): void {
    const packet: Packet = { request, onReply, xid: 0, queueTimer: null, done: false };
    if (this.terminal) {
      this.finish(packet, this.terminalError());
      return;
    }
    if (this._state === 'CONNECTED' && this.conn && this.outgoing.length === 0) {
      this.sendPacket(packet);
      return;
    }
    packet.queueTimer = setTimeout(() => {
      packet.queueTimer = null;
      this.finish(packet, { err: Err.CONNECTIONLOSS, zxid: -1n, detail: `no connection within ${this.options.queueTimeout} ms` });
    }, this.options.queueTimeout);
    this.outgoing.push(packet);
  }

  /** Adds a credential (re-sent after every reconnect); `onReply` fires on its −4 reply. */
  addAuth(scheme: string, auth: Uint8Array, onReply: (reply: Reply) => void): void {
    if (this.terminal) {
      onReply(this.terminalError());
      return;
    }
    const cred: Credential = { scheme, auth, waiters: [onReply] };
    this.credentials.push(cred);
    if (this._state === 'CONNECTED' && this.conn) this.sendAuth(cred);
  }

  /**
   * Ends the session: closeSession, wait for its reply (bounded), drop the socket. Without a
   * connection the session is simply abandoned (the server expires it).
   */
  close(): Promise<void> {
    if (this.terminal) {
      if (this.closing) return new Promise((resolve) => this.closeWaiters.push(resolve));
      return Promise.resolve();
    }
    this.closing = true;
    const wasConnected = this._state === 'CONNECTED' && this.conn !== null;
    this._state = 'CLOSED';
    this.clearTimer('reconnectTimer');
    const done = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    this.failQueue(this.outgoing, this.terminalError());
    if (wasConnected) {
      const timer = setTimeout(() => this.finishClose('closeSession not answered'), Math.max(1000, this.readTimeout()));
      this.sendPacket({
        request: { op: Op.closeSession },
        onReply: () => {
          clearTimeout(timer);
          this.finishClose('session closed');
        },
        xid: 0,
        queueTimer: null,
        done: false,
      });
    } else {
      this.finishClose('closed while disconnected');
    }
    return done;
  }

  private finishClose(reason: string): void {
    if (!this.closing) return;
    this.closing = false;
    const conn = this.conn;
    this.conn = null;
    this.stopConnectionTimers();
    if (conn) void conn.end().then(() => conn.close(reason));
    this.failAll(this.terminalError());
    this.listener.stateChanged('closed', reason);
    for (const w of this.closeWaiters.splice(0)) w();
  }

  // ------------------------------------------------------------------ connecting

  private scheduleConnect(): void {
    if (this.terminal) return;
    const delay = this.options.retry.delayMs(this.attempt);
    if (delay === null) {
      this.giveUp(`gave up after ${this.attempt} connection attempts`);
      return;
    }
    this.clearTimer('reconnectTimer');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.tryConnect();
    }, delay);
  }

  private async tryConnect(): Promise<void> {
    if (this.terminal) return;
    const address = this.hosts[this.hostIndex];
    invariant(address, 'client-host-index', () => `host index ${this.hostIndex} outside ${this.hosts.length} hosts`);
    this.hostIndex = (this.hostIndex + 1) % this.hosts.length;
    this.attempt++;
    const where = formatHostPort(address);
    this.log('debug', `connecting to ${where} (attempt ${this.attempt})`);
    const started = performance.now();
    let socket;
    try {
      socket = await openSocket(address, this.options.connectTimeout, this.options.tls);
    } catch (e) {
      this.log('debug', `cannot connect to ${where}: ${(e as Error).message}`);
      this.scheduleConnect();
      return;
    }
    if (this.terminal) {
      socket.destroy();
      return;
    }
    this.handshakeDone = false;
    const conn: FrameConnection = new FrameConnection(
      socket,
      {
        onFrame: (frame) => {
          if (conn !== this.conn) return;
          try {
            if (this.handshakeDone) this.onFrame(frame);
            else this.onConnectResponse(conn, frame);
          } catch (e) {
            // A frame we cannot decode means we no longer know where we are in the stream.
            this.log('warn', `dropping connection to ${where}: ${(e as Error).message}`);
            conn.close(`protocol error: ${(e as Error).message}`);
          }
        },
        onClose: (reason) => this.onConnectionClosed(conn, reason),
      },
      address,
    );
    this.conn = conn;
    const remaining = Math.max(1, this.options.connectTimeout - (performance.now() - started));
    this.handshakeTimer = setTimeout(() => {
      this.handshakeTimer = null;
      conn.close('handshake timeout');
    }, remaining);
    conn.send(
      writeFrame((w) =>
        writeConnectRequest(w, {
          protocolVersion: 0,
          lastZxidSeen: this._lastZxid,
          timeOut: this.options.sessionTimeout,
          sessionId: this._sessionId,
          passwd: this._password,
          readOnly: false, // always send the byte: the 45-byte form every modern client uses
        }),
      ),
    );
  }

  private onConnectResponse(conn: FrameConnection, frame: Uint8Array): void {
    this.clearTimer('handshakeTimer');
    const res = readConnectResponse(new JuteReader(frame));
    const where = formatHostPort(conn.address);
    if (res.timeOut <= 0) {
      // The server no longer knows our session. Report it; never open a new one silently.
      this.log('warn', `session ${hex(this._sessionId)} expired (told by ${where})`);
      this._state = 'EXPIRED';
      this.conn = null;
      conn.close('session expired');
      this.failAll({ err: Err.SESSIONEXPIRED, zxid: -1n });
      this.listener.stateChanged('expired', `session ${hex(this._sessionId)} expired`);
      if (this.options.newSessionOnExpiry && this._state === 'EXPIRED') this.startNewSession();
      return;
    }
    this.handshakeDone = true;
    this._sessionId = res.sessionId;
    this._password = res.passwd.slice();
    this._negotiatedTimeout = res.timeOut;
    this.log('info', `session ${hex(res.sessionId)} established with ${where}, timeout ${res.timeOut} ms`);
    if (this.options.sasl) this.saslLogin(conn, where, this.options.sasl);
    else this.loggedIn(where);
  }

  /**
   * ZooKeeper's SASL exchange (opcode sasl), as the Java client runs it: tokens go back and
   * forth before any other request; the session counts as connected once it succeeds.
   */
  private saslLogin(conn: FrameConnection, where: string, creds: SaslCredentials): void {
    const mech = new DigestMd5Client(creds);
    this.saslInProgress = true;
    this.handshakeTimer = setTimeout(() => {
      this.handshakeTimer = null;
      conn.close('SASL login timeout');
    }, this.options.connectTimeout);
    const send = (token: Uint8Array): void =>
      this.sendPacket({
        request: { op: Op.sasl, token },
        onReply: (reply) => {
          if (conn !== this.conn || !this.saslInProgress) return;
          if (reply.err !== 0) return this.saslFailed(conn, `the server refused the SASL login of '${creds.username}' (error ${reply.err})`);
          let next: Uint8Array | null;
          try {
            next = mech.evaluate(reply.response?.op === Op.sasl ? reply.response.token : null);
          } catch (e) {
            return this.saslFailed(conn, (e as Error).message);
          }
          if (next !== null) return send(next);
          this.saslInProgress = false;
          this.clearTimer('handshakeTimer');
          this.log('info', `SASL DIGEST-MD5 login as '${creds.username}' with ${where} succeeded`);
          this.loggedIn(where);
        },
        xid: 0,
        queueTimer: null,
        done: false,
      });
    send(mech.initial());
  }

  private saslFailed(conn: FrameConnection, why: string): void {
    this.saslInProgress = false;
    this.log('warn', `SASL login failed: ${why}`);
    this._state = 'AUTH_FAILED';
    this.conn = null;
    this.stopConnectionTimers();
    conn.close('SASL authentication failed');
    this.failAll({ err: Err.AUTHFAILED, zxid: -1n, detail: why });
    this.listener.stateChanged('authFailed', why);
  }

  /** The session is usable: credentials, watches, then queued requests, in that order (as Java). */
  private loggedIn(where: string): void {
    this._state = 'CONNECTED';
    this.attempt = 0;
    // Order after the handshake (as Java does): credentials, watches, then queued requests.
    this.authInFlight = [];
    for (const cred of this.credentials) this.sendAuth(cred);
    this.sendSetWatches();
    const queued = this.outgoing;
    this.outgoing = new Fifo<Packet>();
    for (const p of queued) {
      if (p.done) continue;
      if (p.queueTimer) clearTimeout(p.queueTimer);
      p.queueTimer = null;
      this.sendPacket(p);
    }
    this.armPingTimer();
    const kind = this.everConnected ? 'reconnected' : 'connected';
    this.everConnected = true;
    this.listener.stateChanged(kind, where);
  }

  /** Asked for by the application (newSessionOnExpiry): a fresh session, announced as 'connected'. */
  private startNewSession(): void {
    this._sessionId = 0n;
    this._password = new Uint8Array(PASSWORD_LENGTH);
    this._negotiatedTimeout = 0;
    this.everConnected = false;
    this.attempt = 0;
    this._state = 'CONNECTING';
    this.scheduleConnect();
  }

  private onConnectionClosed(conn: FrameConnection, reason: string): void {
    if (conn !== this.conn) return;
    this.conn = null;
    this.stopConnectionTimers();
    if (this.closing) {
      this.finishClose(reason);
      return;
    }
    if (this.terminal) return;
    const where = formatHostPort(conn.address);
    if (!this.handshakeDone || this.saslInProgress) {
      this.log('debug', `${this.handshakeDone ? 'SASL login' : 'handshake'} with ${where} failed: ${reason}`);
      this.handshakeDone = false;
      this.saslInProgress = false;
      this.failQueue(this.pending, { err: Err.CONNECTIONLOSS, zxid: -1n, detail: reason });
      this.scheduleConnect();
      return;
    }
    this.handshakeDone = false;
    this.log('info', `disconnected from ${where}: ${reason}`);
    this._state = 'CONNECTING';
    this.authInFlight = [];
    // In-flight requests may or may not have been applied: only the application can decide.
    this.failQueue(this.pending, { err: Err.CONNECTIONLOSS, zxid: -1n, detail: reason });
    this.listener.stateChanged('disconnected', reason);
    this.scheduleConnect();
  }

  // ------------------------------------------------------------------ frames

  private onFrame(frame: Uint8Array): void {
    const r = new JuteReader(frame);
    const hdr = readReplyHeader(r);
    switch (hdr.xid) {
      case Xid.ping:
        return;
      case Xid.notification:
        this.listener.notification(readWatcherEvent(r));
        return;
      case Xid.auth:
        this.onAuthReply(hdr.err);
        return;
    }
    const packet = this.pending.shift();
    if (!packet || packet.xid !== hdr.xid) {
      if (packet) this.finish(packet, { err: Err.CONNECTIONLOSS, zxid: -1n, detail: 'xid out of order' });
      throw new DecodeError(`xid out of order: got ${hdr.xid}, expected ${packet ? packet.xid : 'none'}`);
    }
    if (hdr.zxid > 0n) this._lastZxid = hdr.zxid;
    let response: Response | undefined;
    if (hdr.err === 0) {
      try {
        response = readResponse(packet.request.op, r);
      } catch (e) {
        this.finish(packet, { err: Err.MARSHALLINGERROR, zxid: hdr.zxid, detail: (e as Error).message });
        throw e;
      }
    }
    this.finish(packet, { err: hdr.err, zxid: hdr.zxid, response });
  }

  private onAuthReply(err: number): void {
    const cred = this.authInFlight.shift();
    const waiters = cred ? cred.waiters.splice(0) : [];
    if (err === Err.AUTHFAILED) {
      this.log('warn', `authentication failed${cred ? ` for scheme ${cred.scheme}` : ''}`);
      for (const w of waiters) w({ err, zxid: 0n });
      this._state = 'AUTH_FAILED';
      const conn = this.conn;
      this.conn = null;
      this.stopConnectionTimers();
      conn?.close('authentication failed');
      this.failAll({ err: Err.AUTHFAILED, zxid: -1n });
      this.listener.stateChanged('authFailed', 'authentication failed');
      return;
    }
    for (const w of waiters) w({ err, zxid: 0n });
  }

  // ------------------------------------------------------------------ sending

  private nextXid(): number {
    this.xid = this.xid >= 0x7fffffff ? 1 : this.xid + 1;
    return this.xid;
  }

  private sendPacket(packet: Packet): void {
    const conn = this.conn;
    if (!conn) {
      this.finish(packet, { err: Err.CONNECTIONLOSS, zxid: -1n });
      return;
    }
    packet.xid = this.nextXid();
    const bytes = writeFrame((w) => {
      w.int(packet.xid).int(packet.request.op);
      writeRequest(w, packet.request);
    });
    this.pending.push(packet);
    conn.send(bytes);
  }

  private sendAuth(cred: Credential): void {
    const conn = this.conn;
    if (!conn) return;
    this.authInFlight.push(cred);
    conn.send(
      writeFrame((w) => {
        w.int(Xid.auth).int(Op.auth);
        writeRequest(w, { op: Op.auth, type: 0, scheme: cred.scheme, auth: cred.auth });
      }),
    );
  }

  /**
   * Re-arms every watch the application holds, in batches of about 128 KiB of path text;
   * op 105 only for a batch that carries persistent watches, so that servers older than
   * 3.6 keep working for applications that do not use them.
   */
  private sendSetWatches(): void {
    const paths = this.listener.watchPaths();
    const lists: Array<[keyof WatchPaths, string[]]> = [
      ['data', paths.data],
      ['exist', paths.exist],
      ['child', paths.child],
      ['persistent', paths.persistent],
      ['persistentRecursive', paths.persistentRecursive],
    ];
    if (lists.every(([, l]) => l.length === 0)) return;
    const relativeZxid = this._lastZxid;
    let li = 0;
    let pi = 0;
    while (li < lists.length) {
      const batch: WatchPaths = { data: [], exist: [], child: [], persistent: [], persistentRecursive: [] };
      let length = 0;
      while (length < SET_WATCHES_MAX_LENGTH && li < lists.length) {
        const [kind, list] = lists[li]!;
        if (pi >= list.length) {
          li++;
          pi = 0;
          continue;
        }
        const p = list[pi++]!;
        batch[kind].push(p);
        length += p.length;
      }
      const two = batch.persistent.length > 0 || batch.persistentRecursive.length > 0;
      const request: SetWatchesRequest = {
        op: two ? Op.setWatches2 : Op.setWatches,
        relativeZxid,
        dataWatches: batch.data,
        existWatches: batch.exist,
        childWatches: batch.child,
        persistentWatches: batch.persistent,
        persistentRecursiveWatches: batch.persistentRecursive,
      };
      this.sendPacket({
        request,
        onReply: (reply) => {
          if (reply.err !== 0 && reply.err !== Err.CONNECTIONLOSS) {
            this.log('warn', `setWatches failed with error ${reply.err}`);
          }
        },
        xid: 0,
        queueTimer: null,
        done: false,
      });
    }
  }

  // ------------------------------------------------------------------ liveness

  /** Java's read timeout: a server silent this long is considered gone. */
  private readTimeout(): number {
    return Math.floor((this._negotiatedTimeout * 2) / 3);
  }

  /**
   * One timer, re-armed for whichever comes first: the next ping (a third of the session
   * timeout after the last write) or the silence deadline (two thirds after the last read).
   */
  private armPingTimer(): void {
    this.clearTimer('pingTimer');
    const conn = this.conn;
    if (!conn || this._state !== 'CONNECTED') return;
    const readTimeout = this.readTimeout();
    // A third of the session timeout, and at least every 10 s (Java's MAX_SEND_PING_INTERVAL).
    const pingInterval = Math.min(readTimeout / 2, MAX_PING_INTERVAL);
    const now = performance.now();
    if (now - conn.lastRecvMs >= readTimeout) {
      this.log('info', `no reply from ${formatHostPort(conn.address)} for ${Math.round(now - conn.lastRecvMs)} ms`);
      conn.close(`server silent for ${Math.round(now - conn.lastRecvMs)} ms`);
      return;
    }
    if (now - conn.lastSendMs >= pingInterval) {
      conn.send(writeFrame((w) => w.int(Xid.ping).int(Op.ping)));
    }
    const next = Math.min(conn.lastSendMs + pingInterval, conn.lastRecvMs + readTimeout);
    this.pingTimer = setTimeout(() => {
      this.pingTimer = null;
      this.armPingTimer();
    }, Math.max(1, Math.ceil(next - performance.now())));
  }

  // ------------------------------------------------------------------ endings

  private giveUp(reason: string): void {
    this.log('warn', reason);
    this._state = 'CLOSED';
    this.failAll({ err: Err.CONNECTIONLOSS, zxid: -1n, detail: reason });
    this.listener.stateChanged('closed', reason);
  }

  private terminalError(): Reply {
    switch (this._state) {
      case 'AUTH_FAILED':
        return { err: Err.AUTHFAILED, zxid: -1n };
      case 'EXPIRED':
        return { err: Err.SESSIONEXPIRED, zxid: -1n };
      default:
        return { err: Err.SESSIONEXPIRED, zxid: -1n, detail: 'client closed' };
    }
  }

  private failAll(reply: Reply): void {
    this.failQueue(this.pending, reply);
    this.failQueue(this.outgoing, reply);
    for (const cred of this.credentials) for (const w of cred.waiters.splice(0)) w(reply);
    this.authInFlight = [];
  }

  private failQueue(queue: Fifo<Packet>, reply: Reply): void {
    for (let p = queue.shift(); p; p = queue.shift()) this.finish(p, reply);
  }

  private finish(packet: Packet, reply: Reply): void {
    if (packet.done) return;
    packet.done = true;
    if (packet.queueTimer) clearTimeout(packet.queueTimer);
    packet.queueTimer = null;
    try {
      packet.onReply(reply);
    } catch (e) {
      this.log('error', `reply handler threw: ${(e as Error).stack ?? e}`);
    }
  }

  private stopConnectionTimers(): void {
    this.clearTimer('handshakeTimer');
    this.clearTimer('pingTimer');
  }

  private clearTimer(name: 'handshakeTimer' | 'reconnectTimer' | 'pingTimer'): void {
    const t = this[name];
    if (t) clearTimeout(t);
    this[name] = null;
  }

  private log(level: keyof Logger, message: string): void {
    const fn = this.options.logger[level];
    if (fn) fn.call(this.options.logger, `[zk-client] ${message}`);
  }
}

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
