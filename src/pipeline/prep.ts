/**
 * Prep: a write request becomes a txn (docs/client-protocol.md, "Errors"). Runs on the leader (or the
 * standalone server) against the tree plus in-flight changes; a failed check becomes an error
 * txn, which still consumes a zxid, as in ZooKeeper. The first failing check wins, in
 * ZooKeeper's order, because clients can observe which error they get.
 */
import { CONTAINER_OWNER, CreateFlags, Err, MAX_TTL, Op, Perms, TTL_OWNER_MASK } from '../wire/constants.js';
import type { ACL, Id } from '../wire/records.js';
import type { CreateRequest, MultiRequest, MultiWriteOp, NullMarks, ReconfigRequest, Request, Response, SetACLRequest } from '../wire/requests.js';
import { TxnBody, TxnType } from '../wire/txn.js';
import { fitsStoredPath } from '../wire/persist.js';
import { checkPerm, fixupAcl } from '../tree/acl.js';
import { internAcl } from '../tree/acl-intern.js';
import { ownerKind } from '../tree/data-tree.js';
import { isValidPath, parentOf } from '../tree/paths.js';
import { NodeSource, NodeView, PendingChanges, ScratchChanges } from './pending.js';

export interface PrepContext {
  sessionId: bigint;
  authIds: readonly Id[];
  /** False when the session is unknown, expired or closing. */
  sessionValid: boolean;
  extendedTypesEnabled: boolean;
  /** ACL schemes this server has providers for beyond digest and ip (x509, sasl). */
  aclSchemes?: readonly string[] | undefined;
  /** The zxid the txn will carry: change records are tagged with it. */
  zxid: bigint;
  /**
   * Quotas (docs/quotas.md): would this create / setData break a hard limit that is enforced?
   * Called with the node's path and new data length; absent = no quota checks.
   */
  quotaExceeded?: (path: string, newLength: number, kind: 'create' | 'setData') => boolean;
}

interface Writable extends NodeSource {
  set(path: string, zxid: bigint, view: NodeView | null): void;
}

/**
 * A check failed: carries the error code up to where the txn is built. `whole`: ZooKeeper fails
 * here with an unchecked exception (a null it dereferences), which fails a whole multi with
 * MARSHALLINGERROR rather than the one op (docs/compatibility.md, finding 7).
 */
class PrepFailure {
  constructor(
    readonly err: number,
    readonly whole = false,
  ) {}
}

function fail(err: number): never {
  throw new PrepFailure(err);
}

function failWhole(): never {
  throw new PrepFailure(Err.MARSHALLINGERROR, true);
}

type SingleWrite = MultiWriteOp | (SetACLRequest & NullMarks) | { op: typeof Op.deleteContainer; path: string };

export type WriteRequest =
  | (CreateRequest & NullMarks)
  | SingleWrite
  | MultiRequest
  | { op: typeof Op.closeSession }
  | { op: typeof Op.deleteContainer; path: string }
  | ReconfigRequest
  | { op: typeof Op.createSession };

export function isWriteRequest(req: Request): req is WriteRequest {
  switch (req.op) {
    case Op.create:
    case Op.create2:
    case Op.createContainer:
    case Op.createTTL:
    case Op.delete:
    case Op.setData:
    case Op.setACL:
    case Op.multi:
    case Op.closeSession:
    case Op.deleteContainer:
    case Op.reconfig:
    case Op.createSession:
      return true;
    default:
      return false;
  }
}

/**
 * A write ZooKeeper fails before it becomes a txn: a multi with a null path in one of its ops
 * (ZooKeeper dereferences every op's path before preparing any), answered MARSHALLINGERROR with
 * an empty result list.
 */
export function answeredWithoutTxn(req: WriteRequest): { err: number; response?: Response } | null {
  if (req.op === Op.multi && req.malformed === undefined && req.ops.some((o) => o.nullPath)) {
    return { err: Err.MARSHALLINGERROR, response: { op: Op.multi, results: [] } };
  }
  return null;
}

/**
 * Prepares one write. Successful changes are recorded in `pending`; a failure leaves it
 * untouched and yields an error txn (or, for multi, a multi of error txns).
 */
