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
import { NoNodeError } from '../errors.js';
import { fixForSorting, RecipeStateError } from './internal.js';
import type { LockDriver } from './lock-internals.js';
import { ReentrantLock, type AcquireOptions, type LockHandle, type MutexOptions } from './mutex.js';

// Curator: both names must have the same length (the sort strips either).
export const READ_LOCK_NAME = '__READ__';
export const WRITE_LOCK_NAME = '__WRIT__';

function sortKey(name: string): string {
  return fixForSorting(fixForSorting(name, READ_LOCK_NAME), WRITE_LOCK_NAME);
}

export interface RWLockHalf {
  acquire(opts?: AcquireOptions): Promise<LockHandle>;
  isAcquired(): boolean;
  /** This half's nodes (filtered by name, as Curator's getParticipantNodes). */
  participantNodes(): Promise<string[]>;
}

export class ReadWriteLock {
  readonly writeLock: RWLockHalf;
  readonly readLock: RWLockHalf;

  constructor(zk: ZooKeeperClient, readonly path: string, options: MutexOptions = {}) {
    if (!path.startsWith('/')) throw new RecipeStateError(`lock path must be absolute: ${path}`);
    const writeDriver: LockDriver = {
      lockName: WRITE_LOCK_NAME,
      sortKey,
      getsTheLock(sorted, ourName) {
        const i = sorted.indexOf(ourName);
        if (i < 0) throw new NoNodeError(-101, ourName, 'sequential path not found');
        return i < 1 ? { gets: true } : { gets: false, watch: sorted[i - 1]! };
      },
    };
    const writer = new ReentrantLock(zk, path, writeDriver, options, 'write lock');
    const readDriver: LockDriver = {
      lockName: READ_LOCK_NAME,
      sortKey,
      getsTheLock(sorted, ourName) {
        if (writer.isHeld) return { gets: true };
        let firstWrite = Infinity;
        let ours = -1;
        for (let i = 0; i < sorted.length; i++) {
          const node = sorted[i]!;
          if (node.includes(WRITE_LOCK_NAME)) firstWrite = Math.min(firstWrite, i);
          else if (node.startsWith(ourName)) {
            ours = i;
            break;
          }
        }
        if (ours < 0) throw new NoNodeError(-101, ourName, 'sequential path not found');
        return ours < firstWrite ? { gets: true } : { gets: false, watch: sorted[firstWrite]! };
      },
    };
    const reader = new ReentrantLock(zk, path, readDriver, options, 'read lock');
    this.writeLock = half(writer, WRITE_LOCK_NAME);
    this.readLock = half(reader, READ_LOCK_NAME);
  }
}

function half(lock: ReentrantLock, name: string): RWLockHalf {
  return {
    acquire: (opts) => lock.acquire(opts),
    isAcquired: () => lock.isHeld,
    participantNodes: () => lock.participantNodes((n) => n.includes(name)),
  };
}
