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
import { attemptLock, getSortedChildren, standardDriver, type LockDriver } from './lock-internals.js';
import { Deadline, deleteGuaranteed, joinPath, localAddressBytes, RecipeStateError, type WaitOptions } from './internal.js';
import { Ownership, type OwnershipOptions } from './ownership.js';

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

interface Holding {
  path: string;
  count: number;
  ownership: Ownership;
}

/** The reentrant holder shared by Mutex and the two halves of ReadWriteLock. */
export class ReentrantLock {
  private holding: Holding | null = null;
  private acquiring: Promise<unknown> | null = null;

  constructor(
    readonly zk: ZooKeeperClient,
    readonly basePath: string,
    readonly driver: LockDriver,
    private readonly options: MutexOptions,
    private readonly what: string,
  ) {}

  /** Held by this instance (by any of its handles). */
  get isHeld(): boolean {
    return this.holding !== null;
  }

  async acquire(opts: AcquireOptions = {}): Promise<LockHandle> {
    const dl = new Deadline(`acquire ${this.what} ${this.basePath}`, opts);
    // One acquisition per instance at a time; later callers re-enter once it is held.
    while (this.acquiring) await dl.race(this.acquiring.catch(() => undefined));
    dl.check();
    if (this.holding && !this.holding.ownership.lost) {
      this.holding.count++;
      return this.handle(this.holding);
    }
    const attempt = attemptLock(this.zk, this.basePath, this.driver, this.options.data === undefined ? localAddressBytes() : this.options.data, dl);
    this.acquiring = attempt;
    try {
      const path = await attempt;
      const holding: Holding = { path, count: 1, ownership: new Ownership(this.zk, `${this.what} ${this.basePath}`, path, this.options) };
      this.holding = holding;
      return this.handle(holding);
    } finally {
      this.acquiring = null;
    }
  }

  private handle(holding: Holding): LockHandle {
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      holding.count--;
      if (holding.count > 0) return;
      if (this.holding === holding) this.holding = null;
      holding.ownership.stop();
      await deleteGuaranteed(this.zk, holding.path);
    };
    return {
      path: holding.path,
      signal: holding.ownership.signal,
      get held() {
        return !released;
      },
      release,
      [Symbol.asyncDispose]: release,
    };
  }

  /** Lock node paths in line order. */
  async participantNodes(filter?: (name: string) => boolean): Promise<string[]> {
    const sorted = await getSortedChildren(this.zk, this.basePath, this.driver);
    return sorted.filter((n) => !filter || filter(n)).map((n) => joinPath(this.basePath, n));
  }
}

export class Mutex {
  private readonly lock: ReentrantLock;

  constructor(zk: ZooKeeperClient, readonly path: string, options: MutexOptions = {}) {
    if (!path.startsWith('/')) throw new RecipeStateError(`lock path must be absolute: ${path}`);
    this.lock = new ReentrantLock(zk, path, standardDriver('lock-'), options, 'lock');
  }

  /** Waits for the lock; rejects with TimeoutError after `timeoutMs`, or the signal's reason. */
  acquire(opts: AcquireOptions = {}): Promise<LockHandle> {
    return this.lock.acquire(opts);
  }

  /** Curator's isAcquiredInThisProcess (for this instance). */
  isAcquired(): boolean {
    return this.lock.isHeld;
  }

  /** getParticipantNodes: the lock nodes, holder first. */
  participantNodes(): Promise<string[]> {
    return this.lock.participantNodes();
  }
}
