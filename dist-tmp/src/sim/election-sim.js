/**
 * One simulated election run from a seed, in three phases:
 *
 * 1. Cold start. Every server boots within 50 ms of the others, the links are perfect apart
 *    from delays of at most 50 ms (well under the 200 ms finalize wait and poll timeout), and
 *    nothing fails. Checked: every decision names the voter with the highest
 *    (peerEpoch, zxid, sid), and by the end of the phase all servers follow it and it is
 *    established. (In a stable period all deciders agree.)
 * 2. Chaos. `steps` nemesis actions: crashes, restarts, partitions (symmetric, isolating,
 *    one-way), and link changes (loss, duplication, garbling, delay, hence reordering).
 * 3. Liveness. Links healed (no loss; duplicates and reordering stay), every server restarted
 *    except up to as many voters as a quorum can spare. Checked: within `livenessBoundMs`
 *    all live servers follow one live leader established by a quorum, and still do at the end.
 *
 * The checker (checker.ts) judges every decision of every phase (E1-E4). Any exception out of
 * a core (a failed assertion) ends the run as a violation.
 */
import { exceptionViolation } from './exceptions.js';
import { SeededRng } from '../base/clock.js';
import { makeZxid } from '../base/zxid.js';
import { MajorityQuorum } from '../base/quorum.js';
import { DEFAULT_TIMING } from '../election/types.js';
import { formatVote } from '../election/vote.js';
import { ElectionChecker, rankVotes } from './checker.js';
import { ElectionNode } from './election-node.js';
import { CALM_LINKS, COLD_START_LINKS, drawProfile, MIN_DOWNTIME_MS, Nemesis } from './nemesis.js';
import { SimNetwork } from './network.js';
import { deriveSeed, TraceHash } from './trace.js';
import { World } from './world.js';
const COLD_START_MS = 10_000;
const STUB = { tickMs: 500, initLimit: 10, syncLimit: 5 };
const PROBE_MS = 250;
export function replayCommand(o) {
    const observers = o.observers ? ` --observers ${o.observers}` : '';
    const steps = o.steps !== undefined ? ` --steps ${o.steps}` : '';
    return `bin/zk-sim --seed ${o.seed} --servers ${o.servers} --election ${o.algorithm}${observers}${steps}`;
}
/** The longest an election can wait between two attempts: fast's back-off cap, classic's poll round. */
export function electionBackoffMs(algorithm) {
    return algorithm === 'fast' ? DEFAULT_TIMING.maxNotificationIntervalMs : DEFAULT_TIMING.pollTimeoutMs + DEFAULT_TIMING.pollPauseMs;
}
/** How long after a quorum can talk the cluster must have converged. */
export function livenessBoundMs(algorithm) {
    const election = electionBackoffMs(algorithm);
    // A stale leader or follower needs up to initLimit + syncLimit ticks to notice; twice that
    // covers one failed attempt, plus time for the election and the epoch handshake.
    return election + 2 * (STUB.initLimit + STUB.syncLimit) * STUB.tickMs + 10_000;
}
export function runElectionSim(o) {
    return new ElectionSim(o).run();
}
class ElectionSim {
    o;
    world = new World();
    trace = new TraceHash();
    network;
    nodes = new Map();
    hosts = new Map();
    downSince = new Map();
    checker;
    quorum;
    voters;
    nemesis;
    faults = [];
    extra = [];
    convergedAfterMs = null;
    constructor(o) {
        this.o = o;
        const members = [];
        for (let i = 1; i <= o.servers; i++)
            members.push({ id: i, role: 'participant' });
        for (let i = 1; i <= (o.observers ?? 0); i++)
            members.push({ id: o.servers + i, role: 'observer' });
        this.quorum = new MajorityQuorum(members);
        this.voters = [...this.quorum.voters];
        this.checker = new ElectionChecker(this.quorum);
        this.network = new SimNetwork(this.world, new SeededRng(deriveSeed(o.seed, 'network')), (from, to, p) => this.deliver(from, to, p));
        const nemesisRng = new SeededRng(deriveSeed(o.seed, 'nemesis'));
        this.nemesis = new Nemesis(nemesisRng, drawProfile(nemesisRng));
        const dataRng = new SeededRng(deriveSeed(o.seed, 'data'));
        const config = { algorithm: o.algorithm, members, timing: {}, stub: STUB, verbose: o.verbose ?? false };
        for (const m of members) {
            // Random but plausible durable state: a currentEpoch of 0..3, and a log that ends in that
            // epoch or, for a server that joined an epoch in which nothing was written yet, the one
            // before; so that ranking by zxid alone and by (epoch, zxid) disagree in some runs.
            const epoch = dataRng.int(4);
            const logEpoch = Math.max(0, epoch - dataRng.int(2));
            const persisted = { acceptedEpoch: epoch, currentEpoch: epoch, lastZxid: makeZxid(logEpoch, dataRng.int(6)) };
            const rng = new SeededRng(deriveSeed(o.seed, `node-${m.id}`));
            this.nodes.set(m.id, new ElectionNode(m.id, config, persisted, rng, this.checker));
            this.hosts.set(m.id, new SimHost(this, m.id));
        }
    }
    run() {
        const bound = livenessBoundMs(this.o.algorithm);
        try {
            this.coldStart();
            const calmFromMs = this.chaos();
            this.liveness(calmFromMs, bound);
        }
        catch (e) {
            this.extra.push(exceptionViolation(this.world.nowMs, e));
        }
        return this.result(bound);
    }
    // -- phases ---------------------------------------------------------------------------------
    coldStart() {
        this.network.quality = { ...COLD_START_LINKS };
        const bootRng = new SeededRng(deriveSeed(this.o.seed, 'boot'));
        const best = this.voters.map((s) => this.nodes.get(s).ownVote).reduce((a, b) => (rankVotes(a, b) >= 0 ? a : b));
        for (const sid of this.nodes.keys())
            this.world.at(bootRng.int(51), () => this.boot(sid));
        this.world.runUntil(COLD_START_MS);
        for (const d of this.checker.decisions) {
            if (d.decision.leader !== best.leader) {
                this.extra.push({
                    atMs: d.atMs,
                    property: 'cold-start agreement',
                    detail: `server ${d.sid} decided ${d.decision.leader}, but the best voter is ${formatVote(best)}`,
                });
            }
        }
        const leader = this.convergedLeader();
        if (leader !== best.leader) {
            this.extra.push({ atMs: this.world.nowMs, property: 'cold-start liveness', detail: `not converged on ${best.leader} after ${COLD_START_MS} ms: ${this.roles()}` });
        }
    }
    /** Returns the time at which the last fault was injected. */
    chaos() {
        const steps = this.o.steps ?? 30;
        const gapRng = new SeededRng(deriveSeed(this.o.seed, 'gaps'));
        for (let i = 0; i < steps; i++) {
            this.world.runUntil(this.world.nowMs + 200 + gapRng.int(3000));
            const action = this.nemesis.next(this.view());
            if (action !== null)
                this.apply(action);
        }
        this.world.runUntil(this.world.nowMs + gapRng.int(3000));
        return this.world.nowMs;
    }
    liveness(startMs, bound) {
        this.apply({ kind: 'heal' });
        this.apply({ kind: 'links', quality: { ...CALM_LINKS } });
        const keepDown = new Set(this.nemesis.keepDown(this.voters, this.voters.length - this.quorum.quorumSize));
        let quorumAtMs = startMs;
        for (const sid of this.nodes.keys()) {
            const node = this.nodes.get(sid);
            if (keepDown.has(sid)) {
                if (node.up)
                    this.apply({ kind: 'crash', sid });
            }
            else if (!node.up) {
                const at = Math.max(startMs, this.downSince.get(sid) + MIN_DOWNTIME_MS);
                quorumAtMs = Math.max(quorumAtMs, at);
                this.world.at(at, () => this.apply({ kind: 'restart', sid }));
            }
        }
        const deadline = quorumAtMs + bound;
        let convergedAtMs = null;
        for (let t = startMs; t < deadline + 5_000; t += PROBE_MS) {
            this.world.runUntil(t);
            if (convergedAtMs === null && this.convergedLeader() !== null)
                convergedAtMs = this.world.nowMs;
        }
        const converged = convergedAtMs === null ? null : Math.max(0, convergedAtMs - quorumAtMs);
        if (converged === null || converged > bound) {
            this.extra.push({ atMs: this.world.nowMs, property: 'liveness', detail: `no stable leader within ${bound} ms of a quorum being able to talk: ${this.roles()}` });
        }
        else if (this.convergedLeader() === null) {
            this.extra.push({ atMs: this.world.nowMs, property: 'liveness', detail: `converged, then lost it again without faults: ${this.roles()}` });
        }
        this.convergedAfterMs = converged;
    }
    // -- world ----------------------------------------------------------------------------------
    /** The one leader every live server follows (established, synced), or null. */
    convergedLeader() {
        const live = [...this.nodes.values()].filter((n) => n.up);
        const leader = live.find((n) => n.election?.state === 'leading' && n.establishedEpoch !== null);
        if (leader === undefined)
            return null;
        const epoch = leader.establishedEpoch;
        const allFollow = live.every((n) => n.decision?.leader === leader.sid && n.establishedEpoch === epoch);
        return allFollow ? leader.sid : null;
    }
    roles() {
        return [...this.nodes.values()].map((n) => `${n.sid}:${n.role}${n.decision ? `→${n.decision.leader}` : ''}${n.establishedEpoch !== null ? `@e${n.establishedEpoch}` : ''}`).join(' ');
    }
    view() {
        return {
            sids: [...this.nodes.keys()],
            isUp: (sid) => this.nodes.get(sid).up,
            downSinceMs: (sid) => this.downSince.get(sid) ?? 0,
            nowMs: this.world.nowMs,
        };
    }
    apply(a) {
        const line = describeAction(a);
        this.faults.push(`${this.world.nowMs} ${line}`);
        this.note(`nemesis ${line}`);
        switch (a.kind) {
            case 'crash':
                this.nodes.get(a.sid).crash();
                this.hosts.get(a.sid).generation++;
                this.downSince.set(a.sid, this.world.nowMs);
                return;
            case 'restart':
                if (!this.nodes.get(a.sid).up)
                    this.boot(a.sid);
                return;
            case 'partition':
                this.network.partition(a.groups);
                return;
            case 'one-way':
                this.network.cutOneWay(a.from, a.to);
                return;
            case 'heal':
                this.network.heal();
                return;
            case 'links':
                this.network.quality = { ...a.quality };
                return;
        }
    }
    boot(sid) {
        this.nodes.get(sid).boot(this.hosts.get(sid));
        this.flushLog(sid);
    }
    deliver(from, to, p) {
        const node = this.nodes.get(to);
        if (!node.up)
            return;
        this.trace.text(`${this.world.nowMs} ${from}>${to} ${p.kind === 'stream' ? p.text : ''}`);
        if (p.kind === 'datagram')
            this.trace.bytes(p.bytes);
        node.receive(from, p);
        this.flushLog(to);
    }
    send(from, to, p) {
        this.network.send(from, to, p);
    }
    wake(sid) {
        this.nodes.get(sid).wake();
        this.flushLog(sid);
    }
    get nowMs() {
        return this.world.nowMs;
    }
    at(atMs, run) {
        this.world.at(atMs, run);
    }
    note(line) {
        this.trace.text(`${this.world.nowMs} ${line}`);
        if (this.o.verbose)
            this.o.log?.(`${this.world.nowMs} ${line}`);
    }
    flushLog(sid) {
        if (!this.o.verbose)
            return;
        for (const line of this.nodes.get(sid).drainLog())
            this.o.log?.(line);
    }
    result(bound) {
        const violations = [...this.checker.violations, ...this.extra].sort((a, b) => a.atMs - b.atMs);
        const nodes = [...this.nodes.values()];
        return {
            seed: this.o.seed,
            ok: violations.length === 0,
            traceHash: this.trace.hex(),
            violations,
            replay: replayCommand(this.o),
            stats: {
                virtualMs: this.world.nowMs,
                events: this.world.eventsRun,
                decisions: this.checker.decisions.length,
                joins: this.checker.decisions.filter((d) => d.decision.via === 'established').length,
                establishments: this.checker.establishments.length,
                highestEpoch: Math.max(...nodes.map((n) => n.persisted.currentEpoch)),
                convergedAfterMs: this.convergedAfterMs,
                livenessBoundMs: bound,
                faults: this.faults,
                network: { ...this.network.counters },
                droppedStale: nodes.reduce((sum, n) => sum + (n.election?.counters.droppedStale ?? 0), 0),
                droppedMalformed: nodes.reduce((sum, n) => sum + n.malformed, 0),
            },
        };
    }
}
/** A node's window on the simulation; wakes of a crashed process are void (generation). */
class SimHost {
    sim;
    sid;
    generation = 0;
    pending = new Set();
    constructor(sim, sid) {
        this.sim = sim;
        this.sid = sid;
    }
    get nowMs() {
        return this.sim.nowMs;
    }
    send(to, packet) {
        this.sim.send(this.sid, to, packet);
    }
    wakeAt(atMs) {
        const at = Math.max(atMs, this.sim.nowMs);
        const key = this.generation * 1e13 + at;
        if (this.pending.has(key))
            return;
        this.pending.add(key);
        const generation = this.generation;
        this.sim.at(at, () => {
            this.pending.delete(key);
            if (generation === this.generation)
                this.sim.wake(this.sid);
        });
    }
    note(line) {
        this.sim.note(line);
    }
}
function describeAction(a) {
    switch (a.kind) {
        case 'crash':
        case 'restart':
            return `${a.kind} ${a.sid}`;
        case 'partition':
            return `partition ${a.groups.map((g) => g.join(',')).join(' | ')}`;
        case 'one-way':
            return `cut ${a.from}->${a.to}`;
        case 'heal':
            return 'heal';
        case 'links': {
            const q = a.quality;
            return `links loss=${q.lossRate} dup=${q.duplicateRate} garble=${q.garbleRate} delay=${q.delayMinMs}..${q.delayMaxMs}ms`;
        }
    }
}
//# sourceMappingURL=election-sim.js.map