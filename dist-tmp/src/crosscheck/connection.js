/**
 * One raw client connection of the cross-checker: a TCP socket speaking the client protocol
 * frame by frame (docs/crosscheck.md). It does nothing a client library would do on its own
 * (no pings, no retries, no re-registering watches): the cross-checker decides every byte.
 */
import { connect } from 'node:net';
import { JuteReader, writeFrame } from '../wire/jute.js';
import { Xid } from '../wire/constants.js';
import { readConnectResponse, readReplyHeader, readWatcherEvent, writeConnectRequest, } from '../wire/records.js';
export class RawConnection {
    socket;
    buf = Buffer.alloc(0);
    arrivals = [];
    waiters = [];
    /** The next frame is the ConnectResponse (it has no ReplyHeader). */
    handshaking = false;
    closed = false;
    constructor(socket) {
        this.socket = socket;
        socket.setNoDelay(true);
        socket.on('data', (d) => {
            this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
            this.parse();
        });
        socket.on('close', () => {
            if (!this.closed) {
                this.closed = true;
                this.arrivals.push({ kind: 'closed' });
            }
            this.wake();
        });
        socket.on('error', () => { });
    }
    static open(port, host = '127.0.0.1') {
        return new Promise((resolve, reject) => {
            const s = connect({ host, port }, () => {
                s.off('error', reject);
                resolve(new RawConnection(s));
            });
            s.once('error', reject);
        });
    }
    /** Sends a ConnectRequest and waits for the answer; null when the server closed instead. */
    async handshake(sessionId, passwd, timeOut, lastZxidSeen, timeoutMs) {
        this.handshaking = true;
        this.socket.write(writeFrame((w) => writeConnectRequest(w, { protocolVersion: 0, lastZxidSeen, timeOut, sessionId, passwd, readOnly: false })));
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const first = this.arrivals[0];
            if (first && first.kind === 'reply') {
                this.arrivals.shift();
                return readConnectResponse(new JuteReader(first.body));
            }
            if (first && first.kind === 'closed')
                return null;
            if (Date.now() > deadline)
                throw new Error('no answer to the ConnectRequest');
            await this.wait(deadline);
        }
    }
    send(frame) {
        if (!this.closed)
            this.socket.write(frame);
    }
    /**
     * Waits until `done` says the arrivals so far are complete (or the connection closed), then
     * hands them over. Throws after `timeoutMs`.
     */
    async collect(done, timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        while (!done(this.arrivals) && !this.arrivals.some((a) => a.kind === 'closed')) {
            if (Date.now() > deadline)
                throw new Error('timed out waiting for the server');
            await this.wait(deadline);
        }
        return this.arrivals.splice(0, this.arrivals.length);
    }
    /** Closes the socket from our side (the session lives on in the server). */
    drop() {
        this.closed = true;
        this.socket.destroy();
    }
    parse() {
        while (this.buf.length >= 4) {
            const len = this.buf.readInt32BE(0);
            if (len < 0) {
                this.drop();
                return;
            }
            if (this.buf.length < 4 + len)
                break;
            const body = this.buf.subarray(4, 4 + len);
            this.buf = this.buf.subarray(4 + len);
            if (this.handshaking) {
                this.handshaking = false;
                this.arrivals.push({ kind: 'reply', header: { xid: 0, zxid: 0n, err: 0 }, body });
                continue;
            }
            const r = new JuteReader(body);
            const header = readReplyHeader(r);
            if (header.xid === Xid.notification) {
                this.arrivals.push({ kind: 'event', zxid: header.zxid, event: readWatcherEvent(r) });
            }
            else {
                this.arrivals.push({ kind: 'reply', header, body: body.subarray(16) });
            }
        }
        this.wake();
    }
    wait(deadline) {
        return new Promise((resolve) => {
            const t = setTimeout(resolve, Math.max(1, Math.min(200, deadline - Date.now())));
            this.waiters.push(() => {
                clearTimeout(t);
                resolve();
            });
        });
    }
    wake() {
        const w = this.waiters;
        this.waiters = [];
        for (const f of w)
            f();
    }
}
//# sourceMappingURL=connection.js.map