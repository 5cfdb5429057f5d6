/**
 * The server against byte-exact examples of ZooKeeper's answers, over real TCP, and its answers
 * to bad input (one connection pays, the server carries on): docs/client-protocol.md,
 * "Byte-exact examples".
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, fromHex, toHex } from '../support/raw-client.js';
import { fourLetterWord, startZkTs } from '../support/zkts-server.js';
const CONNECT_45 = '00 00 00 2d 00 00 00 00 00 00 00 00 00 00 00 00 00 00 75 30 00 00 00 00 00 00 00 00 00 00 00 10 ' +
    '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00';
const CONNECT_44 = '00 00 00 2c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 75 30 00 00 00 00 00 00 00 00 00 00 00 10 ' +
    '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00';
const CREATE_FOO = (xid) => `00 00 00 36 ${xid} 00 00 00 01 00 00 00 04 2f 66 6f 6f 00 00 00 03 62 61 72 ` +
    '00 00 00 01 00 00 00 1f 00 00 00 05 77 6f 72 6c 64 00 00 00 06 61 6e 79 6f 6e 65 00 00 00 00';
async function session(server, connect = CONNECT_45) {
    const c = await RawClient.open(server.port);
    c.send(connect);
    const response = await c.frame();
    assert.ok(response, 'no ConnectResponse');
    return { c, response };
}
describe('wire bytes (fresh standalone server)', () => {
    let server;
    before(async () => {
        server = await startZkTs({ tickTime: 2000 });
    });
    after(async () => {
        await server.cleanup();
    });
    it('answers the 45-byte ConnectRequest with a 41-byte response, then creates /foo at zxid 2', async () => {
        const { c, response } = await session(server);
        assert.equal(response.length, 41);
        assert.equal(toHex(response.subarray(0, 12)), '00 00 00 25 00 00 00 00 00 00 75 30');
        assert.equal(response[12], 0x01, 'session id carries server id 1 in its top byte');
        assert.equal(toHex(response.subarray(20, 24)), '00 00 00 10');
        assert.equal(response[40], 0x00, 'readOnly byte mirrored as false');
        c.send(CREATE_FOO('00 00 00 01'));
        assert.equal(toHex((await c.frame())), toHex(fromHex('00 00 00 18 00 00 00 01 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 04 2f 66 6f 6f')));
        c.send(CREATE_FOO('00 00 00 02'));
        assert.equal(toHex((await c.frame())), toHex(fromHex('00 00 00 10 00 00 00 02 00 00 00 00 00 00 00 03 ff ff ff 92')));
        c.send('00 00 00 08 ff ff ff fe 00 00 00 0b');
        assert.equal(toHex((await c.frame())), toHex(fromHex('00 00 00 10 ff ff ff fe 00 00 00 00 00 00 00 03 00 00 00 00')));
        // closeSession: header-only reply, then the server closes.
        c.send('00 00 00 08 00 00 00 03 ff ff ff f5');
        const close = (await c.frame());
        assert.equal(toHex(close.subarray(0, 8)), '00 00 00 10 00 00 00 03');
        assert.equal(close.readInt32BE(16), 0);
        assert.ok(await c.closedByServer());
    });
    it('answers a 44-byte ConnectRequest (no readOnly byte) with a 40-byte response', async () => {
        const { c, response } = await session(server, CONNECT_44);
        assert.equal(response.length, 40);
        assert.equal(toHex(response.subarray(0, 4)), '00 00 00 24');
        c.close();
    });
    it('sends a notification before the reply of the change, in the pre-3.9 layout', async () => {
        const a = (await session(server)).c;
        const b = (await session(server)).c;
        // a: getData /foo with watch (xid 1)
        a.send('00 00 00 11 00 00 00 01 00 00 00 04 00 00 00 04 2f 66 6f 6f 01');
        const data = (await a.frame());
        assert.equal(data.readInt32BE(16), 0);
        // b: setData /foo "baz" version -1 (xid 7)
        b.send('00 00 00 1b 00 00 00 07 00 00 00 05 00 00 00 04 2f 66 6f 6f 00 00 00 03 62 61 7a ff ff ff ff');
        const note = (await a.frame());
        assert.equal(toHex(note), toHex(fromHex('00 00 00 20 ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 03 00 00 00 03 00 00 00 04 2f 66 6f 6f')));
        const reply = (await b.frame());
        assert.equal(reply.readInt32BE(4), 7);
        assert.equal(reply.readInt32BE(16), 0);
        a.close();
        b.close();
    });
    it('answers digest auth with xid -4 and zxid 0, and an unknown scheme with AUTHFAILED then a close', async () => {
        const { c } = await session(server);
        c.send('00 00 00 1d ff ff ff fc 00 00 00 64 00 00 00 00 00 00 00 06 64 69 67 65 73 74 00 00 00 03 75 3a 70');
        assert.equal(toHex((await c.frame())), '00 00 00 10 ff ff ff fc 00 00 00 00 00 00 00 00 00 00 00 00');
        // whoAmI lists ip and digest
        c.send('00 00 00 08 00 00 00 05 00 00 00 6b');
        const who = (await c.frame());
        const text = who.toString('latin1');
        assert.ok(text.includes('ip') && text.includes('127.0.0.1') && text.includes('digest') && text.includes('u'), toHex(who));
        c.send('00 00 00 1b ff ff ff fc 00 00 00 64 00 00 00 00 00 00 00 04 6e 6f 70 65 00 00 00 03 75 3a 70');
        const refused = (await c.frame());
        assert.equal(refused.readInt32BE(16), -115);
        assert.ok(await c.closedByServer());
    });
    it('lays out a failed multi exactly as ZooKeeper does', async () => {
        const { c } = await session(server);
        c.send('00 00 00 56 00 00 00 05 00 00 00 0e ' +
            '00 00 00 01 00 ff ff ff ff 00 00 00 02 2f 61 00 00 00 00 00 00 00 01 00 00 00 1f ' +
            '00 00 00 05 77 6f 72 6c 64 00 00 00 06 61 6e 79 6f 6e 65 00 00 00 00 ' +
            '00 00 00 02 00 ff ff ff ff 00 00 00 02 2f 62 ff ff ff ff ' +
            'ff ff ff ff 01 ff ff ff ff');
        const r = (await c.frame());
        assert.equal(r.length, 55);
        assert.equal(toHex(r.subarray(0, 8)), '00 00 00 33 00 00 00 05');
        assert.equal(toHex(r.subarray(16)), toHex(fromHex('00 00 00 00 ff ff ff ff 00 00 00 00 00 00 00 00 00 ff ff ff ff 00 ff ff ff 9b ff ff ff 9b ff ff ff ff 01 ff ff ff ff')));
        c.close();
    });
    it('answers an unknown opcode and a bare check with UNIMPLEMENTED, then closes', async () => {
        for (const op of ['00 00 00 63', '00 00 00 0d']) {
            const { c } = await session(server);
            c.send(`00 00 00 08 00 00 00 09 ${op}`);
            const r = (await c.frame());
            assert.equal(r.readInt32BE(16), -6);
            assert.ok(await c.closedByServer());
        }
    });
    it('answers an undecodable body with MARSHALLINGERROR and closes', async () => {
        const { c } = await session(server);
        // getData whose path length claims 1000 bytes
        c.send('00 00 00 0d 00 00 00 01 00 00 00 04 00 00 03 e8 2f');
        const r = (await c.frame());
        assert.equal(r.readInt32BE(16), -5);
        assert.ok(await c.closedByServer());
    });
    it('closes a connection whose frame exceeds jute.maxbuffer or is negative', async () => {
        for (const len of ['00 10 00 00', 'ff ff ff f0']) {
            const { c } = await session(server);
            c.send(len);
            assert.ok(await c.closedByServer());
        }
    });
    it('closes on garbage before the handshake and keeps serving', async () => {
        const c = await RawClient.open(server.port);
        c.send('00 00 00 05 01 02 03');
        c.send('04 05');
        assert.ok(await c.closedByServer());
        assert.equal(await fourLetterWord(server.port, 'ruok'), 'imok');
    });
    it('refuses, by closing, a client that has seen a newer zxid', async () => {
        const c = await RawClient.open(server.port);
        c.send('00 00 00 2d 00 00 00 00 00 00 00 00 7f 00 00 00 00 00 75 30 00 00 00 00 00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00');
        assert.equal(await c.frame(), null);
    });
    it('answers a resume with an unknown session as expired: timeOut 0, id 0, 16 zero bytes, then closes', async () => {
        const c = await RawClient.open(server.port);
        c.send('00 00 00 2d 00 00 00 00 00 00 00 00 00 00 00 00 00 00 75 30 01 00 00 00 00 00 00 99 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00');
        const r = (await c.frame());
        assert.equal(toHex(r), toHex(fromHex('00 00 00 25 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00')));
        assert.ok(await c.closedByServer());
    });
    it('answers four-letter words', async () => {
        assert.equal(await fourLetterWord(server.port, 'ruok'), 'imok');
        assert.equal(await fourLetterWord(server.port, 'isro'), 'rw');
        const srvr = await fourLetterWord(server.port, 'srvr');
        assert.match(srvr, /^Zookeeper version: /);
        assert.match(srvr, /\nMode: standalone\n/);
        assert.match(srvr, /\nZxid: 0x[0-9a-f]+\n/);
        const mntr = await fourLetterWord(server.port, 'mntr');
        assert.match(mntr, /zk_server_state\tstandalone/);
        assert.match(mntr, /zk_znode_count\t\d+/);
    });
});
//# sourceMappingURL=wire-bytes.test.js.map