/**
 * LeaderSelector: Curator's LeaderSelector. Candidates queue on an InterProcessMutex at the
 * leader path (`_c_<uuid>-lock-<seq>` nodes whose data is the candidate's id), and the one
 * holding the mutex runs `takeLeadership`; leadership ends when the callback returns (the
 * mutex is released) and, with `autoRequeue`, the candidate queues again.
 *
 * The callback gets an AbortSignal, aborted when leadership must end: the session is lost,
 * the lock node is deleted, the connection is lost (by default, as Curator's
 * LeaderSelectorListenerAdapter cancels on SUSPENDED), interruptLeadership() or close().
 * It should stop its work promptly then; the mutex is released once it returns.
 *
 *   const selector = new LeaderSelector(zk, '/election/compactor', async (signal) => {
 *     while (!signal.aborted) await compactOnce(signal);
 *   }, { id: 'node-1', autoRequeue: true });
 *   selector.start();
 */
import { EventEmitter } from 'node:events';
import type { ZooKeeperClient } from '../client.js';
import { NoNodeError } from '../errors.js';
import { isDead, LostError, RecipeStateError } from './internal.js';
import { ReentrantLock, type LockHandle } from './mutex.js';
import { standardDriver } from './lock-internals.js';
import type { Participant } from './leader-latch.js';

export type TakeLeadership = (signal: AbortSignal) => Promise<void> | void;

export interface LeaderSelectorOptions {
  /** Our id, stored as the lock node's data (default: this host's address, as Curator). */
  id?: string;
  /** Queue again after each term (and after failures). Default false. */
  autoRequeue?: boolean;
  /** End a term as soon as the connection is lost (SUSPENDED). Default true, as Curator's adapter. */
  cancelOnDisconnect?: boolean;
}

export interface LeaderSelectorEvents {
  /** A term started / ended. */
  leadershipStarted: [];
  leadershipEnded: [];
  /** takeLeadership threw, or the mutex could not be acquired (then requeued if autoRequeue). */
  error: [error: Error];
}

export class LeaderSelector extends EventEmitter<LeaderSelectorEvents> {
  private readonly mutex: ReentrantLock;
  private state: 'LATENT' | 'STARTED' | 'CLOSED' = 'LATENT';
  private queued = false;
  private leader = false;
  private term: AbortController | null = null;
  private readonly closing = new AbortController();
  private running: Promise<void> | null = null;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    private readonly takeLeadership: TakeLeadership,
    private readonly options: LeaderSelectorOptions = {},
  ) {
    super();
    if (!path.startsWith('/')) throw new RecipeStateError(`leader path must be absolute: ${path}`);
    const id = options.id ?? '';
    this.mutex = new ReentrantLock(
      zk,
      path,
      standardDriver('lock-'),
      { data: id.length > 0 ? Buffer.from(id, 'utf8') : undefined, lostOnDisconnect: options.cancelOnDisconnect ?? true },
      'leadership',
    );
  }

  get id(): string {
    return this.options.id ?? '';
  }

  start(): void {
    if (this.state !== 'LATENT') throw new RecipeStateError('Cannot be started more than once');
    this.state = 'STARTED';
    this.requeue();
  }

  /** Queues for leadership again (no-op while queued or leading). Returns whether it queued. */
  requeue(): boolean {
    if (this.state !== 'STARTED') throw new RecipeStateError('close() has already been called');
    if (this.queued) return false;
    this.queued = true;
    this.running = this.runTerms();
    return true;
  }

  hasLeadership(): boolean {
    return this.leader;
  }

  /** Ends the current term (the callback's signal is aborted). */
  interruptLeadership(): void {
    this.term?.abort(new LostError(`leadership of ${this.path} interrupted`));
  }

  async getParticipants(): Promise<Participant[]> {
    const out: Participant[] = [];
    for (const path of await this.mutex.participantNodes()) {
      try {
        const { data } = await this.zk.getData(path);
        out.push({ id: data === null ? '' : data.toString('utf8'), isLeader: out.length === 0 });
      } catch (e) {
        if (!(e instanceof NoNodeError)) throw e;
      }
    }
    return out;
  }

  async getLeader(): Promise<Participant> {
    const all = await this.getParticipants();
    return all[0] ?? { id: '', isLeader: false };
  }

  /** Stops queuing, ends the current term and waits for the callback to return. */
  async close(): Promise<void> {
    if (this.state !== 'STARTED') throw new RecipeStateError('Already closed or has not been started');
    this.state = 'CLOSED';
    this.closing.abort(new LostError('the leader selector was closed'));
    this.interruptLeadership();
    await this.running?.catch(() => undefined);
  }

  private async runTerms(): Promise<void> {
    try {
      do {
        await this.oneTerm();
      } while (this.options.autoRequeue && this.state === 'STARTED' && !isDead(this.zk));
    } finally {
      this.queued = false;
    }
  }

  private async oneTerm(): Promise<void> {
    let lock: LockHandle;
    try {
      lock = await this.mutex.acquire({ signal: this.closing.signal });
    } catch (e) {
      if (this.closing.signal.aborted || isDead(this.zk)) return;
      this.fail(e);
      await this.pause(); // do not spin on a persistent failure
      return;
    }
    const term = new AbortController();
    this.term = term;
    const endTerm = () => term.abort(lock.signal.reason);
    if (lock.signal.aborted) endTerm();
    else lock.signal.addEventListener('abort', endTerm, { once: true });
    this.leader = true;
    this.emit('leadershipStarted');
    try {
      if (this.state === 'STARTED') await this.takeLeadership(term.signal);
    } catch (e) {
      if (!term.signal.aborted) this.fail(e);
    } finally {
      lock.signal.removeEventListener('abort', endTerm);
      this.leader = false;
      this.term = null;
      await lock.release();
      this.emit('leadershipEnded');
    }
  }

  private fail(e: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', e instanceof Error ? e : new Error(String(e)));
  }

  private pause(): Promise<void> {
    return new Promise((r) => setTimeout(r, 200).unref?.());
  }
}
