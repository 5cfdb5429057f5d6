import { NoNodeError } from '../errors.js';
import { fixForSorting, RecipeStateError } from './internal.js';
import { ReentrantLock } from './mutex.js';
// Curator: both names must have the same length (the sort strips either).
export const READ_LOCK_NAME = '__READ__';
export const WRITE_LOCK_NAME = '__WRIT__';
function sortKey(name) {
    return fixForSorting(fixForSorting(name, READ_LOCK_NAME), WRITE_LOCK_NAME);
}
export class ReadWriteLock {
    path;
    writeLock;
    readLock;
    constructor(zk, path, options = {}) {
        this.path = path;
        if (!path.startsWith('/'))
            throw new RecipeStateError(`lock path must be absolute: ${path}`);
        const writeDriver = {
            lockName: WRITE_LOCK_NAME,
            sortKey,
            getsTheLock(sorted, ourName) {
                const i = sorted.indexOf(ourName);
                if (i < 0)
                    throw new NoNodeError(-101, ourName, 'sequential path not found');
                return i < 1 ? { gets: true } : { gets: false, watch: sorted[i - 1] };
            },
        };
        const writer = new ReentrantLock(zk, path, writeDriver, options, 'write lock');
        const readDriver = {
            lockName: READ_LOCK_NAME,
            sortKey,
            getsTheLock(sorted, ourName) {
                if (writer.isHeld)
                    return { gets: true };
                let firstWrite = Infinity;
                let ours = -1;
                for (let i = 0; i < sorted.length; i++) {
                    const node = sorted[i];
                    if (node.includes(WRITE_LOCK_NAME))
                        firstWrite = Math.min(firstWrite, i);
                    else if (node.startsWith(ourName)) {
                        ours = i;
                        break;
                    }
                }
                if (ours < 0)
                    throw new NoNodeError(-101, ourName, 'sequential path not found');
                return ours < firstWrite ? { gets: true } : { gets: false, watch: sorted[firstWrite] };
            },
        };
        const reader = new ReentrantLock(zk, path, readDriver, options, 'read lock');
        this.writeLock = half(writer, WRITE_LOCK_NAME);
        this.readLock = half(reader, READ_LOCK_NAME);
    }
}
function half(lock, name) {
    return {
        acquire: (opts) => lock.acquire(opts),
        isAcquired: () => lock.isHeld,
        participantNodes: () => lock.participantNodes((n) => n.includes(name)),
    };
}
//# sourceMappingURL=read-write-lock.js.map