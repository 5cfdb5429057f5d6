/**
 * A one-shot request on a fresh connection (TCP connect, session handshake, one request, one
 * reply), for "when does this server first serve?" questions: startup to the first create,
 * restart to the first read, failover to the next write. A client library's reconnect back-off
 * would inflate those figures; this asks again at once.
 */
import { connect } from 'node:net';
import {
  JuteReader,
  JuteWriter,
  Op,
  OPEN_ACL_UNSAFE,
  readConnectResponse,
  readReplyHeader,
  writeConnectRequest,
  writeFrame,
  writeRequest,
  type Request,
} from '../../wire/index.js';

/** How long a probe waits for the answer to its closeSession before it drops the connection. */
const CLOSE_WAIT_MS = 1000;

/**
 * The reply's error code (0: success), or null when there was no reply (refused, closed, timed
 * out). Resolves as soon as the reply is in; the session the probe opened is then closed
 * (closeSession, its answer awaited up to CLOSE_WAIT_MS) instead of being left to expire:
 * expiring probe sessions wrote their close txns seconds later, into what the compare
 * measures as disk writes at idle (docs/performance.md, section 13).
 */
export function probeOnce(port: number, req: Request, timeoutMs = 1000, host = '127.0.0.1'): Promise<number | null> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setNoDelay(true);
    let buf = Buffer.alloc(0);
    let handshaken = false;
    let answered = false;
    let closing = false;
    const drop = () => {
      clearTimeout(timer);
      s.destroy();
    };
    const finish = (v: number | null) => {
      if (answered) return;
      answered = true;
      drop();
      resolve(v);
    };
    let timer = setTimeout(() => finish(null), timeoutMs);
    s.on('error', () => (answered ? drop() : finish(null)));
    s.on('close', () => (answered ? drop() : finish(null)));
    s.on('connect', () => {
      s.write(writeFrame((w) => writeConnectRequest(w, { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 4000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false })));
    });
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const body = buf.subarray(4, 4 + buf.readInt32BE(0));
        buf = buf.subarray(4 + body.length);
        const r = new JuteReader(body);
        if (!handshaken) {
          const res = readConnectResponse(r);
          if (res.timeOut <= 0) return finish(null);
          handshaken = true;
          s.write(writeFrame((w: JuteWriter) => {
            w.int(1).int(req.op);
            writeRequest(w, req);
          }));
          continue;
        }
        const h = readReplyHeader(r);
        if (h.xid === 1 && !closing) {
          // Answered: report it now, then close the session (the time measured ends here).
          closing = true;
          answered = true;
          resolve(h.err);
          clearTimeout(timer);
          timer = setTimeout(drop, CLOSE_WAIT_MS);
          s.write(writeFrame((w: JuteWriter) => w.int(2).int(Op.closeSession)));
        } else if (h.xid === 2 && closing) {
          return drop();
        }
      }
    });
  });
}

export function createRequest(path: string, data: Uint8Array | null = null): Request {
  return { op: Op.create, path, data, acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n };
}

export function getDataRequest(path: string): Request {
  return { op: Op.getData, path, watch: false };
}

/**
 * Asks every port again and again (each on its own fresh connection, `intervalMs` apart) until
 * one answers the request made by `request(attempt)` with an error code `accept` allows; resolves
 * with that port. Rejects after `timeoutMs`.
 */
export function firstServed(
  ports: readonly number[],
  request: (attempt: number) => Request,
  accept: (err: number) => boolean,
  timeoutMs: number,
  intervalMs = 10,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let winner: number | null = null;
  let attempt = 0;
  return new Promise((resolve, reject) => {
    // Resolves at the first success; the other ports' loops stop after their current attempt.
    const loops = ports.map(async (port) => {
      while (winner === null && performance.now() < deadline) {
        const err = await probeOnce(port, request(attempt++), Math.min(1000, Math.max(1, deadline - performance.now())));
        if (winner !== null) return;
        if (err !== null && accept(err)) {
          winner = port;
          return resolve(port);
        }
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    });
    void Promise.all(loops).then(() => {
      if (winner === null) reject(new Error(`no server on ports ${ports.join(', ')} served within ${timeoutMs} ms`));
    });
  });
}
