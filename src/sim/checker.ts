/**
 * Safety checks on every election decision, against ground truth the simulator records as the
 * run goes (what each server's durable credentials were when it sent each datagram). Liveness
 * and cold-start agreement are judged by the runner, which knows the phases.
 *
 *  E1 genuine vote: the decided vote is one its leader really advertised: its own
 *     (peerEpoch, zxid) at the start of one of its elections, or its decided vote with the
 *     epoch it established afterwards. The leader is a voter.
 *  E2 best of its quorum: a decision by election ('quorum') rests on votes from a quorum of
 *     voters each of which, at the moment it sent that vote, held credentials (peerEpoch, zxid)
 *     no higher than the winner's. Every commit quorum meets that one, so the winner lacks no
 *     committed history. A LOOKING supporter above the winner is always a violation: a looking
 *     vote starts at its sender's credentials and only moves up. One exception, as in
 *     ZooKeeper: a voter that already follows (or leads) the winner's leadership says so
 *     whatever its own history, and its word counts for that leadership. Such a word only
 *     exists once someone decided for it, so it stands in for a looking vote only when an
 *     earlier decision already rested on a quorum at or below the winner (the leadership is
 *     "grounded"). The follower's history beyond the winner's was never committed: the stand-in
 *     for Zab here (zab-stub.ts) commits nothing, so a grounding quorum meets every commit
 *     quorum; over whole peers, where a leader's unsynced txns may sit on its followers, this
 *     argument would need the commits' order too. Every supporter's word is checked against the
 *     datagram that carried it (its state, and the vote or leadership it named), so a core that
 *     mislabels a ballot cannot pass.
 *  E3 joins only real leaders: a decision to join an established leader ('established')
 *     rests on a quorum, and the leader itself had decided to lead with that epoch.
 *  E4 one leader per epoch: at most one server is ever established (a quorum synced by the
 *     Zab stand-in) in a given epoch. Election alone cannot promise this; election + epoch
 *     handshake must.
 */
import type { MajorityQuorum } from '../base/quorum.js';
import type { Decision, Sid, Vote } from '../election/types.js';
import { formatVote } from '../election/vote.js';

export interface Violation {
  atMs: number;
  property: string;
  detail: string;
}

export interface DecisionRecord {
  atMs: number;
  sid: Sid;
  decision: Decision;
}

export class ElectionChecker {
  readonly violations: Violation[] = [];
  readonly decisions: DecisionRecord[] = [];
  readonly establishments: Array<{ atMs: number; leader: Sid; epoch: number }> = [];
  private readonly truth = new Map<string, Vote>();
  private readonly said = new Map<string, { state: string; vote: Vote }>();
  private readonly genuine = new Set<string>();
  private readonly leadingAds = new Set<string>();
  private readonly leaderOfEpoch = new Map<number, Sid>();
  /** Leaderships (leader:peerEpoch) some decision elected on a quorum at or below the winner (E2). */
  private readonly grounded = new Set<string>();
  /** Each server's leadership from its latest decision to lead. */
  private readonly ledWith = new Map<Sid, string>();

  constructor(private readonly quorum: MajorityQuorum) {}

  /** `own` is the sender's credentials as a vote for itself when it sent datagram (inc, seq). */
  /** `said`: the state and vote the datagram itself carried (fast notices; absent for classic messages). */
  sent(sid: Sid, incarnation: number, seq: number, own: Vote, said?: { state: string; vote: Vote }): void {
    this.truth.set(`${sid}:${incarnation}:${seq}`, own);
    if (said) this.said.set(`${sid}:${incarnation}:${seq}`, said);
  }

  electionStarted(own: Vote): void {
    this.genuine.add(voteKey(own));
  }

  /** A decided server's vote from now on (on deciding, and after its 'established' input). */
  advertised(sid: Sid, vote: Vote, leading: boolean): void {
    this.genuine.add(voteKey(vote));
    if (leading) this.leadingAds.add(`${sid}:${vote.peerEpoch}`);
  }

