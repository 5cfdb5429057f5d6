/**
 * Issue 15 over real TCP (docs/compatibility.md): the answers a raw client gets from zk-ts where
 * a differential run against Apache ZooKeeper found them differing: addAuth ip (finding 2), null
 * strings (finding 7), and the wire-level details found alongside (ping and auth xids, sasl
 * without SASL, opcodes a client should not send, multis ZooKeeper cannot read).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFrame } from '../../src/wire/jute.js';
import { Err, Op } from '../../src/wire/constants.js';
import { RawClient, toHex } from '../support/raw-client.js';
import { startZkTs } from '../support/zkts-server.js';
const CONNECT = writeFrame((w) => w.int(0).long(0n).int(30000).long(0n).buffer(new Uint8Array(16)).bool(false));
function frame(xid, op, body = () => { }) {
    return writeFrame((w) => {
        w.int(xid).int(op);
        body(w);
    });
}
async function reply(c) {
    for (;;) {
        const f = await c.frame();
        if (!f)
            return null;
        const xid = f.readInt32BE(4);
        if (xid === -1)
            continue; // a watch event
        return { xid, zxid: f.readBigInt64BE(8), err: f.readInt32BE(16), body: f.subarray(20) };
    }
}
describe('wire answers as ZooKeeper gives them (issue 15)', () => {
    let server;
    let c;
    before(async () => {
        server = await startZkTs({ tickTime: 2000 });
    });
    after(async () => {
        await server.cleanup();
    });
    async function session() {
        const client = await RawClient.open(server.port);
        client.send(CONNECT);
        assert.ok(await client.frame(), 'no ConnectResponse');
        return client;
    }
    it('accepts addAuth("ip", …) and keeps the connection (finding 2); answers auth with the request\'s xid', async () => {
        c = await session();
        c.send(frame(-4, Op.auth, (w) => w.int(0).ustring('ip').buffer(new TextEncoder().encode('127.0.0.1'))));
        const r = (await reply(c));
        assert.deepEqual([r.xid, r.zxid, r.err], [-4, 0n, 0]);
        c.send(frame(77, Op.auth, (w) => w.int(0).ustring('digest').buffer(new TextEncoder().encode('u:p'))));
        assert.equal((await reply(c)).xid, 77);
        c.send(frame(1, Op.whoAmI));
        assert.equal((await reply(c)).err, 0, 'the connection is still open');
    });
    it('answers every ping with xid -2', async () => {
        c.send(frame(5, Op.ping));
        assert.equal((await reply(c)).xid, -2);
    });
    it('answers a null path: MARSHALLINGERROR for reads, null echoed by sync, an empty result list for multi (finding 7)', async () => {
        c.send(frame(2, Op.getData, (w) => w.ustring(null).bool(false)));
        assert.equal((await reply(c)).err, Err.MARSHALLINGERROR);
        c.send(frame(3, Op.sync, (w) => w.ustring(null)));
        const s = (await reply(c));
        assert.equal(s.err, 0);
        assert.equal(toHex(s.body), 'ff ff ff ff');
        c.send(frame(4, Op.multi, (w) => w.int(Op.check).bool(false).int(-1).ustring(null).int(-1).int(-1).bool(true).int(-1)));
        const m = (await reply(c));
        assert.equal(m.err, Err.MARSHALLINGERROR);
        assert.equal(toHex(m.body), 'ff ff ff ff 01 ff ff ff ff');
    });
    it('fails a multi ZooKeeper cannot read with a MARSHALLINGERROR txn, and keeps the connection', async () => {
        c.send(frame(6, Op.multi, (w) => w.int(Op.setACL).bool(false).int(-1).ustring('/').int(0).int(-1).int(-1).bool(true).int(-1)));
        const m = (await reply(c));
        assert.equal(m.err, Err.MARSHALLINGERROR);
        c.send(frame(7, Op.multiRead, (w) => w.int(Op.setData).bool(false).int(-1).ustring('/').int(-1).int(-1).int(-1).bool(true).int(-1)));
        const mr = (await reply(c));
        assert.equal(mr.err, Err.MARSHALLINGERROR);
        assert.equal(toHex(mr.body), 'ff ff ff ff 01 ff ff ff ff', 'writes in a multiRead: an empty result list');
        c.send(frame(8, Op.exists, (w) => w.ustring('/').bool(false)));
        const e = (await reply(c));
        assert.equal(e.err, 0);
        assert.equal(e.zxid, m.zxid, 'the failed multi was a txn; the multiRead was not');
    });
    it('answers sasl without SASL configured with OK and no token; a null token closes', async () => {
        c.send(frame(9, Op.sasl, (w) => w.buffer(new Uint8Array([1, 2]))));
        const r = (await reply(c));
        assert.deepEqual([r.xid, r.zxid, r.err, toHex(r.body)], [9, 0n, 0, 'ff ff ff ff']);
        const d = await session();
        d.send(frame(1, Op.sasl, (w) => w.buffer(null)));
        assert.equal(await reply(d), null);
        assert.ok(await d.closedByServer());
    });
    it('fails reconfig, a client\'s createSession and deleteContainer as txns, keeping the connection', async () => {
        let last = 0n;
        for (const [op, body, err] of [
            [Op.reconfig, (w) => w.ustring(null).ustring(null).ustring(null).long(-1n), Err.RECONFIGDISABLED],
            [Op.createSession, () => { }, Err.MARSHALLINGERROR],
            [Op.deleteContainer, (w) => w.buffer(new TextEncoder().encode('/zookeeper')), Err.BADARGUMENTS],
        ]) {
            c.send(frame(10, op, body));
            const r = (await reply(c));
            assert.equal(r.err, err, `op ${op}`);
            assert.ok(r.zxid > last, `op ${op} used a zxid`);
            last = r.zxid;
        }
        c.send(frame(11, Op.checkWatches, (w) => w.ustring('/').int(6)));
        assert.equal((await reply(c)).err, Err.MARSHALLINGERROR, 'finding 4');
        c.close();
    });
});
//# sourceMappingURL=compat-wire.test.js.map