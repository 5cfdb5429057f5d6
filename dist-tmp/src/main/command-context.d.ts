import type { ZkConfig } from '../config/index.js';
import type { Storage } from '../storage/api.js';
import type { Replica } from '../peer/replica.js';
import type { ClientServer } from '../server/client-server.js';
import { type CommandContext, type LeadershipAnswer, type QuorumView, type ServerMode } from '../server/commands.js';
export interface ContextSources {
    config: ZkConfig;
    configFile: string;
    myid: number;
    replica: Replica;
    /** Writes accepted but not yet answered. */
    outstanding: number;
    serving: boolean;
    server: ClientServer;
    storage: Storage;
    startedAt: number;
    mode: ServerMode;
    version: string;
    /** stmk's argument (four-letter word only). */
    arg?: bigint;
    extraMonitor?: ReadonlyArray<readonly [string, string | number | bigint]>;
    extraConf?: ReadonlyArray<readonly [string, string | number | bigint]>;
    electionAlgorithm?: string;
    quorum?: QuorumView;
    leadership?: LeadershipControl;
}
/** A quorum member's leadership transfer, for transfer_leadership (ydld) and request_leadership (rqld). */
export interface LeadershipControl {
    transfer(successor: number | null): LeadershipAnswer;
    request(): LeadershipAnswer;
}
export declare function buildCommandContext(src: ContextSources): CommandContext;
