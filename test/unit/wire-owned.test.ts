/**
 * Decoded data that outlives its frame owns its memory (issue 8, finding 14). Frames arrive as
 * Node Buffers, views into a socket's receive buffer; a view kept in the tree pins that buffer.
 * Buffer#slice is a view as well, so each case decodes from a Buffer inside a large one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Op } from '../../src/wire/constants.js';
import { JuteReader, JuteWriter, POOL_BYTES, pooledCopy } from '../../src/wire/jute.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';
import { readRequest, writeRequest, type Request } from '../../src/wire/requests.js';
import { decodeTxn, encodeTxn, TxnType } from '../../src/wire/txn.js';
import { decodeQuorumMessage, encodeQuorumMessage, Pkt, type ForwardedRequest } from '../../src/wire/quorum.js';
import { decodeSession, decodeZNode, encodeSession, encodeZNode } from '../../src/wire/persist.js';
import { asZxid } from '../../src/base/zxid.js';

/** `bytes` placed in the middle of a 1 MiB Buffer, returned as a Buffer view (as a socket hands it out). */
function inBigFrame(bytes: Uint8Array): Buffer {
  const big = Buffer.alloc(1 << 20);
  big.set(bytes, 4096);
  return big.subarray(4096, 4096 + bytes.byteLength);
}

function assertOwned(b: Uint8Array | null | undefined, what: string): void {
  assert.ok(b, `${what}: missing`);
  assert.equal(b.buffer.byteLength, b.byteLength, `${what}: ${b.byteLength} bytes keep a ${b.buffer.byteLength}-byte buffer alive`);
}

/**
 * Znode data held until it is applied (the tree keeps data as a string of its own) may be a
 * piece of the shared copy pool (docs/performance.md, section 18): it must not pin the frame,
 * and pins at most the pool.
 */
function assertUnpinned(b: Uint8Array | null | undefined, what: string): void {
  assert.ok(b, `${what}: missing`);
  assert.ok(b.buffer.byteLength <= POOL_BYTES, `${what}: ${b.byteLength} bytes keep a ${b.buffer.byteLength}-byte buffer alive`);
}

const enc = (s: string) => new TextEncoder().encode(s);

describe('decoders copy what outlives the frame', () => {
  it('client requests: create and setData data, also inside multi', () => {
    const reqs: Request[] = [
      { op: Op.create, path: '/a', data: enc('abc'), acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n },
      { op: Op.setData, path: '/a', data: enc('x'), version: -1 },
    ];
    for (const req of [...reqs, { op: Op.multi, ops: reqs } as Request]) {
      const w = new JuteWriter(64);
      writeRequest(w, req);
      const back = readRequest(req.op, new JuteReader(inBigFrame(w.toBytes())));
      const datas = back.op === Op.multi ? back.ops.map((o) => (o as { data: Uint8Array }).data) : [(back as { data: Uint8Array }).data];
      for (const d of datas) assertUnpinned(d, `op ${req.op}`);
    }
  });

  it('txns from a quorum message (what a follower applies) and forwarded requests', () => {
    const txn = { sessionId: 1n, cxid: 2, zxid: asZxid(3n), time: 4, body: { type: TxnType.create, path: '/n', data: enc('tiny'), acl: OPEN_ACL_UNSAFE, ephemeralOwner: 0n, parentCversion: 1 } } as const;
    const p = decodeQuorumMessage(inBigFrame(encodeQuorumMessage({ type: Pkt.PROPOSAL, txn })), 'leader');
    assert.ok(p.type === Pkt.PROPOSAL && p.txn.body.type === TxnType.create);
    assertUnpinned(p.txn.body.data, 'proposed txn data');
    const t = decodeTxn(inBigFrame(encodeTxn(txn)));
    assert.equal(t.body.type, TxnType.create);
    assertUnpinned(t.body.type === TxnType.create ? t.body.data : null, 'txn data');
    const s = decodeTxn(inBigFrame(encodeTxn({ sessionId: 1n, cxid: 0, zxid: asZxid(4n), time: 0, body: { type: TxnType.createSession, timeout: 10, passwd: new Uint8Array(16) } })));
    assertOwned(s.body.type === TxnType.createSession ? s.body.passwd : null, 'session password');
    const create = { op: Op.create, path: '/n', data: enc('tiny'), acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n } as const;
    const forwarded = (request: ForwardedRequest) => {
      const m = decodeQuorumMessage(inBigFrame(encodeQuorumMessage({ type: Pkt.REQUEST, request, authinfo: [] })), 'learner');
      assert.ok(m.type === Pkt.REQUEST);
      return m.request;
    };
    const w = forwarded({ kind: 'request', sessionId: 1n, cxid: 1, request: create });
    assert.ok(w.kind === 'request' && w.request.op === Op.create);
    assertUnpinned(w.request.data, 'forwarded create data');
    const u = forwarded({ kind: 'undecodable', sessionId: 1n, cxid: 1, op: Op.create, record: enc('record') });
    assertOwned(u.kind === 'undecodable' ? u.record : null, 'forwarded record');
    const s2 = forwarded({ kind: 'createSession', sessionId: 1n, cxid: 0, timeout: 10, passwd: new Uint8Array(16) });
    assertOwned(s2.kind === 'createSession' ? s2.passwd : null, 'forwarded password');
  });

  it('pooled copies: pieces never share bytes; large ones own their memory', () => {
    const pieces: [Uint8Array, number][] = [];
    for (let i = 0; i < 3000; i++) {
      const src = new Uint8Array(1 + (i % 200)).fill(i & 0xff);
      pieces.push([pooledCopy(src), i & 0xff]);
      src.fill(0); // the copy is not a view of its source
    }
    for (const [p, v] of pieces) assert.ok(p.every((b) => b === v));
    const big = pooledCopy(new Uint8Array(64 * 1024).fill(7));
    assertOwned(big, 'large copy');
  });

  it('stored records', () => {
    const n = decodeZNode(inBigFrame(encodeZNode({ data: enc('d'), acl: OPEN_ACL_UNSAFE, czxid: 1n, mzxid: 1n, pzxid: 1n, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n })));
    assertOwned(n.data, 'znode data');
    assertOwned(decodeSession(inBigFrame(encodeSession({ timeout: 5, passwd: new Uint8Array(16) }))).passwd, 'stored password');
  });
});

