/**
 * The znode tree: nodes, stats, ephemerals, containers, TTL nodes and watches. It only ever
 * changes by applying committed txns (applyTxn), so every replica that applies the same txns
 * in zxid order holds the same tree. Reads are plain lookups.
 */
import { ZERO_ZXID, type Zxid } from '../base/zxid.js';
import { CONTAINER_OWNER, Err, EventType } from '../wire/constants.js';
import type { ACL, Stat } from '../wire/records.js';
import { OPEN_ACL_UNSAFE, READ_ACL_UNSAFE } from '../wire/records.js';
import type { TreeIndex, TreeTotals, ZNodeRecord } from '../wire/persist.js';
import { Txn, TxnBody, TxnType } from '../wire/txn.js';
import { FiredWatch, WatchManager } from './watches.js';
import type { GuardedEvent } from './watch-acl.js';
import { baseName, childPath, parentOf } from './paths.js';
import { judgeQuota, LIMIT_NODE, limitPath, QUOTA_ROOT, STAT_NODE, statPath, StatsTrack, type QuotaVerdict } from './quota.js';
import { hashSetCloneOrder } from './java-order.js';
import { ZNode } from './znode.js';
import { MemoryNodeTable, type NodeTable } from './node-table.js';

export { ZNode };
export { MemoryNodeTable, type NodeTable };

/**
 * What kind of owner an ephemeralOwner value denotes (docs/client-protocol.md, "Create modes
 * and owners").
 */
export function ownerKind(owner: bigint): 'none' | 'session' | 'container' | 'ttl' {
  if (owner === 0n) return 'none';
  if (owner === CONTAINER_OWNER) return 'container';
  if (BigInt.asUintN(64, owner) >> 56n === 0xffn) return 'ttl';
  return 'session';
}

export function ttlOf(owner: bigint): bigint {
  return BigInt.asUintN(64, owner) & 0xffffffffffffffn;
}

export function reportedStat(n: ZNode): Stat {
  const kind = ownerKind(n.ephemeralOwner);
  return {
    czxid: n.czxid,
    mzxid: n.mzxid,
    ctime: n.ctime,
    mtime: n.mtime,
    version: n.version,
    // The stored counter counts creations; clients see creations + deletions.
    cversion: 2 * n.cversion - n.numChildren,
    aversion: n.aversion,
    ephemeralOwner: kind === 'session' ? n.ephemeralOwner : 0n,
    dataLength: n.dataLength,
    numChildren: n.numChildren,
    pzxid: n.pzxid,
  };
}

/** The outcome of one (sub-)operation of an applied txn. */
export interface OpOutcome {
  type: number;
  err: number;
  path?: string;
  stat?: Stat | undefined;
}

export interface ApplyOutcome {
  zxid: Zxid;
  /** One entry per op: a single one for plain txns, one per sub-op for multi. */
  ops: OpOutcome[];
  /** The overall error (a failed multi reports 0 here and the codes in `ops`, as ZooKeeper does). */
  err: number;
  /** Watch events, each with the ACL its watcher must be able to READ through (docs/compatibility.md). */
  fired: GuardedEvent[];
}

const SYSTEM_PATHS = ['/zookeeper', '/zookeeper/quota', '/zookeeper/config'];

export class DataTree {
  readonly watches: WatchManager;
  /** session id → paths of its ephemeral nodes, in creation order. */
  private readonly ephemerals = new Map<bigint, Set<string>>();
  /** session id → the most ephemerals it has held at once (sizes ZooKeeper's hash set). */
  private readonly ephemeralPeak = new Map<bigint, number>();
  /** Container and TTL nodes, checked by the reaper. */
  readonly containers = new Set<string>();
  readonly ttls = new Set<string>();
  lastProcessedZxid = ZERO_ZXID;
  private dataSize = 0;
  /** Nodes changed since the last drainDirty(): what storage must write. */
  private dirty = new Map<string, ZNode | null>();
  /** Changes of the owner index since the last drainOwners() (storage/api.ts AppliedBatch.owners). */
  private ownerChanges = new Map<string, bigint | null>();
  /**
   * Nodes the tree made itself (the root, the system nodes) that storage does not hold: a tree
   * over the memory table stores them only once they change. Left out of storedTotals().
   */
  private readonly unstored = new Set<string>();
  /** Paths that carry a quota (they have a zookeeper_limits node): ZooKeeper's PathTrie. */
  private readonly quotaPaths = new Set<string>();

