/**
 * The quorum link's boundary (src/net/quorum-tcp.ts): frames become typed messages there, and a
 * frame that does not decode as a message from the role at the other end closes that link
 * before anything reaches a core.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { once } from 'node:events';
import { QuorumLink } from '../../src/net/quorum-tcp.js';
import { encodeQuorumMessage, Pkt } from '../../src/wire/quorum.js';
import { makeZxid } from '../../src/base/zxid.js';
function frame(body) {
    const f = Buffer.alloc(4 + body.byteLength);
    f.writeInt32BE(body.byteLength, 0);
    f.set(body, 4);
    return f;
}
/** A link at one end of a loopback connection reading what `peer` sends, and the raw other end. */
async function linkPair(peer) {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection');
    const raw = connect(server.address().port, '127.0.0.1');
    await once(raw, 'connect');
    const [socket] = await accepted;
    server.close();
    const got = [];
    let closed = () => { };
    const closedWith = new Promise((resolve) => (closed = resolve));
    const link = new QuorumLink(socket, peer, { onPacket: (m) => got.push(m), onClose: (r) => closed(r) });
    return { link, raw, got, closedWith };
}
const info = { type: Pkt.FOLLOWERINFO, acceptedEpoch: 1, sid: 2, protocolVersion: 0x10000, lastLogged: makeZxid(1, 3), currentEpoch: 1 };
describe('QuorumLink decodes at the boundary', () => {
    it('delivers typed messages, then closes the link on a frame that does not decode, delivering nothing after it', async () => {
        const { raw, got, closedWith } = await linkPair('learner');
        raw.write(Buffer.concat([frame(encodeQuorumMessage(info)), frame(new Uint8Array([0, 0, 0, 3, 1, 2])), frame(encodeQuorumMessage({ type: Pkt.ACK, zxid: 1n }))]));
        assert.match(await closedWith, /malformed quorum packet/);
        assert.deepEqual(got, [info]);
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
        const commit = { type: Pkt.COMMIT, zxid: makeZxid(3, 1) };
        const chunks = [];
        raw.on('data', (c) => chunks.push(c));
        link.send(commit);
        const want = frame(encodeQuorumMessage(commit));
        while (Buffer.concat(chunks).byteLength < want.byteLength)
            await once(raw, 'data');
        assert.equal(Buffer.concat(chunks).toString('hex'), want.toString('hex'));
        assert.equal(want.subarray(4).toString('hex'), '000000040000000300000001ffffffff00000000', 'COMMIT as before typed messages');
        link.close('done');
        raw.destroy();
    });
});
//# sourceMappingURL=quorum-link.test.js.map