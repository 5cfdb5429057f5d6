/**
 * Barriers: Curator's DistributedBarrier and DistributedDoubleBarrier.
 *
 * Barrier: the barrier is up while its node exists; waiters watch it with exists().
 *
 *   const b = new Barrier(zk, '/barriers/deploy');
 *   await b.set();                  // elsewhere: await b.wait(); ...; await b.remove();
 *
 * DoubleBarrier: `memberQty` members enter together and leave together. Each member is an
 * EPHEMERAL child `<path>/<uuid>`; the member that sees enough children creates
 * `<path>/ready`, which releases the others from enter(). Leaving: members delete their
 * nodes, the lowest one last, each watching the lowest or the highest remaining node.
 */
import { randomUUID } from 'node:crypto';
import type { ZooKeeperClient } from '../client.js';
import { NodeExistsError, NoNodeError } from '../errors.js';
import { CreateMode, type WatchedEvent } from '../types.js';
import { createWithParents, Deadline, forgetWatcher, joinPath, nextEvent, RecipeStateError, retrying, RecipeTimeoutError, type WaitOptions } from './internal.js';

export class Barrier {
  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
  ) {
    if (!path.startsWith('/')) throw new RecipeStateError(`barrier path must be absolute: ${path}`);
  }

  /** Raises the barrier (creates its node; already up is fine). */
  async set(): Promise<void> {
    try {
      await createWithParents(this.zk, this.path, { mode: CreateMode.PERSISTENT });
    } catch (e) {
      if (!(e instanceof NodeExistsError)) throw e;
    }
  }

  /** Lowers the barrier (already down is fine). */
  async remove(): Promise<void> {
    try {
      await this.zk.delete(this.path);
    } catch (e) {
      if (!(e instanceof NoNodeError)) throw e;
    }
  }

  /**
   * Resolves true once the barrier is down; false when `timeoutMs` passes first (as Curator's
   * waitOnBarrier); rejects with the signal's reason on abort.
   */
  async wait(opts: WaitOptions = {}): Promise<boolean> {
    const dl = new Deadline(`wait on barrier ${this.path}`, opts);
    for (;;) {
      const { watcher, fired } = nextEvent();
      const stat = await retrying(this.zk, dl, () => this.zk.exists(this.path, watcher));
      if (stat === null) {
        forgetWatcher(this.zk, this.path, watcher, 'Data');
        return true;
      }
      try {
        await dl.race(fired);
      } catch (e) {
        forgetWatcher(this.zk, this.path, watcher, 'Data');
        if (e instanceof RecipeTimeoutError) return false;
        throw e;
      }
    }
  }
}

const READY_NODE = 'ready';

export class DoubleBarrier {
  private readonly ourPath: string;
  private readonly readyPath: string;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    readonly memberQty: number,
  ) {
    if (!path.startsWith('/')) throw new RecipeStateError(`barrier path must be absolute: ${path}`);
    if (!Number.isInteger(memberQty) || memberQty < 1) throw new RecipeStateError('memberQty cannot be 0');
    this.ourPath = joinPath(path, randomUUID());
    this.readyPath = joinPath(path, READY_NODE);
  }

  /** Enters and waits for the others; false if `timeoutMs` passed first. */
  async enter(opts: WaitOptions = {}): Promise<boolean> {
    const dl = new Deadline(`enter double barrier ${this.path}`, opts);
    const ready = nextEvent();
    const readyExists = (await retrying(this.zk, dl, () => this.zk.exists(this.readyPath, ready.watcher))) !== null;
    await createWithParents(this.zk, this.ourPath, { mode: CreateMode.EPHEMERAL });
    if (readyExists) {
      forgetWatcher(this.zk, this.readyPath, ready.watcher, 'Data');
      return true;
    }
    const children = await retrying(this.zk, dl, () => this.zk.getChildren(this.path));
    if (children.length >= this.memberQty) {
      try {
        await this.zk.create(this.readyPath);
      } catch (e) {
        if (!(e instanceof NodeExistsError)) throw e;
      }
      return true;
    }
    try {
      const event = await dl.race(ready.fired);
      if (event.type === 'None') throw new RecipeStateError(`the session ended while entering ${this.path}`);
      return true;
    } catch (e) {
      forgetWatcher(this.zk, this.readyPath, ready.watcher, 'Data');
      if (e instanceof RecipeTimeoutError) return false;
      throw e;
    }
  }

  /** Leaves and waits for the others to leave; false if `timeoutMs` passed first. */
  async leave(opts: WaitOptions = {}): Promise<boolean> {
    const dl = new Deadline(`leave double barrier ${this.path}`, opts);
    const ourName = this.ourPath.slice(this.path.length + 1);
    let ourNodeShouldExist = true;
    let result = true;
    for (;;) {
      let children: string[];
      try {
        children = await retrying(this.zk, dl, () => this.zk.getChildren(this.path));
      } catch (e) {
        if (!(e instanceof NoNodeError)) throw e;
        children = [];
      }
      children = children.filter((c) => c !== READY_NODE).sort();
      if (children.length === 0) break;
      const ours = children.indexOf(ourName);
      if (ours < 0 && ourNodeShouldExist) throw new RecipeStateError(`Our path (${ourName}) is missing`);
      if (children.length === 1) {
        if (ourNodeShouldExist && children[0] !== ourName) throw new RecipeStateError(`Last path (${children[0]}) is not ours (${ourName})`);
        if (ourNodeShouldExist) await this.deleteOurs();
        break;
      }
      const { watcher, fired } = nextEvent();
      let watched: string;
      if (ours === 0) {
        watched = joinPath(this.path, children[children.length - 1]!);
      } else {
        watched = joinPath(this.path, children[0]!);
        if (ourNodeShouldExist) await this.deleteOurs();
        ourNodeShouldExist = false;
      }
      const stat = await retrying(this.zk, dl, () => this.zk.exists(watched, watcher));
      if (stat === null) {
        forgetWatcher(this.zk, watched, watcher, 'Data');
        continue;
      }
      try {
        const e: WatchedEvent = await dl.race(fired);
        if (e.type === 'None') throw new RecipeStateError(`the session ended while leaving ${this.path}`);
      } catch (e) {
        forgetWatcher(this.zk, watched, watcher, 'Data');
        if (e instanceof RecipeTimeoutError) {
          result = false;
          break;
        }
        throw e;
      }
    }
    try {
      await this.zk.delete(this.readyPath);
    } catch (e) {
      if (!(e instanceof NoNodeError)) throw e;
    }
    return result;
  }

  private async deleteOurs(): Promise<void> {
    try {
      await this.zk.delete(this.ourPath);
    } catch (e) {
      if (!(e instanceof NoNodeError)) throw e;
    }
  }
}
