/**
 * Final stage: reads answered from the tree, and replies built for applied writes. Runs on
 * whichever server the client is connected to.
 */
import { AddWatchMode, Err, EventType, Op, Perms, WatcherType } from '../wire/constants.js';
import type { ClientInfo, Id, Stat } from '../wire/records.js';
import type { MultiReadRequest, MultiResult, NullMarks, Request, Response, SetWatchesRequest, WatchedReadRequest } from '../wire/requests.js';
import { TxnType } from '../wire/txn.js';
import { checkPerm, inZooKeeperOrder, maskDigests } from '../tree/acl.js';
import { ApplyOutcome, DataTree, OpOutcome, reportedStat } from '../tree/data-tree.js';
import type { FiredWatch, WatcherId } from '../tree/watches.js';
import type { WriteRequest } from './prep.js';

/** Who is asking: the connection's watcher id, session and authenticated ids. */
export interface Caller {
  watcher: WatcherId;
  sessionId: bigint;
  authIds: readonly Id[];
}

export interface Reply {
  err: number;
  response?: Response;
}

const ok = (response: Response): Reply => ({ err: 0, response });
const error = (err: number): Reply => ({ err });

/** Reads and other requests that never become txns. `events` receives setWatches catch-ups. */
export function executeRead(req: Request, tree: DataTree, caller: Caller, events: FiredWatch[] = []): Reply {
  // ZooKeeper dereferences these paths first: a null one fails the read (docs/compatibility.md, finding 7).
  if (req.nullPath && NULL_PATH_FAILS.has(req.op)) return error(Err.MARSHALLINGERROR);
  switch (req.op) {
    case Op.exists: {
      if (req.path.includes('\0')) return error(Err.BADARGUMENTS);
      const node = tree.get(req.path);
      if (node && !checkPerm(node.acl, Perms.READ, caller.authIds)) return error(Err.NOAUTH);
      // An exists watch is armed even when the node is missing: it fires on creation.
      if (req.watch) tree.watches.addDataWatch(req.path, caller.watcher);
      return node ? ok({ op: Op.exists, stat: reportedStat(node) }) : error(Err.NONODE);
    }
    case Op.getData:
    case Op.getChildren:
    case Op.getChildren2:
      return readNode(req, tree, caller);
    case Op.getACL: {
      const node = tree.get(req.path);
      if (!node) return error(Err.NONODE);
      if (!checkPerm(node.acl, Perms.READ | Perms.ADMIN, caller.authIds)) return error(Err.NOAUTH);
      const acl = checkPerm(node.acl, Perms.ADMIN, caller.authIds) ? node.acl.slice() : maskDigests(node.acl);
      return ok({ op: Op.getACL, acl, stat: reportedStat(node) });
    }
    case Op.getAllChildrenNumber: {
      const node = tree.get(req.path);
      if (!node) return error(Err.NONODE);
      if (!checkPerm(node.acl, Perms.READ, caller.authIds)) return error(Err.NOAUTH);
      return ok({ op: Op.getAllChildrenNumber, totalNumber: tree.countDescendants(req.path) });
    }
    case Op.getEphemerals: {
      const prefix = req.prefixPath === '/' ? '' : req.prefixPath;
      const mine = tree.ephemeralsOf(caller.sessionId).filter((p) => p.startsWith(prefix));
      return ok({ op: Op.getEphemerals, ephemerals: mine.sort() });
    }
    case Op.whoAmI:
      return ok({ op: Op.whoAmI, clientInfo: inZooKeeperOrder(caller.authIds).map(toClientInfo) });
    case Op.sync:
      return ok({ op: Op.sync, path: req.nullPath ? null : req.path });
    case Op.ping:
      return ok({ op: Op.ping });
    case Op.multiRead:
      return multiRead(req, tree, caller);
    case Op.addWatch:
      // Modes are 0 (persistent) and 1 (persistent recursive); ZooKeeper cannot convert others.
      if (req.mode !== AddWatchMode.Persistent && req.mode !== AddWatchMode.PersistentRecursive) return error(Err.MARSHALLINGERROR);
      tree.watches.addPersistent(req.path, caller.watcher, req.mode === AddWatchMode.PersistentRecursive);
      return ok({ op: Op.addWatch });
    case Op.checkWatches:
    case Op.removeWatches:
      // Watcher types are 1..5 (Children, Data, Any, Persistent, PersistentRecursive).
      if (!Number.isInteger(req.type) || req.type < WatcherType.Children || req.type > WatcherType.PersistentRecursive) return error(Err.MARSHALLINGERROR);
      return tree.watches.matchWatch(req.path, caller.watcher, req.type, req.op === Op.removeWatches)
        ? ok({ op: req.op })
        : error(Err.NOWATCHER);
    case Op.setWatches:
    case Op.setWatches2:
      return setWatches(req, tree, caller.watcher, events) ? ok({ op: req.op }) : error(Err.MARSHALLINGERROR);
    default:
      return error(Err.UNIMPLEMENTED);
  }
}

/** Reads whose null path ZooKeeper dereferences before anything else. */
const NULL_PATH_FAILS = new Set<number>([Op.exists, Op.getData, Op.getChildren, Op.getChildren2, Op.getACL, Op.getAllChildrenNumber]);

/**
 * multiRead as ZooKeeper answers it: ops it cannot read fail the request with no body; a null
 * path or a write fails it part-way, and the results so far still go back with the error.
 */
