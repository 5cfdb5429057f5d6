export const STAT_SIZE = 68;
export function writeId(w, id) {
    w.ustring(id.scheme).ustring(id.id);
}
export function readId(r) {
    return { scheme: r.string(), id: r.string() };
}
export function writeAcl(w, acl) {
    w.int(acl.perms);
    writeId(w, acl.id);
}
export function readAcl(r) {
    return { perms: r.int(), id: readId(r) };
}
export function writeAclList(w, acls) {
    w.vector(acls, writeAcl);
}
export function readAclList(r) {
    return r.list(readAcl);
}
export function writeStat(w, s) {
    w.long(s.czxid).long(s.mzxid).long(BigInt(s.ctime)).long(BigInt(s.mtime));
    w.int(s.version).int(s.cversion).int(s.aversion);
    w.long(s.ephemeralOwner).int(s.dataLength).int(s.numChildren).long(s.pzxid);
}
export function readStat(r) {
    return {
        czxid: r.long(),
        mzxid: r.long(),
        ctime: Number(r.long()),
        mtime: Number(r.long()),
        version: r.int(),
        cversion: r.int(),
        aversion: r.int(),
        ephemeralOwner: r.long(),
        dataLength: r.int(),
        numChildren: r.int(),
        pzxid: r.long(),
    };
}
export function writeClientInfo(w, c) {
    w.ustring(c.authScheme).ustring(c.user);
}
export function readClientInfo(r) {
    return { authScheme: r.string(), user: r.string() };
}
export const WORLD_ANYONE = { scheme: 'world', id: 'anyone' };
export const AUTH_IDS = { scheme: 'auth', id: '' };
export const OPEN_ACL_UNSAFE = [{ perms: 31, id: WORLD_ANYONE }];
export const CREATOR_ALL_ACL = [{ perms: 31, id: AUTH_IDS }];
export const READ_ACL_UNSAFE = [{ perms: 1, id: WORLD_ANYONE }];
// ---- handshake ----
export const PASSWORD_LENGTH = 16;
export function readConnectRequest(r) {
    const protocolVersion = r.int();
    const lastZxidSeen = r.long();
    const timeOut = r.int();
    const sessionId = r.long();
    const passwd = r.buffer() ?? new Uint8Array(0);
    const readOnly = r.remaining > 0 ? r.bool() : undefined;
    return { protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly };
}
export function writeConnectRequest(w, c) {
    w.int(c.protocolVersion).long(c.lastZxidSeen).int(c.timeOut).long(c.sessionId).buffer(c.passwd);
    if (c.readOnly !== undefined)
        w.bool(c.readOnly);
}
export function writeConnectResponse(w, c) {
    w.int(c.protocolVersion).int(c.timeOut).long(c.sessionId).buffer(c.passwd);
    if (c.readOnly !== undefined)
        w.bool(c.readOnly);
}
export function readConnectResponse(r) {
    const protocolVersion = r.int();
    const timeOut = r.int();
    const sessionId = r.long();
    const passwd = r.buffer() ?? new Uint8Array(0);
    const readOnly = r.remaining > 0 ? r.bool() : undefined;
    return { protocolVersion, timeOut, sessionId, passwd, readOnly };
}
export function readReplyHeader(r) {
    return { xid: r.int(), zxid: r.long(), err: r.int() };
}
export function writeReplyHeader(w, h) {
    w.int(h.xid).long(h.zxid).int(h.err);
}
/** Server side: the path is written as ZooKeeper writes strings (JuteWriter.jstring). */
export function writeWatcherEvent(w, e) {
    w.int(e.type).int(e.state).jstring(e.path);
}
export function readWatcherEvent(r) {
    return { type: r.int(), state: r.int(), path: r.string() };
}
//# sourceMappingURL=records.js.map