/**
 * Children counted from the paths of a whole tree: what a storage stores as each node's
 * `numChildren` when it is handed a tree without counts (a snapshot, an upgrade from format 2;
 * docs/storage-contract.md, "The tree on disk (format 3)"). Shared by both storages.
 */
export function countChildren(paths: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of paths) {
    if (p === '/') continue;
    const parent = p.slice(0, p.lastIndexOf('/')) || '/';
    counts.set(parent, (counts.get(parent) ?? 0) + 1);
  }
  return counts;
}
