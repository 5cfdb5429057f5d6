/**
 * A hand-cranked network for election unit tests: the test decides what is delivered, dropped,
 * duplicated or reordered, and when time moves. Datagrams go through the real codec.
 */
import { SeededRng } from '../../src/base/clock.js';
import { makeZxid } from '../../src/base/zxid.js';
import { Election } from '../../src/election/election.js';
import { decodeElectionDatagram, encodeElectionDatagram } from '../../src/wire/election.js';
export function members(voters, observers = 0) {
    const out = [];
    for (let i = 1; i <= voters; i++)
        out.push({ id: i, role: 'participant' });
    for (let i = 1; i <= observers; i++)
        out.push({ id: voters + i, role: 'observer' });
    return out;
}
export function cred(epoch, counter, zxidEpoch = epoch) {
    return { currentEpoch: epoch, lastLoggedZxid: makeZxid(zxidEpoch, counter) };
}
export class Bus {
    algorithm;
    memberList;
    timing;
    nowMs = 0;
    nodes = new Map();
    decisions = new Map();
    logs = [];
    inflight = [];
    /** Servers whose datagrams, in and out, vanish. */
    down = new Set();
    nextIncarnation = 100;
    constructor(algorithm, memberList, timing = {}) {
        this.algorithm = algorithm;
        this.memberList = memberList;
        this.timing = timing;
    }
    /** A new process for `sid` (replacing any before it), not yet started. */
    boot(sid) {
        const e = new Election({
            algorithm: this.algorithm,
            mySid: sid,
            incarnation: this.nextIncarnation++,
            members: this.memberList,
            rng: new SeededRng(sid * 7919 + this.nextIncarnation),
            timing: this.timing,
        });
        this.nodes.set(sid, e);
        this.decisions.delete(sid);
        this.down.delete(sid);
        return e;
    }
    start(sid, c) {
        const e = this.nodes.get(sid) ?? this.boot(sid);
        this.decisions.delete(sid);
        this.apply(sid, e.start(c, this.nowMs));
    }
    apply(from, effects) {
        for (const e of effects) {
            if (e.kind === 'send') {
                // Through the codec both ways, as a real datagram would go.
                const decoded = decodeElectionDatagram(encodeElectionDatagram(e.datagram)).datagram;
                this.inflight.push({ from, to: e.to, datagram: decoded });
            }
            else if (e.kind === 'decided') {
                this.decisions.set(from, e.decision);
            }
            else {
                this.logs.push(`${this.nowMs} ${from} ${e.event}`);
            }
        }
    }
    deliver(m) {
        if (this.down.has(m.from) || this.down.has(m.to))
            return;
        const e = this.nodes.get(m.to);
        if (e === undefined)
            return;
        this.apply(m.to, e.receive(m.datagram, this.nowMs));
    }
    /** Delivers everything in flight, and what that causes, in FIFO order. */
    deliverAll(drop = () => false, limit = 10_000) {
        for (let i = 0; i < limit && this.inflight.length > 0; i++) {
            const m = this.inflight.shift();
            if (!drop(m))
                this.deliver(m);
        }
    }
    /** Delivers everything except what `hold` matches, which is returned undelivered. */
    deliverAllBut(hold) {
        const held = [];
        this.deliverAll((m) => {
            if (hold(m))
                held.push(m);
            return hold(m);
        });
        return held;
    }
    /** Takes what is in flight without delivering it. */
    take(pred = () => true) {
        const taken = this.inflight.filter(pred);
        this.inflight = this.inflight.filter((m) => !pred(m));
        return taken;
    }
    tick() {
        for (const [sid, e] of this.nodes)
            if (!this.down.has(sid))
                this.apply(sid, e.tick(this.nowMs));
    }
    /** Moves time forward to `untilMs`, stopping at every deadline to tick and deliver. */
    runUntil(untilMs, drop = () => false) {
        this.deliverAll(drop);
        for (;;) {
            let next = untilMs;
            for (const [sid, e] of this.nodes) {
                const d = this.down.has(sid) ? null : e.nextDeadlineMs();
                if (d !== null && d < next)
                    next = Math.max(d, this.nowMs);
            }
            this.nowMs = next;
            this.tick();
            this.deliverAll(drop);
            if (next >= untilMs)
                return;
        }
    }
    state(sid) {
        return this.nodes.get(sid).state;
    }
}
//# sourceMappingURL=election-harness.js.map