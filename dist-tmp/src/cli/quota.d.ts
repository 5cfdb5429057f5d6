/**
 * zkCli's quota commands (setquota, listquota, delquota) as client-side operations on the
 * /zookeeper/quota nodes (docs/quotas.md), with zkCli 3.8's checks and messages. The server
 * keeps the usage in zookeeper_stats; the shell only writes limits.
 */
import { type ZooKeeperClient } from '../client/index.js';
import { QUOTA_ROOT, STAT_NODE, StatsTrack } from '../wire/quota.js';
/** A path refused for a quota (zkCli's IllegalArgumentException → MalformedPathException). */
export declare class QuotaPathError extends Error {
}
export interface QuotaOutput {
    out(text: string): void;
}
/** SetQuotaCommand.createQuota: `quota` holds the limits to set (-1 = leave as is). */
export declare function createQuota(zk: ZooKeeperClient, path: string, quota: StatsTrack, io: QuotaOutput): Promise<void>;
/** ListQuotaCommand.listQuota: [limits, stats]; NoNodeError when there is no quota. */
export declare function listQuota(zk: ZooKeeperClient, path: string): Promise<[StatsTrack, StatsTrack]>;
/**
 * DelQuotaCommand.delQuota: without `which`, removes the whole quota (and the empty quota
 * path above it); with it, resets those limits to -1.
 */
export declare function delQuota(zk: ZooKeeperClient, path: string, which: Set<'n' | 'b' | 'N' | 'B'> | null, io: QuotaOutput): Promise<void>;
export { STAT_NODE, StatsTrack, QUOTA_ROOT };
