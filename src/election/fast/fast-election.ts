/**
 * FastLeaderElection (docs/architecture.md, "Elections over UDP") as a pure, event-driven core. ZooKeeper's blocking
 * lookForLeader loop becomes three inputs: start() opens a round, receive() applies the
 * WorkerReceiver rules and the loop body to one notice, tick() ends the finalize wait and
 * re-sends. Differences from ZooKeeper, each on purpose:
 *
 * - UDP instead of TCP: every notification is acknowledged, unacknowledged ones are re-sent
 *   per peer with back-off (outbox.ts), and the facade drops stale or duplicate datagrams, so a
 *   reordered old vote cannot roll `recvset` back (docs/zookeeper-bugs.md item 4).
 * - An ack carries the acker's own notice, so a looking server learns the established leader
 *   from the replies to its own notifications (the trick of AuthFastLeaderElection, ZooKeeper
 *   3.3's UDP election).
 * - During the finalize wait every notice is processed; ZooKeeper drained and discarded the
 *   ones that did not beat the proposal.
 * - The finalize wait is for a better vote still on its way, so it is skipped when none can come:
 *   when every voter already votes for our proposal, and more generally when we hold every
 *   voter's latest word of this round and none beats our proposal (noBetterVoteCanCome). On a
 *   fresh start the last server up often finds the others already settled or agreeing, and
 *   ZooKeeper waited 200 ms there for nothing (docs/performance.md, section 13). A server whose
 *   link to its leader broke waits only `lostLeaderWaitMs` (20 ms) for that leader's word
 *   (`lostLeader`): after a crash of the leader the survivors sat out the whole wait for a vote
 *   that could not come, most of a failover (docs/performance.md, section 20). A lost leader
 *   that is alive (it stepped down, or only our link to it broke) is LOOKING within
 *   milliseconds, and its vote, often the best, still comes in time.
 * - `outOfElection` and `recvset` hold each sender's latest word: a LOOKING notice from a sender
 *   removes its old "I follow X" from outOfElection, and a sender's restart voids both. In
 *   ZooKeeper a leader that crashed and came back LOOKING still counted as LEADING there.
 */
import { invariant } from '../../base/invariant.js';
import type { ElectionMessage, Notice } from '../../wire/election.js';
import { announceDecision, type AlgorithmCore, type CoreContext, type MessageMeta } from '../core.js';
import type { Credentials, PeerState, SettledState, Sid, Successor, Support, Vote } from '../types.js';
import { compareVotesPreferring, formatVote, NO_VOTE, selfVote } from '../vote.js';
import { Ballot, ballotOf, leaderConfirmed, supportersOf } from './ballots.js';
import { Outbox } from './outbox.js';

interface Settled {
  state: SettledState;
  vote: Vote;
  round: number;
}

export class FastElection implements AlgorithmCore {
  private phase: 'idle' | 'looking' | 'settled' = 'idle';
  private settled: Settled | null = null;
  /** The round ("logical clock"): bumped per start(), jumps forward to newer rounds heard. */
  private logicalClock = 0;
  private initialVote: Vote = NO_VOTE;
  private proposal: Vote = NO_VOTE;
  private readonly recvset = new Map<Sid, Ballot>();
  private readonly outOfElection = new Map<Sid, Ballot>();
  private finalizeAtMs: number | null = null;
  private startedAtMs = 0;
  private roundsSeen = 0;
  private readonly outbox: Outbox;
  /** Peers whose latest word to us was LOOKING: told at once when our own word changes. */
  private readonly lookingPeers = new Set<Sid>();
  /** The successor a leader handed over to, ranked first among equals in this election only. */
  private preferred: Sid | null = null;
  /** The leader we followed until our link to it broke: its word is awaited only briefly (noBetterVoteCanCome). */
  private lostLeader: Sid | null = null;

  constructor(private readonly ctx: CoreContext) {
    this.outbox = new Outbox(ctx.timing, ctx.rng);
  }

  get state(): PeerState {
    return this.phase === 'settled' ? this.settled!.state : this.phase;
  }

  get vote(): Vote | null {
    if (this.phase === 'idle') return null;
    return this.phase === 'settled' ? this.settled!.vote : this.proposal;
  }

  private get isVoter(): boolean {
    return this.ctx.quorum.isVoter(this.ctx.mySid);
  }

