/**
 * Transactions: the deterministic result of preparing a write. Everything that apply needs is
 * decided at prep time (sequential names, the parent's counter, the time, which ephemerals a
 * closing session owns), so that every replica applying the same txn reaches the same tree.
 * The log stores txns in this encoding; Zab proposals carry it too.
 */
import { asZxid, type Zxid } from '../base/zxid.js';
import { DecodeError, JuteReader, JuteWriter } from './jute.js';
import { ACL, readSharedAclList, writeAclList } from './records.js';

export const TxnType = {
  createSession: -10,
  closeSession: -11,
  error: -1,
  create: 1,
  delete: 2,
  setData: 5,
  setACL: 7,
  check: 13,
  multi: 14,
  /** Container or TTL reaping: a delete issued by the server itself. */
  deleteContainer: 20,
} as const;

export type TxnBody =
  | { type: typeof TxnType.createSession; timeout: number; passwd: Uint8Array }
  | { type: typeof TxnType.closeSession; ephemerals: string[] }
  | { type: typeof TxnType.error; err: number }
  | {
      type: typeof TxnType.create;
      path: string;
      data: Uint8Array | null;
      /** Often a shared, frozen list (tree/acl-intern.ts, readSharedAclList): never changed in place. */
      acl: readonly ACL[];
      /** Session id for ephemerals; CONTAINER_OWNER or TTL_OWNER_MASK|ttl for those kinds; else 0. */
      ephemeralOwner: bigint;
      /** The parent's stored child-creation counter after this create. */
      parentCversion: number;
    }
  | { type: typeof TxnType.delete; path: string }
  | { type: typeof TxnType.deleteContainer; path: string }
  | { type: typeof TxnType.setData; path: string; data: Uint8Array | null; version: number }
  | { type: typeof TxnType.setACL; path: string; acl: readonly ACL[]; version: number }
  | { type: typeof TxnType.check; path: string; version: number }
  | { type: typeof TxnType.multi; ops: TxnBody[] };

export interface TxnHeader {
  sessionId: bigint;
  cxid: number;
  zxid: Zxid;
  /** Wall-clock ms chosen by the server that prepared the txn: ctime/mtime come from here. */
  time: number;
}

export interface Txn extends TxnHeader {
  body: TxnBody;
}

/**
 * The body with every znode data array copied into memory of its own. A decoded txn's data is a
 * piece of jute.ts's shared pool (held until applied, then let go of); one kept for long (a
 * PROPOSAL queued behind a learner's sync stream, for as long as a snapshot takes) would keep
 * whole pools alive.
 */
export function withOwnData(body: TxnBody): TxnBody {
  switch (body.type) {
    case TxnType.create:
    case TxnType.setData:
      return body.data === null ? body : { ...body, data: body.data.slice() };
    case TxnType.multi:
      return { ...body, ops: body.ops.map(withOwnData) };
    default:
      return body;
  }
}

const TXN_FORMAT = 1;

function writeBody(w: JuteWriter, b: TxnBody): void {
  w.int(b.type);
  switch (b.type) {
    case TxnType.createSession:
      w.int(b.timeout).buffer(b.passwd);
      return;
    case TxnType.closeSession:
      w.vector(b.ephemerals, (ww, p) => ww.ustring(p));
      return;
    case TxnType.error:
      w.int(b.err);
      return;
    case TxnType.create:
      w.ustring(b.path).buffer(b.data);
      writeAclList(w, b.acl);
      w.long(b.ephemeralOwner).int(b.parentCversion);
      return;
    case TxnType.delete:
    case TxnType.deleteContainer:
      w.ustring(b.path);
      return;
    case TxnType.setData:
      w.ustring(b.path).buffer(b.data).int(b.version);
      return;
    case TxnType.setACL:
      w.ustring(b.path);
      writeAclList(w, b.acl);
      w.int(b.version);
      return;
    case TxnType.check:
      w.ustring(b.path).int(b.version);
      return;
    case TxnType.multi:
      w.vector(b.ops, writeBody);
      return;
  }
}

/** `inMulti`: an op of a multi, which cannot itself be a multi (nor, then, nest without bound). */
function readBody(r: JuteReader, inMulti = false): TxnBody {
  const type = r.int();
  switch (type) {
    case TxnType.createSession:
      return { type, timeout: r.int(), passwd: r.ownedBuffer() ?? new Uint8Array(0) };
    case TxnType.closeSession:
      return { type, ephemerals: r.list((x) => x.string()) };
    case TxnType.error:
      return { type, err: r.int() };
    case TxnType.create:
      return {
        type,
        path: r.string(),
        data: r.pooledBuffer(), // held until applied: the tree keeps data as a string of its own
        acl: readSharedAclList(r),
        ephemeralOwner: r.long(),
        parentCversion: r.int(),
      };
    case TxnType.delete:
    case TxnType.deleteContainer:
      return { type, path: r.string() };
    case TxnType.setData:
      return { type, path: r.string(), data: r.pooledBuffer(), version: r.int() };
    case TxnType.setACL:
      return { type, path: r.string(), acl: readSharedAclList(r), version: r.int() };
    case TxnType.check:
      return { type, path: r.string(), version: r.int() };
    case TxnType.multi:
      if (inMulti) throw new DecodeError('multi inside a multi');
      return { type, ops: r.list((x) => readBody(x, true)) };
    default:
      throw new DecodeError(`unknown txn type ${type}`);
  }
}

export function encodeTxn(t: Txn): Uint8Array {
  const w = new JuteWriter(256); // a create or setData of ~100 bytes fits without growing
  writeTxn(w, t);
  return w.toBytes();
}

/** A txn written where `w` stands (a quorum packet writes it straight into its frame). */
export function writeTxn(w: JuteWriter, t: Txn): void {
  w.byte(TXN_FORMAT).long(t.sessionId).int(t.cxid).long(t.zxid).longNumber(t.time);
  writeBody(w, t.body);
}

export function decodeTxn(bytes: Uint8Array): Txn {
  return readTxn(new JuteReader(bytes));
}

/** A txn read from where `r` stands (a quorum packet's payload checks that nothing follows it). */
export function readTxn(r: JuteReader): Txn {
  const format = r.byte();
  if (format !== TXN_FORMAT) throw new DecodeError(`unknown txn format ${format}`);
  const sessionId = r.long();
  const cxid = r.int();
  const zxid = asZxid(r.long());
  const time = r.longNumber();
  return { sessionId, cxid, zxid, time, body: readBody(r) };
}
