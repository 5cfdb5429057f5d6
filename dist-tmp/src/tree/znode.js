import { internAcl } from './acl-intern.js';
const NO_OWNER = 0n;
const NO_CHILDREN = new Set();
/** Bytes → the string that holds them, one char per byte. */
function packData(data) {
    if (data === null)
        return null;
    if (data.byteLength === 0)
        return '';
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}
function unpackData(packed) {
    if (packed === null)
        return null;
    if (packed.length === 0)
        return new Uint8Array(0);
    // Its own ArrayBuffer (not a slice of Buffer's shared pool): a caller that keeps it pins nothing else.
    const out = new Uint8Array(packed.length);
    Buffer.from(out.buffer, 0, out.byteLength).write(packed, 0, 'latin1');
    return out;
}
export class ZNode {
    ctime;
    mtime;
    version;
    cversion;
    aversion;
    ephemeralOwner;
    packed;
    kids = null;
    acl;
    czxid;
    mzxid;
    pzxid;
    constructor(data, acl, czxid, mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner) {
        this.ctime = ctime;
        this.mtime = mtime;
        this.version = version;
        this.cversion = cversion;
        this.aversion = aversion;
        this.ephemeralOwner = ephemeralOwner;
        this.packed = packData(data);
        this.acl = internAcl(acl);
        this.czxid = czxid;
        this.mzxid = mzxid === czxid ? czxid : mzxid;
        this.pzxid = pzxid === czxid ? czxid : pzxid === mzxid ? this.mzxid : pzxid;
        if (ephemeralOwner === NO_OWNER)
            this.ephemeralOwner = NO_OWNER;
    }
    static fromRecord(r) {
        return new ZNode(r.data, r.acl, r.czxid, r.mzxid, r.pzxid, r.ctime, r.mtime, r.version, r.cversion, r.aversion, r.ephemeralOwner);
    }
    toRecord() {
        const { data, acl, czxid, mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner } = this;
        return { data, acl, czxid, mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner };
    }
    /** A copy of the data (null stays null): changing it changes nothing in the tree. */
    get data() {
        return unpackData(this.packed);
    }
    set data(data) {
        this.packed = packData(data);
    }
    /** The data's length in bytes, without copying it (0 for null). */
    get dataLength() {
        return this.packed === null ? 0 : this.packed.length;
    }
    setAcl(acl) {
        this.acl = internAcl(acl);
    }
    /** The names of the children (read-only; the tree changes them through add/removeChild). */
    get children() {
        return this.kids ?? NO_CHILDREN;
    }
    addChild(name) {
        (this.kids ??= new Set()).add(name);
    }
    removeChild(name) {
        if (this.kids === null)
            return;
        this.kids.delete(name);
        if (this.kids.size === 0)
            this.kids = null;
    }
    setModified(zxid) {
        this.mzxid = zxid === this.czxid ? this.czxid : zxid;
    }
    setChildChanged(zxid) {
        this.pzxid = zxid === this.czxid ? this.czxid : zxid === this.mzxid ? this.mzxid : zxid;
    }
}
//# sourceMappingURL=znode.js.map