function multiRead(req: MultiReadRequest, tree: DataTree, caller: Caller): Reply {
  if (req.malformed !== undefined) return error(Err.MARSHALLINGERROR);
  const results: MultiResult[] = [];
  const partial = (): Reply => ({ err: Err.MARSHALLINGERROR, response: { op: Op.multiRead, results } });
  if (req.writesOnly) return partial();
  for (const sub of req.ops) {
    if (sub.nullPath) return partial();
    const r = readNode({ ...sub, watch: false }, tree, caller);
    results.push(r.err === 0 ? (r.response as MultiResult) : { op: Op.error, err: r.err });
  }
  return ok({ op: Op.multiRead, results });
}

function readNode(req: WatchedReadRequest, tree: DataTree, caller: Caller): Reply {
  const node = tree.get(req.path);
  if (!node) return error(Err.NONODE);
  if (!checkPerm(node.acl, Perms.READ, caller.authIds)) return error(Err.NOAUTH);
  const stat = reportedStat(node);
  switch (req.op) {
    case Op.getData:
      if (req.watch) tree.watches.addDataWatch(req.path, caller.watcher);
      return ok({ op: Op.getData, data: node.data, stat });
    case Op.getChildren:
    case Op.getChildren2: {
      if (req.watch) tree.watches.addChildWatch(req.path, caller.watcher);
      const children = [...tree.children(req.path)];
      return req.op === Op.getChildren ? ok({ op: Op.getChildren, children }) : ok({ op: Op.getChildren2, children, stat });
    }
    default:
      return error(Err.UNIMPLEMENTED);
  }
}

function toClientInfo(id: Id): ClientInfo {
  return { authScheme: id.scheme, user: id.scheme === 'digest' ? id.id.split(':')[0]! : id.id };
}

/**
 * Re-arms a reconnecting client's watches (docs/client-protocol.md, "Watches", setWatches).
 * Where the state moved on past `relativeZxid`, the event fires now instead, so nothing is
 * lost in the gap. A null path
 * in the data, exist or child lists stops it there, as in ZooKeeper (the watches before it stay,
 * the events before it go out): false.
 */
function setWatches(req: SetWatchesRequest & NullMarks, tree: DataTree, w: WatcherId, events: FiredWatch[]): boolean {
  const rel = req.relativeZxid;
  const fire = (type: number, path: string) => events.push({ watcher: w, type, path });
  let index = 0;
  const stops = () => req.firstNullWatch === index++;
  for (const path of req.dataWatches) {
    if (stops()) return false;
    const n = tree.get(path);
    if (!n) fire(EventType.NodeDeleted, path);
    else if (n.mzxid > rel) fire(EventType.NodeDataChanged, path);
    else tree.watches.addDataWatch(path, w);
  }
  for (const path of req.existWatches) {
    if (stops()) return false;
    if (tree.get(path)) fire(EventType.NodeCreated, path);
    else tree.watches.addDataWatch(path, w);
  }
  for (const path of req.childWatches) {
    if (stops()) return false;
    const n = tree.get(path);
    if (!n) fire(EventType.NodeDeleted, path);
    else if (n.pzxid > rel) fire(EventType.NodeChildrenChanged, path);
    else tree.watches.addChildWatch(path, w);
  }
  for (const path of req.persistentWatches) tree.watches.addPersistent(path, w, false);
  for (const path of req.persistentRecursiveWatches) tree.watches.addPersistent(path, w, true);
  return true;
}

/** The reply to the client whose write produced `outcome`. */
export function writeReply(req: WriteRequest, outcome: ApplyOutcome): Reply {
  if (req.op === Op.multi) {
    // A multi failed as a whole (unreadable ops, a null where ZooKeeper dereferences one).
    if (outcome.err !== 0) return error(outcome.err);
    // A multi's txn has one outcome per sub-op; anything else is a bug, answered, not thrown.
    if (outcome.ops.length !== req.ops.length) return error(Err.SYSTEMERROR);
    const results = outcome.ops.map((o, i): MultiResult => multiEntry(req.ops[i]!.op, o));
    // A failed multi still answers err 0; the per-op entries carry the codes.
    return ok({ op: Op.multi, results });
  }
  const o = outcome.ops[0];
  if (!o) return error(Err.SYSTEMERROR);
  if (o.err !== 0) return error(o.err);
  return ok(successResponse(req.op, o));
}

function multiEntry(op: number, o: OpOutcome): MultiResult {
  if (o.type === TxnType.error || o.err !== 0) return { op: Op.error, err: o.err };
  // create inside multi answers type 1; create2/TTL/container answer 15 with a Stat.
  if (op === Op.create2 || op === Op.createContainer || op === Op.createTTL) {
    return { op: Op.create2, path: o.path!, stat: o.stat! };
  }
  return successResponse(op, o) as MultiResult;
}

function successResponse(op: number, o: OpOutcome): Response {
  switch (op) {
    case Op.create:
      return { op: Op.create, path: o.path! };
    case Op.create2:
    case Op.createContainer:
    case Op.createTTL:
      return { op, path: o.path!, stat: o.stat as Stat };
    case Op.setData:
      return { op: Op.setData, stat: o.stat! };
    case Op.setACL:
      return { op: Op.setACL, stat: o.stat! };
    case Op.delete:
      return { op: Op.delete };
    case Op.check:
      return { op: Op.check };
    case Op.closeSession:
      return { op: Op.closeSession };
    case Op.deleteContainer:
      return { op: Op.deleteContainer };
    default:
      return { op: Op.ping };
  }
}
