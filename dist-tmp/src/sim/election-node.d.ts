import type { Rng } from '../base/clock.js';
import { Election } from '../election/election.js';
import type { Credentials, Decision, ElectionAlgorithm, ElectionMember, ElectionTiming, Vote } from '../election/types.js';
import type { ElectionChecker } from './checker.js';
import type { Packet, Sid } from './network.js';
import type { NodeHost, SimNode } from './node.js';
import { Persisted, StubTiming } from './zab-stub.js';
export interface ElectionNodeConfig {
    algorithm: ElectionAlgorithm;
    members: readonly ElectionMember[];
    timing: Partial<ElectionTiming>;
    stub: StubTiming;
    verbose: boolean;
}
export declare class ElectionNode implements SimNode {
    readonly sid: Sid;
    private readonly config;
    readonly persisted: Persisted;
    private readonly rng;
    private readonly checker;
    up: boolean;
    election: Election | null;
    /** The last decision of the current process, while it holds (cleared on LOOKING). */
    decision: Decision | null;
    /** The epoch the Zab stand-in established (leader) or synced in (follower), while it holds. */
    establishedEpoch: number | null;
    malformed: number;
    private host;
    private leader;
    private follower;
    private nextBeatAtMs;
    private readonly logLines;
    constructor(sid: Sid, config: ElectionNodeConfig, persisted: Persisted, rng: Rng, checker: ElectionChecker);
    get credentials(): Credentials;
    get ownVote(): Vote;
    get role(): string;
    /** Log effects of the cores, kept only in verbose runs. */
    drainLog(): string[];
    boot(host: NodeHost): void;
    crash(): void;
    receive(from: Sid, packet: Packet): void;
    wake(): void;
    private get now();
    private lookForLeader;
    private scheduleWake;
    private run;
    private onDecided;
    private stubEnv;
    private onEstablished;
}