  /** The tree's nodes (tree/node-table.ts); nothing else reaches them but through the tree. */
  private readonly table: NodeTable;

 /**
   * `index`: the table's nodes are in storage already (a stored table, tree/stored-node-table.ts),
   * and this is storage's index of them (storage/api.ts TreeIndex): the owner indexes and the data
   * size come from it instead of from reading every node. `watches`: those of a tree this one
   * replaces with the same nodes (Replica.returnToStorage); new ones otherwise.
   */
  constructor(table: NodeTable = new MemoryNodeTable(), index?: TreeIndex, watches = new WatchManager()) {
    this.table = table;
    this.watches = watches;
    if (index) {
      this.dataSize = index.totals.dataSize;
      for (const [path, owner] of index.owners) this.indexOwner(path, owner, false);
    }
    this.seed('/', new ZNode(new Uint8Array(0), OPEN_ACL_UNSAFE, 0n, 0n, 0n, 0, 0, 0, 0, 0, 0n));
    for (const p of SYSTEM_PATHS) {
      // ZooKeeper sets the config node's ACL with version -1 when it builds the tree: aversion -1.
      const config = p === '/zookeeper/config';
      this.seed(p, new ZNode(new Uint8Array(0), config ? READ_ACL_UNSAFE : OPEN_ACL_UNSAFE, 0n, 0n, 0n, 0, 0, 0, 0, config ? -1 : 0, 0n));
    }
    if (table.stored) this.recountSeededParents();
  }

  /**
   * A node every tree has: added unless the table has it. A stored table is sent it (and its
   * parent's new count); the memory table stores it once it changes (until then: `unstored`).
   */
  private seed(path: string, node: ZNode): void {
    if (this.table.has(path)) return;
    this.table.set(path, node);
    this.dataSize += path.length + node.dataLength;
    if (!this.table.stored) {
      this.unstored.add(path);
      return;
    }
    this.dirty.set(path, node);
    if (path !== '/') this.dirty.set(parentOf(path), this.table.get(parentOf(path))!);
  }

  /**
   * A directory written over the memory table may lack `/zookeeper` and its children (stored only
   * once they change) while its stored `/` counts `/zookeeper` among its children: once the
   * missing ones are seeded, the stored parents' counts are set from their children.
   */
  private recountSeededParents(): void {
    for (const path of ['/', '/zookeeper']) {
      const node = this.table.get(path);
      if (!node || !this.dirty.has(path)) continue;
      let n = 0;
      for (const _ of this.table.children(path)) n++;
      if (n === node.numChildren) continue;
      node.setChildCount(n);
      this.changed(path, node);
    }
  }

  /** Rebuilds the tree from stored records (any order) as of `lastApplied`. */
  restore(records: Iterable<[string, ZNodeRecord]>, lastApplied: Zxid): void {
    const seeded = new Map([...this.unstored].map((p) => [p, this.table.get(p)]));
    this.table.restore(records);
    this.dataSize = 0;
    for (const [path, n] of this.table.entries()) {
      this.dataSize += path.length + n.dataLength;
      this.indexOwner(path, n.ephemeralOwner, false);
    }
    // A node of the records replaced the seeded one: storage has it.
    for (const [p, n] of seeded) if (this.table.get(p) !== n) this.unstored.delete(p);
    this.lastProcessedZxid = lastApplied;
    this.dirty.clear();
    this.ownerChanges.clear();
    // After the clear: a recounted stats node stays dirty, so storage gets the value (and the
    // data size) this tree now reports; the stored index then equals the stored nodes'.
    this.setupQuotas();
  }

  /** Opens a tree whose nodes storage holds (built with `index`) as of `lastApplied`. */
  openStored(lastApplied: Zxid): void {
    this.lastProcessedZxid = lastApplied;
    this.findQuotas();
  }

  isSystemPath(path: string): boolean {
    return path === '/' || path === '/zookeeper' || path.startsWith('/zookeeper/');
  }

  /** The node at `path`; "" is the root too, as in ZooKeeper's tree (docs/compatibility.md, finding 8). */
  get(path: string): ZNode | undefined {
    return this.table.get(path === '' ? '/' : path);
  }

  stat(path: string): Stat | undefined {
    const n = this.table.get(path);
    return n && reportedStat(n);
  }