export function prepareWrite(req: WriteRequest, pending: PendingChanges, ctx: PrepContext): TxnBody {
  if (req.op === Op.multi) {
    // Ops ZooKeeper cannot read as a multi fail it as a whole, still as a txn.
    if (req.malformed !== undefined) return { type: TxnType.error, err: Err.MARSHALLINGERROR };
    return prepareMulti(req.ops, pending, ctx);
  }
  if (req.op === Op.closeSession) return prepareCloseSession(pending, ctx);
  // Reconfiguration is not supported (ZooKeeper with reconfigEnabled=false); a client sending the
  // internal createSession opcode gets what ZooKeeper answers, a MARSHALLINGERROR. Both are txns.
  if (req.op === Op.reconfig) return { type: TxnType.error, err: Err.RECONFIGDISABLED };
  if (req.op === Op.createSession) return { type: TxnType.error, err: Err.MARSHALLINGERROR };
  // A single op records its changes in `pending` directly, without a scratch layer: every
  // check of prepareOne comes before its first `set`, so a failure leaves `pending` untouched.
  try {
    return prepareOne(req, pending, ctx);
  } catch (e) {
    if (e instanceof PrepFailure) return { type: TxnType.error, err: e.err };
    throw e;
  }
}

function prepareMulti(ops: MultiWriteOp[], pending: PendingChanges, ctx: PrepContext): TxnBody {
  const scratch = new ScratchChanges(pending);
  const bodies: TxnBody[] = [];
  for (let i = 0; i < ops.length; i++) {
    try {
      bodies.push(prepareOne(ops[i]!, scratch, ctx));
    } catch (e) {
      if (!(e instanceof PrepFailure)) throw e;
      if (e.whole) return { type: TxnType.error, err: e.err };
      // All-or-nothing: earlier ops report 0 (rolled back), this one its code, later ones -2.
      const failed: TxnBody[] = ops.map((_, j) => ({
        type: TxnType.error,
        err: j < i ? 0 : j === i ? e.err : Err.RUNTIMEINCONSISTENCY,
      }));
      return { type: TxnType.multi, ops: failed };
    }
  }
  for (const [p, v] of scratch.local) pending.set(p, ctx.zxid, v);
  return { type: TxnType.multi, ops: bodies };
}

function prepareCloseSession(pending: PendingChanges, ctx: PrepContext): TxnBody {
  // Ephemerals of the session, including ones created or deleted by txns still in flight.
  const mine = new Set<string>();
  for (const [p, v] of pending.changedPaths()) {
    if (v && v.ephemeralOwner === ctx.sessionId) mine.add(p);
  }
  const treeOwned = pending.treeEphemerals(ctx.sessionId);
  for (const p of treeOwned) if (pending.view(p)?.ephemeralOwner === ctx.sessionId) mine.add(p);
  const paths = [...mine].sort();
  for (const p of paths) {
    pending.set(p, ctx.zxid, null);
    const parent = pending.view(parentOf(p));
    if (parent) pending.set(parentOf(p), ctx.zxid, { ...parent, childCount: parent.childCount - 1 });
  }
  return { type: TxnType.closeSession, ephemerals: paths };
}

function requireSession(ctx: PrepContext): void {
  if (!ctx.sessionValid) fail(Err.SESSIONEXPIRED);
}

function requireNode(src: NodeSource, path: string): NodeView {
  return src.view(path) ?? fail(Err.NONODE);
}

function requirePerm(view: NodeView, perm: number, ctx: PrepContext): void {
  if (!checkPerm(view.acl, perm, ctx.authIds)) fail(Err.NOAUTH);
}

function checkVersion(current: number, expected: number): number {
  if (expected !== -1 && expected !== current) fail(Err.BADVERSION);
  return (current + 1) | 0;
}

function isSpecialPath(path: string): boolean {
  return path === '/' || path === '/zookeeper' || path === '/zookeeper/quota' || path === '/zookeeper/config';
}

/** ZooKeeper's getParentPathAndValidate: delete-style ops do not validate the whole path. */
function parentForDelete(path: string): string {
  if (path.lastIndexOf('/') === -1 || path.includes('\0') || isSpecialPath(path)) fail(Err.BADARGUMENTS);
  return parentOf(path);
}

