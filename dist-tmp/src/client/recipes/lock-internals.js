import { NoNodeError } from '../errors.js';
import { CreateMode } from '../types.js';
import { createProtected, deleteGuaranteed, fixForSorting, forgetWatcher, joinPath, nextEvent, nodeName, retrying, sortByLockName, } from './internal.js';
/** StandardLockInternalsDriver: the first `maxLeases` in line hold it. */
export function standardDriver(lockName, maxLeases = 1) {
    return {
        lockName,
        sortKey: (name) => fixForSorting(name, lockName),
        getsTheLock(sorted, ourName) {
            const i = sorted.indexOf(ourName);
            if (i < 0)
                throw new NoNodeError(-101, ourName, 'sequential path not found');
            return i < maxLeases ? { gets: true } : { gets: false, watch: sorted[i - maxLeases] };
        },
    };
}
/** Our node vanished while we waited (session change): Curator starts over. */
class OurNodeMissing extends Error {
}
export async function getSortedChildren(zk, basePath, driver) {
    try {
        return sortByLockName(await zk.getChildren(basePath), (n) => driver.sortKey(n));
    }
    catch (e) {
        if (e instanceof NoNodeError)
            return [];
        throw e;
    }
}
/**
 * LockInternals.attemptLock: resolves with the path of our node once the driver says we hold
 * the lock; rejects (after deleting our node) on timeout, abort or error.
 */
export async function attemptLock(zk, basePath, driver, data, dl) {
    for (let attempt = 0;; attempt++) {
        const ourPath = await createProtected(zk, joinPath(basePath, driver.lockName), { data, mode: CreateMode.EPHEMERAL_SEQUENTIAL }, dl);
        try {
            await waitForTurn(zk, basePath, driver, ourPath, dl);
            return ourPath;
        }
        catch (e) {
            await deleteGuaranteed(zk, ourPath);
            if (e instanceof OurNodeMissing && attempt < 3)
                continue;
            if (e instanceof OurNodeMissing)
                throw new NoNodeError(-101, ourPath, 'lock node lost while waiting (session change)');
            throw e;
        }
    }
}
async function waitForTurn(zk, basePath, driver, ourPath, dl) {
    const ourName = nodeName(ourPath);
    for (;;) {
        const sorted = await retrying(zk, dl, () => getSortedChildren(zk, basePath, driver));
        if (!sorted.includes(ourName))
            throw new OurNodeMissing();
        const verdict = driver.getsTheLock(sorted, ourName);
        if (verdict.gets)
            return;
        const previous = joinPath(basePath, verdict.watch);
        const { watcher, fired } = nextEvent();
        try {
            await retrying(zk, dl, () => zk.getData(previous, watcher));
        }
        catch (e) {
            if (e instanceof NoNodeError)
                continue; // gone already: look again
            throw e;
        }
        try {
            await dl.race(fired);
        }
        catch (e) {
            forgetWatcher(zk, previous, watcher, 'Data');
            throw e;
        }
    }
}
//# sourceMappingURL=lock-internals.js.map