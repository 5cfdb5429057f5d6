/**
 * Quorum messages between leader and learners over TCP (docs/architecture.md, "Zab over TCP").
 * The envelope and the packet codes follow ZooKeeper's QuorumPacket (type, zxid, data,
 * authinfo) so its literature maps onto our code; the payloads inside `data` are our own, since
 * only zk-ts peers talk Zab to each other.
 *
 * Each packet is a typed message here: `decodeQuorumMessage` turns a frame into one (or throws
 * DecodeError: the link that carried it is dropped), `encodeQuorumMessage` turns one into a
 * frame. The Zab cores see typed messages only. The same code means a different message from
 * each side (a leader's PING carries a round, a learner's answers it with sessions), so a
 * decoder is told who sent the frame.
 */
import { asSid, type Sid } from '../base/ids.js';
import { epochOf, counterOf, makeZxid, asZxid, ZERO_ZXID, type Zxid } from '../base/zxid.js';
import { DecodeError, JuteReader, JuteWriter } from './jute.js';
import { Id, int32At, readId, sameBytes, writeId } from './records.js';
import type { SessionRecord, ZNodeRecord } from './persist.js';
import { decodeSession, decodeZNode, encodeSession, encodeZNode } from './persist.js';
import { encodeTxn, readTxn, Txn, writeTxn } from './txn.js';
import { Op } from './constants.js';
import { readRequest, Request, UnknownOpError, writeRequest } from './requests.js';

export const Pkt = {
  REQUEST: 1,
  PROPOSAL: 2,
  ACK: 3,
  COMMIT: 4,
  PING: 5,
  REVALIDATE: 6,
  SYNC: 7,
  INFORM: 8,
  NEWLEADER: 10,
  FOLLOWERINFO: 11,
  UPTODATE: 12,
  DIFF: 13,
  TRUNC: 14,
  SNAP: 15,
  OBSERVERINFO: 16,
  LEADERINFO: 17,
  ACKEPOCH: 18,
  /** Our addition: one chunk of a SNAP stream (records), ended by SNAP_END. */
  SNAP_CHUNK: 100,
  SNAP_END: 101,
  /**
   * Our addition, leader → every synced learner: a graceful leadership transfer
   * (docs/operations.md, "Leadership transfer"). The leader has stopped proposing, the named
   * successor holds every proposal (zxid field = the last one) and they are all committed;
   * data = encodeTakeover. The receiver goes LOOKING and starts its election voting for the
   * successor.
   */
  TAKEOVER: 102,
  /** Our addition, learner → leader: "hand leadership over to me" (the `rqld` word). No data. */
  LEADERSHIP_REQUEST: 103,
} as const;
export type PktType = (typeof Pkt)[keyof typeof Pkt];

const names = new Map<number, string>(Object.entries(Pkt).map(([k, v]) => [v, k]));
export function pktName(type: number): string {
  return names.get(type) ?? `UNKNOWN(${type})`;
}

export const ZAB_PROTOCOL_VERSION = 0x10000;

/** The largest quorum frame a link accepts: a SNAP_CHUNK holds about 1 MiB of records, so only
 * a broken or hostile peer sends more. */
export const MAX_QUORUM_FRAME = 64 * 1024 * 1024;

// ---------------------------------------------------------------- payload types

/** FOLLOWERINFO / OBSERVERINFO: who is asking. */
export interface LearnerInfo {
  sid: Sid;
  protocolVersion: number;
  /** Its last logged zxid, so the leader can plan the sync without another round trip. */
  lastLogged: Zxid;
  currentEpoch: number;
}

/**
 * What a learner forwards to the leader (REQUEST). On the wire: sessionId, cxid, the opcode, the
 * request record as the client library writes it, then (createSession only) the timeout and
 * password the learner chose, else 0 and a null password.
 */
