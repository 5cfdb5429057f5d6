const KINDS = ['data', 'exist', 'child', 'persistent', 'persistentRecursive'];
/** Which tables a removeWatches type addresses, in the order removal events are delivered. */
const KINDS_BY_TYPE = {
    Children: ['child'],
    Data: ['data', 'exist'],
    Persistent: ['persistent'],
    PersistentRecursive: ['persistentRecursive'],
    Any: ['child', 'data', 'exist', 'persistent', 'persistentRecursive'],
};
const REMOVED_EVENT = {
    data: 'DataWatchRemoved',
    exist: 'DataWatchRemoved',
    child: 'ChildWatchRemoved',
    persistent: 'PersistentWatchRemoved',
    persistentRecursive: 'PersistentWatchRemoved',
};
export class WatchRegistry {
    tables = {
        data: new Map(),
        exist: new Map(),
        child: new Map(),
        persistent: new Map(),
        persistentRecursive: new Map(),
    };
    add(kind, path, watcher) {
        const table = this.tables[kind];
        let set = table.get(path);
        if (!set) {
            set = new Set();
            table.set(path, set);
        }
        set.add(watcher);
    }
    /**
     * The watchers an event from the server goes to. One-shot entries are consumed here;
     * persistent ones stay. Recursive watches on the path or any ancestor see everything
     * except NodeChildrenChanged (the server never sends that for recursive watches, and a
     * node that also has a child watch must not call the recursive watcher for it).
     */
    materialize(type, path) {
        const out = new Set();
        const take = (kind) => {
            const set = this.tables[kind].get(path);
            if (set) {
                for (const w of set)
                    out.add(w);
                this.tables[kind].delete(path);
            }
        };
        switch (type) {
            case 'NodeCreated':
            case 'NodeDataChanged':
                take('data');
                take('exist');
                break;
            case 'NodeChildrenChanged':
                take('child');
                break;
            case 'NodeDeleted':
                take('data');
                take('exist');
                take('child');
                break;
            default:
                return out;
        }
        const persistent = this.tables.persistent.get(path);
        if (persistent)
            for (const w of persistent)
                out.add(w);
        if (type !== 'NodeChildrenChanged' && this.tables.persistentRecursive.size > 0) {
            for (let p = path; p !== null; p = ancestor(p)) {
                const rec = this.tables.persistentRecursive.get(p);
                if (rec)
                    for (const w of rec)
                        out.add(w);
            }
        }
        return out;
    }
    /** Is `watcher` (or any watcher, when null) registered for `path` in the tables of `type`? */
    contains(path, watcher, type) {
        return KINDS_BY_TYPE[type].some((k) => {
            const set = this.tables[k].get(path);
            return set !== undefined && (watcher === null ? set.size > 0 : set.has(watcher));
        });
    }
    /**
     * Would removing (`watcher` or all, for `type`) leave no watcher at all of the affected
     * server tables for `path`? If so the server registration can be removed too; otherwise
     * another local callback still needs it.
     */
    removalEmptiesPath(path, watcher, type) {
        if (watcher === null)
            return true;
        return KINDS_BY_TYPE[type].every((k) => {
            const set = this.tables[k].get(path);
            return set === undefined || (set.size === 1 && set.has(watcher));
        });
    }
    /**
     * Removes `watcher` (or every watcher, when null) of the tables addressed by `type` and
     * returns what to notify: each removed watcher gets one event per kind of removal.
     */
    remove(path, watcher, type) {
        const byEvent = new Map();
        for (const k of KINDS_BY_TYPE[type]) {
            const set = this.tables[k].get(path);
            if (!set)
                continue;
            const removed = [];
            if (watcher === null) {
                removed.push(...set);
                set.clear();
            }
            else if (set.delete(watcher)) {
                removed.push(watcher);
            }
            if (set.size === 0)
                this.tables[k].delete(path);
            if (removed.length === 0)
                continue;
            const ev = REMOVED_EVENT[k];
            let target = byEvent.get(ev);
            if (!target) {
                target = new Set();
                byEvent.set(ev, target);
            }
            for (const w of removed)
                target.add(w);
        }
        return [...byEvent.entries()];
    }
    isEmpty() {
        return KINDS.every((k) => this.tables[k].size === 0);
    }
    /** The paths to re-register after a reconnect (setWatches / setWatches2). */
    paths() {
        return {
            data: [...this.tables.data.keys()],
            exist: [...this.tables.exist.keys()],
            child: [...this.tables.child.keys()],
            persistent: [...this.tables.persistent.keys()],
            persistentRecursive: [...this.tables.persistentRecursive.keys()],
        };
    }
    /** Every registered watcher (for delivering a final Expired/Closed event). */
    allWatchers() {
        const out = new Set();
        for (const k of KINDS)
            for (const set of this.tables[k].values())
                for (const w of set)
                    out.add(w);
        return out;
    }
    clear() {
        for (const k of KINDS)
            this.tables[k].clear();
    }
}
function ancestor(path) {
    if (path === '/')
        return null;
    const i = path.lastIndexOf('/');
    return i <= 0 ? '/' : path.slice(0, i);
}
//# sourceMappingURL=watches.js.map