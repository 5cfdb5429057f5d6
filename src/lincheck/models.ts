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

// ------------------------------------------------------------------ versioned registers

export interface Cell {
  value: string;
  version: number;
}

/** A read's view of one znode: version undefined when the reader did not learn it. */
export interface ReadCell {
  value: string;
  version?: number | undefined;
}

export type RegisterWrite =
  | { f: 'create'; key: string; value: string }
  | { f: 'set'; key: string; value: string; version: number }
  | { f: 'delete'; key: string; version: number }
  | { f: 'check'; key: string; version: number };

export type RegisterInput = RegisterWrite | { f: 'read'; keys: string[] } | { f: 'multi'; ops: RegisterWrite[] };

export type RegisterOutput =
  /** values: for a read, one per key (null: no node); version: for a set, the new version. */
  | { ok: true; values?: (ReadCell | null)[]; version?: number }
  /** index: for a multi, the operation that failed. */
  | { ok: false; err: string; index?: number };

export type RegisterState = Readonly<Record<string, Cell>>;

/** The error a write meets in `cells` (changing them on success), or null. */
function applyWrite(cells: Record<string, Cell>, w: RegisterWrite): string | null {
  const cur = cells[w.key];
  switch (w.f) {
    case 'create':
      if (cur) return 'NODEEXISTS';
      cells[w.key] = { value: w.value, version: 0 };
      return null;
    case 'set':
      if (!cur) return 'NONODE';
      if (w.version !== -1 && w.version !== cur.version) return 'BADVERSION';
      cells[w.key] = { value: w.value, version: cur.version + 1 };
      return null;
    case 'delete':
      if (!cur) return 'NONODE';
      if (w.version !== -1 && w.version !== cur.version) return 'BADVERSION';
      delete cells[w.key];
      return null;
    case 'check':
      if (!cur) return 'NONODE';
      if (w.version !== -1 && w.version !== cur.version) return 'BADVERSION';
      return null;
  }
}

function sortedCells(cells: Record<string, Cell>): RegisterState {
  const out: Record<string, Cell> = {};
  for (const k of Object.keys(cells).sort()) out[k] = cells[k]!;
  return out;
}

function showWrite(w: RegisterWrite): string {
  const v = w.f === 'create' ? '' : w.version === -1 ? '' : ` v${w.version}`;
  return w.f === 'create' || w.f === 'set' ? `${w.f} ${w.key}=${JSON.stringify(w.value)}${v}` : `${w.f} ${w.key}${v}`;
}

function showCell(c: ReadCell | null): string {
  return c === null ? 'none' : `${JSON.stringify(c.value)}${c.version === undefined ? '' : ` v${c.version}`}`;
}

export const registerModel: Model<RegisterState, RegisterInput, RegisterOutput> = {
  init: () => ({}),
  step(state, input, output) {
    if (input.f === 'read') {
      if (output === undefined) return state;
      if (!output.ok || !output.values || output.values.length !== input.keys.length) return null;
      for (let i = 0; i < input.keys.length; i++) {
        const seen = output.values[i]!;
        const cur = state[input.keys[i]!];
        if (seen === null || cur === undefined) {
          if (seen !== null || cur !== undefined) return null;
          continue;
        }
        if (seen.value !== cur.value) return null;
        if (seen.version !== undefined && seen.version !== cur.version) return null;
      }
      return state;
    }
    const cells: Record<string, Cell> = { ...state };
    let err: string | null = null;
    let index = 0;
    if (input.f === 'multi') {
      for (; index < input.ops.length; index++) {
        err = applyWrite(cells, input.ops[index]!);
        if (err !== null) break;
      }
    } else {
      err = applyWrite(cells, input);
    }
    if (output === undefined) return err === null ? sortedCells(cells) : null;
    if (!output.ok) {
      if (err !== output.err) return null;
      if (input.f === 'multi' && output.index !== undefined && output.index !== index) return null;
      return state;
    }
    if (err !== null) return null;
    if (input.f === 'set' && output.version !== undefined && cells[input.key]!.version !== output.version) return null;
    return sortedCells(cells);
  },
  stateKey: (s) => JSON.stringify(s),
  effectFree: (input, output) => input.f === 'read' || (output !== undefined && !output.ok),
  describeState(s) {
    const keys = Object.keys(s);
    return keys.length === 0 ? '{all absent}' : `{${keys.map((k) => `${k}=${showCell(s[k]!)}`).join(', ')}}`;
  },
  describeOp(input, output) {
    let what: string;
    if (input.f === 'read') what = `read ${input.keys.join(',')}`;
    else if (input.f === 'multi') what = `multi [${input.ops.map(showWrite).join('; ')}]`;
    else what = showWrite(input);
    if (output === undefined) return what;
    if (!output.ok) return `${what} -> ${output.err}${output.index !== undefined && input.f === 'multi' ? ` at op ${output.index}` : ''}`;
    if (output.values) return `${what} -> ${output.values.map(showCell).join(', ')}`;
    if (output.version !== undefined) return `${what} -> ok v${output.version}`;
    return `${what} -> ok`;
  },
};