function prepareOne(req: SingleWrite, src: Writable, ctx: PrepContext): TxnBody {
  switch (req.op) {
    case Op.create:
    case Op.create2:
    case Op.createContainer:
    case Op.createTTL:
      return prepareCreate(req, src, ctx);
    case Op.delete: {
      requireSession(ctx);
      if (req.nullPath) failWhole();
      const parentPath = parentForDelete(req.path);
      const parent = requireNode(src, parentPath);
      requirePerm(parent, Perms.DELETE, ctx);
      const node = requireNode(src, req.path);
      checkVersion(node.version, req.version);
      if (node.childCount > 0) fail(Err.NOTEMPTY);
      src.set(req.path, ctx.zxid, null);
      src.set(parentPath, ctx.zxid, { ...parent, childCount: parent.childCount - 1 });
      return { type: TxnType.delete, path: req.path };
    }
    case Op.deleteContainer: {
      const parentPath = parentForDelete(req.path);
      const node = requireNode(src, req.path);
      if (node.childCount > 0) fail(Err.NOTEMPTY);
      const kind = ownerKind(node.ephemeralOwner);
      if (kind !== 'container' && kind !== 'ttl') fail(Err.BADARGUMENTS);
      const parent = requireNode(src, parentPath);
      src.set(req.path, ctx.zxid, null);
      src.set(parentPath, ctx.zxid, { ...parent, childCount: parent.childCount - 1 });
      return { type: TxnType.deleteContainer, path: req.path };
    }
    case Op.setData: {
      requireSession(ctx);
      if (!isValidPath(req.path)) fail(Err.BADARGUMENTS);
      const node = requireNode(src, req.path);
      requirePerm(node, Perms.WRITE, ctx);
      if (ctx.quotaExceeded?.(req.path, req.data?.byteLength ?? 0, 'setData')) fail(Err.QUOTAEXCEEDED);
      const version = checkVersion(node.version, req.version);
      src.set(req.path, ctx.zxid, { ...node, version });
      return { type: TxnType.setData, path: req.path, data: req.data, version };
    }
    case Op.setACL: {
      requireSession(ctx);
      if (!isValidPath(req.path)) fail(Err.BADARGUMENTS);
      const acl = checkedAcl(req, ctx);
      const node = requireNode(src, req.path);
      requirePerm(node, Perms.ADMIN, ctx);
      const version = checkVersion(node.aversion, req.version);
      src.set(req.path, ctx.zxid, { ...node, acl, aversion: version });
      return { type: TxnType.setACL, path: req.path, acl, version };
    }
    case Op.check: {
      requireSession(ctx);
      if (!isValidPath(req.path)) fail(Err.BADARGUMENTS);
      const node = requireNode(src, req.path);
      requirePerm(node, Perms.READ, ctx);
      checkVersion(node.version, req.version);
      return { type: TxnType.check, path: req.path, version: req.version };
    }
  }
}

/**
 * What a create makes, as ZooKeeper decides it: the flags name a CreateMode (sequential, TTL
 * checks, and the owner prep's in-flight view records), but the opcode picks the txn, and the
 * txn alone decides the stored node: createContainer always makes a container, createTTL a TTL
 * node, and create/create2 an ephemeral or a plain persistent node (even with the CONTAINER
 * flag). See docs/compatibility.md, finding 6.
 */
function modeOf(req: CreateRequest): { ephemeral: boolean; sequential: boolean; container: boolean; ttl: boolean } {
  const f = req.flags;
  if (f < CreateFlags.PERSISTENT || f > CreateFlags.PERSISTENT_SEQUENTIAL_WITH_TTL) fail(Err.BADARGUMENTS);
  return {
    ephemeral: f === CreateFlags.EPHEMERAL || f === CreateFlags.EPHEMERAL_SEQUENTIAL,
    sequential: f === CreateFlags.PERSISTENT_SEQUENTIAL || f === CreateFlags.EPHEMERAL_SEQUENTIAL || f === CreateFlags.PERSISTENT_SEQUENTIAL_WITH_TTL,
    container: f === CreateFlags.CONTAINER,
    ttl: f === CreateFlags.PERSISTENT_WITH_TTL || f === CreateFlags.PERSISTENT_SEQUENTIAL_WITH_TTL,
  };
}

/** The owner the stored node gets: decided by the opcode (ZooKeeper's txn type). */
function storedOwner(req: CreateRequest, ephemeral: boolean, sessionId: bigint): bigint {
  switch (req.op) {
    case Op.createContainer:
      return CONTAINER_OWNER;
    case Op.createTTL:
      return TTL_OWNER_MASK | req.ttl;
    default:
      return ephemeral ? sessionId : 0n;
  }
}

/**
 * fixupAcl, failing as ZooKeeper does: INVALIDACL, or MARSHALLINGERROR where it meets a null.
 * The list it answers is the tree's shared one for its content (tree/acl-intern.ts), so that the
 * txn, its encodings (wire/records.ts caches those of frozen lists) and the node all share it.
 */
