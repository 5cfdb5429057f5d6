export { LIMIT_NODE, limitPath, QUOTA_ROOT, STAT_NODE, statPath, StatsTrack } from '../wire/quota.js';
/**
 * ZooKeeperServer.checkQuota: would adding `countDiff` nodes and `bytesDiff` bytes under
 * `prefix` exceed its limits? Hard limits win over soft ones of the same kind.
 */
export function judgeQuota(prefix, limits, current, bytesDiff, countDiff) {
    const verdict = { prefix, message: null, hard: false };
    const checkCount = countDiff !== 0 && (limits.count > -1 || limits.countHardLimit > -1);
    const checkBytes = bytesDiff !== 0 && (limits.bytes > -1 || limits.byteHardLimit > -1);
    if (checkCount) {
        const newCount = current.count + countDiff;
        const hard = limits.countHardLimit > -1;
        const limit = hard ? limits.countHardLimit : limits.count;
        if (newCount > limit) {
            verdict.message = `Quota exceeded: ${prefix} [current count=${newCount}, ${hard ? 'hard' : 'soft'}CountLimit=${limit}]`;
            if (hard) {
                verdict.hard = true;
                return verdict;
            }
        }
    }
    if (checkBytes) {
        const newBytes = current.bytes + bytesDiff;
        const hard = limits.byteHardLimit > -1;
        const limit = hard ? limits.byteHardLimit : limits.bytes;
        if (newBytes > limit) {
            verdict.message = `Quota exceeded: ${prefix} [current bytes=${newBytes}, ${hard ? 'hard' : 'soft'}ByteLimit=${limit}]`;
            if (hard)
                verdict.hard = true;
        }
    }
    return verdict;
}
//# sourceMappingURL=quota.js.map