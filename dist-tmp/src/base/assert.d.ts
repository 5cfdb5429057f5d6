/**
 * Precondition checks on values a caller hands a constructor (a configuration with duplicate
 * ids, say). Invariants of running state use invariant() in ./invariant.ts instead.
 */
export declare class AssertionError extends Error {
    name: string;
}
export declare function assert(condition: unknown, message: string): asserts condition;