  start(cred: Credentials, nowMs: number, successor?: Successor, lostLeader?: Sid): void {
    this.logicalClock++;
    this.phase = 'looking';
    this.settled = null;
    this.preferred = successor?.leader ?? null;
    this.lostLeader = lostLeader ?? null;
    // Observers propose nobody: any voter's vote beats NO_VOTE, and nobody counts theirs. After
    // a leadership transfer every voter proposes the successor at once (it holds at least our
    // history: the facade checked), so the round can end without waiting for its notices.
    const own = selfVote(this.ctx.mySid, cred);
    this.initialVote = !this.isVoter ? NO_VOTE : successor && successor.leader !== this.ctx.mySid ? successor : own;
    this.proposal = this.initialVote;
    this.recvset.clear();
    this.outOfElection.clear();
    this.outbox.clear();
    this.finalizeAtMs = null;
    this.startedAtMs = nowMs;
    this.roundsSeen = 1;
    this.ctx.out.log('info', 'election.start', {
      algorithm: 'fast',
      round: this.logicalClock,
      vote: formatVote(this.proposal),
      ...(successor ? { successor: successor.leader } : {}),
      ...(lostLeader !== undefined ? { lostLeader } : {}),
    });
    this.broadcast(nowMs);
    this.flushDue(nowMs);
    this.checkLookingQuorum(nowMs);
  }

  receive(from: Sid, message: ElectionMessage, meta: MessageMeta, nowMs: number): void {
    if (this.phase === 'idle') return;
    if (message.type !== 'fast-notification' && message.type !== 'fast-ack') return;
    if (message.type === 'fast-ack') this.outbox.onAck(from, message.acked);
    const notice = message.notice;
    this.outbox.onHeard(from, nowMs);
    if (notice.state === 'looking') this.lookingPeers.add(from);
    else this.lookingPeers.delete(from);
    if (this.phase === 'looking') this.onNotice(from, notice, meta, nowMs);
    // Reply after processing, so the ack carries our updated word. This is also how a decided
    // server answers a looking one with the leader it follows (as ZooKeeper's WorkerReceiver does), and how a looking
    // server in a newer round catches a straggler up. Acks are never acknowledged.
    if (message.type === 'fast-notification') {
      this.ctx.out.send(from, { type: 'fast-ack', acked: notice, notice: this.currentNotice() });
    }
    if (this.phase === 'looking') this.flushDue(nowMs);
  }

  senderRestarted(from: Sid, nowMs: number): void {
    this.lookingPeers.delete(from);
    this.recvset.delete(from);
    this.outOfElection.delete(from);
    this.outbox.peerRestarted(from, nowMs);
  }

  tick(nowMs: number): void {
    if (this.phase !== 'looking') return;
    if (this.finalizeAtMs !== null && nowMs >= this.finalizeAtMs) {
      this.finalizeAtMs = null;
      const support = supportersOf(this.recvset, this.proposal, false);
      if (this.ctx.quorum.containsQuorum(support.map((s) => s.sid))) {
        this.decide(this.proposal, 'quorum', support, nowMs);
        return;
      }
    }
    this.flushDue(nowMs);
  }

  /**
   * After Zab has established the new epoch, advertise it in our decided vote
   * (updateElectionVote, ZOOKEEPER-1732): otherwise a restarted server sees the leader and
   * its followers report different epochs for the same leader and never finds a quorum.
   */
  setEstablished(peerEpoch: number): void {
    if (this.phase !== 'settled') {
      this.ctx.out.log('warn', 'election.established-ignored', { reason: 'not decided', peerEpoch });
      return;
    }
    const s = this.settled!;
    invariant(peerEpoch >= s.vote.peerEpoch, 'established-epoch-not-below-elected', () => `established epoch ${peerEpoch} below the elected ${s.vote.peerEpoch}`);
    if (peerEpoch === s.vote.peerEpoch) return;
    s.vote = { ...s.vote, peerEpoch };
    this.tellLookingPeers();
  }

  stop(): void {
    this.phase = 'idle';
    this.lostLeader = null;
    this.lookingPeers.clear();
    this.settled = null;
    this.recvset.clear();
    this.outOfElection.clear();
    this.outbox.clear();
    this.finalizeAtMs = null;
  }