export type ForwardedRequest =
  /** A new session the learner's client asked for. */
  | { kind: 'createSession'; sessionId: bigint; cxid: number; timeout: number; passwd: Uint8Array }
  /** A client's request (the peer checks it is a write). */
  | { kind: 'request'; sessionId: bigint; cxid: number; request: Request }
  /**
   * A record that does not decode as a request of its opcode. The link stays: the leader
   * answers it with a MARSHALLINGERROR txn, as ZooKeeper answers a request it cannot read.
   */
  | { kind: 'undecodable'; sessionId: bigint; cxid: number; op: number; record: Uint8Array };

/** In a learner's PING: a session its clients touched since the last one. */
export interface SessionTouch {
  sessionId: bigint;
  timeout: number;
}

/** SNAP_CHUNK: a batch of znode and session records. */
export interface SnapChunk {
  nodes: [string, ZNodeRecord][];
  sessions: [bigint, SessionRecord][];
}

// ---------------------------------------------------------------- messages a learner sends

/** FOLLOWERINFO / OBSERVERINFO: the first message on a link (zxid field: acceptedEpoch << 32). */
export interface LearnerInfoMessage extends LearnerInfo {
  type: typeof Pkt.FOLLOWERINFO | typeof Pkt.OBSERVERINFO;
  acceptedEpoch: number;
}

/** ACKEPOCH: the epoch promise (zxid field: lastLogged). currentEpoch -1: it had promised this epoch already. */
export interface AckEpochMessage {
  type: typeof Pkt.ACKEPOCH;
  lastLogged: Zxid;
  currentEpoch: number;
}

/** ACK: the follower has logged everything through `zxid` durably (counter 0: NEWLEADER's ACK). */
export interface AckMessage {
  type: typeof Pkt.ACK;
  zxid: Zxid;
}

/** A learner's PING: the answer to the leader's ping `round`, with the sessions its clients touched. */
export interface LearnerPingMessage {
  type: typeof Pkt.PING;
  lastApplied: Zxid;
  round: number;
  touches: SessionTouch[];
}

/** REQUEST: a client write for the leader to prepare, with the client's auth ids. */
export interface RequestMessage {
  type: typeof Pkt.REQUEST;
  request: ForwardedRequest;
  authinfo: Id[];
}

/** REVALIDATE from a learner: may this session (reconnecting with `timeout`) continue? */
export interface RevalidateRequestMessage {
  type: typeof Pkt.REVALIDATE;
  sessionId: bigint;
  timeout: number;
}

/** SYNC from a learner: a client's sync, `id` naming it. */
export interface SyncRequestMessage {
  type: typeof Pkt.SYNC;
  id: bigint;
}

/** LEADERSHIP_REQUEST: "hand leadership over to me". */
export interface LeadershipRequestMessage {
  type: typeof Pkt.LEADERSHIP_REQUEST;
}

/** What a learner sends its leader. */
export type LearnerMessage =
  | LearnerInfoMessage
  | AckEpochMessage
  | AckMessage
  | LearnerPingMessage
  | RequestMessage
  | RevalidateRequestMessage
  | SyncRequestMessage
  | LeadershipRequestMessage;

// ---------------------------------------------------------------- messages a leader sends

/** LEADERINFO: the new epoch (zxid field: epoch << 32). */
export interface LeaderInfoMessage {
  type: typeof Pkt.LEADERINFO;
  epoch: number;
  protocolVersion: number;
}

/**
 * The packets that carry a zxid and nothing else: DIFF (the leader's last proposal), TRUNC (cut
 * the log back to it), SNAP and SNAP_END (the snapshot's zxid), UPTODATE (the leader's commit
 * point), COMMIT.
 */
export interface ZxidMessage {
  type: typeof Pkt.DIFF | typeof Pkt.TRUNC | typeof Pkt.SNAP | typeof Pkt.SNAP_END | typeof Pkt.UPTODATE | typeof Pkt.COMMIT;
  zxid: Zxid;
}

