export declare const ELECTION_MAGIC = 1514882353;
export declare const ELECTION_FORMAT_VERSION = 1;
export declare const ELECTION_HEADER_BYTES = 28;
export declare const ELECTION_MAC_BYTES = 32;
export declare const FLAG_MAC = 1;
export declare const MessageCode: {
    readonly classicQuery: 1;
    readonly classicReply: 2;
    readonly fastNotification: 3;
    readonly fastAck: 4;
};
/** Server states on the wire: ZooKeeper's numbers, written from this table only. */
export declare const StateCode: {
    readonly looking: 0;
    readonly following: 1;
    readonly leading: 2;
    readonly observing: 3;
};
export type WireState = keyof typeof StateCode;
/** A vote names a candidate by sid, with the candidate's last zxid and current epoch. */
export interface WireVote {
    leader: number;
    zxid: bigint;
    peerEpoch: number;
}
/** What a fast-election server says about itself: its state, its round, its vote. */
export interface Notice {
    state: WireState;
    round: number;
    vote: WireVote;
}
export type ElectionMessage = {
    type: 'classic-query';
    round: number;
} | {
    type: 'classic-reply';
    round: number;
    state: WireState;
    /** The vote came out of a completed poll (or a decision), not the initial vote for self. */
    informed: boolean;
    vote: WireVote;
    /** The responder's own credentials, so a tally never trusts hearsay about a candidate. */
    ownEpoch: number;
    ownZxid: bigint;
} | {
    type: 'fast-notification';
    notice: Notice;
} | {
    type: 'fast-ack';
    acked: Notice;
    notice: Notice;
};
export interface ElectionHeader {
    sid: number;
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
/** The largest datagram we ever send or accept; receivers size their buffers from it. */
export declare const ELECTION_MAX_DATAGRAM_BYTES: number;
/**
 * Rounds grow by one per election; a peer claiming more than 2^48 is broken or hostile, and
 * accepting it would let our own counter run past what the format can carry.
 */
export declare const MAX_ROUND: number;
/**
 * Encodes a datagram. With `withMac` the MAC flag is set and the caller must append
 * ELECTION_MAC_BYTES of HMAC computed over the returned bytes.
 */
export declare function encodeElectionDatagram(d: ElectionDatagram, withMac?: boolean): Uint8Array;
/** Decodes one datagram; anything but an exact, well-formed datagram throws DecodeError. */
export declare function decodeElectionDatagram(bytes: Uint8Array): DecodedElectionDatagram;
