import { LostError } from './internal.js';
export class Ownership {
    zk;
    what;
    nodePath;
    options;
    controller = new AbortController();
    stopped = false;
    lossTimer = null;
    listeners = [];
    nodeWatcher = (e) => this.onNodeEvent(e);
    constructor(zk, what, nodePath, options = {}) {
        this.zk = zk;
        this.what = what;
        this.nodePath = nodePath;
        this.options = options;
        this.listen('expired', () => this.lose('the session expired'));
        this.listen('closed', () => this.lose('the client was closed'));
        this.listen('authFailed', () => this.lose('authentication failed'));
        this.listen('disconnected', () => this.onDisconnected());
        this.listen('reconnected', () => this.onReconnected());
        if (zk.state !== 'CONNECTED')
            this.onDisconnected();
        this.watchNode();
    }
    /** Aborted (reason: a LostError) once ownership is lost. */
    get signal() {
        return this.controller.signal;
    }
    get lost() {
        return this.controller.signal.aborted;
    }
    /** No longer held (released): stop watching, never abort. */
    stop() {
        if (this.stopped)
            return;
        this.stopped = true;
        this.clearTimer();
        for (const [name, fn] of this.listeners)
            this.zk.off(name, fn);
        this.listeners.length = 0;
        if (this.nodePath)
            this.zk.removeWatches(this.nodePath, this.nodeWatcher, 'Data', true).catch(() => undefined);
    }
    lose(reason) {
        if (this.stopped || this.lost)
            return;
        this.controller.abort(new LostError(`${this.what} lost: ${reason}`));
        this.stop();
    }
    listen(name, fn) {
        this.zk.on(name, fn);
        this.listeners.push([name, fn]);
    }
    onDisconnected() {
        if (this.options.lostOnDisconnect) {
            this.lose('the connection was lost');
            return;
        }
        if (this.lossTimer)
            return;
        const timeout = this.zk.sessionTimeout || 30_000;
        this.lossTimer = setTimeout(() => {
            this.lossTimer = null;
            this.lose(`disconnected for a whole session timeout (${timeout} ms): the session is presumed expired`);
        }, timeout);
        this.lossTimer.unref?.();
    }
    onReconnected() {
        this.clearTimer();
        // The node may have gone while we could not hear about it.
        if (this.nodePath)
            this.checkNode();
    }
    clearTimer() {
        if (this.lossTimer)
            clearTimeout(this.lossTimer);
        this.lossTimer = null;
    }
    watchNode() {
        if (!this.nodePath || this.stopped)
            return;
        this.zk.exists(this.nodePath, this.nodeWatcher).then((stat) => {
            if (stat === null)
                this.lose(`its node ${this.nodePath} is gone`);
        }, () => undefined);
    }
    checkNode() {
        if (!this.nodePath || this.stopped)
            return;
        this.zk.exists(this.nodePath).then((stat) => {
            if (stat === null)
                this.lose(`its node ${this.nodePath} is gone`);
        }, () => undefined);
    }
    onNodeEvent(e) {
        if (this.stopped)
            return;
        if (e.type === 'NodeDeleted')
            this.lose(`its node ${this.nodePath} was deleted`);
        else if (e.type !== 'None')
            this.watchNode();
    }
}
//# sourceMappingURL=ownership.js.map