/**
 * Quorum links over TCP: length-prefixed quorum messages (src/wire/quorum.ts). The leader
 * accepts learners on its quorum port; a learner opens one link to its leader. This is where
 * frames become typed messages and back: a frame that does not decode closes that link and
 * nothing else, and the cores only ever see messages.
 */
import { createServer, connect } from 'node:net';
import { DecodeError } from '../wire/jute.js';
import { decodeQuorumMessage, encodeQuorumMessage, MAX_QUORUM_FRAME } from '../wire/quorum.js';
export class QuorumLink {
    socket;
    peer;
    events;
    admit;
    buffer = Buffer.alloc(0);
    closed = false;
    corked = false;
    constructor(socket, 
    /** The role at the other end: 'learner' on the leader's links, 'leader' on a learner's. */
    peer, events, 
    /** With quorum security: false closes the link before the message reaches the core. */
    admit) {
        this.socket = socket;
        this.peer = peer;
        this.events = events;
        this.admit = admit;
        socket.setNoDelay(true);
        socket.on('data', (chunk) => this.onData(chunk));
        socket.on('error', () => { });
        socket.on('close', () => this.finish('connection closed'));
    }
    onData(chunk) {
        if (this.closed)
            return;
        this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
        while (this.buffer.length >= 4) {
            const len = this.buffer.readInt32BE(0);
            if (len < 0 || len > MAX_QUORUM_FRAME)
                return this.close(`bad quorum frame length ${len}`);
            if (this.buffer.length < 4 + len)
                return;
            const body = this.buffer.subarray(4, 4 + len);
            this.buffer = this.buffer.subarray(4 + len);
            let p;
            try {
                p = decodeQuorumMessage(body, this.peer);
            }
            catch (e) {
                if (!(e instanceof DecodeError))
                    throw e;
                return this.close(`malformed quorum packet: ${e.message}`);
            }
            if (this.admit && !this.admit(p))
                return this.close('refused: not a proven member of the ensemble');
            this.events.onPacket(p);
            if (this.closed)
                return;
        }
    }
    /**
     * Queues a packet. The packets of one event-loop turn leave together: the socket is corked at
     * the first and uncorked once the turn's work is done (process.nextTick runs after the
     * runtime's flush), so a turn that sends a PROPOSAL, a COMMIT and a PING costs one write.
     */
    send(p) {
        if (this.closed)
            return;
        const body = encodeQuorumMessage(p);
        const frame = Buffer.allocUnsafe(4 + body.byteLength);
        frame.writeInt32BE(body.byteLength, 0);
        frame.set(body, 4);
        if (!this.corked) {
            this.corked = true;
            this.socket.cork();
            process.nextTick(() => {
                this.corked = false;
                this.socket.uncork();
            });
        }
        this.socket.write(frame);
    }
    /** Resolves once queued output has drained (for streaming a snapshot without hogging memory). */
    drained() {
        if (this.closed || this.socket.writableLength < 1024 * 1024)
            return Promise.resolve();
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
    get isClosed() {
        return this.closed;
    }
    close(reason) {
        if (this.closed)
            return;
        this.socket.end();
        setTimeout(() => this.socket.destroy(), 500).unref();
        this.finish(reason);
    }
    finish(reason) {
        if (this.closed)
            return;
        this.closed = true;
        this.events.onClose(reason);
    }
}
/** Listens on the quorum port; every accepted socket becomes a link. With `tls`, see quorum-tls.ts. */
export function listenQuorum(host, port, onSocket, tls) {
    if (tls)
        return tls.listen(host, port, 'quorum port', (s) => onSocket(s));
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
export function connectQuorum(host, port, tls) {
    if (tls && tls.quorum.settings.sslQuorum)
        return tls.quorum.connect(tls.sid, host, port);
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
//# sourceMappingURL=quorum-tcp.js.map