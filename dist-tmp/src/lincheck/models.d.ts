/**
 * Sequential specifications of the ZooKeeper objects a fault bench exercises. Each is an object
 * of the P-compositionality split: operations on different objects are checked apart.
 *
 *  - Versioned registers (a small group of znodes that multi can change together): each znode
 *    is absent or holds a value and a version; create gives version 0, setData adds one, and
 *    setData/delete/check with a version other than -1 are compare-and-set (BADVERSION).
 *  - A set of children (the children of one parent): add (create a child), remove (delete
 *    it), list (getChildren).
 *  - Sequential names (PERSISTENT_SEQUENTIAL children of one parent that nobody deletes): the
 *    n-th successful create, in linearization order, gets suffix n (the parent's cversion,
 *    which starts at 0 and counts child creations), and a list returns exactly 0..n-1.
 *
 * Outputs carry ZooKeeper error names ('NODEEXISTS', 'NONODE', 'BADVERSION'); errors that say
 * nothing about the data (connection loss, expiry) make an operation indeterminate instead.
 */
import type { Model } from './search.js';
export interface Cell {
    value: string;
    version: number;
}
/** A read's view of one znode: version undefined when the reader did not learn it. */
export interface ReadCell {
    value: string;
    version?: number;
}
export type RegisterWrite = {
    f: 'create';
    key: string;
    value: string;
} | {
    f: 'set';
    key: string;
    value: string;
    version: number;
} | {
    f: 'delete';
    key: string;
    version: number;
} | {
    f: 'check';
    key: string;
    version: number;
};
export type RegisterInput = RegisterWrite | {
    f: 'read';
    keys: string[];
} | {
    f: 'multi';
    ops: RegisterWrite[];
};
export type RegisterOutput = 
/** values: for a read, one per key (null: no node); version: for a set, the new version. */
{
    ok: true;
    values?: (ReadCell | null)[];
    version?: number;
}
/** index: for a multi, the operation that failed. */
 | {
    ok: false;
    err: string;
    index?: number;
};
export type RegisterState = Readonly<Record<string, Cell>>;
export declare const registerModel: Model<RegisterState, RegisterInput, RegisterOutput>;
export type SetInput = {
    f: 'add';
    child: string;
} | {
    f: 'remove';
    child: string;
} | {
    f: 'list';
};
export type SetOutput = {
    ok: true;
    children?: string[];
} | {
    ok: false;
    err: string;
};
/** Sorted child names. */
export type SetState = readonly string[];
export declare const childSetModel: Model<SetState, SetInput, SetOutput>;
export type SequenceInput = {
    f: 'create';
} | {
    f: 'list';
};
/** seq: the suffix the create got; seqs: the suffixes listed; err: a definite error (none is possible). */
export type SequenceOutput = {
    seq: number;
} | {
    seqs: number[];
} | {
    ok: false;
    err: string;
};
/** How many sequential children exist (their suffixes are 0..n-1). */
export type SequenceState = number;
export declare const sequenceModel: Model<SequenceState, SequenceInput, SequenceOutput>;