/** SNAP_CHUNK: records of the snapshot taken at `zxid`. */
export interface SnapChunkMessage {
  type: typeof Pkt.SNAP_CHUNK;
  zxid: Zxid;
  chunk: SnapChunk;
}

/** PROPOSAL (to a follower: log it and ACK) or INFORM (to an observer: it is committed). zxid field: txn.zxid. */
export interface TxnMessage {
  type: typeof Pkt.PROPOSAL | typeof Pkt.INFORM;
  txn: Txn;
}

/** NEWLEADER: the sync stream is complete (zxid field: epoch << 32); everything through `committedThrough` is committed. */
export interface NewLeaderMessage {
  type: typeof Pkt.NEWLEADER;
  epoch: number;
  committedThrough: Zxid;
}

/** The leader's PING: ping `round` (answered to confirm a sync), with its commit point. */
export interface LeaderPingMessage {
  type: typeof Pkt.PING;
  lastCommitted: Zxid;
  round: number;
}

/** REVALIDATE from the leader: the answer about a session. */
export interface RevalidateAnswerMessage {
  type: typeof Pkt.REVALIDATE;
  sessionId: bigint;
  valid: boolean;
}

/** SYNC from the leader: the sync `id` is confirmed; the learner answers once it has applied `zxid`. */
export interface SyncAnswerMessage {
  type: typeof Pkt.SYNC;
  id: bigint;
  zxid: Zxid;
}

/** TAKEOVER: `successor` takes over; it holds everything through `zxid`, in its current `epoch`. */
export interface TakeoverMessage {
  type: typeof Pkt.TAKEOVER;
  zxid: Zxid;
  successor: Sid;
  epoch: number;
}

/** What a leader sends a learner. */
export type LeaderMessage =
  | LeaderInfoMessage
  | ZxidMessage
  | SnapChunkMessage
  | TxnMessage
  | NewLeaderMessage
  | LeaderPingMessage
  | RevalidateAnswerMessage
  | SyncAnswerMessage
  | TakeoverMessage;

export type QuorumMessage = LeaderMessage | LearnerMessage;

/**
 * A PROPOSAL of a log entry streamed to a syncing learner (src/peer/sync-stream.ts): the txn
 * goes out as stored, without being decoded and encoded again on the way. The learner decodes
 * it as any PROPOSAL (a TxnMessage).
 */
export interface StoredProposalMessage {
  type: typeof Pkt.PROPOSAL;
  zxid: Zxid;
  stored: Uint8Array;
}

/** What a leader's link writes: its messages, and log entries as stored. */
export type SentLeaderMessage = LeaderMessage | StoredProposalMessage;

/** Whatever a link writes. */
export type SentQuorumMessage = SentLeaderMessage | LearnerMessage;

/** Who sent a frame: the decoder needs it, since PING, REVALIDATE and SYNC differ by direction. */
export type QuorumSender = 'leader' | 'learner';

// ---------------------------------------------------------------- encoding

/** The zxid field a message has on the wire (ZooKeeper's QuorumPacket.zxid); traces print it. */
export function quorumMessageZxid(m: SentQuorumMessage): Zxid {
  switch (m.type) {
    case Pkt.FOLLOWERINFO:
    case Pkt.OBSERVERINFO:
      return makeZxid(m.acceptedEpoch, 0);
    case Pkt.ACKEPOCH:
      return m.lastLogged;
    case Pkt.LEADERINFO:
    case Pkt.NEWLEADER:
      return makeZxid(m.epoch, 0);
    case Pkt.PROPOSAL:
    case Pkt.INFORM:
      return 'stored' in m ? m.zxid : m.txn.zxid;
    case Pkt.PING:
      return 'touches' in m ? m.lastApplied : m.lastCommitted;
    case Pkt.SYNC:
      return 'zxid' in m ? m.zxid : ZERO_ZXID;
    case Pkt.REQUEST:
    case Pkt.REVALIDATE:
    case Pkt.LEADERSHIP_REQUEST:
      return ZERO_ZXID;
    default:
      return m.zxid;
  }
}

