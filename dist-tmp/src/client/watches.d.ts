/**
 * The client-side watch registry (Java's ZKWatchManager).
 *
 * The server keeps at most one registration per (connection, path, table) and sends one
 * notification per trigger; the client fans it out to every callback registered for that
 * path and kind. Keeping the registry here is what makes two things possible:
 *  - exactly-once delivery: a one-shot watcher is removed from the registry in the same step
 *    that selects it for an event, and a callback registered several ways is called once
 *    per event (the result is a Set);
 *  - re-arming after a reconnect: the registry's paths are what setWatches sends, so a
 *    watch survives the loss of the connection that carried it.
 * Paths here are client paths (chroot removed).
 */
import type { EventTypeName, Watcher, WatcherTypeName } from './types.js';
export type WatchKind = 'data' | 'exist' | 'child' | 'persistent' | 'persistentRecursive';
export interface WatchPaths {
    data: string[];
    exist: string[];
    child: string[];
    persistent: string[];
    persistentRecursive: string[];
}
export declare class WatchRegistry {
    private readonly tables;
    add(kind: WatchKind, path: string, watcher: Watcher): void;
    /**
     * The watchers an event from the server goes to. One-shot entries are consumed here;
     * persistent ones stay. Recursive watches on the path or any ancestor see everything
     * except NodeChildrenChanged (the server never sends that for recursive watches, and a
     * node that also has a child watch must not call the recursive watcher for it).
     */
    materialize(type: EventTypeName, path: string): Set<Watcher>;
    /** Is `watcher` (or any watcher, when null) registered for `path` in the tables of `type`? */
    contains(path: string, watcher: Watcher | null, type: WatcherTypeName): boolean;
    /**
     * Would removing (`watcher` or all, for `type`) leave no watcher at all of the affected
     * server tables for `path`? If so the server registration can be removed too; otherwise
     * another local callback still needs it.
     */
    removalEmptiesPath(path: string, watcher: Watcher | null, type: WatcherTypeName): boolean;
    /**
     * Removes `watcher` (or every watcher, when null) of the tables addressed by `type` and
     * returns what to notify: each removed watcher gets one event per kind of removal.
     */
    remove(path: string, watcher: Watcher | null, type: WatcherTypeName): Array<[EventTypeName, Set<Watcher>]>;
    isEmpty(): boolean;
    /** The paths to re-register after a reconnect (setWatches / setWatches2). */
    paths(): WatchPaths;
    /** Every registered watcher (for delivering a final Expired/Closed event). */
    allWatchers(): Set<Watcher>;
    clear(): void;
}
