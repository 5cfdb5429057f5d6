/**
 * Quorum packets between leader and learners over TCP (docs/architecture.md, "Zab over TCP"). The envelope and the
 * packet codes follow ZooKeeper's QuorumPacket (type, zxid, data, authinfo) so its literature
 * maps onto our code; the payloads inside `data` are our own, since only zk-ts peers talk Zab
 * to each other.
 */
import { DecodeError, JuteReader, JuteWriter, writeFrame } from './jute.js';
import { Id, readId, writeId } from './records.js';
import type { SessionRecord, ZNodeRecord } from './persist.js';
import { decodeSession, decodeZNode, encodeSession, encodeZNode } from './persist.js';

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

export interface QuorumPacket {
  type: number;
  zxid: bigint;
  data: Uint8Array | null;
  authinfo: Id[];
}

export const ZAB_PROTOCOL_VERSION = 0x10000;

/** The largest quorum frame a link accepts: a SNAP_CHUNK holds about 1 MiB of records, so only
 * a broken or hostile peer sends more. */
export const MAX_QUORUM_FRAME = 64 * 1024 * 1024;

export function encodePacket(p: QuorumPacket): Uint8Array {
  const w = new JuteWriter(32 + (p.data?.byteLength ?? 0));
  w.int(p.type).long(p.zxid).buffer(p.data);
  w.vector(p.authinfo, writeId);
  return w.toBytes();
}

/**
 * The packet behind its int32 length, as a link sends it, written in one pass: encoding the
 * packet and then copying it into a frame cost two allocations and copies per packet and
 * learner on the leader (docs/performance.md).
 */
export function encodePacketFrame(p: QuorumPacket): Uint8Array {
  return writeFrame((w) => {
    w.int(p.type).long(p.zxid).buffer(p.data);
    w.vector(p.authinfo, writeId);
  }, 36 + (p.data?.byteLength ?? 0));
}

export function decodePacket(bytes: Uint8Array): QuorumPacket {
  const r = new JuteReader(bytes);
  const type = r.int();
  const zxid = r.long();
  const data = r.ownedBuffer();
  const authinfo = r.list(readId);
  return { type, zxid, data, authinfo };
}

export function packet(type: number, zxid: bigint, data: Uint8Array | null = null, authinfo: Id[] = []): QuorumPacket {
  return { type, zxid, data, authinfo };
}

// ---------------------------------------------------------------- payloads

/** FOLLOWERINFO / OBSERVERINFO data: who is asking (zxid field = its acceptedEpoch << 32). */
export interface LearnerInfo {
  sid: number;
  protocolVersion: number;
  /** Its last logged zxid, so the leader can plan the sync without another round trip. */
  lastLogged: bigint;
  currentEpoch: number;
}

export function encodeLearnerInfo(i: LearnerInfo): Uint8Array {
  return new JuteWriter(32).long(BigInt(i.sid)).int(i.protocolVersion).long(i.lastLogged).int(i.currentEpoch).toBytes();
}

export function decodeLearnerInfo(b: Uint8Array): LearnerInfo {
  const r = new JuteReader(b);
  return { sid: Number(r.long()), protocolVersion: r.int(), lastLogged: r.long(), currentEpoch: r.int() };
}

/** ACKEPOCH data: the learner's currentEpoch (zxid field = its last logged zxid). */
export function encodeInt(v: number): Uint8Array {
  return new JuteWriter(4).int(v).toBytes();
}

export function decodeInt(b: Uint8Array | null): number {
  if (!b || b.byteLength < 4) throw new DecodeError('expected a 4-byte int payload');
  return new JuteReader(b).int();
}

/** A client write forwarded by a learner (REQUEST). */
export interface ForwardedRequest {
  sessionId: bigint;
  cxid: number;
  /** Opcode and the encoded request record, exactly as the client sent them. */
  op: number;
  record: Uint8Array;
  /** createSession only: the timeout and password the learner chose for the new session. */
  sessionTimeout: number;
  passwd: Uint8Array | null;
}

