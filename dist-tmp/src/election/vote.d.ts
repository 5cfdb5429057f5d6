import type { Credentials, Sid, Vote } from './types.js';
/** The vote of a server with no candidate (an observer): below every real vote. */
export declare const NO_VOTE: Readonly<Vote>;
export declare function selfVote(sid: Sid, cred: Credentials): Vote;
/** < 0, 0 or > 0 as a ranks below, equal to or above b. */
export declare function compareVotes(a: Vote, b: Vote): number;
/**
 * compareVotes, except that between two votes with the same (peerEpoch, zxid) the `preferred`
 * candidate ranks first: the successor a leader named when it handed leadership over
 * (docs/operations.md, "Leadership transfer"). Only ties are reordered, so a server with more
 * history still wins, and an election that lost the hint still picks a safe leader.
 */
export declare function compareVotesPreferring(a: Vote, b: Vote, preferred: Sid | null): number;
/** Whether a's candidate holds at least as much history as b's: (peerEpoch, zxid), sids aside. */
export declare function atLeastAsRecent(a: Vote, b: Vote): boolean;
export declare function beats(a: Vote, b: Vote): boolean;
export declare function better(a: Vote, b: Vote): Vote;
export declare function sameVote(a: Vote, b: Vote): boolean;
/**
 * Equality when a decided server is involved (ZOOKEEPER-1805/1818): only the leader and its
 * epoch. Followers report the zxid they have reached, which drifts while the ensemble runs.
 */
export declare function sameLeadership(a: Vote, b: Vote): boolean;
export declare function formatVote(v: Vote): string;
