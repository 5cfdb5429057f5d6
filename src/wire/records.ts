/** Shared records and the connect handshake (docs/client-protocol.md, "Records", "Handshake"). */
import { JuteReader, JuteWriter } from './jute.js';

export interface Id {
  scheme: string;
  id: string;
}

export interface ACL {
  perms: number;
  id: Id;
}

export interface ClientInfo {
  authScheme: string;
  user: string;
}

export interface Stat {
  czxid: bigint;
  mzxid: bigint;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  dataLength: number;
  numChildren: number;
  pzxid: bigint;
}

export const STAT_SIZE = 68;

export function writeId(w: JuteWriter, id: Id): void {
  w.ustring(id.scheme).ustring(id.id);
}

export function readId(r: JuteReader): Id {
  return { scheme: r.string(), id: r.string() };
}

export function writeAcl(w: JuteWriter, acl: ACL): void {
  w.int(acl.perms);
  writeId(w, acl.id);
}

export function readAcl(r: JuteReader): ACL {
  return { perms: r.int(), id: readId(r) };
}

/**
 * The encoding of each deeply frozen ACL list met so far. Frozen lists cannot change, and nearly
 * every write carries one of a handful of them (the tree's interned lists, tree/acl-intern.ts, and
 * the lists `readSharedAclList` hands out): each create wrote the same ACL strings again into its
 * txn, its PROPOSAL and the stored records of the node (docs/performance.md, section 14).
 */
const encodedAcls = new WeakMap<readonly ACL[], Uint8Array>();

export function writeAclList(w: JuteWriter, acls: readonly ACL[] | null): void {
  if (acls === null) {
    w.int(-1);
    return;
  }
  const known = encodedAcls.get(acls);
  if (known !== undefined) {
    w.raw(known);
    return;
  }
  const from = w.length;
  w.vector(acls, writeAcl);
  if (isDeeplyFrozen(acls)) encodedAcls.set(acls, w.copyOut(from));
}

function isDeeplyFrozen(acls: readonly ACL[]): boolean {
  if (!Object.isFrozen(acls)) return false;
  for (const a of acls) if (!Object.isFrozen(a) || !Object.isFrozen(a.id)) return false;
  return true;
}

export function readAclList(r: JuteReader): ACL[] {
  return r.list(readAcl);
}

/**
 * Recently decoded ACL lists, by their bytes: a list read again is the same frozen object, not
 * fresh strings and records, and the tree interns it (tree/acl-intern.ts) with one WeakMap
 * look-up instead of building a key from its strings. A handful of entries: a write load uses
 * one or two lists.
 */
const SHARED_ACLS = 8;
const sharedAcls: { bytes: Uint8Array; list: readonly ACL[] }[] = [];
let nextSharedSlot = 0;

/**
 * An ACL list as readAclList reads it, but deeply frozen and shared with earlier reads of the
 * same bytes. For decoders whose lists are never changed (txns, requests the server prepares):
 * freezing a client's own lists (getACL's answer) would change what its callers may do with
 * them. Lists with a null string are read as readAclList reads them (and frozen).
 */
export function readSharedAclList(r: JuteReader): readonly ACL[] {
  return readPlainAclList(r) ?? freezeAclList(readAclList(r));
}

/**
 * readSharedAclList for a plain list (1 to 16 entries, no null string, all inside the reader);
 * null, with nothing read, for any other.
 */
export function readPlainAclList(r: JuteReader): readonly ACL[] | null {
  const bytes = r.bytes;
  const start = r.offset;
  const end = aclListEnd(bytes, start, start + r.remaining);
  if (end === -1) return null;
  const n = end - start;
  for (let i = 0; i < sharedAcls.length; i++) {
    const e = sharedAcls[i]!;
    if (e.bytes.byteLength === n && sameBytes(e.bytes, bytes, start, n)) {
      r.offset = end;
      return e.list;
    }
  }
  const list = freezeAclList(readAclList(r));
  // A copy: r.bytes may be a view into a socket's receive buffer (Buffer#slice would be one too).
  sharedAcls[nextSharedSlot] = { bytes: new Uint8Array(r.bytes.subarray(start, end)), list };
  nextSharedSlot = (nextSharedSlot + 1) % SHARED_ACLS;
  return list;
}

/** An ACL list and its records and ids, frozen in place (a list shared between decodes). */
export function freezeAclList(acl: ACL[]): readonly ACL[] {
  for (const a of acl) {
    Object.freeze(a.id);
    Object.freeze(a);
  }
  return Object.freeze(acl);
}

/** The big-endian int32 at `at` (a scan ahead of a JuteReader, without a DataView). */
export function int32At(b: Uint8Array, at: number): number {
  return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
}

/**
 * Where an ACL list that starts at `at` ends, without decoding it; -1 for anything but a short
 * list of entries with non-null strings inside `limit`.
 */
