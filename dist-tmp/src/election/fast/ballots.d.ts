/**
 * The votes a looking server has collected: `recvset` (this round) and `outOfElection`
 * (decided servers, any round), each holding the latest word of each sender.
 */
import type { WireState } from '../../wire/election.js';
import type { MessageMeta } from '../core.js';
import type { Sid, Support, Vote } from '../types.js';
export interface Ballot {
    vote: Vote;
    round: number;
    state: WireState;
    incarnation: number;
    /** null for our own ballot. */
    seq: number | null;
}
export declare function ballotOf(vote: Vote, round: number, state: WireState, meta: MessageMeta | null, myIncarnation: number): Ballot;
/**
 * The senders whose ballot agrees with `target`. Full equality between two looking votes;
 * leader and epoch only when either side has decided (ZOOKEEPER-1805/1818).
 */
export declare function supportersOf(ballots: ReadonlyMap<Sid, Ballot>, target: Vote, targetDecided: boolean): Support[];
/**
 * FLE's checkLeader: a quorum saying "X leads" is not enough. If X is someone else we must
 * hold X's own word that it is LEADING, with the same epoch, so followers of a crashed leader
 * cannot re-elect it (docs/zookeeper-bugs.md item 1), and followers already advertising a new epoch cannot make
 * us join it before the leader itself has established it. (ZooKeeper checked the state only.)
 * If X is us, we must be in the round in which they elected us.
 */
export declare function leaderConfirmed(ballots: ReadonlyMap<Sid, Ballot>, vote: Vote, round: number, mySid: Sid, myRound: number): boolean;
