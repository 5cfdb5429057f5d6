/**
 * The API surface: a promise per ZooKeeper operation, typed results and errors, watches,
 * chroot. Everything about sockets, xids, pings and reconnection lives in session.ts; this
 * file turns client paths into server paths and back, wire records into public types,
 * error codes into error classes, and keeps the watch registry in step with the server
 * (registration happens in the reply handler, synchronously, before the next frame).
 */
import { EventEmitter } from 'node:events';
import { hex } from '../base/zxid.js';
import { Err, Op, OPEN_ACL_UNSAFE, CreateFlags, MAX_TTL, WatcherType } from '../wire/index.js';
import { BadArgumentsError, errorFor, InvalidACLError, NoWatcherError } from './errors.js';
import { Chroot, formatHostPort, parseConnectString, validatePath } from './paths.js';
import { exponentialBackoff, isRetryPolicy } from './retry.js';
import { Session } from './session.js';
import { eventTypeName, isSequentialMode, isTtlMode, keeperStateName, toBuffer, toBytes, } from './types.js';
import { WatchRegistry } from './watches.js';
import { Transaction } from './ops.js';
import { WatchStream } from './watch-stream.js';
/** Where the ensemble publishes its configuration (never under the client's chroot). */
const CONFIG_NODE = '/zookeeper/config';
const WATCHER_TYPE_CODE = {
    Children: WatcherType.Children,
    Data: WatcherType.Data,
    Any: WatcherType.Any,
    // 3.8 servers know only 1-3; persistent kinds are addressed as Any (see removeWatches).
    Persistent: WatcherType.Any,
    PersistentRecursive: WatcherType.Any,
};
export class ZooKeeperClient extends EventEmitter {
    chroot;
    root;
    session;
    watches = new WatchRegistry();
    logger;
    queueTimeout;
    /** One stable function, so that a path watched with `true` twice gets one event. */
    defaultWatcher;
    /** Whether an expired session is followed by a new one (ClientOptions.newSessionOnExpiry). */
    newSessionOnExpiry;
    constructor(connectString, options = {}) {
        super();
        // Every lock, latch and cache of zk-ts/recipes listens to the session's events: many
        // listeners on one client are normal, not a leak.
        this.setMaxListeners(0);
        const parsed = parseConnectString(connectString);
        this.chroot = parsed.chroot;
        this.root = new Chroot(parsed.chroot);
        const sessionTimeout = options.sessionTimeout ?? 30000;
        this.queueTimeout = options.queueTimeout ?? sessionTimeout;
        this.logger = options.logger ?? {};
        this.newSessionOnExpiry = options.newSessionOnExpiry ?? false;
        const userWatcher = options.watcher;
        this.defaultWatcher = (event) => {
            if (userWatcher)
                this.safeCall(userWatcher, event);
            this.fire('event', event);
        };
        const retry = isRetryPolicy(options.retry) ? options.retry : exponentialBackoff(options.retry ?? {});
        this.session = new Session({
            hosts: parsed.hosts,
            sessionTimeout,
            connectTimeout: options.connectTimeout ?? Math.max(1000, Math.floor(sessionTimeout / parsed.hosts.length)),
            queueTimeout: this.queueTimeout,
            retry,
            logger: this.logger,
            shuffle: options.shuffleHosts ?? true,
            sessionId: options.sessionId,
            sessionPassword: options.sessionPassword,
            tls: options.tls === true ? {} : options.tls || undefined,
            sasl: options.sasl,
            newSessionOnExpiry: this.newSessionOnExpiry,
        }, {
            stateChanged: (kind, detail) => this.onStateChanged(kind, detail),
            notification: (event) => this.onNotification(event),
            watchPaths: () => this.serverWatchPaths(),
        });
        for (const a of options.authInfo ?? []) {
            this.session.addAuth(a.scheme, typeof a.auth === 'string' ? Buffer.from(a.auth) : a.auth, () => { });
        }
        this.session.start();
    }
    // ------------------------------------------------------------------ session info
    get state() {
        return this.session.state;
    }
    /** 0n until the first connection. */
    get sessionId() {
        return this.session.sessionId;
    }
    get sessionPassword() {
        return this.session.sessionPassword;
    }
    /** The negotiated session timeout (0 until connected). */
    get sessionTimeout() {
        return this.session.negotiatedTimeout;
    }
    get lastZxid() {
        return this.session.lastZxid;
    }
    /** "host:port" of the current server, or null while disconnected. */
    get currentServer() {
        const s = this.session.currentServer;
        return s ? formatHostPort(s) : null;
    }
    /**
     * Resolves once the client is connected (at once if it already is). Rejects if the
     * session expires, authentication fails or the client is closed first, or after
     * `timeoutMs` (default: the queue timeout) with ConnectionLossError.
     */
    connected(timeoutMs = this.queueTimeout) {
        if (this.state === 'CONNECTED')
            return Promise.resolve();
        const terminal = this.terminalError();
        if (terminal)
            return Promise.reject(terminal);
        return new Promise((resolve, reject) => {
            const cleanup = () => {
                clearTimeout(timer);
                this.off('state', onState);
            };
            const onState = (s) => {
                if (s === 'CONNECTED') {
                    cleanup();
                    resolve();
                    return;
                }
                const err = this.terminalError();
                if (err) {
                    cleanup();
                    reject(err);
                }
            };
            const timer = setTimeout(() => {
                cleanup();
                reject(errorFor(Err.CONNECTIONLOSS, undefined, `not connected within ${timeoutMs} ms`));
            }, timeoutMs);
            this.on('state', onState);
        });
    }
    /** Closes the session (its ephemerals go at once) and the connection. */
    close() {
        return this.session.close();
    }
    terminalError() {
        switch (this.state) {
            case 'EXPIRED':
                return errorFor(Err.SESSIONEXPIRED);
            case 'AUTH_FAILED':
                return errorFor(Err.AUTHFAILED);
            case 'CLOSED':
                return errorFor(Err.SESSIONEXPIRED, undefined, 'client closed');
            default:
                return null;
        }
    }
    // ------------------------------------------------------------------ writes
    /** Creates a node; resolves with its actual path (with the sequence suffix, if any). */
    async create(path, data, options = {}) {
        const req = this.createRequest(path, data, options, false);
        return this.call(req, path, (res) => this.root.toClient(res.path));
    }
    /** create2: creates a node and returns its Stat as well. */
    async create2(path, data, options = {}) {
        const req = this.createRequest(path, data, options, true);
        return this.call(req, path, (res) => {
            const r = res;
            return { path: this.root.toClient(r.path), stat: r.stat };
        });
    }
    /** A container node: deleted by the server once its last child is gone. */
    async createContainer(path, data, options = {}) {
        return this.create2(path, data, { ...options, mode: CreateFlags.CONTAINER });
    }
    /** A node with a time to live: deleted when childless and unmodified for `ttl` ms. */
    async createTTL(path, data, ttl, options = {}) {
        const mode = options.sequential ? CreateFlags.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateFlags.PERSISTENT_WITH_TTL;
        return this.create2(path, data, { acl: options.acl, mode, ttl });
    }
    /** Deletes a node; `version` -1 (default) matches any version. */
    async delete(path, version = -1) {
        validatePath(path);
        await this.call({ op: Op.delete, path: this.root.toServer(path), version }, path, () => undefined);
    }
    /** Replaces a node's data; resolves with the new Stat. */
    async setData(path, data, version = -1) {
        validatePath(path);
        return this.call({ op: Op.setData, path: this.root.toServer(path), data: toBytes(data), version }, path, (res) => res.stat);
    }
    async setACL(path, acl, version = -1) {
        validatePath(path);
        if (acl.length === 0)
            throw new InvalidACLError(Err.INVALIDACL, path);
        return this.call({ op: Op.setACL, path: this.root.toServer(path), acl, version }, path, (res) => res.stat);
    }
    // ------------------------------------------------------------------ reads
    /**
     * The node's Stat, or null if it does not exist. A watch is set either way: on an
     * existing node it fires on change or deletion, on a missing one when it is created.
     */
    async exists(path, watch) {
        validatePath(path);
        const w = this.watcherOf(watch);
        return this.call({ op: Op.exists, path: this.root.toServer(path), watch: w !== null }, path, (res) => res.stat, (err) => {
            if (w && err === 0)
                this.watches.add('data', path, w);
            else if (w && err === Err.NONODE)
                this.watches.add('exist', path, w);
        }, (err) => err === Err.NONODE).then((stat) => stat ?? null);
    }
    async getData(path, watch) {
        validatePath(path);
        const w = this.watcherOf(watch);
        return this.call({ op: Op.getData, path: this.root.toServer(path), watch: w !== null }, path, (res) => {
            const r = res;
            return { data: toBuffer(r.data), stat: r.stat };
        }, (err) => {
            if (w && err === 0)
                this.watches.add('data', path, w);
        });
    }
    /** Child names (unsorted, as the server returns them). */
    async getChildren(path, watch) {
        validatePath(path);
        const w = this.watcherOf(watch);
        return this.call({ op: Op.getChildren, path: this.root.toServer(path), watch: w !== null }, path, (res) => res.children, (err) => {
            if (w && err === 0)
                this.watches.add('child', path, w);
        });
    }
    /** getChildren2: child names and the node's Stat. */
    async getChildren2(path, watch) {
        validatePath(path);
        const w = this.watcherOf(watch);
        return this.call({ op: Op.getChildren2, path: this.root.toServer(path), watch: w !== null }, path, (res) => {
            const r = res;
            return { children: r.children, stat: r.stat };
        }, (err) => {
            if (w && err === 0)
                this.watches.add('child', path, w);
        });
    }
    async getACL(path) {
        validatePath(path);
        return this.call({ op: Op.getACL, path: this.root.toServer(path) }, path, (res) => {
            const r = res;
            return { acl: r.acl, stat: r.stat };
        });
    }
    /** The number of all descendants of `path` (not only its children). */
    async getAllChildrenNumber(path) {
        validatePath(path);
        return this.call({ op: Op.getAllChildrenNumber, path: this.root.toServer(path) }, path, (res) => res.totalNumber);
    }
    /** This session's ephemeral nodes whose path starts with `prefix` (a string prefix). */
    async getEphemerals(prefix = '/') {
        validatePath(prefix);
        return this.call({ op: Op.getEphemerals, prefixPath: this.root.toServer(prefix) }, prefix, (res) => res.ephemerals
            .filter((p) => this.root.root === null || p === this.root.root || p.startsWith(this.root.root + '/'))
            .map((p) => this.root.toClient(p)));
    }
    /** Waits until the server this client talks to has caught up with the leader. */
    async sync(path = '/') {
        validatePath(path);
        return this.call({ op: Op.sync, path: this.root.toServer(path) }, path, () => path);
    }
    /** The identities of this connection, e.g. [{authScheme:'ip', user:'127.0.0.1'}]. */
    async whoAmI() {
        return this.call({ op: Op.whoAmI }, undefined, (res) => res.clientInfo);
    }
    /** Adds a credential to the connection (kept and re-sent after every reconnect). */
    addAuth(scheme, auth) {
        const bytes = typeof auth === 'string' ? Buffer.from(auth, 'utf8') : auth;
        return new Promise((resolve, reject) => {
            this.session.addAuth(scheme, bytes, (reply) => {
                if (reply.err === 0)
                    resolve();
                else
                    reject(errorFor(reply.err, undefined, reply.detail));
            });
        });
    }
    // ------------------------------------------------------------------ multi
    /**
     * Runs create/delete/setData/check ops atomically. On failure it rejects with the typed
     * error of the failing op; `error.results` holds every op's outcome and
     * `error.failedOpIndex` the failing op.
     */
    async multi(ops) {
        const reqs = ops.map((o) => this.multiRequest(o));
        if (reqs.length === 0)
            return [];
        return this.call({ op: Op.multi, ops: reqs }, undefined, (res) => {
            const results = res.results;
            const mapped = results.map((r, i) => this.mapMultiResult(r, ops[i]));
            const failed = mapped.findIndex((r) => r.type === 'error' && r.code !== 0);
            if (failed >= 0) {
                const err = mapped[failed].error;
                err.results = mapped;
                err.failedOpIndex = failed;
                throw err;
            }
            return mapped;
        });
    }
    /** A builder for multi(): `client.transaction().create(...).check(...).commit()`. */
    transaction() {
        return new Transaction((ops) => this.multi(ops));
    }
    /** Several reads in one round trip; each op succeeds or fails on its own. */
    async multiRead(ops) {
        const reqs = ops.map((o) => {
            validatePath(o.path);
            return { op: o.type === 'getData' ? Op.getData : Op.getChildren, path: this.root.toServer(o.path), watch: false };
        });
        if (reqs.length === 0)
            return [];
        return this.call({ op: Op.multiRead, ops: reqs }, undefined, (res) => res.results.map((r, i) => {
            if (r.op === Op.getData)
                return { type: 'getData', data: toBuffer(r.data), stat: r.stat };
            if (r.op === Op.getChildren)
                return { type: 'getChildren', children: r.children };
            const code = r.op === Op.error ? r.err : Err.MARSHALLINGERROR;
            return { type: 'error', code, error: errorFor(code, ops[i]?.path) };
        }));
    }
    /**
     * The ensemble's configuration (the data of /zookeeper/config, read outside any chroot),
     * as zkCli's `config` prints it.
     */
    async getConfig(watch) {
        const w = this.watcherOf(watch);
        return this.call({ op: Op.getData, path: CONFIG_NODE, watch: w !== null }, CONFIG_NODE, (res) => {
            const r = res;
            return { data: toBuffer(r.data), stat: r.stat };
        }, (err) => {
            // The registry holds client paths; the config node is addressed without chroot.
            if (w && err === 0 && this.root.root === null)
                this.watches.add('data', CONFIG_NODE, w);
        });
    }
    /**
     * Dynamic reconfiguration (incremental `joining`/`leaving`, or `members` for a new list);
     * `fromConfig` is the expected current config version (-1: any). Servers with
     * reconfiguration disabled answer ReconfigDisabledError.
     */
    async reconfig(change, fromConfig = -1n) {
        return this.call({
            op: Op.reconfig,
            joiningServers: change.joining ?? null,
            leavingServers: change.leaving ?? null,
            newMembers: change.members ?? null,
            curConfigId: fromConfig,
        }, undefined, (res) => {
            const r = res;
            return { data: toBuffer(r.data), stat: r.stat };
        });
    }
    // ------------------------------------------------------------------ watches
    /**
     * A persistent watch as an async iterator of events; `recursive` covers every descendant.
     * The loop ends (without an error) on abort, on `break`, or when the session ends.
     *
     *   for await (const event of zk.watch('/app', { recursive: true, signal })) { ... }
     */
    watch(path, options = {}) {
        validatePath(path);
        return new WatchStream(this, path, options);
    }
    /**
     * A persistent watch (PERSISTENT: data and child events of `path`, not consumed) or a
     * persistent recursive one (PERSISTENT_RECURSIVE, the default: created/deleted/changed
     * events of `path` and every descendant). Stays until removed or the session ends.
     */
    async addWatch(path, watcher, mode = 'PERSISTENT_RECURSIVE') {
        validatePath(path);
        const w = watcher === true ? this.defaultWatcher : watcher;
        const recursive = mode === 'PERSISTENT_RECURSIVE';
        if (!recursive && mode !== 'PERSISTENT')
            throw new BadArgumentsError(Err.BADARGUMENTS, path, `unknown watch mode ${String(mode)}`);
        await this.call({ op: Op.addWatch, path: this.root.toServer(path), mode: recursive ? 1 : 0 }, path, () => undefined, (err) => {
            if (err === 0)
                this.watches.add(recursive ? 'persistentRecursive' : 'persistent', path, w);
        });
    }
    /**
     * Removes one watcher of `type` from `path`. The removed watcher receives a
     * DataWatchRemoved / ChildWatchRemoved / PersistentWatchRemoved event. With `local`, the
     * watcher is removed even when the server cannot be reached.
     */
    async removeWatches(path, watcher, type = 'Any', local = false) {
        await this.removeWatchesImpl(path, watcher === true ? this.defaultWatcher : watcher, type, local);
    }
    /** Removes every watcher of `type` from `path` (zkCli's `removewatches`). */
    async removeAllWatches(path, type = 'Any', local = false) {
        await this.removeWatchesImpl(path, null, type, local);
    }
    /** Does the server hold a watch of `type` on `path` for this connection? */
    async checkWatches(path, type = 'Any') {
        validatePath(path);
        const onServer = await this.call({ op: Op.checkWatches, path: this.root.toServer(path), type: WATCHER_TYPE_CODE[type] }, path, () => true, undefined, (err) => err === Err.NOWATCHER);
        if (!onServer)
            return false;
        return type === 'Persistent' || type === 'PersistentRecursive' ? this.watches.contains(path, null, type) : true;
    }
    async removeWatchesImpl(path, watcher, type, local) {
        validatePath(path);
        if (!this.watches.contains(path, watcher, type))
            throw new NoWatcherError(Err.NOWATCHER, path);
        if (!(local && this.state !== 'CONNECTED')) {
            // The server keeps one registration per path and table for all our callbacks. Remove
            // it (op 18, type Any) only when no callback of any kind remains on this path;
            // otherwise just check it exists (op 17) and drop the callback locally, as Java does.
            const emptiesPath = this.watches.removalEmptiesPath(path, watcher, type) && this.remainingKindsAfter(path, type) === 0;
            const request = emptiesPath
                ? { op: Op.removeWatches, path: this.root.toServer(path), type: WatcherType.Any }
                : { op: Op.checkWatches, path: this.root.toServer(path), type: WATCHER_TYPE_CODE[type] };
            try {
                await this.call(request, path, () => undefined);
            }
            catch (e) {
                if (!local)
                    throw e;
            }
        }
        if (!this.watches.contains(path, watcher, type))
            throw new NoWatcherError(Err.NOWATCHER, path);
        for (const [eventType, watchers] of this.watches.remove(path, watcher, type)) {
            const event = { type: eventType, state: this.connectionStateName(), path };
            for (const w of watchers)
                this.safeCall(w, event);
        }
    }
    /** How many other watch kinds (outside the tables `type` addresses) remain on `path`. */
    remainingKindsAfter(path, type) {
        if (type === 'Any')
            return 0;
        const all = ['Children', 'Data', 'Persistent', 'PersistentRecursive'];
        return all.filter((t) => t !== type && this.watches.contains(path, null, t)).length;
    }
    connectionStateName() {
        return this.state === 'CONNECTED' ? 'SyncConnected' : 'Disconnected';
    }
    // ------------------------------------------------------------------ plumbing
    watcherOf(watch) {
        if (typeof watch === 'function')
            return watch;
        return watch ? this.defaultWatcher : null;
    }
    /**
     * Submits a request. `register` runs synchronously when the reply is processed (before the
     * next frame), `asNull` turns selected error codes into an `undefined` result.
     */
    call(request, path, map, register, asNull) {
        return new Promise((resolve, reject) => {
            this.session.submit(request, (reply) => {
                if (register)
                    register(reply.err);
                if (reply.err !== 0) {
                    if (asNull && asNull(reply.err)) {
                        resolve(undefined);
                        return;
                    }
                    reject(errorFor(reply.err, path, reply.detail));
                    return;
                }
                try {
                    resolve(map(reply.response));
                }
                catch (e) {
                    reject(e);
                }
            });
        });
    }
    createRequest(path, data, options, withStat) {
        const mode = options.mode ?? CreateFlags.PERSISTENT;
        if (!Number.isInteger(mode) || mode < 0 || mode > 6)
            throw new BadArgumentsError(Err.BADARGUMENTS, path, `unknown create mode ${mode}`);
        validatePath(path, isSequentialMode(mode));
        const acl = options.acl ?? OPEN_ACL_UNSAFE;
        if (acl.length === 0)
            throw new InvalidACLError(Err.INVALIDACL, path);
        let ttl = -1n;
        if (isTtlMode(mode)) {
            const t = options.ttl === undefined ? 0n : BigInt(options.ttl);
            if (t <= 0n || t > MAX_TTL)
                throw new BadArgumentsError(Err.BADARGUMENTS, path, `ttl must be positive and cannot be larger than: ${MAX_TTL}`);
            ttl = t;
        }
        else if (options.ttl !== undefined && BigInt(options.ttl) > 0n) {
            throw new BadArgumentsError(Err.BADARGUMENTS, path, 'ttl requires a *_WITH_TTL create mode');
        }
        const op = mode === CreateFlags.CONTAINER ? Op.createContainer : isTtlMode(mode) ? Op.createTTL : withStat ? Op.create2 : Op.create;
        return { op, path: this.root.toServer(path), data: toBytes(data), acl, flags: mode, ttl };
    }
    multiRequest(o) {
        switch (o.type) {
            case 'create':
                return this.createRequest(o.path, o.data, o, false);
            case 'delete':
                validatePath(o.path);
                return { op: Op.delete, path: this.root.toServer(o.path), version: o.version ?? -1 };
            case 'setData':
                validatePath(o.path);
                return { op: Op.setData, path: this.root.toServer(o.path), data: toBytes(o.data), version: o.version ?? -1 };
            case 'check':
                validatePath(o.path);
                return { op: Op.check, path: this.root.toServer(o.path), version: o.version };
            default:
                throw new BadArgumentsError(Err.BADARGUMENTS, undefined, `unknown multi op ${o.type}`);
        }
    }
    mapMultiResult(r, o) {
        switch (r.op) {
            case Op.create:
                return { type: 'create', path: this.root.toClient(r.path) };
            case Op.create2:
            case Op.createContainer:
            case Op.createTTL:
                return { type: 'create', path: this.root.toClient(r.path), stat: r.stat };
            case Op.delete:
                return { type: 'delete' };
            case Op.setData:
                return { type: 'setData', stat: r.stat };
            case Op.check:
                return { type: 'check' };
            case Op.error:
                return { type: 'error', code: r.err, error: r.err === 0 ? null : errorFor(r.err, o?.path) };
            default:
                return { type: 'error', code: Err.MARSHALLINGERROR, error: errorFor(Err.MARSHALLINGERROR, o?.path, `unexpected result type ${r.op}`) };
        }
    }
    serverWatchPaths() {
        const p = this.watches.paths();
        const s = (l) => l.map((x) => this.root.toServer(x));
        return {
            data: s(p.data),
            exist: s(p.exist),
            child: s(p.child),
            persistent: s(p.persistent),
            persistentRecursive: s(p.persistentRecursive),
        };
    }
    onNotification(ev) {
        const type = eventTypeName(ev.type);
        if (!type || type === 'None') {
            this.log('warn', `ignoring notification of unknown type ${ev.type}`);
            return;
        }
        const path = this.root.toClient(ev.path);
        const event = { type, state: keeperStateName(ev.state), path };
        for (const w of this.watches.materialize(type, path))
            this.safeCall(w, event);
    }
    onStateChanged(kind, detail) {
        const info = () => ({ sessionId: this.sessionId, server: detail });
        switch (kind) {
            case 'connected':
            case 'reconnected':
                this.fire('state', 'CONNECTED');
                this.stateEvent('SyncConnected', false);
                if (kind === 'connected')
                    this.fire('connected', info());
                else
                    this.fire('reconnected', info());
                break;
            case 'disconnected':
                this.fire('state', 'CONNECTING');
                this.stateEvent('Disconnected', false);
                this.fire('disconnected', detail);
                break;
            case 'expired':
                this.log('warn', `session ${hex(this.sessionId)} expired`);
                this.fire('state', 'EXPIRED');
                this.stateEvent('Expired', true);
                this.fire('expired');
                break;
            case 'authFailed':
                this.fire('state', 'AUTH_FAILED');
                this.stateEvent('AuthFailed', true);
                this.fire('authFailed');
                break;
            case 'closed':
                this.fire('state', 'CLOSED');
                this.stateEvent('Closed', true);
                this.fire('closed', detail);
                break;
        }
    }
    /**
     * emit() that cannot throw into the transport: a failing application listener must not
     * look like a protocol error and cost the connection.
     */
    fire(name, ...args) {
        try {
            this.emit(name, ...args);
        }
        catch (e) {
            this.log('error', `'${String(name)}' listener threw: ${e.stack ?? e}`);
        }
    }
    /**
     * Connection states go to the default watcher. A terminal state also goes, once, to every
     * watcher still registered (none of them will ever fire now), and empties the registry.
     */
    stateEvent(state, terminal) {
        const event = { type: 'None', state, path: null };
        const targets = new Set([this.defaultWatcher]);
        if (terminal) {
            for (const w of this.watches.allWatchers())
                targets.add(w);
            this.watches.clear();
        }
        for (const w of targets)
            this.safeCall(w, event);
    }
    safeCall(w, event) {
        try {
            w(event);
        }
        catch (e) {
            this.log('error', `watcher threw: ${e.stack ?? e}`);
        }
    }
    log(level, message) {
        const fn = this.logger[level];
        if (fn)
            fn.call(this.logger, `[zk-client] ${message}`);
    }
}
/**
 * Creates a client and starts connecting. `connectString` is "host:port,host:port/chroot".
 * `await client.connected()` to wait for the session.
 */
export function createClient(connectString, options = {}) {
    return new ZooKeeperClient(connectString, options);
}
//# sourceMappingURL=client.js.map