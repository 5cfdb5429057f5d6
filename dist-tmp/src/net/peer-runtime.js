import { SNAP_CHUNK_BYTES } from '../peer/sync-stream.js';
import { PeerDriver } from '../drive/peer-driver.js';
import { storageDisk } from '../drive/storage-disk.js';
import { connectQuorum, listenQuorum, QuorumLink } from './quorum-tcp.js';
import { createElectionTransport } from './election-transport.js';
import { exitAfterStop, nodeTimer } from './core-runtime.js';
/** Bytes of a sync stream sent per event-loop turn, then the socket must drain. */
const STREAM_TURN_BYTES = SNAP_CHUNK_BYTES;
/** A quorum socket as the interpreter's link port. */
class NetLink {
    events = null;
    link;
    constructor(socket, peer, admit) {
        this.link = new QuorumLink(socket, peer, {
            onPacket: (p) => this.events?.onPacket(p),
            onClose: (reason) => this.events?.onClose(reason),
        }, admit);
    }
    setEvents(events) {
        this.events = events;
    }
    send(p) {
        this.link.send(p);
    }
    close(reason) {
        this.link.close(reason);
    }
    get isClosed() {
        return this.link.isClosed;
    }
    whenDrained(fn) {
        void this.link.drained().then(fn);
    }
}
export class PeerRuntime {
    peer;
    log;
    opts;
    driver;
    transport = null;
    quorumServer = null;
    sink = () => { };
    stopping = null;
    constructor(peer, storage, log, opts) {
        this.peer = peer;
        this.log = log;
        this.opts = opts;
        this.driver = new PeerDriver(peer, {
            timer: nodeTimer,
            disk: storageDisk(storage),
            log,
            clients: (e) => this.sink(e),
            exit: (reason, cause) => exitAfterStop(() => this.stop(), opts.onFatal, reason, cause),
            connector: { connect: (sid, done) => this.connect(sid, done) },
            datagrams: { send: (to, datagram) => this.transport?.run([{ kind: 'send', to, datagram }]) },
        }, {
            tickIntervalMs: opts.tickIntervalMs,
            initLimitMs: opts.initLimitMs,
            logRetain: opts.logRetain,
            snapChunkBytes: SNAP_CHUNK_BYTES,
            streamTurnBytes: STREAM_TURN_BYTES,
            onRole: (e) => opts.onRole?.(e.role, e.serving),
        });
    }
    get core() {
        return this.peer;
    }
    get metrics() {
        return this.driver.metrics;
    }
    set metrics(m) {
        this.driver.metrics = m;
    }
    setSink(sink) {
        this.sink = sink;
    }
    /** Hands one input to the peer, stamped with the time now; its effects are carried out at the end of this turn. */
    submit(input) {
        return this.driver.submit(input);
    }
    flush() {
        this.driver.flush();
    }
    async start() {
        const self = this.opts.self;
        const log = this.log;
        this.quorumServer = await listenQuorum(self.host, self.quorumPort, (socket) => {
            const gate = this.opts.quorumTls?.learnerGate(socket, self.id);
            this.driver.acceptLearner(new NetLink(socket, 'learner', gate));
        }, this.opts.quorumTls);
        const transport = createElectionTransport({
            self: { id: self.id, host: self.host, electionPort: self.electionPort },
            servers: this.opts.servers.map((s) => ({ id: s.id, host: s.host, electionPort: s.electionPort })),
            sharedKey: this.opts.electionKey,
            // No tickIntervalMs: the interpreter's tick drives the whole peer, election included.
            handler: {
                receive: (d) => {
                    this.driver.electionDatagram(d);
                    return [];
                },
                counters: this.peer.election.counters,
            },
            onEffect: () => { },
            onWarning: (event, detail) => log.warn(`election transport: ${event} ${JSON.stringify(detail)}`),
        }, this.opts.quorumTls, log);
        this.transport = transport;
        await transport.start();
        this.driver.start();
    }
    electionStats() {
        return this.transport?.stats() ?? {};
    }
    /** One attempt to reach server `sid`'s quorum port. */
    connect(sid, done) {
        const spec = this.opts.servers.find((s) => s.id === sid);
        if (!spec)
            return void nodeTimer.soon(() => done({ error: `leader ${sid} is not in the configuration`, final: true }));
        const tls = this.opts.quorumTls ? { quorum: this.opts.quorumTls, sid } : null;
        connectQuorum(spec.host, spec.quorumPort, tls).then((socket) => done({ link: new NetLink(socket, 'leader') }), (err) => done({ error: err.message }));
    }
    /** Stops the interpreter, closes the ports, and waits for applied state to be written. */
    stop() {
        this.stopping ??= (async () => {
            this.driver.stop();
            await this.transport?.close();
            await new Promise((r) => (this.quorumServer ? this.quorumServer.close(() => r()) : r()));
            await this.driver.applied.settled();
        })();
        return this.stopping;
    }
}
//# sourceMappingURL=peer-runtime.js.map