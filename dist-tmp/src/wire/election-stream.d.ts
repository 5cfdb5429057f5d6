export declare const ELECTION_HELLO_MAGIC = 1514882376;
export declare const ELECTION_HELLO_BYTES = 13;
/** A framed datagram is never longer than this (election.ts's largest is under 200 bytes). */
export declare const ELECTION_STREAM_MAX_FRAME = 1024;
export declare function encodeElectionHello(sid: number): Uint8Array;
export declare function decodeElectionHello(b: Uint8Array): number;
/** Length-prefixes one message. */
export declare function frameMessage(body: Uint8Array): Uint8Array;
/** Splits a byte stream into messages; a frame longer than the maximum throws DecodeError. */
export declare class FrameSplitter {
    private buf;
    push(chunk: Uint8Array): Uint8Array[];
}