/** Writes the `data` field; false: it is null. */
function writeData(w: JuteWriter, m: SentQuorumMessage): boolean {
  switch (m.type) {
    case Pkt.FOLLOWERINFO:
    case Pkt.OBSERVERINFO:
      w.long(BigInt(m.sid)).int(m.protocolVersion).long(m.lastLogged).int(m.currentEpoch);
      return true;
    case Pkt.ACKEPOCH:
      w.int(m.currentEpoch);
      return true;
    case Pkt.LEADERINFO:
      w.int(m.protocolVersion);
      return true;
    case Pkt.PING:
      w.int(m.round);
      if ('touches' in m) w.vector(m.touches, (ww, t) => ww.long(t.sessionId).int(t.timeout));
      return true;
    case Pkt.REQUEST: {
      const f = m.request;
      w.long(f.sessionId).int(f.cxid);
      if (f.kind === 'createSession') {
        w.int(Op.createSession).buffer(new Uint8Array(0)).int(f.timeout).buffer(f.passwd);
      } else if (f.kind === 'undecodable') {
        w.int(f.op).buffer(f.record).int(0).buffer(null);
      } else {
        w.int(f.request.op);
        const at = w.length;
        w.int(0);
        writeRequest(w, f.request);
        w.patchInt(at, w.length - at - 4);
        w.int(0).buffer(null);
      }
      return true;
    }
    case Pkt.REVALIDATE:
      w.long(m.sessionId).int('valid' in m ? (m.valid ? 1 : 0) : m.timeout);
      return true;
    case Pkt.SYNC:
      w.long(m.id);
      return true;
    case Pkt.NEWLEADER:
      w.long(m.committedThrough);
      return true;
    case Pkt.SNAP_CHUNK:
      w.raw(snapChunkBytes(m.chunk));
      return true;
    case Pkt.TAKEOVER:
      w.long(BigInt(m.successor)).int(m.epoch);
      return true;
    case Pkt.PROPOSAL:
    case Pkt.INFORM:
      if ('stored' in m) w.raw(m.stored);
      else writeTxn(w, m.txn);
      return true;
    case Pkt.ACK:
    case Pkt.LEADERSHIP_REQUEST:
    case Pkt.DIFF:
    case Pkt.TRUNC:
    case Pkt.SNAP:
    case Pkt.SNAP_END:
    case Pkt.UPTODATE:
    case Pkt.COMMIT:
      return false;
  }
}

/** Writes a message (a frame's body) where `w` stands. */
function writeQuorumMessage(w: JuteWriter, m: SentQuorumMessage): void {
  w.int(m.type).long(quorumMessageZxid(m));
  // data: a length, patched once the payload is written in place.
  const at = w.length;
  w.int(-1);
  if (writeData(w, m)) w.patchInt(at, w.length - at - 4);
  w.vector(m.type === Pkt.REQUEST ? m.authinfo : [], writeId);
}

/** Where a writer for a message's body starts: a create's or setData's txn of ~100 bytes fits without growing. */
function bodyEstimate(m: SentQuorumMessage): number {
  if (m.type === Pkt.PROPOSAL || m.type === Pkt.INFORM) return 'stored' in m ? 32 + m.stored.byteLength : 288;
  return 128;
}

/** A message as the body of a quorum frame (without the frame's 4-byte length). */
export function encodeQuorumMessage(m: SentQuorumMessage): Uint8Array {
  const w = new JuteWriter(bodyEstimate(m));
  writeQuorumMessage(w, m);
  return w.toBytes();
}

/**
 * A message as a whole quorum frame, written in one pass: the body's 4-byte length, then the
 * body (encodeQuorumMessage's bytes). This is what links write; the interpreter encodes a message
 * once however many links it goes to (src/drive/peer-driver.ts).
 */
