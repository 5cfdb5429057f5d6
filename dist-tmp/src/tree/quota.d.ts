/**
 * The server's side of quotas (docs/quotas.md): judging a write against the limits of the
 * quota that covers it, as ZooKeeperServer.checkQuota does. The node layout and StatsTrack
 * text live in wire/quota.ts, shared with the shell.
 */
import { StatsTrack } from '../wire/quota.js';
export { LIMIT_NODE, limitPath, QUOTA_ROOT, STAT_NODE, statPath, StatsTrack } from '../wire/quota.js';
/** What a write would do to the quota covering it. */
export interface QuotaVerdict {
    /** The path that carries the quota. */
    prefix: string;
    /** Set when a limit would be exceeded: ZooKeeper's log line for it. */
    message: string | null;
    /** A hard limit would be exceeded (the write fails when quotas are enforced). */
    hard: boolean;
}
/**
 * ZooKeeperServer.checkQuota: would adding `countDiff` nodes and `bytesDiff` bytes under
 * `prefix` exceed its limits? Hard limits win over soft ones of the same kind.
 */
export declare function judgeQuota(prefix: string, limits: StatsTrack, current: StatsTrack, bytesDiff: number, countDiff: number): QuotaVerdict;
