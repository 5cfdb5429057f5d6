import { formatVote } from '../election/vote.js';
export class ElectionChecker {
    quorum;
    violations = [];
    decisions = [];
    establishments = [];
    truth = new Map();
    genuine = new Set();
    leadingAds = new Set();
    leaderOfEpoch = new Map();
    constructor(quorum) {
        this.quorum = quorum;
    }
    /** `own` is the sender's credentials as a vote for itself when it sent datagram (inc, seq). */
    sent(sid, incarnation, seq, own) {
        this.truth.set(`${sid}:${incarnation}:${seq}`, own);
    }
    electionStarted(own) {
        this.genuine.add(voteKey(own));
    }
    /** A decided server's vote from now on (on deciding, and after setEstablished). */
    advertised(sid, vote, leading) {
        this.genuine.add(voteKey(vote));
        if (leading)
            this.leadingAds.add(`${sid}:${vote.peerEpoch}`);
    }
    decided(atMs, sid, d, deciderOwn) {
        this.decisions.push({ atMs, sid, decision: d });
        const fail = (property, detail) => this.violations.push({ atMs, property, detail: `server ${sid} decided ${formatVote(d.vote)} via ${d.via}: ${detail}` });
        if (!this.quorum.isVoter(d.leader) || d.vote.leader !== d.leader)
            fail('E1 genuine vote', 'the leader is not a voter');
        if (!this.genuine.has(voteKey(d.vote)))
            fail('E1 genuine vote', 'no such vote was ever advertised by that leader');
        if (!this.quorum.containsQuorum(d.support.map((s) => s.sid))) {
            fail(d.via === 'quorum' ? 'E2 best of its quorum' : 'E3 joins only real leaders', `support ${d.support.map((s) => s.sid).join(',')} is not a quorum`);
        }
        if (d.via === 'quorum')
            this.checkBestOfQuorum(d, sid, deciderOwn, fail);
        else if (d.leader !== sid && !this.leadingAds.has(`${d.leader}:${d.vote.peerEpoch}`)) {
            fail('E3 joins only real leaders', `server ${d.leader} never led in epoch ${d.vote.peerEpoch}`);
        }
    }
    established(atMs, leader, epoch) {
        this.establishments.push({ atMs, leader, epoch });
        const previous = this.leaderOfEpoch.get(epoch);
        if (previous !== undefined && previous !== leader) {
            this.violations.push({ atMs, property: 'E4 one leader per epoch', detail: `servers ${previous} and ${leader} both established epoch ${epoch}` });
        }
        this.leaderOfEpoch.set(epoch, leader);
    }
    checkBestOfQuorum(d, decider, deciderOwn, fail) {
        for (const s of d.support) {
            const own = s.seq === null ? (s.sid === decider ? deciderOwn : undefined) : this.truth.get(`${s.sid}:${s.incarnation}:${s.seq}`);
            if (own === undefined) {
                fail('E2 best of its quorum', `support from server ${s.sid} (seq ${s.seq}) matches no datagram it sent`);
            }
            else if (compareHistory(own, d.vote) > 0) {
                fail('E2 best of its quorum', `supporter ${s.sid} held ${formatVote(own)}, above the winner`);
            }
        }
    }
}
/**
 * The checker's own ranking, written apart from election/vote.ts so that a bug there cannot
 * hide from the check: (peerEpoch, zxid), then sid.
 */
export function rankVotes(a, b) {
    return compareHistory(a, b) || Math.sign(a.leader - b.leader);
}
/** (peerEpoch, zxid) only: the sid breaks ties between equal histories, it is no history. */
function compareHistory(a, b) {
    if (a.peerEpoch !== b.peerEpoch)
        return a.peerEpoch < b.peerEpoch ? -1 : 1;
    return a.zxid === b.zxid ? 0 : a.zxid < b.zxid ? -1 : 1;
}
function voteKey(v) {
    return `${v.leader}:${v.peerEpoch}:${v.zxid}`;
}
//# sourceMappingURL=checker.js.map