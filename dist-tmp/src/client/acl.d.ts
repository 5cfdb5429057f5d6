import { ACL, Id, Perms, OPEN_ACL_UNSAFE, CREATOR_ALL_ACL, READ_ACL_UNSAFE } from '../wire/index.js';
export type { ACL, Id };
export { Perms, OPEN_ACL_UNSAFE, CREATOR_ALL_ACL, READ_ACL_UNSAFE };
export declare const ANYONE_ID_UNSAFE: Id;
export declare const AUTH_IDS: Id;
/** The stored form of a digest identity: `user:base64(sha1("user:password"))`. */
export declare function digestId(user: string, password: string): string;
/** Perms accepted as a number (Perms bits) or as zkCli letters, e.g. "cdrwa", "rw". */
export type PermsLike = number | string;
/** Builders for the common ACL entries. */
export declare const Acl: {
    world(perms?: PermsLike): ACL;
    /** The authenticated identities of the creating connection (expanded by the server). */
    auth(perms?: PermsLike): ACL;
    /** A digest identity from a clear-text user and password. */
    digest(user: string, password: string, perms?: PermsLike): ACL;
    /** An address or CIDR block, e.g. "10.0.0.0/8". */
    ip(address: string, perms?: PermsLike): ACL;
};
/**
 * Letters → Perms bits, zkCli style. Unknown letters are collected rather than thrown,
 * because zkCli warns about them and carries on.
 */
export declare function parsePerms(text: string): {
    perms: number;
    unknown: string[];
};
/** Perms bits → letters in zkCli's order "cdrwa". */
export declare function formatPerms(perms: number): string;
export interface ParsedAcl {
    acl: ACL[];
    /** Human-readable complaints (bad entries, unknown perm letters), zkCli's wording. */
    warnings: string[];
}
/**
 * zkCli's AclParser: comma-separated `scheme:id:perms`; the id is everything between the
 * first and the last colon (digest ids contain a colon).
 */
export declare function parseAcl(text: string): ParsedAcl;
/** `scheme:id:perms` joined by commas (the inverse of parseAcl). */
export declare function formatAcl(acl: readonly ACL[]): string;