export function encodeQuorumFrame(m: SentQuorumMessage): Uint8Array {
  const w = new JuteWriter(4 + bodyEstimate(m));
  w.int(0);
  writeQuorumMessage(w, m);
  w.patchInt(0, w.length - 4);
  return w.toPooledBytes(); // written to the links, and let go of (a PROPOSAL's txn is copied into the log)
}

/** Where a PROPOSAL's or INFORM's txn starts in its frame: length, type, zxid, data length. */
const TXN_IN_FRAME = 4 + 4 + 8 + 4;

/**
 * The txn inside a frame of a PROPOSAL or INFORM (encodeQuorumFrame's bytes): a view of the
 * frame, the same bytes encodeTxn writes, so the leader's log append can store them instead of
 * encoding the txn again. The frame ends with the empty auth id vector (4 bytes).
 */
export function txnInFrame(frame: Uint8Array): Uint8Array {
  return frame.subarray(TXN_IN_FRAME, frame.byteLength - 4);
}

let lastReceivedTxn: Txn | null = null;
let lastReceivedTxnBytes: Uint8Array | null = null;

/**
 * The bytes `txn` was read from, if it is the txn of the last PROPOSAL or INFORM decoded: the
 * payload, exactly what encodeTxn writes (the leader wrote it so, or streamed it from its log as
 * stored). A link delivers each message as soon as it is decoded, so the receiver can ask at
 * once and have a follower's log append store these bytes instead of encoding the txn again
 * (docs/performance.md, section 11). A view of the received chunk; undefined for any other txn.
 */
export function receivedTxnBytes(txn: Txn): Uint8Array | undefined {
  const bytes = txn === lastReceivedTxn && lastReceivedTxnBytes !== null ? lastReceivedTxnBytes : undefined;
  // Asked once: let go of the received chunk the view holds.
  lastReceivedTxn = null;
  lastReceivedTxnBytes = null;
  return bytes;
}

const encodedChunks = new WeakMap<SnapChunk, Uint8Array>();

/** A SNAP_CHUNK's payload, encoded once per chunk (a sync stream sizes it before it sends it). */
function snapChunkBytes(c: SnapChunk): Uint8Array {
  let b = encodedChunks.get(c);
  if (!b) {
    const w = new JuteWriter(1024);
    w.vector(c.nodes, (ww, [path, n]) => ww.ustring(path).buffer(encodeZNode(n)));
    w.vector(c.sessions, (ww, [id, s]) => ww.long(id).buffer(encodeSession(s)));
    encodedChunks.set(c, (b = w.toBytes()));
  }
  return b;
}

/** The bytes a request record takes (written to find out: only traces and REQUEST sizes ask). */
function requestBytes(req: Request): number {
  const w = new JuteWriter(64);
  writeRequest(w, req);
  return w.length;
}

/** The length of a message's `data` field on the wire (0 when it has none). */
export function quorumDataBytes(m: SentQuorumMessage): number {
  switch (m.type) {
    case Pkt.FOLLOWERINFO:
    case Pkt.OBSERVERINFO:
      return 24;
    case Pkt.ACKEPOCH:
    case Pkt.LEADERINFO:
      return 4;
    case Pkt.PING:
      return 'touches' in m ? 8 + 12 * m.touches.length : 4;
    case Pkt.REQUEST:
      if (m.request.kind === 'createSession') return 28 + m.request.passwd.byteLength;
      if (m.request.kind === 'undecodable') return 28 + m.request.record.byteLength;
      return 28 + requestBytes(m.request.request);
    case Pkt.REVALIDATE:
    case Pkt.TAKEOVER:
      return 12;
    case Pkt.SYNC:
    case Pkt.NEWLEADER:
      return 8;
    case Pkt.SNAP_CHUNK:
      return snapChunkBytes(m.chunk).byteLength;
    case Pkt.PROPOSAL:
    case Pkt.INFORM:
      return 'stored' in m ? m.stored.byteLength : encodeTxn(m.txn).byteLength;
    default:
      return 0;
  }
}