  nextDeadlineMs(): number | null {
    if (this.phase !== 'looking') return null;
    const resend = this.outbox.nextDeadlineMs();
    if (this.finalizeAtMs === null) return resend;
    return resend === null ? this.finalizeAtMs : Math.min(resend, this.finalizeAtMs);
  }

  private currentNotice(): Notice {
    if (this.phase === 'settled') {
      const s = this.settled!;
      return { state: s.state, round: s.round, vote: s.vote };
    }
    return { state: 'looking', round: this.logicalClock, vote: this.proposal };
  }

  /** The loop body of ZooKeeper's lookForLeader for one notice from a peer. */
  private onNotice(from: Sid, n: Notice, meta: MessageMeta, nowMs: number): void {
    const q = this.ctx.quorum;
    // Observers' votes never count; the ack we send answers them with our vote.
    if (!q.isVoter(from) || n.state === 'observing') return;
    if (!q.isVoter(n.vote.leader)) {
      this.ctx.out.log('debug', 'election.vote-for-non-voter', { from, vote: formatVote(n.vote) });
      return;
    }
    const ballot = ballotOf(n.vote, n.round, n.state, meta, this.ctx.myIncarnation);
    if (n.state === 'looking') this.onLookingNotice(from, n, ballot, nowMs);
    else this.onDecidedNotice(from, n, ballot, nowMs);
  }

  private onLookingNotice(from: Sid, n: Notice, ballot: Ballot, nowMs: number): void {
    this.outOfElection.delete(from);
    if (n.round < this.logicalClock) return; // our ack tells it our round
    if (n.round > this.logicalClock) {
      // A newer round: join it, judging its vote against our *initial* vote, not against a
      // proposal we adopted in a round that is now void.
      this.logicalClock = n.round;
      this.roundsSeen++;
      this.recvset.clear();
      this.finalizeAtMs = null;
      this.proposal = this.better(n.vote, this.initialVote);
      this.broadcast(nowMs);
    } else if (this.beats(n.vote, this.proposal)) {
      this.proposal = n.vote;
      this.finalizeAtMs = null;
      this.broadcast(nowMs);
    }
    this.recvset.set(from, ballot);
    this.checkLookingQuorum(nowMs);
  }

  /** A decided sender: a leader or a follower answering us, in this round or an older one. */
  private onDecidedNotice(from: Sid, n: Notice, ballot: Ballot, nowMs: number): void {
    this.outOfElection.set(from, ballot);
    const q = this.ctx.quorum;
    const confirmed = leaderConfirmed(this.outOfElection, n.vote, n.round, this.ctx.mySid, this.logicalClock);
    if (n.round === this.logicalClock) {
      this.recvset.set(from, ballot);
      const support = supportersOf(this.recvset, n.vote, true);
      if (confirmed && q.containsQuorum(support.map((s) => s.sid))) {
        this.decide(n.vote, 'established', support, nowMs);
        return;
      }
    }
    // Joining an ensemble that already runs (ZOOKEEPER-975/1732): enough decided servers of
    // any round agree on a leader that itself says it leads.
    const support = supportersOf(this.outOfElection, n.vote, true);
    if (confirmed && q.containsQuorum(support.map((s) => s.sid))) {
      this.logicalClock = n.round;
      this.decide(n.vote, 'established', support, nowMs);
      return;
    }
    // A decided word of this round may complete recvset (see noBetterVoteCanCome).
    if (n.round === this.logicalClock) this.checkLookingQuorum(nowMs);
  }

  /** The vote order, with the successor of a leadership transfer first among equals. */
  private beats(a: Vote, b: Vote): boolean {
    return compareVotesPreferring(a, b, this.preferred) > 0;
  }

  private better(a: Vote, b: Vote): Vote {
    return compareVotesPreferring(a, b, this.preferred) >= 0 ? a : b;
  }

  private checkLookingQuorum(nowMs: number): void {
    const support = supportersOf(this.recvset, this.proposal, false);
    const sids = support.map((s) => s.sid);
    if (!this.ctx.quorum.containsQuorum(sids)) {
      this.finalizeAtMs = null;
      return;
    }
    if (this.ctx.quorum.containsAllVoters(sids) || this.noBetterVoteCanCome(false)) {
      this.decide(this.proposal, 'quorum', support, nowMs);
      return;
    }
    // The wait runs from the first moment the quorum stood; it only ever gets shorter.
    const wait = this.noBetterVoteCanCome(true) ? this.ctx.timing.lostLeaderWaitMs : this.ctx.timing.finalizeWaitMs;
    if (this.finalizeAtMs === null || nowMs + wait < this.finalizeAtMs) this.finalizeAtMs = nowMs + wait;
  }

