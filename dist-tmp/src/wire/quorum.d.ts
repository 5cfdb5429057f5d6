import { Id } from './records.js';
import type { SessionRecord, ZNodeRecord } from './persist.js';
import { Txn } from './txn.js';
import { Request } from './requests.js';
export declare const Pkt: {
    readonly REQUEST: 1;
    readonly PROPOSAL: 2;
    readonly ACK: 3;
    readonly COMMIT: 4;
    readonly PING: 5;
    readonly REVALIDATE: 6;
    readonly SYNC: 7;
    readonly INFORM: 8;
    readonly NEWLEADER: 10;
    readonly FOLLOWERINFO: 11;
    readonly UPTODATE: 12;
    readonly DIFF: 13;
    readonly TRUNC: 14;
    readonly SNAP: 15;
    readonly OBSERVERINFO: 16;
    readonly LEADERINFO: 17;
    readonly ACKEPOCH: 18;
    /** Our addition: one chunk of a SNAP stream (records), ended by SNAP_END. */
    readonly SNAP_CHUNK: 100;
    readonly SNAP_END: 101;
    /**
     * Our addition, leader → every synced learner: a graceful leadership transfer
     * (docs/operations.md, "Leadership transfer"). The leader has stopped proposing, the named
     * successor holds every proposal (zxid field = the last one) and they are all committed;
     * data = encodeTakeover. The receiver goes LOOKING and starts its election voting for the
     * successor.
     */
    readonly TAKEOVER: 102;
    /** Our addition, learner → leader: "hand leadership over to me" (the `rqld` word). No data. */
    readonly LEADERSHIP_REQUEST: 103;
};
export type PktType = (typeof Pkt)[keyof typeof Pkt];
export declare function pktName(type: number): string;
export declare const ZAB_PROTOCOL_VERSION = 65536;
/** The largest quorum frame a link accepts: a SNAP_CHUNK holds about 1 MiB of records, so only
 * a broken or hostile peer sends more. */
export declare const MAX_QUORUM_FRAME: number;
/** FOLLOWERINFO / OBSERVERINFO: who is asking. */
export interface LearnerInfo {
    sid: number;
    protocolVersion: number;
    /** Its last logged zxid, so the leader can plan the sync without another round trip. */
    lastLogged: bigint;
    currentEpoch: number;
}
/**
 * What a learner forwards to the leader (REQUEST). On the wire: sessionId, cxid, the opcode, the
 * request record as the client library writes it, then (createSession only) the timeout and
 * password the learner chose, else 0 and a null password.
 */
