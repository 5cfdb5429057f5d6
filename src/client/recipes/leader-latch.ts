/**
 * LeaderLatch: Curator's LeaderLatch. Each participant creates a protected
 * EPHEMERAL_SEQUENTIAL node `<path>/_c_<uuid>-latch-<seq>` whose data is its id (UTF-8); the
 * first in sequence order is the leader, the others each watch the node just ahead of them.
 * Java and Node participants on the same path therefore agree on one leader.
 *
 * Leadership is dropped (the 'notLeader' event, and the signal of awaitLeadership aborted)
 * when the session is lost, or after a whole session timeout without a connection (Curator's
 * LOST). After a reconnection the latch checks its node again; after an expired session
 * (with a client that starts new sessions) it re-enters the race with a new node.
 *
 *   const latch = new LeaderLatch(zk, '/election/scheduler', 'node-1');
 *   latch.on('isLeader', () => ...).on('notLeader', () => ...);
 *   await latch.start();
 *   const term = await latch.awaitLeadership();   // an AbortSignal: aborted when it ends
 */
import { EventEmitter } from 'node:events';
import type { ZooKeeperClient } from '../client.js';
import { NoNodeError } from '../errors.js';
import { CreateMode, type WatchedEvent } from '../types.js';
import {
  createProtected,
  Deadline,
  deleteGuaranteed,
  fixForSorting,
  joinPath,
  LostError,
  nodeName,
  RecipeStateError,
  retrying,
  sortByLockName,
  type WaitOptions,
  RecipeSteps,
} from './internal.js';

const LOCK_NAME = 'latch-';

export interface Participant {
  /** The participant's id (the node's data). */
  id: string;
  isLeader: boolean;
}

export interface LeaderLatchEvents {
  isLeader: [];
  notLeader: [];
  /** A background step failed in a way the latch cannot repair by itself. */
  error: [error: Error];
}

type State = 'LATENT' | 'STARTED' | 'CLOSED';

