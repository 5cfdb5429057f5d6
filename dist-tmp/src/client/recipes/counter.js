import { BadVersionError, NodeExistsError, NoNodeError } from '../errors.js';
import { CreateMode } from '../types.js';
import { createWithParents, Deadline, RecipeStateError, retrying } from './internal.js';
export class Counter {
    zk;
    path;
    encoding;
    constructor(zk, path, options = {}) {
        this.zk = zk;
        this.path = path;
        if (!path.startsWith('/'))
            throw new RecipeStateError(`counter path must be absolute: ${path}`);
        this.encoding = options.encoding ?? 'int64';
    }
    async get() {
        return (await this.getVersioned()).value;
    }
    async getVersioned() {
        try {
            const { data, stat } = await this.zk.getData(this.path);
            return { value: this.decode(data), version: stat.version };
        }
        catch (e) {
            if (e instanceof NoNodeError)
                return { value: 0, version: -1 };
            throw e;
        }
    }
    /** Creates the node with `value` if it does not exist; false if it did. */
    async initialize(value) {
        try {
            await createWithParents(this.zk, this.path, { data: this.encode(value), mode: CreateMode.PERSISTENT });
            return true;
        }
        catch (e) {
            if (e instanceof NodeExistsError)
                return false;
            throw e;
        }
    }
    /** Sets the value whatever it was (forceSet / setCount). */
    async set(value) {
        const bytes = this.encode(value);
        try {
            await this.zk.setData(this.path, bytes);
        }
        catch (e) {
            if (!(e instanceof NoNodeError))
                throw e;
            try {
                await createWithParents(this.zk, this.path, { data: bytes, mode: CreateMode.PERSISTENT });
            }
            catch (e2) {
                if (!(e2 instanceof NodeExistsError))
                    throw e2;
                await this.zk.setData(this.path, bytes);
            }
        }
    }
    /** Sets `value` only if the node is still at `previous.version` (trySetCount); false otherwise. */
    async trySet(previous, value) {
        const bytes = this.encode(value);
        try {
            if (previous.version === -1)
                await createWithParents(this.zk, this.path, { data: bytes, mode: CreateMode.PERSISTENT });
            else
                await this.zk.setData(this.path, bytes, previous.version);
            return true;
        }
        catch (e) {
            if (e instanceof BadVersionError || e instanceof NodeExistsError || e instanceof NoNodeError)
                return false;
            throw e;
        }
    }
    /** Sets `value` if the current value is `expected` (one attempt, as Curator's compareAndSet). */
    async compareAndSet(expected, value) {
        const current = await this.getVersioned();
        if (current.version === -1 || current.value !== expected)
            return false;
        return this.trySet(current, value);
    }
    /** Adds `delta` (retrying on contention until it succeeds, times out or is aborted); returns the new value. */
    async add(delta, opts = {}) {
        return this.update((v) => v + delta, opts);
    }
    increment(opts = {}) {
        return this.add(1, opts);
    }
    decrement(opts = {}) {
        return this.add(-1, opts);
    }
    /** Applies `f` atomically (optimistic retries); returns the new value. */
    async update(f, opts = {}) {
        const dl = new Deadline(`update counter ${this.path}`, opts);
        for (let attempt = 0;; attempt++) {
            const current = await retrying(this.zk, dl, () => this.getVersioned());
            const next = f(current.value);
            this.encode(next); // range check before trying
            if (await retrying(this.zk, dl, () => this.trySet(current, next)))
                return next;
            // Contention: back off a little (jittered, growing) before reading again.
            await dl.sleep(Math.min(100, 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
        }
    }
    /**
     * The value now and after every change (SharedCount's listener), until the signal aborts
     * or the session ends. Consecutive changes may be coalesced into the latest value.
     */
    async *watch(opts = {}) {
        const signal = opts.signal;
        while (!signal?.aborted) {
            let wake;
            const changed = new Promise((r) => (wake = r));
            const watcher = () => wake();
            let value;
            try {
                const { data } = await this.zk.getData(this.path, watcher);
                value = this.decode(data);
            }
            catch (e) {
                if (!(e instanceof NoNodeError))
                    return;
                if ((await this.zk.exists(this.path, watcher).catch(() => 'gone')) === 'gone')
                    return;
                value = 0;
            }
            yield value;
            if (signal?.aborted) {
                this.zk.removeWatches(this.path, watcher, 'Data', true).catch(() => undefined);
                return;
            }
            const onAbort = () => wake();
            signal?.addEventListener('abort', onAbort, { once: true });
            const ended = () => wake();
            this.zk.once('closed', ended);
            this.zk.once('expired', ended);
            await changed;
            signal?.removeEventListener('abort', onAbort);
            this.zk.off('closed', ended);
            this.zk.off('expired', ended);
            if (this.zk.state === 'CLOSED' || (this.zk.state === 'EXPIRED' && !this.zk.newSessionOnExpiry))
                return;
        }
    }
    encode(value) {
        if (!Number.isSafeInteger(value))
            throw new RangeError(`counter value must be a safe integer, got ${value}`);
        if (this.encoding === 'int32') {
            if (value < -0x80000000 || value > 0x7fffffff)
                throw new RangeError(`int32 counter value out of range: ${value}`);
            const b = Buffer.alloc(4);
            b.writeInt32BE(value);
            return b;
        }
        const b = Buffer.alloc(8);
        b.writeBigInt64BE(BigInt(value));
        return b;
    }
    decode(data) {
        if (this.encoding === 'int32') {
            if (data === null || data.length < 4)
                throw new RangeError(`${this.path} does not hold a 4-byte count`);
            return data.readInt32BE(0);
        }
        if (data === null || data.length === 0)
            return 0;
        if (data.length < 8)
            throw new RangeError(`${this.path} does not hold an 8-byte long`);
        const v = data.readBigInt64BE(0);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
            throw new RangeError(`${this.path} holds ${v}, beyond a safe integer`);
        return Number(v);
    }
}
//# sourceMappingURL=counter.js.map