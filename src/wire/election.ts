/**
 * Election datagrams (docs/architecture.md, "Elections over UDP"), one codec for both algorithms. Every datagram is a fixed
 * header followed by a fixed-size body, so each type has exactly one valid length: a short,
 * long or half-written datagram is rejected whole (ZooKeeper's original code sent stale buffer
 * tails and died on truncated input: docs/zookeeper-bugs.md item 5, ZOOKEEPER-3769).
 *
 * Header (28 bytes, big-endian):
 *
 * | offset | size | field        | notes                                                  |
 * |--------|------|--------------|--------------------------------------------------------|
 * | 0      | 4    | magic        | 0x5a4b4531 ("ZKE1")                                     |
 * | 4      | 1    | version      | 1                                                      |
 * | 5      | 1    | type         | MessageCode below (explicit codes, never enum ordinals) |
 * | 6      | 2    | flags        | bit 0: a 32-byte HMAC-SHA256 trailer follows the body  |
 * | 8      | 8    | sid          | sender's server id (int64, 0..2^53)                    |
 * | 16     | 4    | incarnation  | uint32 chosen by the sender's runtime at process start |
 * | 20     | 8    | seq          | uint64, per sender process, strictly increasing        |
 *
 * Bodies (a vote is leader int64, zxid int64, peerEpoch int64 = 24 bytes; a notice is
 * state uint8 + round int64 + vote = 33 bytes):
 *
 * | type | code | body                                                       | bytes |
 * |------|------|------------------------------------------------------------|-------|
 * | classic query  | 1 | round int64                                     | 8     |
 * | classic reply  | 2 | round int64, state uint8, informed uint8 (0/1), vote, own epoch int64, own zxid int64 | 50 |
 * | fast notification | 3 | notice                                       | 33    |
 * | fast ack       | 4 | acked notice, then the acker's own notice         | 66    |
 *
 * With flag bit 0 the datagram ends with HMAC-SHA256(key, every byte before the trailer); the
 * codec only frames it, the UDP adapter computes and checks it (no crypto in pure code).
 */
import { asSid, type Sid } from '../base/ids.js';
import { asZxid, type Zxid } from '../base/zxid.js';
import { DecodeError } from './jute.js';
import { invariant } from '../base/invariant.js';

export const ELECTION_MAGIC = 0x5a4b4531;
export const ELECTION_FORMAT_VERSION = 1;
export const ELECTION_HEADER_BYTES = 28;
export const ELECTION_MAC_BYTES = 32;
export const FLAG_MAC = 0x0001;

export const MessageCode = {
  classicQuery: 1,
  classicReply: 2,
  fastNotification: 3,
  fastAck: 4,
} as const;

/** Server states on the wire: ZooKeeper's numbers, written from this table only. */
export const StateCode = {
  looking: 0,
  following: 1,
  leading: 2,
  observing: 3,
} as const;
export type WireState = keyof typeof StateCode;

const STATE_BY_CODE: readonly WireState[] = ['looking', 'following', 'leading', 'observing'];

/** A vote names a candidate by sid, with the candidate's last zxid and current epoch. */
export interface WireVote {
  leader: Sid;
  zxid: Zxid;
  peerEpoch: number;
}

/** What a fast-election server says about itself: its state, its round, its vote. */
export interface Notice {
  state: WireState;
  round: number;
  vote: WireVote;
}

export type ElectionMessage =
  | { type: 'classic-query'; round: number }
  | {
      type: 'classic-reply';
      round: number;
      state: WireState;
      /** The vote came out of a completed poll (or a decision), not the initial vote for self. */
      informed: boolean;
      vote: WireVote;
      /** The responder's own credentials, so a tally never trusts hearsay about a candidate. */
      ownEpoch: number;
      ownZxid: Zxid;
    }
  | { type: 'fast-notification'; notice: Notice }
  | { type: 'fast-ack'; acked: Notice; notice: Notice };

export interface ElectionHeader {
  sid: Sid;
  incarnation: number;
  seq: number;
}

export interface ElectionDatagram {
  header: ElectionHeader;
  message: ElectionMessage;
}

/** The result of decoding: the datagram, plus the HMAC trailer and the bytes it covers. */
export interface DecodedElectionDatagram {
  datagram: ElectionDatagram;
  /** null when the sender set no MAC flag. */
  mac: Uint8Array | null;
  /** The bytes the MAC covers (the whole datagram minus the trailer). */
  signed: Uint8Array;
}

const VOTE_BYTES = 24;
const NOTICE_BYTES = 1 + 8 + VOTE_BYTES;
const BODY_BYTES: Record<number, number> = {
  [MessageCode.classicQuery]: 8,
  [MessageCode.classicReply]: 8 + 2 + VOTE_BYTES + 16,
  [MessageCode.fastNotification]: NOTICE_BYTES,
  [MessageCode.fastAck]: 2 * NOTICE_BYTES,
};