function checkedAcl(req: { acl: readonly ACL[] } & NullMarks, ctx: PrepContext): readonly ACL[] {
  const known = fixedUp.get(req.acl);
  if (known !== undefined) return known;
  const r = fixupAcl(req.acl, ctx.authIds, req.aclNulls, ctx.aclSchemes);
  if (r === 'null') failWhole();
  if (r === null) fail(Err.INVALIDACL);
  const acl = internAcl(r);
  if (req.aclNulls === undefined && fixupDependsOnListAlone(req.acl)) fixedUp.set(req.acl, acl);
  return acl;
}

/**
 * fixupAcl's valid answers for lists that alone decide it, by list: a decoded request's plain
 * list is a shared, frozen one (wire/records.ts, readPlainAclList), the same object for every
 * create that sends the same ACL.
 */
const fixedUp = new WeakMap<readonly ACL[], readonly ACL[]>();

/**
 * A deeply frozen list (it cannot change under the memo) whose entries' schemes need nothing
 * from the caller: `auth` expands to the caller's ids, and the optional providers (x509, sasl)
 * depend on the server's configuration; world, digest and ip on the entry alone.
 */
function fixupDependsOnListAlone(acl: readonly ACL[]): boolean {
  if (!Object.isFrozen(acl)) return false;
  for (const a of acl) {
    if (!Object.isFrozen(a) || !Object.isFrozen(a.id)) return false;
    const scheme = a.id.scheme;
    if (scheme !== 'world' && scheme !== 'digest' && scheme !== 'ip') return false;
  }
  return true;
}

function prepareCreate(req: CreateRequest & NullMarks, src: Writable, ctx: PrepContext): TxnBody {
  const mode = modeOf(req);
  // 1. TTL modes need extended types; the ttl must fit the mode. createTTL with any other mode
  //    is refused too: ZooKeeper accepts it with a negative ttl and then fails applying the txn.
  if (mode.ttl && !ctx.extendedTypesEnabled) fail(Err.UNIMPLEMENTED);
  if (mode.ttl ? req.ttl <= 0n || req.ttl > MAX_TTL : req.ttl >= 0n) fail(Err.BADARGUMENTS);
  if (req.op === Op.createTTL && !mode.ttl) fail(Err.BADARGUMENTS);
  // 2. session
  requireSession(ctx);
  // 3. the path has a parent and no NUL
  if (req.nullPath) failWhole();
  if (req.path.lastIndexOf('/') === -1 || req.path.includes('\0')) fail(Err.BADARGUMENTS);
  const parentPath = parentOf(req.path);
  // 4. ACL
  const acl = checkedAcl(req, ctx);
  // 5. parent exists and grants CREATE
  const parent = requireNode(src, parentPath);
  requirePerm(parent, Perms.CREATE, ctx);
  // 6. sequential suffix from the parent's creation counter
  let path = req.path;
  if (mode.sequential) path += formatSequence(parent.cversion);
  // 7. the full path must be valid (and short enough for storage to key it)
  if (!isValidPath(path) || !fitsStoredPath(path)) fail(Err.BADARGUMENTS);
  // 8. not there yet
  if (src.view(path) !== null) fail(Err.NODEEXISTS);
  // 9. ephemeral nodes have no children
  if (ownerKind(parent.ephemeralOwner) === 'session') fail(Err.NOCHILDRENFOREPHEMERALS);
  // 10. quota (hard limits, when enforced)
  if (ctx.quotaExceeded?.(path, req.data?.byteLength ?? 0, 'create')) fail(Err.QUOTAEXCEEDED);
  const ephemeralOwner = storedOwner(req, mode.ephemeral, ctx.sessionId);
  // Later ops of the same multi (and writes in flight behind this one) see the owner the flags
  // name, as ZooKeeper's outstanding-change record does, whatever the txn will store.
  const viewOwner = mode.container ? CONTAINER_OWNER : mode.ttl ? TTL_OWNER_MASK | req.ttl : mode.ephemeral ? ctx.sessionId : 0n;
  const parentCversion = (parent.cversion + 1) | 0;
  src.set(parentPath, ctx.zxid, { ...parent, cversion: parentCversion, childCount: parent.childCount + 1 });
  src.set(path, ctx.zxid, { acl, version: 0, cversion: 0, aversion: 0, ephemeralOwner: viewOwner, childCount: 0 });
  return { type: TxnType.create, path, data: req.data, acl, ephemeralOwner, parentCversion };
}

/** Java's String.format("%010d", n): ten digits, a minus sign taking one of them when negative. */
export function formatSequence(n: number): string {
  return n < 0 ? '-' + String(-n).padStart(9, '0') : String(n).padStart(10, '0');
}
