/**
 * The quorum message codec (src/wire/quorum.ts): the bytes every message takes on the wire,
 * captured from the encoders the cores used before typed messages (so the wire is what it was),
 * round trips, and garbage: any byte string either decodes to a message or throws DecodeError,
 * never anything else, and a frame cut short or carried the wrong way is refused.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeZxid, asZxid, type Zxid } from '../../src/base/zxid.js';
import { Op } from '../../src/wire/constants.js';
import { DecodeError, JuteWriter } from '../../src/wire/jute.js';
import {
  decodeQuorumMessage,
  encodeQuorumFrame,
  encodeQuorumMessage,
  LearnerMessage,
  Pkt,
  quorumDataBytes,
  QuorumMessage,
  QuorumSender,
  SnapChunk,
  txnInFrame,
} from '../../src/wire/quorum.js';
import { encodeTxn, Txn, TxnType } from '../../src/wire/txn.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';
import { asSid } from '../../src/base/ids.js';

const enc = (s: string) => new TextEncoder().encode(s);
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const Z = makeZxid;
/** A zxid as a jute long reads it back (epochs from 2^31 up come back negative). */
const asLong = (z: bigint): Zxid => asZxid(BigInt.asIntN(64, z));

const txnCreate: Txn = {
  sessionId: 0x0300000000000001n,
  cxid: 7,
  zxid: Z(3, 5),
  time: 1700000000000,
  body: { type: TxnType.create, path: '/a', data: enc('hi'), acl: OPEN_ACL_UNSAFE, ephemeralOwner: 0n, parentCversion: 1 },
};
const txnMulti: Txn = {
  sessionId: 0x1234n,
  cxid: 8,
  zxid: Z(3, 6),
  time: 1700000000001,
  body: {
    type: TxnType.multi,
    ops: [
      { type: TxnType.setData, path: '/a', data: null, version: 1 },
      { type: TxnType.delete, path: '/b' },
      { type: TxnType.check, path: '/c', version: -1 },
      { type: TxnType.setACL, path: '/d', acl: [{ perms: 1, id: { scheme: 'digest', id: 'u:h' } }], version: 0 },
    ],
  },
};
const txnSession: Txn = {
  sessionId: 0x0300000000000002n,
  cxid: 0,
  zxid: Z(3, 7),
  time: 1700000000002,
  body: { type: TxnType.createSession, timeout: 30000, passwd: new Uint8Array(16).fill(9) },
};
const txnClose: Txn = { sessionId: 0x1234n, cxid: 0, zxid: Z(3, 8), time: 5, body: { type: TxnType.closeSession, ephemerals: ['/e1', '/e2'] } };
const chunk: SnapChunk = {
  nodes: [
    ['/', { data: null, acl: OPEN_ACL_UNSAFE, czxid: 0n, mzxid: 0n, pzxid: Z(3, 1), ctime: 0, mtime: 0, version: 0, cversion: 1, aversion: 0, ephemeralOwner: 0n }],
    ['/a', { data: enc('hi'), acl: OPEN_ACL_UNSAFE, czxid: Z(3, 1), mzxid: Z(3, 1), pzxid: Z(3, 1), ctime: 1700000000000, mtime: 1700000000000, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0x1234n }],
  ],
  sessions: [[0x1234n, { timeout: 30000, passwd: new Uint8Array(16).fill(7) }]],
};

interface Case {
  name: string;
  sender: QuorumSender;
  message: QuorumMessage;
  /** The frame body as the encoders before typed messages wrote it. */
  hex: string;
}

