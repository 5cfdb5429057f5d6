/**
 * Time and randomness. A runtime reads a `Clock` to stamp each input it hands a core; the core
 * sees only the stamp (`InputTime`), so a recorded run replays with the same times. Randomness
 * is an injected `Rng`, seeded in the simulator and in a replay.
 */
export interface Clock {
    /** Monotonic milliseconds, for timeouts. */
    nowMs(): number;
    /** Wall-clock milliseconds since the Unix epoch, for ctime/mtime and session id seeds. */
    wallMs(): number;
}
/** When an input arrived: the only time a core knows while it handles that input. */
export interface InputTime {
    /** Monotonic milliseconds, for timeouts. */
    readonly nowMs: number;
    /** Wall-clock milliseconds since the Unix epoch, for txn times (ctime/mtime) and session ids. */
    readonly wallMs: number;
}
/** Reads the clock once, as the stamp of an input arriving now. */
export declare function stampNow(clock: Clock): InputTime;
export interface Rng {
    /** A float in [0, 1). */
    next(): number;
    /** An integer in [0, n). */
    int(n: number): number;
    /** n pseudo-random bytes. */
    bytes(n: number): Uint8Array;
}
/** xoshiro128** seeded through splitmix32: small, fast and fully reproducible from one seed. */
export declare class SeededRng implements Rng {
    private s;
    constructor(seed: number);
    private nextU32;
    next(): number;
    int(n: number): number;
    bytes(n: number): Uint8Array;
}
