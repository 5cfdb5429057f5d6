/**
 * A node table served from storage (docs/performance.md, "Step 2, the tree served from LMDB"):
 * the nodes stay in storage, read one at a time through `StoredNodes` (an LMDB read transaction
 * in the server, MemoryStorage in tests and the simulator); the table holds only
 *
 * - the *overlay*: every node the tree changed (or deleted: null) that storage may not have yet.
 *   Reads look there first. An entry stays until the write that holds it has *committed*
 *   (`committed(mark)`), not merely until it was handed to storage: a read transaction does
 *   not see a write in flight;
 * - a small cache of decoded nodes that storage has (least recently used first out), so that
 *   hot reads do not decode on every access, and of paths storage does not have (null): a create
 *   asks for its path several times (prep, then the tree) before it exists. Every change of a
 *   path passes through this table (`change`), which drops its cache entry, so neither kind goes
 *   stale.
 *
 * Children are storage's key range plus the overlay's additions, minus its deletions; each node
 * carries its child count (storage keeps it with the record), kept up to date here as children
 * come and go.
 *
 * Marks: `seal()` is called when the tree's changes are drained into a batch for storage, and
 * returns the batch's mark; every overlay entry changed before it belongs to that batch or an
 * earlier one. `committed(mark)` drops the entries whose last change is in a batch up to `mark`.
 * Wired in (docs/architecture.md, "The tree and its node table"): the tree seals a batch when
 * its changes are drained (DataTree.sealBatch, peer/replica.ts), and the applied-state writer
 * (drive/applied-state.ts) calls the batch's `committed` once storage's write of it resolved.
 */
import { fitsStoredPath, type ZNodeRecord } from '../wire/persist.js';
import type { NodeTable } from './node-table.js';
import { baseName, childPath, parentOf } from './paths.js';
import { ZNode } from './znode.js';

/** What the table reads from storage (storage/api.ts: Storage.readNode, readChildren). */
export interface StoredNodes {
  readNode(path: string): (ZNodeRecord & { numChildren: number }) | undefined;
  readChildren(path: string): string[];
  /** Every stored record, from one consistent view (storage/api.ts Storage.scanNodes). */
  scanNodes(): Iterable<[string, ZNodeRecord]>;
}

const DEFAULT_CACHE = 10_000;

/** An overlay entry: the node as the tree left it (null: deleted), and the mark of the batch that holds its last change. */
interface OverlayEntry {
  node: ZNode | null;
  mark: number;
}

export class StoredNodeTable implements NodeTable {
  readonly stored = true;
  /**
   * path → the node as the tree left it (or null when it deleted it), not yet committed to
   * storage, with the mark of the batch that holds its last change. One map, entries changed in
   * place: a second map of marks cost two more look-ups per write (docs/performance.md, section 18).
   */
  private readonly overlay = new Map<string, OverlayEntry>();
  /**
   * mark → the paths changed under it (each once), marks ascending: `committed` visits only what
   * it lets go of. (Visiting every overlay entry per call cost 14 % of a create's CPU once the
   * applied-state writer merged batches: one call per merged batch, each over the whole overlay.)
   */
  private readonly byMark = new Map<number, string[]>();
  /**
   * parent path → names of its children added or deleted in the overlay (a child only changed in
   * place is in storage's range already, or was added in the overlay and is here since then).
   */
  private readonly overlayKids = new Map<string, Set<string>>();
  /**
   * Decoded nodes storage has (null: a path it does not have), in two generations: new entries
   * and hits go to `young`; when it holds half the cache's size it becomes `old`, and the old
   * generation is dropped whole. An approximate LRU at O(1) per call: a Map kept in exact LRU
   * order (delete and re-insert on every hit, evict through `keys().next()`, which walks the
   * holes that deletes leave at the front): `get` and `remember`, where it lived, were 5-7 % of
   * each server's CPU under a create load, and the CPU per create fell to 0.93x without it
   * (docs/performance.md, section 18). At most `cacheSize` entries either way.
   */
  private young = new Map<string, ZNode | null>();
  private old = new Map<string, ZNode | null>();
  private nextMark = 1;
  private count: number;

  constructor(
    private readonly storage: StoredNodes,
    /** How many nodes storage holds now. */
    storedCount: number,
    private readonly cacheSize = DEFAULT_CACHE,
  ) {
    this.count = storedCount;
  }

  get size(): number {
    return this.count;
  }

  /** Nodes held because storage may not have them yet (for tests and metrics). */
  get overlaySize(): number {
    return this.overlay.size;
  }

