/**
 * ACL lists shared by content (docs/performance.md, "Memory at 1,000,000 znodes"). Nearly every
 * znode of a real tree carries one of a handful of ACLs, so the tree keeps one frozen copy of
 * each distinct list, as ZooKeeper's reference-counted ACL cache does. The cache holds its lists
 * weakly: a list no node uses any more is collected and its entry dropped.
 *
 * The lists are frozen (array, entries and ids) so that a change through one node can never
 * leak into another: a node's ACL changes only by replacing its list (setACL), and an attempt
 * to mutate a shared list in place throws.
 */
import type { ACL } from '../wire/records.js';
/** The shared, frozen list equal to `acl` (`acl` itself is never changed nor kept). */
export declare function internAcl(acl: readonly ACL[]): readonly ACL[];
/** How many distinct lists the cache holds now (for tests and the heap figures). */
export declare function internedAclCount(): number;
