import { attemptLock, getSortedChildren, standardDriver } from './lock-internals.js';
import { Deadline, deleteGuaranteed, joinPath, localAddressBytes, RecipeStateError } from './internal.js';
import { Ownership } from './ownership.js';
/** The reentrant holder shared by Mutex and the two halves of ReadWriteLock. */
export class ReentrantLock {
    zk;
    basePath;
    driver;
    options;
    what;
    holding = null;
    acquiring = null;
    constructor(zk, basePath, driver, options, what) {
        this.zk = zk;
        this.basePath = basePath;
        this.driver = driver;
        this.options = options;
        this.what = what;
    }
    /** Held by this instance (by any of its handles). */
    get isHeld() {
        return this.holding !== null;
    }
    async acquire(opts = {}) {
        const dl = new Deadline(`acquire ${this.what} ${this.basePath}`, opts);
        // One acquisition per instance at a time; later callers re-enter once it is held.
        while (this.acquiring)
            await dl.race(this.acquiring.catch(() => undefined));
        dl.check();
        if (this.holding && !this.holding.ownership.lost) {
            this.holding.count++;
            return this.handle(this.holding);
        }
        const attempt = attemptLock(this.zk, this.basePath, this.driver, this.options.data === undefined ? localAddressBytes() : this.options.data, dl);
        this.acquiring = attempt;
        try {
            const path = await attempt;
            const holding = { path, count: 1, ownership: new Ownership(this.zk, `${this.what} ${this.basePath}`, path, this.options) };
            this.holding = holding;
            return this.handle(holding);
        }
        finally {
            this.acquiring = null;
        }
    }
    handle(holding) {
        let released = false;
        const release = async () => {
            if (released)
                return;
            released = true;
            holding.count--;
            if (holding.count > 0)
                return;
            if (this.holding === holding)
                this.holding = null;
            holding.ownership.stop();
            await deleteGuaranteed(this.zk, holding.path);
        };
        return {
            path: holding.path,
            signal: holding.ownership.signal,
            get held() {
                return !released;
            },
            release,
            [Symbol.asyncDispose]: release,
        };
    }
    /** Lock node paths in line order. */
    async participantNodes(filter) {
        const sorted = await getSortedChildren(this.zk, this.basePath, this.driver);
        return sorted.filter((n) => !filter || filter(n)).map((n) => joinPath(this.basePath, n));
    }
}
export class Mutex {
    path;
    lock;
    constructor(zk, path, options = {}) {
        this.path = path;
        if (!path.startsWith('/'))
            throw new RecipeStateError(`lock path must be absolute: ${path}`);
        this.lock = new ReentrantLock(zk, path, standardDriver('lock-'), options, 'lock');
    }
    /** Waits for the lock; rejects with TimeoutError after `timeoutMs`, or the signal's reason. */
    acquire(opts = {}) {
        return this.lock.acquire(opts);
    }
    /** Curator's isAcquiredInThisProcess (for this instance). */
    isAcquired() {
        return this.lock.isHeld;
    }
    /** getParticipantNodes: the lock nodes, holder first. */
    participantNodes() {
        return this.lock.participantNodes();
    }
}
//# sourceMappingURL=mutex.js.map