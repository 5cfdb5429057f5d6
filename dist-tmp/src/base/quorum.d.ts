/** A `server.N` line as far as quorums care. */
export interface QuorumMember {
    id: number;
    role: 'participant' | 'observer';
}
export declare class MajorityQuorum {
    readonly voters: readonly number[];
    private readonly voterSet;
    private readonly memberSet;
    constructor(members: readonly QuorumMember[]);
    /** The quorum of these voters and observers. */
    static of(voters: Iterable<number>, observers?: Iterable<number>): MajorityQuorum;
    isMember(sid: number): boolean;
    isVoter(sid: number): boolean;
    /** The smallest number of voters that forms a quorum: 2 of 2, 2 of 3, 3 of 5. */
    get quorumSize(): number;
    /** True if the voters among `sids` (duplicates and non-voters ignored) are a strict majority. */
    containsQuorum(sids: Iterable<number>): boolean;
    /** True if `sids` holds every voter. */
    containsAllVoters(sids: Iterable<number>): boolean;
}
