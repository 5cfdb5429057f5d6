/** The client port of a server of any mode, with its operator commands (four-letter words). */
import { type ZkConfig } from '../config/index.js';
import type { Storage } from '../storage/api.js';
import type { Replica } from '../peer/replica.js';
import type { Logger } from '../base/log.js';
import { ClientServer } from '../server/client-server.js';
import type { ClientCoreAccess, ClientMetrics } from '../server/types.js';
import type { CommandContext, QuorumView, ServerMode } from '../server/commands.js';
import { type LeadershipControl } from './command-context.js';
import { type LoadedSecurity } from './security.js';
export declare const VERSION = "3.8.0-zk-ts-0.1.0";
export interface ServingState {
    replica(): Replica;
    mode(): ServerMode;
    serving(): boolean;
    outstanding(): number;
    extraMonitor?(): ReadonlyArray<readonly [string, string | number | bigint]>;
    extraConf?(): ReadonlyArray<readonly [string, string | number | bigint]>;
    electionAlgorithm?: string;
    /** Quorum members: leader, membership and Zab state for the admin commands. */
    quorum?(): QuorumView;
    /** Quorum members: leadership transfer (transfer_leadership / ydld, request_leadership / rqld). */
    leadership?: LeadershipControl;
}
export interface ClientPort {
    server: ClientServer;
    /** The data behind the operator commands, as of now (stmkMask: a four-letter stmk's argument). */
    commandContext(stmkMask?: bigint): CommandContext;
    /** When this server started, ms since the epoch. */
    startedAt: number;
    /** Stops watching the certificate files (certReload). */
    stopWatching(): void;
}
export declare function createClientPort(config: ZkConfig, configFile: string, myid: number, storage: Storage, state: ServingState, core: ClientCoreAccess, log: Logger, metrics?: ClientMetrics, security?: LoadedSecurity): ClientPort;
/**
 * The throttle threshold of this server. As in ZooKeeper 3.8 (Leader/FollowerZooKeeperServer),
 * a quorum member takes its share of the global limit: divided by (voters - 1) when there are
 * more than two voters.
 */
export declare function outstandingLimit(config: ZkConfig): number;
/** Logs where clients are served (`serving clients on` is what scripts and tests wait for). */
export declare function logListening(server: ClientServer, log: Logger, suffix?: string): void;
