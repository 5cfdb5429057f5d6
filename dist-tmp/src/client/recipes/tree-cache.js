/**
 * TreeCache and NodeCache: a local copy of a subtree (or one node) kept up to date, with an
 * initial snapshot and change events (an EventEmitter and an async iterator).
 *
 * Where the server has persistent watches (3.6+, and zk-ts) the cache registers ONE
 * persistent recursive watch on its root (a persistent one for NodeCache) before taking the
 * snapshot, so no change between the two is missed; each event then re-reads just the
 * node concerned. Persistent watches do not replay what happened while the connection was
 * down, so after a reconnection, and after a new session, the cache takes a fresh snapshot
 * and reports the differences as events: it converges on the server's state whatever was
 * missed. On an older server (addWatch unimplemented) it falls back to one-shot data and
 * child watches on every node, as Curator's TreeCache does.
 *
 *   const cache = new TreeCache(zk, '/config');
 *   await cache.start();
 *   cache.get('/config/db')?.data;
 *   for await (const e of cache.events({ signal })) console.log(e.type, e.path);
 */
import { EventEmitter } from 'node:events';
import { NoNodeError, UnimplementedError } from '../errors.js';
import { joinPath, RecipeStateError, RecipeSteps } from './internal.js';
export class TreeCache extends EventEmitter {
    zk;
    root;
    nodes = new Map();
    state = 'LATENT';
    persistent;
    maxDepth;
    /** Background steps, run one at a time in order, and the client events listened to. */
    steps;
    persistentWatcher = (e) => this.onPersistentEvent(e);
    oneShotWatcher = (e) => this.onOneShotEvent(e);
    streams = new Set();
    constructor(zk, root, options = {}) {
        super();
        this.zk = zk;
        this.root = root;
        this.steps = new RecipeSteps(zk, () => this.state === 'STARTED', (e) => {
            if (this.listenerCount('error') > 0)
                this.emit('error', e);
        });
        if (!root.startsWith('/'))
            throw new RecipeStateError(`cache path must be absolute: ${root}`);
        this.maxDepth = options.maxDepth ?? Infinity;
        this.persistent = options.persistentWatches ?? true;
    }
    /** Registers the watch and loads the initial snapshot (emitting 'added' events, then 'initialized'). */
    async start() {
        if (this.state !== 'LATENT')
            throw new RecipeStateError('Cannot be started more than once');
        this.state = 'STARTED';
        this.steps.listen('reconnected', () => this.steps.enqueue(() => this.resync(false)));
        this.steps.listen('connected', () => this.steps.enqueue(() => this.resync(true)));
        await this.steps.enqueue(async () => {
            await this.armWatch();
            await this.snapshot();
            this.publish({ type: 'initialized' });
        });
    }
    /** The cached node at `path`, if any. */
    get(path) {
        return this.nodes.get(path);
    }
    /** Cached children of `path` (names, sorted), or undefined if `path` is not cached. */
    children(path) {
        if (!this.nodes.has(path))
            return undefined;
        const prefix = path === '/' ? '/' : `${path}/`;
        const out = [];
        for (const p of this.nodes.keys()) {
            if (p !== path && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
                out.push(p.slice(prefix.length));
        }
        return out.sort();
    }
    /** Every cached node (path → data). */
    entries() {
        return new Map(this.nodes);
    }
    get size() {
        return this.nodes.size;
    }
    /** Change events from now on, until the signal aborts or the cache is closed. */
    async *events(opts = {}) {
        const queue = [];
        let wake = null;
        let ended = false;
        const push = (e) => {
            if (e === null)
                ended = true;
            else
                queue.push(e);
            wake?.();
        };
        this.streams.add(push);
        const onAbort = () => push(null);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        try {
            for (;;) {
                const e = queue.shift();
                if (e) {
                    yield e;
                    continue;
                }
                if (ended || opts.signal?.aborted || this.state === 'CLOSED')
                    return;
                await new Promise((r) => (wake = r));
                wake = null;
            }
        }
        finally {
            this.streams.delete(push);
            opts.signal?.removeEventListener('abort', onAbort);
        }
    }
    async close() {
        if (this.state !== 'STARTED')
            return;
        this.state = 'CLOSED';
        this.steps.unlisten();
        for (const s of this.streams)
            s(null);
        await this.steps.settled();
        if (this.persistent) {
            const type = this.maxDepth === 0 ? 'Persistent' : 'PersistentRecursive';
            await this.zk.removeWatches(this.root, this.persistentWatcher, type, true).catch(() => undefined);
        }
    }
    // ---------------------------------------------------------------- internals
    depthOf(path) {
        if (path === this.root)
            return 0;
        const rel = this.root === '/' ? path.slice(1) : path.slice(this.root.length + 1);
        return rel.split('/').length;
    }
    inScope(path) {
        if (path !== this.root && !path.startsWith(this.root === '/' ? '/' : `${this.root}/`))
            return false;
        return this.depthOf(path) <= this.maxDepth;
    }
    async armWatch() {
        if (!this.persistent)
            return;
        try {
            await this.zk.addWatch(this.root, this.persistentWatcher, this.maxDepth === 0 ? 'PERSISTENT' : 'PERSISTENT_RECURSIVE');
        }
        catch (e) {
            if (!(e instanceof UnimplementedError))
                throw e;
            this.persistent = false; // an older server: one-shot watches on every node
        }
    }
    /** Reads the whole subtree and reports differences from the cache as events. */
    async snapshot() {
        const fresh = new Map();
        const visit = async (path) => {
            const watcher = this.persistent ? undefined : this.oneShotWatcher;
            let node;
            let children = [];
            try {
                const { data, stat } = await this.zk.getData(path, watcher);
                node = { path, data, stat };
                if (this.depthOf(path) < this.maxDepth)
                    children = await this.zk.getChildren(path, watcher);
            }
            catch (e) {
                if (e instanceof NoNodeError) {
                    if (!this.persistent && path === this.root)
                        await this.zk.exists(path, watcher);
                    return;
                }
                throw e;
            }
            fresh.set(path, node);
            await Promise.all(children.map((c) => visit(joinPath(path, c))));
        };
        await visit(this.root);
        for (const [path, node] of this.nodes) {
            if (!fresh.has(path)) {
                this.nodes.delete(path);
                this.publish({ type: 'removed', path, node });
            }
        }
        for (const path of [...fresh.keys()].sort()) {
            const node = fresh.get(path);
            const old = this.nodes.get(path);
            this.nodes.set(path, node);
            if (!old)
                this.publish({ type: 'added', path, node });
            else if (old.stat.mzxid !== node.stat.mzxid || old.stat.czxid !== node.stat.czxid)
                this.publish({ type: 'updated', path, node });
        }
    }
    async resync(newSession) {
        if (newSession && this.state === 'STARTED')
            await this.armWatch();
        await this.snapshot();
        this.publish({ type: 'resynced' });
    }
    onPersistentEvent(e) {
        if (e.type === 'None' || e.path === null || !this.inScope(e.path))
            return;
        const path = e.path;
        switch (e.type) {
            case 'NodeCreated':
            case 'NodeDataChanged':
                void this.steps.enqueue(() => this.refreshOne(path));
                break;
            case 'NodeDeleted':
                void this.steps.enqueue(async () => this.removeSubtree(path));
                break;
            case 'NodeChildrenChanged':
                // Only a non-recursive (NodeCache) watch sends this; the node itself is unchanged.
                break;
        }
    }
    onOneShotEvent(e) {
        if (e.type === 'None' || e.path === null || this.state !== 'STARTED')
            return;
        const path = e.path;
        void this.steps.enqueue(() => this.refreshTree(path));
    }
    /** Persistent mode: one node changed or appeared. */
    async refreshOne(path) {
        let fetched;
        try {
            const { data, stat } = await this.zk.getData(path);
            fetched = { path, data, stat };
        }
        catch (e) {
            if (e instanceof NoNodeError)
                return; // deleted meanwhile: its NodeDeleted follows
            throw e;
        }
        this.store(fetched);
    }
    /** One-shot mode: re-read a node and its children, re-arming the watches. */
    async refreshTree(path) {
        let fetched;
        let children = [];
        try {
            const { data, stat } = await this.zk.getData(path, this.oneShotWatcher);
            fetched = { path, data, stat };
            if (this.depthOf(path) < this.maxDepth)
                children = await this.zk.getChildren(path, this.oneShotWatcher);
        }
        catch (e) {
            if (!(e instanceof NoNodeError))
                throw e;
            this.removeSubtree(path);
            if (path === this.root)
                await this.zk.exists(path, this.oneShotWatcher);
            return;
        }
        this.store(fetched);
        const known = new Set(this.children(path) ?? []);
        for (const c of children)
            if (!known.has(c))
                await this.refreshTree(joinPath(path, c));
        for (const c of known)
            if (!children.includes(c))
                this.removeSubtree(joinPath(path, c));
    }
    store(node) {
        const old = this.nodes.get(node.path);
        if (old && old.stat.czxid === node.stat.czxid && old.stat.mzxid >= node.stat.mzxid)
            return; // nothing newer
        this.nodes.set(node.path, node);
        this.publish({ type: old ? 'updated' : 'added', path: node.path, node });
    }
    removeSubtree(path) {
        const prefix = path === '/' ? '/' : `${path}/`;
        const doomed = [...this.nodes.keys()].filter((p) => p === path || p.startsWith(prefix)).sort().reverse();
        for (const p of doomed) {
            const node = this.nodes.get(p);
            this.nodes.delete(p);
            this.publish({ type: 'removed', path: p, node });
        }
    }
    publish(e) {
        for (const s of this.streams)
            s(e);
        try {
            this.emit('change', e);
        }
        catch {
            /* a listener's problem is not the cache's */
        }
    }
}
/** NodeCache: one node (Curator's NodeCache), `current` is null while it does not exist. */
export class NodeCache extends TreeCache {
    constructor(zk, path, options = {}) {
        super(zk, path, { ...options, maxDepth: 0 });
    }
    get current() {
        return this.get(this.root) ?? null;
    }
}
//# sourceMappingURL=tree-cache.js.map