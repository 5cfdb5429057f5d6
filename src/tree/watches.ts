/**
 * Server-side watch bookkeeping (docs/client-protocol.md, "Watches"). Watchers are connection
 * ids: watches live on a connection, and a client re-arms them with setWatches after
 * reconnecting.
 */
import type { ConnId } from '../base/ids.js';
import { EventType, WatcherType } from '../wire/constants.js';
import { selfAndAncestors } from './paths.js';

/** A watcher is a client connection. */
export type WatcherId = ConnId;

export const enum WatchMode {
  Standard = 1,
  Persistent = 2,
  PersistentRecursive = 3,
}

export interface FiredWatch {
  watcher: WatcherId;
  type: number;
  path: string;
}

type Table = Map<string, Map<WatcherId, WatchMode>>;

export class WatchManager {
  /** getData/exists watches, and persistent / recursive registrations. */
  private readonly data: Table = new Map();
  /** getChildren watches, and persistent registrations. */
  private readonly child: Table = new Map();
  /** Recursive watches by path, for the ancestor walk (kept separately so it is cheap when empty). */
  private readonly recursive: Table = new Map();
  /** Paths each watcher watches, so that closing a connection is O(its watches). */
  private readonly byWatcher = new Map<WatcherId, Set<string>>();

  addDataWatch(path: string, w: WatcherId): void {
    this.add(this.data, path, w, WatchMode.Standard);
  }

  addChildWatch(path: string, w: WatcherId): void {
    this.add(this.child, path, w, WatchMode.Standard);
  }

  addPersistent(path: string, w: WatcherId, recursive: boolean): void {
    if (recursive) {
      this.add(this.recursive, path, w, WatchMode.PersistentRecursive);
    } else {
      this.add(this.data, path, w, WatchMode.Persistent);
      this.add(this.child, path, w, WatchMode.Persistent);
    }
  }

  private add(table: Table, path: string, w: WatcherId, mode: WatchMode): void {
    let entry = table.get(path);
    if (!entry) table.set(path, (entry = new Map()));
    // A persistent registration is not downgraded by a later one-shot watch on the same path.
    const current = entry.get(w);
    if (current === undefined || current === WatchMode.Standard) entry.set(w, mode);
    let paths = this.byWatcher.get(w);
    if (!paths) this.byWatcher.set(w, (paths = new Set()));
    paths.add(path);
  }

  /**
   * The watches a change fires, each watcher at most once per event. One-shot watches are
   * consumed; persistent ones stay. NodeChildrenChanged never reaches recursive watches.
   */
  trigger(path: string, type: number, out: FiredWatch[] = []): FiredWatch[] {
    // Most changes fire nothing (every create asks twice, for the node and its parent): answer
    // those without the bookkeeping below.
    if (!this.anyWatchFor(path, type)) return out;
    const seen = new Set<WatcherId>();
    /** Watchers whose one-shot watch on `path` was consumed: the index may drop the path. */
    const consumed: WatcherId[] = [];
    const fire = (table: Table, p: string, onlyPersistent = false) => {
      const entry = table.get(p);
      if (!entry) return;
      for (const [w, mode] of entry) {
        if (onlyPersistent && mode === WatchMode.Standard) continue;
        if (mode === WatchMode.Standard) {
          entry.delete(w);
          consumed.push(w);
        }
        if (!seen.has(w)) {
          seen.add(w);
          out.push({ watcher: w, type, path });
        }
      }
      if (entry.size === 0) table.delete(p);
    };
    switch (type) {
      case EventType.NodeCreated:
      case EventType.NodeDataChanged:
        fire(this.data, path);
        break;
      case EventType.NodeDeleted:
        fire(this.data, path);
        fire(this.child, path);
        break;
      case EventType.NodeChildrenChanged:
        fire(this.child, path);
        break;
    }
    if (type !== EventType.NodeChildrenChanged && this.recursive.size > 0) {
      for (const p of selfAndAncestors(path)) fire(this.recursive, p);
    }
    // Only one-shot watches are consumed, and they sit on `path` itself (recursive ones never are).
    for (const w of consumed) this.forgetIfUnused(path, w);
    return out;
  }

