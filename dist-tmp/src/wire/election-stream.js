/**
 * Election datagrams over a stream (the TLS election transport, `sslQuorum=true`): the sender
 * first introduces itself with a hello naming its server id, then every datagram follows as a
 * 4-byte big-endian length and the datagram's bytes (election.ts, without an HMAC trailer: the
 * TLS channel authenticates and protects them).
 *
 *   hello: magic 0x5a4b4548 ("ZKEH") uint32, version 1 uint8, sid int64   (13 bytes)
 */
import { DecodeError } from './jute.js';
export const ELECTION_HELLO_MAGIC = 0x5a4b4548;
export const ELECTION_HELLO_BYTES = 13;
/** A framed datagram is never longer than this (election.ts's largest is under 200 bytes). */
export const ELECTION_STREAM_MAX_FRAME = 1024;
export function encodeElectionHello(sid) {
    const out = new Uint8Array(ELECTION_HELLO_BYTES);
    const v = new DataView(out.buffer);
    v.setUint32(0, ELECTION_HELLO_MAGIC);
    v.setUint8(4, 1);
    v.setBigInt64(5, BigInt(sid));
    return out;
}
export function decodeElectionHello(b) {
    if (b.byteLength !== ELECTION_HELLO_BYTES)
        throw new DecodeError(`election hello must be ${ELECTION_HELLO_BYTES} bytes, got ${b.byteLength}`);
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (v.getUint32(0) !== ELECTION_HELLO_MAGIC)
        throw new DecodeError('not an election hello');
    if (v.getUint8(4) !== 1)
        throw new DecodeError(`unsupported election hello version ${v.getUint8(4)}`);
    const sid = v.getBigInt64(5);
    if (sid < 1n || sid > BigInt(Number.MAX_SAFE_INTEGER))
        throw new DecodeError(`election hello with server id ${sid}`);
    return Number(sid);
}
/** Length-prefixes one message. */
export function frameMessage(body) {
    const out = new Uint8Array(4 + body.byteLength);
    new DataView(out.buffer).setUint32(0, body.byteLength);
    out.set(body, 4);
    return out;
}
/** Splits a byte stream into messages; a frame longer than the maximum throws DecodeError. */
export class FrameSplitter {
    buf = new Uint8Array(0);
    push(chunk) {
        const merged = new Uint8Array(this.buf.byteLength + chunk.byteLength);
        merged.set(this.buf, 0);
        merged.set(chunk, this.buf.byteLength);
        const out = [];
        let at = 0;
        while (merged.byteLength - at >= 4) {
            const len = new DataView(merged.buffer, merged.byteOffset + at, 4).getUint32(0);
            if (len > ELECTION_STREAM_MAX_FRAME)
                throw new DecodeError(`election frame of ${len} bytes`);
            if (merged.byteLength - at < 4 + len)
                break;
            out.push(merged.slice(at + 4, at + 4 + len));
            at += 4 + len;
        }
        this.buf = merged.slice(at);
        return out;
    }
}
//# sourceMappingURL=election-stream.js.map