/**
 * Mutex: Curator's InterProcessMutex. Lock nodes are `<path>/_c_<uuid>-lock-<seq>`, held in
 * sequence order, so a Node process and a Java process using InterProcessMutex on the same
 * path exclude each other. Reentrant per instance (Curator: per thread): acquiring an
 * instance that already holds the lock returns another handle, and the node goes when the
 * last handle is released.
 *
 *   const mutex = new Mutex(zk, '/locks/orders');
 *   await using lock = await mutex.acquire({ timeoutMs: 5000 });
 *   lock.signal.throwIfAborted();   // aborted if the session is lost while we hold it
 */
import type { ZooKeeperClient } from '../client.js';
import type { DataInput } from '../types.js';
import { type LockDriver } from './lock-internals.js';
import { type WaitOptions } from './internal.js';
import { type OwnershipOptions } from './ownership.js';
export type AcquireOptions = WaitOptions;
/** A held lock (or lease). `await using` releases it at the end of the block. */
export interface LockHandle extends AsyncDisposable {
    /** The lock node. */
    readonly path: string;
    /** Aborted, with a LostError, if the lock is lost while held (session expiry, node deleted). */
    readonly signal: AbortSignal;
    /** True until released. */
    readonly held: boolean;
    /** Gives the lock up (idempotent). */
    release(): Promise<void>;
}
export interface MutexOptions extends OwnershipOptions {
    /** Data of the lock node. Default: this host's address, as Curator stores. */
    data?: DataInput;
}
/** The reentrant holder shared by Mutex and the two halves of ReadWriteLock. */
export declare class ReentrantLock {
    readonly zk: ZooKeeperClient;
    readonly basePath: string;
    readonly driver: LockDriver;
    private readonly options;
    private readonly what;
    private holding;
    private acquiring;
    constructor(zk: ZooKeeperClient, basePath: string, driver: LockDriver, options: MutexOptions, what: string);
    /** Held by this instance (by any of its handles). */
    get isHeld(): boolean;
    acquire(opts?: AcquireOptions): Promise<LockHandle>;
    private handle;
    /** Lock node paths in line order. */
    participantNodes(filter?: (name: string) => boolean): Promise<string[]>;
}
export declare class Mutex {
    readonly path: string;
    private readonly lock;
    constructor(zk: ZooKeeperClient, path: string, options?: MutexOptions);
    /** Waits for the lock; rejects with TimeoutError after `timeoutMs`, or the signal's reason. */
    acquire(opts?: AcquireOptions): Promise<LockHandle>;
    /** Curator's isAcquiredInThisProcess (for this instance). */
    isAcquired(): boolean;
    /** getParticipantNodes: the lock nodes, holder first. */
    participantNodes(): Promise<string[]>;
}
