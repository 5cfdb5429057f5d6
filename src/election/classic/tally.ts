/**
 * One poll round's count for the classic election (docs/architecture.md, "Elections over UDP"),
 * as a pure function. Fixed against the weaknesses of ZooKeeper's version:
 *
 * - Candidates are ranked by their *own* credentials, which every reply carries, never by
 *   what others report about them; and only servers heard from in this round can be elected
 *   (ZOOKEEPER-569: a server must not cling to a vote for a dead peer).
 * - Our own credentials always take part, so our vote never drops below ourselves.
 * - Termination stays local (each server decides on its own view; after faults two servers
 *   may follow different leaders until Zab's epoch handshake fails one of them), but guarded:
 *   we follow X only if X answered this round and either says it LEADS (we join an
 *   established leader without disturbing it), or X votes for itself and is the best
 *   candidate we can see. Voters who still repeat an older, lower vote therefore cannot make
 *   us follow a server that would itself vote for someone better.
 * - Only informed votes count: a voter's initial vote for itself says nothing about the others,
 *   and counting it let one server decide on a view that had missed the best candidate. (Our
 *   own vote counts: it is the one this tally forms.)
 * - Observers are neither counted nor electable.
 * - After a leadership transfer (`preferred`), the successor ranks first among equally recent
 *   candidates, and a settled vote for a candidate that is looking again is stale.
 */
import type { WireState } from '../../wire/election.js';
import { NO_SID } from '../../base/ids.js';
import type { MajorityQuorum } from '../../base/quorum.js';
import type { Sid, Support, Vote } from '../types.js';
import { compareVotes, compareVotesPreferring, NO_VOTE } from '../vote.js';

/** What one voter (a replier, or ourselves) said in this round. */
export interface Voice {
  sid: Sid;
  state: WireState;
  /** The voter's current vote. */
  vote: Vote;
  /** The vote came from a completed poll or a decision, not from the voter's first breath. */
  informed: boolean;
  /** The voter's own credentials as a vote for itself. */
  own: Vote;
  incarnation: number;
  seq: number | null;
}

export interface TallyResult {
  /** Our vote for the next round: the best candidate heard from. */
  myVote: Vote;
  winner: { vote: Vote; via: 'quorum' | 'established'; support: Support[] } | null;
}

/**
 * `voices` holds every voter heard this round, ourselves included (when we are a voter) with
 * `vote` equal to our vote before this tally; `mySid` may be an observer. `successor`: the one a
 * leadership transfer named (with the history it holds), best among equally recent candidates.
 */
export function tally(voices: readonly Voice[], mySid: Sid, quorum: MajorityQuorum, successor: Vote | null = null): TallyResult {
  const heard = new Map<Sid, Voice>();
  for (const v of voices) if (quorum.isVoter(v.sid)) heard.set(v.sid, v);
  // The successor holds at least what the old leader vouched for (it acknowledged every
  // proposal), even while its reply still carries the credentials of its previous election (it
  // has not seen TAKEOVER yet): rank it by the better of the two.
  const named = successor === null ? undefined : heard.get(successor.leader);
  if (named && successor && compareVotes({ ...successor, leader: named.sid }, named.own) > 0) heard.set(named.sid, { ...named, own: { ...successor, leader: named.sid } });
  // The successor ranks first only while it stands: heard this round voting for itself. One
  // that missed TAKEOVER and votes for another must not be held to it, or the servers that took
  // the hint (never voting for themselves) and those that did not (never voting for it) wait on
  // each other forever.
  // A settled vote formed before the handover (for less history than the successor holds) is
  // stale: the old leader it names handed over and polls with us; counting such votes would let
  // it re-elect itself with its followers' word from before.
  const stale = (v: Voice) => successor !== null && v.state !== 'looking' && compareVotes({ ...v.vote, leader: NO_SID }, { ...successor, leader: NO_SID }) < 0;
  const voice = successor === null ? undefined : heard.get(successor.leader);
  const standing = voice !== undefined && (voice.vote.leader === voice.sid || stale(voice)) ? voice.sid : null;
  let best: Vote = NO_VOTE;
  for (const v of heard.values()) if (compareVotesPreferring(v.own, best, standing) > 0) best = v.own;
  const myVote = best;

  // Count current votes, ours being the one we are about to adopt.
  const supporters = new Map<Sid, Voice[]>();
  for (const v of heard.values()) {
    if (v.sid !== mySid && !v.informed) continue;
    const vote = v.sid === mySid ? myVote : v.vote;
    if (v.sid !== mySid && stale(v)) continue;
    const list = supporters.get(vote.leader) ?? [];
    list.push(v);
    supporters.set(vote.leader, list);
  }
  for (const [leader, list] of supporters) {
    const candidate = heard.get(leader);
    if (candidate === undefined || !quorum.containsQuorum(list.map((v) => v.sid))) continue;
    const support = list.map((v) => ({ sid: v.sid, state: v.state, incarnation: v.incarnation, seq: v.seq }));
    if (candidate.state === 'leading') {
      return { myVote, winner: { vote: candidate.vote, via: 'established', support } };
    }
    const votesForItself = leader === mySid || candidate.vote.leader === leader;
    if (votesForItself && leader === best.leader) {
      return { myVote, winner: { vote: best, via: 'quorum', support } };
    }
  }
  return { myVote, winner: null };
}
