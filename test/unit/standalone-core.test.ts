/**
 * The standalone core driven directly (no sockets, no disk): the semantics of the operations,
 * Stat and watches (docs/client-protocol.md) as a client would observe them, with durability
 * simulated by answering `persist` effects by hand.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import type { StandaloneInput } from '../../src/peer/inputs.js';
import { Err, EventType, Op, Perms } from '../../src/wire/constants.js';
import { OPEN_ACL_UNSAFE, READ_ACL_UNSAFE } from '../../src/wire/records.js';
import { readRequest, writeRequest, type CreateRequest, type Request, type Response } from '../../src/wire/requests.js';
import { JuteReader, JuteWriter } from '../../src/wire/jute.js';
import { decodeTxn, encodeTxn } from '../../src/wire/txn.js';
import { Effect, StandaloneCore } from '../../src/peer/standalone.js';
import { formatSequence } from '../../src/pipeline/prep.js';
import { asSid, asConnId, type ConnId } from '../../src/base/ids.js';

class FakeClock {
  now = 1_000_000;
  wall = 1_700_000_000_000;
  nowMs = () => this.now;
  wallMs = () => this.wall;
}

interface Harness {
  core: StandaloneCore;
  /** Hands the core one input, stamped with the fake clock's time. */
  step(input: StandaloneInput): void;
  /** Ends the turn (the flush input) and reads the effects out, as the runtime does. */
  drain(): Effect[];
  clock: FakeClock;
  effects: Effect[];
  /** Persists everything pending and returns the effects produced. */
  settle(): Effect[];
  connect(conn: ConnId): bigint;
  call(conn: ConnId, req: Request): { err: number; response?: Response | undefined; zxid: bigint };
  events(conn: ConnId): { type: number; path: string }[];
}

const enc = (s: string) => new TextEncoder().encode(s);

function harness(opts: Partial<{ extendedTypesEnabled: boolean }> = {}): Harness {
  const clock = new FakeClock();
  const core = new StandaloneCore(
    { serverId: asSid(1), tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 2000, extendedTypesEnabled: opts.extendedTypesEnabled ?? false, containerCheckIntervalMs: 1000 },
    new SeededRng(7),
    { nowMs: clock.now, wallMs: clock.wall },
  );
  const effects: Effect[] = [];
  let xid = 1;
  const h: Harness = {
    core,
    step: (input) => core.step({ ...input, nowMs: clock.now, wallMs: clock.wall }),
    drain: () => {
      h.step({ kind: 'flush' });
      return core.drain();
    },
    clock,
    effects,
    settle() {
      const produced: Effect[] = [];
      for (let round = 0; round < 10; round++) {
        h.step({ kind: 'flush' });
        const out = core.drain();
        if (out.length === 0) break;
        produced.push(...out);
        for (const e of out) if (e.kind === 'persist') h.step({ kind: 'persisted', token: e.token });
      }
      effects.push(...produced);
      return produced;
    },
    connect(conn) {
      h.step({ kind: 'connect', conn, remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false } });
      const hs = h.settle().find((e) => e.kind === 'handshake' && e.conn === conn);
      assert.ok(hs && hs.kind === 'handshake');
      return hs.response.sessionId;
    },
    call(conn, req) {
      const myXid = xid++;
      h.step({ kind: 'request', conn, xid: myXid, req });
      const reply = h.settle().find((e) => e.kind === 'reply' && e.conn === conn && e.xid === myXid);
      assert.ok(reply && reply.kind === 'reply', `no reply for op ${req.op}`);
      return { err: reply.err, response: reply.response, zxid: reply.zxid };
    },
    events(conn) {
      const out = effects.filter((e) => e.kind === 'notify' && e.conn === conn).map((e) => (e.kind === 'notify' ? { type: e.event.type, path: e.event.path } : null!));
      effects.length = 0;
      return out;
    },
  };
  return h;
}

const create = (path: string, flags = 0, data: string | null = "x", op: 1 | 15 | 19 | 21 = Op.create, ttl = -1n): CreateRequest => ({
  op,
  path,
  data: data === null ? null : enc(data),
  acl: OPEN_ACL_UNSAFE,
  flags,
  ttl,
});

