/**
 * The one majority quorum of the ensemble, used by the election (who may be elected, whose votes
 * count) and by Zab (epoch agreement, commits, quorum-confirmed sync, liveness): a strict
 * majority of the participants. Observers are members (they may send and receive election
 * datagrams and follow the leader) but never voters: they are not counted, cannot be elected,
 * and their votes and acknowledgements are ignored (docs/architecture.md, "Elections over UDP").
 */
import { assert } from './assert.js';
export class MajorityQuorum {
    voters;
    voterSet;
    memberSet;
    constructor(members) {
        this.memberSet = new Set(members.map((m) => m.id));
        assert(this.memberSet.size === members.length, 'duplicate server ids');
        this.voters = members.filter((m) => m.role === 'participant').map((m) => m.id).sort((a, b) => a - b);
        this.voterSet = new Set(this.voters);
        assert(this.voters.length > 0, 'an ensemble needs at least one participant');
    }
    /** The quorum of these voters and observers. */
    static of(voters, observers = []) {
        return new MajorityQuorum([
            ...[...voters].map((id) => ({ id, role: 'participant' })),
            ...[...observers].map((id) => ({ id, role: 'observer' })),
        ]);
    }
    isMember(sid) {
        return this.memberSet.has(sid);
    }
    isVoter(sid) {
        return this.voterSet.has(sid);
    }
    /** The smallest number of voters that forms a quorum: 2 of 2, 2 of 3, 3 of 5. */
    get quorumSize() {
        return Math.floor(this.voters.length / 2) + 1;
    }
    /** True if the voters among `sids` (duplicates and non-voters ignored) are a strict majority. */
    containsQuorum(sids) {
        const counted = new Set();
        for (const sid of sids)
            if (this.voterSet.has(sid))
                counted.add(sid);
        return counted.size * 2 > this.voters.length;
    }
    /** True if `sids` holds every voter. */
    containsAllVoters(sids) {
        const seen = new Set(sids);
        return this.voters.every((v) => seen.has(v));
    }
}
//# sourceMappingURL=quorum.js.map