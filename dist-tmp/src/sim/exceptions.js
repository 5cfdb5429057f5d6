/**
 * An exception that escapes a simulated run is a failing seed, never a crash of the simulator:
 * a broken invariant is reported under the invariant's name (docs/architecture.md,
 * "Invariants"), anything else as "no exception".
 */
import { InvariantViolation } from '../base/invariant.js';
export function exceptionViolation(atMs, e, where = '') {
    const err = e instanceof Error ? e : new Error(String(e));
    const property = err instanceof InvariantViolation ? `invariant ${err.invariant}` : 'no exception';
    return { atMs, property, detail: `${where}${err.name}: ${err.message}\n${err.stack ?? ''}` };
}
//# sourceMappingURL=exceptions.js.map