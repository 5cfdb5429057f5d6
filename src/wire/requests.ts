/**
 * Client requests and their responses (docs/client-protocol.md, "Opcodes"): one union member per opcode
 * family, and codecs in both directions (the server decodes requests, the client library
 * encodes them; and the reverse for responses).
 */
import { DecodeError, JuteReader, JuteWriter } from './jute.js';
import { Op } from './constants.js';
import {
  ACL,
  ClientInfo,
  Stat,
  readAclList,
  readClientInfo,
  readPlainAclList,
  readStat,
  writeAclList,
  writeStat,
} from './records.js';

/**
 * Where a request carried null strings (length -1) that ZooKeeper dereferences: its answers
 * depend on them (docs/compatibility.md, finding 7), so the decoder records them. The decoded
 * strings themselves read as "".
 */
export interface NullMarks {
  /** The path (or getEphemerals' prefix) was null. */
  nullPath?: true;
  /** Per ACL entry: was its scheme / id null (only present when one was). */
  aclNulls?: { scheme: boolean; id: boolean }[];
  /** setWatches: index, over the data, exist and child lists in that order, of the first null path. */
  firstNullWatch?: number;
}

type CreateOp = typeof Op.create | typeof Op.create2 | typeof Op.createContainer | typeof Op.createTTL;
type WatchedReadOp = typeof Op.exists | typeof Op.getData | typeof Op.getChildren | typeof Op.getChildren2;

export interface CreateRequest {
  op: CreateOp;
  path: string;
  data: Uint8Array | null;
  /** Decoded by the server: a shared, frozen list when it has no null (readAcls). */
  acl: readonly ACL[];
  flags: number;
  /** Only createTTL carries a ttl; -1n otherwise. */
  ttl: bigint;
}
export interface DeleteRequest { op: typeof Op.delete; path: string; version: number }
export interface CheckRequest { op: typeof Op.check; path: string; version: number }
export interface SetDataRequest { op: typeof Op.setData; path: string; data: Uint8Array | null; version: number }
export interface WatchedReadRequest { op: WatchedReadOp; path: string; watch: boolean }
export interface GetACLRequest { op: typeof Op.getACL; path: string }
export interface SetACLRequest { op: typeof Op.setACL; path: string; acl: readonly ACL[]; version: number }
export interface SyncRequest { op: typeof Op.sync; path: string }
export interface EmptyRequest {
  /** createSession here is a client sending that internal opcode: ZooKeeper fails it (MARSHALLINGERROR). */
  op: typeof Op.ping | typeof Op.closeSession | typeof Op.whoAmI | typeof Op.createSession;
}
/**
 * `malformed`: the ops could not be read as ZooKeeper reads them (an opcode a multi may not
 * hold, reads mixed with writes, an unknown create mode): answered MARSHALLINGERROR, and for a
 * multi that answer is a txn, as in ZooKeeper. `ops` then holds what was read before.
 */
export interface MultiRequest { op: typeof Op.multi; ops: MultiWriteOp[]; malformed?: string }
export interface MultiReadRequest { op: typeof Op.multiRead; ops: (WatchedReadRequest & NullMarks)[]; malformed?: string; writesOnly?: true }
export interface ReconfigRequest {
  op: typeof Op.reconfig;
  joiningServers: string | null;
  leavingServers: string | null;
  newMembers: string | null;
  curConfigId: bigint;
}
export interface WatchesRequest { op: typeof Op.checkWatches | typeof Op.removeWatches; path: string; type: number }
export interface DeleteContainerRequest { op: typeof Op.deleteContainer; path: string }
export interface AuthRequest { op: typeof Op.auth; type: number; scheme: string; auth: Uint8Array }
export interface SetWatchesRequest {
  op: typeof Op.setWatches | typeof Op.setWatches2;
  relativeZxid: bigint;
  dataWatches: string[];
  existWatches: string[];
  childWatches: string[];
  persistentWatches: string[];
  persistentRecursiveWatches: string[];
}
export interface SaslRequest { op: typeof Op.sasl; token: Uint8Array | null }
export interface GetEphemeralsRequest { op: typeof Op.getEphemerals; prefixPath: string }
export interface PathRequest { op: typeof Op.getAllChildrenNumber; path: string }
export interface AddWatchRequest { op: typeof Op.addWatch; path: string; mode: number }

