/**
 * The leader prepares writes before the earlier ones are applied (they wait for a quorum or a
 * flush), so prep must see their effects: ZooKeeper's "outstanding changes". A NodeView is the
 * part of a node that prep checks; the overlay holds the view each in-flight txn leaves behind.
 */
import type { ACL } from '../wire/records.js';
import type { DataTree, ZNode } from '../tree/data-tree.js';
export interface NodeView {
    acl: readonly ACL[];
    version: number;
    /** Stored child-creation counter (names sequential children). */
    cversion: number;
    aversion: number;
    ephemeralOwner: bigint;
    childCount: number;
}
export declare function viewOf(n: ZNode): NodeView;
/** Read access to nodes as prep sees them: the tree plus in-flight changes. */
export interface NodeSource {
    view(path: string): NodeView | null;
    /** Paths of in-flight changes (for closeSession's ephemeral sweep). */
    changedPaths(): Iterable<[string, NodeView | null]>;
}
export declare class PendingChanges implements NodeSource {
    private readonly tree;
    private readonly changes;
    /** Changes in zxid order, so that forgetting applied ones costs O(applied). */
    private readonly order;
    constructor(tree: DataTree);
    view(path: string): NodeView | null;
    set(path: string, zxid: bigint, view: NodeView | null): void;
    changedPaths(): Iterable<[string, NodeView | null]>;
    /** The session's ephemerals as the tree knows them (before in-flight changes). */
    treeEphemerals(session: bigint): string[];
    /** Once a txn is applied the tree holds its effect: forget changes no newer than it. */
    applied(zxid: bigint): void;
    /** Everything in flight was abandoned (a leader stepping down). */
    clear(): void;
    get size(): number;
}
/** A scratch layer for one multi: its ops see each other, and nothing leaks if one fails. */
export declare class ScratchChanges implements NodeSource {
    private readonly base;
    readonly local: Map<string, NodeView | null>;
    constructor(base: NodeSource);
    view(path: string): NodeView | null;
    set(path: string, _zxid: bigint, view: NodeView | null): void;
    changedPaths(): Iterable<[string, NodeView | null]>;
}
