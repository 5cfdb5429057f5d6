/** A raw TCP client for byte-exact protocol tests: send bytes, read whole frames. */
import { connect } from 'node:net';
export class RawClient {
    socket;
    buf = Buffer.alloc(0);
    waiters = [];
    closed = false;
    constructor(socket) {
        this.socket = socket;
        socket.on('data', (d) => {
            this.buf = Buffer.concat([this.buf, d]);
            this.wake();
        });
        socket.on('close', () => {
            this.closed = true;
            this.wake();
        });
        socket.on('error', () => { });
    }
    static open(port, host = '127.0.0.1') {
        return new Promise((resolve, reject) => {
            const s = connect({ host, port }, () => resolve(new RawClient(s)));
            s.once('error', reject);
        });
    }
    wake() {
        const w = this.waiters;
        this.waiters = [];
        for (const f of w)
            f();
    }
    send(hexOrBytes) {
        this.socket.write(typeof hexOrBytes === 'string' ? fromHex(hexOrBytes) : hexOrBytes);
    }
    /** The next frame including its 4-byte length, or null if the server closed first. */
    async frame(timeoutMs = 5000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            if (this.buf.length >= 4) {
                const len = this.buf.readInt32BE(0);
                if (this.buf.length >= 4 + len) {
                    const f = this.buf.subarray(0, 4 + len);
                    this.buf = this.buf.subarray(4 + len);
                    return Buffer.from(f);
                }
            }
            if (this.closed)
                return null;
            if (Date.now() > deadline)
                throw new Error('timed out waiting for a frame');
            await new Promise((r) => {
                this.waiters.push(r);
                setTimeout(r, 50);
            });
        }
    }
    /** Resolves true once the server has closed the connection (within the timeout). */
    async closedByServer(timeoutMs = 3000) {
        const deadline = Date.now() + timeoutMs;
        while (!this.closed && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 20));
        return this.closed;
    }
    close() {
        this.socket.destroy();
    }
}
export function fromHex(s) {
    return Buffer.from(s.replace(/[^0-9a-fA-F]/g, ''), 'hex');
}
export function toHex(b) {
    return Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();
}
//# sourceMappingURL=raw-client.js.map