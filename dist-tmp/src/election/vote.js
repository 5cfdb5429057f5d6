/**
 * The total order on votes (docs/architecture.md, "Elections over UDP"): higher peerEpoch wins, then higher zxid, then
 * higher sid. The epoch comes first so that a server holding a newer epoch's history is never
 * outranked by one with a longer log from an older epoch (ZOOKEEPER-1082; the classic
 * algorithm ranked by (zxid, sid) only, and we rank both algorithms the same way).
 * Whether the candidate may be elected at all (a voter, not an observer) is the caller's check.
 */
import { hex } from '../base/zxid.js';
/** The vote of a server with no candidate (an observer): below every real vote. */
export const NO_VOTE = Object.freeze({ leader: -1, zxid: -1n, peerEpoch: -1 });
export function selfVote(sid, cred) {
    return { leader: sid, zxid: cred.lastLoggedZxid, peerEpoch: cred.currentEpoch };
}
/** < 0, 0 or > 0 as a ranks below, equal to or above b. */
export function compareVotes(a, b) {
    if (a.peerEpoch !== b.peerEpoch)
        return a.peerEpoch < b.peerEpoch ? -1 : 1;
    if (a.zxid !== b.zxid)
        return a.zxid < b.zxid ? -1 : 1;
    if (a.leader !== b.leader)
        return a.leader < b.leader ? -1 : 1;
    return 0;
}
/**
 * compareVotes, except that between two votes with the same (peerEpoch, zxid) the `preferred`
 * candidate ranks first: the successor a leader named when it handed leadership over
 * (docs/operations.md, "Leadership transfer"). Only ties are reordered, so a server with more
 * history still wins, and an election that lost the hint still picks a safe leader.
 */
export function compareVotesPreferring(a, b, preferred) {
    if (preferred !== null && a.peerEpoch === b.peerEpoch && a.zxid === b.zxid && a.leader !== b.leader) {
        if (a.leader === preferred)
            return 1;
        if (b.leader === preferred)
            return -1;
    }
    return compareVotes(a, b);
}
/** Whether a's candidate holds at least as much history as b's: (peerEpoch, zxid), sids aside. */
export function atLeastAsRecent(a, b) {
    if (a.peerEpoch !== b.peerEpoch)
        return a.peerEpoch > b.peerEpoch;
    return a.zxid >= b.zxid;
}
export function beats(a, b) {
    return compareVotes(a, b) > 0;
}
export function better(a, b) {
    return compareVotes(a, b) >= 0 ? a : b;
}
export function sameVote(a, b) {
    return compareVotes(a, b) === 0;
}
/**
 * Equality when a decided server is involved (ZOOKEEPER-1805/1818): only the leader and its
 * epoch. Followers report the zxid they have reached, which drifts while the ensemble runs.
 */
export function sameLeadership(a, b) {
    return a.leader === b.leader && a.peerEpoch === b.peerEpoch;
}
export function formatVote(v) {
    if (v.leader < 0)
        return '(none)';
    return `(sid ${v.leader}, epoch ${v.peerEpoch}, zxid ${hex(v.zxid)})`;
}
//# sourceMappingURL=vote.js.map