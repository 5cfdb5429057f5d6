/**
 * The quorum link's boundary (src/net/quorum-tcp.ts): frames become typed messages there, and a
 * frame that does not decode as a message from the role at the other end closes that link
 * before anything reaches a core.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AddressInfo, connect, createServer, Socket } from 'node:net';
import { once } from 'node:events';
import { QuorumLink } from '../../src/net/quorum-tcp.js';
import { encodeQuorumMessage, Pkt, QuorumSender, type QuorumMessage } from '../../src/wire/quorum.js';
import { makeZxid, asZxid } from '../../src/base/zxid.js';
import { asSid } from '../../src/base/ids.js';

function frame(body: Uint8Array): Buffer {
  const f = Buffer.alloc(4 + body.byteLength);
  f.writeInt32BE(body.byteLength, 0);
  f.set(body, 4);
  return f;
}

/** A link at one end of a loopback connection reading what `peer` sends, and the raw other end. */
async function linkPair<P extends QuorumSender>(peer: P) {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const raw = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(raw, 'connect');
  const [socket] = await accepted;
  server.close();
  const got: QuorumMessage[] = [];
  let closed: (reason: string) => void = () => {};
  const closedWith = new Promise<string>((resolve) => (closed = resolve));
  const link = new QuorumLink(socket, peer, { onPacket: (m) => got.push(m), onClose: (r) => closed(r) });
  return { link, raw, got, closedWith };
}

const info: QuorumMessage = { type: Pkt.FOLLOWERINFO, acceptedEpoch: 1, sid: asSid(2), protocolVersion: 0x10000, lastLogged: makeZxid(1, 3), currentEpoch: 1 };

describe('QuorumLink decodes at the boundary', () => {
  it('delivers typed messages, then closes the link on a frame that does not decode, delivering nothing after it', async () => {
    const { raw, got, closedWith } = await linkPair('learner');
    raw.write(Buffer.concat([frame(encodeQuorumMessage(info)), frame(new Uint8Array([0, 0, 0, 3, 1, 2])), frame(encodeQuorumMessage({ type: Pkt.ACK, zxid: asZxid(1n) }))]));
    assert.match(await closedWith, /malformed quorum packet/);
    assert.deepEqual(got, [info]);
    raw.destroy();
  });

  it('reads frames however the stream cuts them: many in one chunk, one across chunks', async () => {
    const { link, raw, got } = await linkPair('learner');
    const acks: QuorumMessage[] = Array.from({ length: 50 }, (_, i) => ({ type: Pkt.ACK, zxid: makeZxid(1, i + 1) }));
    const bytes = Buffer.concat([info, ...acks].map((m) => frame(encodeQuorumMessage(m))));
    // Cut at odd places: inside a length, inside a body, and on frame boundaries.
    for (const [from, to] of [[0, 2], [2, 30], [30, 31], [31, 500], [500, bytes.length]]) {
      raw.write(bytes.subarray(from, to));
      await new Promise((r) => setTimeout(r, 5));
    }
    for (let i = 0; i < 400 && got.length < 51; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(got, [info, ...acks]);
    link.close('done');
    raw.destroy();
  });

  it("refuses on a learner's link what only a learner sends", async () => {
    const { raw, got, closedWith } = await linkPair('leader');
    raw.write(frame(encodeQuorumMessage(info)));
    assert.match(await closedWith, /malformed quorum packet: a leader does not send FOLLOWERINFO/);
    assert.deepEqual(got, []);
    raw.destroy();
  });

  it('writes each message as a length and its encoding', async () => {
    const { link, raw } = await linkPair('learner');
    const commit: QuorumMessage = { type: Pkt.COMMIT, zxid: makeZxid(3, 1) };
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    link.send(commit);
    const want = frame(encodeQuorumMessage(commit));
    while (Buffer.concat(chunks).byteLength < want.byteLength) await once(raw, 'data');
    assert.equal(Buffer.concat(chunks).toString('hex'), want.toString('hex'));
    assert.equal(want.subarray(4).toString('hex'), '000000040000000300000001ffffffff00000000', 'COMMIT as before typed messages');
    link.close('done');
    raw.destroy();
  });
});

describe('QuorumLink writes a turn after the client replies of that turn', () => {
  /** A socket that only records what is done to it, in one log shared with the other "socket". */
  function recordingSocket(name: string, log: string[]): Socket {
    const s = {
      setNoDelay: () => s,
      on: () => s,
      cork: () => void log.push(`${name} cork`),
      uncork: () => void log.push(`${name} uncork`),
      write: () => {
        log.push(`${name} write`);
        return true;
      },
    };
    return s as unknown as Socket;
  }

  it('uncorks after a client connection that corked later in the same turn (the reply leaves before the COMMIT)', async () => {
    const log: string[] = [];
    const link = new QuorumLink(recordingSocket('link', log), 'learner', { onPacket: () => {}, onClose: () => {} });
    const client = recordingSocket('client', log);
    // One turn of a leader committing a write: the COMMIT to a follower first, then the client's
    // reply, corked the way src/server/client-connection.ts corks it (uncorked on the next tick).
    link.send({ type: Pkt.COMMIT, zxid: makeZxid(3, 1) });
    client.cork();
    process.nextTick(() => client.uncork());
    client.write(Buffer.alloc(1));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['link cork', 'link write', 'client cork', 'client write', 'client uncork', 'link uncork']);
  });
});

describe('QuorumLink behind a backlog', () => {
  it('sends copies of its own while the socket still holds output, pooled frames otherwise', async () => {
    const written: Uint8Array[] = [];
    const s = {
      writableLength: 0,
      setNoDelay: () => s,
      on: () => s,
      cork: () => {},
      uncork: () => {},
      write: (chunk: Uint8Array) => {
        written.push(chunk);
        return true;
      },
    };
    const link = new QuorumLink(s as unknown as Socket, 'learner', { onPacket: () => {}, onClose: () => {} });
    const turn = async (): Promise<Uint8Array> => {
      link.send({ type: Pkt.COMMIT, zxid: makeZxid(3, 1) });
      await new Promise((r) => setImmediate(r));
      return written.at(-1)!;
    };
    const healthy = await turn();
    assert.ok(healthy.buffer.byteLength > healthy.byteLength, 'a healthy link writes a piece of the shared pool (src/wire/jute.ts)');
    s.writableLength = 64 * 1024; // the peer has not taken the last turn's output yet
    const backlogged = await turn();
    assert.equal(backlogged.buffer.byteLength, backlogged.byteLength, 'behind a backlog: a copy of its own, so the queue does not keep whole pools');
    assert.deepEqual(Buffer.from(backlogged), Buffer.from(healthy), 'the same bytes');
    s.writableLength = 0;
    const again = await turn();
    assert.ok(again.buffer.byteLength > again.byteLength, 'pooled again once the backlog is gone');
  });
});
