/**
 * UDP reliability for FastLeaderElection (docs/architecture.md, "Elections over UDP"), without per-message queues: for
 * each peer we keep only the latest notice we owe it, whether the peer has acknowledged exactly
 * that notice, and a re-send timer with exponential back-off (min interval, doubling, capped at
 * maxNotificationInterval; ZooKeeper's notTimeout). Each peer has its own timer, so a dead peer
 * never delays the others (docs/zookeeper-bugs.md item 6, ZOOKEEPER-2930).
 *
 * A looking server keeps re-sending to every peer on that schedule even after an ack, as
 * ZooKeeper re-sends on every empty poll: the replies are how it learns what the peer did
 * since, and a peer that decides, or advertises a new epoch after Zab sync
 * (updateElectionVote, ZOOKEEPER-1732), pushes nothing. A vote change owes the new notice to
 * everyone at once and restarts the back-off. The ack matters for an unacknowledged notice:
 * any datagram from that peer shows the path works again, so we re-send at once rather than
 * after up to a minute of back-off.
 */
import { backoffMs } from '../../base/backoff.js';
import { sameVote } from '../vote.js';
export function sameNotice(a, b) {
    return a.state === b.state && a.round === b.round && sameVote(a.vote, b.vote);
}
export class Outbox {
    timing;
    rng;
    links = new Map();
    constructor(timing, rng) {
        this.timing = timing;
        this.rng = rng;
    }
    /** Owes `notice` to every peer in `peers`, due now; due() collects the sends. */
    owe(peers, notice, nowMs) {
        for (const sid of peers) {
            const lastSentAtMs = this.links.get(sid)?.lastSentAtMs ?? -Infinity;
            this.links.set(sid, { owed: notice, acked: false, attempt: 0, nextSendAtMs: nowMs, lastSentAtMs });
        }
    }
    onAck(from, acked) {
        const link = this.links.get(from);
        if (link !== undefined && sameNotice(link.owed, acked))
            link.acked = true;
    }
    /** Any datagram from a peer whose copy of our notice may have been lost: re-send now. */
    onHeard(from, nowMs) {
        const link = this.links.get(from);
        if (link === undefined || link.acked)
            return;
        if (link.nextSendAtMs > nowMs && nowMs - link.lastSentAtMs >= this.timing.minNotificationIntervalMs) {
            link.attempt = 0;
            link.nextSendAtMs = nowMs;
        }
    }
    /** The peer runs a new process that knows nothing of us: re-send at once. */
    peerRestarted(from, nowMs) {
        const link = this.links.get(from);
        if (link === undefined)
            return;
        link.acked = false;
        link.attempt = 0;
        link.nextSendAtMs = nowMs;
    }
    /** The peers whose notice is due at `nowMs`, each rescheduled as if just sent. */
    due(nowMs) {
        const sends = [];
        for (const [sid, link] of this.links) {
            if (link.nextSendAtMs > nowMs)
                continue;
            sends.push({ to: sid, notice: link.owed });
            link.lastSentAtMs = nowMs;
            link.nextSendAtMs = nowMs + this.gapMs(link.attempt);
            link.attempt++;
        }
        return sends;
    }
    nextDeadlineMs() {
        let next = null;
        for (const link of this.links.values()) {
            if (next === null || link.nextSendAtMs < next)
                next = link.nextSendAtMs;
        }
        return next;
    }
    clear() {
        this.links.clear();
    }
    /** Back-off with up to 25% jitter taken off, so that re-sends of several servers spread out. */
    gapMs(attempt) {
        const gap = backoffMs(attempt, this.timing.minNotificationIntervalMs, this.timing.maxNotificationIntervalMs);
        return gap - this.rng.int(Math.floor(gap / 4) + 1);
    }
}
//# sourceMappingURL=outbox.js.map