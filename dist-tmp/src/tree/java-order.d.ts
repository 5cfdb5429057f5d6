/**
 * Orders clients can observe that ZooKeeper takes from Java hash collections (docs/
 * compatibility.md): which ephemeral a closing session loses first, and so the order of the
 * watch events that follow. zk-ts reproduces them from Java's published hash functions.
 */
/** Java's String.hashCode (over UTF-16 code units, wrapping at 32 bits). */
export declare function javaHash(s: string): number;
/**
 * The iteration order of a java.util.HashSet<String> that received `items` in this order and
 * once held `peak` elements (its table grows past 3/4 full and never shrinks): by bucket
 * (HashMap.hash, masked by the table size), ties in insertion order.
 */
export declare function hashSetOrder(items: readonly string[], peak: number): string[];
/**
 * The iteration order of a clone of that HashSet, which is what ZooKeeper hands its closeSession
 * txn (DataTree.getEphemerals clones the session's set): the clone is sized for its elements
 * alone (HashMap.putMapEntries, as in Java 8 to 18: size / 0.75 + 1) and filled in the
 * original's order.
 */
export declare function hashSetCloneOrder(items: readonly string[], peak: number): string[];
