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
import { NoNodeError } from '../errors.js';
import { CreateMode, type DataInput } from '../types.js';
import {
  createProtected,
  Deadline,
  deleteGuaranteed,
  forgetWatcher,
  joinPath,
  localAddressBytes,
  nextEvent,
  nodeName,
  RecipeStateError,
  retrying,
} from './internal.js';
import { Mutex, type AcquireOptions, type LockHandle } from './mutex.js';
import { Ownership, type OwnershipOptions } from './ownership.js';
import { invariant } from '../../base/invariant.js';

const LOCK_PARENT = 'locks';
const LEASE_PARENT = 'leases';
const LEASE_BASE_NAME = 'lease-';

/** A held lease: a LockHandle on a lease node. */
export type Lease = LockHandle;

export interface SemaphoreOptions extends OwnershipOptions {
  /** Data of the lease nodes. Default: this host's address, as Curator stores. */
  data?: DataInput;
}

export class Semaphore {
  private readonly lock: Mutex;
  private readonly leasesPath: string;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    readonly maxLeases: number,
    private readonly options: SemaphoreOptions = {},
  ) {
    if (!path.startsWith('/')) throw new RecipeStateError(`semaphore path must be absolute: ${path}`);
    if (!Number.isInteger(maxLeases) || maxLeases < 1) throw new RecipeStateError(`maxLeases must be a positive integer, got ${maxLeases}`);
    this.lock = new Mutex(zk, joinPath(path, LOCK_PARENT));
    this.leasesPath = joinPath(path, LEASE_PARENT);
  }

  /** One lease. */
  async acquire(opts: AcquireOptions = {}): Promise<Lease> {
    const [lease] = await this.acquireMany(1, opts);
    invariant(lease, 'semaphore-one-lease', 'acquireMany(1) returned no lease');
    return lease;
  }

  /** `qty` leases, all or none (the ones obtained are returned if a later one fails). */
  async acquireMany(qty: number, opts: AcquireOptions = {}): Promise<Lease[]> {
    if (!Number.isInteger(qty) || qty < 1) throw new RecipeStateError(`qty must be a positive integer, got ${qty}`);
    const dl = new Deadline(`acquire a lease of ${this.path}`, opts);
    const leases: Lease[] = [];
    try {
      while (leases.length < qty) leases.push(await this.acquireOne(dl, opts));
      return leases;
    } catch (e) {
      await Promise.all(leases.map((l) => l.release()));
      throw e;
    }
  }

  /** The lease node names (getParticipantNodes). */
  async participantNodes(): Promise<string[]> {
    try {
      return await this.zk.getChildren(this.leasesPath);
    } catch (e) {
      if (e instanceof NoNodeError) return [];
      throw e;
    }
  }

  private async acquireOne(dl: Deadline, opts: AcquireOptions): Promise<Lease> {
    for (let attempt = 0; ; attempt++) {
      const lock = await this.lock.acquire({ timeoutMs: opts.timeoutMs === undefined ? undefined : Math.max(0, dl.remaining()), signal: opts.signal });
      try {
        const path = await createProtected(
          this.zk,
          joinPath(this.leasesPath, LEASE_BASE_NAME),
          { data: this.options.data === undefined ? localAddressBytes() : this.options.data, mode: CreateMode.EPHEMERAL_SEQUENTIAL },
          dl,
        );
        let ok = false;
        try {
          const present = await this.waitForRoom(nodeName(path), dl);
          if (!present) {
            // Our node vanished (a session change): Curator tries again.
            if (attempt < 3) continue;
            throw new NoNodeError(-101, path, 'sequential path not found - possible session loss');
          }
          ok = true;
          return this.makeLease(path);
        } finally {
          if (!ok) await deleteGuaranteed(this.zk, path);
        }
      } finally {
        await lock.release();
      }
    }
  }

  /** True once there is room for us; false if our node is not among the leases. */
  private async waitForRoom(ourName: string, dl: Deadline): Promise<boolean> {
    for (;;) {
      const { watcher, fired } = nextEvent();
      const children = await retrying(this.zk, dl, () => this.zk.getChildren(this.leasesPath, watcher));
      if (!children.includes(ourName)) {
        forgetWatcher(this.zk, this.leasesPath, watcher, 'Children');
        return false;
      }
      if (children.length <= this.maxLeases) {
        forgetWatcher(this.zk, this.leasesPath, watcher, 'Children');
        return true;
      }
      try {
        await dl.race(fired);
      } catch (e) {
        forgetWatcher(this.zk, this.leasesPath, watcher, 'Children');
        throw e;
      }
    }
  }

  private makeLease(path: string): Lease {
    const ownership = new Ownership(this.zk, `lease of ${this.path}`, path, this.options);
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      ownership.stop();
      await deleteGuaranteed(this.zk, path);
    };
    return {
      path,
      signal: ownership.signal,
      get held() {
        return !released;
      },
      release,
      [Symbol.asyncDispose]: release,
    };
  }
}