const cases: Case[] = [
  // ---- learner -> leader
  { name: 'FOLLOWERINFO', sender: 'learner', message: { type: Pkt.FOLLOWERINFO, acceptedEpoch: 2, sid: asSid(3), protocolVersion: 0x10000, lastLogged: Z(2, 9), currentEpoch: 2 }, hex: '0000000b00000002000000000000001800000000000000030001000000000002000000090000000200000000' },
  { name: 'OBSERVERINFO', sender: 'learner', message: { type: Pkt.OBSERVERINFO, acceptedEpoch: 0, sid: asSid(4), protocolVersion: 0x10000, lastLogged: asZxid(0n), currentEpoch: 0 }, hex: '0000001000000000000000000000001800000000000000040001000000000000000000000000000000000000' },
  { name: 'FOLLOWERINFO, epochs above 2^31', sender: 'learner', message: { type: Pkt.FOLLOWERINFO, acceptedEpoch: 0xfffffffe, sid: asSid(255), protocolVersion: 0x10000, lastLogged: asLong(Z(0xfffffffe, 5)), currentEpoch: 0x7fffffff }, hex: '0000000bfffffffe000000000000001800000000000000ff00010000fffffffe000000057fffffff00000000' },
  { name: 'ACKEPOCH', sender: 'learner', message: { type: Pkt.ACKEPOCH, lastLogged: Z(2, 9), currentEpoch: 2 }, hex: '000000120000000200000009000000040000000200000000' },
  { name: 'ACKEPOCH, already promised', sender: 'learner', message: { type: Pkt.ACKEPOCH, lastLogged: Z(2, 9), currentEpoch: -1 }, hex: '00000012000000020000000900000004ffffffff00000000' },
  { name: 'ACK', sender: 'learner', message: { type: Pkt.ACK, zxid: Z(3, 1) }, hex: '000000030000000300000001ffffffff00000000' },
  { name: 'ACK of NEWLEADER', sender: 'learner', message: { type: Pkt.ACK, zxid: Z(3, 0) }, hex: '000000030000000300000000ffffffff00000000' },
  { name: 'PING from a learner, no sessions', sender: 'learner', message: { type: Pkt.PING, lastApplied: Z(3, 4), round: 17, touches: [] }, hex: '00000005000000030000000400000008000000110000000000000000' },
  { name: 'PING from a learner, sessions touched', sender: 'learner', message: { type: Pkt.PING, lastApplied: Z(3, 4), round: 18, touches: [{ sessionId: 0x0300000000000001n, timeout: 5000 }, { sessionId: 0x1234n, timeout: 30000 }] }, hex: '00000005000000030000000400000020000000120000000203000000000000010000138800000000000012340000753000000000' },
  { name: 'REQUEST, a record that does not decode (answered with MARSHALLINGERROR)', sender: 'learner', message: { type: Pkt.REQUEST, request: { kind: 'undecodable', sessionId: 0x1234n, cxid: 9, op: Op.create, record: enc('record bytes') }, authinfo: [{ scheme: 'digest', id: 'user:hash' }, { scheme: 'ip', id: '127.0.0.1' }] }, hex: '00000001000000000000000000000028000000000000123400000009000000010000000c7265636f726420627974657300000000ffffffff000000020000000664696765737400000009757365723a68617368000000026970000000093132372e302e302e31' },
  { name: 'REQUEST, create', sender: 'learner', message: { type: Pkt.REQUEST, request: { kind: 'request', sessionId: 0x1234n, cxid: 9, request: { op: Op.create, path: '/a', data: enc('hi'), acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n } }, authinfo: [{ scheme: 'digest', id: 'user:hash' }] }, hex: '00000001000000000000000000000047000000000000123400000009000000010000002b000000022f61000000026869000000010000001f00000005776f726c6400000006616e796f6e650000000000000000ffffffff000000010000000664696765737400000009757365723a68617368' },
  { name: 'REQUEST, multi', sender: 'learner', message: { type: Pkt.REQUEST, request: { kind: 'request', sessionId: 0x1234n, cxid: 9, request: { op: Op.multi, ops: [{ op: Op.setData, path: '/a', data: enc('x'), version: 2 }, { op: Op.delete, path: '/b', version: -1 }] } }, authinfo: [] }, hex: '000000010000000000000000000000500000000000001234000000090000000e000000340000000500ffffffff000000022f610000000178000000020000000200ffffffff000000022f62ffffffffffffffff01ffffffff00000000ffffffff00000000' },
  { name: 'REQUEST, createSession', sender: 'learner', message: { type: Pkt.REQUEST, request: { kind: 'createSession', sessionId: 0x0300000000000003n, cxid: 0, timeout: 5000, passwd: new Uint8Array(16).fill(3) }, authinfo: [] }, hex: '0000000100000000000000000000002c030000000000000300000000fffffff60000000000001388000000100303030303030303030303030303030300000000' },
  { name: 'REVALIDATE from a learner', sender: 'learner', message: { type: Pkt.REVALIDATE, sessionId: 0x1234n, timeout: 30000 }, hex: '0000000600000000000000000000000c00000000000012340000753000000000' },
  { name: 'SYNC from a learner', sender: 'learner', message: { type: Pkt.SYNC, id: 42n }, hex: '00000007000000000000000000000008000000000000002a00000000' },
  { name: 'LEADERSHIP_REQUEST', sender: 'learner', message: { type: Pkt.LEADERSHIP_REQUEST }, hex: '000000670000000000000000ffffffff00000000' },
  // ---- leader -> learner
  { name: 'LEADERINFO', sender: 'leader', message: { type: Pkt.LEADERINFO, epoch: 3, protocolVersion: 0x10000 }, hex: '000000110000000300000000000000040001000000000000' },
  { name: 'DIFF', sender: 'leader', message: { type: Pkt.DIFF, zxid: Z(3, 7) }, hex: '0000000d0000000300000007ffffffff00000000' },
  { name: 'TRUNC', sender: 'leader', message: { type: Pkt.TRUNC, zxid: Z(2, 5) }, hex: '0000000e0000000200000005ffffffff00000000' },
  { name: 'SNAP', sender: 'leader', message: { type: Pkt.SNAP, zxid: Z(3, 2) }, hex: '0000000f0000000300000002ffffffff00000000' },
  { name: 'SNAP_CHUNK', sender: 'leader', message: { type: Pkt.SNAP_CHUNK, zxid: Z(3, 2), chunk }, hex: '000000640000000300000002000000fa00000002000000012f0000005c01ffffffff000000010000001f00000005776f726c6400000006616e796f6e65000000000000000000000000000000000000000300000001000000000000000000000000000000000000000000000001000000000000000000000000000000022f610000005e01000000026869000000010000001f00000005776f726c6400000006616e796f6e650000000300000001000000030000000100000003000000010000018bcfe568000000018bcfe568000000000000000000000000000000000000001234000000010000000000001234000000190100007530000000100707070707070707070707070707070700000000' },
  { name: 'SNAP_CHUNK, empty', sender: 'leader', message: { type: Pkt.SNAP_CHUNK, zxid: asZxid(0n), chunk: { nodes: [], sessions: [] } }, hex: '00000064000000000000000000000008000000000000000000000000' },
  { name: 'SNAP_END', sender: 'leader', message: { type: Pkt.SNAP_END, zxid: Z(3, 2) }, hex: '000000650000000300000002ffffffff00000000' },
  { name: 'PROPOSAL, create', sender: 'leader', message: { type: Pkt.PROPOSAL, txn: txnCreate }, hex: '000000020000000300000005000000540103000000000000010000000700000003000000050000018bcfe5680000000001000000022f61000000026869000000010000001f00000005776f726c6400000006616e796f6e6500000000000000000000000100000000' },
  { name: 'PROPOSAL, multi', sender: 'leader', message: { type: Pkt.PROPOSAL, txn: txnMulti }, hex: '000000020000000300000006000000760100000000000012340000000800000003000000060000018bcfe568010000000e0000000400000005000000022f61ffffffff0000000100000002000000022f620000000d000000022f63ffffffff00000007000000022f6400000001000000010000000664696765737400000003753a680000000000000000' },
  { name: 'PROPOSAL, closeSession', sender: 'leader', message: { type: Pkt.PROPOSAL, txn: txnClose }, hex: '000000020000000300000008000000330100000000000012340000000000000003000000080000000000000005fffffff500000002000000032f6531000000032f653200000000' },
  { name: 'NEWLEADER', sender: 'leader', message: { type: Pkt.NEWLEADER, epoch: 3, committedThrough: Z(2, 9) }, hex: '0000000a000000030000000000000008000000020000000900000000' },
  { name: 'UPTODATE', sender: 'leader', message: { type: Pkt.UPTODATE, zxid: Z(3, 2) }, hex: '0000000c0000000300000002ffffffff00000000' },
  { name: 'COMMIT', sender: 'leader', message: { type: Pkt.COMMIT, zxid: Z(3, 1) }, hex: '000000040000000300000001ffffffff00000000' },
  { name: 'INFORM', sender: 'leader', message: { type: Pkt.INFORM, txn: txnSession }, hex: '000000080000000300000007000000390103000000000000020000000000000003000000070000018bcfe56802fffffff600007530000000100909090909090909090909090909090900000000' },
  { name: 'PING from the leader', sender: 'leader', message: { type: Pkt.PING, lastCommitted: Z(3, 4), round: 17 }, hex: '000000050000000300000004000000040000001100000000' },
  { name: 'REVALIDATE answer, valid', sender: 'leader', message: { type: Pkt.REVALIDATE, sessionId: 0x1234n, valid: true }, hex: '0000000600000000000000000000000c00000000000012340000000100000000' },
  { name: 'REVALIDATE answer, invalid', sender: 'leader', message: { type: Pkt.REVALIDATE, sessionId: 0x1234n, valid: false }, hex: '0000000600000000000000000000000c00000000000012340000000000000000' },
  { name: 'SYNC answer', sender: 'leader', message: { type: Pkt.SYNC, id: 42n, zxid: Z(3, 9) }, hex: '00000007000000030000000900000008000000000000002a00000000' },
  { name: 'TAKEOVER', sender: 'leader', message: { type: Pkt.TAKEOVER, zxid: Z(3, 9), successor: asSid(2), epoch: 3 }, hex: '0000006600000003000000090000000c00000000000000020000000300000000' },
];


