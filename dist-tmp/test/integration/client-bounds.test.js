/**
 * What one client connection may make the server hold (issue 8, findings 11, 13, 14), on a real
 * client port in this process (test/support/in-process-server.ts) so that the server's side of
 * each connection can be measured: unsent bytes (the socket's writableLength), requests in
 * process, the index of watches. Clients are raw pipelining sockets that can stop reading.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Err, Op } from '../../src/wire/constants.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';
import { READS_PER_TURN } from '../../src/server/client-connection.js';
import { PipelinedClient } from '../support/pipelined-client.js';
import { startInProcess } from '../support/in-process-server.js';
import { fourLetterWord, waitFor } from '../support/zkts-server.js';
const HIGH_WATER = 4 * 1024 * 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const create = (path, data) => ({ op: Op.create, path, data, acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n });
/** Waits until `value()` has not changed for `quietMs`. */
async function settled(value, quietMs = 300, timeoutMs = 20_000) {
    const start = Date.now();
    let last = value();
    let since = Date.now();
    while (Date.now() - start < timeoutMs) {
        await sleep(25);
        const v = value();
        if (v !== last) {
            last = v;
            since = Date.now();
        }
        else if (Date.now() - since >= quietMs)
            return v;
    }
    throw new Error(`still changing after ${timeoutMs} ms (now ${last})`);
}
async function withServer(fields, body) {
    const s = await startInProcess(fields);
    try {
        await body(s);
    }
    finally {
        await s.stop();
    }
}
describe('client connection bounds', () => {
    it('a client pipelining getData of a 1 MB node without reading holds a bounded amount of server memory, and gets every reply once it reads', { timeout: 120_000 }, async () => {
        await withServer({}, async (s) => {
            const writer = await PipelinedClient.connect(s.port);
            const big = new Uint8Array(1_000_000).fill(0x61);
            assert.equal((await writer.request(create('/big', big))).err, 0);
            const reader = await PipelinedClient.connect(s.port);
            reader.socket.pause(); // reads nothing from now on
            const n = 300;
            const replies = [];
            // All in one write, so that the server reads them all at once (one 6 KB read).
            reader.socket.cork();
            for (let i = 0; i < n; i++)
                reader.send({ op: Op.getData, path: '/big', watch: false }, (r) => replies.push(r));
            reader.socket.uncork();
            const conn = s.connectionOf(reader.sessionId);
            const sent = await settled(() => conn.stats.sent);
            assert.ok(sent < n / 2, `the server answered ${sent} of ${n} big reads to a client that reads nothing: it was not holding back`);
            const bound = HIGH_WATER + READS_PER_TURN * 1_000_100;
            assert.ok(conn.peakUnsentBytes <= bound, `${conn.peakUnsentBytes} unsent bytes held for one connection (bound ${bound})`);
            assert.equal(s.clientPort.connections.size, 2, 'a client that pipelines but reads slowly was cut off');
            reader.socket.resume();
            await waitFor(() => replies.length === n, 60_000, () => `${replies.length} of ${n} replies after the client read again`);
            assert.ok(replies.every((r) => r && r.err === 0 && r.response && 'data' in r.response && r.response.data.byteLength === big.byteLength));
            assert.deepEqual(reader.violations, []);
            writer.drop();
            reader.drop();
        });
    });
    it('a client that stops reading while a recursive watch fires is closed once over maxClientUnsentBytes, with a log line naming it; other clients carry on', { timeout: 120_000 }, async () => {
        const cap = 1024 * 1024;
        await withServer({ maxClientUnsentBytes: cap }, async (s) => {
            const writer = await PipelinedClient.connect(s.port);
            const name = `/w/${'n'.repeat(900)}`; // each event carries this ~900-byte path
            assert.equal((await writer.request(create('/w', new Uint8Array(0)))).err, 0);
            assert.equal((await writer.request(create(name, new Uint8Array(1)))).err, 0);
            const watcher = await PipelinedClient.connect(s.port);
            assert.equal((await watcher.request({ op: Op.addWatch, path: '/w', mode: 1 /* persistent recursive */ })).err, 0);
            const port = watcher.socket.localPort;
            watcher.socket.pause();
            const conn = s.connectionOf(watcher.sessionId);
            const bystander = await PipelinedClient.connect(s.port);
            // 60 multis of 500 setData each: 30,000 events, ~28 MB, far more than socket buffers take.
            const ops = Array.from({ length: 500 }, () => ({ op: Op.setData, path: name, data: new Uint8Array(1), version: -1 }));
            const results = await Promise.all(Array.from({ length: 60 }, () => writer.request({ op: Op.multi, ops: [...ops] })));
            assert.ok(results.every((r) => r.err === 0), 'the writer was disturbed');
            await waitFor(() => !s.clientPort.connections.has(conn.id), 20_000, () => `the non-reading client was never closed (unsent ${conn.unsentBytes}, peak ${conn.peakUnsentBytes})`);
            assert.ok(conn.peakUnsentBytes <= cap + 64 * 1024, `${conn.peakUnsentBytes} unsent bytes held (cap ${cap})`);
            const line = s.logs.find((l) => /not reading/.test(l));
            assert.ok(line, `no log line about the client: ${s.logs.slice(-5).join(' | ')}`);
            assert.match(line, new RegExp(`:${port}\\b`), 'the log line does not name the connection');
            assert.match(line, new RegExp(`0x${BigInt.asUintN(64, watcher.sessionId).toString(16)}`), 'the log line does not name the session');
            assert.equal((await bystander.request({ op: Op.getData, path: name, watch: false })).err, 0);
            assert.equal((await writer.request({ op: Op.exists, path: '/w', watch: false })).err, 0);
            watcher.drop();
            writer.drop();
            bystander.drop();
        });
    });
    it('globalOutstandingLimit: past it, a connection with requests in process is not read; reads of other clients go on', { timeout: 60_000 }, async () => {
        const limit = 10;
        // tickTime 2000: sessions (up to 40 s) outlive the time the test holds the disk.
        await withServer({ globalOutstandingLimit: limit, tickTime: 2000 }, async (s) => {
            const writer = await PipelinedClient.connect(s.port, { timeout: 30_000 });
            const other = await PipelinedClient.connect(s.port, { timeout: 30_000 });
            s.autoFlush = false; // every write now waits for the disk
            const n = 200;
            const replies = [];
            for (let i = 0; i < n; i++)
                writer.send(create(`/t${i}`, new Uint8Array(10)), (r) => replies.push(r));
            const conn = s.connectionOf(writer.sessionId);
            const inProcess = await settled(() => conn.queued);
            assert.ok(inProcess <= limit + 1, `${inProcess} requests of one connection in process with globalOutstandingLimit=${limit}`);
            assert.equal(conn.interestOps, 0, 'the throttled connection is still read');
            // A read of a client with nothing in process gets through while the server is throttled.
            const read = await Promise.race([other.request({ op: Op.getData, path: '/', watch: false }), sleep(10_000).then(() => null)]);
            assert.ok(read && read.err === 0, 'a read of another client did not get through while the server was throttled');
            s.autoFlush = true;
            await waitFor(() => replies.length === n, 30_000, () => `${replies.length} of ${n} writes answered after the disk came back`);
            assert.deepEqual(replies.filter((r) => r?.err !== 0), [], 'a throttled write failed');
            await settled(() => s.clientPort.requestsInProcess);
            assert.equal(s.clientPort.requestsInProcess, 0);
            writer.drop();
            other.drop();
        });
    });
    it('wchc lists no path once its one-shot watch fired (finding 11)', { timeout: 30_000 }, async () => {
        await withServer({}, async (s) => {
            const c = await PipelinedClient.connect(s.port);
            for (let i = 0; i < 20; i++) {
                assert.equal((await c.request(create(`/lock-${i}`, new Uint8Array(0)))).err, 0);
                assert.equal((await c.request({ op: Op.exists, path: `/lock-${i}`, watch: true })).err, 0);
                assert.equal((await c.request({ op: Op.delete, path: `/lock-${i}`, version: -1 })).err, 0);
            }
            await waitFor(() => c.notifications.length === 20, 5_000, () => `${c.notifications.length} events`);
            assert.equal((await c.request({ op: Op.exists, path: '/live', watch: true })).err, Err.NONODE); // the watch is set
            const wchc = await fourLetterWord(s.port, 'wchc');
            assert.doesNotMatch(wchc, /lock-/, `wchc lists fired watches:\n${wchc}`);
            assert.match(wchc, /\t\/live\n/);
            assert.match(await fourLetterWord(s.port, 'wchs'), /^1 connections watching 1 paths\n/);
            c.drop();
        });
    });
    it('a stored znode does not keep the request frame it came in alive (finding 14)', { timeout: 30_000 }, async () => {
        await withServer({}, async (s) => {
            const c = await PipelinedClient.connect(s.port);
            // A small create pipelined right behind a large one: both arrive in the same receive buffers.
            const first = c.request(create('/large', new Uint8Array(500_000)));
            const second = c.request(create('/small', new Uint8Array([1, 2, 3])));
            assert.equal((await first).err, 0);
            assert.equal((await second).err, 0);
            const data = s.core.tree.get('/small').data;
            assert.equal(data.buffer.byteLength, data.byteLength, `3 bytes of znode data keep a ${data.buffer.byteLength}-byte buffer alive`);
            c.drop();
        });
    });
});
//# sourceMappingURL=client-bounds.test.js.map