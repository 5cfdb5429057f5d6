/**
 * Jute binary encoding (docs/client-protocol.md, "Jute encoding"): big-endian ints and longs,
 * length-prefixed strings, buffers and vectors where -1 means null. Records are fields in
 * order, nothing else.
 */
/** Thrown when bytes cannot be decoded; the caller maps it to MARSHALLINGERROR or a close. */
export declare class DecodeError extends Error {
    name: string;
}
declare const EMPTY: Uint8Array<ArrayBuffer>;
export declare class JuteReader {
    readonly bytes: Uint8Array;
    private readonly end;
    private view;
    offset: number;
    constructor(bytes: Uint8Array, offset?: number, end?: number);
    get remaining(): number;
    private need;
    byte(): number;
    bool(): boolean;
    int(): number;
    long(): bigint;
    /** null (-1) is returned as null; callers decide whether that is allowed. */
    buffer(): Uint8Array | null;
    /**
     * Like buffer(), but the bytes are copied into memory of their own. For anything kept after
     * the frame is done with (znode data, passwords, log entries): a view would keep the whole
     * receive buffer alive, up to a megabyte for a few bytes of data. (Buffer#slice is no copy:
     * on a Node Buffer it returns a view too.)
     */
    ownedBuffer(): Uint8Array | null;
    ustring(): string | null;
    /** A string where null is tolerated as "" (kazoo writes empty strings as -1). */
    string(): string;
    vector<T>(readItem: (r: JuteReader) => T): T[] | null;
    /** A vector where null is read as an empty list. */
    list<T>(readItem: (r: JuteReader) => T): T[];
    rest(): Uint8Array;
}
export declare class JuteWriter {
    private buf;
    private view;
    length: number;
    constructor(initial?: number);
    private ensure;
    byte(v: number): this;
    bool(v: boolean): this;
    int(v: number): this;
    long(v: bigint): this;
    buffer(v: Uint8Array | null): this;
    ustring(v: string | null): this;
    /** Length-prefixed UTF-8, encoded in place (no intermediate array). */
    private utf8;
    /**
     * A string as ZooKeeper's server writes one (jute's BinaryOutputArchive): each UTF-16 code unit
     * encoded on its own, so a character outside the BMP takes two 3-byte sequences (CESU-8), not
     * one 4-byte one. The same bytes as UTF-8 for everything else. Replies and events use it, so
     * that clients get exactly the bytes ZooKeeper would send.
     */
    jstring(v: string | null): this;
    vector<T>(items: readonly T[] | null, writeItem: (w: JuteWriter, item: T) => void): this;
    raw(bytes: Uint8Array): this;
    /** Overwrite an int already written at `at` (used for length prefixes). */
    patchInt(at: number, v: number): void;
    toBytes(): Uint8Array;
}
/** A frame: int32 length of what follows, then the body. */
export declare function frame(body: Uint8Array): Uint8Array;
/** Writes a frame in one pass: reserve the length, let `write` fill the body, patch the length. */
export declare function writeFrame(write: (w: JuteWriter) => void, initial?: number): Uint8Array;
export { EMPTY as EMPTY_BYTES };