export type MultiWriteOp = (CreateRequest | DeleteRequest | SetDataRequest | CheckRequest) & NullMarks;

export type Request = (
  | CreateRequest
  | DeleteRequest
  | CheckRequest
  | SetDataRequest
  | WatchedReadRequest
  | GetACLRequest
  | SetACLRequest
  | SyncRequest
  | EmptyRequest
  | MultiRequest
  | MultiReadRequest
  | ReconfigRequest
  | WatchesRequest
  | DeleteContainerRequest
  | AuthRequest
  | SetWatchesRequest
  | SaslRequest
  | GetEphemeralsRequest
  | PathRequest
  | AddWatchRequest
) & NullMarks;

/** Thrown for an opcode this protocol does not define (the server answers UNIMPLEMENTED). */
export class UnknownOpError extends Error {
  override name = 'UnknownOpError';
  constructor(readonly op: number) {
    super(`unknown opcode ${op}`);
  }
}

const stringList = (r: JuteReader) => r.list((x) => x.string());

/** A path, noting whether it was null. */
function readPath(r: JuteReader, marks: NullMarks): string {
  const p = r.ustring();
  if (p === null) marks.nullPath = true;
  return p ?? '';
}

/**
 * An ACL list, noting null schemes and ids. A plain list (no null) is the shared, frozen one
 * for its bytes (readPlainAclList): the server never changes a request's list.
 */
function readAcls(r: JuteReader, marks: NullMarks): readonly ACL[] {
  const plain = readPlainAclList(r);
  if (plain !== null) return plain;
  const nulls: { scheme: boolean; id: boolean }[] = [];
  const acl = r.list((x) => {
    const perms = x.int();
    const scheme = x.ustring();
    const id = x.ustring();
    nulls.push({ scheme: scheme === null, id: id === null });
    return { perms, id: { scheme: scheme ?? '', id: id ?? '' } };
  });
  if (nulls.some((n) => n.scheme || n.id)) marks.aclNulls = nulls;
  return acl;
}

function readCreate(op: CreateOp, r: JuteReader): CreateRequest & NullMarks {
  const marks: NullMarks = {};
  const path = readPath(r, marks);
  const data = r.pooledBuffer(); // becomes znode data: must not pin the client's frame (the tree keeps it as a string)
  const acl = readAcls(r, marks);
  const flags = r.int();
  const ttl = op === Op.createTTL ? r.long() : -1n;
  return { op, path, data, acl, flags, ttl, ...marks };
}

/** Copies the marks that were set (so that requests without nulls carry no extra fields). */
function withMarks<T extends object>(req: T, marks: NullMarks): T & NullMarks {
  return Object.keys(marks).length === 0 ? req : { ...req, ...marks };
}

