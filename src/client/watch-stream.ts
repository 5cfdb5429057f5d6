/**
 * A persistent watch as an async iterator:
 *
 *   for await (const event of zk.watch('/app', { recursive: true, signal })) { ... }
 *
 * The watch is registered at once (await `stream.ready` to know the server has it), events
 * queue up until the consumer takes them, and the iteration ends cleanly (no error) when the
 * signal aborts, the consumer breaks out of the loop, `close()` is called, or the session
 * ends (client closed or session expired). Leaving the loop early removes the watch from the
 * server.
 */
import type { WatchedEvent, Watcher } from './types.js';

/** What the stream needs from the client (kept narrow so that tests can fake it). */
export interface WatchHost {
  addWatch(path: string, watcher: Watcher, mode: 'PERSISTENT' | 'PERSISTENT_RECURSIVE'): Promise<void>;
  removeWatches(path: string, watcher: Watcher, type: 'Persistent' | 'PersistentRecursive', local?: boolean): Promise<void>;
}

export interface WatchStreamOptions {
  /** Watch every descendant too (PERSISTENT_RECURSIVE). Default false (PERSISTENT). */
  recursive?: boolean;
  /** Ends the iteration (and removes the watch) when aborted. */
  signal?: AbortSignal;
}

export class WatchStream implements AsyncIterableIterator<WatchedEvent> {
  /** Resolves once the server has the watch; rejects if it refused it. */
  readonly ready: Promise<void>;
  private readonly queue: WatchedEvent[] = [];
  private waiter: { resolve: (r: IteratorResult<WatchedEvent>) => void; reject: (e: unknown) => void } | null = null;
  private done = false;
  private failure: unknown = null;
  private readonly watcher: Watcher;
  private readonly onAbort: () => void;

  constructor(
    private readonly host: WatchHost,
    readonly path: string,
    private readonly options: WatchStreamOptions = {},
  ) {
    this.watcher = (event) => this.onEvent(event);
    this.onAbort = () => void this.close();
    const mode = options.recursive ? 'PERSISTENT_RECURSIVE' : 'PERSISTENT';
    this.ready = host.addWatch(path, this.watcher, mode);
    this.ready.catch((e) => this.finish(e));
    if (options.signal?.aborted) this.finish(null);
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<WatchedEvent>> {
    const event = this.queue.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.done) {
      if (this.failure !== null) {
        const f = this.failure;
        this.failure = null;
        return Promise.reject(f);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** Called by `break` / `return` in a for-await loop. */
  async return(): Promise<IteratorResult<WatchedEvent>> {
    await this.close();
    return { value: undefined, done: true };
  }

  /** Ends the iteration and removes the watch from the server. */
  async close(): Promise<void> {
    if (this.done) return;
    this.finish(null);
    const type = this.options.recursive ? 'PersistentRecursive' : 'Persistent';
    try {
      await this.ready;
      await this.host.removeWatches(this.path, this.watcher, type, true);
    } catch {
      /* already gone with the session, or never registered */
    }
  }

  private onEvent(event: WatchedEvent): void {
    if (this.done) return;
    if (event.type === 'None') {
      // Only terminal states reach a non-default watcher: the session is over.
      if (event.state === 'Closed' || event.state === 'Expired' || event.state === 'AuthFailed') this.finish(null);
      return;
    }
    if (event.type === 'PersistentWatchRemoved') {
      this.finish(null);
      return;
    }
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value: event, done: false });
    } else {
      this.queue.push(event);
    }
  }

  private finish(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      if (error !== null) w.reject(error);
      else w.resolve({ value: undefined, done: true });
    } else if (error !== null) {
      this.failure = error;
    }
  }
}
