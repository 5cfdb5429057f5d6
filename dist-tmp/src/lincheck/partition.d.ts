/**
 * P-compositionality (Herlihy & Wing's locality, as Knossos and Porcupine use it): a history of
 * operations on independent objects is linearizable exactly when each object's sub-history is.
 * Each operation names its object (`partition`); each object is searched alone, with its own
 * model, which keeps the search small however long the whole history is.
 */
import { Counterexample, Model, Operation, SearchOptions } from './search.js';
export interface PartitionedOperation<I = unknown, O = unknown> extends Operation<I, O> {
    /** The object the operation acts on (a key, a parent node, a sequence). */
    partition: string;
}
export interface PartitionVerdict {
    partition: string;
    operations: number;
    verdict: 'linearizable' | 'not linearizable' | 'unknown';
    steps: number;
    /** When not linearizable: what could not be linearized, and a small counterexample. */
    explanation?: string;
    counterexample?: Counterexample;
}
export interface HistoryVerdict {
    /** 'not linearizable' if any partition is; else 'unknown' if any search gave up; else 'linearizable'. */
    verdict: 'linearizable' | 'not linearizable' | 'unknown';
    operations: number;
    partitions: PartitionVerdict[];
}
export declare function checkPartitioned(ops: readonly PartitionedOperation[], modelFor: (partition: string) => Model, opts?: SearchOptions & {
    minimize?: boolean;
}): HistoryVerdict;
/** "#12 client 3 create /a=x -> ok" */
export declare function describe(model: Model, op: Operation): string;
/** A counterexample as text lines, with times relative to `t0` in seconds. */
export declare function formatCounterexample(model: Model, c: Counterexample, t0?: number): string[];
