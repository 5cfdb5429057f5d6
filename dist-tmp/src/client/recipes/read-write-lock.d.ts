/**
 * ReadWriteLock: Curator's InterProcessReadWriteLock. Both halves queue under one path, as
 * `_c_<uuid>-__READ__<seq>` and `_c_<uuid>-__WRIT__<seq>`, in one sequence order. A writer
 * holds the lock when it is first in line; a reader when no writer is ahead of it (or when
 * this same instance holds the write lock: a writer may downgrade). Readers wait for the
 * first writer ahead of them, writers for the node just ahead.
 *
 *   const rw = new ReadWriteLock(zk, '/locks/catalog');
 *   await using r = await rw.readLock.acquire();
 */
import type { ZooKeeperClient } from '../client.js';
import { type AcquireOptions, type LockHandle, type MutexOptions } from './mutex.js';
export declare const READ_LOCK_NAME = "__READ__";
export declare const WRITE_LOCK_NAME = "__WRIT__";
export interface RWLockHalf {
    acquire(opts?: AcquireOptions): Promise<LockHandle>;
    isAcquired(): boolean;
    /** This half's nodes (filtered by name, as Curator's getParticipantNodes). */
    participantNodes(): Promise<string[]>;
}
export declare class ReadWriteLock {
    readonly path: string;
    readonly writeLock: RWLockHalf;
    readonly readLock: RWLockHalf;
    constructor(zk: ZooKeeperClient, path: string, options?: MutexOptions);
}
