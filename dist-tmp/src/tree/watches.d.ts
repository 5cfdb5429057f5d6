export type WatcherId = number;
export declare const enum WatchMode {
    Standard = 1,
    Persistent = 2,
    PersistentRecursive = 3
}
export interface FiredWatch {
    watcher: WatcherId;
    type: number;
    path: string;
}
export declare class WatchManager {
    /** getData/exists watches, and persistent / recursive registrations. */
    private readonly data;
    /** getChildren watches, and persistent registrations. */
    private readonly child;
    /** Recursive watches by path, for the ancestor walk (kept separately so it is cheap when empty). */
    private readonly recursive;
    /** Paths each watcher watches, so that closing a connection is O(its watches). */
    private readonly byWatcher;
    addDataWatch(path: string, w: WatcherId): void;
    addChildWatch(path: string, w: WatcherId): void;
    addPersistent(path: string, w: WatcherId, recursive: boolean): void;
    private add;
    /**
     * The watches a change fires, each watcher at most once per event. One-shot watches are
     * consumed; persistent ones stay. NodeChildrenChanged never reaches recursive watches.
     */
    trigger(path: string, type: number, out?: FiredWatch[]): FiredWatch[];
    /** Drops every watch of a closed connection. */
    removeWatcher(w: WatcherId): void;
    /**
     * checkWatches/removeWatches (docs/client-protocol.md, "Watches"): does `w` hold a watch of
     * `type` on `path`; with `remove`, drop it. Returns false when nothing matched (NOWATCHER).
     */
    matchWatch(path: string, w: WatcherId, type: number, remove: boolean): boolean;
    /** Drops `path` from `w`'s index entry once no table holds a watch of `w` there (and `w` once it has none). */
    private forgetIfUnused;
    /** Number of (path, watcher) registrations, as `wchs` and mntr count them. */
    count(): number;
    watchedPathCount(): number;
    watcherCount(): number;
    /** watcher → paths, for `wchc`. */
    byConnection(): Map<WatcherId, string[]>;
    /** path → watchers, for `wchp`. */
    byPath(): Map<string, WatcherId[]>;
}
