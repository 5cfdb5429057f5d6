import type { ACL, Stat } from '../client/index.js';
/** Java's Date.toString(): "Sun Nov 22 05:07:23 UTC 2026", in the local time zone. */
export declare function javaDate(ms: number): string;
/** StatPrinter: one `name = value` line per field, zxids and the owner in hex. */
export declare function formatStat(s: Stat): string;
/** Java's AbstractCollection.toString(): "[a, b]". */
export declare function javaList(items: readonly string[]): string;
/** getAcl's layout: `'scheme,'id` then `: perms` for each entry. */
export declare function formatAclList(acl: readonly ACL[]): string;
/** The message zkCli prints for an error (CliWrapperException / MalformedPathException). */
export declare function cliErrorMessage(e: unknown): string;