export function encodeForwarded(f: ForwardedRequest): Uint8Array {
  return new JuteWriter(32 + f.record.byteLength)
    .long(f.sessionId)
    .int(f.cxid)
    .int(f.op)
    .buffer(f.record)
    .int(f.sessionTimeout)
    .buffer(f.passwd)
    .toBytes();
}

export function decodeForwarded(b: Uint8Array): ForwardedRequest {
  const r = new JuteReader(b);
  return {
    sessionId: r.long(),
    cxid: r.int(),
    op: r.int(),
    record: r.ownedBuffer() ?? new Uint8Array(0),
    sessionTimeout: r.int(),
    passwd: r.ownedBuffer(),
  };
}

/** PING from a learner: the sessions its clients touched since the last one. */
export interface SessionTouch {
  sessionId: bigint;
  timeout: number;
}

export function encodeTouches(touches: readonly SessionTouch[]): Uint8Array {
  const w = new JuteWriter(8 + touches.length * 12);
  w.vector(touches, (ww, t) => ww.long(t.sessionId).int(t.timeout));
  return w.toBytes();
}

export function decodeTouches(b: Uint8Array | null): SessionTouch[] {
  if (!b || b.byteLength === 0) return [];
  return new JuteReader(b).list((r) => ({ sessionId: r.long(), timeout: r.int() }));
}

/** REVALIDATE: learner → leader asks (sessionId, timeout); leader → learner answers (sessionId, valid). */
export function encodeRevalidate(sessionId: bigint, value: number): Uint8Array {
  return new JuteWriter(12).long(sessionId).int(value).toBytes();
}

export function decodeRevalidate(b: Uint8Array | null): { sessionId: bigint; value: number } {
  if (!b) throw new DecodeError('REVALIDATE without payload');
  const r = new JuteReader(b);
  return { sessionId: r.long(), value: r.int() };
}

/** SYNC: learner → leader carries a request id; leader → learner echoes it (zxid = commit point). */
export function encodeLong(v: bigint): Uint8Array {
  return new JuteWriter(8).long(v).toBytes();
}

export function decodeLong(b: Uint8Array | null): bigint {
  if (!b || b.byteLength < 8) throw new DecodeError('expected an 8-byte long payload');
  return new JuteReader(b).long();
}

/** TAKEOVER data: who takes over, and the epoch whose history it holds (its currentEpoch). */
export interface Takeover {
  successor: number;
  epoch: number;
}

export function encodeTakeover(t: Takeover): Uint8Array {
  return new JuteWriter(12).long(BigInt(t.successor)).int(t.epoch).toBytes();
}

export function decodeTakeover(b: Uint8Array | null): Takeover {
  if (!b) throw new DecodeError('TAKEOVER without payload');
  const r = new JuteReader(b);
  return { successor: Number(r.long()), epoch: r.int() };
}

/** SNAP_CHUNK: a batch of znode and session records. */
export interface SnapChunk {
  nodes: [string, ZNodeRecord][];
  sessions: [bigint, SessionRecord][];
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

export function encodeSnapChunk(c: SnapChunk): Uint8Array {
  const w = new JuteWriter(1024);
  w.vector(c.nodes, (ww, [p, n]) => ww.ustring(p).buffer(encodeZNode(n)));
  w.vector(c.sessions, (ww, [id, s]) => ww.long(id).buffer(encodeSession(s)));
  return w.toBytes();
}

export function decodeSnapChunk(b: Uint8Array): SnapChunk {
  const r = new JuteReader(b);
  const nodes = r.list((x): [string, ZNodeRecord] => [x.string(), decodeZNode(x.buffer() ?? new Uint8Array(0))]);
  const sessions = r.list((x): [bigint, SessionRecord] => [x.long(), decodeSession(x.buffer() ?? new Uint8Array(0))]);
  return { nodes, sessions };
}
