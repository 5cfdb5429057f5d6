/**
 * The quorum verifier: a strict majority of the participants. Observers are members (they
 * may send and receive election datagrams) but never voters: they are not counted, cannot be
 * elected, and their votes are ignored (docs/architecture.md, "Elections over UDP").
 */
import { assert } from '../base/assert.js';
import type { ElectionMember, Sid } from './types.js';

export class MajorityQuorum {
  readonly voters: readonly Sid[];
  private readonly voterSet: ReadonlySet<Sid>;
  private readonly memberSet: ReadonlySet<Sid>;

  constructor(members: readonly ElectionMember[]) {
    this.memberSet = new Set(members.map((m) => m.id));
    assert(this.memberSet.size === members.length, 'duplicate server ids');
    this.voters = members.filter((m) => m.role === 'participant').map((m) => m.id).sort((a, b) => a - b);
    this.voterSet = new Set(this.voters);
    assert(this.voters.length > 0, 'an ensemble needs at least one participant');
  }

  isMember(sid: Sid): boolean {
    return this.memberSet.has(sid);
  }

  isVoter(sid: Sid): boolean {
    return this.voterSet.has(sid);
  }

  /** The smallest number of voters that forms a quorum: 2 of 2, 2 of 3, 3 of 5. */
  get quorumSize(): number {
    return Math.floor(this.voters.length / 2) + 1;
  }

  /** True if the voters among `sids` (duplicates and non-voters ignored) are a strict majority. */
  containsQuorum(sids: Iterable<Sid>): boolean {
    const counted = new Set<Sid>();
    for (const sid of sids) if (this.voterSet.has(sid)) counted.add(sid);
    return counted.size * 2 > this.voters.length;
  }

  /** True if `sids` holds every voter. */
  containsAllVoters(sids: Iterable<Sid>): boolean {
    const seen = new Set(sids);
    return this.voters.every((v) => seen.has(v));
  }
}
