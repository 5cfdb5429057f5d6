import { type CommandContext } from '../commands.js';
import type { Logger } from '../../base/log.js';
import { type Route } from './http.js';
export interface MetricsEndpoint {
    contentType: string;
    scrape(): Promise<string>;
}
export interface AdminServerOptions {
    host: string;
    port: number;
    /** `admin.commandURL`, e.g. '/commands'. */
    commandUrl: string;
    /** The commands' data as of now. */
    commandContext(): CommandContext;
    metrics?: MetricsEndpoint;
    /** More routes (the dashboard), tried after the commands and /metrics. */
    routes?: readonly Route[];
    log: Logger;
}
/** The command routes: the listing, each command, 405 for other methods. */
export declare function commandRoutes(commandUrl: string, commandContext: () => CommandContext): Route;
export declare function metricsRoute(metrics: MetricsEndpoint): Route;
export interface RunningHttp {
    host: string;
    port: number;
    close(): Promise<void>;
}
export declare function startAdminServer(o: AdminServerOptions): Promise<RunningHttp>;
/** `metricsProvider.httpPort`: /metrics and nothing else, as ZooKeeper's provider serves it. */
export declare function startMetricsServer(host: string, port: number, metrics: MetricsEndpoint, log: Logger): Promise<RunningHttp>;
