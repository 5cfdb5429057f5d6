/**
 * Precondition checks on values a caller hands a constructor (a configuration with duplicate
 * ids, say). Invariants of running state use invariant() in ./invariant.ts instead.
 */
export class AssertionError extends Error {
    name = 'AssertionError';
}
export function assert(condition, message) {
    if (!condition)
        throw new AssertionError(message);
}
//# sourceMappingURL=assert.js.map