import { compareVotes, compareVotesPreferring, NO_VOTE } from '../vote.js';
/**
 * `voices` holds every voter heard this round, ourselves included (when we are a voter) with
 * `vote` equal to our vote before this tally; `mySid` may be an observer. `successor`: the one a
 * leadership transfer named (with the history it holds), best among equally recent candidates.
 */
export function tally(voices, mySid, quorum, successor = null) {
    const heard = new Map();
    for (const v of voices)
        if (quorum.isVoter(v.sid))
            heard.set(v.sid, v);
    // The successor holds at least what the old leader vouched for (it acknowledged every
    // proposal), even while its reply still carries the credentials of its previous election (it
    // has not seen TAKEOVER yet): rank it by the better of the two.
    const named = successor === null ? undefined : heard.get(successor.leader);
    if (named && successor && compareVotes({ ...successor, leader: named.sid }, named.own) > 0)
        heard.set(named.sid, { ...named, own: { ...successor, leader: named.sid } });
    // The successor ranks first only while it stands: heard this round voting for itself. One
    // that missed TAKEOVER and votes for another must not be held to it, or the servers that took
    // the hint (never voting for themselves) and those that did not (never voting for it) wait on
    // each other forever.
    // A settled vote formed before the handover (for less history than the successor holds) is
    // stale: the old leader it names handed over and polls with us; counting such votes would let
    // it re-elect itself with its followers' word from before.
    const stale = (v) => successor !== null && v.state !== 'looking' && compareVotes({ ...v.vote, leader: 0 }, { ...successor, leader: 0 }) < 0;
    const voice = successor === null ? undefined : heard.get(successor.leader);
    const standing = voice !== undefined && (voice.vote.leader === voice.sid || stale(voice)) ? voice.sid : null;
    let best = NO_VOTE;
    for (const v of heard.values())
        if (compareVotesPreferring(v.own, best, standing) > 0)
            best = v.own;
    const myVote = best;
    // Count current votes, ours being the one we are about to adopt.
    const supporters = new Map();
    for (const v of heard.values()) {
        if (v.sid !== mySid && !v.informed)
            continue;
        const vote = v.sid === mySid ? myVote : v.vote;
        if (v.sid !== mySid && stale(v))
            continue;
        const list = supporters.get(vote.leader) ?? [];
        list.push(v);
        supporters.set(vote.leader, list);
    }
    for (const [leader, list] of supporters) {
        const candidate = heard.get(leader);
        if (candidate === undefined || !quorum.containsQuorum(list.map((v) => v.sid)))
            continue;
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
//# sourceMappingURL=tally.js.map