  /** The names of the children of `path` (none when it is not there; "" is the root), in the table's order. */
  children(path: string): Iterable<string> {
    return this.table.children(path === '' ? '/' : path);
  }

  /** How many nodes, the root included. */
  nodeCount(): number {
    return this.table.size;
  }

  /**
   * Every node once, in the table's order (the memory table's: insertion order). The nodes are
   * the tree's own: a caller reads them and changes nothing.
   */
  entries(): IterableIterator<[string, ZNode]> {
    return this.table.entries();
  }

  /**
   * Every node's record (the SNAP capture, src/peer/quorum-peer.ts): in the table's order over
   * the memory table; over a stored table read in one scan of storage plus the overlay.
   */
  records(): [string, ZNodeRecord][] {
    return this.table.records?.() ?? Array.from(this.table.entries(), ([p, n]): [string, ZNodeRecord] => [p, n.toRecord()]);
  }

  /** Number of nodes as Java's srvr prints it (it counts the root twice). */
  nodeCountForStats(): number {
    return this.table.size + 1;
  }

  approximateDataSize(): number {
    return this.dataSize;
  }

  ephemeralsOf(session: bigint): string[] {
    return [...(this.ephemerals.get(session) ?? [])];
  }

  ephemeralSessions(): Map<bigint, Set<string>> {
    return this.ephemerals;
  }

  ephemeralCount(): number {
    let n = 0;
    for (const s of this.ephemerals.values()) n += s.size;
    return n;
  }

  /**
   * Descendant count (getAllChildrenNumber). ZooKeeper counts the keys under `path + "/"`: for
   * "" that is every node, the root included, one more than for "/".
   */
  countDescendants(path: string): number {
    if (path === '/') return this.table.size - 1;
    if (path === '') return this.table.size;
    let n = 0;
    const stack = [path];
    while (stack.length) {
      const p = stack.pop()!;
      for (const c of this.table.children(p)) {
        n++;
        stack.push(childPath(p, c));
      }
    }
    return n;
  }

  /**
   * The node changes since the last call, for storage, as records frozen at this moment, each
   * with its number of children (a node that gains or loses a child is always among them).
   */
  drainDirty(): Map<string, (ZNodeRecord & { numChildren: number }) | null> {
    const out = new Map<string, (ZNodeRecord & { numChildren: number }) | null>();
    for (const [p, n] of this.dirty) out.set(p, n ? n.toStoredRecord() : null);
    this.dirty.clear();
    return out;
  }

  /**
   * Over a stored table: the changes drained so far form one batch for storage; the callback is
   * called once storage has committed it, and the table's overlay lets go of them
   * (tree/stored-node-table.ts). Undefined over the memory table.
   */
  sealBatch(): (() => void) | undefined {
    return this.table.sealBatch?.();
  }

  /** Nodes a stored table holds in memory because storage may not have them yet (metrics, tests). */
  get overlaySize(): number {
    return this.table.overlaySize ?? 0;
  }

  /** The owner index as storage keeps it (TreeIndex.owners): ephemerals, containers and TTL nodes with their owners. */
  owners(): [string, bigint][] {
    const out: [string, bigint][] = [];
    for (const [session, paths] of this.ephemerals) for (const p of paths) out.push([p, session]);
    for (const p of this.containers) out.push([p, this.table.get(p)!.ephemeralOwner]);
    for (const p of this.ttls) out.push([p, this.table.get(p)!.ephemeralOwner]);
    return out;
  }

  /** The nodes are read from storage (a stored table), not held as objects. */
  get servedFromStorage(): boolean {
    return this.table.stored;
  }

  /** True while a change is not yet drained for storage (drainDirty, drainOwners). */
  get hasUndrained(): boolean {
    return this.dirty.size > 0 || this.ownerChanges.size > 0;
  }

  /** The owner index's changes since the last call, for storage, with the nodes of drainDirty. */
  drainOwners(): Map<string, bigint | null> {
    const out = this.ownerChanges;
    this.ownerChanges = new Map();
    return out;
  }

  /** The totals of what storage holds once the changes drained so far are in (storage/api.ts TreeTotals). */
  storedTotals(): TreeTotals {
    let dataSize = this.dataSize;
    for (const p of this.unstored) dataSize -= p.length + (this.table.get(p)?.dataLength ?? 0);
    return { nodes: this.table.size - this.unstored.size, dataSize };
  }

  // ------------------------------------------------------------------ applying txns

