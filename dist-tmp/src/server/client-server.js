import { ClientConnection } from './client-connection.js';
import { certificateIds, ConnectionAuth, NO_AUTH_SETTINGS } from './connection-auth.js';
export function freshCounters() {
    return { packetsReceived: 0, packetsSent: 0, authFailures: 0, minLatency: Number.MAX_SAFE_INTEGER, maxLatency: 0, totalLatency: 0, latencyCount: 0 };
}
export class ClientServer {
    opts;
    core;
    log;
    /** Where the listeners listen, in the order given. */
    addresses = [];
    connections = new Map();
    perAddress = new Map();
    nextConnId = 1;
    /** Client requests handed to the core and not answered yet, over every connection. */
    inProcess = 0;
    counters = freshCounters();
    hooks;
    constructor(opts, core, log) {
        this.opts = opts;
        this.core = core;
        this.log = log;
        const counters = () => this.counters;
        this.hooks = {
            maxBuffer: opts.maxBuffer,
            maxUnsentBytes: opts.maxUnsentBytes,
            requestsInProcess: (delta) => void (this.inProcess += delta),
            // As ZooKeeper 3.8 (ZooKeeperServer.shouldThrottle): a connection is throttled only while
            // it has a request of its own in process, so each one can always make progress.
            shouldThrottle: (own) => own > 0 && this.inProcess > opts.globalOutstandingLimit,
            handshakeTimeoutMs: 30_000,
            superDigest: opts.superDigest,
            serving: opts.serving,
            fourLetterWord: opts.fourLetterWord,
            countReceived: () => void counters().packetsReceived++,
            countSent: () => void counters().packetsSent++,
            countAuthFailure: () => void counters().authFailures++,
            recordLatency: (ms) => {
                const c = counters();
                c.minLatency = Math.min(c.minLatency, ms);
                c.maxLatency = Math.max(c.maxLatency, ms);
                c.totalLatency += ms;
                c.latencyCount++;
            },
            connectionClosed: (conn) => this.onConnectionClosed(conn.id),
            metrics: opts.metrics,
        };
    }
    /** Opens every listener; resolves with the first address (the plain port when there is one). */
    async listen() {
        for (const l of this.opts.listeners) {
            const a = await l.listen((c) => this.accept(c));
            this.addresses.push({ ...a, secure: l.kind === 'tls' });
        }
        return this.addresses[0];
    }
    accept({ socket, secure, certificate }) {
        const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
        const count = this.perAddress.get(address) ?? 0;
        if (this.opts.maxClientCnxns > 0 && count >= this.opts.maxClientCnxns) {
            this.log.warn(`too many connections from ${address}: max is ${this.opts.maxClientCnxns}`);
            socket.destroy();
            return;
        }
        const settings = this.opts.auth ?? NO_AUTH_SETTINGS;
        let ids = [];
        if (certificate) {
            try {
                ids = certificateIds(certificate, settings);
            }
            catch (e) {
                this.log.warn(`refusing ${address}:${socket.remotePort}: cannot read its certificate's subject (${e.message})`);
                socket.destroy();
                return;
            }
        }
        this.perAddress.set(address, count + 1);
        const id = this.nextConnId++;
        const conn = new ClientConnection(id, socket, this.core, this.hooks, this.log, new ConnectionAuth(settings, ids));
        this.connections.set(id, conn);
        this.log.info(`accepted ${secure ? 'TLS ' : ''}connection from ${conn.remote}${ids.length > 0 ? ` (x509 '${ids[0].id}')` : ''}`);
    }
    onConnectionClosed(id) {
        const conn = this.connections.get(id);
        if (!conn)
            return;
        this.connections.delete(id);
        const address = conn.remoteAddress;
        const n = (this.perAddress.get(address) ?? 1) - 1;
        if (n <= 0)
            this.perAddress.delete(address);
        else
            this.perAddress.set(address, n);
        this.core.submit({ kind: 'disconnect', conn: id });
    }
    /** Client requests in process now (handed to the core, not answered). */
    get requestsInProcess() {
        return this.inProcess;
    }
    deliver(effect) {
        this.connections.get(effect.conn)?.deliver(effect);
    }
    /** Closes every client connection (e.g. when the server stops serving). */
    closeAll(reason) {
        for (const c of this.connections.values())
            c.close(reason);
    }
    resetConnectionStats() {
        for (const c of this.connections.values())
            c.stats = { ...c.stats, received: 0, sent: 0, minLatency: Number.MAX_SAFE_INTEGER, maxLatency: 0, totalLatency: 0, latencyCount: 0, lastLatency: 0 };
    }
    async close() {
        this.closeAll('server stopping');
        await Promise.all(this.opts.listeners.map((l) => l.close()));
    }
}
//# sourceMappingURL=client-server.js.map