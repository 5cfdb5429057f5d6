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

export type SearchResult<S = unknown> =
  | { verdict: 'linearizable'; steps: number }
  | { verdict: 'unknown'; steps: number }
  | { verdict: 'not linearizable'; steps: number; failure: Failure<S> };

interface Entry {
  op: number;
  call: boolean;
  time: number;
  /** For a call: its return entry (null for an indeterminate operation). */
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

function buildList(ops: readonly Operation[]): Entry {
  const entries: Entry[] = [];
  ops.forEach((op, i) => {
    const c: Entry = { op: i, call: true, time: op.call, match: null, prev: null, next: null };
    entries.push(c);
    if (op.ret !== null) {
      if (op.ret < op.call) throw new Error(`operation ${op.id} completes (${op.ret}) before it is invoked (${op.call})`);
      const r: Entry = { op: i, call: false, time: op.ret, match: null, prev: null, next: null };
      c.match = r;
      entries.push(r);
    }
  });
  // Ties: calls first, so that operations touching at one instant count as concurrent (the
  // lenient reading: it never reports a violation that a finer clock could have excused).
  entries.sort((a, b) => a.time - b.time || (a.call === b.call ? a.op - b.op : a.call ? -1 : 1));
  const head: Entry = { op: -1, call: false, time: -Infinity, match: null, prev: null, next: null };
  let prev = head;
  for (const e of entries) {
    prev.next = e;
    e.prev = prev;
    prev = e;
  }
  return head;
}

function lift(e: Entry): void {
  e.prev!.next = e.next;
  if (e.next) e.next.prev = e.prev;
  const m = e.match;
  if (m) {
    m.prev!.next = m.next;
    if (m.next) m.next.prev = m.prev;
  }
}

function unlift(e: Entry): void {
  const m = e.match;
  if (m) {
    m.prev!.next = m;
    if (m.next) m.next.prev = m;
  }
  e.prev!.next = e;
  if (e.next) e.next.prev = e;
}

class Bits {
  readonly words: Uint32Array;
  constructor(n: number) {
    this.words = new Uint32Array(Math.ceil(n / 32) || 1);
  }
  set(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  clear(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }
  key(): string {
    let s = '';
    for (const w of this.words) s += w.toString(36) + ',';
    return s;
  }
}

interface RunOptions<S> extends SearchOptions {
  init?: S;
  /** Instead of stopping at the first full linearization, collect every reachable final state. */
  collectFinal?: Map<string, S>;
}

function run<S, I, O>(ops: readonly Operation<I, O>[], model: Model<S, I, O>, opts: RunOptions<S>): SearchResult<S> {
  const budget = opts.budget ?? 5_000_000;
  const head = buildList(ops as readonly Operation[]);
  const bits = new Bits(ops.length);
  const cache = new Set<string>();
  const stack: { entry: Entry; state: S }[] = [];
  let state = opts.init !== undefined ? opts.init : model.init();
  let definiteLeft = ops.reduce((n, o) => n + (o.ret !== null ? 1 : 0), 0);
  let best: Failure<S> | null = null;
  let steps = 0;
  let entry = head.next;
  const backtrack = (): boolean => {
    const top = stack.pop();
    if (!top) return false;
    state = top.state;
    bits.clear(top.entry.op);
    unlift(top.entry);
    if (ops[top.entry.op]!.ret !== null) definiteLeft++;
    entry = top.entry.next;
    return true;
  };
  for (;;) {
    if (definiteLeft === 0) {
      if (!opts.collectFinal) return { verdict: 'linearizable', steps };
      opts.collectFinal.set(model.stateKey(state), state);
      if (!backtrack()) return { verdict: 'linearizable', steps };
      continue;
    }
    if (++steps > budget) return { verdict: 'unknown', steps };
    if (entry === null) {
      // Only indeterminate calls are left after the cursor, yet a definite operation remains:
      // impossible, since its return entry lies after its call.
      throw new Error('linearizability search: ran off the end of the history');
    }
    if (entry.call) {
      const op = ops[entry.op]!;
      const next = model.step(state, op.input, op.output);
      if (next !== null) {
        bits.set(entry.op);
        const key = bits.key() + '|' + model.stateKey(next);
        if (!cache.has(key)) {
          cache.add(key);
          stack.push({ entry, state });
          state = next;
          lift(entry);
          if (op.ret !== null) definiteLeft--;
          entry = head.next;
          continue;
        }
        bits.clear(entry.op);
      }
      entry = entry.next;
      continue;
    }
    // A return: its operation was not linearized before it completed.
    if (best === null || stack.length > best.linearized.length) {
      best = { blocked: ops[entry.op] as Operation, linearized: stack.map((s) => ops[s.entry.op]!.id), state };
    }
    if (!backtrack()) {
      if (opts.collectFinal && opts.collectFinal.size > 0) return { verdict: 'linearizable', steps };
      return { verdict: 'not linearizable', steps, failure: best! };
    }
  }
}

/** Checks one history against one model (no partitioning). */
export function checkOperations<S, I, O>(
  ops: readonly Operation<I, O>[],
  model: Model<S, I, O>,
  opts: SearchOptions & { init?: S } = {},
): SearchResult<S> {
  return run(ops, model, opts);
}

/**
 * Every state the model can be in after all of `ops` (all definite) are linearized; null when
 * the search budget runs out or the history is not linearizable.
 */
export function finalStates<S, I, O>(ops: readonly Operation<I, O>[], model: Model<S, I, O>, init: S, budget: number): S[] | null {
  const states = new Map<string, S>();
  const r = run(ops, model, { init, budget, collectFinal: states });
  if (r.verdict !== 'linearizable' || states.size === 0) return null;
  return [...states.values()];
}

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
export function minimize<S, I, O>(
  ops: readonly Operation<I, O>[],
  model: Model<S, I, O>,
  failure: Failure<S>,
  opts: { budget?: number; maxAttempts?: number } = {},
): Counterexample<S> {
  const budget = opts.budget ?? 200_000;
  let attempts = opts.maxAttempts ?? 400;
  const fails = (h: readonly Operation<I, O>[], init: S): boolean => {
    attempts--;
    return run(h, model, { init, budget }).verdict === 'not linearizable';
  };
  let init = model.init();
  let skipped = 0;

  // 1. The prefix up to the blocked operation's completion.
  const cut = failure.blocked.ret ?? Infinity;
  let current: Operation<I, O>[] = ops
    .filter((o) => o.call <= cut)
    .map((o) => (o.ret !== null && o.ret > cut ? { ...o, ret: null, output: undefined } : o))
    .filter((o) => o.ret !== null || !model.effectFree(o.input, o.output));
  if (!fails(current, init)) current = [...ops];

  // 2. The latest quiescent instant with a unique state that keeps the failure.
  const sorted = [...current].sort((a, b) => a.call - b.call);
  const candidates: number[] = [];
  let horizon = -Infinity; // latest completion among operations invoked so far
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && horizon < sorted[i]!.call) candidates.push(i);
    const r = sorted[i]!.ret;
    horizon = Math.max(horizon, r === null ? Infinity : r);
  }
  for (let k = candidates.length - 1; k >= 0 && attempts > 0; k--) {
    const before = sorted.slice(0, candidates[k]);
    const after = sorted.slice(candidates[k]);
    const states = finalStates(before, model, init, budget);
    attempts--;
    if (states === null || states.length !== 1) continue;
    if (fails(after, states[0]!)) {
      skipped = before.length;
      init = states[0]!;
      current = after;
      break;
    }
  }

  // 3. Drop effect-free operations while it still fails.
  for (let i = current.length - 1; i >= 0 && attempts > 0; i--) {
    const o = current[i]!;
    if (o.id === failure.blocked.id) continue;
    if (!model.effectFree(o.input, o.output)) continue;
    const without = current.filter((_, j) => j !== i);
    if (fails(without, init)) current = without;
  }
  return { initial: init, skipped, ops: current.sort((a, b) => a.call - b.call) as Operation[] };
}
