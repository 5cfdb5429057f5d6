import { NoNodeError } from '../errors.js';
import { CreateMode } from '../types.js';
import { createProtected, Deadline, deleteGuaranteed, forgetWatcher, joinPath, localAddressBytes, nextEvent, nodeName, RecipeStateError, retrying, } from './internal.js';
import { Mutex } from './mutex.js';
import { Ownership } from './ownership.js';
const LOCK_PARENT = 'locks';
const LEASE_PARENT = 'leases';
const LEASE_BASE_NAME = 'lease-';
export class Semaphore {
    zk;
    path;
    maxLeases;
    options;
    lock;
    leasesPath;
    constructor(zk, path, maxLeases, options = {}) {
        this.zk = zk;
        this.path = path;
        this.maxLeases = maxLeases;
        this.options = options;
        if (!path.startsWith('/'))
            throw new RecipeStateError(`semaphore path must be absolute: ${path}`);
        if (!Number.isInteger(maxLeases) || maxLeases < 1)
            throw new RecipeStateError(`maxLeases must be a positive integer, got ${maxLeases}`);
        this.lock = new Mutex(zk, joinPath(path, LOCK_PARENT));
        this.leasesPath = joinPath(path, LEASE_PARENT);
    }
    /** One lease. */
    async acquire(opts = {}) {
        return (await this.acquireMany(1, opts))[0];
    }
    /** `qty` leases, all or none (the ones obtained are returned if a later one fails). */
    async acquireMany(qty, opts = {}) {
        if (!Number.isInteger(qty) || qty < 1)
            throw new RecipeStateError(`qty must be a positive integer, got ${qty}`);
        const dl = new Deadline(`acquire a lease of ${this.path}`, opts);
        const leases = [];
        try {
            while (leases.length < qty)
                leases.push(await this.acquireOne(dl, opts));
            return leases;
        }
        catch (e) {
            await Promise.all(leases.map((l) => l.release()));
            throw e;
        }
    }
    /** The lease node names (getParticipantNodes). */
    async participantNodes() {
        try {
            return await this.zk.getChildren(this.leasesPath);
        }
        catch (e) {
            if (e instanceof NoNodeError)
                return [];
            throw e;
        }
    }
    async acquireOne(dl, opts) {
        for (let attempt = 0;; attempt++) {
            const lock = await this.lock.acquire({ timeoutMs: opts.timeoutMs === undefined ? undefined : Math.max(0, dl.remaining()), signal: opts.signal });
            try {
                const path = await createProtected(this.zk, joinPath(this.leasesPath, LEASE_BASE_NAME), { data: this.options.data === undefined ? localAddressBytes() : this.options.data, mode: CreateMode.EPHEMERAL_SEQUENTIAL }, dl);
                let ok = false;
                try {
                    const present = await this.waitForRoom(nodeName(path), dl);
                    if (!present) {
                        // Our node vanished (a session change): Curator tries again.
                        if (attempt < 3)
                            continue;
                        throw new NoNodeError(-101, path, 'sequential path not found - possible session loss');
                    }
                    ok = true;
                    return this.makeLease(path);
                }
                finally {
                    if (!ok)
                        await deleteGuaranteed(this.zk, path);
                }
            }
            finally {
                await lock.release();
            }
        }
    }
    /** True once there is room for us; false if our node is not among the leases. */
    async waitForRoom(ourName, dl) {
        for (;;) {
            const { watcher, fired } = nextEvent();
            const children = await retrying(this.zk, dl, () => this.zk.getChildren(this.leasesPath, watcher));
            if (!children.includes(ourName)) {
                forgetWatcher(this.zk, this.leasesPath, watcher, 'Children');
                return false;
            }
            if (children.length <= this.maxLeases) {
                forgetWatcher(this.zk, this.leasesPath, watcher, 'Children');
                return true;
            }
            try {
                await dl.race(fired);
            }
            catch (e) {
                forgetWatcher(this.zk, this.leasesPath, watcher, 'Children');
                throw e;
            }
        }
    }
    makeLease(path) {
        const ownership = new Ownership(this.zk, `lease of ${this.path}`, path, this.options);
        let released = false;
        const release = async () => {
            if (released)
                return;
            released = true;
            ownership.stop();
            await deleteGuaranteed(this.zk, path);
        };
        return {
            path,
            signal: ownership.signal,
            get held() {
                return !released;
            },
            release,
            [Symbol.asyncDispose]: release,
        };
    }
}
//# sourceMappingURL=semaphore.js.map