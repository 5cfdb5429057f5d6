export class AppliedStateWriter {
    disk;
    retain;
    hooks;
    /** Calls made and not yet answered. */
    outstanding = 0;
    /** Numbers the writes of applied state; `inFlight` is the one whose answer frees the next. */
    writes = 0;
    inFlight = null;
    /** Batches applied while one is in flight, merged; written when it completes. */
    held = null;
    changesSinceMark = 0;
    /** lastApplied when we last decided to purge: everything below it is at least `retain` changes old. */
    mark = 0n;
    waiters = [];
    constructor(disk, retain, hooks) {
        this.disk = disk;
        this.retain = retain;
        this.hooks = hooks;
    }
    store(batch) {
        // Counted per applied batch, before merging: how much the log has grown since the mark does
        // not shrink because several batches touched the same znodes (a parent's cversion, quotas).
        this.changesSinceMark += batch.nodes.size + batch.sessions.size;
        if (this.held) {
            for (const [k, v] of batch.nodes)
                this.held.nodes.set(k, v);
            for (const [k, v] of batch.sessions)
                this.held.sessions.set(k, v);
            this.held.lastApplied = batch.lastApplied;
        }
        else if (this.inFlight !== null) {
            this.held = { lastApplied: batch.lastApplied, nodes: new Map(batch.nodes), sessions: new Map(batch.sessions) };
        }
        else {
            this.issue(batch);
        }
    }
    /** Issues the held batch now, behind whatever is in flight (before a truncation or a snapshot). */
    flushHeld() {
        const held = this.held;
        if (!held)
            return;
        this.held = null;
        this.issue(held);
    }
    /** Batches applied but not yet handed to storage (merged), for tests and metrics. */
    get holding() {
        return this.held !== null;
    }
    issue(batch) {
        const write = ++this.writes;
        this.inFlight = write;
        this.outstanding++;
        this.disk.applyCommitted(batch, (err) => {
            if (err) {
                if (this.inFlight === write)
                    this.inFlight = null;
                this.held = null; // the storage is poisoned: nothing more will be written
                this.hooks.failed(err);
            }
            else if (this.inFlight === write) {
                this.inFlight = null;
                this.flushHeld();
            }
            this.answered();
        });
        if (this.changesSinceMark < this.retain)
            return;
        let purgeBelow = this.mark;
        this.mark = batch.lastApplied;
        this.changesSinceMark = 0;
        const floor = this.hooks.floor?.() ?? null;
        if (floor !== null && purgeBelow > floor + 1n)
            purgeBelow = floor + 1n;
        if (purgeBelow === 0n)
            return;
        this.outstanding++;
        this.disk.purgeLogBefore(purgeBelow, (err, n) => {
            if (err)
                this.hooks.failed(err);
            else
                this.hooks.purged?.(n, purgeBelow);
            this.answered();
        });
    }
    answered() {
        this.outstanding--;
        if (this.outstanding > 0)
            return;
        if (this.held)
            return this.flushHeld(); // a held batch waits for nobody once all is answered
        for (const w of this.waiters.splice(0))
            w();
    }
    /** Calls `fn` once everything handed over so far is written (or has failed), held batches included. */
    whenSettled(fn) {
        if (this.held && this.inFlight === null)
            this.flushHeld();
        if (this.outstanding === 0 && !this.held)
            fn();
        else
            this.waiters.push(fn);
    }
    /** whenSettled as a promise (the runtime's stop, tests). */
    settled() {
        return new Promise((resolve) => this.whenSettled(resolve));
    }
}
//# sourceMappingURL=applied-state.js.map