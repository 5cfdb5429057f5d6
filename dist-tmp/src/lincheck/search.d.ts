/**
 * Linearizability checking by search: the Wing–Gong algorithm with Lowe's memoization (the
 * "just-in-time linearization" of Porcupine and Knossos' WGL checker), over a history of
 * operations with invocation and completion times.
 *
 * An operation is definite (it completed with a known output) or indeterminate (the client
 * never learned its outcome, e.g. the connection broke: it may take effect at any moment after
 * its invocation, or never). The search tries to order the operations into one sequence that
 * the model accepts, consistent with real time (an operation that completed before another was
 * invoked comes first). Entries (calls and returns) form one time-ordered, doubly-linked list;
 * the search walks it from the head: a call is tentatively linearized (removed from the list
 * with its return) if the model accepts it in the current state; reaching a return means an
 * operation was not linearized before it completed, so the last choice is undone. Configurations
 * (the set of linearized operations, the model state) already explored are cached, which is
 * what makes the search practical. Indeterminate operations have no return entry, so nothing
 * forces them: left out they mean "never took effect"; linearized, their success effect counts.
 *
 * Pure: no I/O, no clock; bounded by a step budget (the verdict is then "unknown").
 */
/** A sequential specification. States must be immutable values: `step` returns a new one. */
export interface Model<S = unknown, I = unknown, O = unknown> {
    init(): S;
    /**
     * The state after `input` produced `output` in `state`, or null if it cannot have. For an
     * indeterminate operation `output` is undefined: return the state after its success, or null
     * if it cannot succeed in `state` (failing, it changes nothing, which the search already
     * covers by leaving the operation out).
     */
    step(state: S, input: I, output: O | undefined): S | null;
    /** A string that is equal for equal states (the memoization key). */
    stateKey(state: S): string;
    /** True if the operation never changes the state (reads, refusals): it may be dropped when minimizing. */
    effectFree(input: I, output: O | undefined): boolean;
    describeState(state: S): string;
    describeOp(input: I, output: O | undefined): string;
}
export interface Operation<I = unknown, O = unknown> {
    /** Unique in the history; used to name the operation in reports. */
    id: number;
    /** The client (sequential process) that issued it: for reports only. */
    process: number;
    input: I;
    /** undefined when indeterminate. */
    output: O | undefined;
    /** Invocation time. */
    call: number;
    /** Completion time; null when indeterminate (the outcome is unknown). */
    ret: number | null;
}
export interface SearchOptions {
    /** Maximum number of search steps before giving up with "unknown". Default 5,000,000. */
    budget?: number;
}
export interface Failure<S = unknown> {
    /** The operation that could not be linearized before it completed. */
    blocked: Operation;
    /** The longest partial linearization found (operation ids, in order) ... */
    linearized: number[];
    /** ... and the model state after it. */
    state: S;
}
export type SearchResult<S = unknown> = {
    verdict: 'linearizable';
    steps: number;
} | {
    verdict: 'unknown';
    steps: number;
} | {
    verdict: 'not linearizable';
    steps: number;
    failure: Failure<S>;
};
/** Checks one history against one model (no partitioning). */
export declare function checkOperations<S, I, O>(ops: readonly Operation<I, O>[], model: Model<S, I, O>, opts?: SearchOptions & {
    init?: S;
}): SearchResult<S>;
/**
 * Every state the model can be in after all of `ops` (all definite) are linearized; null when
 * the search budget runs out or the history is not linearizable.
 */
export declare function finalStates<S, I, O>(ops: readonly Operation<I, O>[], model: Model<S, I, O>, init: S, budget: number): S[] | null;
export interface Counterexample<S = unknown> {
    /** The state the counterexample starts from (the model's initial state, or the one state all earlier operations lead to). */
    initial: S;
    /** Operations that were dropped at the front because they lead to `initial` whichever way they are ordered. */
    skipped: number;
    /** A history that is not linearizable from `initial`, and whose non-linearizability implies the whole one's. */
    ops: Operation[];
}
/**
 * Shrinks a non-linearizable history to a smaller one that is still not linearizable and whose
 * failure implies the original's (each step is sound):
 *  1. cut after the completion of the operation that could not be linearized (a prefix, with the
 *     operations still running at the cut made indeterminate);
 *  2. cut at the front at a quiescent instant (no operation in flight) where every ordering of
 *     the earlier operations leads to one and the same state, which becomes the initial state;
 *  3. drop effect-free operations (reads, refusals) one at a time while the rest still fails:
 *     removing an operation that changes nothing cannot make a linearizable history fail.
 */
export declare function minimize<S, I, O>(ops: readonly Operation<I, O>[], model: Model<S, I, O>, failure: Failure<S>, opts?: {
    budget?: number;
    maxAttempts?: number;
}): Counterexample<S>;
