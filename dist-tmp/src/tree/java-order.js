/**
 * Orders clients can observe that ZooKeeper takes from Java hash collections (docs/
 * compatibility.md): which ephemeral a closing session loses first, and so the order of the
 * watch events that follow. zk-ts reproduces them from Java's published hash functions.
 */
/** Java's String.hashCode (over UTF-16 code units, wrapping at 32 bits). */
export function javaHash(s) {
    let h = 0;
    for (let i = 0; i < s.length; i++)
        h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
    return h;
}
/**
 * The iteration order of a java.util.HashSet<String> that received `items` in this order and
 * once held `peak` elements (its table grows past 3/4 full and never shrinks): by bucket
 * (HashMap.hash, masked by the table size), ties in insertion order.
 */
export function hashSetOrder(items, peak) {
    let table = 16;
    while (peak > table * 0.75)
        table *= 2;
    const bucket = (s) => {
        const h = javaHash(s);
        return (h ^ (h >>> 16)) & (table - 1);
    };
    return items
        .map((s, i) => ({ s, i, b: bucket(s) }))
        .sort((x, y) => x.b - y.b || x.i - y.i)
        .map((x) => x.s);
}
/** HashMap.tableSizeFor: the smallest power of two at least `c` (1 at least). */
function tableSizeFor(c) {
    let n = 1;
    while (n < c)
        n *= 2;
    return n;
}
/**
 * The iteration order of a clone of that HashSet, which is what ZooKeeper hands its closeSession
 * txn (DataTree.getEphemerals clones the session's set): the clone is sized for its elements
 * alone (HashMap.putMapEntries, as in Java 8 to 18: size / 0.75 + 1) and filled in the
 * original's order.
 */
export function hashSetCloneOrder(items, peak) {
    const original = hashSetOrder(items, peak);
    if (original.length === 0)
        return original;
    const table = tableSizeFor(Math.floor(original.length / 0.75 + 1));
    const bucket = (s) => {
        const h = javaHash(s);
        return (h ^ (h >>> 16)) & (table - 1);
    };
    return original
        .map((s, i) => ({ s, i, b: bucket(s) }))
        .sort((x, y) => x.b - y.b || x.i - y.i)
        .map((x) => x.s);
}
//# sourceMappingURL=java-order.js.map