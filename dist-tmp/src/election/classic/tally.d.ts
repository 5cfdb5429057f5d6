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
import type { MajorityQuorum } from '../../base/quorum.js';
import type { Sid, Support, Vote } from '../types.js';
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
    winner: {
        vote: Vote;
        via: 'quorum' | 'established';
        support: Support[];
    } | null;
}
/**
 * `voices` holds every voter heard this round, ourselves included (when we are a voter) with
 * `vote` equal to our vote before this tally; `mySid` may be an observer. `successor`: the one a
 * leadership transfer named (with the history it holds), best among equally recent candidates.
 */
export declare function tally(voices: readonly Voice[], mySid: Sid, quorum: MajorityQuorum, successor?: Vote | null): TallyResult;
