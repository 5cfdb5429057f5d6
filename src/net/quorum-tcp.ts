/**
 * Quorum links over TCP: length-prefixed quorum messages (src/wire/quorum.ts). The leader
 * accepts learners on its quorum port; a learner opens one link to its leader. This is where
 * frames become typed messages and back: a frame that does not decode closes that link and
 * nothing else, and the cores only ever see messages.
 */
import { createServer, connect, Server, Socket } from 'node:net';
import { DecodeError } from '../wire/jute.js';
import { decodeQuorumMessage, encodeQuorumFrame, LeaderMessage, LearnerMessage, MAX_QUORUM_FRAME, Pkt, QuorumSender, SentLeaderMessage } from '../wire/quorum.js';
import { hop, hopsOn } from '../base/hop-trace.js';
import type { QuorumTls } from './quorum-tls.js';

/** What a link reads, by the role at its other end. */
export type Received<Peer extends QuorumSender> = Peer extends 'leader' ? LeaderMessage : LearnerMessage;
/** What a link writes, by the role at its other end. */
export type Sent<Peer extends QuorumSender> = Peer extends 'leader' ? LearnerMessage : SentLeaderMessage;

export interface QuorumLinkEvents<In> {
  onPacket(p: In): void;
  onClose(reason: string): void;
}

const EMPTY = Buffer.alloc(0);

/** Packet type → name, for the hop trace (src/base/hop-trace.ts). */
const PKT_NAMES = new Map<number, string>(Object.entries(Pkt).map(([name, type]) => [type, name]));

/** Stamps a frame's hop (`q-sent-PROPOSAL`, `q-recv-ACK`, ...) with its zxid: frames are length, type, zxid. */
function hopFrame(dir: 'sent' | 'recv', frame: Uint8Array, at: number): void {
  const view = new DataView(frame.buffer, frame.byteOffset + at, frame.byteLength - at);
  if (view.byteLength < 16) return;
  const type = view.getInt32(4);
  hop(`q-${dir}-${PKT_NAMES.get(type) ?? type}`, view.getBigInt64(8));
}

export class QuorumLink<Peer extends QuorumSender> {
  private buffer: Buffer = EMPTY;
  private closed = false;
  private corked = false;
  /** This turn's frames go out as copies: the socket still held output when the turn began. */
  private copyOut = false;
  /** With the hop trace on: the frames of this turn, stamped when they leave. */
  private traced: Uint8Array[] = [];

  constructor(
    readonly socket: Socket,
    /** The role at the other end: 'learner' on the leader's links, 'leader' on a learner's. */
    private readonly peer: Peer,
    private readonly events: QuorumLinkEvents<Received<Peer>>,
    /** With quorum security: false closes the link before the message reaches the core. */
    private readonly admit?: (p: Received<Peer>) => boolean,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => this.finish('connection closed'));
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    const buf = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    // Frames are read at an offset and only what is left is kept: a chunk holds many frames
    // (a follower's ACKs, a leader's PROPOSALs), and a view of the rest after each was an
    // allocation per frame.
    let at = 0;
    for (;;) {
      if (buf.length - at < 4) break;
      const len = buf.readInt32BE(at);
      if (len < 0 || len > MAX_QUORUM_FRAME) return this.close(`bad quorum frame length ${len}`);
      if (buf.length - at - 4 < len) break;
      const body = buf.subarray(at + 4, at + 4 + len);
      if (hopsOn()) hopFrame('recv', buf, at);
      at += 4 + len;
      let p: Received<Peer>;
      try {
        p = decodeQuorumMessage(body, this.peer) as Received<Peer>;
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        return this.close(`malformed quorum packet: ${e.message}`);
      }
      if (this.admit && !this.admit(p)) return this.close('refused: not a proven member of the ensemble');
      this.events.onPacket(p);
      if (this.closed) return;
    }
    this.buffer = at === 0 ? buf : at === buf.length ? EMPTY : buf.subarray(at);
  }

  /** Queues a packet (see sendFrame). */
  send(p: Sent<Peer>): void {
    this.sendFrame(encodeQuorumFrame(p));
  }

  /**
   * Queues a frame (encodeQuorumFrame's bytes, not changed afterwards: the same frame may go to
   * every learner). The frames of one event-loop turn leave together: the socket is corked at
   * the first and uncorked once the turn's work is done (process.nextTick runs after the
   * runtime's flush), so a turn that sends a PROPOSAL, a COMMIT and a PING costs one write.
   *
   * The uncork waits one tick more, behind the client connections' uncorks of the same turn
   * (src/server/client-connection.ts): a leader's turn that commits a write sends the COMMIT to
   * every follower and the reply to its client, and the reply is what a client waits for, while
   * each write to a follower's socket can wake that process onto the core we run on. Written
   * first, the COMMITs held the reply back by 0.3–0.8 ms (docs/performance.md, section 10).
   */
  sendFrame(frame: Uint8Array): void {
    if (this.closed) return;
    if (!this.corked) {
      this.corked = true;
      // Frames are pieces of a shared pool (src/wire/jute.ts) and the socket queues them as they
      // are: behind a backlog (a slow peer) they go as copies, so the backlog holds its bytes,
      // not whole pools.
      this.copyOut = this.socket.writableLength > 0;
      this.socket.cork();
      const uncork = (): void => {
        this.corked = false;
        if (this.traced.length > 0) for (const f of this.traced.splice(0)) hopFrame('sent', f, 0);
        this.socket.uncork();
      };
      process.nextTick(() => process.nextTick(uncork));
    }
    if (hopsOn()) this.traced.push(frame);
    this.socket.write(this.copyOut ? frame.slice() : frame);
  }

  /** Resolves once queued output has drained (for streaming a snapshot without hogging memory). */
  drained(): Promise<void> {
    if (this.closed || this.socket.writableLength < 1024 * 1024) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(reason: string): void {
    if (this.closed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 500).unref();
    this.finish(reason);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.events.onClose(reason);
  }
}

/** Listens on the quorum port; every accepted socket becomes a link. With `tls`, see quorum-tls.ts. */
export function listenQuorum(host: string, port: number, onSocket: (s: Socket) => void, tls?: QuorumTls | null): Promise<Server> {
  if (tls) return tls.listen(host, port, 'quorum port', (s) => onSocket(s));
  return new Promise((resolve, reject) => {
    const server = createServer(onSocket);
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * One attempt to connect to a leader's quorum port (the interpreter, src/drive/peer-driver.ts,
 * retries until initLimit). With `tls` (sslQuorum), over TLS to server `sid`, whose
 * certificate must prove it.
 */
export function connectQuorum(host: string, port: number, tls?: { quorum: QuorumTls; sid: number } | null): Promise<Socket> {
  if (tls && tls.quorum.settings.sslQuorum) return tls.quorum.connect(tls.sid, host, port);
  return new Promise((resolve, reject) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (e) => {
      s.destroy();
      reject(e);
    });
  });
}