  /** Whether `trigger(path, type)` could fire anything: a table it reads has an entry it reads. */
  private anyWatchFor(path: string, type: number): boolean {
    switch (type) {
      case EventType.NodeCreated:
      case EventType.NodeDataChanged:
        return this.data.has(path) || this.recursive.size > 0;
      case EventType.NodeDeleted:
        return this.data.has(path) || this.child.has(path) || this.recursive.size > 0;
      case EventType.NodeChildrenChanged:
        return this.child.has(path);
      default:
        return this.recursive.size > 0;
    }
  }

  /** Drops every watch of a closed connection. */
  removeWatcher(w: WatcherId): void {
    const paths = this.byWatcher.get(w);
    if (!paths) return;
    for (const p of paths) {
      for (const table of [this.data, this.child, this.recursive]) {
        const entry = table.get(p);
        if (entry && entry.delete(w) && entry.size === 0) table.delete(p);
      }
    }
    this.byWatcher.delete(w);
  }

  /**
   * checkWatches/removeWatches (docs/client-protocol.md, "Watches"): does `w` hold a watch of
   * `type` on `path`; with `remove`, drop it. Returns false when nothing matched (NOWATCHER).
   */
  matchWatch(path: string, w: WatcherId, type: number, remove: boolean): boolean {
    const test = (table: Table, accept: (m: WatchMode) => boolean): boolean => {
      const entry = table.get(path);
      const mode = entry?.get(w);
      if (mode === undefined || !accept(mode)) return false;
      if (remove) {
        entry!.delete(w);
        if (entry!.size === 0) table.delete(path);
      }
      return true;
    };
    const std = (m: WatchMode) => m === WatchMode.Standard;
    const persistent = (m: WatchMode) => m === WatchMode.Persistent;
    const any = () => true;
    let found = false;
    switch (type) {
      case WatcherType.Children:
        found = test(this.child, std);
        break;
      case WatcherType.Data:
        found = test(this.data, std);
        break;
      case WatcherType.Persistent: {
        const a = test(this.data, persistent);
        const b = test(this.child, persistent);
        found = a || b;
        break;
      }
      case WatcherType.PersistentRecursive:
        found = test(this.recursive, any);
        break;
      case WatcherType.Any: {
        const a = test(this.data, any);
        const b = test(this.child, any);
        const c = test(this.recursive, any);
        found = a || b || c;
        break;
      }
      default:
        return false;
    }
    if (remove && found) this.forgetIfUnused(path, w);
    return found;
  }

  /** Drops `path` from `w`'s index entry once no table holds a watch of `w` there (and `w` once it has none). */
  private forgetIfUnused(path: string, w: WatcherId): void {
    if ([this.data, this.child, this.recursive].some((t) => t.get(path)?.has(w))) return;
    const paths = this.byWatcher.get(w);
    if (!paths) return;
    paths.delete(path);
    if (paths.size === 0) this.byWatcher.delete(w);
  }

  /** Number of (path, watcher) registrations, as `wchs` and mntr count them. */
  count(): number {
    let n = 0;
    for (const table of [this.data, this.child, this.recursive]) for (const e of table.values()) n += e.size;
    return n;
  }

  watchedPathCount(): number {
    const paths = new Set<string>();
    for (const table of [this.data, this.child, this.recursive]) for (const p of table.keys()) paths.add(p);
    return paths.size;
  }

  watcherCount(): number {
    return this.byWatcher.size;
  }

  /** watcher → paths, for `wchc`. */
  byConnection(): Map<WatcherId, string[]> {
    const out = new Map<WatcherId, string[]>();
    for (const [w, paths] of this.byWatcher) if (paths.size > 0) out.set(w, [...paths].sort());
    return out;
  }

  /** path → watchers, for `wchp`. */
  byPath(): Map<string, WatcherId[]> {
    const out = new Map<string, Set<WatcherId>>();
    for (const table of [this.data, this.child, this.recursive]) {
      for (const [p, entry] of table) {
        let s = out.get(p);
        if (!s) out.set(p, (s = new Set()));
        for (const w of entry.keys()) s.add(w);
      }
    }
    return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, s]) => [p, [...s]]));
  }
}