/** Decodes the record that follows a RequestHeader of type `op`. */
export function readRequest(op: number, r: JuteReader): Request {
  const m: NullMarks = {};
  switch (op) {
    case Op.create:
    case Op.create2:
    case Op.createContainer:
    case Op.createTTL:
      return readCreate(op, r);
    case Op.delete:
      return withMarks({ op, path: readPath(r, m), version: r.int() }, m);
    case Op.check:
      return withMarks({ op, path: readPath(r, m), version: r.int() }, m);
    case Op.setData:
      return withMarks({ op, path: readPath(r, m), data: r.pooledBuffer(), version: r.int() }, m);
    case Op.exists:
    case Op.getData:
    case Op.getChildren:
    case Op.getChildren2:
      return withMarks({ op, path: readPath(r, m), watch: r.bool() }, m);
    case Op.getACL:
      return withMarks({ op, path: readPath(r, m) }, m);
    case Op.setACL:
      return withMarks({ op, path: readPath(r, m), acl: readAcls(r, m), version: r.int() }, m);
    case Op.sync:
      return withMarks({ op, path: readPath(r, m) }, m);
    case Op.ping:
    case Op.closeSession:
    case Op.whoAmI:
    case Op.createSession:
      return { op };
    case Op.multi:
      return readMulti(r);
    case Op.multiRead:
      return readMultiRead(r);
    case Op.reconfig:
      return { op, joiningServers: r.ustring(), leavingServers: r.ustring(), newMembers: r.ustring(), curConfigId: r.long() };
    case Op.checkWatches:
    case Op.removeWatches:
      return withMarks({ op, path: readPath(r, m), type: r.int() }, m);
    case Op.deleteContainer:
      return { op, path: new TextDecoder().decode(r.buffer() ?? new Uint8Array(0)) };
    case Op.auth:
      return { op, type: r.int(), scheme: r.string(), auth: r.buffer() ?? new Uint8Array(0) };
    case Op.setWatches:
    case Op.setWatches2: {
      const relativeZxid = r.long();
      let index = 0;
      const paths = (counted: boolean) =>
        r.list((x) => {
          const p = x.ustring();
          if (p === null && counted && m.firstNullWatch === undefined) m.firstNullWatch = index;
          if (counted) index++;
          return p ?? '';
        });
      const dataWatches = paths(true);
      const existWatches = paths(true);
      const childWatches = paths(true);
      const two = op === Op.setWatches2;
      return withMarks(
        {
          op,
          relativeZxid,
          dataWatches,
          existWatches,
          childWatches,
          persistentWatches: two ? paths(false) : [],
          persistentRecursiveWatches: two ? paths(false) : [],
        },
        m,
      );
    }
    case Op.sasl:
      return { op, token: r.buffer() };
    case Op.getEphemerals:
      return withMarks({ op, prefixPath: readPath(r, m) }, m);
    case Op.getAllChildrenNumber:
      return withMarks({ op, path: readPath(r, m) }, m);
    case Op.addWatch:
      return withMarks({ op, path: readPath(r, m), mode: r.int() }, m);
    default:
      throw new UnknownOpError(op);
  }
}

const MULTI_READ_OPS = new Set<number>([Op.getChildren, Op.getData]);
const CREATE_FLAGS_MAX = 6;
const isTtlFlag = (f: number) => f === 5 || f === 6;

/**
 * One create inside a multi, typed as ZooKeeper 3.8.6/3.9 type it when they read a multi (its
 * MultiOperationRecord and Op.create): the create mode named by the flags overrides the opcode
 * (a TTL mode makes it createTTL, without a ttl; CONTAINER makes it createContainer), and an
 * unknown mode makes the whole multi unreadable. A createTTL whose flags name no TTL mode is a
 * plain create (its ttl dropped).
 */
function readMultiCreate(type: CreateOp, r: JuteReader): (CreateRequest & NullMarks) | string {
  const req = readCreate(type, r);
  const f = req.flags;
  const known = f >= 0 && f <= CREATE_FLAGS_MAX;
  if (type !== Op.createTTL) {
    if (!known) return `invalid flag ${f} for create mode`;
    if (isTtlFlag(f)) return { ...req, op: Op.createTTL, ttl: -1n };
    if (f === 4) return { ...req, op: Op.createContainer };
    return req;
  }
  if (known && isTtlFlag(f)) return req;
  return { ...req, op: known && f === 4 ? Op.createContainer : Op.create, ttl: -1n };
}

