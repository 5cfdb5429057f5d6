/**
 * P-compositionality (Herlihy & Wing's locality, as Knossos and Porcupine use it): a history of
 * operations on independent objects is linearizable exactly when each object's sub-history is.
 * Each operation names its object (`partition`); each object is searched alone, with its own
 * model, which keeps the search small however long the whole history is.
 */
import { checkOperations, minimize } from './search.js';
export function checkPartitioned(ops, modelFor, opts = {}) {
    const byPartition = new Map();
    for (const op of ops) {
        let list = byPartition.get(op.partition);
        if (!list)
            byPartition.set(op.partition, (list = []));
        list.push(op);
    }
    const partitions = [];
    for (const [partition, list] of [...byPartition].sort((a, b) => a[0].localeCompare(b[0]))) {
        const model = modelFor(partition);
        const r = checkOperations(list, model, opts);
        const v = { partition, operations: list.length, verdict: r.verdict, steps: r.steps };
        if (r.verdict === 'not linearizable') {
            const f = r.failure;
            const blocked = f.blocked;
            v.explanation =
                `${describe(model, blocked)} could not be linearized: after the longest consistent ordering found ` +
                    `(${f.linearized.length} operations) the ${partition} is ${model.describeState(f.state)}`;
            if (opts.minimize !== false)
                v.counterexample = minimize(list, model, f);
        }
        partitions.push(v);
    }
    const verdict = partitions.some((p) => p.verdict === 'not linearizable')
        ? 'not linearizable'
        : partitions.some((p) => p.verdict === 'unknown')
            ? 'unknown'
            : 'linearizable';
    return { verdict, operations: ops.length, partitions };
}
/** "#12 client 3 create /a=x -> ok" */
export function describe(model, op) {
    return `#${op.id} client ${op.process} ${model.describeOp(op.input, op.output)}${op.ret === null ? ' (indeterminate)' : ''}`;
}
/** A counterexample as text lines, with times relative to `t0` in seconds. */
export function formatCounterexample(model, c, t0 = 0) {
    const fmt = (t) => (t === null ? '   ?   ' : ((t - t0) / 1000).toFixed(3).padStart(7));
    const lines = [
        c.skipped > 0
            ? `starting from ${model.describeState(c.initial)} (where all ${c.skipped} earlier operations lead, in any order):`
            : `starting from ${model.describeState(c.initial)}:`,
    ];
    for (const op of c.ops)
        lines.push(`  ${fmt(op.call)} .. ${fmt(op.ret)}  ${describe(model, op)}`);
    return lines;
}
//# sourceMappingURL=partition.js.map