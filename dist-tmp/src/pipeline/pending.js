import { Fifo } from '../base/queue.js';
export function viewOf(n) {
    return {
        acl: n.acl,
        version: n.version,
        cversion: n.cversion,
        aversion: n.aversion,
        ephemeralOwner: n.ephemeralOwner,
        childCount: n.children.size,
    };
}
export class PendingChanges {
    tree;
    changes = new Map();
    /** Changes in zxid order, so that forgetting applied ones costs O(applied). */
    order = new Fifo();
    constructor(tree) {
        this.tree = tree;
    }
    view(path) {
        const c = this.changes.get(path);
        if (c)
            return c.view;
        const n = this.tree.get(path);
        return n ? viewOf(n) : null;
    }
    set(path, zxid, view) {
        this.changes.set(path, { zxid, view });
        this.order.push({ zxid, path });
    }
    *changedPaths() {
        for (const [p, c] of this.changes)
            yield [p, c.view];
    }
    /** The session's ephemerals as the tree knows them (before in-flight changes). */
    treeEphemerals(session) {
        return this.tree.ephemeralsOf(session);
    }
    /** Once a txn is applied the tree holds its effect: forget changes no newer than it. */
    applied(zxid) {
        while (this.order.length > 0 && this.order.peek().zxid <= zxid) {
            const { path } = this.order.shift();
            const c = this.changes.get(path);
            if (c && c.zxid <= zxid)
                this.changes.delete(path);
        }
    }
    /** Everything in flight was abandoned (a leader stepping down). */
    clear() {
        this.changes.clear();
        while (this.order.length > 0)
            this.order.shift();
    }
    get size() {
        return this.changes.size;
    }
}
/** A scratch layer for one multi: its ops see each other, and nothing leaks if one fails. */
export class ScratchChanges {
    base;
    local = new Map();
    constructor(base) {
        this.base = base;
    }
    view(path) {
        return this.local.has(path) ? this.local.get(path) : this.base.view(path);
    }
    set(path, _zxid, view) {
        this.local.set(path, view);
    }
    *changedPaths() {
        for (const e of this.base.changedPaths())
            if (!this.local.has(e[0]))
                yield e;
        yield* this.local;
    }
}
//# sourceMappingURL=pending.js.map