/**
 * The UDP adapter of the election (docs/architecture.md, "Elections over UDP"): one datagram socket on this server's
 * election port. It decodes what arrives, checks the optional HMAC, hands datagrams to the
 * election core, sends the core's datagrams, and, if asked to, calls tick() on a steady beat
 * (the peer runtime does not ask: its own timer ticks the whole peer). Everything
 * that decides anything is in the pure core; this file only moves bytes, and never throws on
 * what the network delivers: garbage is counted and dropped (ZOOKEEPER-3769).
 *
 * With a shared key (zoo.cfg `electionKey`) every datagram we send carries the MAC flag and an
 * HMAC-SHA256 trailer over all bytes before it; a datagram without a valid one is dropped and
 * counted. Without a key, a datagram that carries a MAC is dropped too: one side of the
 * ensemble is misconfigured, and accepting it would hide that.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { decodeElectionDatagram, ELECTION_MAC_BYTES, encodeElectionDatagram, } from '../wire/election.js';
export class UdpElectionTransport {
    opts;
    counters = { datagramsIn: 0, datagramsOut: 0, droppedMalformed: 0, droppedBadMac: 0, sendErrors: 0 };
    socket;
    key;
    addresses = new Map();
    now;
    timer = null;
    closed = false;
    constructor(opts) {
        this.opts = opts;
        const k = opts.sharedKey;
        this.key = k === undefined ? null : typeof k === 'string' ? Buffer.from(k, 'utf8') : Buffer.from(k);
        for (const s of opts.servers)
            this.addresses.set(s.id, s);
        this.now = opts.now ?? (() => performance.now());
        this.socket = dgram.createSocket({ type: isIPv6(opts.self.host) ? 'udp6' : 'udp4' });
        this.socket.on('message', (buf) => this.onDatagram(buf));
        this.socket.on('error', (err) => this.warn('udp.error', { message: err.message }));
    }
    /** Binds the election port and starts the tick beat, if there is one. */
    async start() {
        await new Promise((resolve, reject) => {
            this.socket.once('error', reject);
            this.socket.bind(this.opts.self.electionPort, this.opts.self.host, () => {
                this.socket.off('error', reject);
                resolve();
            });
        });
        const interval = this.opts.tickIntervalMs ?? 0;
        const tick = this.opts.handler.tick?.bind(this.opts.handler);
        if (interval > 0 && tick)
            this.timer = setInterval(() => this.run(tick(this.now())), interval);
    }
    /** The adapter's counters and the core's, in one record for metrics. */
    stats() {
        return { ...this.opts.handler.counters, ...this.counters };
    }
    /** The bound port (useful when the configuration said 0). */
    get port() {
        return this.socket.address().port;
    }
    /** Carries out effects returned by any call on the core (start, setEstablished, ...). */
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
        if (this.timer !== null)
            clearInterval(this.timer);
        await new Promise((resolve) => this.socket.close(() => resolve()));
    }
    onDatagram(buf) {
        this.counters.datagramsIn++;
        let decoded;
        try {
            decoded = decodeElectionDatagram(buf);
        }
        catch {
            // DecodeError, or anything else a hostile datagram could provoke in the decoder.
            this.counters.droppedMalformed++;
            return;
        }
        if (!this.authentic(decoded.mac, decoded.signed)) {
            this.counters.droppedBadMac++;
            return;
        }
        this.run(this.opts.handler.receive(decoded.datagram, this.now()));
    }
    authentic(mac, signed) {
        if (this.key === null)
            return mac === null;
        if (mac === null)
            return false;
        return timingSafeEqual(this.hmac(signed), mac);
    }
    hmac(bytes) {
        return createHmac('sha256', this.key).update(bytes).digest();
    }
    send(e) {
        if (this.closed)
            return;
        const to = this.addresses.get(e.to);
        if (to === undefined) {
            this.counters.sendErrors++;
            this.warn('udp.unknown-destination', { to: e.to });
            return;
        }
        const body = encodeElectionDatagram(e.datagram, this.key !== null);
        const bytes = this.key === null ? body : Buffer.concat([body, this.hmac(body)], body.byteLength + ELECTION_MAC_BYTES);
        this.counters.datagramsOut++;
        this.socket.send(bytes, to.electionPort, to.host, (err) => {
            if (err) {
                this.counters.sendErrors++;
                this.warn('udp.send-failed', { to: e.to, message: err.message });
            }
        });
    }
    warn(event, detail) {
        this.opts.onWarning?.(event, detail);
    }
}
//# sourceMappingURL=udp-election.js.map