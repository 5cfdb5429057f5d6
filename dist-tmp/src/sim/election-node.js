/**
 * A simulated server running the real election core (through the real datagram codec) and the
 * Zab stand-in of zab-stub.ts, composed as QuorumPeer composes the real cores: LOOKING runs
 * the election; a decision starts a leader or follower; losing the leader or the quorum starts
 * a new election with fresh credentials.
 */
import { assertNever } from '../base/invariant.js';
import { DecodeError } from '../wire/jute.js';
import { decodeElectionDatagram, encodeElectionDatagram } from '../wire/election.js';
import { Election } from '../election/election.js';
import { formatVote, selfVote } from '../election/vote.js';
import { describeStub, FollowerStub, LeaderStub } from './zab-stub.js';
export class ElectionNode {
    sid;
    config;
    persisted;
    rng;
    checker;
    up = false;
    election = null;
    /** The last decision of the current process, while it holds (cleared on LOOKING). */
    decision = null;
    /** The epoch the Zab stand-in established (leader) or synced in (follower), while it holds. */
    establishedEpoch = null;
    malformed = 0;
    host = null;
    leader = null;
    follower = null;
    nextBeatAtMs = 0;
    logLines = [];
    constructor(sid, config, persisted, rng, checker) {
        this.sid = sid;
        this.config = config;
        this.persisted = persisted;
        this.rng = rng;
        this.checker = checker;
    }
    get credentials() {
        return { currentEpoch: this.persisted.currentEpoch, lastLoggedZxid: this.persisted.lastZxid };
    }
    get ownVote() {
        return selfVote(this.sid, this.credentials);
    }
    get role() {
        return this.up ? (this.election?.state ?? 'idle') : 'down';
    }
    /** Log effects of the cores, kept only in verbose runs. */
    drainLog() {
        return this.logLines.splice(0);
    }
    boot(host) {
        this.host = host;
        this.up = true;
        const incarnation = (this.rng.int(0x100000000) >>> 0) || 1;
        this.election = new Election({
            algorithm: this.config.algorithm,
            mySid: this.sid,
            incarnation,
            members: this.config.members,
            rng: this.rng,
            timing: this.config.timing,
        });
        host.note(`boot ${this.sid} inc ${incarnation} ${formatVote(this.ownVote)}`);
        this.nextBeatAtMs = host.nowMs + this.config.stub.tickMs;
        this.lookForLeader();
    }
    crash() {
        this.up = false;
        this.election = null;
        this.leader = null;
        this.follower = null;
        this.decision = null;
        this.establishedEpoch = null;
    }
    receive(from, packet) {
        if (!this.up)
            return;
        if (packet.kind === 'stream') {
            const m = packet.message;
            (this.leader ?? this.follower)?.receive(from, m, this.now);
        }
        else {
            let decoded;
            try {
                decoded = decodeElectionDatagram(packet.bytes);
            }
            catch (e) {
                if (!(e instanceof DecodeError))
                    throw e; // the codec promises DecodeError only
                this.malformed++;
                return;
            }
            this.run(this.election.receive(decoded.datagram, this.now));
        }
        this.scheduleWake();
    }
    wake() {
        if (!this.up)
            return;
        this.run(this.election.tick(this.now));
        if (this.now >= this.nextBeatAtMs) {
            this.nextBeatAtMs = this.now + this.config.stub.tickMs;
            (this.leader ?? this.follower)?.beat(this.now);
        }
        this.scheduleWake();
    }
    get now() {
        return this.host.nowMs;
    }
    lookForLeader() {
        this.leader = null;
        this.follower = null;
        this.decision = null;
        this.establishedEpoch = null;
        this.checker.electionStarted(this.ownVote);
        this.run(this.election.start(this.credentials, this.now));
        this.scheduleWake();
    }
    scheduleWake() {
        const host = this.host;
        const deadline = this.election?.nextDeadlineMs() ?? null;
        if (deadline !== null)
            host.wakeAt(deadline);
        if (this.leader !== null || this.follower !== null)
            host.wakeAt(this.nextBeatAtMs);
    }
    run(effects) {
        for (const e of effects) {
            switch (e.kind) {
                case 'send': {
                    const h = e.datagram.header;
                    this.checker.sent(this.sid, h.incarnation, h.seq, this.ownVote);
                    this.host.send(e.to, { kind: 'datagram', bytes: encodeElectionDatagram(e.datagram) });
                    break;
                }
                case 'decided':
                    this.onDecided(e.decision);
                    break;
                case 'log':
                    if (this.config.verbose) {
                        const fields = Object.entries(e.fields).map(([k, v]) => `${k}=${v}`).join(' ');
                        this.logLines.push(`${this.now} s${this.sid} ${e.level} ${e.event} ${fields}`);
                    }
                    break;
                default:
                    assertNever(e, 'election effect');
            }
        }
    }
    onDecided(d) {
        this.decision = d;
        this.host.note(`decided ${this.sid} ${d.state} ${formatVote(d.vote)} via ${d.via} round ${d.round}`);
        this.checker.decided(this.now, this.sid, d, this.ownVote);
        this.checker.advertised(this.sid, d.vote, d.state === 'leading');
        const env = this.stubEnv();
        if (d.state === 'leading')
            this.leader = new LeaderStub(env, this.now);
        else
            this.follower = new FollowerStub(env, d.leader, this.now);
    }
    stubEnv() {
        return {
            mySid: this.sid,
            quorum: this.election.quorum,
            timing: this.config.stub,
            persisted: this.persisted,
            send: (to, m) => this.host.send(to, { kind: 'stream', message: m, text: describeStub(m) }),
            established: (epoch) => this.onEstablished(epoch),
            lost: (reason) => {
                this.host.note(`lost ${this.sid}: ${reason}`);
                this.lookForLeader();
            },
        };
    }
    onEstablished(epoch) {
        const election = this.election;
        this.establishedEpoch = epoch;
        this.run(election.setEstablished(epoch));
        const leading = election.state === 'leading';
        this.checker.advertised(this.sid, election.vote, leading);
        if (leading) {
            this.host.note(`established ${this.sid} epoch ${epoch}`);
            this.checker.established(this.now, this.sid, epoch);
        }
    }
}
//# sourceMappingURL=election-node.js.map