export class LeaderLatch extends EventEmitter<LeaderLatchEvents> {
  private state: State = 'LATENT';
  private leader = false;
  private _ourPath: string | null = null;
  private term: AbortController | null = null;
  private lossTimer: NodeJS.Timeout | null = null;
  /** The session ended under us: the next session must re-enter with a new node. */
  private needsRejoin = false;
  private readonly closing = new AbortController();
  /** Background steps, run one at a time in order, and the client events listened to. */
  private readonly steps: RecipeSteps;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    readonly id = '',
  ) {
    super();
    this.steps = new RecipeSteps(
      zk,
      () => this.state === 'STARTED',
      (e) => {
        if (this.listenerCount('error') > 0) this.emit('error', e);
      },
    );
    if (!path.startsWith('/')) throw new RecipeStateError(`latch path must be absolute: ${path}`);
  }

  /** Joins the election; resolves once our node exists and leadership has been checked once. */
  async start(): Promise<void> {
    if (this.state !== 'LATENT') throw new RecipeStateError('Cannot be started more than once');
    this.state = 'STARTED';
    this.steps.listen('disconnected', () => this.onDisconnected());
    this.steps.listen('reconnected', () => this.onReconnected());
    this.steps.listen('expired', () => this.onSessionLost());
    this.steps.listen('connected', () => this.onNewSession());
    this.steps.listen('closed', () => this.onSessionLost());
    await this.steps.enqueue(() => this.reset());
  }

  hasLeadership(): boolean {
    return this.state === 'STARTED' && this.leader;
  }

  /** Our node, or null while we have none. */
  get ourPath(): string | null {
    return this._ourPath;
  }

  /**
   * Resolves once we are leader, with an AbortSignal that aborts when this term ends. Rejects
   * with a TimeoutError after `timeoutMs`, with the signal's reason on abort, and with a
   * RecipeStateError if the latch is (or gets) closed.
   */
  async awaitLeadership(opts: WaitOptions = {}): Promise<AbortSignal> {
    const dl = new Deadline(`await leadership of ${this.path}`, opts);
    for (;;) {
      if (this.state !== 'STARTED') throw new RecipeStateError('the latch is not started or already closed');
      if (this.leader && this.term) return this.term.signal;
      await dl.race(
        new Promise<void>((resolve) => {
          const done = () => {
            this.off('isLeader', done);
            this.closing.signal.removeEventListener('abort', done);
            resolve();
          };
          this.on('isLeader', done);
          this.closing.signal.addEventListener('abort', done, { once: true });
        }),
      );
    }
  }

  /** Participants in line order (the first is the leader), with their ids. */
  async getParticipants(): Promise<Participant[]> {
    const out: Participant[] = [];
    for (const path of await this.participantNodes()) {
      const id = await readId(this.zk, path);
      if (id !== null) out.push({ id, isLeader: out.length === 0 });
    }
    return out;
  }

  /** The current leader, or `{ id: '', isLeader: false }` when there is none (Curator's dummy). */
  async getLeader(): Promise<Participant> {
    for (const path of await this.participantNodes()) {
      const id = await readId(this.zk, path);
      if (id !== null) return { id, isLeader: true };
    }
    return { id: '', isLeader: false };
  }

  /** Leaves the election: our node is deleted and leadership, if held, ends. */
  async close(): Promise<void> {
    if (this.state !== 'STARTED') throw new RecipeStateError('Already closed or has not been started');
    this.state = 'CLOSED';
    this.closing.abort();
    this.clearLossTimer();
    this.steps.unlisten();
    await this.steps.settled();
    const path = this._ourPath;
    this._ourPath = null;
    this.setLeadership(false, 'the latch was closed');
    if (path) await deleteGuaranteed(this.zk, path);
  }

  // ---------------------------------------------------------------- internals

  private async participantNodes(): Promise<string[]> {
    try {
      const children = await this.zk.getChildren(this.path);
      return sortByLockName(children, (n) => fixForSorting(n, LOCK_NAME)).map((n) => joinPath(this.path, n));
    } catch (e) {
      if (e instanceof NoNodeError) return [];
      throw e;
    }
  }

  /** Curator's reset(): drop leadership and our node, create a new one, look at the line. */
  private async reset(): Promise<void> {
    this.setLeadership(false, 'rejoining the election');
    const old = this._ourPath;
    this._ourPath = null;
    if (old) await deleteGuaranteed(this.zk, old);
    const dl = new Deadline(`join ${this.path}`, { signal: this.closing.signal });
    const path = await createProtected(
      this.zk,
      joinPath(this.path, LOCK_NAME),
      { data: Buffer.from(this.id, 'utf8'), mode: CreateMode.EPHEMERAL_SEQUENTIAL },
      dl,
    ).catch((e) => {
      if (this.closing.signal.aborted) return null;
      throw e;
    });
    if (path === null) return;
    if (this.state !== 'STARTED') {
      await deleteGuaranteed(this.zk, path);
      return;
    }
    this._ourPath = path;
    await this.checkLeadership();
  }

  private async checkLeadership(): Promise<void> {
    const dl = new Deadline(`check ${this.path}`, { signal: this.closing.signal });
    for (;;) {
      const children = await retrying(this.zk, dl, () => this.zk.getChildren(this.path));
      const sorted = sortByLockName(children, (n) => fixForSorting(n, LOCK_NAME));
      const ours = this._ourPath ? sorted.indexOf(nodeName(this._ourPath)) : -1;
      if (ours < 0) {
        // Our node is gone (a new session): take part again with a new one.
        await this.reset();
        return;
      }
      if (ours === 0) {
        this.setLeadership(true);
        return;
      }
      this.setLeadership(false, 'another participant is ahead');
      const previous = joinPath(this.path, sorted[ours - 1]!);
      const watcher = (e: WatchedEvent) => {
        if (this.state === 'STARTED' && e.type === 'NodeDeleted') void this.steps.enqueue(() => this.checkLeadership());
      };
      try {
        await retrying(this.zk, dl, () => this.zk.getData(previous, watcher));
        return; // the watcher takes it from here
      } catch (e) {
        if (!(e instanceof NoNodeError)) throw e;
        // gone already: look again
      }
    }
  }

  private setLeadership(value: boolean, why = ''): void {
    if (this.leader === value) return;
    this.leader = value;
    if (value) {
      this.term = new AbortController();
      this.emit('isLeader');
    } else {
      const term = this.term;
      this.term = null;
      term?.abort(new LostError(`leadership of ${this.path} lost: ${why}`));
      this.emit('notLeader');
    }
  }

  private onDisconnected(): void {
    if (this.lossTimer || this.state !== 'STARTED') return;
    const timeout = this.zk.sessionTimeout || 30_000;
    this.lossTimer = setTimeout(() => {
      this.lossTimer = null;
      this.setLeadership(false, `disconnected for a whole session timeout (${timeout} ms)`);
    }, timeout);
    this.lossTimer.unref?.();
  }

  private onReconnected(): void {
    this.clearLossTimer();
    if (!this.leader) void this.steps.enqueue(() => this.checkLeadership());
  }

  private onSessionLost(): void {
    this.clearLossTimer();
    this._ourPath = null; // the ephemeral went with the session
    this.needsRejoin = true;
    this.setLeadership(false, 'the session ended');
  }

  private onNewSession(): void {
    if (this.state !== 'STARTED' || !this.needsRejoin) return;
    this.needsRejoin = false;
    void this.steps.enqueue(() => this.reset());
  }

  private clearLossTimer(): void {
    if (this.lossTimer) clearTimeout(this.lossTimer);
    this.lossTimer = null;
  }
}

async function readId(zk: ZooKeeperClient, path: string): Promise<string | null> {
  try {
    const { data } = await zk.getData(path);
    return data === null ? '' : data.toString('utf8');
  } catch (e) {
    if (e instanceof NoNodeError) return null;
    throw e;
  }
}
