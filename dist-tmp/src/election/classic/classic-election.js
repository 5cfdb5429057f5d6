/**
 * The classic pull-based LeaderElection (electionAlg=0, docs/architecture.md, "Elections over UDP") as a pure core.
 * Two parts, as in ZooKeeper: a responder that answers every query in every state, and, while
 * looking, a loop of poll rounds. Fixed against the weaknesses of ZooKeeper's version:
 *
 * - Queries go to all voters at once, silent ones are asked again mid-round, and a round ends
 *   at pollTimeoutMs or as soon as every voter has answered (ZooKeeper polled one peer at a
 *   time, 200 ms each, and asked each once).
 * - Every round has a fresh number that replies must echo; replies of older rounds, and
 *   duplicates (dropped by the facade's sender filter), are ignored. ZooKeeper kept one xid
 *   for the whole election, so a late reply of an earlier round counted as current.
 * - Replies are always complete: state, current vote, and the responder's own credentials.
 *   An observer answers too, with its decided leader. No stale bytes (ZooKeeper's responder
 *   could send the tail of an earlier reply).
 * - Votes are keyed by the sender id in the datagram header (authenticated when a shared key
 *   is configured), never by source address.
 * - Ranking includes the epoch; the count and its guards are in tally.ts.
 */
import { invariant } from '../../base/invariant.js';
import { announceDecision } from '../core.js';
import { formatVote, NO_VOTE, selfVote } from '../vote.js';
import { tally } from './tally.js';
/** See ClassicElection.quickRounds. */
const QUICK_ROUNDS_AFTER_HANDOVER = 10;
const QUICK_PAUSE_MS = 20;
export class ClassicElection {
    ctx;
    phase = 'idle';
    settled = null;
    cred = null;
    /** Our tentative vote while looking. */
    current = NO_VOTE;
    /** Whether `current` came out of a completed poll of this election. */
    informed = false;
    /** Poll round number: grows for the life of the process, never reused. */
    pollRound = 0;
    replies = new Map();
    roundEndsAtMs = null;
    /** Mid-round: ask the voters that have not answered yet once more. */
    requeryAtMs = null;
    pauseEndsAtMs = null;
    startedAtMs = 0;
    rounds = 0;
    /** The successor a leader handed over to, ranked first among equals in this election only. */
    successor = null;
    /**
     * Undecided rounds after a handover that pause only briefly: every server went LOOKING at
     * the same moment, so a round that missed a decision missed it by one packet's delay (a peer
     * not yet told), not by a peer that needs time; a full pollPauseMs would make the handover
     * cost a second. A few such rounds, then the ordinary pace.
     */
    quickRounds = 0;
    constructor(ctx) {
        this.ctx = ctx;
    }
    get state() {
        return this.phase === 'settled' ? this.settled.state : this.phase;
    }
    get vote() {
        if (this.phase === 'idle')
            return null;
        return this.phase === 'settled' ? this.settled.vote : this.current;
    }
    get isVoter() {
        return this.ctx.quorum.isVoter(this.ctx.mySid);
    }
    get ownVote() {
        return selfVote(this.ctx.mySid, this.cred);
    }
    start(cred, nowMs, successor) {
        this.cred = cred;
        this.phase = 'looking';
        this.settled = null;
        this.successor = successor ?? null;
        this.quickRounds = successor ? QUICK_ROUNDS_AFTER_HANDOVER : 0;
        // After a leadership transfer we vote for the successor from the start, and the vote counts
        // as informed: it comes from the leader's view of every synced server (the successor holds
        // all it proposed), not from our first breath. The tally still elects it only if it is the
        // best candidate heard, so a server with more history would still win.
        this.current = !this.isVoter ? NO_VOTE : successor && successor.leader !== this.ctx.mySid ? successor : this.ownVote;
        this.informed = successor !== undefined;
        this.startedAtMs = nowMs;
        this.rounds = 0;
        this.ctx.out.log('info', 'election.start', { algorithm: 'basic', vote: formatVote(this.current), ...(successor ? { successor: successor.leader } : {}) });
        this.beginRound(nowMs);
    }
    receive(from, message, meta, nowMs) {
        if (this.phase === 'idle')
            return;
        if (message.type === 'classic-query') {
            this.answer(from, message.round);
        }
        else if (message.type === 'classic-reply') {
            this.onReply(from, message, meta, nowMs);
        }
    }
    senderRestarted(from) {
        this.replies.delete(from);
    }
    tick(nowMs) {
        if (this.phase !== 'looking')
            return;
        if (this.requeryAtMs !== null && nowMs >= this.requeryAtMs)
            this.requery();
        if (this.roundEndsAtMs !== null && nowMs >= this.roundEndsAtMs)
            this.endRound(nowMs);
        else if (this.pauseEndsAtMs !== null && nowMs >= this.pauseEndsAtMs)
            this.beginRound(nowMs);
    }
    setEstablished(peerEpoch) {
        if (this.phase !== 'settled') {
            this.ctx.out.log('warn', 'election.established-ignored', { reason: 'not decided', peerEpoch });
            return;
        }
        const s = this.settled;
        invariant(peerEpoch >= s.vote.peerEpoch, 'established-epoch-not-below-elected', () => `established epoch ${peerEpoch} below the elected ${s.vote.peerEpoch}`);
        s.vote = { ...s.vote, peerEpoch };
        // Establishing an epoch makes it our currentEpoch too; replies must not understate it.
        this.cred = { ...this.cred, currentEpoch: peerEpoch };
    }
    stop() {
        this.phase = 'idle';
        this.settled = null;
        this.replies.clear();
        this.roundEndsAtMs = null;
        this.requeryAtMs = null;
        this.pauseEndsAtMs = null;
    }
    nextDeadlineMs() {
        if (this.phase !== 'looking')
            return null;
        return this.requeryAtMs ?? this.roundEndsAtMs ?? this.pauseEndsAtMs;
    }
    /** The responder: a complete reply in every state. */
    answer(from, round) {
        const s = this.settled;
        const cred = this.cred;
        this.ctx.out.send(from, {
            type: 'classic-reply',
            round,
            state: s?.state ?? 'looking',
            informed: s !== null || this.informed,
            vote: s?.vote ?? this.current,
            ownEpoch: cred.currentEpoch,
            ownZxid: cred.lastLoggedZxid,
        });
    }
    onReply(from, m, meta, nowMs) {
        if (this.phase !== 'looking' || this.roundEndsAtMs === null || m.round !== this.pollRound) {
            this.ctx.out.log('debug', 'election.late-reply', { from, round: m.round, current: this.pollRound });
            return;
        }
        if (!this.ctx.quorum.isVoter(from))
            return;
        const own = { leader: from, zxid: m.ownZxid, peerEpoch: m.ownEpoch };
        this.replies.set(from, { sid: from, state: m.state, vote: m.vote, informed: m.informed, own, incarnation: meta.incarnation, seq: meta.seq });
        if (this.replies.size === this.otherVoters().length)
            this.endRound(nowMs);
    }
    otherVoters() {
        return this.ctx.quorum.voters.filter((sid) => sid !== this.ctx.mySid);
    }
    beginRound(nowMs) {
        this.pollRound++;
        this.rounds++;
        this.replies.clear();
        this.pauseEndsAtMs = null;
        this.roundEndsAtMs = nowMs + this.ctx.timing.pollTimeoutMs;
        this.requeryAtMs = nowMs + Math.floor(this.ctx.timing.pollTimeoutMs / 2);
        const peers = this.otherVoters();
        for (const sid of peers)
            this.ctx.out.send(sid, { type: 'classic-query', round: this.pollRound });
        if (peers.length === 0)
            this.endRound(nowMs);
    }
    /**
     * One datagram per peer per round would make a round's view depend on a single loss, or on
     * a peer that booted a moment after we asked; a view missing the best server is how two
     * servers come to follow different leaders.
     */
    requery() {
        this.requeryAtMs = null;
        for (const sid of this.otherVoters()) {
            if (!this.replies.has(sid))
                this.ctx.out.send(sid, { type: 'classic-query', round: this.pollRound });
        }
    }
    endRound(nowMs) {
        this.roundEndsAtMs = null;
        this.requeryAtMs = null;
        const voices = [...this.replies.values()];
        if (this.isVoter) {
            voices.push({
                sid: this.ctx.mySid,
                state: 'looking',
                vote: this.current,
                informed: true,
                own: this.ownVote,
                incarnation: this.ctx.myIncarnation,
                seq: null,
            });
        }
        const result = tally(voices, this.ctx.mySid, this.ctx.quorum, this.successor);
        this.current = result.myVote;
        this.informed = true;
        if (result.winner === null) {
            const quick = this.quickRounds > 0;
            if (quick)
                this.quickRounds--;
            this.pauseEndsAtMs = nowMs + (quick ? Math.min(this.ctx.timing.pollPauseMs, QUICK_PAUSE_MS) : this.ctx.timing.pollPauseMs);
            this.ctx.out.log('debug', 'election.round', { round: this.pollRound, heard: voices.length, vote: formatVote(this.current) });
            return;
        }
        this.decide(result.winner.vote, result.winner.via, result.winner.support, nowMs);
    }
    decide(vote, via, support, nowMs) {
        const mine = vote.leader === this.ctx.mySid;
        const state = mine ? 'leading' : this.isVoter ? 'following' : 'observing';
        invariant(!(mine && !this.isVoter), 'observer-never-elected', 'an observer was elected');
        this.phase = 'settled';
        this.settled = { state, vote, round: this.pollRound };
        this.replies.clear();
        this.pauseEndsAtMs = null;
        announceDecision(this.ctx.out, { state, leader: vote.leader, vote, via, round: this.pollRound, rounds: this.rounds, elapsedMs: nowMs - this.startedAtMs, support });
    }
}
//# sourceMappingURL=classic-election.js.map