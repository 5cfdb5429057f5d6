/**
 * One znode as the tree holds it, laid out for a tree of millions of nodes
 * (docs/performance.md, "Memory at 1,000,000 znodes"):
 * - the data is kept as a one-byte (latin1) string: one heap object with the bytes inline, no
 *   ArrayBuffer and backing store per node, and nothing shared that a node could pin. Reading
 *   `data` returns a fresh copy, so what a caller does with it never reaches the tree;
 * - the ACL list is the shared, frozen one for its content (tree/acl-intern.ts);
 * - the children set exists only while the node has children (a leaf has none);
 * - equal zxids of one node share one BigInt, and owner 0 is one shared BigInt.
 * The API stays that of ZNodeRecord: Uint8Array data, bigint zxids. (The global Buffer only
 * converts bytes, as in wire/quota.ts: no I/O enters the core.)
 */
import type { ACL } from '../wire/records.js';
import type { ZNodeRecord } from '../wire/persist.js';
import { internAcl } from './acl-intern.js';
import { EMPTY_BYTES, pooledLatin1 } from '../wire/jute.js';

const NO_OWNER = 0n;
const NO_CHILDREN: ReadonlySet<string> = new Set<string>();

/** Bytes → the string that holds them, one char per byte. */
function packData(data: Uint8Array | null): string | null {
  if (data === null) return null;
  if (data.byteLength === 0) return '';
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}

function unpackData(packed: string | null): Uint8Array | null {
  if (packed === null) return null;
  if (packed.length === 0) return new Uint8Array(0);
  // Its own ArrayBuffer (not a slice of Buffer's shared pool): a caller that keeps it pins nothing else.
  const out = new Uint8Array(packed.length);
  Buffer.from(out.buffer, 0, out.byteLength).write(packed, 0, 'latin1');
  return out;
}

export class ZNode implements ZNodeRecord {
  private packed: string | null;
  /**
   * The children: a set of names (the memory node table), or only their number (a table whose
   * children are in storage, tree/stored-node-table.ts), or null for none.
   */
  private kids: Set<string> | number | null = null;
  acl: readonly ACL[];
  czxid: bigint;
  mzxid: bigint;
  pzxid: bigint;

  constructor(
    data: Uint8Array | null,
    acl: readonly ACL[],
    czxid: bigint,
    mzxid: bigint,
    pzxid: bigint,
    public ctime: number,
    public mtime: number,
    public version: number,
    public cversion: number,
    public aversion: number,
    public ephemeralOwner: bigint,
  ) {
    this.packed = packData(data);
    this.acl = internAcl(acl);
    this.czxid = czxid;
    this.mzxid = mzxid === czxid ? czxid : mzxid;
    this.pzxid = pzxid === czxid ? czxid : pzxid === mzxid ? this.mzxid : pzxid;
    if (ephemeralOwner === NO_OWNER) this.ephemeralOwner = NO_OWNER;
  }

  static fromRecord(r: ZNodeRecord): ZNode {
    return new ZNode(r.data, r.acl, r.czxid, r.mzxid, r.pzxid, r.ctime, r.mtime, r.version, r.cversion, r.aversion, r.ephemeralOwner);
  }

  toRecord(): ZNodeRecord {
    const { data, acl, czxid, mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner } = this;
    return { data, acl, czxid, mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner };
  }

  /** The record with the number of children, as storage keeps it with the node (storage/api.ts, StoredZNode). */
  toStoredRecord(): ZNodeRecord & { numChildren: number } {
    const { acl, czxid, mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, numChildren } = this;
    // The data goes to storage and is let go of once written: a piece of the shared pool, not an
    // ArrayBuffer of its own (docs/performance.md, section 18).
    const packed = this.packed;
    const data = packed === null ? null : packed.length === 0 ? EMPTY_BYTES : pooledLatin1(packed);
    return { data, acl, czxid, mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, numChildren };
  }

  /** A copy of the data (null stays null): changing it changes nothing in the tree. */
  get data(): Uint8Array | null {
    return unpackData(this.packed);
  }

  set data(data: Uint8Array | null) {
    this.packed = packData(data);
  }

  /** The data's length in bytes, without copying it (0 for null). */
  get dataLength(): number {
    return this.packed === null ? 0 : this.packed.length;
  }

  setAcl(acl: readonly ACL[]): void {
    this.acl = internAcl(acl);
  }

  /**
   * The names of the children (read-only): the memory node table's child index
   * (tree/node-table.ts), which changes it through add/removeChild. Others ask the tree.
   */
  get children(): ReadonlySet<string> {
    if (typeof this.kids === 'number') throw new Error('znode: the names of its children are in its table');
    return this.kids ?? NO_CHILDREN;
  }

  /** How many children the node has (Stat's numChildren). */
  get numChildren(): number {
    return this.kids === null ? 0 : typeof this.kids === 'number' ? this.kids : this.kids.size;
  }

  /** Takes over the children of the node this one replaces at the same path. */
  adoptChildren(old: ZNode): void {
    this.kids = old.kids;
  }

  /** A table that keeps the names elsewhere sets the number alone. */
  setChildCount(n: number): void {
    this.kids = n === 0 ? null : n;
  }

  addChild(name: string): void {
    if (typeof this.kids === 'number') throw new Error('znode: the names of its children are in its table');
    const kids = this.kids ?? (this.kids = new Set<string>());
    kids.add(name);
  }

  removeChild(name: string): void {
    if (typeof this.kids === 'number') throw new Error('znode: the names of its children are in its table');
    if (this.kids === null) return;
    this.kids.delete(name);
    if (this.kids.size === 0) this.kids = null;
  }

  setModified(zxid: bigint): void {
    this.mzxid = zxid === this.czxid ? this.czxid : zxid;
  }

  setChildChanged(zxid: bigint): void {
    this.pzxid = zxid === this.czxid ? this.czxid : zxid === this.mzxid ? this.mzxid : zxid;
  }
}
