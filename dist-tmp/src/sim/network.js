export const PERFECT_LINKS = { lossRate: 0, duplicateRate: 0, garbleRate: 0, delayMinMs: 1, delayMaxMs: 1 };
export class SimNetwork {
    world;
    rng;
    deliver;
    quality = { ...PERFECT_LINKS };
    counters = { sent: 0, delivered: 0, lost: 0, duplicated: 0, garbled: 0, cut: 0 };
    cuts = new Set();
    streamTail = new Map();
    constructor(world, rng, deliver) {
        this.world = world;
        this.rng = rng;
        this.deliver = deliver;
    }
    send(from, to, packet) {
        this.counters.sent++;
        if (this.isCut(from, to)) {
            this.counters.cut++;
            return;
        }
        if (packet.kind === 'stream') {
            this.sendStream(from, to, packet);
            return;
        }
        if (this.chance(this.quality.lossRate)) {
            this.counters.lost++;
            return;
        }
        this.schedule(from, to, this.maybeGarble(packet));
        if (this.chance(this.quality.duplicateRate)) {
            this.counters.duplicated++;
            this.schedule(from, to, this.maybeGarble(packet));
        }
    }
    /** Cuts every link between different groups, both ways; links inside a group stay. */
    partition(groups) {
        for (const a of groups) {
            for (const b of groups) {
                if (a === b)
                    continue;
                for (const x of a)
                    for (const y of b)
                        this.cuts.add(key(x, y));
            }
        }
    }
    cutOneWay(from, to) {
        this.cuts.add(key(from, to));
    }
    heal() {
        this.cuts.clear();
    }
    /** Restores one direction only. */
    uncut(from, to) {
        this.cuts.delete(key(from, to));
    }
    isCut(from, to) {
        return this.cuts.has(key(from, to));
    }
    get cutCount() {
        return this.cuts.size;
    }
    sendStream(from, to, packet) {
        const k = key(from, to);
        const at = Math.max(this.world.nowMs + this.delay(), this.streamTail.get(k) ?? 0);
        this.streamTail.set(k, at);
        this.world.at(at, () => this.arrive(from, to, packet));
    }
    schedule(from, to, packet) {
        this.world.after(this.delay(), () => this.arrive(from, to, packet));
    }
    arrive(from, to, packet) {
        // A link cut while the packet was in flight loses it (a broken connection, a dead route).
        if (this.isCut(from, to)) {
            this.counters.cut++;
            return;
        }
        this.counters.delivered++;
        this.deliver(from, to, packet);
    }
    maybeGarble(packet) {
        if (packet.kind !== 'datagram' || !this.chance(this.quality.garbleRate))
            return packet;
        this.counters.garbled++;
        const b = packet.bytes;
        switch (this.rng.int(3)) {
            case 0:
                return { kind: 'datagram', bytes: b.slice(0, this.rng.int(b.length)) };
            case 1: {
                const longer = new Uint8Array(b.length + 1 + this.rng.int(16));
                longer.set(b);
                return { kind: 'datagram', bytes: longer };
            }
            default:
                return { kind: 'datagram', bytes: this.rng.bytes(this.rng.int(120)) };
        }
    }
    delay() {
        const { delayMinMs, delayMaxMs } = this.quality;
        return delayMinMs + this.rng.int(Math.max(1, delayMaxMs - delayMinMs + 1));
    }
    chance(p) {
        return p > 0 && this.rng.next() < p;
    }
}
function key(from, to) {
    return `${from}>${to}`;
}
//# sourceMappingURL=network.js.map