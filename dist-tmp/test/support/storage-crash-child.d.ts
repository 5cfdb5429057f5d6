/** The bytes stored for a zxid (the parent recomputes them to check the contents). */
export declare function payloadFor(zxid: bigint): Uint8Array;
