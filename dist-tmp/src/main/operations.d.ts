import type { ZkConfig } from '../config/index.js';
import type { Replica } from '../peer/replica.js';
import type { Logger } from '../base/log.js';
import type { CommandContext } from '../server/commands.js';
import type { ServerMetrics, LearnerLag } from '../server/admin/metrics.js';
/** static/dashboard/ in the package (this file runs from dist/src/main). */
export declare const DASHBOARD_ASSETS: string;
/** What the metrics and the admin server read from the running server. */
export interface OperationsSources {
    myid: number;
    commandContext(): CommandContext;
    replica(): Replica;
    /** standalone, looking, leading, following, observing. */
    peerState(): string;
    /** Quorum members: epoch (-1 before one is established), leader (-1 when none), voters, the leader's learners. */
    quorum?(): {
        epoch: number;
        leader: number;
        quorumSize: number;
        learners: readonly LearnerLag[] | null;
    };
}
/** The metrics, when the admin server or a metrics provider is configured. */
export declare function createMetrics(config: ZkConfig, src: OperationsSources): Promise<ServerMetrics | null>;
export interface Operations {
    /** The admin server's address, when it runs. */
    admin: {
        host: string;
        port: number;
    } | null;
    stop(): Promise<void>;
}
export declare function startOperations(config: ZkConfig, src: OperationsSources, metrics: ServerMetrics | null, log: Logger): Promise<Operations>;
/**
 * The other members' admin servers, for the dashboard's ensemble view: `admin.dashboard.peer.N`
 * where given, else the member's `server.N` host with this server's admin port.
 */
export declare function dashboardPeers(config: ZkConfig, myid: number): {
    id: number;
    url: string;
}[];