/** Bytes a message takes on the wire, roughly (a frame's header plus its payload), for cutting a sync stream into turns. */
export function quorumMessageBytes(m: SentQuorumMessage): number {
  return 32 + quorumDataBytes(m);
}

// ---------------------------------------------------------------- decoding

/**
 * The message in a frame's body. Throws DecodeError, and nothing else, for anything that is not
 * exactly a message this sender sends: an unknown or wrong-way type, a payload missing, short,
 * long or present where none belongs, auth ids on anything but REQUEST, bytes after the end, an
 * epoch field with a counter, a server id a number cannot hold, a PROPOSAL whose txn has another
 * zxid or nests a multi in a multi. (A forwarded request record that does not decode is not one:
 * it is the client's error, carried as `undecodable` for the leader to answer.)
 */
export function decodeQuorumMessage(bytes: Uint8Array, sender: 'leader'): LeaderMessage;
export function decodeQuorumMessage(bytes: Uint8Array, sender: 'learner'): LearnerMessage;
export function decodeQuorumMessage(bytes: Uint8Array, sender: QuorumSender): QuorumMessage;
export function decodeQuorumMessage(bytes: Uint8Array, sender: QuorumSender): QuorumMessage {
  const r = new JuteReader(bytes);
  const type = r.int();
  const zxid = asZxid(r.long());
  const data = r.buffer();
  const authinfo = readAuthIds(r);
  if (authinfo === null) throw new DecodeError(`${pktName(type)} with a null auth id vector`);
  atEnd(r, 'quorum packet');
  if (authinfo.length > 0 && !(sender === 'learner' && type === Pkt.REQUEST)) {
    throw new DecodeError(`${pktName(type)} with auth ids`);
  }
  return sender === 'leader' ? leaderMessage(type, zxid, data) : learnerMessage(type, zxid, data, authinfo);
}

const NO_IDS: Id[] = Object.freeze([]) as unknown as Id[];
/** The bytes and the list of the last non-empty auth id vector decoded (see readAuthIds). */
let lastIdBytes: Uint8Array | null = null;
let lastIds: Id[] = NO_IDS;

/**
 * A message's auth id vector. Every REQUEST a learner forwards carries its client's ids, as a rule
 * the same ones as the request before (`ip` 127.0.0.1 for every session of one host): the list
 * is shared, frozen, with the last one read when the bytes are the same, and every other message
 * gets the one frozen empty list; decoding two strings, an id and an array per forwarded write
 * was ~240 B of garbage on the leader (docs/performance.md, section 18). Nothing changes the lists.
 */
function readAuthIds(r: JuteReader): Id[] | null {
  const bytes = r.bytes;
  const start = r.offset;
  const end = idVectorEnd(bytes, start, start + r.remaining);
  // Four bytes long: a count of 0 (a positive count takes eight bytes or more).
  if (end === start + 4) {
    r.offset = end;
    return NO_IDS;
  }
  if (end > start && lastIdBytes !== null && lastIdBytes.byteLength === end - start && sameBytes(lastIdBytes, bytes, start, end - start)) {
    r.offset = end;
    return lastIds;
  }
  const ids = r.vector(readId);
  if (ids === null || end <= start) return ids;
  for (const id of ids) Object.freeze(id);
  lastIds = Object.freeze(ids) as Id[];
  // A copy: the frame is a view into a socket's receive buffer.
  lastIdBytes = bytes.slice(start, end);
  return lastIds;
}

/** Where a plain auth id vector (0 to 16 ids, no null string) that starts at `at` ends; -1 for any other. */
function idVectorEnd(b: Uint8Array, at: number, limit: number): number {
  if (at + 4 > limit) return -1;
  const count = int32At(b, at);
  if (count < 0 || count > 16) return -1;
  let o = at + 4;
  for (let i = 0; i < count * 2; i++) {
    if (o + 4 > limit) return -1;
    const n = int32At(b, o);
    if (n < 0 || o + 4 + n > limit) return -1;
    o += 4 + n;
  }
  return o;
}

