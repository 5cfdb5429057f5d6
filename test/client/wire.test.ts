/**
 * The client's protocol behaviour, checked byte by byte against a scripted fake server:
 * the 45-byte ConnectRequest, xids from 1, xid-mismatch handling, session resumption with
 * password and lastZxidSeen, credentials then setWatches (op 105 only with persistent
 * watches, batches of ~128 KiB) before queued requests, pings, silence, expiry, chroot on
 * notification paths. No real server needed, so these run anywhere and fast.
 */
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import {
  JuteReader,
  Op,
  readConnectRequest,
  readRequest,
  writeConnectResponse,
  writeFrame,
  writeReplyHeader,
  writeResponse,
  writeWatcherEvent,
  type ConnectRequest,
  type Request,
  type Response,
  type SetWatchesRequest,
} from '../../src/wire/index.js';
import { createClient, ConnectionLossError, SessionExpiredError, type ZooKeeperClient } from '../../src/client/index.js';
import { once, recorder, sleep, waitUntil } from './helpers.js';

const PASSWORD = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const SESSION_ID = 0x0100000b8c5e0000n;

interface Received {
  xid: number;
  op: number;
  request: Request | null;
  conn: number;
}

type Handler = (r: Received, reply: (res: { err?: number; zxid?: bigint; response?: Response; xid?: number }) => void, sock: Socket) => void;

/** A scripted server: answers the handshake, records every frame, lets the test reply. */
class FakeServer {
  readonly connects: Array<{ req: ConnectRequest; bodyLength: number }> = [];
  readonly received: Received[] = [];
  readonly sockets: Socket[] = [];
  /** timeOut to answer in the ConnectResponse (0 = expired). */
  timeOut = 3000;
  handler: Handler = (r, reply) => reply({});
  zxid = 100n;

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(): Promise<FakeServer> {
    let fake!: FakeServer;
    const server = createServer((s) => fake.accept(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    fake = new FakeServer(server, addr.port);
    return fake;
  }

  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  requests(op?: number): Received[] {
    return this.received.filter((r) => r.op !== Op.ping && (op === undefined || r.op === op));
  }

  private accept(sock: Socket): void {
    const connIndex = this.sockets.length;
    this.sockets.push(sock);
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    let handshaken = false;
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4) {
        const len = buf.readInt32BE(0);
        if (buf.length < 4 + len) return;
        const body = buf.subarray(4, 4 + len);
        buf = buf.subarray(4 + len);
        const r = new JuteReader(new Uint8Array(body));
        if (!handshaken) {
          handshaken = true;
          const req = readConnectRequest(r);
          this.connects.push({ req, bodyLength: len });
          const expired = this.timeOut <= 0;
          sock.write(
            writeFrame((w) =>
              writeConnectResponse(w, {
                protocolVersion: 0,
                timeOut: this.timeOut,
                sessionId: expired ? 0n : SESSION_ID,
                passwd: expired ? new Uint8Array(16) : PASSWORD,
                readOnly: req.readOnly === undefined ? undefined : false,
              }),
            ),
          );
          if (expired) sock.end();
          continue;
        }
        const xid = r.int();
        const op = r.int();
        let request: Request | null = null;
        try {
          request = readRequest(op, r);
        } catch {
          request = null;
        }
        const rec: Received = { xid, op, request, conn: connIndex };
        this.received.push(rec);
        if (op === Op.ping) {
          if (!this.silent) this.reply(sock, xid, 0, this.zxid);
          continue;
        }
        if (op === Op.auth) {
          this.reply(sock, xid, 0, 0n);
          continue;
        }
        this.handler(rec, (res) => this.reply(sock, res.xid ?? xid, res.err ?? 0, res.zxid ?? ++this.zxid, res.response), sock);
      }
    });
  }

  silent = false;

  reply(sock: Socket, xid: number, err: number, zxid: bigint, response?: Response): void {
    sock.write(
      writeFrame((w) => {
        writeReplyHeader(w, { xid, zxid, err });
        if (err === 0 && response) writeResponse(w, response);
      }),
    );
  }

  notify(sock: Socket, type: number, path: string): void {
    sock.write(
      writeFrame((w) => {
        writeReplyHeader(w, { xid: -1, zxid: -1n, err: 0 });
        writeWatcherEvent(w, { type, state: 3, path });
      }),
    );
  }

  dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

const STAT = {
  czxid: 1n,
  mzxid: 2n,
  ctime: 1,
  mtime: 2,
  version: 0,
  cversion: 0,
  aversion: 0,
  ephemeralOwner: 0n,
  dataLength: 0,
  numChildren: 0,
  pzxid: 1n,
};