function expectDecodeError(bytes: Uint8Array, sender: QuorumSender, what: string): void {
  try {
    decodeQuorumMessage(bytes, sender);
  } catch (e) {
    if (e instanceof DecodeError) return;
    assert.fail(`${what}: ${(e as Error).name} instead of DecodeError: ${(e as Error).message}`);
  }
  assert.fail(`${what}: decoded`);
}

/** Decodes or throws DecodeError; anything else fails the test. */
function decodeOrRefuse(bytes: Uint8Array, sender: QuorumSender): QuorumMessage | null {
  try {
    return decodeQuorumMessage(bytes, sender);
  } catch (e) {
    if (e instanceof DecodeError) return null;
    throw e;
  }
}

const bytesOf = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

describe('quorum messages on the wire', () => {
  test('every message type, byte for byte as before typed messages', () => {
    for (const c of cases) assert.equal(hexOf(encodeQuorumMessage(c.message)), c.hex, c.name);
  });

  test('a frame is the body\'s length, then the same bytes, for every message type', () => {
    for (const c of cases) {
      const frame = encodeQuorumFrame(c.message);
      assert.equal(Buffer.from(frame).readInt32BE(0), c.hex.length / 2, c.name);
      assert.equal(hexOf(frame.subarray(4)), c.hex, c.name);
    }
  });

  test('the txn inside a PROPOSAL or INFORM frame is what encodeTxn writes (the leader logs those bytes)', () => {
    let n = 0;
    for (const c of cases) {
      if ((c.message.type !== Pkt.PROPOSAL && c.message.type !== Pkt.INFORM) || !('txn' in c.message)) continue;
      assert.equal(hexOf(txnInFrame(encodeQuorumFrame(c.message))), hexOf(encodeTxn(c.message.txn)), c.name);
      n++;
    }
    assert.ok(n >= 3, `${n} captured PROPOSAL/INFORM cases`);
  });

  test('a log entry streamed as stored is the same PROPOSAL on the wire', () => {
    for (const name of ['PROPOSAL, create', 'PROPOSAL, multi', 'PROPOSAL, closeSession']) {
      const c = cases.find((x) => x.name === name)!;
      assert.ok(c.message.type === Pkt.PROPOSAL && 'txn' in c.message);
      const stored = { type: Pkt.PROPOSAL, zxid: c.message.txn.zxid, stored: encodeTxn(c.message.txn) } as const;
      assert.equal(hexOf(encodeQuorumMessage(stored)), c.hex, name);
      assert.equal(quorumDataBytes(stored), stored.stored.byteLength);
    }
  });

  test('every message decodes from its bytes to what was encoded', () => {
    for (const c of cases) assert.deepEqual(decodeQuorumMessage(bytesOf(c.hex), c.sender), c.message, c.name);
  });

  test('quorumDataBytes is the length of the data field, without encoding (sync streams size their turns by it)', () => {
    for (const c of cases) assert.equal(quorumDataBytes(c.message), Math.max(0, new DataView(bytesOf(c.hex).buffer).getInt32(12)), c.name);
  });

  test('every packet code a side sends has a case here', () => {
    const codes = (sender: QuorumSender) => [...new Set(cases.filter((c) => c.sender === sender).map((c) => c.message.type))].sort((a, b) => a - b);
    assert.deepEqual(codes('learner'), [Pkt.REQUEST, Pkt.ACK, Pkt.PING, Pkt.REVALIDATE, Pkt.SYNC, Pkt.FOLLOWERINFO, Pkt.OBSERVERINFO, Pkt.ACKEPOCH, Pkt.LEADERSHIP_REQUEST]);
    assert.deepEqual(codes('leader'), [Pkt.PROPOSAL, Pkt.COMMIT, Pkt.PING, Pkt.REVALIDATE, Pkt.SYNC, Pkt.INFORM, Pkt.NEWLEADER, Pkt.UPTODATE, Pkt.DIFF, Pkt.TRUNC, Pkt.SNAP, Pkt.LEADERINFO, Pkt.SNAP_CHUNK, Pkt.SNAP_END, Pkt.TAKEOVER]);
  });

  test('decoded payloads own their bytes (no view into the frame)', () => {
    const req = cases.find((c) => c.name === 'REQUEST, createSession')!;
    const m = decodeQuorumMessage(bytesOf(req.hex), 'learner') as LearnerMessage & { type: typeof Pkt.REQUEST };
    assert.ok(m.request.kind === 'createSession');
    assert.equal(m.request.passwd.byteOffset, 0);
    assert.equal(m.request.passwd.buffer.byteLength, 16);
    const bad = cases.find((c) => c.name.startsWith('REQUEST, a record that does not decode'))!;
    const u = decodeQuorumMessage(bytesOf(bad.hex), 'learner') as LearnerMessage & { type: typeof Pkt.REQUEST };
    assert.ok(u.request.kind === 'undecodable');
    assert.equal(u.request.record.buffer.byteLength, u.request.record.byteLength);
  });

  test('a forwarded request decodes to the client request the learner read (its record as the client library writes it)', () => {
    for (const c of cases.filter((x) => x.message.type === Pkt.REQUEST)) {
      const m = decodeQuorumMessage(bytesOf(c.hex), 'learner');
      assert.ok(m.type === Pkt.REQUEST);
      assert.equal(m.request.kind, c.message.type === Pkt.REQUEST ? c.message.request.kind : null, c.name);
    }
  });
});