  /**
   * True when no notice of this round can beat our proposal any more: recvset holds the latest
   * word of this round of every voter, and none beats the proposal. A voter's vote starts at its
   * own credentials and only ever moves to a better vote it heard, so every vote any voter can
   * still send is one of the voters' starting votes, each at most that voter's latest word, which
   * is at most our proposal (a looking vote that beat it would have become it). A voter that
   * restarts leaves recvset (senderRestarted) and one in a newer round clears it, so neither is
   * counted on an old word. During a leadership transfer the voters rank the successor first,
   * each by its own word, so there the wait stays (every voter proposes the successor at once
   * anyway).
   *
   * `exemptLostLeader`: count the leader we lost as heard, for the short wait. It crashed, or it
   * cannot reach us, or it stepped down and is LOOKING within milliseconds (then its notice
   * comes within the short wait, or it hears of our decision as any late voter does and joins
   * the established leader). Its history may be longer than ours, but what it holds beyond the
   * decided quorum's best was never committed (a commit needs a quorum, and every quorum meets
   * the one that decides), so Zab truncates it; the long wait would only have let it win, had it
   * come back within 200 ms. Should its better vote reach another voter first and not us, that
   * voter adopts it and we have decided for a worse one: the two sides cannot both gather a
   * quorum, so one of them elects again (liveness), never two leaders of one epoch (Zab's epochs
   * forbid that).
   */
  private noBetterVoteCanCome(exemptLostLeader: boolean): boolean {
    if (this.preferred !== null) return false;
    const heard = !exemptLostLeader || this.lostLeader === null ? this.recvset.keys() : [...this.recvset.keys(), this.lostLeader];
    if (!this.ctx.quorum.containsAllVoters(heard)) return false;
    for (const b of this.recvset.values()) if (this.beats(b.vote, this.proposal)) return false;
    return true;
  }

  /** Owes our current notice to every voter, and records our own vote in recvset. */
  private broadcast(nowMs: number): void {
    const notice = this.currentNotice();
    if (this.isVoter) {
      this.recvset.set(this.ctx.mySid, ballotOf(notice.vote, notice.round, 'looking', null, this.ctx.myIncarnation));
    }
    const peers = this.ctx.quorum.voters.filter((sid) => sid !== this.ctx.mySid);
    this.outbox.owe(peers, notice, nowMs);
  }

  private flushDue(nowMs: number): void {
    for (const { to, notice } of this.outbox.due(nowMs)) {
      this.ctx.out.send(to, { type: 'fast-notification', notice });
    }
  }

  private decide(vote: Vote, via: 'quorum' | 'established', support: Support[], nowMs: number): void {
    const mine = vote.leader === this.ctx.mySid;
    if (mine && !this.isVoter) {
      // Voters never vote for a non-voter, so this is a bug elsewhere; refuse to lead.
      this.ctx.out.log('warn', 'election.observer-elected', { vote: formatVote(vote) });
      return;
    }
    const state: SettledState = mine ? 'leading' : this.isVoter ? 'following' : 'observing';
    this.phase = 'settled';
    this.settled = { state, vote, round: this.logicalClock };
    this.lostLeader = null;
    this.recvset.clear();
    this.outOfElection.clear();
    this.outbox.clear();
    this.finalizeAtMs = null;
    announceDecision(this.ctx.out, { state, leader: vote.leader, vote, via, round: this.logicalClock, rounds: this.roundsSeen, elapsedMs: nowMs - this.startedAtMs, support });
    this.tellLookingPeers();
  }

  /**
   * A decided server pushes nothing on its own in ZooKeeper: a looking peer (an observer
   * above all, which only ever gets answers) learns of the decision at its next re-send, up to
   * a minute later. One unacknowledged datagram to each peer we know is looking saves that
   * wait; if it is lost, the peer's own re-sends still find us.
   */
  private tellLookingPeers(): void {
    const notice = this.currentNotice();
    for (const sid of this.lookingPeers) this.ctx.out.send(sid, { type: 'fast-notification', notice });
  }
}