function learnerMessage(type: number, zxid: Zxid, data: Uint8Array | null, authinfo: Id[]): LearnerMessage {
  switch (type) {
    case Pkt.FOLLOWERINFO:
    case Pkt.OBSERVERINFO:
      return payload(type, data, (r) => ({
        type,
        acceptedEpoch: epochField(type, zxid),
        sid: serverId(r),
        protocolVersion: r.int(),
        lastLogged: asZxid(r.long()),
        currentEpoch: r.int(),
      }));
    case Pkt.ACKEPOCH:
      return payload(type, data, (r) => ({ type, lastLogged: zxid, currentEpoch: r.int() }));
    case Pkt.ACK:
      return noPayload(type, data, { type, zxid });
    case Pkt.PING:
      return payload(type, data, (r) => ({
        type,
        lastApplied: zxid,
        round: r.int(),
        touches: r.vector((x) => ({ sessionId: x.long(), timeout: x.int() })) ?? refuse('PING with a null session vector'),
      }));
    case Pkt.REQUEST:
      zeroZxid(type, zxid);
      return payload(type, data, (r) => ({ type, request: readForwarded(r), authinfo }));
    case Pkt.REVALIDATE:
      zeroZxid(type, zxid);
      return payload(type, data, (r) => ({ type, sessionId: r.long(), timeout: r.int() }));
    case Pkt.SYNC:
      zeroZxid(type, zxid);
      return payload(type, data, (r) => ({ type, id: r.long() }));
    case Pkt.LEADERSHIP_REQUEST:
      zeroZxid(type, zxid);
      return noPayload(type, data, { type });
    default:
      throw new DecodeError(`a learner does not send ${pktName(type)}`);
  }
}

function leaderMessage(type: number, zxid: Zxid, data: Uint8Array | null): LeaderMessage {
  switch (type) {
    case Pkt.LEADERINFO:
      return payload(type, data, (r) => ({ type, epoch: epochField(type, zxid), protocolVersion: r.int() }));
    case Pkt.DIFF:
    case Pkt.TRUNC:
    case Pkt.SNAP:
    case Pkt.SNAP_END:
    case Pkt.UPTODATE:
    case Pkt.COMMIT:
      return noPayload(type, data, { type, zxid });
    case Pkt.SNAP_CHUNK:
      return payload(type, data, (r) => ({
        type,
        zxid,
        chunk: {
          nodes: r.list((x): [string, ZNodeRecord] => [x.string(), decodeZNode(x.buffer() ?? new Uint8Array(0))]),
          sessions: r.list((x): [bigint, SessionRecord] => [x.long(), decodeSession(x.buffer() ?? new Uint8Array(0))]),
        },
      }));
    case Pkt.PROPOSAL:
    case Pkt.INFORM: {
      const m = payload(type, data, (r) => ({ type, txn: readTxn(r) }));
      if (m.txn.zxid !== zxid) throw new DecodeError(`${pktName(type)} ${zxid.toString(16)} carries txn ${m.txn.zxid.toString(16)}`);
      lastReceivedTxn = m.txn;
      lastReceivedTxnBytes = data; // the whole payload is the txn (payload checked that nothing follows)
      return m;
    }
    case Pkt.NEWLEADER:
      return payload(type, data, (r) => ({ type, epoch: epochField(type, zxid), committedThrough: asZxid(r.long()) }));
    case Pkt.PING:
      return payload(type, data, (r) => ({ type, lastCommitted: zxid, round: r.int() }));
    case Pkt.REVALIDATE:
      zeroZxid(type, zxid);
      return payload(type, data, (r) => {
        const sessionId = r.long();
        const valid = r.int();
        if (valid !== 0 && valid !== 1) throw new DecodeError(`REVALIDATE answer ${valid}`);
        return { type, sessionId, valid: valid === 1 };
      });
    case Pkt.SYNC:
      return payload(type, data, (r) => ({ type, id: r.long(), zxid }));
    case Pkt.TAKEOVER:
      return payload(type, data, (r) => ({ type, zxid, successor: serverId(r), epoch: r.int() }));
    default:
      throw new DecodeError(`a leader does not send ${pktName(type)}`);
  }
}

