/**
 * Records as stored on disk (docs/architecture.md, "Storage"): one per znode (keyed by path) and one per session
 * (keyed by id). Children are not stored: they are derived from the paths on load.
 */
import { DecodeError, JuteReader, JuteWriter } from './jute.js';
import { ACL, freezeAclList, readAclList, writeAclList } from './records.js';

export interface ZNodeRecord {
  data: Uint8Array | null;
  acl: readonly ACL[];
  czxid: bigint;
  mzxid: bigint;
  pzxid: bigint;
  ctime: number;
  mtime: number;
  version: number;
  /** The stored counter: child creations only (it names sequential children). */
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
}

export interface SessionRecord {
  timeout: number;
  passwd: Uint8Array;
}

const NODE_FORMAT = 1;
const SESSION_FORMAT = 1;

/**
 * What a record takes besides its data and ACL (format, data length, ACL count, five longs, three
 * ints, the owner), plus room for a one-entry ACL: a writer this big does not grow for a typical
 * node (one that started at 64 + data grew, a copy, on every record).
 */
const ZNODE_FIXED_BYTES = 1 + 4 + 4 + 5 * 8 + 3 * 4 + 8;
const ZNODE_ACL_ROOM = 64;

function writeZNode(w: JuteWriter, n: ZNodeRecord): void {
  w.byte(NODE_FORMAT).buffer(n.data);
  writeAclList(w, n.acl);
  w.long(n.czxid).long(n.mzxid).long(n.pzxid).longNumber(n.ctime).longNumber(n.mtime);
  w.int(n.version).int(n.cversion).int(n.aversion).long(n.ephemeralOwner);
}

export function encodeZNode(n: ZNodeRecord): Uint8Array {
  const w = new JuteWriter(ZNODE_FIXED_BYTES + ZNODE_ACL_ROOM + (n.data?.byteLength ?? 0));
  writeZNode(w, n);
  return w.toBytes();
}

/**
 * A node's value as LMDB storage keeps it: its number of children (uint32, big-endian), then
 * encodeZNode's bytes, written in one pass. The bytes are the writer's own, not copied out
 * (JuteWriter.written): for a value that is handed to storage and let go once written.
 */
export function encodeStoredZNode(n: ZNodeRecord, numChildren: number): Uint8Array {
  const w = new JuteWriter(4 + ZNODE_FIXED_BYTES + ZNODE_ACL_ROOM + (n.data?.byteLength ?? 0));
  w.int(numChildren | 0); // as uint32: the same four bytes for 0..2^32-1
  writeZNode(w, n);
  return w.written();
}

export function decodeZNode(bytes: Uint8Array): ZNodeRecord {
  const r = new JuteReader(bytes);
  const format = r.byte();
  if (format !== NODE_FORMAT) throw new DecodeError(`unknown znode record format ${format}`);
  return {
    data: r.ownedBuffer(),
    acl: readAclList(r),
    czxid: r.long(),
    mzxid: r.long(),
    pzxid: r.long(),
    ctime: r.longNumber(),
    mtime: r.longNumber(),
    version: r.int(),
    cversion: r.int(),
    aversion: r.int(),
    ephemeralOwner: r.long(),
  };
}

/**
 * Decodes the records of a whole tree at start-up, cheaply: equal ACL lists are decoded once
 * (keyed by their encoded bytes) and shared, frozen; and the data is a view into the record's
 * bytes, not a copy. So a record is only good while its bytes are: whoever keeps the data must
 * copy it (the tree does: it packs every node's data into memory of its own).
 */
export class ZNodeBulkDecoder {
  private readonly acls = new Map<string, readonly ACL[]>();

  decode(bytes: Uint8Array): ZNodeRecord {
    const r = new JuteReader(bytes);
    const format = r.byte();
    if (format !== NODE_FORMAT) throw new DecodeError(`unknown znode record format ${format}`);
    const data = r.buffer();
    const aclStart = r.offset;
    const count = r.int();
    let acl: readonly ACL[] | undefined;
    if (count === 1 && r.remaining >= 4) {
      // The common case, one entry: its bytes as the key (perms, scheme, id are all in them).
      const end = aclEnd(bytes, aclStart);
      if (end !== -1) {
        const key = Buffer.from(bytes.buffer, bytes.byteOffset + aclStart, end - aclStart).toString('latin1');
        acl = this.acls.get(key);
        if (acl === undefined) {
          r.offset = aclStart;
          acl = freezeAclList(readAclList(r));
          this.acls.set(key, acl);
        }
        r.offset = end;
      }
    }
    if (acl === undefined) {
      r.offset = aclStart;
      acl = freezeAclList(readAclList(r));
    }
    return {
      data,
      acl,
      czxid: r.long(),
      mzxid: r.long(),
      pzxid: r.long(),
      ctime: r.longNumber(),
      mtime: r.longNumber(),
      version: r.int(),
      cversion: r.int(),
      aversion: r.int(),
      ephemeralOwner: r.long(),
    };
  }
}

/** Where a one-entry ACL list that starts at `at` ends, or -1 when it does not fit in `bytes`. */
function aclEnd(bytes: Uint8Array, at: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = at + 4 + 4; // count, perms
  for (let i = 0; i < 2; i++) {
    if (o + 4 > bytes.byteLength) return -1;
    const len = view.getInt32(o);
    o += 4 + Math.max(0, len);
    if (o > bytes.byteLength) return -1;
  }
  return o;
}


export function encodeSession(s: SessionRecord): Uint8Array {
  return new JuteWriter(32).byte(SESSION_FORMAT).int(s.timeout).buffer(s.passwd).toBytes();
}

export function decodeSession(bytes: Uint8Array): SessionRecord {
  const r = new JuteReader(bytes);
  const format = r.byte();
  if (format !== SESSION_FORMAT) throw new DecodeError(`unknown session record format ${format}`);
  return { timeout: r.int(), passwd: r.ownedBuffer() ?? new Uint8Array(0) };
}

/**
 * The longest path (in UTF-8 bytes) storage can key a znode by: LMDB's key limit. Prep refuses
 * longer paths with BADARGUMENTS, so that a client cannot make storage refuse every write.
 */
export const MAX_STORED_PATH_BYTES = 1978;

/** Whether the path's UTF-8 form fits a storage key (1 to MAX_STORED_PATH_BYTES bytes). A UTF-16
 * unit takes at most 3 bytes, so only long paths are encoded (a TextEncoder per create was ~1 %
 * of the leader's CPU). */
export function fitsStoredPath(path: string): boolean {
  if (path.length === 0) return false;
  if (path.length * 3 <= MAX_STORED_PATH_BYTES) return true;
  return new TextEncoder().encode(path).byteLength <= MAX_STORED_PATH_BYTES;
}

/**
 * The tree's totals as storage keeps them (meta counters, docs/storage-contract.md, "The tree's
 * index"): how many nodes storage holds, the root included, and the tree's approximate data size
 * (the sum of each stored node's path length and data length, as DataTree counts it).
 */
export interface TreeTotals {
  nodes: number;
  dataSize: number;
}

/**
 * What start-up needs of the tree without reading every node (docs/performance.md, "Step 2",
 * item 4): the totals, and every node that has an owner (an ephemeral's session, a container,
 * a TTL node: `ephemeralOwner` as stored), in the order `load` would return those nodes.
 */
export interface TreeIndex {
  totals: TreeTotals;
  owners: [string, bigint][];
}
