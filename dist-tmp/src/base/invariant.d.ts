/**
 * Invariants asserted in production (docs/architecture.md, "Invariants"). A broken invariant is
 * a bug in zk-ts, never a reaction to bad input: the runtimes treat an InvariantViolation as
 * fatal (a FATAL log line naming the invariant, then exit status 4, docs/operations.md), and
 * the simulator reports it as a failing seed. Input from clients and peers is checked with
 * ordinary errors (DecodeError, ProtocolError) that cost only the connection that sent it.
 */
/** Thrown when an invariant does not hold. `invariant` is the name that logs and reports show. */
export declare class InvariantViolation extends Error {
    readonly invariant: string;
    readonly detail: string;
    name: string;
    constructor(invariant: string, detail: string);
}
/**
 * Asserts `cond`. `detail` says what was seen; pass a function where building the text costs
 * something (it runs only when the assertion fails), since some checks sit on the write path.
 */
export declare function invariant(cond: unknown, name: string, detail: string | (() => string)): asserts cond;
/**
 * The default branch of a switch over a discriminated union: it does not compile while a
 * member is unhandled, and throws if a value outside the union arrives anyway.
 */
export declare function assertNever(value: never, what: string): never;
