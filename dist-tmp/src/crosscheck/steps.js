/**
 * The cross-checker's vocabulary: a run is a list of steps, each plain JSON so that a replay
 * can be printed, saved and read back (docs/crosscheck.md). A request step is encoded into a
 * raw frame here, with nothing checked or fixed up: null strings, out-of-range enums and
 * oversized data go on the wire exactly as written.
 */
import { writeFrame } from '../wire/jute.js';
import { Op } from '../wire/constants.js';
export const MAX_SESSIONS = 3;
export function resolvePath(p, ns) {
    if (p === null)
        return null;
    if (p.startsWith('~'))
        return ns + p.slice(1);
    return p;
}
function dataBytes(d) {
    if (d === undefined || d === null)
        return null;
    if (typeof d === 'string')
        return new TextEncoder().encode(d);
    return new Uint8Array(d.size).fill(d.fill);
}
function writeAcls(w, acl) {
    if (acl === null || acl === undefined) {
        w.int(-1);
        return;
    }
    w.int(acl.length);
    for (const a of acl)
        w.int(a.perms).ustring(a.scheme).ustring(a.id);
}
function writeBody(w, req, ctx) {
    const path = () => resolvePath(req.path ?? null, ctx.ns);
    const paths = (l) => w.vector(l ?? [], (ww, p) => ww.ustring(resolvePath(p, ctx.ns)));
    switch (req.op) {
        case Op.create:
        case Op.create2:
        case Op.createContainer:
        case Op.createTTL:
            w.ustring(path()).buffer(dataBytes(req.data));
            writeAcls(w, req.acl);
            w.int(req.flags ?? 0);
            if (req.op === Op.createTTL)
                w.long(BigInt(req.ttl ?? '-1'));
            return;
        case Op.delete:
        case Op.check:
            w.ustring(path()).int(req.version ?? -1);
            return;
        case Op.setData:
            w.ustring(path()).buffer(dataBytes(req.data)).int(req.version ?? -1);
            return;
        case Op.exists:
        case Op.getData:
        case Op.getChildren:
        case Op.getChildren2:
            w.ustring(path()).bool(req.watch ?? false);
            return;
        case Op.getACL:
        case Op.sync:
        case Op.getAllChildrenNumber:
            w.ustring(path());
            return;
        case Op.setACL:
            w.ustring(path());
            writeAcls(w, req.acl);
            w.int(req.version ?? -1);
            return;
        case Op.multi:
        case Op.multiRead:
            for (const sub of req.ops ?? []) {
                w.int(sub.op).bool(false).int(-1);
                writeBody(w, sub, ctx);
            }
            w.int(-1).bool(true).int(-1);
            return;
        case Op.reconfig:
            w.ustring(req.text ?? null).ustring(null).ustring(null).long(-1n);
            return;
        case Op.checkWatches:
        case Op.removeWatches:
        case Op.addWatch:
            w.ustring(path()).int(req.mode ?? 0);
            return;
        case Op.deleteContainer: {
            const p = path();
            w.buffer(p === null ? null : new TextEncoder().encode(p));
            return;
        }
        case Op.setWatches:
        case Op.setWatches2: {
            const rel = req.relative === 'zero' ? 0n : req.relative === 'max' ? 0x7fffffffffffffffn : ctx.lastZxid;
            w.long(rel);
            paths(req.dataWatches);
            paths(req.existWatches);
            paths(req.childWatches);
            if (req.op === Op.setWatches2) {
                paths(req.persistentWatches);
                paths(req.recursiveWatches);
            }
            return;
        }
        case Op.sasl:
            w.buffer(req.text === undefined || req.text === null ? null : new TextEncoder().encode(req.text));
            return;
        case Op.getEphemerals:
            w.ustring(req.path === undefined ? null : path());
            return;
        default:
            return; // ping, closeSession, whoAmI and unknown opcodes: header only
    }
}
/** The whole frame (length, RequestHeader, record) for a request step. */
export function encodeRequest(xid, req, ctx) {
    return writeFrame((w) => {
        w.int(xid).int(req.op);
        writeBody(w, req, ctx);
    }, 256);
}
export function encodeAuth(scheme, auth) {
    return writeFrame((w) => {
        w.int(-4).int(Op.auth).int(0).ustring(scheme).buffer(auth === null ? null : new TextEncoder().encode(auth));
    });
}
const OP_NAMES = new Map(Object.entries(Op).map(([k, v]) => [v, k]));
export function opName(op) {
    return OP_NAMES.get(op) ?? `op${op}`;
}
function showData(d) {
    if (d === undefined || d === null)
        return 'null';
    if (typeof d === 'string')
        return JSON.stringify(d.length > 20 ? d.slice(0, 20) + '…' : d);
    return `<${d.size} bytes of 0x${d.fill.toString(16)}>`;
}
function showAcl(acl) {
    if (acl === null || acl === undefined)
        return 'null';
    return '[' + acl.map((a) => `${a.scheme}:${a.id}:${a.perms}`).join(',') + ']';
}
function showPath(p) {
    return p === undefined || p === null ? 'null' : JSON.stringify(p.length > 60 ? p.slice(0, 60) + `…(${p.length})` : p);
}
/** One line a person can read; the JSON of the step is what replays. */
export function describeRequest(req) {
    const parts = [];
    if (req.path !== undefined)
        parts.push(showPath(req.path));
    if (req.data !== undefined)
        parts.push(`data=${showData(req.data)}`);
    if (req.acl !== undefined)
        parts.push(`acl=${showAcl(req.acl)}`);
    if (req.flags !== undefined)
        parts.push(`flags=${req.flags}`);
    if (req.ttl !== undefined)
        parts.push(`ttl=${req.ttl}`);
    if (req.version !== undefined)
        parts.push(`version=${req.version}`);
    if (req.watch !== undefined)
        parts.push(`watch=${req.watch}`);
    if (req.mode !== undefined)
        parts.push(`mode=${req.mode}`);
    if (req.relative !== undefined)
        parts.push(`relative=${req.relative}`);
    for (const k of ['dataWatches', 'existWatches', 'childWatches', 'persistentWatches', 'recursiveWatches']) {
        if (req[k] && req[k].length > 0)
            parts.push(`${k}=[${req[k].map(showPath).join(',')}]`);
    }
    if (req.text !== undefined)
        parts.push(`text=${JSON.stringify(req.text)}`);
    if (req.ops)
        parts.push(`[${req.ops.map(describeRequest).join('; ')}]`);
    return `${opName(req.op)}(${parts.join(' ')})`;
}
export function describeStep(step) {
    switch (step.kind) {
        case 'request':
            return `s${step.s} ${describeRequest(step.req)}`;
        case 'auth':
            return `s${step.s} addAuth(${JSON.stringify(step.scheme)}, ${JSON.stringify(step.auth)})`;
        case 'reconnect':
            return `s${step.s} reconnect`;
    }
}
//# sourceMappingURL=steps.js.map