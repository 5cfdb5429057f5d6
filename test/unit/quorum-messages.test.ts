/**
 * The quorum packet codec: the bytes every packet type takes on the wire today, captured from the
 * encoders the cores used before typed messages (each case's `legacy`), so that the typed
 * messages keep the wire exactly as it was.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeZxid } from '../../src/base/zxid.js';
import { Op } from '../../src/wire/constants.js';
import {
  encodeForwarded,
  encodeInt,
  encodeLearnerInfo,
  encodeLong,
  encodePacket,
  encodeRevalidate,
  encodeSnapChunk,
  encodeTakeover,
  encodeTouches,
  packet,
  Pkt,
  QuorumPacket,
  SnapChunk,
} from '../../src/wire/quorum.js';
import { encodeTxn, Txn, TxnType } from '../../src/wire/txn.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';

const enc = (s: string) => new TextEncoder().encode(s);
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const Z = makeZxid;

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

function learnerPing(round: number, touches: { sessionId: bigint; timeout: number }[]): Uint8Array {
  const t = encodeTouches(touches);
  const data = new Uint8Array(4 + t.byteLength);
  data.set(encodeInt(round), 0);
  data.set(t, 4);
  return data;
}

interface Case {
  name: string;
  sender: 'leader' | 'learner';
  legacy: QuorumPacket;
  hex: string;
}

const cases: Case[] = [
  // ---- learner -> leader
  { name: 'FOLLOWERINFO', sender: 'learner', legacy: packet(Pkt.FOLLOWERINFO, Z(2, 0), encodeLearnerInfo({ sid: 3, protocolVersion: 0x10000, lastLogged: Z(2, 9), currentEpoch: 2 })), hex: '0000000b00000002000000000000001800000000000000030001000000000002000000090000000200000000' },
  { name: 'OBSERVERINFO', sender: 'learner', legacy: packet(Pkt.OBSERVERINFO, 0n, encodeLearnerInfo({ sid: 4, protocolVersion: 0x10000, lastLogged: 0n, currentEpoch: 0 })), hex: '0000001000000000000000000000001800000000000000040001000000000000000000000000000000000000' },
  { name: 'FOLLOWERINFO, epochs above 2^31', sender: 'learner', legacy: packet(Pkt.FOLLOWERINFO, Z(0xfffffffe, 0), encodeLearnerInfo({ sid: 255, protocolVersion: 0x10000, lastLogged: Z(0xfffffffe, 5), currentEpoch: 0x7fffffff })), hex: '0000000bfffffffe000000000000001800000000000000ff00010000fffffffe000000057fffffff00000000' },
  { name: 'ACKEPOCH', sender: 'learner', legacy: packet(Pkt.ACKEPOCH, Z(2, 9), encodeInt(2)), hex: '000000120000000200000009000000040000000200000000' },
  { name: 'ACKEPOCH, already promised', sender: 'learner', legacy: packet(Pkt.ACKEPOCH, Z(2, 9), encodeInt(-1)), hex: '00000012000000020000000900000004ffffffff00000000' },
  { name: 'ACK', sender: 'learner', legacy: packet(Pkt.ACK, Z(3, 1)), hex: '000000030000000300000001ffffffff00000000' },
  { name: 'ACK of NEWLEADER', sender: 'learner', legacy: packet(Pkt.ACK, Z(3, 0)), hex: '000000030000000300000000ffffffff00000000' },
  { name: 'PING from a learner, no sessions', sender: 'learner', legacy: packet(Pkt.PING, Z(3, 4), learnerPing(17, [])), hex: '00000005000000030000000400000008000000110000000000000000' },
  { name: 'PING from a learner, sessions touched', sender: 'learner', legacy: packet(Pkt.PING, Z(3, 4), learnerPing(18, [{ sessionId: 0x0300000000000001n, timeout: 5000 }, { sessionId: 0x1234n, timeout: 30000 }])), hex: '00000005000000030000000400000020000000120000000203000000000000010000138800000000000012340000753000000000' },
  { name: 'REQUEST', sender: 'learner', legacy: packet(Pkt.REQUEST, 0n, encodeForwarded({ sessionId: 0x1234n, cxid: 9, op: Op.create, record: enc('record bytes'), sessionTimeout: 0, passwd: null }), [{ scheme: 'digest', id: 'user:hash' }, { scheme: 'ip', id: '127.0.0.1' }]), hex: '00000001000000000000000000000028000000000000123400000009000000010000000c7265636f726420627974657300000000ffffffff000000020000000664696765737400000009757365723a68617368000000026970000000093132372e302e302e31' },
  { name: 'REQUEST, createSession', sender: 'learner', legacy: packet(Pkt.REQUEST, 0n, encodeForwarded({ sessionId: 0x0300000000000003n, cxid: 0, op: Op.createSession, record: new Uint8Array(0), sessionTimeout: 5000, passwd: new Uint8Array(16).fill(3) })), hex: '0000000100000000000000000000002c030000000000000300000000fffffff60000000000001388000000100303030303030303030303030303030300000000' },
  { name: 'REVALIDATE from a learner', sender: 'learner', legacy: packet(Pkt.REVALIDATE, 0n, encodeRevalidate(0x1234n, 30000)), hex: '0000000600000000000000000000000c00000000000012340000753000000000' },
  { name: 'SYNC from a learner', sender: 'learner', legacy: packet(Pkt.SYNC, 0n, encodeLong(42n)), hex: '00000007000000000000000000000008000000000000002a00000000' },
  { name: 'LEADERSHIP_REQUEST', sender: 'learner', legacy: packet(Pkt.LEADERSHIP_REQUEST, 0n), hex: '000000670000000000000000ffffffff00000000' },
  // ---- leader -> learner
  { name: 'LEADERINFO', sender: 'leader', legacy: packet(Pkt.LEADERINFO, Z(3, 0), encodeInt(0x10000)), hex: '000000110000000300000000000000040001000000000000' },
  { name: 'DIFF', sender: 'leader', legacy: packet(Pkt.DIFF, Z(3, 7)), hex: '0000000d0000000300000007ffffffff00000000' },
  { name: 'TRUNC', sender: 'leader', legacy: packet(Pkt.TRUNC, Z(2, 5)), hex: '0000000e0000000200000005ffffffff00000000' },
  { name: 'SNAP', sender: 'leader', legacy: packet(Pkt.SNAP, Z(3, 2)), hex: '0000000f0000000300000002ffffffff00000000' },
  { name: 'SNAP_CHUNK', sender: 'leader', legacy: packet(Pkt.SNAP_CHUNK, Z(3, 2), encodeSnapChunk(chunk)), hex: '000000640000000300000002000000fa00000002000000012f0000005c01ffffffff000000010000001f00000005776f726c6400000006616e796f6e65000000000000000000000000000000000000000300000001000000000000000000000000000000000000000000000001000000000000000000000000000000022f610000005e01000000026869000000010000001f00000005776f726c6400000006616e796f6e650000000300000001000000030000000100000003000000010000018bcfe568000000018bcfe568000000000000000000000000000000000000001234000000010000000000001234000000190100007530000000100707070707070707070707070707070700000000' },
  { name: 'SNAP_CHUNK, empty', sender: 'leader', legacy: packet(Pkt.SNAP_CHUNK, 0n, encodeSnapChunk({ nodes: [], sessions: [] })), hex: '00000064000000000000000000000008000000000000000000000000' },
  { name: 'SNAP_END', sender: 'leader', legacy: packet(Pkt.SNAP_END, Z(3, 2)), hex: '000000650000000300000002ffffffff00000000' },
  { name: 'PROPOSAL, create', sender: 'leader', legacy: packet(Pkt.PROPOSAL, txnCreate.zxid, encodeTxn(txnCreate)), hex: '000000020000000300000005000000540103000000000000010000000700000003000000050000018bcfe5680000000001000000022f61000000026869000000010000001f00000005776f726c6400000006616e796f6e6500000000000000000000000100000000' },
  { name: 'PROPOSAL, multi', sender: 'leader', legacy: packet(Pkt.PROPOSAL, txnMulti.zxid, encodeTxn(txnMulti)), hex: '000000020000000300000006000000760100000000000012340000000800000003000000060000018bcfe568010000000e0000000400000005000000022f61ffffffff0000000100000002000000022f620000000d000000022f63ffffffff00000007000000022f6400000001000000010000000664696765737400000003753a680000000000000000' },
  { name: 'PROPOSAL, closeSession', sender: 'leader', legacy: packet(Pkt.PROPOSAL, txnClose.zxid, encodeTxn(txnClose)), hex: '000000020000000300000008000000330100000000000012340000000000000003000000080000000000000005fffffff500000002000000032f6531000000032f653200000000' },
  { name: 'NEWLEADER', sender: 'leader', legacy: packet(Pkt.NEWLEADER, Z(3, 0), encodeLong(Z(2, 9))), hex: '0000000a000000030000000000000008000000020000000900000000' },
  { name: 'UPTODATE', sender: 'leader', legacy: packet(Pkt.UPTODATE, Z(3, 2)), hex: '0000000c0000000300000002ffffffff00000000' },
  { name: 'COMMIT', sender: 'leader', legacy: packet(Pkt.COMMIT, Z(3, 1)), hex: '000000040000000300000001ffffffff00000000' },
  { name: 'INFORM', sender: 'leader', legacy: packet(Pkt.INFORM, txnSession.zxid, encodeTxn(txnSession)), hex: '000000080000000300000007000000390103000000000000020000000000000003000000070000018bcfe56802fffffff600007530000000100909090909090909090909090909090900000000' },
  { name: 'PING from the leader', sender: 'leader', legacy: packet(Pkt.PING, Z(3, 4), encodeInt(17)), hex: '000000050000000300000004000000040000001100000000' },
  { name: 'REVALIDATE answer, valid', sender: 'leader', legacy: packet(Pkt.REVALIDATE, 0n, encodeRevalidate(0x1234n, 1)), hex: '0000000600000000000000000000000c00000000000012340000000100000000' },
  { name: 'REVALIDATE answer, invalid', sender: 'leader', legacy: packet(Pkt.REVALIDATE, 0n, encodeRevalidate(0x1234n, 0)), hex: '0000000600000000000000000000000c00000000000012340000000000000000' },
  { name: 'SYNC answer', sender: 'leader', legacy: packet(Pkt.SYNC, Z(3, 9), encodeLong(42n)), hex: '00000007000000030000000900000008000000000000002a00000000' },
  { name: 'TAKEOVER', sender: 'leader', legacy: packet(Pkt.TAKEOVER, Z(3, 9), encodeTakeover({ successor: 2, epoch: 3 })), hex: '0000006600000003000000090000000c00000000000000020000000300000000' },
];


describe('quorum packets on the wire', () => {
  test('every packet type, byte for byte', () => {
    for (const c of cases) assert.equal(hexOf(encodePacket(c.legacy)), c.hex, c.name);
  });
});
