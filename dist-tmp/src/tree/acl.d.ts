/** ACL evaluation and fix-up (docs/client-protocol.md, "ACLs"). */
import type { ACL, Id } from '../wire/records.js';
/**
 * True when `ids` (the connection's authenticated ids) grant `perm` on a node with `acl`.
 * An empty ACL allows everything; a super id bypasses all checks.
 */
export declare function checkPerm(acl: readonly ACL[], perm: number, ids: readonly Id[]): boolean;
/** `pattern` is an address or address/bits; `addr` is the client's address. IPv4 and IPv6. */
export declare function ipMatches(pattern: string, addr: string): boolean;
export declare function isValidIpPattern(id: string): boolean;
/** Which strings of an ACL entry came as null on the wire (see NullMarks in the wire codecs). */
export interface AclEntryNulls {
    scheme: boolean;
    id: boolean;
}
/**
 * Validates an ACL for create/setACL and expands `auth` entries into the caller's ids, as
 * ZooKeeper's fixupACL does: exact duplicates are dropped first, then each entry is checked in
 * order; perms are not checked (any int is stored as sent). Returns null when the ACL is invalid
 * (INVALIDACL), and 'null' where ZooKeeper dereferences a null string the client sent (it then
 * fails with MARSHALLINGERROR).
 */
export declare function fixupAcl(acl: readonly ACL[], authIds: readonly Id[], nulls?: readonly AclEntryNulls[], extraSchemes?: readonly string[]): ACL[] | null | 'null';
/** getACL masks digest hashes as user:x for callers without ADMIN (ZooKeeper 3.5.5+). */
export declare function maskDigests(acl: readonly ACL[]): ACL[];
/**
 * A connection's ids in the order ZooKeeper holds them: a set backed by a ConcurrentHashMap,
 * iterated by hash bucket (Id.hashCode, spread, masked by the table size), ties in insertion
 * order. Clients see this order in whoAmI and in the entries an `auth` ACL expands to.
 */
export declare function inZooKeeperOrder(ids: readonly Id[]): Id[];
