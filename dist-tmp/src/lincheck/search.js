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
function buildList(ops) {
    const entries = [];
    ops.forEach((op, i) => {
        const c = { op: i, call: true, time: op.call, match: null, prev: null, next: null };
        entries.push(c);
        if (op.ret !== null) {
            if (op.ret < op.call)
                throw new Error(`operation ${op.id} completes (${op.ret}) before it is invoked (${op.call})`);
            const r = { op: i, call: false, time: op.ret, match: null, prev: null, next: null };
            c.match = r;
            entries.push(r);
        }
    });
    // Ties: calls first, so that operations touching at one instant count as concurrent (the
    // lenient reading: it never reports a violation that a finer clock could have excused).
    entries.sort((a, b) => a.time - b.time || (a.call === b.call ? a.op - b.op : a.call ? -1 : 1));
    const head = { op: -1, call: false, time: -Infinity, match: null, prev: null, next: null };
    let prev = head;
    for (const e of entries) {
        prev.next = e;
        e.prev = prev;
        prev = e;
    }
    return head;
}
function lift(e) {
    e.prev.next = e.next;
    if (e.next)
        e.next.prev = e.prev;
    const m = e.match;
    if (m) {
        m.prev.next = m.next;
        if (m.next)
            m.next.prev = m.prev;
    }
}
function unlift(e) {
    const m = e.match;
    if (m) {
        m.prev.next = m;
        if (m.next)
            m.next.prev = m;
    }
    e.prev.next = e;
    if (e.next)
        e.next.prev = e;
}
class Bits {
    words;
    constructor(n) {
        this.words = new Uint32Array(Math.ceil(n / 32) || 1);
    }
    set(i) {
        this.words[i >>> 5] |= 1 << (i & 31);
    }
    clear(i) {
        this.words[i >>> 5] &= ~(1 << (i & 31));
    }
    key() {
        let s = '';
        for (const w of this.words)
            s += w.toString(36) + ',';
        return s;
    }
}
function run(ops, model, opts) {
    const budget = opts.budget ?? 5_000_000;
    const head = buildList(ops);
    const bits = new Bits(ops.length);
    const cache = new Set();
    const stack = [];
    let state = opts.init !== undefined ? opts.init : model.init();
    let definiteLeft = ops.reduce((n, o) => n + (o.ret !== null ? 1 : 0), 0);
    let best = null;
    let steps = 0;
    let entry = head.next;
    const backtrack = () => {
        const top = stack.pop();
        if (!top)
            return false;
        state = top.state;
        bits.clear(top.entry.op);
        unlift(top.entry);
        if (ops[top.entry.op].ret !== null)
            definiteLeft++;
        entry = top.entry.next;
        return true;
    };
    for (;;) {
        if (definiteLeft === 0) {
            if (!opts.collectFinal)
                return { verdict: 'linearizable', steps };
            opts.collectFinal.set(model.stateKey(state), state);
            if (!backtrack())
                return { verdict: 'linearizable', steps };
            continue;
        }
        if (++steps > budget)
            return { verdict: 'unknown', steps };
        if (entry === null) {
            // Only indeterminate calls are left after the cursor, yet a definite operation remains:
            // impossible, since its return entry lies after its call.
            throw new Error('linearizability search: ran off the end of the history');
        }
        if (entry.call) {
            const op = ops[entry.op];
            const next = model.step(state, op.input, op.output);
            if (next !== null) {
                bits.set(entry.op);
                const key = bits.key() + '|' + model.stateKey(next);
                if (!cache.has(key)) {
                    cache.add(key);
                    stack.push({ entry, state });
                    state = next;
                    lift(entry);
                    if (op.ret !== null)
                        definiteLeft--;
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
            best = { blocked: ops[entry.op], linearized: stack.map((s) => ops[s.entry.op].id), state };
        }
        if (!backtrack()) {
            if (opts.collectFinal && opts.collectFinal.size > 0)
                return { verdict: 'linearizable', steps };
            return { verdict: 'not linearizable', steps, failure: best };
        }
    }
}
/** Checks one history against one model (no partitioning). */
export function checkOperations(ops, model, opts = {}) {
    return run(ops, model, opts);
}
/**
 * Every state the model can be in after all of `ops` (all definite) are linearized; null when
 * the search budget runs out or the history is not linearizable.
 */
export function finalStates(ops, model, init, budget) {
    const states = new Map();
    const r = run(ops, model, { init, budget, collectFinal: states });
    if (r.verdict !== 'linearizable' || states.size === 0)
        return null;
    return [...states.values()];
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
export function minimize(ops, model, failure, opts = {}) {
    const budget = opts.budget ?? 200_000;
    let attempts = opts.maxAttempts ?? 400;
    const fails = (h, init) => {
        attempts--;
        return run(h, model, { init, budget }).verdict === 'not linearizable';
    };
    let init = model.init();
    let skipped = 0;
    // 1. The prefix up to the blocked operation's completion.
    const cut = failure.blocked.ret ?? Infinity;
    let current = ops
        .filter((o) => o.call <= cut)
        .map((o) => (o.ret !== null && o.ret > cut ? { ...o, ret: null, output: undefined } : o))
        .filter((o) => o.ret !== null || !model.effectFree(o.input, o.output));
    if (!fails(current, init))
        current = [...ops];
    // 2. The latest quiescent instant with a unique state that keeps the failure.
    const sorted = [...current].sort((a, b) => a.call - b.call);
    const candidates = [];
    let horizon = -Infinity; // latest completion among operations invoked so far
    for (let i = 0; i < sorted.length; i++) {
        if (i > 0 && horizon < sorted[i].call)
            candidates.push(i);
        const r = sorted[i].ret;
        horizon = Math.max(horizon, r === null ? Infinity : r);
    }
    for (let k = candidates.length - 1; k >= 0 && attempts > 0; k--) {
        const before = sorted.slice(0, candidates[k]);
        const after = sorted.slice(candidates[k]);
        const states = finalStates(before, model, init, budget);
        attempts--;
        if (states === null || states.length !== 1)
            continue;
        if (fails(after, states[0])) {
            skipped = before.length;
            init = states[0];
            current = after;
            break;
        }
    }
    // 3. Drop effect-free operations while it still fails.
    for (let i = current.length - 1; i >= 0 && attempts > 0; i--) {
        const o = current[i];
        if (o.id === failure.blocked.id)
            continue;
        if (!model.effectFree(o.input, o.output))
            continue;
        const without = current.filter((_, j) => j !== i);
        if (fails(without, init))
            current = without;
    }
    return { initial: init, skipped, ops: current.sort((a, b) => a.call - b.call) };
}
//# sourceMappingURL=search.js.map