  applyTxn(txn: Txn): ApplyOutcome {
    const fired: GuardedEvent[] = [];
    const outcome: ApplyOutcome = { zxid: txn.zxid, ops: [], err: 0, fired };
    if (txn.body.type === TxnType.multi) {
      const failed = txn.body.ops.some((op) => op.type === TxnType.error);
      for (const op of txn.body.ops) outcome.ops.push(failed ? errorOutcome(op) : this.applyOp(op, txn, fired));
    } else {
      const op = this.applyOp(txn.body, txn, fired);
      outcome.ops.push(op);
      outcome.err = op.err;
    }
    if (txn.zxid > this.lastProcessedZxid) this.lastProcessedZxid = txn.zxid;
    return outcome;
  }

  /**
   * Fires the watches of a change. Each event carries the ACL a watcher must be able to READ
   * through when it is delivered: the node's own, or the parent's for NodeChildrenChanged
   * (ZooKeeper 3.8.4/3.9.2+, CVE-2024-23944).
   */
  private fire(path: string, type: number, acl: readonly ACL[], fired: GuardedEvent[]): void {
    const from = fired.length;
    this.watches.trigger(path, type, fired as FiredWatch[]);
    for (let i = from; i < fired.length; i++) fired[i]!.acl = acl;
  }

  private applyOp(body: TxnBody, txn: Txn, fired: GuardedEvent[]): OpOutcome {
    switch (body.type) {
      case TxnType.create: {
        const err = this.createNode(body.path, body.data, body.acl, body.ephemeralOwner, body.parentCversion, txn, fired);
        const node = this.table.get(body.path);
        return { type: body.type, err, path: body.path, stat: err === 0 && node ? reportedStat(node) : undefined };
      }
      case TxnType.delete:
      case TxnType.deleteContainer:
        return { type: body.type, err: this.deleteNode(body.path, txn.zxid, fired), path: body.path };
      case TxnType.setData: {
        const node = this.table.get(body.path);
        if (!node) return { type: body.type, err: Err.NONODE, path: body.path };
        const bytesDiff = (body.data?.byteLength ?? 0) - node.dataLength;
        this.dataSize += bytesDiff;
        node.data = body.data;
        node.version = body.version;
        node.setModified(txn.zxid);
        node.mtime = txn.time;
        this.changed(body.path, node);
        const prefix = this.quotaPrefix(body.path);
        if (prefix !== null) this.updateQuotaStat(prefix, bytesDiff, 0);
        this.fire(body.path, EventType.NodeDataChanged, node.acl, fired);
        return { type: body.type, err: 0, path: body.path, stat: reportedStat(node) };
      }
      case TxnType.setACL: {
        const node = this.table.get(body.path);
        if (!node) return { type: body.type, err: Err.NONODE, path: body.path };
        node.setAcl(body.acl);
        node.aversion = body.version;
        this.changed(body.path, node);
        return { type: body.type, err: 0, path: body.path, stat: reportedStat(node) };
      }
      case TxnType.check:
        return { type: body.type, err: 0, path: body.path };
      case TxnType.error:
        return { type: body.type, err: body.err };
      case TxnType.closeSession: {
        // In the order ZooKeeper deletes them (a clone of its per-session hash set), which orders the watch
        // events; the txn lists the ephemerals prep saw, and the tree's own index any it missed.
        const mine = this.ephemeralsOf(txn.sessionId);
        const extra = body.ephemerals.filter((p) => !mine.includes(p)).sort();
        for (const p of [...hashSetCloneOrder(mine, this.ephemeralPeak.get(txn.sessionId) ?? 0), ...extra]) {
          const n = this.table.get(p);
          if (n && n.ephemeralOwner === txn.sessionId) this.deleteNode(p, txn.zxid, fired);
        }
        this.ephemerals.delete(txn.sessionId);
        this.ephemeralPeak.delete(txn.sessionId);
        return { type: body.type, err: 0 };
      }
      case TxnType.createSession:
        return { type: body.type, err: 0 };
      case TxnType.multi:
        return { type: body.type, err: Err.BADARGUMENTS }; // nested multi is never prepared
    }
  }

