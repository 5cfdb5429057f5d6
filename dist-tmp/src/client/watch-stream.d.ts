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
export declare class WatchStream implements AsyncIterableIterator<WatchedEvent> {
    private readonly host;
    readonly path: string;
    private readonly options;
    /** Resolves once the server has the watch; rejects if it refused it. */
    readonly ready: Promise<void>;
    private readonly queue;
    private waiter;
    private done;
    private failure;
    private readonly watcher;
    private readonly onAbort;
    constructor(host: WatchHost, path: string, options?: WatchStreamOptions);
    [Symbol.asyncIterator](): this;
    next(): Promise<IteratorResult<WatchedEvent>>;
    /** Called by `break` / `return` in a for-await loop. */
    return(): Promise<IteratorResult<WatchedEvent>>;
    /** Ends the iteration and removes the watch from the server. */
    close(): Promise<void>;
    private onEvent;
    private finish;
}