export type ForwardedRequest = 
/** A new session the learner's client asked for. */
{
    kind: 'createSession';
    sessionId: bigint;
    cxid: number;
    timeout: number;
    passwd: Uint8Array;
}
/** A client's request (the peer checks it is a write). */
 | {
    kind: 'request';
    sessionId: bigint;
    cxid: number;
    request: Request;
}
/**
 * A record that does not decode as a request of its opcode. The link stays: the leader
 * answers it with a MARSHALLINGERROR txn, as ZooKeeper answers a request it cannot read.
 */
 | {
    kind: 'undecodable';
    sessionId: bigint;
    cxid: number;
    op: number;
    record: Uint8Array;
};
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
/** FOLLOWERINFO / OBSERVERINFO: the first message on a link (zxid field: acceptedEpoch << 32). */
export interface LearnerInfoMessage extends LearnerInfo {
    type: typeof Pkt.FOLLOWERINFO | typeof Pkt.OBSERVERINFO;
    acceptedEpoch: number;
}
/** ACKEPOCH: the epoch promise (zxid field: lastLogged). currentEpoch -1: it had promised this epoch already. */
export interface AckEpochMessage {
    type: typeof Pkt.ACKEPOCH;
    lastLogged: bigint;
    currentEpoch: number;
}
/** ACK: the follower has logged everything through `zxid` durably (counter 0: NEWLEADER's ACK). */
export interface AckMessage {
    type: typeof Pkt.ACK;
    zxid: bigint;
}
/** A learner's PING: the answer to the leader's ping `round`, with the sessions its clients touched. */
export interface LearnerPingMessage {
    type: typeof Pkt.PING;
    lastApplied: bigint;
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
export type LearnerMessage = LearnerInfoMessage | AckEpochMessage | AckMessage | LearnerPingMessage | RequestMessage | RevalidateRequestMessage | SyncRequestMessage | LeadershipRequestMessage;
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
    zxid: bigint;
}
/** SNAP_CHUNK: records of the snapshot taken at `zxid`. */
export interface SnapChunkMessage {
    type: typeof Pkt.SNAP_CHUNK;
    zxid: bigint;
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
    committedThrough: bigint;
}
/** The leader's PING: ping `round` (answered to confirm a sync), with its commit point. */
export interface LeaderPingMessage {
    type: typeof Pkt.PING;
    lastCommitted: bigint;
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
    zxid: bigint;
}
/** TAKEOVER: `successor` takes over; it holds everything through `zxid`, in its current `epoch`. */
export interface TakeoverMessage {
    type: typeof Pkt.TAKEOVER;
    zxid: bigint;
    successor: number;
    epoch: number;
}
/** What a leader sends a learner. */
export type LeaderMessage = LeaderInfoMessage | ZxidMessage | SnapChunkMessage | TxnMessage | NewLeaderMessage | LeaderPingMessage | RevalidateAnswerMessage | SyncAnswerMessage | TakeoverMessage;
export type QuorumMessage = LeaderMessage | LearnerMessage;
/**
 * A PROPOSAL of a log entry streamed to a syncing learner (src/peer/sync-stream.ts): the txn
 * goes out as stored, without being decoded and encoded again on the way. The learner decodes
 * it as any PROPOSAL (a TxnMessage).
 */
export interface StoredProposalMessage {
    type: typeof Pkt.PROPOSAL;
    zxid: bigint;
    stored: Uint8Array;
}
/** What a leader's link writes: its messages, and log entries as stored. */
export type SentLeaderMessage = LeaderMessage | StoredProposalMessage;
/** Whatever a link writes. */
export type SentQuorumMessage = SentLeaderMessage | LearnerMessage;
/** Who sent a frame: the decoder needs it, since PING, REVALIDATE and SYNC differ by direction. */
export type QuorumSender = 'leader' | 'learner';
/** The zxid field a message has on the wire (ZooKeeper's QuorumPacket.zxid); traces print it. */
export declare function quorumMessageZxid(m: SentQuorumMessage): bigint;
/** A message as the body of a quorum frame (without the frame's 4-byte length). */
export declare function encodeQuorumMessage(m: SentQuorumMessage): Uint8Array;
/** The length of a message's `data` field on the wire (0 when it has none). */
export declare function quorumDataBytes(m: SentQuorumMessage): number;
/** Bytes a message takes on the wire, roughly (a frame's header plus its payload), for cutting a sync stream into turns. */
export declare function quorumMessageBytes(m: SentQuorumMessage): number;
/**
 * The message in a frame's body. Throws DecodeError, and nothing else, for anything that is not
 * exactly a message this sender sends: an unknown or wrong-way type, a payload missing, short,
 * long or present where none belongs, auth ids on anything but REQUEST, bytes after the end, an
 * epoch field with a counter, a server id a number cannot hold, a PROPOSAL whose txn has another
 * zxid or nests a multi in a multi. (A forwarded request record that does not decode is not one:
 * it is the client's error, carried as `undecodable` for the leader to answer.)
 */
export declare function decodeQuorumMessage(bytes: Uint8Array, sender: 'leader'): LeaderMessage;
export declare function decodeQuorumMessage(bytes: Uint8Array, sender: 'learner'): LearnerMessage;
export declare function decodeQuorumMessage(bytes: Uint8Array, sender: QuorumSender): QuorumMessage;
/**
 * About the bytes one record takes in an encoded SNAP_CHUNK (an upper bound for ASCII paths
 * and ids; within a few bytes per character otherwise), for cutting chunks by size.
 */
export declare function snapRecordBytes(r: [string, ZNodeRecord] | [bigint, SessionRecord]): number;
