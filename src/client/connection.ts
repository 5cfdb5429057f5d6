/**
 * One TCP (or TLS) connection to one server: connect with a deadline, split the byte stream
 * into frames, write frames. It knows nothing about sessions, xids or retries; the session
 * (session.ts) owns one of these at a time and throws it away on any trouble.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { HostPort } from './paths.js';

/**
 * TLS to a server's secureClientPort: the CA(s) to trust, a client certificate for x509
 * authentication (PEM key + cert, or a PKCS#12 `pfx`), and whether the server's certificate
 * must name the host connected to (`hostnameVerification`, default true, as ZooKeeper).
 */
export interface ClientTlsOptions {
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer | Array<string | Buffer>;
  key?: string | Buffer | Array<string | Buffer>;
  pfx?: string | Buffer;
  passphrase?: string;
  /** Default true. */
  hostnameVerification?: boolean;
  /** Default true: a server whose certificate does not verify is refused. */
  rejectUnauthorized?: boolean;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** OpenSSL cipher list. */
  ciphers?: string;
}

/** Largest frame we accept from a server; a bigger length means a corrupt stream. */
export const MAX_INCOMING_FRAME = 16 * 1024 * 1024;

export interface FrameHandlers {
  onFrame(frame: Uint8Array): void;
  /** Called once, when the socket is gone for whatever reason (also after close()). */
  onClose(reason: string): void;
}

export class FrameConnection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private closed = false;
  /** Monotonic ms of the last bytes read / written, for ping and silence detection. */
  lastRecvMs = performance.now();
  lastSendMs = performance.now();

  constructor(
    private readonly socket: net.Socket,
    private readonly handlers: FrameHandlers,
    readonly address: HostPort,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(`socket error: ${err.message}`));
    socket.on('close', () => this.fail('connection closed by server'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(bytes: Uint8Array): void {
    if (this.closed) return;
    this.lastSendMs = performance.now();
    this.socket.write(bytes);
  }

  /** Tear down now; pending writes may be lost. onClose is called with `reason`. */
  close(reason = 'closed by client'): void {
    this.fail(reason);
  }

  /** Flush what was written, then close (used after closeSession). */
  end(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      this.socket.end(() => resolve());
      setTimeout(resolve, 200).unref();
    });
  }

  private fail(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.handlers.onClose(reason);
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.lastRecvMs = performance.now();
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    // Parse as many whole frames as we have. Frames are delivered synchronously and in
    // order: watch registration on a reply must happen before the next frame is looked at.
    while (!this.closed && this.buffered >= 4) {
      const head = this.peek(4);
      const len = head.readInt32BE(0);
      if (len < 0 || len > MAX_INCOMING_FRAME) {
        this.fail(`bad frame length ${len}`);
        return;
      }
      if (this.buffered < 4 + len) return;
      const all = this.take(4 + len);
      this.handlers.onFrame(all.subarray(4));
    }
  }

  private peek(n: number): Buffer {
    const head = this.chunks[0];
    if (head && head.length >= n) return head;
    const merged = Buffer.concat(this.chunks);
    this.chunks = [merged];
    return merged;
  }

  private take(n: number): Buffer {
    let head = this.chunks[0];
    if (!head || head.length < n) {
      head = Buffer.concat(this.chunks);
      this.chunks = [head];
    }
    const out = head.subarray(0, n);
    if (head.length === n) this.chunks.shift();
    else this.chunks[0] = head.subarray(n);
    this.buffered -= n;
    return out;
  }
}

/** Opens a TCP connection (TLS when `tlsOptions` is given), failing after `timeoutMs`. */
export function openSocket(address: HostPort, timeoutMs: number, tlsOptions?: ClientTlsOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    let socket: net.Socket;
    if (tlsOptions) {
      const { hostnameVerification, ...options } = tlsOptions;
      socket = tls.connect({
        ...options,
        host: address.host,
        port: address.port,
        servername: net.isIP(address.host) ? undefined : address.host,
        checkServerIdentity: hostnameVerification === false ? () => undefined : tls.checkServerIdentity,
      });
    } else {
      socket = net.connect({ host: address.host, port: address.port });
    }
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once(tlsOptions ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Until FrameConnection attaches its own handlers, an error must not crash the process;
      // the 'close' that follows it is what FrameConnection reacts to.
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
  });
}
