import { sameLeadership, sameVote } from '../vote.js';
export function ballotOf(vote, round, state, meta, myIncarnation) {
    return { vote, round, state, incarnation: meta?.incarnation ?? myIncarnation, seq: meta?.seq ?? null };
}
/**
 * The senders whose ballot agrees with `target`. Full equality between two looking votes;
 * leader and epoch only when either side has decided (ZOOKEEPER-1805/1818).
 */
export function supportersOf(ballots, target, targetDecided) {
    const out = [];
    for (const [sid, b] of ballots) {
        const agrees = targetDecided || b.state !== 'looking' ? sameLeadership(b.vote, target) : sameVote(b.vote, target);
        if (agrees)
            out.push({ sid, state: b.state, incarnation: b.incarnation, seq: b.seq });
    }
    return out;
}
/**
 * FLE's checkLeader: a quorum saying "X leads" is not enough. If X is someone else we must
 * hold X's own word that it is LEADING, with the same epoch, so followers of a crashed leader
 * cannot re-elect it (docs/zookeeper-bugs.md item 1), and followers already advertising a new epoch cannot make
 * us join it before the leader itself has established it. (ZooKeeper checked the state only.)
 * If X is us, we must be in the round in which they elected us.
 */
export function leaderConfirmed(ballots, vote, round, mySid, myRound) {
    if (vote.leader === mySid)
        return round === myRound;
    const own = ballots.get(vote.leader);
    return own !== undefined && own.state === 'leading' && sameLeadership(own.vote, vote);
}
//# sourceMappingURL=ballots.js.map