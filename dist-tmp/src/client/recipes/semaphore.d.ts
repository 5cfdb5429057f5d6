/**
 * Semaphore: Curator's InterProcessSemaphoreV2. Under `<path>`: a mutex at `<path>/locks`
 * (InterProcessMutex layout) that serialises acquirers, and the leases at
 * `<path>/leases/_c_<uuid>-lease-<seq>` (protected EPHEMERAL_SEQUENTIAL). An acquirer takes
 * the mutex, creates its lease node, and holds the lease once there are at most `maxLeases`
 * lease nodes (waiting on the children of `leases` otherwise), then releases the mutex.
 * Every participant, Java or Node, must use the same `maxLeases`.
 *
 *   const sem = new Semaphore(zk, '/sem/workers', 3);
 *   await using lease = await sem.acquire({ timeoutMs: 10_000 });
 */
import type { ZooKeeperClient } from '../client.js';
import { type DataInput } from '../types.js';
import { type AcquireOptions, type LockHandle } from './mutex.js';
import { type OwnershipOptions } from './ownership.js';
/** A held lease: a LockHandle on a lease node. */
export type Lease = LockHandle;
export interface SemaphoreOptions extends OwnershipOptions {
    /** Data of the lease nodes. Default: this host's address, as Curator stores. */
    data?: DataInput;
}
export declare class Semaphore {
    private readonly zk;
    readonly path: string;
    readonly maxLeases: number;
    private readonly options;
    private readonly lock;
    private readonly leasesPath;
    constructor(zk: ZooKeeperClient, path: string, maxLeases: number, options?: SemaphoreOptions);
    /** One lease. */
    acquire(opts?: AcquireOptions): Promise<Lease>;
    /** `qty` leases, all or none (the ones obtained are returned if a later one fails). */
    acquireMany(qty: number, opts?: AcquireOptions): Promise<Lease[]>;
    /** The lease node names (getParticipantNodes). */
    participantNodes(): Promise<string[]>;
    private acquireOne;
    /** True once there is room for us; false if our node is not among the leases. */
    private waitForRoom;
    private makeLease;
}
