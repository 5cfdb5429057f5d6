/**
 * Where the tree keeps its nodes (docs/architecture.md, "The tree and its node table"). DataTree
 * reaches its nodes only through this interface, and nothing outside src/tree reaches them
 * except through DataTree: so the nodes can live somewhere other than one JS Map (the plan in
 * docs/performance.md, "Step 2, the tree served from LMDB") without the tree's logic, the
 * pipeline or the replica changing.
 *
 * The parent/child relation follows from the paths: adding a node makes it a child of its
 * parent, deleting it removes it there. A table answers `children` and `childCount` without
 * visiting the subtree below.
 *
 * A node the tree changes in place (setData, a new pzxid, ...) is handed back with `set`: a table
 * that does not hold the objects themselves (a stored one) learns of the change that way.
 */
import type { ZNodeRecord } from '../wire/persist.js';
import { baseName, parentOf } from './paths.js';
import { ZNode } from './znode.js';

export interface NodeTable {
  /**
   * The nodes live in storage (tree/stored-node-table.ts): nodes the tree makes on its own (the
   * root and the system nodes of a fresh tree) must be sent to storage like any change.
   */
  readonly stored: boolean;
  get(path: string): ZNode | undefined;
  has(path: string): boolean;
  /**
   * Adds a node, whose parent must be in the table (it becomes one of the parent's children), or
   * replaces the node at `path` (its children stay its children).
   */
  set(path: string, node: ZNode): void;
  /** Removes a node that has no children (and its name from its parent's children). */
  delete(path: string): boolean;
  /** How many nodes, the root included. */
  readonly size: number;
  /** Every node once, in the table's own order (callers that need an order sort). */
  entries(): IterableIterator<[string, ZNode]>;
  /** The names of the children of `path` (none when it is not there), in the table's order. */
  children(path: string): Iterable<string>;
  childCount(path: string): number;
  /**
   * Adds or replaces one node per record, the records in any order, then makes every node a
   * child of its parent: loading stored state. Throws when a node's parent is missing.
   */
  restore(records: Iterable<[string, ZNodeRecord]>): void;
  /**
   * A table whose nodes live in storage: every node's record as the tree has it now, read its
   * own way (one scan of storage and what it holds in memory on top). Without it the tree maps
   * entries().
   */
  records?(): [string, ZNodeRecord][];
  /**
   * A table that holds changes in memory until storage has them: the changes drained so far form
   * one batch for storage; the function returned is called once storage has committed that batch,
   * and the table lets go of them.
   */
  sealBatch?(): () => void;
  /** Nodes held in memory because storage may not have them yet (metrics, tests). */
  readonly overlaySize?: number;
}

/**
 * Every node a JS object in one Map, children as name sets inside the nodes (tree/znode.ts):
 * the table the server and the simulator use today. Its order is the Map's insertion order
 * (a replaced node keeps its place), which the simulator's traces and the SNAP chunks follow.
 */
export class MemoryNodeTable implements NodeTable {
  readonly stored = false;
  private readonly nodes = new Map<string, ZNode>();

  get size(): number {
    return this.nodes.size;
  }

  get(path: string): ZNode | undefined {
    return this.nodes.get(path);
  }

  has(path: string): boolean {
    return this.nodes.has(path);
  }

  set(path: string, node: ZNode): void {
    const old = this.nodes.get(path);
    if (old === node) return;
    if (old === undefined && path !== '/') {
      const parent = this.nodes.get(parentOf(path));
      if (!parent) throw new Error(`node table: ${path} added without its parent`);
      parent.addChild(baseName(path));
    }
    if (old !== undefined) node.adoptChildren(old);
    this.nodes.set(path, node);
  }

  delete(path: string): boolean {
    const node = this.nodes.get(path);
    if (!node) return false;
    if (node.numChildren > 0) throw new Error(`node table: ${path} deleted with ${node.numChildren} children`);
    this.nodes.delete(path);
    if (path !== '/') this.nodes.get(parentOf(path))?.removeChild(baseName(path));
    return true;
  }

  entries(): IterableIterator<[string, ZNode]> {
    return this.nodes.entries();
  }

  children(path: string): Iterable<string> {
    return this.nodes.get(path)?.children ?? [];
  }

  childCount(path: string): number {
    return this.nodes.get(path)?.numChildren ?? 0;
  }

  restore(records: Iterable<[string, ZNodeRecord]>): void {
    for (const [path, r] of records) this.nodes.set(path, ZNode.fromRecord(r));
    for (const [path] of this.nodes) {
      if (path === '/') continue;
      const parent = this.nodes.get(parentOf(path));
      if (!parent) throw new Error(`stored tree is inconsistent: ${path} has no parent`);
      parent.addChild(baseName(path));
    }
  }
}
