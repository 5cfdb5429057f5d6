import type { Stat, ZooKeeperClient } from '../client/index.js';
import type { HistoryOp, SessionRecord } from './workload.js';
export interface NodeDump {
    data: string;
    stat: Omit<Stat, 'ctime' | 'mtime'> & {
        ctime: string;
        mtime: string;
    };
}
export type TreeDump = Map<string, NodeDump>;
/** The whole tree as one server sees it (after a sync), path → data and stat. */
export declare function dumpTree(client: ZooKeeperClient): Promise<TreeDump>;
/**
 * Differences between the servers' trees (at most `limit`), empty when they all agree. The
 * /zookeeper subtree is left out: its nodes are made by each server for itself (/zookeeper/config
 * carries the time that server read its configuration), not replicated data.
 */
export declare function compareTrees(dumps: Map<number, TreeDump>, limit?: number): string[];
/**
 * Acknowledged writes missing from a tree: sequential children (never deleted) that a create
 * returned, and set children whose add was acknowledged and that nobody may have removed since.
 */
export declare function lostWrites(ops: readonly HistoryOp[], tree: TreeDump): string[];
/** Sessions whose last seen zxid went backwards. */
export declare function zxidRegressions(sessions: readonly SessionRecord[]): string[];
/** Ephemerals (paths under /chaos/e) still in a tree, with their owners. */
export declare function ephemeralsLeft(tree: TreeDump): string[];
/** Sequential suffixes of a tree's children of `parent` (for reports). */
export declare function suffixes(tree: TreeDump, parent: string): number[];
