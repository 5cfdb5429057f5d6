/**
 * The election datagram codec: exact layouts (golden bytes), round trips of every message type
 * (fast-check), and garbage: any byte string either decodes to a well-formed datagram or throws
 * DecodeError, never anything else (ZOOKEEPER-3769).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DecodeError } from '../../src/wire/jute.js';
import { decodeElectionDatagram, ELECTION_HEADER_BYTES, ELECTION_MAC_BYTES, ELECTION_MAX_DATAGRAM_BYTES, encodeElectionDatagram, MAX_ROUND, StateCode, } from '../../src/wire/election.js';
const header = { sid: 3, incarnation: 0xdeadbeef, seq: 42 };
function hexOf(b) {
    return Buffer.from(b).toString('hex');
}
describe('election datagram layout', () => {
    test('state codes are ZooKeeper numbers from one explicit table', () => {
        assert.deepEqual(StateCode, { looking: 0, following: 1, leading: 2, observing: 3 });
    });
    test('header and classic query, byte for byte', () => {
        const bytes = encodeElectionDatagram({ header, message: { type: 'classic-query', round: 7 } });
        assert.equal(hexOf(bytes), '5a4b4531' + '01' + '01' + '0000' + '0000000000000003' + 'deadbeef' + '000000000000002a' + '0000000000000007');
    });
    test('fast notification, byte for byte', () => {
        const notice = { state: 'leading', round: 5, vote: { leader: 2, zxid: 0x100000009n, peerEpoch: 1 } };
        const bytes = encodeElectionDatagram({ header, message: { type: 'fast-notification', notice } });
        assert.equal(bytes.byteLength, ELECTION_HEADER_BYTES + 33);
        assert.equal(hexOf(bytes.subarray(ELECTION_HEADER_BYTES)), '02' + '0000000000000005' + '0000000000000002' + '0000000100000009' + '0000000000000001');
        assert.equal(bytes[5], 3, 'type code of a fast notification');
    });
    test('every type has one exact length; the MAC flag adds a 32-byte trailer', () => {
        const vote = { leader: 1, zxid: 0n, peerEpoch: 0 };
        const notice = { state: 'looking', round: 1, vote };
        const lengths = [
            [{ type: 'classic-query', round: 1 }, 36],
            [{ type: 'classic-reply', round: 1, state: 'looking', informed: false, vote, ownEpoch: 0, ownZxid: 0n }, 78],
            [{ type: 'fast-notification', notice }, 61],
            [{ type: 'fast-ack', acked: notice, notice }, 94],
        ];
        for (const [message, length] of lengths) {
            const plain = encodeElectionDatagram({ header, message });
            assert.equal(plain.byteLength, length, message.type);
            const signed = encodeElectionDatagram({ header, message }, true);
            assert.equal(signed.byteLength, length);
            const withMac = new Uint8Array(length + ELECTION_MAC_BYTES);
            withMac.set(signed);
            withMac.fill(0xab, length);
            const d = decodeElectionDatagram(withMac);
            assert.equal(d.mac?.byteLength, ELECTION_MAC_BYTES);
            assert.equal(d.signed.byteLength, length);
            assert.deepEqual(d.datagram.message, message);
            // A MAC flag without the trailer, or a trailer without the flag, is malformed.
            assert.throws(() => decodeElectionDatagram(signed), DecodeError);
            const unflagged = new Uint8Array(withMac);
            unflagged[7] = 0;
            assert.throws(() => decodeElectionDatagram(unflagged), DecodeError);
            assert.ok(withMac.byteLength <= ELECTION_MAX_DATAGRAM_BYTES);
        }
    });
    test('bad magic, version, type, flags, state and flag bytes are rejected', () => {
        const good = encodeElectionDatagram({
            header,
            message: { type: 'classic-reply', round: 1, state: 'following', informed: true, vote: { leader: 2, zxid: 5n, peerEpoch: 1 }, ownEpoch: 1, ownZxid: 4n },
        });
        const corrupt = (at, value) => {
            const b = new Uint8Array(good);
            b[at] = value;
            return b;
        };
        assert.doesNotThrow(() => decodeElectionDatagram(good));
        for (const [at, value, what] of [
            [0, 0x00, 'magic'],
            [4, 2, 'version'],
            [5, 9, 'type'],
            [6, 0x80, 'flags'],
            [ELECTION_HEADER_BYTES + 8, 4, 'state'],
            [ELECTION_HEADER_BYTES + 9, 2, 'informed flag'],
            [8, 0x80, 'negative sid'],
        ]) {
            assert.throws(() => decodeElectionDatagram(corrupt(at, value)), DecodeError, what);
        }
    });
    test('every truncation and every extension of a valid datagram is rejected', () => {
        const notice = { state: 'looking', round: 9, vote: { leader: 1, zxid: 77n, peerEpoch: 2 } };
        const good = encodeElectionDatagram({ header, message: { type: 'fast-ack', acked: notice, notice } });
        for (let n = 0; n < good.byteLength; n++)
            assert.throws(() => decodeElectionDatagram(good.subarray(0, n)), DecodeError);
        const longer = new Uint8Array(good.byteLength + 1);
        longer.set(good);
        assert.throws(() => decodeElectionDatagram(longer), DecodeError);
    });
    test('a round above 2^48 is refused, so a peer cannot run our round counter off the format', () => {
        const bytes = encodeElectionDatagram({ header, message: { type: 'classic-query', round: MAX_ROUND + 1 } });
        assert.throws(() => decodeElectionDatagram(bytes), DecodeError);
        assert.equal(decodeElectionDatagram(encodeElectionDatagram({ header, message: { type: 'classic-query', round: MAX_ROUND } })).datagram.message.type, 'classic-query');
    });
    test('encoding values the format cannot carry is a caller bug (RangeError)', () => {
        assert.throws(() => encodeElectionDatagram({ header: { ...header, sid: -1 }, message: { type: 'classic-query', round: 1 } }), RangeError);
        assert.throws(() => encodeElectionDatagram({ header, message: { type: 'classic-query', round: 1.5 } }), RangeError);
        const vote = { leader: 1, zxid: 0n, peerEpoch: 2 ** 32 };
        assert.throws(() => encodeElectionDatagram({ header, message: { type: 'fast-notification', notice: { state: 'looking', round: 1, vote } } }), RangeError);
    });
});
const arbState = fc.constantFrom('looking', 'following', 'leading', 'observing');
const arbVote = fc.oneof(fc.record({
    leader: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    zxid: fc.bigInt({ min: 0n, max: 0x7fffffffffffffffn }),
    peerEpoch: fc.integer({ min: 0, max: 0xffffffff }),
}), fc.constant({ leader: -1, zxid: -1n, peerEpoch: -1 }));
const arbCount = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const arbRound = fc.integer({ min: 0, max: MAX_ROUND });
const arbNotice = fc.record({ state: arbState, round: arbRound, vote: arbVote });
const arbMessage = fc.oneof(fc.record({ type: fc.constant('classic-query'), round: arbRound }), fc.record({
    type: fc.constant('classic-reply'),
    round: arbRound,
    state: arbState,
    informed: fc.boolean(),
    vote: arbVote,
    ownEpoch: fc.integer({ min: -1, max: 0xffffffff }),
    ownZxid: fc.bigInt({ min: -1n, max: 0x7fffffffffffffffn }),
}), fc.record({ type: fc.constant('fast-notification'), notice: arbNotice }), fc.record({ type: fc.constant('fast-ack'), acked: arbNotice, notice: arbNotice }));
const arbDatagram = fc.record({
    header: fc.record({ sid: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), incarnation: fc.integer({ min: 0, max: 0xffffffff }), seq: arbCount }),
    message: arbMessage,
});
describe('election datagram properties', () => {
    test('decode(encode(d)) = d for every datagram', () => {
        fc.assert(fc.property(arbDatagram, (d) => {
            const decoded = decodeElectionDatagram(encodeElectionDatagram(d));
            assert.deepEqual(decoded.datagram, structuredClone(d)); // fast-check records have no prototype
            assert.equal(decoded.mac, null);
        }), { numRuns: 2000 });
    });
    test('random bytes decode or throw DecodeError, nothing else', () => {
        fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
            try {
                decodeElectionDatagram(bytes);
            }
            catch (e) {
                assert.ok(e instanceof DecodeError, `threw ${String(e)}`);
            }
        }), { numRuns: 5000 });
    });
    test('a valid datagram with random bytes overwritten decodes or throws DecodeError', () => {
        fc.assert(fc.property(arbDatagram, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), (d, edits) => {
            const bytes = encodeElectionDatagram(d);
            for (const [at, value] of edits)
                bytes[at % bytes.byteLength] = value;
            try {
                decodeElectionDatagram(bytes);
            }
            catch (e) {
                assert.ok(e instanceof DecodeError, `threw ${String(e)}`);
            }
        }), { numRuns: 3000 });
    });
});
//# sourceMappingURL=election-wire.test.js.map