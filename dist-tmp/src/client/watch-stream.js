export class WatchStream {
    host;
    path;
    options;
    /** Resolves once the server has the watch; rejects if it refused it. */
    ready;
    queue = [];
    waiter = null;
    done = false;
    failure = null;
    watcher;
    onAbort;
    constructor(host, path, options = {}) {
        this.host = host;
        this.path = path;
        this.options = options;
        this.watcher = (event) => this.onEvent(event);
        this.onAbort = () => void this.close();
        const mode = options.recursive ? 'PERSISTENT_RECURSIVE' : 'PERSISTENT';
        this.ready = host.addWatch(path, this.watcher, mode);
        this.ready.catch((e) => this.finish(e));
        if (options.signal?.aborted)
            this.finish(null);
        else
            options.signal?.addEventListener('abort', this.onAbort, { once: true });
    }
    [Symbol.asyncIterator]() {
        return this;
    }
    next() {
        const event = this.queue.shift();
        if (event)
            return Promise.resolve({ value: event, done: false });
        if (this.done) {
            if (this.failure !== null) {
                const f = this.failure;
                this.failure = null;
                return Promise.reject(f);
            }
            return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
    }
    /** Called by `break` / `return` in a for-await loop. */
    async return() {
        await this.close();
        return { value: undefined, done: true };
    }
    /** Ends the iteration and removes the watch from the server. */
    async close() {
        if (this.done)
            return;
        this.finish(null);
        const type = this.options.recursive ? 'PersistentRecursive' : 'Persistent';
        try {
            await this.ready;
            await this.host.removeWatches(this.path, this.watcher, type, true);
        }
        catch {
            /* already gone with the session, or never registered */
        }
    }
    onEvent(event) {
        if (this.done)
            return;
        if (event.type === 'None') {
            // Only terminal states reach a non-default watcher: the session is over.
            if (event.state === 'Closed' || event.state === 'Expired' || event.state === 'AuthFailed')
                this.finish(null);
            return;
        }
        if (event.type === 'PersistentWatchRemoved') {
            this.finish(null);
            return;
        }
        if (this.waiter) {
            const w = this.waiter;
            this.waiter = null;
            w.resolve({ value: event, done: false });
        }
        else {
            this.queue.push(event);
        }
    }
    finish(error) {
        if (this.done)
            return;
        this.done = true;
        this.options.signal?.removeEventListener('abort', this.onAbort);
        if (this.waiter) {
            const w = this.waiter;
            this.waiter = null;
            if (error !== null)
                w.reject(error);
            else
                w.resolve({ value: undefined, done: true });
        }
        else if (error !== null) {
            this.failure = error;
        }
    }
}
//# sourceMappingURL=watch-stream.js.map