  private createNode(
    path: string,
    data: Uint8Array | null,
    acl: readonly ACL[],
    owner: bigint,
    parentCversion: number,
    txn: Txn,
    fired: GuardedEvent[],
  ): number {
    const parentPath = parentOf(path);
    const parent = this.table.get(parentPath);
    if (!parent) return Err.NONODE;
    if (this.table.has(path)) return Err.NODEEXISTS;
    const node = new ZNode(data, acl, txn.zxid, txn.zxid, txn.zxid, txn.time, txn.time, 0, 0, 0, owner);
    this.table.set(path, node);
    parent.cversion = parentCversion;
    parent.setChildChanged(txn.zxid);
    this.dataSize += path.length + (data?.byteLength ?? 0);
    this.indexOwner(path, owner, true);
    this.dirty.set(path, node);
    this.changed(parentPath, parent);
    this.quotaOnCreate(path, parentPath, data);
    this.fire(path, EventType.NodeCreated, acl, fired);
    this.fire(parentPath, EventType.NodeChildrenChanged, parent.acl, fired);
    return 0;
  }

  private deleteNode(path: string, zxid: bigint, fired: GuardedEvent[]): number {
    const node = this.table.get(path);
    if (!node) return Err.NONODE;
    if (node.numChildren > 0) return Err.NOTEMPTY;
    const parentPath = parentOf(path);
    const parent = this.table.get(parentPath)!;
    this.table.delete(path);
    parent.setChildChanged(zxid);
    this.dataSize -= path.length + node.dataLength;
    this.unindexOwner(path, node.ephemeralOwner);
    this.dirty.set(path, null);
    this.unstored.delete(path);
    this.changed(parentPath, parent);
    this.quotaOnDelete(path, parentPath, node.dataLength);
    this.fire(path, EventType.NodeDeleted, node.acl, fired);
    this.fire(parentPath, EventType.NodeChildrenChanged, parent.acl, fired);
    return 0;
  }

  /** `record`: a change storage's index must hear of (not a load). */
  private indexOwner(path: string, owner: bigint, record: boolean): void {
    if (record && owner !== 0n) this.ownerChanges.set(path, owner);
    switch (ownerKind(owner)) {
      case 'session': {
        let s = this.ephemerals.get(owner);
        if (!s) this.ephemerals.set(owner, (s = new Set()));
        s.add(path);
        if (s.size > (this.ephemeralPeak.get(owner) ?? 0)) this.ephemeralPeak.set(owner, s.size);
        break;
      }
      case 'container':
        this.containers.add(path);
        break;
      case 'ttl':
        this.ttls.add(path);
        break;
    }
  }

  private unindexOwner(path: string, owner: bigint): void {
    if (owner !== 0n) this.ownerChanges.set(path, null);
    switch (ownerKind(owner)) {
      case 'session': {
        const s = this.ephemerals.get(owner);
        if (s) {
          s.delete(path);
          if (s.size === 0) this.ephemerals.delete(owner);
        }
        break;
      }
      case 'container':
        this.containers.delete(path);
        break;
      case 'ttl':
        this.ttls.delete(path);
        break;
    }
  }

  // ------------------------------------------------------------------ quotas (docs/quotas.md)

  /** getMaxPrefixWithQuota: the deepest path at or above `path` with a quota (never "/"). */
  quotaPrefix(path: string): string | null {
    if (this.quotaPaths.size === 0) return null;
    for (let p = path; p !== '/'; p = parentOf(p)) if (this.quotaPaths.has(p)) return p;
    return null;
  }

  /**
   * ZooKeeperServer.checkQuota, before a create (`kind` 'create', `newLength` the new node's
   * data length) or a setData: null when no quota covers `path`.
   */
  quotaVerdict(path: string, newLength: number, kind: 'create' | 'setData'): QuotaVerdict | null {
    const prefix = this.quotaPrefix(path);
    if (prefix === null) return null;
    const limits = this.table.get(limitPath(prefix));
    const stats = this.table.get(statPath(prefix));
    if (!limits || !stats) return null;
    const bytesDiff = kind === 'create' ? newLength : newLength - (this.table.get(path)?.dataLength ?? 0);
    return judgeQuota(prefix, new StatsTrack(limits.data), new StatsTrack(stats.data), bytesDiff, kind === 'create' ? 1 : 0);
  }

  private quotaOnCreate(path: string, parentPath: string, data: Uint8Array | null): void {
    if (parentPath.startsWith(QUOTA_ROOT)) {
      const name = baseName(path);
      const quoted = parentPath.slice(QUOTA_ROOT.length);
      if (name === LIMIT_NODE && quoted !== '') this.quotaPaths.add(quoted);
      if (name === STAT_NODE) this.recomputeQuota(quoted);
    }
    const prefix = this.quotaPrefix(path);
    if (prefix !== null) this.updateQuotaStat(prefix, data?.byteLength ?? 0, 1);
  }