describe('JuteWriter: writers start on a shared slab (issue 11) but never share bytes', () => {
  it('interleaved and nested writers keep their own bytes, and toBytes owns its memory', () => {
    const a = new JuteWriter(16);
    const b = new JuteWriter(16);
    a.int(1).ustring('/alpha');
    b.int(2).ustring('/beta');
    const inner = new JuteWriter(8).long(7n).ustring('ünïcode/\u{1F600}').toBytes();
    a.buffer(inner).long(-1n);
    b.jstring('/b/\u{1F600}').bool(true);
    // Grow past the first piece while the other writer is still writing.
    for (let i = 0; i < 100; i++) a.int(i);
    b.int(42);
    const ab = a.toBytes();
    const bb = b.toBytes();
    assertOwned(ab, 'a');
    assertOwned(bb, 'b');
    const ra = new JuteReader(ab);
    assert.equal(ra.int(), 1);
    assert.equal(ra.ustring(), '/alpha');
    const ri = new JuteReader(ra.buffer()!);
    assert.equal(ri.long(), 7n);
    assert.equal(ri.ustring(), 'ünïcode/\u{1F600}');
    assert.equal(ra.long(), -1n);
    for (let i = 0; i < 100; i++) assert.equal(ra.int(), i);
    const rb = new JuteReader(bb);
    assert.equal(rb.int(), 2);
    assert.equal(rb.ustring(), '/beta');
    // jstring writes a character outside the BMP as two 3-byte sequences (as ZooKeeper's server).
    assert.equal(rb.int(), 3 + 6);
    rb.rest();
    // Writing on after toBytes keeps the writer's own content.
    b.int(43);
    const again = new JuteReader(b.toBytes());
    again.int();
    again.ustring();
    again.buffer();
    assert.equal(again.bool(), true);
    assert.equal(again.int(), 42);
    assert.equal(again.int(), 43);
  });

  it('many writers in a row (past a slab) all read back', () => {
    const out: Uint8Array[] = [];
    for (let i = 0; i < 5000; i++) out.push(new JuteWriter(128).int(i).ustring(`/n${i}`).toBytes());
    out.forEach((bytes, i) => {
      const r = new JuteReader(bytes);
      assert.equal(r.int(), i);
      assert.equal(r.ustring(), `/n${i}`);
    });
  });
});

describe('JuteWriter.longNumber and JuteReader.longNumber: the bytes and values of long(BigInt(v)) and Number(long())', () => {
  it('writes what long(BigInt(v)) writes', () => {
    const values = [0, 1, -1, 2 ** 31, -(2 ** 31), 2 ** 32, -(2 ** 32), 2 ** 32 + 5, 1_764_590_000_123, -1_764_590_000_123, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (const v of values) {
      const a = new JuteWriter(16).longNumber(v).toBytes();
      const b = new JuteWriter(16).long(BigInt(v)).toBytes();
      assert.deepEqual(a, b, `${v}`);
      assert.equal(new JuteReader(a).longNumber(), v);
    }
  });

  it('reads the number Number(long()) gives, also past 2^53', () => {
    const longs = [0n, -1n, 2n ** 53n + 1n, -(2n ** 53n) - 3n, 2n ** 63n - 1n, -(2n ** 63n), 0x123456789abcdefn, -0x7edcba987654321n];
    for (const l of longs) {
      const bytes = new JuteWriter(16).long(l).toBytes();
      assert.equal(new JuteReader(bytes).longNumber(), Number(new JuteReader(bytes).long()), `${l}`);
    }
  });

  it('long() wraps modulo 2^64 as before', () => {
    assert.deepEqual(new JuteWriter(16).long(2n ** 64n - 1n).toBytes(), new JuteWriter(16).long(-1n).toBytes());
  });
});
