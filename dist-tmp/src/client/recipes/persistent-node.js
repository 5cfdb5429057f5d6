/**
 * PersistentNode: Curator's PersistentNode (and PersistentTtlNode's mode). A node that stays
 * there as long as this object is open: created with parents as containers, watched, and
 * created again whenever it disappears, the connection comes back, or (with a client that
 * starts new sessions after an expiry) a new session begins. With `protection`, the name
 * carries Curator's `_c_<uuid>-` prefix, so a create whose reply was lost is found again
 * instead of duplicated; a sequential node keeps its sequence number when recreated.
 *
 *   const node = new PersistentNode(zk, '/services/api/host-1', 'payload', { mode: 'ephemeral' });
 *   await node.start();   // resolves once created
 */
import { EventEmitter } from 'node:events';
import { NodeExistsError, NoNodeError } from '../errors.js';
import { CreateMode } from '../types.js';
import { createProtected, createWithParents, Deadline, deleteGuaranteed, isDead, isRetryable, RecipeStateError, toData, } from './internal.js';
const MODES = {
    ephemeral: CreateMode.EPHEMERAL,
    ephemeral_sequential: CreateMode.EPHEMERAL_SEQUENTIAL,
    persistent: CreateMode.PERSISTENT,
    persistent_sequential: CreateMode.PERSISTENT_SEQUENTIAL,
    ttl: CreateMode.PERSISTENT_WITH_TTL,
};
/** Once the path is known, a sequential node is recreated under the same name. */
const UNSEQUENTIAL = {
    [CreateMode.EPHEMERAL_SEQUENTIAL]: CreateMode.EPHEMERAL,
    [CreateMode.PERSISTENT_SEQUENTIAL]: CreateMode.PERSISTENT,
};
export class PersistentNode extends EventEmitter {
    zk;
    basePath;
    options;
    state = 'LATENT';
    data;
    nodePath = null;
    mode;
    closing = new AbortController();
    chain = Promise.resolve();
    firstCreate;
    clientListeners = [];
    watcher = (e) => this.onEvent(e);
    constructor(zk, basePath, data, options = {}) {
        super();
        this.zk = zk;
        this.basePath = basePath;
        this.options = options;
        if (!basePath.startsWith('/'))
            throw new RecipeStateError(`node path must be absolute: ${basePath}`);
        this.mode = MODES[options.mode ?? 'ephemeral'];
        if (this.mode === undefined)
            throw new RecipeStateError(`unknown mode ${options.mode}`);
        if (options.mode === 'ttl' && !(options.ttl && options.ttl > 0))
            throw new RecipeStateError('mode ttl needs a positive ttl');
        this.data = toData(data);
        let resolve;
        const promise = new Promise((r) => (resolve = r));
        this.firstCreate = { promise, resolve };
    }
    /** Creates the node and keeps it; resolves once it first exists (bounded by `opts`). */
    async start(opts = {}) {
        if (this.state !== 'LATENT')
            throw new RecipeStateError('Already started');
        this.state = 'STARTED';
        this.listen('reconnected', () => this.schedule());
        this.listen('connected', () => this.onNewSession());
        this.schedule();
        await this.waitForInitialCreate(opts);
    }
    /** Resolves once the node has been created (rejects with TimeoutError / the abort reason). */
    waitForInitialCreate(opts = {}) {
        return new Deadline(`create ${this.basePath}`, opts).race(this.firstCreate.promise);
    }
    /** The node's actual path (with protection prefix and sequence), once created. */
    get actualPath() {
        return this.nodePath;
    }
    getData() {
        return this.data;
    }
    /** Changes the node's data (kept for every re-creation too). */
    async setData(data) {
        if (this.nodePath === null)
            throw new RecipeStateError('initial create has not been processed: await start() first');
        this.data = toData(data);
        if (this.state === 'STARTED')
            await this.zk.setData(this.nodePath, this.data);
    }
    /** Stops keeping the node and deletes it. */
    async close() {
        if (this.state !== 'STARTED')
            return;
        this.state = 'CLOSED';
        this.closing.abort();
        for (const [name, fn] of this.clientListeners)
            this.zk.off(name, fn);
        this.clientListeners.length = 0;
        await this.chain.catch(() => undefined);
        const path = this.nodePath;
        this.nodePath = null;
        if (path) {
            this.zk.removeWatches(path, this.watcher, 'Data', true).catch(() => undefined);
            await deleteGuaranteed(this.zk, path);
        }
    }
    // ---------------------------------------------------------------- internals
    listen(name, fn) {
        this.zk.on(name, fn);
        this.clientListeners.push([name, fn]);
    }
    onNewSession() {
        // A fresh session has none of our ephemerals: create again (the watch went with it too).
        this.schedule();
    }
    schedule() {
        const run = this.chain.then(async () => {
            if (this.state !== 'STARTED')
                return;
            try {
                await this.ensure();
            }
            catch (e) {
                if (this.state !== 'STARTED' || isDead(this.zk) || isRetryable(e))
                    return; // the next reconnection retries
                if (this.listenerCount('error') > 0)
                    this.emit('error', e);
            }
        });
        this.chain = run;
    }
    /** Makes sure the node exists and is watched (Curator's createNode + watchNode). */
    async ensure() {
        if (this.nodePath !== null) {
            const stat = await this.zk.exists(this.nodePath, this.watcher);
            if (stat !== null)
                return;
        }
        const existing = this.nodePath;
        const createPath = existing ?? this.basePath;
        const mode = existing !== null ? (UNSEQUENTIAL[this.mode] ?? this.mode) : this.mode;
        const spec = { data: this.data, mode, ttl: this.mode === CreateMode.PERSISTENT_WITH_TTL ? this.options.ttl : undefined };
        let path;
        try {
            if (this.options.protection && existing === null) {
                path = await createProtected(this.zk, createPath, spec, new Deadline(`create ${createPath}`, { signal: this.closing.signal }));
            }
            else {
                path = await createWithParents(this.zk, createPath, spec);
            }
        }
        catch (e) {
            if (!(e instanceof NodeExistsError))
                throw e;
            // Ours from before (or someone's): take it over with our data, as Curator does.
            path = createPath;
            this.nodePath = path;
            await this.zk.exists(path, this.watcher);
            await this.zk.setData(path, this.data).catch((e2) => {
                if (!(e2 instanceof NoNodeError))
                    throw e2;
                this.schedule();
            });
            this.firstCreate.resolve();
            return;
        }
        if (this.state !== 'STARTED') {
            await deleteGuaranteed(this.zk, path);
            return;
        }
        this.nodePath = path;
        await this.zk.exists(path, this.watcher);
        this.firstCreate.resolve();
        this.emit('created', path);
    }
    onEvent(e) {
        if (this.state !== 'STARTED')
            return;
        if (e.type === 'NodeDeleted' || e.type === 'NodeDataChanged' || e.type === 'NodeCreated')
            this.schedule();
    }
}
//# sourceMappingURL=persistent-node.js.map