/** The largest datagram we ever send or accept; receivers size their buffers from it. */
export const ELECTION_MAX_DATAGRAM_BYTES =
  ELECTION_HEADER_BYTES + Math.max(...Object.values(BODY_BYTES)) + ELECTION_MAC_BYTES;

const MAX_SID = Number.MAX_SAFE_INTEGER;
/**
 * Rounds grow by one per election; a peer claiming more than 2^48 is broken or hostile, and
 * accepting it would let our own counter run past what the format can carry.
 */
export const MAX_ROUND = 2 ** 48;
const MAX_EPOCH = 0xffffffff;

/**
 * Encodes a datagram. With `withMac` the MAC flag is set and the caller must append
 * ELECTION_MAC_BYTES of HMAC computed over the returned bytes.
 */
export function encodeElectionDatagram(d: ElectionDatagram, withMac = false): Uint8Array {
  const code = messageCode(d.message);
  const bodyBytes = BODY_BYTES[code];
  invariant(bodyBytes !== undefined, 'election-body-size', `no body size for election message code ${code}`);
  const out = new Uint8Array(ELECTION_HEADER_BYTES + bodyBytes);
  const v = new DataView(out.buffer);
  const h = d.header;
  checkRange(h.sid, 0, MAX_SID, 'sid');
  checkRange(h.incarnation, 0, 0xffffffff, 'incarnation');
  checkRange(h.seq, 0, Number.MAX_SAFE_INTEGER, 'seq');
  v.setUint32(0, ELECTION_MAGIC);
  v.setUint8(4, ELECTION_FORMAT_VERSION);
  v.setUint8(5, code);
  v.setUint16(6, withMac ? FLAG_MAC : 0);
  v.setBigInt64(8, BigInt(h.sid));
  v.setUint32(16, h.incarnation);
  v.setBigUint64(20, BigInt(h.seq));
  writeBody(v, ELECTION_HEADER_BYTES, d.message);
  return out;
}

