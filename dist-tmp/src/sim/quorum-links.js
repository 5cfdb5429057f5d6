import { DecodeError } from '../wire/jute.js';
import { decodeQuorumMessage, encodeQuorumMessage, pktName, quorumMessageZxid } from '../wire/quorum.js';
class Direction {
    from;
    to;
    end;
    queue = [];
    scheduled = false;
    lastDue = 0;
    wasCut = false;
    constructor(from, to, 
    /** The receiving end. */
    end) {
        this.from = from;
        this.to = to;
        this.end = end;
    }
}
export class SimLink {
    id;
    learner;
    leader;
    learnerInc;
    leaderInc;
    open = { leader: true, learner: true };
    /** Reset: nothing is carried any more; each end learns it in its own time. */
    broken = false;
    toLeader;
    toLearner;
    /** Packets delivered, per direction (for traces and tests). */
    delivered = 0;
    constructor(id, learner, leader, learnerInc, leaderInc) {
        this.id = id;
        this.learner = learner;
        this.leader = leader;
        this.learnerInc = learnerInc;
        this.leaderInc = leaderInc;
        this.toLeader = new Direction(learner, leader, 'leader');
        this.toLearner = new Direction(leader, learner, 'learner');
    }
    get dead() {
        return !this.open.leader && !this.open.learner;
    }
    toString() {
        return `link#${this.id} ${this.learner}->${this.leader}`;
    }
}
export const DEFAULT_LINK_TIMING = { delayMinMs: 1, delayMaxMs: 20, resetRate: 0.5, resetNoticeMaxMs: 800 };
export class QuorumLinks {
    world;
    rng;
    isCut;
    events;
    timing = { ...DEFAULT_LINK_TIMING };
    links = new Map();
    nextId = 1;
    counters = { opened: 0, packets: 0, resets: 0, stalls: 0 };
    constructor(world, rng, isCut, events) {
        this.world = world;
        this.rng = rng;
        this.isCut = isCut;
        this.events = events;
    }
    establish(learner, learnerInc, leader, leaderInc) {
        const link = new SimLink(this.nextId++, learner, leader, learnerInc, leaderInc);
        this.links.set(link.id, link);
        this.counters.opened++;
        return link;
    }
    send(link, from, p) {
        if (!link.open[from] || link.broken)
            return;
        this.counters.packets++;
        this.push(link, from === 'learner' ? link.toLeader : link.toLearner, encodeQuorumMessage(p), '');
    }
    /** An end closes its socket: the FIN follows the data it sent. */
    close(link, at, reason) {
        if (!link.open[at])
            return;
        link.open[at] = false;
        const out = at === 'learner' ? link.toLeader : link.toLearner;
        const inbound = at === 'learner' ? link.toLearner : link.toLeader;
        inbound.queue.length = 0; // nobody reads them any more
        if (!link.broken)
            this.push(link, out, null, reason);
        this.forgetIfDead(link);
    }
    /** Both ends torn down at once; each learns it after its own delay. */
    reset(link, reason) {
        if (link.broken)
            return;
        this.counters.resets++;
        link.broken = true;
        link.toLeader.queue.length = 0;
        link.toLearner.queue.length = 0;
        for (const end of ['leader', 'learner']) {
            if (!link.open[end])
                continue;
            const at = this.world.nowMs + 1 + this.rng.int(this.timing.resetNoticeMaxMs);
            this.world.at(at, () => {
                if (!link.open[end])
                    return;
                link.open[end] = false;
                this.forgetIfDead(link);
                this.events.closed(link, end, reason);
            });
        }
    }
    /** Every link with an end at `sid` (any incarnation) loses that end: the process is gone. */
    crashed(sid) {
        for (const link of [...this.links.values()]) {
            if (link.learner === sid)
                this.close(link, 'learner', `server ${sid} crashed`);
            if (link.leader === sid)
                this.close(link, 'leader', `server ${sid} crashed`);
        }
    }
    /** Call after every change of the network's cuts: new cuts stall or reset, healed ones resume. */
    networkChanged() {
        for (const link of [...this.links.values()]) {
            for (const d of [link.toLeader, link.toLearner]) {
                const cut = this.isCut(d.from, d.to);
                if (cut && !d.wasCut) {
                    d.wasCut = true;
                    if (!link.dead && this.rng.next() < this.timing.resetRate) {
                        this.reset(link, `connection reset (network cut ${d.from}->${d.to})`);
                    }
                    else {
                        this.counters.stalls++;
                    }
                }
                else if (!cut && d.wasCut) {
                    d.wasCut = false;
                    // Retransmission after the heal: what was queued arrives in order from now on.
                    let t = this.world.nowMs;
                    for (const s of d.queue) {
                        t = Math.max(t, this.world.nowMs + this.delay());
                        s.dueAt = t;
                    }
                    d.lastDue = t;
                    this.pump(link, d);
                }
            }
        }
    }
    describe(p) {
        return `${pktName(p.type)} ${quorumMessageZxid(p).toString(16)}`;
    }
    push(link, d, packet, reason) {
        const dueAt = Math.max(this.world.nowMs + this.delay(), d.lastDue);
        d.lastDue = dueAt;
        d.queue.push({ dueAt, packet, reason });
        this.pump(link, d);
    }
    pump(link, d) {
        if (d.scheduled || d.queue.length === 0)
            return;
        if (this.isCut(d.from, d.to))
            return; // stalled until the cut heals
        d.scheduled = true;
        this.world.at(Math.max(d.queue[0].dueAt, this.world.nowMs), () => {
            d.scheduled = false;
            if (d.queue.length === 0)
                return;
            if (this.isCut(d.from, d.to))
                return;
            const s = d.queue.shift();
            if (link.open[d.end] && !link.broken) {
                if (s.packet === null) {
                    link.open[d.end] = false;
                    this.forgetIfDead(link);
                    this.events.closed(link, d.end, s.reason || 'connection closed by the other end');
                }
                else {
                    // Decoded where it comes off the link, as the runtime's QuorumLink does: a frame that
                    // does not decode costs this link and nothing else.
                    let m = null;
                    try {
                        m = decodeQuorumMessage(s.packet, d.end === 'leader' ? 'learner' : 'leader');
                    }
                    catch (e) {
                        if (!(e instanceof DecodeError))
                            throw e;
                        this.reset(link, `malformed quorum packet: ${e.message}`);
                    }
                    if (m) {
                        link.delivered++;
                        this.events.deliver(link, d.end, m);
                    }
                }
            }
            this.pump(link, d);
        });
    }
    forgetIfDead(link) {
        // Segments still queued are dropped on arrival (no open end reads them).
        if (link.dead)
            this.links.delete(link.id);
    }
    delay() {
        const { delayMinMs, delayMaxMs } = this.timing;
        return delayMinMs + this.rng.int(Math.max(1, delayMaxMs - delayMinMs + 1));
    }
}
//# sourceMappingURL=quorum-links.js.map