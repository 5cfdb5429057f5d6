const byKey = new Map();
const interned = new WeakSet();
/** Frozen lists met before (e.g. the ones storage shares while loading) → their interned copy. */
const frozenSeen = new WeakMap();
const forget = new FinalizationRegistry((key) => {
    // Only drop the entry when it still points at a collected list (it may have been re-made).
    if (byKey.get(key)?.deref() === undefined)
        byKey.delete(key);
});
/** An unambiguous key: every string is length-prefixed. */
function keyOf(acl) {
    let k = '';
    for (const a of acl)
        k += `${a.perms},${a.id.scheme.length}:${a.id.scheme}${a.id.id.length}:${a.id.id};`;
    return k;
}
/** The shared, frozen list equal to `acl` (`acl` itself is never changed nor kept). */
export function internAcl(acl) {
    if (interned.has(acl))
        return acl;
    // A frozen list cannot change (entries and ids frozen too: checked on first sight), so it
    // maps to the same interned list every time.
    const known = frozenSeen.get(acl);
    if (known !== undefined)
        return known;
    const shared = internByContent(acl);
    if (Object.isFrozen(acl) && acl.every((a) => Object.isFrozen(a) && Object.isFrozen(a.id)))
        frozenSeen.set(acl, shared);
    return shared;
}
function internByContent(acl) {
    const key = keyOf(acl);
    const hit = byKey.get(key)?.deref();
    if (hit !== undefined)
        return hit;
    const copy = Object.freeze(acl.map((a) => Object.freeze({ perms: a.perms, id: Object.freeze({ scheme: a.id.scheme, id: a.id.id }) })));
    byKey.set(key, new WeakRef(copy));
    interned.add(copy);
    forget.register(copy, key);
    return copy;
}
/** How many distinct lists the cache holds now (for tests and the heap figures). */
export function internedAclCount() {
    let n = 0;
    for (const r of byKey.values())
        if (r.deref() !== undefined)
            n++;
    return n;
}
//# sourceMappingURL=acl-intern.js.map