  get(path: string): ZNode | undefined {
    const o = this.overlay.get(path);
    if (o !== undefined) return o.node ?? undefined;
    const young = this.young.get(path);
    if (young !== undefined) return young ?? undefined;
    const hit = this.old.get(path);
    if (hit !== undefined) {
      this.remember(path, hit);
      return hit ?? undefined;
    }
    // A path storage cannot key (empty, or over its byte limit) names no node: creates of such
    // paths are refused in prep, so a read, a setData or a delete of one is NONODE, not an error
    // from storage (which, on a write forwarded to the leader, would stop the leader).
    if (!fitsStoredPath(path)) return undefined;
    const rec = this.storage.readNode(path);
    if (rec === undefined) {
      this.remember(path, null);
      return undefined;
    }
    const node = ZNode.fromRecord(rec);
    node.setChildCount(rec.numChildren);
    this.remember(path, node);
    return node;
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  set(path: string, node: ZNode): void {
    const old = this.get(path);
    if (old === undefined) {
      if (path !== '/') {
        const parentPath = parentOf(path);
        const parent = this.get(parentPath);
        if (!parent) throw new Error(`node table: ${path} added without its parent`);
        parent.setChildCount(parent.numChildren + 1);
        this.change(parentPath, parent, false);
      }
      node.setChildCount(0);
      this.count++;
      this.change(path, node, true);
      return;
    }
    if (old !== node) node.setChildCount(old.numChildren);
    this.change(path, node, false);
  }

  delete(path: string): boolean {
    const node = this.get(path);
    if (!node) return false;
    if (node.numChildren > 0) throw new Error(`node table: ${path} deleted with ${node.numChildren} children`);
    if (path !== '/') {
      const parentPath = parentOf(path);
      const parent = this.get(parentPath)!;
      parent.setChildCount(parent.numChildren - 1);
      this.change(parentPath, parent, false);
    }
    this.change(path, null, true);
    this.count--;
    return true;
  }

  /** Every node, walking the tree from the root (storage's children, with the overlay's changes). */
  *entries(): IterableIterator<[string, ZNode]> {
    const stack = ['/'];
    while (stack.length > 0) {
      const p = stack.pop()!;
      const n = this.get(p);
      if (!n) continue;
      yield [p, n];
      // A leaf's range is not read: most nodes are leaves (a SNAP capture walks them all).
      if (n.numChildren > 0) for (const c of this.children(p)) stack.push(childPath(p, c));
    }
  }

  /** This table's seal and committed as one (NodeTable.sealBatch): what the tree hands to the applied-state writer. */
  sealBatch(): () => void {
    const mark = this.seal();
    return () => this.committed(mark);
  }

  /**
   * Every node's record as the tree has it now: storage's records read in one scan (a read
   * transaction: far cheaper than a walk of a million point reads), the overlay's on top. The
   * overlay holds every change storage may not have committed, so storage's view plus the
   * overlay is the tree at this moment (a write that committed meanwhile is in both, alike).
   */
  records(): [string, ZNodeRecord][] {
    const out: [string, ZNodeRecord][] = [];
    for (const [p, r] of this.storage.scanNodes()) if (!this.overlay.has(p)) out.push([p, r]);
    for (const [p, { node }] of this.overlay) if (node) out.push([p, node.toRecord()]);
    return out;
  }

  children(path: string): Iterable<string> {
    const changed = this.overlayKids.get(path);
    const stored = this.overlay.get(path)?.node === null || !fitsStoredPath(path) ? [] : this.storage.readChildren(path);
    if (!changed) return stored;
    const out: string[] = [];
    for (const name of stored) if (!changed.has(name) || this.overlay.get(childPath(path, name))?.node) out.push(name);
    const have = new Set(stored);
    for (const name of changed) if (!have.has(name) && this.overlay.get(childPath(path, name))?.node) out.push(name);
    return out;
  }

  childCount(path: string): number {
    return this.get(path)?.numChildren ?? 0;
  }

  restore(): void {
    throw new Error('a stored node table is not restored: its nodes are in storage');
  }

  /**
   * Takes over nodes storage does not hold yet, as they are now (null: deleted), under one mark
   * of their own, returned for `committed`: the nodes of a learner's memory tree whose batches
   * are still on their way to storage when the tree returns to storage (Replica.returnToStorage).
   * Each is listed among its parent's overlay children, which for one changed in place only
   * costs a look-up in `children`.
   */
  adopt(nodes: Iterable<[string, ZNode | null]>): number {
    for (const [path, node] of nodes) this.change(path, node, true);
    return this.seal();
  }

  /** The changes so far go to storage in one batch: its mark, for `committed`. */
  seal(): number {
    return this.nextMark++;
  }

  /** The batches up to `mark` have committed: storage now serves what they hold. */
  committed(mark: number): void {
    for (const [m, paths] of this.byMark) {
      if (m > mark) break;
      this.byMark.delete(m);
      for (const path of paths) {
        const entry = this.overlay.get(path);
        if (entry?.mark === m) this.release(path, entry.node);
      }
    }
  }

  /** Storage serves `path` now: out of the overlay, into the cache. */
  private release(path: string, node: ZNode | null): void {
    this.overlay.delete(path);
    // Only an added or deleted path can be among its parent's overlay children.
    if (path !== '/' && this.overlayKids.size > 0) {
      const kids = this.overlayKids.get(parentOf(path));
      kids?.delete(baseName(path));
      if (kids?.size === 0) this.overlayKids.delete(parentOf(path));
    }
    this.remember(path, node);
  }

  /** `structural`: the path was added or deleted (its parent's children change), not changed in place. */
  private change(path: string, node: ZNode | null, structural: boolean): void {
    const entry = this.overlay.get(path);
    if (entry === undefined) {
      // Entering the overlay: storage's copy, cached, is stale now. (A path in the overlay is
      // never cached: get() looks there first, and release() caches it as it leaves.)
      this.young.delete(path);
      this.old.delete(path);
      this.overlay.set(path, { node, mark: this.nextMark });
      this.marked(path);
    } else {
      entry.node = node;
      if (entry.mark !== this.nextMark) {
        entry.mark = this.nextMark;
        this.marked(path);
      }
    }
    if (structural && path !== '/') {
      const parentPath = parentOf(path);
      let kids = this.overlayKids.get(parentPath);
      if (!kids) this.overlayKids.set(parentPath, (kids = new Set()));
      kids.add(baseName(path));
    }
  }

  /** `path` changed under the current mark (once per mark). */
  private marked(path: string): void {
    const paths = this.byMark.get(this.nextMark);
    if (paths) paths.push(path);
    else this.byMark.set(this.nextMark, [path]);
  }

  private remember(path: string, node: ZNode | null): void {
    this.young.set(path, node);
    if (this.young.size * 2 >= this.cacheSize) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** Entries the cache holds now (tests: it stays within its size). */
  get cachedCount(): number {
    return this.young.size + this.old.size;
  }
}