function aclListEnd(b: Uint8Array, at: number, limit: number): number {
  if (at + 4 > limit) return -1;
  const count = int32At(b, at);
  if (count < 1 || count > 16) return -1;
  let o = at + 4;
  for (let i = 0; i < count; i++) {
    o += 4; // perms
    for (let s = 0; s < 2; s++) {
      if (o + 4 > limit) return -1;
      const len = int32At(b, o);
      o += 4;
      if (len < 0 || o + len > limit) return -1;
      o += len;
    }
  }
  return o;
}

/** Whether `b[at, at + n)` holds the first `n` bytes of `known`. */
export function sameBytes(known: Uint8Array, b: Uint8Array, at: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (known[i] !== b[at + i]) return false;
  return true;
}

export function writeStat(w: JuteWriter, s: Stat): void {
  w.long(s.czxid).long(s.mzxid).longNumber(s.ctime).longNumber(s.mtime);
  w.int(s.version).int(s.cversion).int(s.aversion);
  w.long(s.ephemeralOwner).int(s.dataLength).int(s.numChildren).long(s.pzxid);
}

export function readStat(r: JuteReader): Stat {
  return {
    czxid: r.long(),
    mzxid: r.long(),
    ctime: r.longNumber(),
    mtime: r.longNumber(),
    version: r.int(),
    cversion: r.int(),
    aversion: r.int(),
    ephemeralOwner: r.long(),
    dataLength: r.int(),
    numChildren: r.int(),
    pzxid: r.long(),
  };
}

export function writeClientInfo(w: JuteWriter, c: ClientInfo): void {
  w.ustring(c.authScheme).ustring(c.user);
}

export function readClientInfo(r: JuteReader): ClientInfo {
  return { authScheme: r.string(), user: r.string() };
}

export const WORLD_ANYONE: Id = { scheme: 'world', id: 'anyone' };
export const AUTH_IDS: Id = { scheme: 'auth', id: '' };
export const OPEN_ACL_UNSAFE: ACL[] = [{ perms: 31, id: WORLD_ANYONE }];
export const CREATOR_ALL_ACL: ACL[] = [{ perms: 31, id: AUTH_IDS }];
export const READ_ACL_UNSAFE: ACL[] = [{ perms: 1, id: WORLD_ANYONE }];

// ---- handshake ----

export const PASSWORD_LENGTH = 16;

export interface ConnectRequest {
  protocolVersion: number;
  lastZxidSeen: bigint;
  timeOut: number;
  sessionId: bigint;
  passwd: Uint8Array;
  /** undefined when the client did not send the optional byte (node-zookeeper-client, pre-3.4). */
  readOnly: boolean | undefined;
}

export function readConnectRequest(r: JuteReader): ConnectRequest {
  const protocolVersion = r.int();
  const lastZxidSeen = r.long();
  const timeOut = r.int();
  const sessionId = r.long();
  const passwd = r.buffer() ?? new Uint8Array(0);
  const readOnly = r.remaining > 0 ? r.bool() : undefined;
  return { protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly };
}

export function writeConnectRequest(w: JuteWriter, c: ConnectRequest): void {
  w.int(c.protocolVersion).long(c.lastZxidSeen).int(c.timeOut).long(c.sessionId).buffer(c.passwd);
  if (c.readOnly !== undefined) w.bool(c.readOnly);
}

export interface ConnectResponse {
  protocolVersion: number;
  timeOut: number;
  sessionId: bigint;
  passwd: Uint8Array;
  readOnly: boolean | undefined;
}

export function writeConnectResponse(w: JuteWriter, c: ConnectResponse): void {
  w.int(c.protocolVersion).int(c.timeOut).long(c.sessionId).buffer(c.passwd);
  if (c.readOnly !== undefined) w.bool(c.readOnly);
}

export function readConnectResponse(r: JuteReader): ConnectResponse {
  const protocolVersion = r.int();
  const timeOut = r.int();
  const sessionId = r.long();
  const passwd = r.buffer() ?? new Uint8Array(0);
  const readOnly = r.remaining > 0 ? r.bool() : undefined;
  return { protocolVersion, timeOut, sessionId, passwd, readOnly };
}

// ---- headers ----

export interface RequestHeader {
  xid: number;
  type: number;
}

export interface ReplyHeader {
  xid: number;
  zxid: bigint;
  err: number;
}

export function readReplyHeader(r: JuteReader): ReplyHeader {
  return { xid: r.int(), zxid: r.long(), err: r.int() };
}

export function writeReplyHeader(w: JuteWriter, h: ReplyHeader): void {
  w.int(h.xid).long(h.zxid).int(h.err);
}

export interface WatcherEvent {
  type: number;
  state: number;
  path: string;
}

/** Server side: the path is written as ZooKeeper writes strings (JuteWriter.jstring). */
export function writeWatcherEvent(w: JuteWriter, e: WatcherEvent): void {
  w.int(e.type).int(e.state).jstring(e.path);
}

export function readWatcherEvent(r: JuteReader): WatcherEvent {
  return { type: r.int(), state: r.int(), path: r.string() };
}
