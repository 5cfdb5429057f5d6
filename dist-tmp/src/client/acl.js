/**
 * ACL helpers. The server stores digest ids already hashed (`user:base64(sha1(user:pw))`),
 * so an application that wants "only alice may write" must compute that hash itself; these
 * helpers do it, and parse/format the `scheme:id:perms` text that zkCli uses.
 */
import { createHash } from 'node:crypto';
import { Perms, OPEN_ACL_UNSAFE, CREATOR_ALL_ACL, READ_ACL_UNSAFE } from '../wire/index.js';
export { Perms, OPEN_ACL_UNSAFE, CREATOR_ALL_ACL, READ_ACL_UNSAFE };
export const ANYONE_ID_UNSAFE = Object.freeze({ scheme: 'world', id: 'anyone' });
export const AUTH_IDS = Object.freeze({ scheme: 'auth', id: '' });
/** The stored form of a digest identity: `user:base64(sha1("user:password"))`. */
export function digestId(user, password) {
    const hash = createHash('sha1').update(`${user}:${password}`, 'utf8').digest('base64');
    return `${user}:${hash}`;
}
function toPerms(p) {
    return typeof p === 'number' ? p : parsePerms(p).perms;
}
/** Builders for the common ACL entries. */
export const Acl = {
    world(perms = Perms.ALL) {
        return { perms: toPerms(perms), id: { scheme: 'world', id: 'anyone' } };
    },
    /** The authenticated identities of the creating connection (expanded by the server). */
    auth(perms = Perms.ALL) {
        return { perms: toPerms(perms), id: { scheme: 'auth', id: '' } };
    },
    /** A digest identity from a clear-text user and password. */
    digest(user, password, perms = Perms.ALL) {
        return { perms: toPerms(perms), id: { scheme: 'digest', id: digestId(user, password) } };
    },
    /** An address or CIDR block, e.g. "10.0.0.0/8". */
    ip(address, perms = Perms.ALL) {
        return { perms: toPerms(perms), id: { scheme: 'ip', id: address } };
    },
};
/**
 * Letters → Perms bits, zkCli style. Unknown letters are collected rather than thrown,
 * because zkCli warns about them and carries on.
 */
export function parsePerms(text) {
    let perms = 0;
    const unknown = [];
    for (const c of text) {
        switch (c.toLowerCase()) {
            case 'r':
                perms |= Perms.READ;
                break;
            case 'w':
                perms |= Perms.WRITE;
                break;
            case 'c':
                perms |= Perms.CREATE;
                break;
            case 'd':
                perms |= Perms.DELETE;
                break;
            case 'a':
                perms |= Perms.ADMIN;
                break;
            default: unknown.push(c);
        }
    }
    return { perms, unknown };
}
/** Perms bits → letters in zkCli's order "cdrwa". */
export function formatPerms(perms) {
    let s = '';
    if (perms & Perms.CREATE)
        s += 'c';
    if (perms & Perms.DELETE)
        s += 'd';
    if (perms & Perms.READ)
        s += 'r';
    if (perms & Perms.WRITE)
        s += 'w';
    if (perms & Perms.ADMIN)
        s += 'a';
    return s;
}
/**
 * zkCli's AclParser: comma-separated `scheme:id:perms`; the id is everything between the
 * first and the last colon (digest ids contain a colon).
 */
export function parseAcl(text) {
    const acl = [];
    const warnings = [];
    for (const entry of text.split(',')) {
        const first = entry.indexOf(':');
        const last = entry.lastIndexOf(':');
        if (first === -1 || last === -1 || first === last) {
            warnings.push(`${entry} does not have the form scheme:id:perm`);
            continue;
        }
        const { perms, unknown } = parsePerms(entry.slice(last + 1));
        for (const u of unknown)
            warnings.push(`Unknown perm type: ${u}`);
        acl.push({ perms, id: { scheme: entry.slice(0, first), id: entry.slice(first + 1, last) } });
    }
    return { acl, warnings };
}
/** `scheme:id:perms` joined by commas (the inverse of parseAcl). */
export function formatAcl(acl) {
    return acl.map((a) => `${a.id.scheme}:${a.id.id}:${formatPerms(a.perms)}`).join(',');
}
//# sourceMappingURL=acl.js.map