/** Answers the common reads with well-formed empty results. */
const okHandler: Handler = (r, reply) => {
  switch (r.op) {
    case Op.getData:
      return reply({ response: { op: Op.getData, data: null, stat: STAT } });
    case Op.exists:
      return reply({ response: { op: Op.exists, stat: STAT } });
    case Op.getChildren:
      return reply({ response: { op: Op.getChildren, children: [] } });
    case Op.addWatch:
      return reply({ response: { op: Op.addWatch } });
    case Op.sync:
      return reply({ response: { op: Op.sync, path: (r.request as { path: string }).path } });
    default:
      return reply({});
  }
};

describe('client wire behaviour (fake server)', { timeout: 60_000 }, () => {
  let fake: FakeServer;
  let clients: ZooKeeperClient[] = [];
  const client = (opts: Parameters<typeof createClient>[1] = {}, cs?: string) => {
    const c = createClient(cs ?? fake.connectString, { sessionTimeout: 3000, retry: { baseDelayMs: 10, maxDelayMs: 50 }, ...opts });
    clients.push(c);
    return c;
  };

  afterEach(async () => {
    for (const c of clients) {
      fake.handler = okHandler;
      await Promise.race([c.close(), sleep(500)]);
    }
    clients = [];
    await fake.close();
  });

  it('sends a 45-byte ConnectRequest and xids from 1', async () => {
    fake = await FakeServer.start();
    fake.handler = okHandler;
    const zk = client();
    await zk.connected();
    assert.equal(fake.connects[0]!.bodyLength, 45);
    assert.deepEqual(fake.connects[0]!.req, {
      protocolVersion: 0,
      lastZxidSeen: 0n,
      timeOut: 3000,
      sessionId: 0n,
      passwd: new Uint8Array(16),
      readOnly: false,
    });
    assert.equal(zk.sessionId, SESSION_ID);
    await zk.getData('/a');
    await zk.exists('/b');
    await zk.getChildren('/c');
    assert.deepEqual(
      fake.requests().map((r) => [r.xid, r.op]),
      [
        [1, Op.getData],
        [2, Op.exists],
        [3, Op.getChildren],
      ],
    );
  });

  it('drops the connection on an out-of-order reply and resumes with id, password, lastZxid', async () => {
    fake = await FakeServer.start();
    fake.handler = okHandler;
    const zk = client();
    await zk.connected();
    await zk.getData('/a'); // reply zxid 101
    assert.equal(zk.lastZxid, 101n);
    fake.handler = (r, reply) => reply({ xid: r.xid + 7, response: { op: Op.getData, data: null, stat: STAT } });
    const reconnected = once(zk, 'reconnected');
    await assert.rejects(zk.getData('/b'), ConnectionLossError);
    fake.handler = okHandler;
    await reconnected;
    const second = fake.connects[1]!.req;
    assert.equal(second.sessionId, SESSION_ID);
    assert.deepEqual(second.passwd, PASSWORD);
    assert.equal(second.lastZxidSeen, 101n);
  });

  it('after a reconnect: credentials, then setWatches, then queued requests', async () => {
    fake = await FakeServer.start();
    fake.handler = okHandler;
    const zk = client({ shuffleHosts: false });
    await zk.connected();
    await zk.addAuth('digest', 'u:p');
    await zk.getData('/data', () => {});
    await zk.exists('/exist', () => {});
    await zk.getChildren('/child', () => {});
    fake.handler = (r, reply) => (r.op === Op.exists ? reply({ err: -101 }) : okHandler(r, reply, null as never));
    await zk.exists('/missing', () => {});
    fake.handler = okHandler;
    const lastZxid = zk.lastZxid;

    fake.dropAll();
    await once(zk, 'disconnected');
    const queued = zk.getData('/queued');
    await once(zk, 'reconnected');
    await queued;
    const second = fake.received.filter((r) => r.conn === 1 && r.op !== Op.ping);
    assert.deepEqual(
      second.map((r) => r.op),
      [Op.auth, Op.setWatches, Op.getData],
    );
    assert.equal(second[0]!.xid, -4);
    assert.ok(second[1]!.xid > 0, 'setWatches uses an ordinary xid');
    const sw = second[1]!.request as SetWatchesRequest;
    assert.equal(sw.relativeZxid, lastZxid);
    assert.deepEqual(sw.dataWatches.sort(), ['/data', '/exist']);
    assert.deepEqual(sw.existWatches, ['/missing']);
    assert.deepEqual(sw.childWatches, ['/child']);
  });

  it('uses setWatches2 only with persistent watches, in batches of about 128 KiB, with the chroot', async () => {
    fake = await FakeServer.start();
    fake.handler = okHandler;
    const zk = client({}, `${fake.connectString}/root`);
    await zk.connected();
    const long = 'x'.repeat(1000);
    for (let i = 0; i < 200; i++) await zk.exists(`/${long}${i}`, () => {});
    await zk.addWatch('/p', () => {}, 'PERSISTENT');
    await zk.addWatch('/r', () => {});
    fake.dropAll();
    await once(zk, 'reconnected');
    await zk.sync('/');
    const sws = fake.received.filter((r) => r.conn === 1 && (r.op === Op.setWatches || r.op === Op.setWatches2));
    assert.ok(sws.length >= 2, `${sws.length} batches`);
    const reqs = sws.map((r) => r.request as SetWatchesRequest);
    for (const req of reqs) {
      const size = [...req.dataWatches, ...req.existWatches, ...req.childWatches, ...req.persistentWatches, ...req.persistentRecursiveWatches].reduce((n, p) => n + p.length, 0);
      assert.ok(size < 128 * 1024 + 2000, `batch of ${size} bytes`);
      const persistent = req.persistentWatches.length + req.persistentRecursiveWatches.length > 0;
      assert.equal(req.op, persistent ? Op.setWatches2 : Op.setWatches);
    }
    const all = reqs.flatMap((r) => r.dataWatches);
    assert.equal(all.length, 200);
    assert.ok(all.every((p) => p.startsWith('/root/x')));
    assert.deepEqual(reqs.flatMap((r) => r.persistentWatches), ['/root/p']);
    assert.deepEqual(reqs.flatMap((r) => r.persistentRecursiveWatches), ['/root/r']);
    assert.equal(reqs.at(-1)!.op, Op.setWatches2);
    assert.equal(reqs[0]!.op, Op.setWatches);
  });

  it('strips the chroot from notification paths', async () => {
    fake = await FakeServer.start();
    fake.handler = okHandler;
    const zk = client({}, `${fake.connectString}/app`);
    await zk.connected();
    const r = recorder();
    await zk.getData('/a', r.watcher);
    assert.equal((fake.requests(Op.getData)[0]!.request as { path: string }).path, '/app/a');
    fake.notify(fake.sockets[0]!, 3, '/app/a');
    await r.waitFor(1);
    assert.deepEqual(r.events, [{ type: 'NodeDataChanged', state: 'SyncConnected', path: '/a' }]);
  });

  it('pings an idle connection within a third of the timeout; notices silence within two thirds', async () => {
    fake = await FakeServer.start();
    fake.timeOut = 900;
    const zk = client({ sessionTimeout: 900 });
    await zk.connected();
    await sleep(700);
    const pings = fake.received.filter((r) => r.op === Op.ping);
    assert.ok(pings.length >= 2, `${pings.length} pings in 700 ms`);
    assert.ok(pings.every((p) => p.xid === -2));
    fake.silent = true;
    const started = Date.now();
    const [reason] = await once<[string]>(zk, 'disconnected', 3000);
    assert.match(reason, /silent/);
    assert.ok(Date.now() - started <= 900, `noticed after ${Date.now() - started} ms`);
  });

  it('an expired session is reported, everything fails, no new session is opened', async () => {
    fake = await FakeServer.start();
    fake.handler = okHandler;
    const zk = client();
    await zk.connected();
    fake.timeOut = 0;
    fake.dropAll();
    await once(zk, 'expired');
    assert.equal(zk.state, 'EXPIRED');
    await assert.rejects(zk.getData('/'), SessionExpiredError);
    const connects = fake.connects.length;
    await sleep(200);
    assert.equal(fake.connects.length, connects);
    assert.equal(fake.connects.at(-1)!.req.sessionId, SESSION_ID);
  });

  it('a watch event is delivered exactly once per registered callback set', async () => {
    fake = await FakeServer.start();
    fake.handler = okHandler;
    const zk = client();
    await zk.connected();
    const a = recorder();
    const b = recorder();
    await zk.getData('/n', a.watcher);
    await zk.exists('/n', a.watcher);
    await zk.getData('/n', b.watcher);
    fake.notify(fake.sockets[0]!, 3, '/n');
    fake.notify(fake.sockets[0]!, 3, '/n');
    await waitUntil(() => a.events.length + b.events.length >= 2);
    await sleep(50);
    assert.equal(a.events.length, 1);
    assert.equal(b.events.length, 1);
  });
});
