/** Shorthands: `client.multi([op.create('/a'), op.check('/b', 3)])`. */
export const op = {
    create(path, data, options = {}) {
        return { type: 'create', path, data, ...options };
    },
    delete(path, version = -1) {
        return { type: 'delete', path, version };
    },
    setData(path, data, version = -1) {
        return { type: 'setData', path, data, version };
    },
    check(path, version) {
        return { type: 'check', path, version };
    },
};
/** Builder for client.transaction(): chain ops, then commit() them all-or-nothing. */
export class Transaction {
    run;
    ops = [];
    constructor(run) {
        this.run = run;
    }
    create(path, data, options = {}) {
        this.ops.push(op.create(path, data, options));
        return this;
    }
    delete(path, version = -1) {
        this.ops.push(op.delete(path, version));
        return this;
    }
    setData(path, data, version = -1) {
        this.ops.push(op.setData(path, data, version));
        return this;
    }
    check(path, version) {
        this.ops.push(op.check(path, version));
        return this;
    }
    commit() {
        return this.run(this.ops);
    }
}
//# sourceMappingURL=ops.js.map