function readMulti(r: JuteReader): MultiRequest {
  const ops: MultiWriteOp[] = [];
  try {
    for (;;) {
      const type = r.int();
      const done = r.bool();
      r.int(); // err, always -1 in requests
      if (done) return { op: Op.multi, ops };
      switch (type) {
        case Op.create:
        case Op.create2:
        case Op.createContainer:
        case Op.createTTL: {
          const c = readMultiCreate(type, r);
          if (typeof c === 'string') return { op: Op.multi, ops, malformed: c };
          ops.push(c);
          break;
        }
        case Op.delete:
        case Op.setData:
        case Op.check:
          ops.push(readRequest(type, r) as MultiWriteOp);
          break;
        case Op.getData:
        case Op.getChildren:
          return { op: Op.multi, ops, malformed: 'reads mixed with writes' };
        default:
          return { op: Op.multi, ops, malformed: `opcode ${type} is not allowed in multi` };
      }
    }
  } catch (e) {
    if (e instanceof DecodeError) return { op: Op.multi, ops, malformed: e.message };
    throw e;
  }
}

/**
 * A multiRead as ZooKeeper reads it: getData and getChildren only. Unreadable (another opcode,
 * reads mixed with writes): `malformed`, answered MARSHALLINGERROR with no body. Writes only:
 * readable, but ZooKeeper then fails on the first one with an empty result list
 * (`writesOnly`).
 */
function readMultiRead(r: JuteReader): MultiReadRequest {
  const ops: (WatchedReadRequest & NullMarks)[] = [];
  let writes = 0;
  try {
    for (;;) {
      const type = r.int();
      const done = r.bool();
      r.int();
      if (done) break;
      if (MULTI_READ_OPS.has(type)) {
        if (writes > 0) return { op: Op.multiRead, ops, malformed: 'reads mixed with writes' };
        const m: NullMarks = {};
        const path = readPath(r, m);
        r.bool(); // watch: ignored inside multiRead
        ops.push(withMarks({ op: type as WatchedReadOp, path, watch: false }, m));
      } else if (MULTI_WRITE_TYPES.has(type)) {
        if (ops.length > 0) return { op: Op.multiRead, ops, malformed: 'writes mixed with reads' };
        const c = type === Op.delete || type === Op.setData || type === Op.check ? readRequest(type, r) : readMultiCreate(type as CreateOp, r);
        if (typeof c === 'string') return { op: Op.multiRead, ops, malformed: c };
        writes++;
      } else {
        return { op: Op.multiRead, ops, malformed: `opcode ${type} is not allowed in multiRead` };
      }
    }
  } catch (e) {
    if (e instanceof DecodeError) return { op: Op.multiRead, ops, malformed: e.message };
    throw e;
  }
  return writes > 0 ? { op: Op.multiRead, ops: [], writesOnly: true } : { op: Op.multiRead, ops };
}

const MULTI_WRITE_TYPES = new Set<number>([Op.create, Op.create2, Op.createContainer, Op.createTTL, Op.delete, Op.setData, Op.check]);

export function writeMultiHeader(w: JuteWriter, type: number, done: boolean, err: number): void {
  w.int(type).bool(done).int(err);
}

