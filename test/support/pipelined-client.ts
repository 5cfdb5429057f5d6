/**
 * A minimal pipelined ZooKeeper client for integration tests: one socket, a handshake, then any
 * number of requests in flight. Replies are matched to requests in order
 * (docs/client-protocol.md, "Headers and reply order"); a reply whose xid does not match the
 * head of the queue is recorded as a protocol violation.
 */
import { connect, Socket } from 'node:net';
import {
  JuteReader,
  JuteWriter,
  Op,
  Xid,
  Request,
  Response,
  readConnectResponse,
  readReplyHeader,
  readResponse,
  writeConnectRequest,
  writeFrame,
  writeRequest,
  type ConnectResponse,
  type WatcherEvent,
  readWatcherEvent,
} from '../../src/wire/index.js';

export interface Reply {
  xid: number;
  zxid: bigint;
  err: number;
  /** The decoded response record (only when err == 0). */
  response: Response | null;
}

/** Called with the reply, or with null once the connection is gone before the reply arrived. */
export type ReplyCallback = (reply: Reply | null) => void;

interface Pending {
  xid: number;
  op: number;
  cb: ReplyCallback;
}

export interface ConnectOptions {
  host?: string;
  timeout?: number;
  sessionId?: bigint;
  passwd?: Uint8Array;
  lastZxidSeen?: bigint;
  /** The xid of the first request (default 1); a resuming client continues its numbering. */
  firstXid?: number;
}

export class SessionRefusedError extends Error {
  override name = 'SessionRefusedError';
}

export class PipelinedClient {
  private buf: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private head = 0;
  private nextXid = 1;
  closed = false;
  /** Anything that breaks the protocol contract (xid out of order, undecodable reply). */
  readonly violations: string[] = [];
  readonly notifications: WatcherEvent[] = [];
  lastZxid = 0n;
  private closeWaiters: (() => void)[] = [];

  private constructor(
    readonly socket: Socket,
    readonly handshake: ConnectResponse,
    leftover: Buffer,
  ) {
    this.buf = leftover;
    socket.on('data', (d) => this.onData(d));
    socket.on('close', () => this.onClose());
    socket.on('error', () => {});
    if (this.buf.length > 0) this.onData(Buffer.alloc(0));
  }

  get sessionId(): bigint {
    return this.handshake.sessionId;
  }

  get passwd(): Uint8Array {
    return this.handshake.passwd;
  }

  get outstanding(): number {
    return this.pending.length - this.head;
  }

