/**
 * Client requests and their responses (wire reference §6–§8): one union member per opcode
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
  readStat,
  writeAclList,
  writeClientInfo,
  writeStat,
} from './records.js';

type CreateOp = typeof Op.create | typeof Op.create2 | typeof Op.createContainer | typeof Op.createTTL;
type WatchedReadOp = typeof Op.exists | typeof Op.getData | typeof Op.getChildren | typeof Op.getChildren2;

export interface CreateRequest {
  op: CreateOp;
  path: string;
  data: Uint8Array | null;
  acl: ACL[];
  flags: number;
  /** Only createTTL carries a ttl; -1n otherwise. */
  ttl: bigint;
}
export interface DeleteRequest { op: typeof Op.delete; path: string; version: number }
export interface CheckRequest { op: typeof Op.check; path: string; version: number }
export interface SetDataRequest { op: typeof Op.setData; path: string; data: Uint8Array | null; version: number }
export interface WatchedReadRequest { op: WatchedReadOp; path: string; watch: boolean }
export interface GetACLRequest { op: typeof Op.getACL; path: string }
export interface SetACLRequest { op: typeof Op.setACL; path: string; acl: ACL[]; version: number }
export interface SyncRequest { op: typeof Op.sync; path: string }
export interface EmptyRequest {
  op: typeof Op.ping | typeof Op.closeSession | typeof Op.whoAmI;
}
export interface MultiRequest { op: typeof Op.multi; ops: MultiWriteOp[] }
export interface MultiReadRequest { op: typeof Op.multiRead; ops: WatchedReadRequest[] }
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

export type MultiWriteOp = CreateRequest | DeleteRequest | SetDataRequest | CheckRequest;

export type Request =
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
  | AddWatchRequest;

/** Thrown for an opcode this protocol does not define (the server answers UNIMPLEMENTED). */
export class UnknownOpError extends Error {
  override name = 'UnknownOpError';
  constructor(readonly op: number) {
    super(`unknown opcode ${op}`);
  }
}

const stringList = (r: JuteReader) => r.list((x) => x.string());

function readCreate(op: CreateOp, r: JuteReader): CreateRequest {
  const path = r.string();
  const data = r.ownedBuffer(); // becomes znode data: must not pin the client's frame
  const acl = readAclList(r);
  const flags = r.int();
  const ttl = op === Op.createTTL ? r.long() : -1n;
  return { op, path, data, acl, flags, ttl };
}

/** Decodes the record that follows a RequestHeader of type `op`. */
export function readRequest(op: number, r: JuteReader): Request {
  switch (op) {
    case Op.create:
    case Op.create2:
    case Op.createContainer:
    case Op.createTTL:
      return readCreate(op, r);
    case Op.delete:
      return { op, path: r.string(), version: r.int() };
    case Op.check:
      return { op, path: r.string(), version: r.int() };
    case Op.setData:
      return { op, path: r.string(), data: r.ownedBuffer(), version: r.int() };
    case Op.exists:
    case Op.getData:
    case Op.getChildren:
    case Op.getChildren2:
      return { op, path: r.string(), watch: r.bool() };
    case Op.getACL:
      return { op, path: r.string() };
    case Op.setACL:
      return { op, path: r.string(), acl: readAclList(r), version: r.int() };
    case Op.sync:
      return { op, path: r.string() };
    case Op.ping:
    case Op.closeSession:
    case Op.whoAmI:
      return { op };
    case Op.multi:
      return { op, ops: readMultiOps(r, false) as MultiWriteOp[] };
    case Op.multiRead:
      return { op, ops: readMultiOps(r, true) as WatchedReadRequest[] };
    case Op.reconfig:
      return { op, joiningServers: r.ustring(), leavingServers: r.ustring(), newMembers: r.ustring(), curConfigId: r.long() };
    case Op.checkWatches:
    case Op.removeWatches:
      return { op, path: r.string(), type: r.int() };
    case Op.deleteContainer:
      return { op, path: new TextDecoder().decode(r.buffer() ?? new Uint8Array(0)) };
    case Op.auth:
      return { op, type: r.int(), scheme: r.string(), auth: r.buffer() ?? new Uint8Array(0) };
    case Op.setWatches:
    case Op.setWatches2: {
      const relativeZxid = r.long();
      const dataWatches = stringList(r);
      const existWatches = stringList(r);
      const childWatches = stringList(r);
      const two = op === Op.setWatches2;
      return {
        op,
        relativeZxid,
        dataWatches,
        existWatches,
        childWatches,
        persistentWatches: two ? stringList(r) : [],
        persistentRecursiveWatches: two ? stringList(r) : [],
      };
    }
    case Op.sasl:
      return { op, token: r.buffer() };
    case Op.getEphemerals:
      return { op, prefixPath: r.string() };
    case Op.getAllChildrenNumber:
      return { op, path: r.string() };
    case Op.addWatch:
      return { op, path: r.string(), mode: r.int() };
    default:
      throw new UnknownOpError(op);
  }
}

const MULTI_WRITE_OPS = new Set<number>([Op.create, Op.create2, Op.createContainer, Op.createTTL, Op.delete, Op.setData, Op.check]);
const MULTI_READ_OPS = new Set<number>([Op.getChildren, Op.getData]);

function readMultiOps(r: JuteReader, reads: boolean): Request[] {
  const ops: Request[] = [];
  for (;;) {
    const type = r.int();
    const done = r.bool();
    r.int(); // err, always -1 in requests
    if (done) return ops;
    const allowed = reads ? MULTI_READ_OPS : MULTI_WRITE_OPS;
    if (!allowed.has(type)) throw new DecodeError(`opcode ${type} is not allowed in ${reads ? 'multiRead' : 'multi'}`);
    ops.push(readRequest(type, r));
  }
}

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
  | { op: typeof Op.sync; path: string }
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

const strList = (w: JuteWriter, l: string[]) => w.vector(l, (ww, s) => ww.ustring(s));

/** Encodes a response record (everything after the ReplyHeader; only sent when err == 0). */
export function writeResponse(w: JuteWriter, res: Response | MultiResult): void {
  switch (res.op) {
    case Op.create:
    case Op.sync:
      w.ustring(res.path);
      return;
    case Op.create2:
    case Op.createContainer:
    case Op.createTTL:
      w.ustring(res.path);
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
      writeAclList(w, res.acl);
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
      w.vector(res.clientInfo, writeClientInfo);
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
      return { op, path: r.string() };
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
