/**
 * TreeCache and NodeCache: a local copy of a subtree (or one node) kept up to date, with an
 * initial snapshot and change events (an EventEmitter and an async iterator).
 *
 * Where the server has persistent watches (3.6+, and zk-ts) the cache registers ONE
 * persistent recursive watch on its root (a persistent one for NodeCache) before taking the
 * snapshot, so no change between the two is missed; each event then re-reads just the
 * node concerned. Persistent watches do not replay what happened while the connection was
 * down, so after a reconnection, and after a new session, the cache takes a fresh snapshot
 * and reports the differences as events: it converges on the server's state whatever was
 * missed. On an older server (addWatch unimplemented) it falls back to one-shot data and
 * child watches on every node, as Curator's TreeCache does.
 *
 *   const cache = new TreeCache(zk, '/config');
 *   await cache.start();
 *   cache.get('/config/db')?.data;
 *   for await (const e of cache.events({ signal })) console.log(e.type, e.path);
 */
import { EventEmitter } from 'node:events';
import type { ZooKeeperClient } from '../client.js';
import type { Stat } from '../types.js';
export interface ChildData {
    path: string;
    data: Buffer | null;
    stat: Stat;
}
export type CacheEvent = {
    type: 'added' | 'updated' | 'removed';
    path: string;
    node: ChildData;
}
/** The initial snapshot is complete (once). */
 | {
    type: 'initialized';
}
/** A fresh snapshot was taken after a reconnection or a new session (changes came as events). */
 | {
    type: 'resynced';
};
export interface TreeCacheEvents {
    change: [event: CacheEvent];
    error: [error: Error];
}
export interface TreeCacheOptions {
    /** How deep below the root to cache: 0 = the root only, 1 = its children, ... Default: all. */
    maxDepth?: number;
    /** Use persistent watches when the server has them (default true); false forces one-shot watches. */
    persistentWatches?: boolean;
}
export declare class TreeCache extends EventEmitter<TreeCacheEvents> {
    private readonly zk;
    readonly root: string;
    private readonly nodes;
    private state;
    private persistent;
    private readonly maxDepth;
    /** Background steps, run one at a time in order, and the client events listened to. */
    private readonly steps;
    private readonly persistentWatcher;
    private readonly oneShotWatcher;
    private readonly streams;
    constructor(zk: ZooKeeperClient, root: string, options?: TreeCacheOptions);
    /** Registers the watch and loads the initial snapshot (emitting 'added' events, then 'initialized'). */
    start(): Promise<void>;
    /** The cached node at `path`, if any. */
    get(path: string): ChildData | undefined;
    /** Cached children of `path` (names, sorted), or undefined if `path` is not cached. */
    children(path: string): string[] | undefined;
    /** Every cached node (path → data). */
    entries(): Map<string, ChildData>;
    get size(): number;
    /** Change events from now on, until the signal aborts or the cache is closed. */
    events(opts?: {
        signal?: AbortSignal;
    }): AsyncGenerator<CacheEvent, void, undefined>;
    close(): Promise<void>;
    private depthOf;
    private inScope;
    private armWatch;
    /** Reads the whole subtree and reports differences from the cache as events. */
    private snapshot;
    private resync;
    private onPersistentEvent;
    private onOneShotEvent;
    /** Persistent mode: one node changed or appeared. */
    private refreshOne;
    /** One-shot mode: re-read a node and its children, re-arming the watches. */
    private refreshTree;
    private store;
    private removeSubtree;
    private publish;
}
/** NodeCache: one node (Curator's NodeCache), `current` is null while it does not exist. */
export declare class NodeCache extends TreeCache {
    constructor(zk: ZooKeeperClient, path: string, options?: Omit<TreeCacheOptions, 'maxDepth'>);
    get current(): ChildData | null;
}