  private quotaOnDelete(path: string, parentPath: string, dataLength: number): void {
    if (parentPath.startsWith('/zookeeper') && baseName(path) === LIMIT_NODE) this.quotaPaths.delete(parentPath.slice(QUOTA_ROOT.length));
    const prefix = this.quotaPrefix(path);
    if (prefix !== null) this.updateQuotaStat(prefix, -dataLength, -1);
  }

  /** updateQuotaStat: the server's bookkeeping in the stat node (no version change, no watch). */
  private updateQuotaStat(prefix: string, bytesDiff: number, countDiff: number): void {
    const p = statPath(prefix);
    const node = this.table.get(p);
    if (!node) return;
    const st = new StatsTrack(node.data);
    st.count = st.count + countDiff;
    st.bytes = st.bytes + bytesDiff;
    this.replaceStatData(p, node, st);
  }

  /** updateQuotaForPath: counts the subtree of `quoted` (itself included) into its stat node. */
  private recomputeQuota(quoted: string): void {
    const p = statPath(quoted);
    const node = this.table.get(p);
    if (!node) return;
    let count = 0;
    let bytes = 0;
    const stack = [quoted];
    while (stack.length > 0) {
      const q = stack.pop()!;
      const n = this.table.get(q);
      if (!n) continue;
      count++;
      bytes += n.dataLength;
      for (const c of this.table.children(q)) stack.push(childPath(q, c));
    }
    const st = new StatsTrack();
    st.count = count;
    st.bytes = bytes;
    this.replaceStatData(p, node, st);
  }

  private replaceStatData(path: string, node: ZNode, st: StatsTrack): void {
    const bytes = st.toBytes();
    this.dataSize += bytes.byteLength - node.dataLength;
    node.data = bytes;
    this.changed(path, node);
  }

  /** A node changed in place: the table and storage are told (see tree/node-table.ts). */
  private changed(path: string, node: ZNode): void {
    this.table.set(path, node);
    this.dirty.set(path, node);
    this.unstored.delete(path);
  }

  /**
   * The quotas of a tree served from storage: found under QUOTA_ROOT alone (not by visiting
   * every node), their usage not recounted: the stat nodes are written in the same transaction
   * as the changes they count (docs/performance.md, "Step 2", item 5).
   */
  private findQuotas(): void {
    this.quotaPaths.clear();
    const stack = [QUOTA_ROOT];
    while (stack.length > 0) {
      const p = stack.pop()!;
      for (const c of this.table.children(p)) {
        const child = childPath(p, c);
        if (c === LIMIT_NODE && p !== QUOTA_ROOT && this.table.childCount(child) === 0) this.quotaPaths.add(p.slice(QUOTA_ROOT.length));
        else stack.push(child);
      }
    }
  }

  /** setupQuota: after loading stored state, find the quotas and recount their usage. */
  private setupQuotas(): void {
    this.quotaPaths.clear();
    const suffix = `/${LIMIT_NODE}`;
    for (const [path, node] of this.table.entries()) {
      if (!path.startsWith(`${QUOTA_ROOT}/`) || !path.endsWith(suffix) || node.numChildren > 0) continue;
      const quoted = path.slice(QUOTA_ROOT.length, path.indexOf(suffix));
      if (quoted === '') continue;
      this.quotaPaths.add(quoted);
      this.recomputeQuota(quoted);
    }
  }

  /**
   * Containers that have had a child and are empty now, and TTL nodes that are childless and
   * unmodified for longer than their ttl: what the reaper should delete
   * (docs/client-protocol.md, "Create modes and owners").
   */
  reapCandidates(nowWallMs: number): string[] {
    const out: string[] = [];
    for (const p of this.containers) {
      const n = this.table.get(p)!;
      if (n.numChildren === 0 && n.cversion > 0) out.push(p);
    }
    for (const p of this.ttls) {
      const n = this.table.get(p)!;
      if (n.numChildren === 0 && BigInt(nowWallMs - n.mtime) > ttlOf(n.ephemeralOwner)) out.push(p);
    }
    return out;
  }
}

function errorOutcome(op: TxnBody): OpOutcome {
  return { type: TxnType.error, err: op.type === TxnType.error ? op.err : 0 };
}