describe('quorum messages: what is refused', () => {
  test('each message cut at every length is refused', () => {
    for (const c of cases) {
      const b = bytesOf(c.hex);
      for (let n = 0; n < b.byteLength; n++) expectDecodeError(b.subarray(0, n), c.sender, `${c.name} cut to ${n} bytes`);
    }
  });

  test('each message with a byte appended is refused', () => {
    for (const c of cases) {
      const b = bytesOf(c.hex);
      const longer = new Uint8Array(b.byteLength + 1);
      longer.set(b);
      expectDecodeError(longer, c.sender, `${c.name} with a trailing byte`);
    }
  });

  test('a payload with a byte too many inside its data field is refused', () => {
    for (const c of cases) {
      const b = bytesOf(c.hex);
      const len = new DataView(b.buffer).getInt32(12);
      if (len < 0) continue;
      const w = new JuteWriter(b.byteLength + 1);
      const data = b.subarray(16, 16 + len);
      w.raw(b.subarray(0, 12)).int(len + 1).raw(data).byte(0).raw(b.subarray(16 + len));
      expectDecodeError(w.toBytes(), c.sender, `${c.name} with a longer payload`);
    }
  });

  test('a message only a leader sends is refused from a learner, and the other way round, unless the code means something there too', () => {
    for (const c of cases) {
      const other: QuorumSender = c.sender === 'leader' ? 'learner' : 'leader';
      const m = decodeOrRefuse(bytesOf(c.hex), other);
      if (m === null) continue;
      // PING, REVALIDATE and SYNC exist both ways; what decodes must then be that other message.
      assert.ok([Pkt.PING, Pkt.REVALIDATE, Pkt.SYNC].includes(c.message.type as 5 | 6 | 7), `${c.name} decoded as sent by a ${other}`);
    }
  });

  test('unknown codes, payloads where none belongs, missing payloads, auth ids outside REQUEST, epochs with a counter', () => {
    const frame = (type: number, zxid: bigint, data: Uint8Array | null, ids: { scheme: string; id: string }[] = []) =>
      new JuteWriter(64).int(type).long(zxid).buffer(data).vector(ids, (w, i) => w.ustring(i.scheme).ustring(i.id)).toBytes();
    expectDecodeError(frame(9, 0n, null), 'leader', 'code 9');
    expectDecodeError(frame(104, 0n, null), 'learner', 'code 104');
    expectDecodeError(frame(Pkt.COMMIT, 1n, new Uint8Array(0)), 'leader', 'COMMIT with an empty payload');
    expectDecodeError(frame(Pkt.ACK, 1n, new Uint8Array(0)), 'learner', 'ACK with an empty payload');
    expectDecodeError(frame(Pkt.NEWLEADER, Z(3, 0), null), 'leader', 'NEWLEADER without payload');
    expectDecodeError(frame(Pkt.PING, 0n, null), 'learner', 'a learner PING without payload');
    expectDecodeError(frame(Pkt.COMMIT, 1n, null, [{ scheme: 'ip', id: '1.2.3.4' }]), 'leader', 'COMMIT with auth ids');
    expectDecodeError(frame(Pkt.LEADERINFO, Z(3, 1), new JuteWriter(4).int(0x10000).toBytes()), 'leader', 'LEADERINFO with a counter');
    expectDecodeError(frame(Pkt.REVALIDATE, 0n, new JuteWriter(12).long(1n).int(2).toBytes()), 'leader', 'REVALIDATE answer 2');
    expectDecodeError(frame(Pkt.SYNC, 5n, new JuteWriter(8).long(1n).toBytes()), 'learner', 'a learner SYNC with a zxid');
    const txn = txnCreate;
    expectDecodeError(frame(Pkt.PROPOSAL, txn.zxid + 1n, encodeTxn(txn)), 'leader', 'PROPOSAL whose txn has another zxid');
  });

  test('a txn nesting multis is refused (it cannot be written, and would recurse without bound)', () => {
    const depth = 100_000;
    const w = new JuteWriter(16 + depth * 8);
    w.byte(1).long(1n).int(0).long(Z(1, 1)).long(0n);
    for (let i = 0; i < depth; i++) w.int(TxnType.multi).int(1);
    w.int(TxnType.delete).ustring('/x');
    const body = new JuteWriter(64).int(Pkt.PROPOSAL).long(Z(1, 1)).buffer(w.toBytes()).int(0).toBytes();
    expectDecodeError(body, 'leader', 'nested multis');
  });

  test('random bytes decode or throw DecodeError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom<QuorumSender>('leader', 'learner'), (b, sender) => {
        decodeOrRefuse(b, sender);
      }),
      { numRuns: 5000 },
    );
  });

  test('a valid message with random bytes overwritten decodes or throws DecodeError; what decodes encodes back to the same bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (c, edits) => {
          const b = bytesOf(c.hex);
          for (const [at, v] of edits) b[at % b.byteLength] = v;
          const m = decodeOrRefuse(b, c.sender);
          if (m !== null && canonical(m)) assert.equal(hexOf(encodeQuorumMessage(m)), hexOf(b));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

/**
 * Whether a decoded message has one encoding: the decoder tolerates a null string or buffer where
 * the encoder writes an empty one (kazoo's habit, in records shared with the client protocol) and
 * a znode record's non-canonical forms, so only messages free of those are compared byte for byte.
 */
function canonical(m: QuorumMessage): boolean {
  return m.type !== Pkt.SNAP_CHUNK && m.type !== Pkt.PROPOSAL && m.type !== Pkt.INFORM && m.type !== Pkt.REQUEST;
}

describe('auth ids of forwarded requests are shared by their bytes (docs/performance.md, section 18)', () => {
  const request = (sessionId: bigint, authinfo: { scheme: string; id: string }[]) =>
    encodeQuorumMessage({ type: Pkt.REQUEST, request: { kind: 'request', sessionId, cxid: 1, request: { op: Op.setData, path: '/a', data: null, version: -1 } }, authinfo });
  const decode = (b: Uint8Array) => {
    const m = decodeQuorumMessage(Buffer.from(b), 'learner');
    assert.ok(m.type === Pkt.REQUEST);
    return m.authinfo;
  };

  test('the same ids decode to one frozen list; other ids to their own', () => {
    const ip = [{ scheme: 'ip', id: '127.0.0.1' }];
    const a = decode(request(1n, ip));
    const b = decode(request(2n, ip));
    assert.deepEqual(a, ip);
    assert.equal(a, b);
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a[0]));
    const two = [{ scheme: 'ip', id: '10.0.0.1' }, { scheme: 'digest', id: 'u:h' }];
    assert.deepEqual(decode(request(3n, two)), two);
    assert.deepEqual(decode(request(4n, [{ scheme: 'ip', id: '127.0.0.2' }])), [{ scheme: 'ip', id: '127.0.0.2' }]);
    assert.deepEqual(decode(request(5n, [])), []);
    assert.deepEqual(decode(request(6n, ip)), ip);
  });

  test('a null string in an id still decodes as before (as "")', () => {
    const w = new JuteWriter(64);
    w.int(Pkt.ACK).long(0n).int(-1).int(1).int(-1).ustring('x');
    assert.throws(() => decodeQuorumMessage(w.toBytes(), 'learner'), DecodeError); // auth ids on an ACK
  });
});