describe('standalone core', () => {
  it('answers the handshake only after createSession is durable, with the server id in the session id', () => {
    const h = harness();
    h.step({ kind: 'connect', conn: asConnId(1), remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 50, sessionId: 0n, passwd: new Uint8Array(16), readOnly: undefined } });
    const first = h.drain();
    assert.ok(first.some((e) => e.kind === 'persist'));
    assert.ok(!first.some((e) => e.kind === 'handshake'), 'handshake before the session was persisted');
    const token = (first.find((e) => e.kind === 'persist') as Extract<Effect, { kind: 'persist' }>).token;
    h.step({ kind: 'persisted', token: token });
    const hs = h.drain().find((e) => e.kind === 'handshake');
    assert.ok(hs && hs.kind === 'handshake');
    assert.equal(hs.response.timeOut, 200, 'timeout clamped to minSessionTimeout');
    assert.equal(hs.response.sessionId >> 56n, 1n);
    assert.equal(hs.response.readOnly, undefined, 'no readOnly byte when the request had none');
    assert.equal(hs.response.passwd.byteLength, 16);
  });

  it('consumes a zxid for failed writes, not for reads', () => {
    const h = harness();
    h.connect(asConnId(1));
    const a = h.call(asConnId(1), create('/foo'));
    assert.equal(a.err, 0);
    assert.equal(a.zxid, 2n);
    const b = h.call(asConnId(1), create('/foo'));
    assert.equal(b.err, Err.NODEEXISTS);
    assert.equal(b.zxid, 3n);
    const c = h.call(asConnId(1), { op: Op.getData, path: '/foo', watch: false });
    assert.equal(c.zxid, 3n);
  });

  it('names sequential nodes from the parent creation counter and reports cversion as creations + deletions', () => {
    const h = harness();
    h.connect(asConnId(1));
    h.call(asConnId(1), create('/p'));
    const first = h.call(asConnId(1), create('/p/lock-', 2));
    assert.deepEqual(first.response, { op: Op.create, path: '/p/lock-0000000000' });
    h.call(asConnId(1), { op: Op.delete, path: '/p/lock-0000000000', version: -1 });
    const second = h.call(asConnId(1), create('/p/lock-', 2));
    assert.equal((second.response as { path: string }).path, '/p/lock-0000000001');
    const st = h.call(asConnId(1), { op: Op.exists, path: '/p', watch: false });
    const stat = (st.response as { stat: { cversion: number; numChildren: number } }).stat;
    assert.equal(stat.numChildren, 1);
    assert.equal(stat.cversion, 3);
    assert.equal(formatSequence(-1), '-000000001');
  });

  it('reports the root cversion as -1 and counts the /zookeeper subtree', () => {
    const h = harness();
    h.connect(asConnId(1));
    const st = h.call(asConnId(1), { op: Op.exists, path: '/', watch: false });
    assert.equal((st.response as { stat: { cversion: number } }).stat.cversion, -1);
    const n = h.call(asConnId(1), { op: Op.getAllChildrenNumber, path: '/' });
    assert.deepEqual(n.response, { op: Op.getAllChildrenNumber, totalNumber: 3 });
    assert.equal(h.call(asConnId(1), { op: Op.delete, path: '/zookeeper', version: -1 }).err, Err.BADARGUMENTS);
  });

  it('checks create in ZooKeeper order', () => {
    const h = harness();
    h.connect(asConnId(1));
    assert.equal(h.call(asConnId(1), create('/a', 9)).err, Err.BADARGUMENTS);
    assert.equal(h.call(asConnId(1), create('/a', 5, 'x', Op.createTTL, 1000n)).err, Err.UNIMPLEMENTED);
    assert.equal(h.call(asConnId(1), { ...create('/a'), acl: [] } as Request).err, Err.INVALIDACL);
    assert.equal(h.call(asConnId(1), create('/missing/child')).err, Err.NONODE);
    assert.equal(h.call(asConnId(1), create('/a//b')).err, Err.NONODE);
    assert.equal(h.call(asConnId(1), create('/a/')).err, Err.NONODE);
    h.call(asConnId(1), create('/e', 1));
    assert.equal(h.call(asConnId(1), create('/e/child')).err, Err.NOCHILDRENFOREPHEMERALS);
    assert.equal(h.call(asConnId(1), create('/bad\u0001')).err, Err.BADARGUMENTS);
  });

  it('refuses a path whose UTF-8 form is too long to store, counting bytes, not characters', () => {
    const h = harness();
    h.connect(asConnId(1));
    const ascii = '/' + 'a'.repeat(1977); // 1,978 bytes: the limit
    assert.equal(h.call(asConnId(1), create(ascii)).err, Err.OK);
    assert.equal(h.call(asConnId(1), create(ascii + 'b')).err, Err.BADARGUMENTS);
    const twoByte = '/' + 'é'.repeat(988); // 989 characters, 1,977 bytes
    assert.equal(h.call(asConnId(1), create(twoByte)).err, Err.OK);
    assert.equal(h.call(asConnId(1), create('/' + 'é'.repeat(989))).err, Err.BADARGUMENTS); // 1,979 bytes
    assert.equal(h.call(asConnId(1), create('/' + '中'.repeat(659))).err, Err.OK); // 3 bytes each: 1,978 in all
    assert.equal(h.call(asConnId(1), create('/' + '中'.repeat(660))).err, Err.BADARGUMENTS);
  });

  it('keeps null and empty data apart', () => {
    const h = harness();
    h.connect(asConnId(1));
    h.call(asConnId(1), create('/n', 0, null));
    h.call(asConnId(1), create('/e', 0, ''));
    const n = h.call(asConnId(1), { op: Op.getData, path: '/n', watch: false }).response as { data: Uint8Array | null; stat: { dataLength: number } };
    const e = h.call(asConnId(1), { op: Op.getData, path: '/e', watch: false }).response as { data: Uint8Array | null };
    assert.equal(n.data, null);
    assert.equal(n.stat.dataLength, 0);
    assert.deepEqual(e.data, new Uint8Array(0));
  });

  it('delivers watch events before the reply of the write that fired them', () => {
    const h = harness();
    h.connect(asConnId(1));
    h.connect(asConnId(2));
    h.call(asConnId(1), create('/w'));
    h.call(asConnId(2), { op: Op.getData, path: '/w', watch: true });
    h.call(asConnId(2), { op: Op.getChildren, path: '/w', watch: true });
    h.call(asConnId(2), { op: Op.exists, path: '/w/missing', watch: true });
    h.effects.length = 0;
    h.step({ kind: 'request', conn: asConnId(1), xid: 99, req: create('/w/missing') });
    const out = h.settle();
    const kinds = out.filter((e) => e.kind === 'notify' || e.kind === 'reply').map((e) => e.kind);
    assert.deepEqual(kinds, ['notify', 'notify', 'reply']);
    assert.deepEqual(h.events(asConnId(2)), [
      { type: EventType.NodeCreated, path: '/w/missing' },
      { type: EventType.NodeChildrenChanged, path: '/w' },
    ]);
    // One-shot: a second change fires nothing for the child watch, the data watch still waits.
    h.call(asConnId(1), create('/w/other'));
    assert.deepEqual(h.events(asConnId(2)), []);
    h.call(asConnId(1), { op: Op.setData, path: '/w', data: enc('y'), version: -1 });
    assert.deepEqual(h.events(asConnId(2)), [{ type: EventType.NodeDataChanged, path: '/w' }]);
  });

  it('fires persistent recursive watches for descendants but never NodeChildrenChanged', () => {
    const h = harness();
    h.connect(asConnId(1));
    h.connect(asConnId(2));
    h.call(asConnId(2), { op: Op.addWatch, path: '/r', mode: 1 });
    h.call(asConnId(1), create('/r'));
    h.call(asConnId(1), create('/r/a'));
    h.call(asConnId(1), { op: Op.setData, path: '/r/a', data: null, version: -1 });
    h.call(asConnId(1), { op: Op.delete, path: '/r/a', version: -1 });
    assert.deepEqual(h.events(asConnId(2)), [
      { type: EventType.NodeCreated, path: '/r' },
      { type: EventType.NodeCreated, path: '/r/a' },
      { type: EventType.NodeDataChanged, path: '/r/a' },
      { type: EventType.NodeDeleted, path: '/r/a' },
    ]);
    assert.equal(h.call(asConnId(2), { op: Op.removeWatches, path: '/r', type: 5 }).err, 0);
    assert.equal(h.call(asConnId(2), { op: Op.removeWatches, path: '/r', type: 5 }).err, Err.NOWATCHER);
  });

  it('applies multi all or nothing with ZooKeeper result codes', () => {
    const h = harness();
    h.connect(asConnId(1));
    const r = h.call(asConnId(1), {
      op: Op.multi,
      ops: [create('/m1'), { op: Op.delete, path: '/nope', version: -1 }, create('/m2')],
    });
    assert.equal(r.err, 0);
    assert.deepEqual((r.response as { results: unknown[] }).results, [
      { op: -1, err: 0 },
      { op: -1, err: Err.NONODE },
      { op: -1, err: Err.RUNTIMEINCONSISTENCY },
    ]);
    assert.equal(h.call(asConnId(1), { op: Op.exists, path: '/m1', watch: false }).err, Err.NONODE);
    const ok = h.call(asConnId(1), { op: Op.multi, ops: [create('/m1'), create('/m1/c', 0, 'x', Op.create2), { op: Op.check, path: '/m1', version: 0 }, { op: Op.setData, path: '/m1', data: null, version: 0 }] });
    const results = (ok.response as { results: { op: number }[] }).results;
    assert.deepEqual(results.map((x) => x.op), [Op.create, Op.create2, Op.check, Op.setData]);
  });

  it('enforces ACLs and digest auth ids', () => {
    const h = harness();
    h.connect(asConnId(1));
    h.connect(asConnId(2));
    const digest = { scheme: 'digest', id: 'u:hash' };
    h.step({ kind: 'addAuth', conn: asConnId(1), id: digest });
    h.call(asConnId(1), { op: Op.create, path: '/secret', data: enc('s'), acl: [{ perms: Perms.ALL, id: { scheme: 'auth', id: '' } }], flags: 0, ttl: -1n });
    assert.equal(h.call(asConnId(2), { op: Op.getData, path: '/secret', watch: false }).err, Err.NOAUTH);
    assert.equal(h.call(asConnId(1), { op: Op.getData, path: '/secret', watch: false }).err, 0);
    const acl = h.call(asConnId(2), { op: Op.create, path: '/ro', data: null, acl: READ_ACL_UNSAFE, flags: 0, ttl: -1n });
    assert.equal(acl.err, 0);
    assert.equal(h.call(asConnId(2), { op: Op.setData, path: '/ro', data: null, version: -1 }).err, Err.NOAUTH);
    // auth without any authenticated id is an invalid ACL
    assert.equal(h.call(asConnId(2), { op: Op.create, path: '/x', data: null, acl: [{ perms: 31, id: { scheme: 'auth', id: '' } }], flags: 0, ttl: -1n }).err, Err.INVALIDACL);
  });

  it('deletes ephemerals when a session closes and fires watches for others', () => {
    const h = harness();
    const sid = h.connect(asConnId(1));
    h.connect(asConnId(2));
    h.call(asConnId(1), create('/eph', 1));
    const eph = h.call(asConnId(1), { op: Op.getEphemerals, prefixPath: '/' });
    assert.deepEqual(eph.response, { op: Op.getEphemerals, ephemerals: ['/eph'] });
    const st = h.call(asConnId(2), { op: Op.exists, path: '/eph', watch: true }).response as { stat: { ephemeralOwner: bigint } };
    assert.equal(st.stat.ephemeralOwner, sid);
    h.events(asConnId(2));
    const close = h.call(asConnId(1), { op: Op.closeSession });
    assert.equal(close.err, 0);
    assert.ok(h.effects.some((e) => e.kind === 'close' && e.conn === 1));
    assert.deepEqual(h.events(asConnId(2)), [{ type: EventType.NodeDeleted, path: '/eph' }]);
    assert.equal(h.call(asConnId(2), { op: Op.exists, path: '/eph', watch: false }).err, Err.NONODE);
  });

  it('expires silent sessions in tick buckets', () => {
    const h = harness();
    h.connect(asConnId(1));
    h.call(asConnId(1), create('/gone', 1));
    h.step({ kind: 'disconnect', conn: asConnId(1) });
    h.clock.now += 1500;
    h.step({ kind: 'tick' });
    h.settle();
    assert.ok(h.core.tree.get('/gone'), 'expired too early');
    h.clock.now += 700;
    h.step({ kind: 'tick' });
    h.settle();
    assert.equal(h.core.tree.get('/gone'), undefined);
    assert.equal(h.core.sessions.size, 0);
  });

  it('answers a resume with the wrong password as expired', () => {
    const h = harness();
    const sid = h.connect(asConnId(1));
    h.step({ kind: 'connect', conn: asConnId(2), remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 1000, sessionId: sid, passwd: new Uint8Array(16), readOnly: false } });
    const out = h.settle();
    const hs = out.find((e) => e.kind === 'handshake');
    assert.ok(hs && hs.kind === 'handshake');
    assert.equal(hs.response.timeOut, 0);
    assert.equal(hs.response.sessionId, 0n);
    assert.equal(hs.response.readOnly, false);
    assert.ok(out.some((e) => e.kind === 'close' && e.conn === 2));
  });

  it('refuses a client that has seen a newer zxid', () => {
    const h = harness();
    h.step({ kind: 'connect', conn: asConnId(1), remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 100n, timeOut: 1000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false } });
    const out = h.settle();
    assert.deepEqual(out.filter((e) => e.kind !== 'log').map((e) => e.kind), ['close']);
  });

  it('reaps containers that had a child and are empty again', () => {
    const h = harness();
    h.connect(asConnId(1));
    const c = h.call(asConnId(1), create('/c', 4, 'x', Op.createContainer));
    assert.equal((c.response as { stat: { ephemeralOwner: bigint } }).stat.ephemeralOwner, 0n);
    h.clock.now += 1100;
    h.step({ kind: 'tick' });
    h.settle();
    assert.ok(h.core.tree.get('/c'), 'a container that never had a child is kept');
    h.call(asConnId(1), create('/c/x'));
    h.call(asConnId(1), { op: Op.delete, path: '/c/x', version: -1 });
    h.clock.now += 1100;
    h.step({ kind: 'tick' });
    h.settle();
    assert.equal(h.core.tree.get('/c'), undefined);
  });

  it('deletes TTL nodes once unmodified for longer than their ttl', () => {
    const h = harness({ extendedTypesEnabled: true });
    h.connect(asConnId(1));
    assert.equal(h.call(asConnId(1), create('/t', 5, 'x', Op.createTTL, 0n)).err, Err.BADARGUMENTS);
    assert.equal(h.call(asConnId(1), create('/t', 5, 'x', Op.createTTL, 500n)).err, 0);
    h.clock.now += 1100;
    h.clock.wall += 400;
    h.step({ kind: 'tick' });
    h.settle();
    assert.ok(h.core.tree.get('/t'));
    h.clock.now += 1100;
    h.clock.wall += 200;
    h.step({ kind: 'tick' });
    h.settle();
    assert.equal(h.core.tree.get('/t'), undefined);
  });

  it('when storage fails, a write that may be on disk looks ambiguous (connection closed, no answer); later writes are refused, reads go on', () => {
    const h = harness();
    const session = h.connect(asConnId(1));
    h.connect(asConnId(2));
    h.step({ kind: 'request', conn: asConnId(1), xid: 50, req: create('/maybe') });
    h.step({ kind: 'request', conn: asConnId(1), xid: 51, req: { op: Op.exists, path: '/', watch: false } }); // queued behind the write
    const persist = h.drain().find((e) => e.kind === 'persist') as Extract<Effect, { kind: 'persist' }>;
    h.step({ kind: 'request', conn: asConnId(2), xid: 60, req: create('/queued') }); // accepted, not yet handed to storage
    h.step({ kind: 'persistFailed', token: persist.token, reason: 'EIO' });
    const out = h.drain();
    // The failed batch may be durable (and replayed after a restart): no definite answer.
    assert.deepEqual(out.filter((e) => e.kind === 'reply' && e.conn === 1), [], 'a write of unknown outcome was answered');
    assert.ok(out.some((e) => e.kind === 'close' && e.conn === 1), 'the connection of a write of unknown outcome stayed open');
    // A write never handed to storage did not happen: it is refused.
    const queued = out.find((e) => e.kind === 'reply' && e.conn === 2);
    assert.ok(queued && queued.kind === 'reply' && queued.err === Err.NOTREADONLY, 'a write never handed to storage was not refused');
    assert.ok(!out.some((e) => e.kind === 'persist'), 'a write was handed to storage after it failed');
    // The client comes back on its session: new writes are refused, reads go on.
    h.step({ kind: 'connect', conn: asConnId(3), remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId: session, passwd: h.core.sessions.get(session)!.passwd, readOnly: false } });
    assert.ok(h.settle().some((e) => e.kind === 'handshake' && e.conn === 3 && e.response.timeOut > 0));
    assert.equal(h.call(asConnId(3), create('/later')).err, Err.NOTREADONLY);
    assert.equal(h.call(asConnId(3), { op: Op.exists, path: '/', watch: false }).err, 0);
    assert.equal(h.core.tree.get('/maybe'), undefined);
  });

  it('keeps no set of touched sessions (only a learner reports touches; here it would only grow)', () => {
    const h = harness();
    for (let n = 1; n <= 50; n++) {
      const conn = asConnId(n);
      h.connect(conn);
      h.call(conn, { op: Op.exists, path: '/', watch: false });
    }
    assert.equal(h.core.replica.touched.size, 0);
  });

  it('stores znode data in its own memory, not as a view into the request frame it came in', () => {
    const h = harness();
    h.connect(asConnId(1));
    // A small create and a setData decoded from one large receive buffer, as pipelined requests arrive.
    const frame = new Uint8Array(1 << 20);
    const put = (req: Request, at: number) => {
      const w = new JuteWriter(64);
      writeRequest(w, req);
      frame.set(w.toBytes(), at);
      return readRequest(req.op, new JuteReader(frame.subarray(at, at + w.toBytes().byteLength)));
    };
    assert.equal(h.call(asConnId(1), put(create('/small', 0, 'abc'), 1000)).err, 0);
    const multi = put({ op: Op.multi, ops: [create('/m', 0, 'mm'), { op: Op.setData, path: '/small', data: enc('xyz'), version: -1 }] }, 500_000);
    assert.equal(h.call(asConnId(1), multi).err, 0);
    for (const path of ['/small', '/m']) {
      const data = h.core.tree.get(path)!.data!;
      assert.notEqual(data.buffer, frame.buffer, `${path} pins the 1 MB frame`);
      assert.equal(data.buffer.byteLength, data.byteLength, `${path}'s ${data.byteLength} bytes hold a ${data.buffer.byteLength}-byte buffer`);
    }
    assert.equal(new TextDecoder().decode(h.core.tree.get('/small')!.data!), 'xyz');
  });

  it('round-trips every txn kind through the log encoding', () => {
    const h = harness();
    h.connect(asConnId(1));
    h.call(asConnId(1), create('/a', 0, null));
    h.call(asConnId(1), { op: Op.multi, ops: [create('/a/b', 2), { op: Op.setData, path: '/a', data: enc('d'), version: 0 }] });
    h.call(asConnId(1), { op: Op.setACL, path: '/a', acl: READ_ACL_UNSAFE, version: -1 });
    h.call(asConnId(1), { op: Op.closeSession });
    const persisted = h.effects.filter((e) => e.kind === 'persist');
    assert.ok(persisted.length > 0);
    for (const e of persisted) {
      if (e.kind !== 'persist') continue;
      for (const t of e.txns) assert.deepEqual(decodeTxn(encodeTxn(t)), t);
    }
  });
});