/** Encodes a request record (everything after the RequestHeader). */
export function writeRequest(w: JuteWriter, req: Request): void {
  switch (req.op) {
    case Op.create:
    case Op.create2:
    case Op.createContainer:
    case Op.createTTL:
      w.ustring(req.path).buffer(req.data);
      writeAclList(w, req.acl);
      w.int(req.flags);
      if (req.op === Op.createTTL) w.long(req.ttl);
      return;
    case Op.delete:
    case Op.check:
      w.ustring(req.path).int(req.version);
      return;
    case Op.setData:
      w.ustring(req.path).buffer(req.data).int(req.version);
      return;
    case Op.exists:
    case Op.getData:
    case Op.getChildren:
    case Op.getChildren2:
      w.ustring(req.path).bool(req.watch);
      return;
    case Op.getACL:
    case Op.sync:
    case Op.getAllChildrenNumber:
      w.ustring(req.path);
      return;
    case Op.setACL:
      w.ustring(req.path);
      writeAclList(w, req.acl);
      w.int(req.version);
      return;
    case Op.ping:
    case Op.closeSession:
    case Op.whoAmI:
      return;
    case Op.multi:
    case Op.multiRead:
      for (const sub of req.ops) {
        writeMultiHeader(w, sub.op, false, -1);
        writeRequest(w, sub);
      }
      writeMultiHeader(w, -1, true, -1);
      return;
    case Op.reconfig:
      w.ustring(req.joiningServers).ustring(req.leavingServers).ustring(req.newMembers).long(req.curConfigId);
      return;
    case Op.checkWatches:
    case Op.removeWatches:
      w.ustring(req.path).int(req.type);
      return;
    case Op.deleteContainer:
      w.buffer(new TextEncoder().encode(req.path));
      return;
    case Op.auth:
      w.int(req.type).ustring(req.scheme).buffer(req.auth);
      return;
    case Op.setWatches:
    case Op.setWatches2: {
      const strs = (l: string[]) => w.vector(l, (ww, s) => ww.ustring(s));
      w.long(req.relativeZxid);
      strs(req.dataWatches);
      strs(req.existWatches);
      strs(req.childWatches);
      if (req.op === Op.setWatches2) {
        strs(req.persistentWatches);
        strs(req.persistentRecursiveWatches);
      }
      return;
    }
    case Op.sasl:
      w.buffer(req.token);
      return;
    case Op.getEphemerals:
      w.ustring(req.prefixPath);
      return;
    case Op.addWatch:
      w.ustring(req.path).int(req.mode);
      return;
  }
}

// ---------------------------------------------------------------- responses

export type Response =
  | { op: typeof Op.create; path: string }
  | { op: typeof Op.create2 | typeof Op.createContainer | typeof Op.createTTL; path: string; stat: Stat }
  | { op: typeof Op.exists | typeof Op.setData | typeof Op.setACL; stat: Stat }
  | { op: typeof Op.getData | typeof Op.reconfig; data: Uint8Array | null; stat: Stat }
  | { op: typeof Op.getACL; acl: ACL[]; stat: Stat }
  | { op: typeof Op.getChildren; children: string[] }
  | { op: typeof Op.getChildren2; children: string[]; stat: Stat }
  | { op: typeof Op.sync; path: string | null }
  | { op: typeof Op.multi | typeof Op.multiRead; results: MultiResult[] }
  | { op: typeof Op.getEphemerals; ephemerals: string[] }
  | { op: typeof Op.getAllChildrenNumber; totalNumber: number }
  | { op: typeof Op.addWatch }
  | { op: typeof Op.whoAmI; clientInfo: ClientInfo[] }
  | { op: typeof Op.sasl; token: Uint8Array | null }
  | {
      op:
        | typeof Op.delete
        | typeof Op.check
        | typeof Op.ping
        | typeof Op.closeSession
        | typeof Op.auth
        | typeof Op.setWatches
        | typeof Op.setWatches2
        | typeof Op.checkWatches
        | typeof Op.removeWatches
        | typeof Op.deleteContainer;
    };

/** One entry of a multi/multiRead reply; `op` is the result type (-1 for an error entry). */
export type MultiResult =
  | { op: typeof Op.error; err: number }
  | Exclude<Response, { op: typeof Op.multi | typeof Op.multiRead }>;

const strList = (w: JuteWriter, l: string[]) => w.vector(l, (ww, s) => ww.jstring(s));

/**
 * Encodes a response record (everything after the ReplyHeader; a few failures carry one too).
 * Server side: strings are written as ZooKeeper writes them (JuteWriter.jstring).
 */