function readForwarded(r: JuteReader): ForwardedRequest {
  const sessionId = r.long();
  const cxid = r.int();
  const op = r.int();
  const record = r.buffer() ?? refuse('REQUEST with a null record');
  const timeout = r.int();
  const passwd = r.ownedBuffer();
  if (op === Op.createSession) {
    if (record.byteLength !== 0) throw new DecodeError('createSession forwarded with a record');
    if (passwd === null) throw new DecodeError('createSession forwarded without a password');
    return { kind: 'createSession', sessionId, cxid, timeout, passwd };
  }
  if (timeout !== 0 || passwd !== null) throw new DecodeError('a forwarded request with a session timeout or password');
  try {
    return { kind: 'request', sessionId, cxid, request: readRequest(op, new JuteReader(record)) };
  } catch (e) {
    if (!(e instanceof DecodeError || e instanceof UnknownOpError)) throw e;
    return { kind: 'undecodable', sessionId, cxid, op, record: new Uint8Array(record) };
  }
}

/** Reads a payload that must be there and must be read to its last byte. */
function payload<T>(type: number, data: Uint8Array | null, read: (r: JuteReader) => T): T {
  if (data === null) throw new DecodeError(`${pktName(type)} without its payload`);
  const r = new JuteReader(data);
  const m = read(r);
  atEnd(r, `${pktName(type)} payload`);
  return m;
}

function noPayload<T>(type: number, data: Uint8Array | null, m: T): T {
  if (data !== null) throw new DecodeError(`${pktName(type)} with a payload`);
  return m;
}

function atEnd(r: JuteReader, what: string): void {
  if (r.remaining !== 0) throw new DecodeError(`${r.remaining} bytes after the ${what}`);
}

function refuse(why: string): never {
  throw new DecodeError(why);
}

/** A server id: a long on the wire, a number here, so one that a number cannot hold exactly is refused. */
function serverId(r: JuteReader): Sid {
  const id = r.long();
  if (id > BigInt(Number.MAX_SAFE_INTEGER) || id < BigInt(Number.MIN_SAFE_INTEGER)) throw new DecodeError(`server id ${id} out of range`);
  return asSid(Number(id));
}

function epochField(type: number, zxid: Zxid): number {
  if (counterOf(zxid) !== 0) throw new DecodeError(`${pktName(type)} zxid ${zxid.toString(16)} is not an epoch`);
  return epochOf(zxid);
}

function zeroZxid(type: number, zxid: Zxid): void {
  if (zxid !== 0n) throw new DecodeError(`${pktName(type)} with zxid ${zxid.toString(16)}`);
}

/**
 * About the bytes one record takes in an encoded SNAP_CHUNK (an upper bound for ASCII paths
 * and ids; within a few bytes per character otherwise), for cutting chunks by size.
 */
export function snapRecordBytes(r: [string, ZNodeRecord] | [bigint, SessionRecord]): number {
  const [key, rec] = r;
  if (typeof key === 'bigint') return 8 + 4 + 32 + (rec as SessionRecord).passwd.byteLength;
  const n = rec as ZNodeRecord;
  let acl = 4;
  for (const a of n.acl) acl += 12 + a.id.scheme.length + a.id.id.length;
  return 4 + key.length + 4 + 1 + 4 + (n.data?.byteLength ?? 0) + acl + 68;
}
