import type { Stat } from '../wire/records.js';
import type { ZNodeRecord } from '../wire/persist.js';
import { Txn } from '../wire/txn.js';
import { WatchManager } from './watches.js';
import type { GuardedEvent } from './watch-acl.js';
import { type QuotaVerdict } from './quota.js';
import { ZNode } from './znode.js';
export { ZNode };
/**
 * What kind of owner an ephemeralOwner value denotes (docs/client-protocol.md, "Create modes
 * and owners").
 */
export declare function ownerKind(owner: bigint): 'none' | 'session' | 'container' | 'ttl';
export declare function ttlOf(owner: bigint): bigint;
export declare function reportedStat(n: ZNode): Stat;
/** The outcome of one (sub-)operation of an applied txn. */
export interface OpOutcome {
    type: number;
    err: number;
    path?: string;
    stat?: Stat;
}
export interface ApplyOutcome {
    zxid: bigint;
    /** One entry per op: a single one for plain txns, one per sub-op for multi. */
    ops: OpOutcome[];
    /** The overall error (a failed multi reports 0 here and the codes in `ops`, as ZooKeeper does). */
    err: number;
    /** Watch events, each with the ACL its watcher must be able to READ through (docs/compatibility.md). */
    fired: GuardedEvent[];
}
export declare class DataTree {
    readonly nodes: Map<string, ZNode>;
    readonly watches: WatchManager;
    /** session id → paths of its ephemeral nodes, in creation order. */
    private readonly ephemerals;
    /** session id → the most ephemerals it has held at once (sizes ZooKeeper's hash set). */
    private readonly ephemeralPeak;
    /** Container and TTL nodes, checked by the reaper. */
    readonly containers: Set<string>;
    readonly ttls: Set<string>;
    lastProcessedZxid: bigint;
    private dataSize;
    /** Nodes changed since the last drainDirty(): what storage must write. */
    private dirty;
    /** Paths that carry a quota (they have a zookeeper_limits node): ZooKeeper's PathTrie. */
    private readonly quotaPaths;
    constructor();
    /** Rebuilds the tree from stored records (any order) as of `lastApplied`. */
    restore(records: Iterable<[string, ZNodeRecord]>, lastApplied: bigint): void;
    isSystemPath(path: string): boolean;
    /** The node at `path`; "" is the root too, as in ZooKeeper's tree (docs/compatibility.md, finding 8). */
    get(path: string): ZNode | undefined;
    stat(path: string): Stat | undefined;
    /** Number of nodes as Java's srvr prints it (it counts the root twice). */
    nodeCountForStats(): number;
    approximateDataSize(): number;
    ephemeralsOf(session: bigint): string[];
    ephemeralSessions(): Map<bigint, Set<string>>;
    ephemeralCount(): number;
    /**
     * Descendant count (getAllChildrenNumber). ZooKeeper counts the keys under `path + "/"`: for
     * "" that is every node, the root included, one more than for "/".
     */
    countDescendants(path: string): number;
    /** The node changes since the last call, for storage, as records frozen at this moment. */
    drainDirty(): Map<string, ZNodeRecord | null>;
    applyTxn(txn: Txn): ApplyOutcome;
    /**
     * Fires the watches of a change. Each event carries the ACL a watcher must be able to READ
     * through when it is delivered: the node's own, or the parent's for NodeChildrenChanged
     * (ZooKeeper 3.8.4/3.9.2+, CVE-2024-23944).
     */
    private fire;
    private applyOp;
    private createNode;
    private deleteNode;
    private indexOwner;
    private unindexOwner;
    /** getMaxPrefixWithQuota: the deepest path at or above `path` with a quota (never "/"). */
    quotaPrefix(path: string): string | null;
    /**
     * ZooKeeperServer.checkQuota, before a create (`kind` 'create', `newLength` the new node's
     * data length) or a setData: null when no quota covers `path`.
     */
    quotaVerdict(path: string, newLength: number, kind: 'create' | 'setData'): QuotaVerdict | null;
    private quotaOnCreate;
    private quotaOnDelete;
    /** updateQuotaStat: the server's bookkeeping in the stat node (no version change, no watch). */
    private updateQuotaStat;
    /** updateQuotaForPath: counts the subtree of `quoted` (itself included) into its stat node. */
    private recomputeQuota;
    private replaceStatData;
    /** setupQuota: after loading stored state, find the quotas and recount their usage. */
    private setupQuotas;
    /**
     * Containers that have had a child and are empty now, and TTL nodes that are childless and
     * unmodified for longer than their ttl: what the reaper should delete
     * (docs/client-protocol.md, "Create modes and owners").
     */
    reapCandidates(nowWallMs: number): string[];
}