/** Decodes one datagram; anything but an exact, well-formed datagram throws DecodeError. */
export function decodeElectionDatagram(bytes: Uint8Array): DecodedElectionDatagram {
  if (bytes.byteLength < ELECTION_HEADER_BYTES) {
    throw new DecodeError(`election datagram too short: ${bytes.byteLength} bytes`);
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = v.getUint32(0);
  if (magic !== ELECTION_MAGIC) throw new DecodeError(`bad election magic 0x${magic.toString(16)}`);
  const version = v.getUint8(4);
  if (version !== ELECTION_FORMAT_VERSION) throw new DecodeError(`unsupported election format ${version}`);
  const code = v.getUint8(5);
  const bodyBytes = BODY_BYTES[code];
  if (bodyBytes === undefined) throw new DecodeError(`unknown election message type ${code}`);
  const flags = v.getUint16(6);
  if ((flags & ~FLAG_MAC) !== 0) throw new DecodeError(`unknown election flags 0x${flags.toString(16)}`);
  const macBytes = flags & FLAG_MAC ? ELECTION_MAC_BYTES : 0;
  const expected = ELECTION_HEADER_BYTES + bodyBytes + macBytes;
  if (bytes.byteLength !== expected) {
    throw new DecodeError(`election message type ${code} must be ${expected} bytes, got ${bytes.byteLength}`);
  }
  const header: ElectionHeader = {
    sid: asSid(readSafe(v, 8, 0, MAX_SID, 'sid')),
    incarnation: v.getUint32(16),
    seq: readSafeUnsigned(v, 20, 'seq'),
  };
  const message = readBody(v, ELECTION_HEADER_BYTES, code);
  const signedEnd = bytes.byteLength - macBytes;
  return {
    datagram: { header, message },
    mac: macBytes ? bytes.subarray(signedEnd) : null,
    signed: bytes.subarray(0, signedEnd),
  };
}

function messageCode(m: ElectionMessage): number {
  switch (m.type) {
    case 'classic-query':
      return MessageCode.classicQuery;
    case 'classic-reply':
      return MessageCode.classicReply;
    case 'fast-notification':
      return MessageCode.fastNotification;
    case 'fast-ack':
      return MessageCode.fastAck;
  }
}

function writeBody(v: DataView, at: number, m: ElectionMessage): void {
  switch (m.type) {
    case 'classic-query':
      writeCount(v, at, m.round, 'round');
      return;
    case 'classic-reply':
      writeCount(v, at, m.round, 'round');
      v.setUint8(at + 8, StateCode[m.state]);
      v.setUint8(at + 9, m.informed ? 1 : 0);
      writeVote(v, at + 10, m.vote);
      writeEpoch(v, at + 10 + VOTE_BYTES, m.ownEpoch);
      v.setBigInt64(at + 18 + VOTE_BYTES, m.ownZxid);
      return;
    case 'fast-notification':
      writeNotice(v, at, m.notice);
      return;
    case 'fast-ack':
      writeNotice(v, at, m.acked);
      writeNotice(v, at + NOTICE_BYTES, m.notice);
      return;
  }
}

function readBody(v: DataView, at: number, code: number): ElectionMessage {
  switch (code) {
    case MessageCode.classicQuery:
      return { type: 'classic-query', round: readRound(v, at) };
    case MessageCode.classicReply:
      return {
        type: 'classic-reply',
        round: readRound(v, at),
        state: readState(v, at + 8),
        informed: readFlag(v, at + 9),
        vote: readVote(v, at + 10),
        ownEpoch: readSafe(v, at + 10 + VOTE_BYTES, -1, MAX_EPOCH, 'epoch'),
        ownZxid: readZxid(v, at + 18 + VOTE_BYTES),
      };
    case MessageCode.fastNotification:
      return { type: 'fast-notification', notice: readNotice(v, at) };
    case MessageCode.fastAck:
      return { type: 'fast-ack', acked: readNotice(v, at), notice: readNotice(v, at + NOTICE_BYTES) };
    default:
      throw new DecodeError(`unknown election message type ${code}`);
  }
}

function writeNotice(v: DataView, at: number, n: Notice): void {
  v.setUint8(at, StateCode[n.state]);
  writeCount(v, at + 1, n.round, 'round');
  writeVote(v, at + 9, n.vote);
}

function readNotice(v: DataView, at: number): Notice {
  return { state: readState(v, at), round: readRound(v, at + 1), vote: readVote(v, at + 9) };
}

/** A vote's leader may be -1 and its epoch/zxid -1: the "no candidate" vote of an observer. */
function writeVote(v: DataView, at: number, vote: WireVote): void {
  checkRange(vote.leader, -1, MAX_SID, 'leader');
  if (vote.zxid < -1n || vote.zxid > 0x7fffffffffffffffn) throw new RangeError(`zxid out of range: ${vote.zxid}`);
  v.setBigInt64(at, BigInt(vote.leader));
  v.setBigInt64(at + 8, vote.zxid);
  writeEpoch(v, at + 16, vote.peerEpoch);
}

function readVote(v: DataView, at: number): WireVote {
  return {
    leader: asSid(readSafe(v, at, -1, MAX_SID, 'leader')),
    zxid: readZxid(v, at + 8),
    peerEpoch: readSafe(v, at + 16, -1, MAX_EPOCH, 'peerEpoch'),
  };
}

function writeEpoch(v: DataView, at: number, epoch: number): void {
  checkRange(epoch, -1, MAX_EPOCH, 'epoch');
  v.setBigInt64(at, BigInt(epoch));
}

function writeCount(v: DataView, at: number, n: number, what: string): void {
  checkRange(n, 0, Number.MAX_SAFE_INTEGER, what);
  v.setBigUint64(at, BigInt(n));
}

function readZxid(v: DataView, at: number): Zxid {
  const z = v.getBigInt64(at);
  if (z < -1n) throw new DecodeError(`negative zxid ${z}`);
  return asZxid(z);
}

function readState(v: DataView, at: number): WireState {
  const code = v.getUint8(at);
  const state = STATE_BY_CODE[code];
  if (state === undefined) throw new DecodeError(`unknown server state ${code}`);
  return state;
}

function readFlag(v: DataView, at: number): boolean {
  const b = v.getUint8(at);
  if (b > 1) throw new DecodeError(`bad flag byte ${b}`);
  return b === 1;
}

function readSafe(v: DataView, at: number, min: number, max: number, what: string): number {
  const raw = v.getBigInt64(at);
  if (raw < BigInt(min) || raw > BigInt(max)) throw new DecodeError(`${what} out of range: ${raw}`);
  return Number(raw);
}

function readRound(v: DataView, at: number): number {
  const round = readSafeUnsigned(v, at, 'round');
  if (round > MAX_ROUND) throw new DecodeError(`round out of range: ${round}`);
  return round;
}

function readSafeUnsigned(v: DataView, at: number, what: string): number {
  const raw = v.getBigUint64(at);
  if (raw > BigInt(Number.MAX_SAFE_INTEGER)) throw new DecodeError(`${what} out of range: ${raw}`);
  return Number(raw);
}

/** Encoding a value the format cannot carry is a bug in the caller, not a wire condition. */
function checkRange(n: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${what} out of range: ${n}`);
}
