/**
 * zkCli's quota commands (setquota, listquota, delquota) as client-side operations on the
 * /zookeeper/quota nodes (docs/quotas.md), with zkCli 3.8's checks and messages. The server
 * keeps the usage in zookeeper_stats; the shell only writes limits.
 */
import { NodeExistsError, NoNodeError } from '../client/index.js';
import { limitPath, QUOTA_ROOT, STAT_NODE, LIMIT_NODE, statPath, StatsTrack } from '../wire/quota.js';
/** A path refused for a quota (zkCli's IllegalArgumentException → MalformedPathException). */
export class QuotaPathError extends Error {
}
/** SetQuotaCommand.createQuota: `quota` holds the limits to set (-1 = leave as is). */
export async function createQuota(zk, path, quota, io) {
    if ((await zk.exists(path)) === null)
        throw new QuotaPathError(`${path} does not exist.`);
    await checkIfChildQuota(zk, path);
    await checkIfParentQuota(zk, path);
    let quotaPath = QUOTA_ROOT;
    for (const part of path.split('/').filter(Boolean)) {
        quotaPath += `/${part}`;
        if ((await zk.exists(quotaPath)) === null) {
            try {
                await zk.create(quotaPath);
            }
            catch (e) {
                if (!(e instanceof NodeExistsError))
                    throw e;
            }
        }
    }
    const limits = limitPath(path);
    const stats = statPath(path);
    if ((await zk.exists(limits)) === null) {
        await zk.create(limits, quota.toBytes());
        const fresh = new StatsTrack();
        fresh.count = 0;
        fresh.bytes = 0;
        await zk.create(stats, fresh.toBytes());
        warnIfBelowUsage(new StatsTrack((await zk.getData(limits)).data), new StatsTrack((await zk.getData(stats)).data), io);
    }
    else {
        const current = new StatsTrack((await zk.getData(limits)).data);
        if (quota.count > -1)
            current.count = quota.count;
        if (quota.bytes > -1)
            current.bytes = quota.bytes;
        if (quota.countHardLimit > -1)
            current.countHardLimit = quota.countHardLimit;
        if (quota.byteHardLimit > -1)
            current.byteHardLimit = quota.byteHardLimit;
        warnIfBelowUsage(current, new StatsTrack((await zk.getData(stats)).data), io);
        await zk.setData(limits, current.toBytes());
    }
}
function warnIfBelowUsage(limits, stats, io) {
    if ((limits.count > -1 && limits.count < stats.count) || (limits.countHardLimit > -1 && limits.countHardLimit < stats.count)) {
        io.out(`[Warning]: the count quota you create is less than the existing count:${stats.count}\n`);
    }
    if ((limits.bytes > -1 && limits.bytes < stats.bytes) || (limits.byteHardLimit > -1 && limits.byteHardLimit < stats.bytes)) {
        io.out(`[Warning]: the bytes quota you create is less than the existing bytes:${stats.bytes}\n`);
    }
}
/** No quota may sit below the new one (zkCli walks the quota subtree). */
async function checkIfChildQuota(zk, path) {
    const root = `${QUOTA_ROOT}${path}`;
    const visit = async (p) => {
        let children;
        try {
            children = await zk.getChildren(p);
        }
        catch (e) {
            if (e instanceof NoNodeError)
                return;
            throw e;
        }
        for (const c of children) {
            if (p !== root && c === LIMIT_NODE)
                throw new QuotaPathError(`${path} has a child ${p.slice(QUOTA_ROOT.length)} which has a quota`);
        }
        for (const c of children.sort())
            await visit(`${p}/${c}`);
    };
    await visit(root);
}
/** Nor above it. */
async function checkIfParentQuota(zk, path) {
    const parts = path.split('/');
    let quotaPath = QUOTA_ROOT;
    for (let i = 1; i < parts.length - 1; i++) {
        quotaPath += `/${parts[i]}`;
        let children;
        try {
            children = await zk.getChildren(quotaPath);
        }
        catch (e) {
            if (e instanceof NoNodeError)
                return;
            throw e;
        }
        if (children.length === 0)
            return;
        if (quotaPath !== `${QUOTA_ROOT}${path}` && children.includes(LIMIT_NODE)) {
            throw new QuotaPathError(`${path} has a parent ${quotaPath.slice(QUOTA_ROOT.length)} which has a quota`);
        }
    }
}
/** ListQuotaCommand.listQuota: [limits, stats]; NoNodeError when there is no quota. */
export async function listQuota(zk, path) {
    const limits = new StatsTrack((await zk.getData(limitPath(path))).data);
    const stats = new StatsTrack((await zk.getData(statPath(path))).data);
    return [limits, stats];
}
/**
 * DelQuotaCommand.delQuota: without `which`, removes the whole quota (and the empty quota
 * path above it); with it, resets those limits to -1.
 */
export async function delQuota(zk, path, which, io) {
    const parent = `${QUOTA_ROOT}${path}`;
    const limits = limitPath(path);
    if ((await zk.exists(limits)) === null) {
        io.out(`Quota does not exist for ${path}\n`);
        return;
    }
    const current = new StatsTrack((await zk.getData(limits)).data);
    if (which === null) {
        for (const child of await zk.getChildren(parent))
            await zk.delete(`${parent}/${child}`);
        await trimProcQuotas(zk, parent);
        return;
    }
    if (which.has('n'))
        current.count = -1;
    if (which.has('b'))
        current.bytes = -1;
    if (which.has('N'))
        current.countHardLimit = -1;
    if (which.has('B'))
        current.byteHardLimit = -1;
    await zk.setData(limits, current.toBytes());
}
async function trimProcQuotas(zk, path) {
    for (let p = path; p !== QUOTA_ROOT; p = p.slice(0, p.lastIndexOf('/'))) {
        if ((await zk.getChildren(p)).length > 0)
            return;
        await zk.delete(p);
    }
}
export { STAT_NODE, StatsTrack, QUOTA_ROOT };
//# sourceMappingURL=quota.js.map