/**
 * Output formats of zkCli.sh 3.8, reproduced so that operators' eyes and scripts that
 * parse zkCli output work unchanged: StatPrinter, Java's Date.toString(), List.toString(),
 * the getAcl layout, and CliWrapperException's messages for errors.
 */
import { hex } from '../base/zxid.js';
import { BadArgumentsError, BadVersionError, InvalidACLError, InvalidPathError, NoAuthError, NoChildrenForEphemeralsError, NodeExistsError, NoNodeError, NotEmptyError, NotReadOnlyError, QuotaExceededError, ZooKeeperError, formatPerms, } from '../client/index.js';
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n) => String(n).padStart(2, '0');
/** Java's Date.toString(): "Sun Nov 22 05:07:23 UTC 2026", in the local time zone. */
export function javaDate(ms) {
    const d = new Date(ms);
    let zone = 'UTC';
    try {
        const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
            .formatToParts(d)
            .find((p) => p.type === 'timeZoneName');
        if (part)
            zone = part.value === 'GMT' ? 'UTC' : part.value;
    }
    catch {
        /* keep UTC */
    }
    return (`${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${pad2(d.getDate())} ` +
        `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${zone} ${d.getFullYear()}`);
}
/** StatPrinter: one `name = value` line per field, zxids and the owner in hex. */
export function formatStat(s) {
    return [
        `cZxid = ${hex(s.czxid)}`,
        `ctime = ${javaDate(s.ctime)}`,
        `mZxid = ${hex(s.mzxid)}`,
        `mtime = ${javaDate(s.mtime)}`,
        `pZxid = ${hex(s.pzxid)}`,
        `cversion = ${s.cversion}`,
        `dataVersion = ${s.version}`,
        `aclVersion = ${s.aversion}`,
        `ephemeralOwner = ${hex(s.ephemeralOwner)}`,
        `dataLength = ${s.dataLength}`,
        `numChildren = ${s.numChildren}`,
    ].join('\n') + '\n';
}
/** Java's AbstractCollection.toString(): "[a, b]". */
export function javaList(items) {
    return `[${items.join(', ')}]`;
}
/** getAcl's layout: `'scheme,'id` then `: perms` for each entry. */
export function formatAclList(acl) {
    return acl.map((a) => `'${a.id.scheme},'${a.id.id}\n: ${formatPerms(a.perms)}\n`).join('');
}
/** The message zkCli prints for an error (CliWrapperException / MalformedPathException). */
export function cliErrorMessage(e) {
    if (e instanceof InvalidPathError)
        return e.reason;
    if (e instanceof ZooKeeperError) {
        const p = e.path ?? 'null';
        if (e instanceof NoNodeError)
            return `Node does not exist: ${p}`;
        if (e instanceof NoChildrenForEphemeralsError)
            return `Ephemerals cannot have children: ${p}`;
        if (e instanceof NodeExistsError)
            return `Node already exists: ${p}`;
        if (e instanceof NotEmptyError)
            return `Node not empty: ${p}`;
        if (e instanceof NotReadOnlyError)
            return `Not a read-only call: ${p}`;
        if (e instanceof InvalidACLError)
            return `Acl is not valid : ${p}`;
        if (e instanceof NoAuthError)
            return `Insufficient permission : ${p}`;
        if (e instanceof BadArgumentsError)
            return `Arguments are not valid : ${p}`;
        if (e instanceof BadVersionError)
            return `version No is not valid : ${p}`;
        if (e instanceof QuotaExceededError)
            return `Quota has exceeded : ${p}`;
        return e.message;
    }
    return e instanceof Error ? e.message : String(e);
}
//# sourceMappingURL=format.js.map