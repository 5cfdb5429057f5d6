/**
 * A stand-in for Zab, just enough for the election to be tested in the simulator: what a server
 * does between being elected and going back to LOOKING. The election simulator (election-sim.ts)
 * uses it so that elections can be soaked quickly and on their own; the whole-peer simulator
 * (zab-sim.ts) runs the real zab/ and peer/ cores instead (docs/architecture.md, "Effect
 * interpreters").
 *
 * Discovery: followers send their acceptedEpoch; a leader with a quorum picks
 * max(acceptedEpoch) + 1, persists it as its own acceptedEpoch, and proposes it; a follower
 * acknowledges an epoch only if it is above its own acceptedEpoch (which it persists first), or
 * re-acknowledges the one it already gave this same leader. Sync: the leader sends its last
 * zxid; a follower adopts it with the new currentEpoch. With a quorum synced the leader is
 * "established" in that epoch (the checker's P1 event) and both sides advertise the epoch in
 * their election vote (updateElectionVote). Broadcast: every tick the leader makes one zxid and
 * pings; a follower that hears no ping for syncLimit ticks, and a leader that hears from no
 * quorum for syncLimit ticks, go back to LOOKING; so does anyone not established within
 * initLimit ticks. A follower that promised an epoch at or above an established leader's makes
 * that leader step down, so the next election can pick a higher epoch. Observers follow
 * whatever epoch the voters establish, and never count.
 *
 * Everything here is durable at once: the simulator has no disk faults yet.
 */
