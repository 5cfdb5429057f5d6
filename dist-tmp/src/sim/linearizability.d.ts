import { Txn } from '../wire/txn.js';
import type { HistoryOp } from './sim-client.js';
import type { Violation } from './zab-checker.js';
export interface SeqTxn {
    zxid: bigint;
    txn: Txn;
}
export interface LinearizabilityStats {
    writes: number;
    writesOk: number;
    writesInfo: number;
    infoTookEffect: number;
    syncReads: number;
    localReads: number;
    staleLocalReads: number;
}
export declare function checkHistory(seq: readonly SeqTxn[], ops: readonly HistoryOp[], now: number): {
    violations: Violation[];
    stats: LinearizabilityStats;
};
export declare function describeOp(op: HistoryOp): string;
/**
 * L1: the history's writes and sync+reads through the black-box linearizability search, one
 * register per key. Local reads (sequentially consistent only) and raw requests are left out;
 * an error other than NODEEXISTS/NONODE makes an operation indeterminate.
 */
export declare function checkBlackBox(ops: readonly HistoryOp[], now: number): Violation[];