export function writeResponse(w: JuteWriter, res: Response | MultiResult): void {
  switch (res.op) {
    case Op.create:
    case Op.sync:
      w.jstring(res.path);
      return;
    case Op.create2:
    case Op.createContainer:
    case Op.createTTL:
      w.jstring(res.path);
      writeStat(w, res.stat);
      return;
    case Op.exists:
    case Op.setData:
    case Op.setACL:
      writeStat(w, res.stat);
      return;
    case Op.getData:
    case Op.reconfig:
      w.buffer(res.data);
      writeStat(w, res.stat);
      return;
    case Op.getACL:
      w.vector(res.acl, (ww, a) => ww.int(a.perms).jstring(a.id.scheme).jstring(a.id.id));
      writeStat(w, res.stat);
      return;
    case Op.getChildren:
      strList(w, res.children);
      return;
    case Op.getChildren2:
      strList(w, res.children);
      writeStat(w, res.stat);
      return;
    case Op.multi:
    case Op.multiRead:
      for (const sub of res.results) {
        writeMultiHeader(w, sub.op, false, sub.op === Op.error ? sub.err : 0);
        writeResponse(w, sub);
      }
      writeMultiHeader(w, -1, true, -1);
      return;
    case Op.error:
      w.int(res.err);
      return;
    case Op.getEphemerals:
      strList(w, res.ephemerals);
      return;
    case Op.getAllChildrenNumber:
      w.int(res.totalNumber);
      return;
    case Op.addWatch:
      w.int(0); // ErrorResponse{0}: the Java client requires these 4 bytes
      return;
    case Op.whoAmI:
      w.vector(res.clientInfo, (ww, c) => ww.jstring(c.authScheme).jstring(c.user));
      return;
    case Op.sasl:
      w.buffer(res.token);
      return;
    default:
      return; // header-only replies
  }
}

/** Decodes the response record for a request of type `op` (client side). */
export function readResponse(op: number, r: JuteReader): Response {
  switch (op) {
    case Op.create:
      return { op, path: r.string() };
    case Op.sync:
      return { op, path: r.ustring() };
    case Op.create2:
    case Op.createContainer:
    case Op.createTTL:
      return { op, path: r.string(), stat: readStat(r) };
    case Op.exists:
    case Op.setData:
    case Op.setACL:
      return { op, stat: readStat(r) };
    case Op.getData:
    case Op.reconfig:
      return { op, data: r.buffer(), stat: readStat(r) };
    case Op.getACL:
      return { op, acl: readAclList(r), stat: readStat(r) };
    case Op.getChildren:
      return { op, children: stringList(r) };
    case Op.getChildren2:
      return { op, children: stringList(r), stat: readStat(r) };
    case Op.multi:
    case Op.multiRead:
      return { op, results: readMultiResults(r) };
    case Op.getEphemerals:
      return { op, ephemerals: stringList(r) };
    case Op.getAllChildrenNumber:
      return { op, totalNumber: r.int() };
    case Op.addWatch:
      if (r.remaining >= 4) r.int();
      return { op };
    case Op.whoAmI:
      return { op, clientInfo: r.list(readClientInfo) };
    case Op.sasl:
      return { op, token: r.buffer() };
    case Op.delete:
    case Op.check:
    case Op.ping:
    case Op.closeSession:
    case Op.auth:
    case Op.setWatches:
    case Op.setWatches2:
    case Op.checkWatches:
    case Op.removeWatches:
    case Op.deleteContainer:
      return { op };
    default:
      throw new UnknownOpError(op);
  }
}

function readMultiResults(r: JuteReader): MultiResult[] {
  const out: MultiResult[] = [];
  for (;;) {
    const type = r.int();
    const done = r.bool();
    const err = r.int();
    if (done) return out;
    if (type === Op.error) {
      out.push({ op: Op.error, err: r.int() });
      void err;
    } else {
      out.push(readResponse(type, r) as MultiResult);
    }
  }
}