  /**
   * Connects and completes the handshake. Rejects with SessionRefusedError when the server
   * answers timeOut 0 (expired or unknown session), with a plain Error when it closes first.
   */
  static connect(port: number, opts: ConnectOptions = {}): Promise<PipelinedClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: opts.host ?? '127.0.0.1', port });
      s.setNoDelay(true);
      let buf = Buffer.alloc(0);
      let done = false;
      const fail = (e: Error) => {
        if (done) return;
        done = true;
        s.destroy();
        reject(e);
      };
      const timer = setTimeout(() => fail(new Error('handshake timed out')), 10_000);
      s.on('error', (e) => fail(e));
      s.on('close', () => fail(new Error('server closed the connection before the ConnectResponse')));
      s.on('connect', () => {
        s.write(
          writeFrame((w) =>
            writeConnectRequest(w, {
              protocolVersion: 0,
              lastZxidSeen: opts.lastZxidSeen ?? 0n,
              timeOut: opts.timeout ?? 30_000,
              sessionId: opts.sessionId ?? 0n,
              passwd: opts.passwd ?? new Uint8Array(16),
              readOnly: false,
            }),
          ),
        );
      });
      const onData = (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length < 4) return;
        const len = buf.readInt32BE(0);
        if (buf.length < 4 + len) return;
        const res = readConnectResponse(new JuteReader(buf.subarray(4, 4 + len)));
        if (done) return;
        done = true;
        clearTimeout(timer);
        s.removeAllListeners();
        if (res.timeOut <= 0) {
          s.on('error', () => {});
          s.destroy();
          reject(new SessionRefusedError(`session 0x${(opts.sessionId ?? 0n).toString(16)} refused (timeOut ${res.timeOut})`));
          return;
        }
        const client = new PipelinedClient(s, res, Buffer.from(buf.subarray(4 + len)));
        if (opts.firstXid !== undefined) client.nextXid = opts.firstXid;
        resolve(client);
      };
      s.on('data', onData);
    });
  }

  /** Sends one request; `cb` gets its reply, or null if the connection goes first. */
  send(req: Request, cb: ReplyCallback): number {
    // Pings carry xid -2 as real clients send them; ZooKeeper answers every ping with xid -2.
    const xid = req.op === Op.ping ? Xid.ping : this.nextXid++;
    if (this.closed) {
      queueMicrotask(() => cb(null));
      return xid;
    }
    this.pending.push({ xid, op: req.op, cb });
    this.socket.write(
      writeFrame((w: JuteWriter) => {
        w.int(xid).int(req.op);
        writeRequest(w, req);
      }),
    );
    return xid;
  }

  /** Promise form of send: resolves with the reply, rejects if the connection closes first. */
  request(req: Request): Promise<Reply> {
    return new Promise((resolve, reject) =>
      this.send(req, (r) => (r ? resolve(r) : reject(new Error(`connection closed before the reply to op ${req.op}`)))),
    );
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    while (this.buf.length >= 4) {
      const len = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + len) return;
      const body = this.buf.subarray(4, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      this.onFrame(body);
    }
  }

  private onFrame(body: Buffer): void {
    const r = new JuteReader(body);
    let h;
    try {
      h = readReplyHeader(r);
    } catch (e) {
      this.violations.push(`short reply frame: ${(e as Error).message}`);
      return;
    }
    if (h.xid === -1) {
      try {
        this.notifications.push(readWatcherEvent(r));
      } catch (e) {
        this.violations.push(`bad notification: ${(e as Error).message}`);
      }
      return;
    }
    const p = this.pending[this.head];
    if (!p) {
      this.violations.push(`reply xid ${h.xid} with nothing pending`);
      return;
    }
    if (p.xid !== h.xid) {
      this.violations.push(`reply xid ${h.xid} but expected ${p.xid}`);
      return;
    }
    this.head++;
    if (this.head > 4096) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    if (h.zxid > this.lastZxid) this.lastZxid = h.zxid;
    let response: Response | null = null;
    if (h.err === 0) {
      try {
        response = readResponse(p.op, r);
      } catch (e) {
        this.violations.push(`undecodable reply to op ${p.op}: ${(e as Error).message}`);
      }
    }
    p.cb({ xid: h.xid, zxid: h.zxid, err: h.err, response });
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    const left = this.pending.slice(this.head);
    this.pending.length = 0;
    this.head = 0;
    for (const p of left) p.cb(null);
    for (const w of this.closeWaiters.splice(0)) w();
  }

  /** Resolves once the socket is closed (by either side). */
  waitClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((r) => this.closeWaiters.push(r));
  }

  /** Drops the socket without closeSession: the session lives on until its timeout. */
  drop(): void {
    this.socket.destroy();
  }

  /** closeSession, then wait for the server to close. */
  async closeSession(): Promise<void> {
    if (this.closed) return;
    await this.request({ op: Op.closeSession }).catch(() => {});
    this.socket.destroy();
  }
}

/** Runs `reqs` with a window of `window` in flight; returns replies in order (null = lost). */
export function pipelined(c: PipelinedClient, reqs: Request[], window = 200): Promise<(Reply | null)[]> {
  const out: (Reply | null)[] = new Array(reqs.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve) => {
    if (reqs.length === 0) return resolve(out);
    const pump = () => {
      while (next < reqs.length && c.outstanding < window) {
        const i = next++;
        c.send(reqs[i]!, (r) => {
          out[i] = r;
          if (++done === reqs.length) resolve(out);
          else pump();
        });
      }
    };
    pump();
  });
}
