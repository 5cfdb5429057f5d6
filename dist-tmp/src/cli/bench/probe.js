/**
 * A one-shot request on a fresh connection (TCP connect, session handshake, one request, one
 * reply), for "when does this server first serve?" questions: startup to the first create,
 * restart to the first read, failover to the next write. A client library's reconnect back-off
 * would inflate those figures; this asks again at once.
 */
import { connect } from 'node:net';
import { JuteReader, Op, OPEN_ACL_UNSAFE, readConnectResponse, readReplyHeader, writeConnectRequest, writeFrame, writeRequest, } from '../../wire/index.js';
/** The reply's error code (0: success), or null when there was no reply (refused, closed, timed out). */
export function probeOnce(port, req, timeoutMs = 1000, host = '127.0.0.1') {
    return new Promise((resolve) => {
        const s = connect({ host, port });
        s.setNoDelay(true);
        let buf = Buffer.alloc(0);
        let handshaken = false;
        let done = false;
        const finish = (v) => {
            if (done)
                return;
            done = true;
            clearTimeout(timer);
            s.destroy();
            resolve(v);
        };
        const timer = setTimeout(() => finish(null), timeoutMs);
        s.on('error', () => finish(null));
        s.on('close', () => finish(null));
        s.on('connect', () => {
            s.write(writeFrame((w) => writeConnectRequest(w, { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 4000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false })));
        });
        s.on('data', (d) => {
            buf = Buffer.concat([buf, d]);
            while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
                const body = buf.subarray(4, 4 + buf.readInt32BE(0));
                buf = buf.subarray(4 + body.length);
                const r = new JuteReader(body);
                if (!handshaken) {
                    const res = readConnectResponse(r);
                    if (res.timeOut <= 0)
                        return finish(null);
                    handshaken = true;
                    s.write(writeFrame((w) => {
                        w.int(1).int(req.op);
                        writeRequest(w, req);
                    }));
                    continue;
                }
                const h = readReplyHeader(r);
                if (h.xid === 1)
                    return finish(h.err);
            }
        });
    });
}
export function createRequest(path, data = null) {
    return { op: Op.create, path, data, acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n };
}
export function getDataRequest(path) {
    return { op: Op.getData, path, watch: false };
}
/**
 * Asks every port again and again (each on its own fresh connection, `intervalMs` apart) until
 * one answers the request made by `request(attempt)` with an error code `accept` allows; resolves
 * with that port. Rejects after `timeoutMs`.
 */
export function firstServed(ports, request, accept, timeoutMs, intervalMs = 10) {
    const deadline = performance.now() + timeoutMs;
    let winner = null;
    let attempt = 0;
    return new Promise((resolve, reject) => {
        // Resolves at the first success; the other ports' loops stop after their current attempt.
        const loops = ports.map(async (port) => {
            while (winner === null && performance.now() < deadline) {
                const err = await probeOnce(port, request(attempt++), Math.min(1000, Math.max(1, deadline - performance.now())));
                if (winner !== null)
                    return;
                if (err !== null && accept(err)) {
                    winner = port;
                    return resolve(port);
                }
                await new Promise((r) => setTimeout(r, intervalMs));
            }
        });
        void Promise.all(loops).then(() => {
            if (winner === null)
                reject(new Error(`no server on ports ${ports.join(', ')} served within ${timeoutMs} ms`));
        });
    });
}
//# sourceMappingURL=probe.js.map