  decided(atMs: number, sid: Sid, d: Decision, deciderOwn: Vote): void {
    this.decisions.push({ atMs, sid, decision: d });
    const fail = (property: string, detail: string) =>
      this.violations.push({ atMs, property, detail: `server ${sid} decided ${formatVote(d.vote)} via ${d.via}: ${detail}` });
    if (!this.quorum.isVoter(d.leader) || d.vote.leader !== d.leader) fail('E1 genuine vote', 'the leader is not a voter');
    if (!this.genuine.has(voteKey(d.vote))) fail('E1 genuine vote', 'no such vote was ever advertised by that leader');
    if (!this.quorum.containsQuorum(d.support.map((s) => s.sid))) {
      fail(d.via === 'quorum' ? 'E2 best of its quorum' : 'E3 joins only real leaders', `support ${d.support.map((s) => s.sid).join(',')} is not a quorum`);
    }
    if (d.via === 'quorum') this.checkBestOfQuorum(d, sid, deciderOwn, fail);
    else if (d.leader !== sid && !this.leadingAds.has(`${d.leader}:${d.vote.peerEpoch}`)) {
      fail('E3 joins only real leaders', `server ${d.leader} never led in epoch ${d.vote.peerEpoch}`);
    }
    if (d.state === 'leading') this.ledWith.set(sid, `${d.leader}:${d.vote.peerEpoch}`);
  }

  established(atMs: number, leader: Sid, epoch: number): void {
    this.establishments.push({ atMs, leader, epoch });
    // Its followers advertise the new epoch from now on, for the same leadership.
    const elected = this.ledWith.get(leader);
    if (elected !== undefined && this.grounded.has(elected)) this.grounded.add(`${leader}:${epoch}`);
    const previous = this.leaderOfEpoch.get(epoch);
    if (previous !== undefined && previous !== leader) {
      this.violations.push({ atMs, property: 'E4 one leader per epoch', detail: `servers ${previous} and ${leader} both established epoch ${epoch}` });
    }
    this.leaderOfEpoch.set(epoch, leader);
  }

  private checkBestOfQuorum(d: Decision, decider: Sid, deciderOwn: Vote, fail: (p: string, detail: string) => void): void {
    const notAbove: Sid[] = [];
    const decidedAbove: Sid[] = [];
    const above: string[] = [];
    for (const s of d.support) {
      const own = s.seq === null ? (s.sid === decider ? deciderOwn : undefined) : this.truth.get(`${s.sid}:${s.incarnation}:${s.seq}`);
      const said = s.seq === null ? undefined : this.said.get(`${s.sid}:${s.incarnation}:${s.seq}`);
      if (said && (said.state !== s.state || !(said.state === 'looking' ? sameVote(said.vote, d.vote) : sameLeadership(said.vote, d.vote)))) {
        fail('E2 best of its quorum', `support from server ${s.sid} counted as ${s.state}, but its datagram said ${said.state} ${formatVote(said.vote)}`);
      }
      if (own === undefined) {
        fail('E2 best of its quorum', `support from server ${s.sid} (seq ${s.seq}) matches no datagram it sent`);
      } else if (compareHistory(own, d.vote) > 0) {
        above.push(`${s.sid} (${s.state}) held ${formatVote(own)}`);
        if (s.state === 'following' || s.state === 'leading') decidedAbove.push(s.sid);
        else fail('E2 best of its quorum', `looking supporter ${s.sid} held ${formatVote(own)}, above the winner`);
      } else {
        notAbove.push(s.sid);
      }
    }
    const leadership = `${d.vote.leader}:${d.vote.peerEpoch}`;
    if (this.quorum.containsQuorum(notAbove)) {
      this.grounded.add(leadership);
    } else if (!this.grounded.has(leadership) || !this.quorum.containsQuorum([...notAbove, ...decidedAbove])) {
      const why = this.grounded.has(leadership) ? '' : ' (and no earlier decision grounds this leadership)';
      fail('E2 best of its quorum', `no quorum of supporters at or below the winner${why}: ${above.join('; ')} above it`);
    }
  }
}

/**
 * The checker's own ranking, written apart from election/vote.ts so that a bug there cannot
 * hide from the check: (peerEpoch, zxid), then sid.
 */
export function rankVotes(a: Vote, b: Vote): number {
  return compareHistory(a, b) || Math.sign(a.leader - b.leader);
}

/** The same candidate and history (the checker's own, as rankVotes). */
function sameVote(a: Vote, b: Vote): boolean {
  return a.leader === b.leader && compareHistory(a, b) === 0;
}

/** The same leader in the same epoch: what a decided word names. */
function sameLeadership(a: Vote, b: Vote): boolean {
  return a.leader === b.leader && a.peerEpoch === b.peerEpoch;
}

/** (peerEpoch, zxid) only: the sid breaks ties between equal histories, it is no history. */
function compareHistory(a: Vote, b: Vote): number {
  if (a.peerEpoch !== b.peerEpoch) return a.peerEpoch < b.peerEpoch ? -1 : 1;
  return a.zxid === b.zxid ? 0 : a.zxid < b.zxid ? -1 : 1;
}

function voteKey(v: Vote): string {
  return `${v.leader}:${v.peerEpoch}:${v.zxid}`;
}
