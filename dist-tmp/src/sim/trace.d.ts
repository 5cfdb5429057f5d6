/**
 * The trace hash: 64-bit FNV-1a over every event that shapes a run (deliveries, faults,
 * decisions). Two runs of one seed must give the same hash; a different hash is a source of
 * nondeterminism (a Map iterated in insertion order that differs, a Date, a Math.random).
 * Pure arithmetic on four 16-bit limbs: no bigint in the hot path, no node:crypto.
 */
export declare class TraceHash {
    private h0;
    private h1;
    private h2;
    private h3;
    private count;
    get events(): number;
    /** Mixes one event given as a string. */
    text(s: string): void;
    bytes(b: Uint8Array): void;
    /** 16 lowercase hex digits. */
    hex(): string;
    /** h = (h ^ byte) * 0x100000001b3 mod 2^64; the prime is 2^40 + 0x1b3. */
    private byte;
}
/** A 32-bit seed for a named sub-generator, so adding a consumer never shifts the others. */
export declare function deriveSeed(seed: number, label: string): number;