// ------------------------------------------------------------------ a set of children

export type SetInput = { f: 'add'; child: string } | { f: 'remove'; child: string } | { f: 'list' };
export type SetOutput = { ok: true; children?: string[] } | { ok: false; err: string };
/** Sorted child names. */
export type SetState = readonly string[];

export const childSetModel: Model<SetState, SetInput, SetOutput> = {
  init: () => [],
  step(state, input, output) {
    if (input.f === 'list') {
      if (output === undefined) return state;
      if (!output.ok || !output.children) return null;
      const seen = [...output.children].sort();
      return seen.length === state.length && seen.every((c, i) => c === state[i]) ? state : null;
    }
    const has = state.includes(input.child);
    const err = input.f === 'add' ? (has ? 'NODEEXISTS' : null) : has ? null : 'NONODE';
    if (output !== undefined && !output.ok) return output.err === err ? state : null;
    if (err !== null) return null;
    return input.f === 'add' ? [...state, input.child].sort() : state.filter((c) => c !== input.child);
  },
  stateKey: (s) => s.join('/'),
  effectFree: (input, output) => input.f === 'list' || (output !== undefined && !output.ok),
  describeState: (s) => `{${s.join(', ')}}`,
  describeOp(input, output) {
    const what = input.f === 'list' ? 'list' : `${input.f} ${input.child}`;
    if (output === undefined) return what;
    if (!output.ok) return `${what} -> ${output.err}`;
    return output.children ? `${what} -> {${[...output.children].sort().join(', ')}}` : `${what} -> ok`;
  },
};

// ------------------------------------------------------------------ sequential names

export type SequenceInput = { f: 'create' } | { f: 'list' };
/** seq: the suffix the create got; seqs: the suffixes listed; err: a definite error (none is possible). */
export type SequenceOutput = { seq: number } | { seqs: number[] } | { ok: false; err: string };
/** How many sequential children exist (their suffixes are 0..n-1). */
export type SequenceState = number;

export const sequenceModel: Model<SequenceState, SequenceInput, SequenceOutput> = {
  init: () => 0,
  step(state, input, output) {
    if (input.f === 'create') {
      if (output === undefined) return state + 1;
      return 'seq' in output && output.seq === state ? state + 1 : null;
    }
    if (output === undefined) return state;
    if (!('seqs' in output) || output.seqs.length !== state) return null;
    const seen = [...output.seqs].sort((a, b) => a - b);
    return seen.every((s, i) => s === i) ? state : null;
  },
  stateKey: (s) => String(s),
  effectFree: (input) => input.f === 'list',
  describeState: (n) => (n === 0 ? 'empty' : `holding suffixes 0..${n - 1}`),
  describeOp(input, output) {
    const what = input.f === 'create' ? 'create-sequential' : 'list';
    if (output === undefined) return what;
    if ('err' in output) return `${what} -> ${output.err}`;
    if (input.f === 'create') return `${what} -> ${'seq' in output ? output.seq : '?'}`;
    if (!('seqs' in output)) return 'list -> ?';
    const s = [...output.seqs].sort((a, b) => a - b);
    return `list -> ${s.length} names${s.length ? ` (${s[0]}..${s[s.length - 1]})` : ''}`;
  },
};
