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
import { type DataInput } from '../types.js';
import { Deadline } from './internal.js';
export interface LockDriver {
    /** The name part before the sequence number, e.g. "lock-". */
    readonly lockName: string;
    /** The key children are sorted by. */
    sortKey(name: string): string;
    /** Does `ourName` hold the lock among `sorted`? If not, which node to wait for. */
    getsTheLock(sorted: string[], ourName: string): {
        gets: true;
    } | {
        gets: false;
        watch: string;
    };
}
/** StandardLockInternalsDriver: the first `maxLeases` in line hold it. */
export declare function standardDriver(lockName: string, maxLeases?: number): LockDriver;
export declare function getSortedChildren(zk: ZooKeeperClient, basePath: string, driver: LockDriver): Promise<string[]>;
/**
 * LockInternals.attemptLock: resolves with the path of our node once the driver says we hold
 * the lock; rejects (after deleting our node) on timeout, abort or error.
 */
export declare function attemptLock(zk: ZooKeeperClient, basePath: string, driver: LockDriver, data: DataInput, dl: Deadline): Promise<string>;
