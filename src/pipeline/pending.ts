/**
 * The leader prepares writes before the earlier ones are applied (they wait for a quorum or a
 * flush), so prep must see their effects: ZooKeeper's "outstanding changes". A NodeView is the
 * part of a node that prep checks; the overlay holds the view each in-flight txn leaves behind.
 */
import type { ACL } from '../wire/records.js';
import type { DataTree, ZNode } from '../tree/data-tree.js';
import { Fifo } from '../base/queue.js';

export interface NodeView {
  acl: readonly ACL[];
  version: number;
  /** Stored child-creation counter (names sequential children). */
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  childCount: number;
}

/** One in-flight change: the same object sits in the map (by path) and in the zxid-ordered queue. */
interface Change {
  zxid: bigint;
  path: string;
  view: NodeView | null;
}

export function viewOf(n: ZNode): NodeView {
  return {
    acl: n.acl,
    version: n.version,
    cversion: n.cversion,
    aversion: n.aversion,
    ephemeralOwner: n.ephemeralOwner,
    childCount: n.numChildren,
  };
}

/** Read access to nodes as prep sees them: the tree plus in-flight changes. */
export interface NodeSource {
  view(path: string): NodeView | null;
  /** Paths of in-flight changes (for closeSession's ephemeral sweep). */
  changedPaths(): Iterable<[string, NodeView | null]>;
}

export class PendingChanges implements NodeSource {
  private readonly changes = new Map<string, Change>();
  /**
   * Changes in zxid order, so that forgetting applied ones costs O(applied). The entries are the
   * map's own Change objects (one allocation per change, not two).
   */
  private readonly order = new Fifo<Change>();

  constructor(private tree: DataTree) {}

  /** Reads another tree from now on: one with the same nodes (Replica.returnToStorage). */
  useTree(tree: DataTree): void {
    this.tree = tree;
  }

  view(path: string): NodeView | null {
    const c = this.changes.get(path);
    if (c) return c.view;
    const n = this.tree.get(path);
    return n ? viewOf(n) : null;
  }

  set(path: string, zxid: bigint, view: NodeView | null): void {
    const change: Change = { zxid, path, view };
    this.changes.set(path, change);
    this.order.push(change);
  }

  *changedPaths(): Iterable<[string, NodeView | null]> {
    for (const [p, c] of this.changes) yield [p, c.view];
  }

  /** The session's ephemerals as the tree knows them (before in-flight changes). */
  treeEphemerals(session: bigint): string[] {
    return this.tree.ephemeralsOf(session);
  }

  /** Once a txn is applied the tree holds its effect: forget changes no newer than it. */
  applied(zxid: bigint): void {
    while (this.order.length > 0 && this.order.peek()!.zxid <= zxid) {
      const done = this.order.shift()!;
      // A later change of the same path replaced this one in the map: it is forgotten when its
      // own turn in the queue comes (changes are set in zxid order).
      if (this.changes.get(done.path) === done) this.changes.delete(done.path);
    }
  }

  /** Everything in flight was abandoned (a leader stepping down). */
  clear(): void {
    this.changes.clear();
    while (this.order.length > 0) this.order.shift();
  }

  get size(): number {
    return this.changes.size;
  }
}

/** A scratch layer for one multi: its ops see each other, and nothing leaks if one fails. */
export class ScratchChanges implements NodeSource {
  readonly local = new Map<string, NodeView | null>();

  constructor(private readonly base: NodeSource) {}

  view(path: string): NodeView | null {
    return this.local.has(path) ? this.local.get(path)! : this.base.view(path);
  }

  set(path: string, _zxid: bigint, view: NodeView | null): void {
    this.local.set(path, view);
  }

  *changedPaths(): Iterable<[string, NodeView | null]> {
    for (const e of this.base.changedPaths()) if (!this.local.has(e[0])) yield e;
    yield* this.local;
  }
}
