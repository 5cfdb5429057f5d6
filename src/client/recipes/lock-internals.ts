/**
 * The lock algorithm every Curator lock shares (LockInternals with a driver): create a
 * protected EPHEMERAL_SEQUENTIAL node `<base>/_c_<uuid>-<lockName><seq>`, sort the children
 * by the sequence after `lockName`, and either hold the lock (the driver says so) or watch
 * the node the driver names (getData with a watch, so that no watch is left on a missing
 * node) and look again when it goes. On timeout, abort or error our node is deleted
 * ("guaranteed", so even across a connection loss). Node names and ordering are Curator's,
 * so Java and Node processes queue in one line.
 */
import type { ZooKeeperClient } from '../client.js';
import { NoNodeError } from '../errors.js';
import { CreateMode, type DataInput } from '../types.js';
import {
  createProtected,
  Deadline,
  deleteGuaranteed,
  fixForSorting,
  forgetWatcher,
  joinPath,
  nextEvent,
  nodeName,
  retrying,
  sortByLockName,
} from './internal.js';

export interface LockDriver {
  /** The name part before the sequence number, e.g. "lock-". */
  readonly lockName: string;
  /** The key children are sorted by. */
  sortKey(name: string): string;
  /** Does `ourName` hold the lock among `sorted`? If not, which node to wait for. */
  getsTheLock(sorted: string[], ourName: string): { gets: true } | { gets: false; watch: string };
}

/** StandardLockInternalsDriver: the first `maxLeases` in line hold it. */
export function standardDriver(lockName: string, maxLeases = 1): LockDriver {
  return {
    lockName,
    sortKey: (name) => fixForSorting(name, lockName),
    getsTheLock(sorted, ourName) {
      const i = sorted.indexOf(ourName);
      if (i < 0) throw new NoNodeError(-101, ourName, 'sequential path not found');
      return i < maxLeases ? { gets: true } : { gets: false, watch: sorted[i - maxLeases]! };
    },
  };
}

/** Our node vanished while we waited (session change): Curator starts over. */
class OurNodeMissing extends Error {}

export async function getSortedChildren(zk: ZooKeeperClient, basePath: string, driver: LockDriver): Promise<string[]> {
  try {
    return sortByLockName(await zk.getChildren(basePath), (n) => driver.sortKey(n));
  } catch (e) {
    if (e instanceof NoNodeError) return [];
    throw e;
  }
}

/**
 * LockInternals.attemptLock: resolves with the path of our node once the driver says we hold
 * the lock; rejects (after deleting our node) on timeout, abort or error.
 */
export async function attemptLock(zk: ZooKeeperClient, basePath: string, driver: LockDriver, data: DataInput, dl: Deadline): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const ourPath = await createProtected(zk, joinPath(basePath, driver.lockName), { data, mode: CreateMode.EPHEMERAL_SEQUENTIAL }, dl);
    try {
      await waitForTurn(zk, basePath, driver, ourPath, dl);
      return ourPath;
    } catch (e) {
      await deleteGuaranteed(zk, ourPath);
      if (e instanceof OurNodeMissing && attempt < 3) continue;
      if (e instanceof OurNodeMissing) throw new NoNodeError(-101, ourPath, 'lock node lost while waiting (session change)');
      throw e;
    }
  }
}

async function waitForTurn(zk: ZooKeeperClient, basePath: string, driver: LockDriver, ourPath: string, dl: Deadline): Promise<void> {
  const ourName = nodeName(ourPath);
  for (;;) {
    const sorted = await retrying(zk, dl, () => getSortedChildren(zk, basePath, driver));
    if (!sorted.includes(ourName)) throw new OurNodeMissing();
    const verdict = driver.getsTheLock(sorted, ourName);
    if (verdict.gets) return;
    const previous = joinPath(basePath, verdict.watch);
    const { watcher, fired } = nextEvent();
    try {
      await retrying(zk, dl, () => zk.getData(previous, watcher));
    } catch (e) {
      if (e instanceof NoNodeError) continue; // gone already: look again
      throw e;
    }
    try {
      await dl.race(fired);
    } catch (e) {
      forgetWatcher(zk, previous, watcher, 'Data');
      throw e;
    }
  }
}
