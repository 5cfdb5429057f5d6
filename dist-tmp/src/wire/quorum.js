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
import { epochOf, counterOf, makeZxid } from '../base/zxid.js';
import { DecodeError, JuteReader, JuteWriter } from './jute.js';
import { readId, writeId } from './records.js';
import { decodeSession, decodeZNode, encodeSession, encodeZNode } from './persist.js';
import { encodeTxn, readTxn, writeTxn } from './txn.js';
import { Op } from './constants.js';
import { readRequest, UnknownOpError, writeRequest } from './requests.js';
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
};
const names = new Map(Object.entries(Pkt).map(([k, v]) => [v, k]));
export function pktName(type) {
    return names.get(type) ?? `UNKNOWN(${type})`;
}
export const ZAB_PROTOCOL_VERSION = 0x10000;
/** The largest quorum frame a link accepts: a SNAP_CHUNK holds about 1 MiB of records, so only
 * a broken or hostile peer sends more. */
export const MAX_QUORUM_FRAME = 64 * 1024 * 1024;
// ---------------------------------------------------------------- encoding
/** The zxid field a message has on the wire (ZooKeeper's QuorumPacket.zxid); traces print it. */
export function quorumMessageZxid(m) {
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
            return 'zxid' in m ? m.zxid : 0n;
        case Pkt.REQUEST:
        case Pkt.REVALIDATE:
        case Pkt.LEADERSHIP_REQUEST:
            return 0n;
        default:
            return m.zxid;
    }
}
/** Writes the `data` field; false: it is null. */
function writeData(w, m) {
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
            if ('touches' in m)
                w.vector(m.touches, (ww, t) => ww.long(t.sessionId).int(t.timeout));
            return true;
        case Pkt.REQUEST: {
            const f = m.request;
            w.long(f.sessionId).int(f.cxid);
            if (f.kind === 'createSession') {
                w.int(Op.createSession).buffer(new Uint8Array(0)).int(f.timeout).buffer(f.passwd);
            }
            else if (f.kind === 'undecodable') {
                w.int(f.op).buffer(f.record).int(0).buffer(null);
            }
            else {
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
            if ('stored' in m)
                w.raw(m.stored);
            else
                writeTxn(w, m.txn);
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
/** A message as the body of a quorum frame (without the frame's 4-byte length). */
export function encodeQuorumMessage(m) {
    const w = new JuteWriter(m.type === Pkt.PROPOSAL && 'stored' in m ? 32 + m.stored.byteLength : 128);
    w.int(m.type).long(quorumMessageZxid(m));
    // data: a length, patched once the payload is written in place.
    const at = w.length;
    w.int(-1);
    if (writeData(w, m))
        w.patchInt(at, w.length - at - 4);
    w.vector(m.type === Pkt.REQUEST ? m.authinfo : [], writeId);
    return w.toBytes();
}
const encodedChunks = new WeakMap();
/** A SNAP_CHUNK's payload, encoded once per chunk (a sync stream sizes it before it sends it). */
function snapChunkBytes(c) {
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
function requestBytes(req) {
    const w = new JuteWriter(64);
    writeRequest(w, req);
    return w.length;
}
/** The length of a message's `data` field on the wire (0 when it has none). */
export function quorumDataBytes(m) {
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
            if (m.request.kind === 'createSession')
                return 28 + m.request.passwd.byteLength;
            if (m.request.kind === 'undecodable')
                return 28 + m.request.record.byteLength;
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
export function quorumMessageBytes(m) {
    return 32 + quorumDataBytes(m);
}
export function decodeQuorumMessage(bytes, sender) {
    const r = new JuteReader(bytes);
    const type = r.int();
    const zxid = r.long();
    const data = r.buffer();
    const authinfo = r.vector(readId);
    if (authinfo === null)
        throw new DecodeError(`${pktName(type)} with a null auth id vector`);
    atEnd(r, 'quorum packet');
    if (authinfo.length > 0 && !(sender === 'learner' && type === Pkt.REQUEST)) {
        throw new DecodeError(`${pktName(type)} with auth ids`);
    }
    return sender === 'leader' ? leaderMessage(type, zxid, data) : learnerMessage(type, zxid, data, authinfo);
}
function learnerMessage(type, zxid, data, authinfo) {
    switch (type) {
        case Pkt.FOLLOWERINFO:
        case Pkt.OBSERVERINFO:
            return payload(type, data, (r) => ({
                type,
                acceptedEpoch: epochField(type, zxid),
                sid: serverId(r),
                protocolVersion: r.int(),
                lastLogged: r.long(),
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
function leaderMessage(type, zxid, data) {
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
                    nodes: r.list((x) => [x.string(), decodeZNode(x.buffer() ?? new Uint8Array(0))]),
                    sessions: r.list((x) => [x.long(), decodeSession(x.buffer() ?? new Uint8Array(0))]),
                },
            }));
        case Pkt.PROPOSAL:
        case Pkt.INFORM: {
            const m = payload(type, data, (r) => ({ type, txn: readTxn(r) }));
            if (m.txn.zxid !== zxid)
                throw new DecodeError(`${pktName(type)} ${zxid.toString(16)} carries txn ${m.txn.zxid.toString(16)}`);
            return m;
        }
        case Pkt.NEWLEADER:
            return payload(type, data, (r) => ({ type, epoch: epochField(type, zxid), committedThrough: r.long() }));
        case Pkt.PING:
            return payload(type, data, (r) => ({ type, lastCommitted: zxid, round: r.int() }));
        case Pkt.REVALIDATE:
            zeroZxid(type, zxid);
            return payload(type, data, (r) => {
                const sessionId = r.long();
                const valid = r.int();
                if (valid !== 0 && valid !== 1)
                    throw new DecodeError(`REVALIDATE answer ${valid}`);
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
function readForwarded(r) {
    const sessionId = r.long();
    const cxid = r.int();
    const op = r.int();
    const record = r.buffer() ?? refuse('REQUEST with a null record');
    const timeout = r.int();
    const passwd = r.ownedBuffer();
    if (op === Op.createSession) {
        if (record.byteLength !== 0)
            throw new DecodeError('createSession forwarded with a record');
        if (passwd === null)
            throw new DecodeError('createSession forwarded without a password');
        return { kind: 'createSession', sessionId, cxid, timeout, passwd };
    }
    if (timeout !== 0 || passwd !== null)
        throw new DecodeError('a forwarded request with a session timeout or password');
    try {
        return { kind: 'request', sessionId, cxid, request: readRequest(op, new JuteReader(record)) };
    }
    catch (e) {
        if (!(e instanceof DecodeError || e instanceof UnknownOpError))
            throw e;
        return { kind: 'undecodable', sessionId, cxid, op, record: new Uint8Array(record) };
    }
}
/** Reads a payload that must be there and must be read to its last byte. */
function payload(type, data, read) {
    if (data === null)
        throw new DecodeError(`${pktName(type)} without its payload`);
    const r = new JuteReader(data);
    const m = read(r);
    atEnd(r, `${pktName(type)} payload`);
    return m;
}
function noPayload(type, data, m) {
    if (data !== null)
        throw new DecodeError(`${pktName(type)} with a payload`);
    return m;
}
function atEnd(r, what) {
    if (r.remaining !== 0)
        throw new DecodeError(`${r.remaining} bytes after the ${what}`);
}
function refuse(why) {
    throw new DecodeError(why);
}
/** A server id: a long on the wire, a number here, so one that a number cannot hold exactly is refused. */
function serverId(r) {
    const id = r.long();
    if (id > BigInt(Number.MAX_SAFE_INTEGER) || id < BigInt(Number.MIN_SAFE_INTEGER))
        throw new DecodeError(`server id ${id} out of range`);
    return Number(id);
}
function epochField(type, zxid) {
    if (counterOf(zxid) !== 0)
        throw new DecodeError(`${pktName(type)} zxid ${zxid.toString(16)} is not an epoch`);
    return epochOf(zxid);
}
function zeroZxid(type, zxid) {
    if (zxid !== 0n)
        throw new DecodeError(`${pktName(type)} with zxid ${zxid.toString(16)}`);
}
/**
 * About the bytes one record takes in an encoded SNAP_CHUNK (an upper bound for ASCII paths
 * and ids; within a few bytes per character otherwise), for cutting chunks by size.
 */
export function snapRecordBytes(r) {
    const [key, rec] = r;
    if (typeof key === 'bigint')
        return 8 + 4 + 32 + rec.passwd.byteLength;
    const n = rec;
    let acl = 4;
    for (const a of n.acl)
        acl += 12 + a.id.scheme.length + a.id.id.length;
    return 4 + key.length + 4 + 1 + 4 + (n.data?.byteLength ?? 0) + acl + 68;
}
//# sourceMappingURL=quorum.js.map