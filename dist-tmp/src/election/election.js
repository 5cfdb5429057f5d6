import { ClassicElection } from './classic/classic-election.js';
import { CoreOutput } from './core.js';
import { FastElection } from './fast/fast-election.js';
import { MajorityQuorum } from '../base/quorum.js';
import { SenderFilter } from './sender-filter.js';
import { DEFAULT_TIMING, } from './types.js';
import { atLeastAsRecent, formatVote, selfVote } from './vote.js';
export class Election {
    algorithm;
    mySid;
    incarnation;
    quorum;
    counters = {
        sent: 0,
        received: 0,
        droppedStale: 0,
        droppedUnknownSender: 0,
        droppedWrongAlgorithm: 0,
    };
    core;
    out = new CoreOutput();
    filter = new SenderFilter();
    seq = 0;
    warnedWrongAlgorithm = new Set();
    constructor(opts) {
        this.algorithm = opts.algorithm;
        this.mySid = opts.mySid;
        this.incarnation = opts.incarnation >>> 0;
        this.quorum = new MajorityQuorum(opts.members);
        if (!this.quorum.isMember(opts.mySid))
            throw new RangeError(`server ${opts.mySid} is not in the configuration`);
        const ctx = {
            mySid: opts.mySid,
            myIncarnation: this.incarnation,
            quorum: this.quorum,
            timing: { ...DEFAULT_TIMING, ...opts.timing },
            rng: opts.rng,
            out: this.out,
        };
        this.core = opts.algorithm === 'basic' ? new ClassicElection(ctx) : new FastElection(ctx);
    }
    get state() {
        return this.core.state;
    }
    /** The proposal while looking, the decided vote after; null before start(). */
    get vote() {
        return this.core.vote;
    }
    /**
     * Enter LOOKING with our durable credentials; also the way back after leaving a role.
     * `successor`: the leader handed leadership to this server (a TAKEOVER): vote for it from the
     * start, and rank it first among equally recent candidates. Ignored, with a warning, when it
     * is not a voter or holds less history than we do (then it must not win; the ordinary
     * election decides).
     */
    start(cred, nowMs, successor) {
        let hint;
        if (successor) {
            if (!this.quorum.isVoter(successor.leader)) {
                this.out.log('warn', 'election.successor-ignored', { successor: successor.leader, reason: 'not a voter' });
            }
            else if (!atLeastAsRecent(successor, selfVote(this.mySid, cred))) {
                this.out.log('warn', 'election.successor-ignored', { successor: formatVote(successor), reason: 'behind us', ours: formatVote(selfVote(this.mySid, cred)) });
            }
            else {
                hint = successor;
            }
        }
        this.core.start(cred, nowMs, hint);
        return this.flush();
    }
    receive(d, nowMs) {
        this.counters.received++;
        const { sid, incarnation, seq } = d.header;
        if (sid === this.mySid || !this.quorum.isMember(sid)) {
            this.counters.droppedUnknownSender++;
            this.out.log('debug', 'election.unknown-sender', { sid });
            return this.flush();
        }
        if (!this.speaksOurAlgorithm(d.message)) {
            this.counters.droppedWrongAlgorithm++;
            if (!this.warnedWrongAlgorithm.has(sid)) {
                this.warnedWrongAlgorithm.add(sid);
                this.out.log('warn', 'election.wrong-algorithm', { sid, type: d.message.type, ours: this.algorithm });
            }
            return this.flush();
        }
        const verdict = this.filter.admit(sid, incarnation, seq);
        if (verdict === 'stale') {
            this.counters.droppedStale++;
            return this.flush();
        }
        if (verdict === 'restarted') {
            this.out.log('info', 'election.sender-restarted', { sid, incarnation });
            this.core.senderRestarted(sid, nowMs);
        }
        this.core.receive(sid, d.message, { incarnation, seq }, nowMs);
        return this.flush();
    }
    tick(nowMs) {
        this.core.tick(nowMs);
        return this.flush();
    }
    /** Zab established `peerEpoch` with the leader we decided on: advertise it from now on. */
    setEstablished(peerEpoch) {
        this.core.setEstablished(peerEpoch);
        return this.flush();
    }
    /** Shut down: stop sending and answering until the next start(). */
    stop() {
        this.core.stop();
        return this.flush();
    }
    nextDeadlineMs() {
        return this.core.nextDeadlineMs();
    }
    speaksOurAlgorithm(m) {
        const classic = m.type === 'classic-query' || m.type === 'classic-reply';
        return classic === (this.algorithm === 'basic');
    }
    flush() {
        return this.out.drain().map((e) => this.stamp(e));
    }
    stamp(e) {
        if (e.kind !== 'send')
            return e;
        this.counters.sent++;
        this.seq++;
        return { kind: 'send', to: e.to, datagram: { header: { sid: this.mySid, incarnation: this.incarnation, seq: this.seq }, message: e.message } };
    }
}
//# sourceMappingURL=election.js.map