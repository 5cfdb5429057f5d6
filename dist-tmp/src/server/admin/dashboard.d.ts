import type { Replica } from '../../peer/replica.js';
import type { CommandContext, JsonObject, JsonValue } from '../commands.js';
import { type Route } from './http.js';
/** One server's state as the dashboard shows it. */
export interface ServerOverview extends JsonObject {
    id: number;
    /** standalone, looking, leading, following, observing. */
    state: string;
    serving: boolean;
    /** -1 before an epoch is established. */
    epoch: number;
    /** hex */
    zxid: string;
    /** The leader's id, -1 when none is known (or standalone). */
    leader: number;
    sessions: number;
    connections: number;
    outstanding: number;
    znodes: number;
    watches: number;
    /** Client requests answered since start (pings excluded) and their summed latency. */
    requests: number;
    latencySumMs: number;
    bytesIn: number;
    bytesOut: number;
    /** Leader only: followers' unacknowledged proposals. */
    learners: {
        sid: number;
        observer: boolean;
        synced: boolean;
        unacked: number;
    }[];
    version: string;
    uptimeMs: number;
}
/** A change the dashboard asks for. `data` is UTF-8 text unless `base64` is set. */
export interface DashboardWrite {
    op: 'create' | 'set' | 'delete';
    path: string;
    data?: string;
    base64?: boolean;
    version?: number;
    /** create: 'open' (world:anyone, all) or 'creator' (the digest identity, all). */
    acl?: 'open' | 'creator';
}
export interface DashboardOptions {
    myid: number;
    replica(): Replica;
    commandContext(): CommandContext;
    overview(): ServerOverview;
    /** The other members' admin base URLs (http://host:port). */
    peers: readonly {
        id: number;
        url: string;
    }[];
    /** Present when admin.dashboard.write=true: performs a change as `identity` (user:password). */
    write?(change: DashboardWrite, identity: string): Promise<JsonValue>;
    /** Largest request body accepted, bytes. */
    maxBody: number;
    /** The folder holding index.html, app.js and style.css. */
    assetsDir: string;
}
export declare function dashboardRoutes(o: DashboardOptions): Route;
