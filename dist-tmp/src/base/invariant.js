/**
 * Invariants asserted in production (docs/architecture.md, "Invariants"). A broken invariant is
 * a bug in zk-ts, never a reaction to bad input: the runtimes treat an InvariantViolation as
 * fatal (a FATAL log line naming the invariant, then exit status 4, docs/operations.md), and
 * the simulator reports it as a failing seed. Input from clients and peers is checked with
 * ordinary errors (DecodeError, ProtocolError) that cost only the connection that sent it.
 */
/** Thrown when an invariant does not hold. `invariant` is the name that logs and reports show. */
export class InvariantViolation extends Error {
    invariant;
    detail;
    name = 'InvariantViolation';
    constructor(invariant, detail) {
        super(`invariant ${invariant} violated: ${detail}`);
        this.invariant = invariant;
        this.detail = detail;
    }
}
/**
 * Asserts `cond`. `detail` says what was seen; pass a function where building the text costs
 * something (it runs only when the assertion fails), since some checks sit on the write path.
 */
export function invariant(cond, name, detail) {
    if (!cond)
        throw new InvariantViolation(name, typeof detail === 'function' ? detail() : detail);
}
/**
 * The default branch of a switch over a discriminated union: it does not compile while a
 * member is unhandled, and throws if a value outside the union arrives anyway.
 */
export function assertNever(value, what) {
    const kind = value?.kind;
    throw new InvariantViolation('exhaustive-switch', `unhandled ${what}: ${kind !== undefined ? String(kind) : String(value)}`);
}
//# sourceMappingURL=invariant.js.map