import { makeZxid } from '../base/zxid.js';
export function describeStub(m) {
    switch (m.t) {
        case 'newleader':
        case 'ping':
            return `${m.t} e${m.epoch} z${m.zxid.toString(16)}`;
        case 'finfo':
            return `finfo a${m.acceptedEpoch}`;
        default:
            return `${m.t} e${m.epoch}`;
    }
}
export class LeaderStub {
    env;
    startedAtMs;
    epoch = null;
    established = false;
    newLeaderSent = false;
    counter = 0;
    infos = new Map();
    acked = new Set();
    synced = new Set();
    lastPong = new Map();
    active = true;
    constructor(env, startedAtMs) {
        this.env = env;
        this.startedAtMs = startedAtMs;
        this.infos.set(env.mySid, env.persisted.acceptedEpoch);
    }
    receive(from, m, nowMs) {
        if (!this.active)
            return;
        switch (m.t) {
            case 'finfo':
                this.onInfo(from, m.acceptedEpoch);
                break;
            case 'ackepoch':
                if (m.epoch !== this.epoch)
                    return;
                this.acked.add(from);
                if (this.newLeaderSent)
                    this.sendNewLeader(from);
                break;
            case 'synced':
                if (m.epoch !== this.epoch)
                    return;
                this.synced.add(from);
                this.lastPong.set(from, nowMs);
                break;
            case 'pong':
                if (m.epoch === this.epoch)
                    this.lastPong.set(from, nowMs);
                return;
            default:
                return;
        }
        if (this.active)
            this.advance();
    }
    beat(nowMs) {
        if (!this.active)
            return;
        this.advance(); // a leader of one has nobody to wait for
        const t = this.env.timing;
        if (!this.established) {
            if (nowMs - this.startedAtMs > t.initLimit * t.tickMs)
                this.lose('no quorum within initLimit');
            return;
        }
        const epoch = this.epoch;
        this.counter++;
        this.env.persisted.lastZxid = makeZxid(epoch, this.counter);
        for (const f of this.synced)
            this.env.send(f, { t: 'ping', epoch, zxid: this.env.persisted.lastZxid });
        const live = [...this.synced].filter((f) => nowMs - (this.lastPong.get(f) ?? -Infinity) <= t.syncLimit * t.tickMs);
        if (!this.quorumOf(live))
            this.lose('lost the quorum');
    }
    /** Moves through the stages as far as the quorums collected so far allow. */
    advance() {
        if (this.epoch === null) {
            if (!this.env.quorum.containsQuorum(this.infos.keys()))
                return;
            this.epoch = Math.max(...this.infos.values()) + 1;
            this.env.persisted.acceptedEpoch = this.epoch; // durable before anyone hears of it
            for (const f of this.infos.keys())
                if (f !== this.env.mySid)
                    this.env.send(f, { t: 'newepoch', epoch: this.epoch });
        }
        if (!this.newLeaderSent) {
            if (!this.quorumOf(this.acked))
                return;
            this.newLeaderSent = true;
            for (const f of this.acked)
                this.sendNewLeader(f);
        }
        if (!this.established && this.quorumOf(this.synced)) {
            this.established = true;
            this.counter = 0;
            this.env.persisted.currentEpoch = this.epoch;
            this.env.established(this.epoch);
        }
    }
    onInfo(from, acceptedEpoch) {
        // Observers take whatever epoch the voters establish: they neither shape nor block it.
        if (!this.env.quorum.isVoter(from)) {
            if (this.epoch !== null)
                this.env.send(from, { t: 'newepoch', epoch: this.epoch });
            return;
        }
        if (this.epoch === null) {
            this.infos.set(from, acceptedEpoch);
            return;
        }
        if (acceptedEpoch >= this.epoch) {
            this.lose(`server ${from} promised epoch ${acceptedEpoch}, ours is ${this.epoch}`);
            return;
        }
        this.infos.set(from, acceptedEpoch);
        this.env.send(from, { t: 'newepoch', epoch: this.epoch });
    }
    sendNewLeader(to) {
        this.env.send(to, { t: 'newleader', epoch: this.epoch, zxid: this.env.persisted.lastZxid });
    }
    /** Followers in `sids` plus ourselves form a quorum. */
    quorumOf(sids) {
        return this.env.quorum.containsQuorum([...sids, this.env.mySid]);
    }
    lose(reason) {
        this.active = false;
        this.env.lost(reason);
    }
}
export class FollowerStub {
    env;
    leader;
    startedAtMs;
    ackedEpoch = null;
    syncedEpoch = null;
    lastPingAtMs = 0;
    active = true;
    constructor(env, leader, startedAtMs) {
        this.env = env;
        this.leader = leader;
        this.startedAtMs = startedAtMs;
        this.env.send(leader, { t: 'finfo', acceptedEpoch: env.persisted.acceptedEpoch });
    }
    receive(from, m, nowMs) {
        if (!this.active || from !== this.leader)
            return;
        const p = this.env.persisted;
        switch (m.t) {
            case 'newepoch':
                if (m.epoch > p.acceptedEpoch || !this.env.quorum.isVoter(this.env.mySid)) {
                    p.acceptedEpoch = m.epoch; // durable before the ack
                    this.ackedEpoch = m.epoch;
                }
                else if (m.epoch < p.acceptedEpoch) {
                    return this.lose(`leader epoch ${m.epoch} below our promise ${p.acceptedEpoch}`);
                }
                else if (this.ackedEpoch !== m.epoch) {
                    return; // promised to another leader: never acknowledge one epoch twice
                }
                this.env.send(this.leader, { t: 'ackepoch', epoch: m.epoch });
                return;
            case 'newleader':
                if (m.epoch !== this.ackedEpoch)
                    return;
                if (this.syncedEpoch === null) {
                    p.lastZxid = m.zxid;
                    p.currentEpoch = m.epoch;
                    this.syncedEpoch = m.epoch;
                    this.lastPingAtMs = nowMs;
                    this.env.established(m.epoch);
                }
                this.env.send(this.leader, { t: 'synced', epoch: m.epoch });
                return;
            case 'ping':
                if (m.epoch !== this.syncedEpoch)
                    return;
                p.lastZxid = m.zxid;
                this.lastPingAtMs = nowMs;
                this.env.send(this.leader, { t: 'pong', epoch: m.epoch });
                return;
            default:
                return;
        }
    }
    beat(nowMs) {
        if (!this.active)
            return;
        const t = this.env.timing;
        if (this.syncedEpoch === null) {
            if (nowMs - this.startedAtMs > t.initLimit * t.tickMs)
                return this.lose('not synced within initLimit');
            // Repeat our last step: the stand-in for reconnecting a dropped TCP connection.
            if (this.ackedEpoch === null)
                this.env.send(this.leader, { t: 'finfo', acceptedEpoch: this.env.persisted.acceptedEpoch });
            else
                this.env.send(this.leader, { t: 'ackepoch', epoch: this.ackedEpoch });
            return;
        }
        if (nowMs - this.lastPingAtMs > t.syncLimit * t.tickMs)
            this.lose('leader silent for syncLimit');
    }
    lose(reason) {
        this.active = false;
        this.env.lost(reason);
    }
}
//# sourceMappingURL=zab-stub.js.map