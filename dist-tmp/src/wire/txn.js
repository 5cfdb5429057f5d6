/**
 * Transactions: the deterministic result of preparing a write. Everything that apply needs is
 * decided at prep time (sequential names, the parent's counter, the time, which ephemerals a
 * closing session owns), so that every replica applying the same txn reaches the same tree.
 * The log stores txns in this encoding; Zab proposals carry it too.
 */
import { DecodeError, JuteReader, JuteWriter } from './jute.js';
import { readAclList, writeAclList } from './records.js';
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
};
const TXN_FORMAT = 1;
function writeBody(w, b) {
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
function readBody(r, inMulti = false) {
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
                data: r.ownedBuffer(),
                acl: readAclList(r),
                ephemeralOwner: r.long(),
                parentCversion: r.int(),
            };
        case TxnType.delete:
        case TxnType.deleteContainer:
            return { type, path: r.string() };
        case TxnType.setData:
            return { type, path: r.string(), data: r.ownedBuffer(), version: r.int() };
        case TxnType.setACL:
            return { type, path: r.string(), acl: readAclList(r), version: r.int() };
        case TxnType.check:
            return { type, path: r.string(), version: r.int() };
        case TxnType.multi:
            if (inMulti)
                throw new DecodeError('multi inside a multi');
            return { type, ops: r.list((x) => readBody(x, true)) };
        default:
            throw new DecodeError(`unknown txn type ${type}`);
    }
}
export function encodeTxn(t) {
    const w = new JuteWriter(256); // a create or setData of ~100 bytes fits without growing
    writeTxn(w, t);
    return w.toBytes();
}
/** A txn written where `w` stands (a quorum packet writes it straight into its frame). */
export function writeTxn(w, t) {
    w.byte(TXN_FORMAT).long(t.sessionId).int(t.cxid).long(t.zxid).long(BigInt(t.time));
    writeBody(w, t.body);
}
export function decodeTxn(bytes) {
    return readTxn(new JuteReader(bytes));
}
/** A txn read from where `r` stands (a quorum packet's payload checks that nothing follows it). */
export function readTxn(r) {
    const format = r.byte();
    if (format !== TXN_FORMAT)
        throw new DecodeError(`unknown txn format ${format}`);
    const sessionId = r.long();
    const cxid = r.int();
    const zxid = r.long();
    const time = Number(r.long());
    return { sessionId, cxid, zxid, time, body: readBody(r) };
}
//# sourceMappingURL=txn.js.map