import { decodeElectionDatagram, encodeElectionDatagram } from '../wire/election.js';
import { decodeElectionHello, encodeElectionHello, FrameSplitter, frameMessage } from '../wire/election-stream.js';
/** Datagrams kept per peer while its connection is being opened. */
const QUEUE_LIMIT = 16;
const MAX_BACKOFF_MS = 2000;
export class TlsElectionTransport {
    opts;
    quorumTls;
    log;
    sends;
    counters = { datagramsIn: 0, datagramsOut: 0, droppedMalformed: 0, droppedUnproven: 0, sendDropped: 0, linksRefused: 0 };
    server = null;
    outbound = new Map();
    inbound = new Map();
    addresses = new Map();
    now;
    timer = null;
    closed = false;
    constructor(opts, quorumTls, log, 
    /** False when another transport sends (portUnification with sslQuorum=false): receive only. */
    sends = true) {
        this.opts = opts;
        this.quorumTls = quorumTls;
        this.log = log;
        this.sends = sends;
        for (const s of opts.servers)
            this.addresses.set(s.id, s);
        this.now = opts.now ?? (() => performance.now());
    }
    async start() {
        const self = this.opts.self;
        this.server = await this.quorumTls.listen(self.host, self.electionPort, 'election port', (s) => this.accepted(s));
        const interval = this.opts.tickIntervalMs ?? 0;
        const tick = this.opts.handler.tick?.bind(this.opts.handler);
        if (interval > 0 && tick)
            this.timer = setInterval(() => this.run(tick(this.now())), interval);
    }
    stats() {
        return { ...this.opts.handler.counters, ...this.counters };
    }
    run(effects) {
        for (const e of effects) {
            if (e.kind === 'send')
                this.send(e);
            else
                this.opts.onEffect(e);
        }
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        if (this.timer)
            clearInterval(this.timer);
        for (const o of this.outbound.values()) {
            if (o.timer)
                clearTimeout(o.timer);
            o.socket?.destroy();
        }
        for (const s of this.inbound.values())
            s.destroy();
        await new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }
    // ------------------------------------------------------------------ sending
    send(e) {
        if (this.closed || !this.sends)
            return;
        if (e.to === this.opts.self.id) {
            this.run(this.opts.handler.receive(e.datagram, this.now()));
            return;
        }
        const to = this.addresses.get(e.to);
        if (!to) {
            this.counters.sendDropped++;
            this.opts.onWarning?.('tls.unknown-destination', { to: e.to });
            return;
        }
        let o = this.outbound.get(e.to);
        if (!o) {
            o = { to, socket: null, connecting: false, queue: [], backoffMs: 100, timer: null };
            this.outbound.set(e.to, o);
        }
        const frame = frameMessage(encodeElectionDatagram(e.datagram, false));
        this.counters.datagramsOut++;
        if (o.socket) {
            o.socket.write(frame);
            return;
        }
        o.queue.push(frame);
        if (o.queue.length > QUEUE_LIMIT) {
            o.queue.shift();
            this.counters.sendDropped++;
        }
        this.connect(o);
    }
    connect(o) {
        if (o.connecting || o.socket || o.timer || this.closed)
            return;
        o.connecting = true;
        this.quorumTls.connect(o.to.id, o.to.host, o.to.electionPort).then((s) => {
            o.connecting = false;
            if (this.closed)
                return void s.destroy();
            o.socket = s;
            o.backoffMs = 100;
            s.setNoDelay(true);
            s.write(frameMessage(encodeElectionHello(this.opts.self.id)));
            for (const f of o.queue.splice(0))
                s.write(f);
            s.on('data', () => { }); // nothing flows back on an outgoing link
            s.on('close', () => {
                if (o.socket === s)
                    o.socket = null;
                if (o.queue.length > 0)
                    this.retry(o);
            });
        }, (err) => {
            o.connecting = false;
            this.log.debug(`election: cannot reach server ${o.to.id} at ${o.to.host}:${o.to.electionPort}: ${err.message}`);
            this.retry(o);
        });
    }
    retry(o) {
        if (this.closed || o.timer)
            return;
        o.timer = setTimeout(() => {
            o.timer = null;
            if (o.queue.length > 0)
                this.connect(o);
        }, o.backoffMs);
        o.backoffMs = Math.min(MAX_BACKOFF_MS, o.backoffMs * 2);
    }
    // ------------------------------------------------------------------ receiving
    accepted(s) {
        const peer = `${(s.remoteAddress ?? '?').replace(/^::ffff:/, '')}:${s.remotePort}`;
        const split = new FrameSplitter();
        let sid = null;
        const refuse = (why) => {
            this.counters.linksRefused++;
            this.log.warn(`election port: refusing ${peer}${sid !== null ? ` as server ${sid}` : ''}: ${why}`);
            s.destroy();
        };
        s.on('error', () => { });
        s.on('data', (chunk) => {
            if (s.destroyed)
                return;
            let frames;
            try {
                frames = split.push(chunk);
            }
            catch (e) {
                return refuse(e.message);
            }
            for (const f of frames) {
                if (sid === null) {
                    let claimed;
                    try {
                        claimed = decodeElectionHello(f);
                    }
                    catch (e) {
                        return refuse(e.message);
                    }
                    const why = this.quorumTls.refuseClaim(s, claimed, this.opts.self.id);
                    sid = claimed;
                    if (why !== null)
                        return refuse(why);
                    this.inbound.get(sid)?.destroy();
                    this.inbound.set(sid, s);
                    const bound = sid;
                    s.once('close', () => {
                        if (this.inbound.get(bound) === s)
                            this.inbound.delete(bound);
                    });
                    continue;
                }
                this.counters.datagramsIn++;
                let d;
                try {
                    d = decodeElectionDatagram(f);
                }
                catch {
                    this.counters.droppedMalformed++;
                    continue;
                }
                if (d.datagram.header.sid !== sid) {
                    this.counters.droppedUnproven++;
                    return refuse(`it sent a datagram signed as server ${d.datagram.header.sid}`);
                }
                if (this.closed)
                    return;
                this.run(this.opts.handler.receive(d.datagram, this.now()));
            }
        });
    }
}
//# sourceMappingURL=tls-election.js.map