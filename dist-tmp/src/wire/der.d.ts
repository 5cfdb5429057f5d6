export declare const Tag: {
    readonly BOOLEAN: 1;
    readonly INTEGER: 2;
    readonly BIT_STRING: 3;
    readonly OCTET_STRING: 4;
    readonly NULL: 5;
    readonly OID: 6;
    readonly UTF8_STRING: 12;
    readonly SEQUENCE: 48;
    readonly SET: 49;
    readonly PRINTABLE_STRING: 19;
    readonly T61_STRING: 20;
    readonly IA5_STRING: 22;
    readonly UTC_TIME: 23;
    readonly GENERALIZED_TIME: 24;
    readonly VISIBLE_STRING: 26;
    readonly GENERAL_STRING: 27;
    readonly UNIVERSAL_STRING: 28;
    readonly BMP_STRING: 30;
};
export interface DerNode {
    /** The identifier octet (class, constructed bit, tag number < 31). */
    tag: number;
    /** The whole buffer this node lives in. */
    buf: Uint8Array;
    /** Offset of the identifier octet. */
    start: number;
    /** Offset of the first content byte. */
    contentStart: number;
    /** Offset just past the contents (before the end-of-contents octets of an indefinite form). */
    contentEnd: number;
    /** Offset just past the whole encoding. */
    end: number;
}
export declare function isConstructed(n: DerNode): boolean;
/** A context-specific tag [k] (constructed or primitive per `constructed`). */
export declare function contextTag(k: number, constructed: boolean): number;
/** Reads the element starting at `offset`, which must end at or before `limit`. */
export declare function readNode(buf: Uint8Array, offset?: number, limit?: number): DerNode;
/** The element that fills `buf` exactly. */
export declare function readRoot(buf: Uint8Array): DerNode;
export declare function children(n: DerNode): DerNode[];
export declare function expectTag(n: DerNode, tag: number, what: string): DerNode;
/**
 * The content octets of a string-like element. A constructed (BER) string, e.g. an OCTET STRING
 * or an IMPLICIT [0] string sent in segments, is the concatenation of its segments.
 */
export declare function contentOf(n: DerNode): Uint8Array;
/** The whole encoding (identifier, length, contents) of `n`. */
export declare function encodingOf(n: DerNode): Uint8Array;
export declare function readOid(n: DerNode): string;
/** A non-negative INTEGER that fits a JS number (iteration counts, versions). */
export declare function readSmallInt(n: DerNode): number;
/** The text of a string-typed element, or undefined for any other type. */
export declare function readString(n: DerNode): string | undefined;
export declare function toHex(b: Uint8Array): string;
