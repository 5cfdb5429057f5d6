/** Path rules of ZooKeeper's PathUtils (docs/client-protocol.md, "Paths"). */

/** Returns why `path` is invalid, or null when it is a valid znode path. */
export function pathProblem(path: string): string | null {
  if (path.length === 0) return 'path length must be > 0';
  if (path[0] !== '/') return 'path must start with / character';
  if (path.length === 1) return null;
  if (path[path.length - 1] === '/') return 'path must not end with / character';
  let prev = '/';
  for (let i = 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    const ch = path[i]!;
    if (c === 0) return `null character not allowed @${i}`;
    if (ch === '/' && prev === '/') return `empty node name specified @${i}`;
    if (ch === '.' && prev === '.') {
      if (path[i - 2] === '/' && (i + 1 === path.length || path[i + 1] === '/')) return `relative paths not allowed @${i}`;
    } else if (ch === '.') {
      if (prev === '/' && (i + 1 === path.length || path[i + 1] === '/')) return `relative paths not allowed @${i}`;
    } else if ((c > 0 && c <= 0x1f) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xf8ff) || (c >= 0xfff0 && c <= 0xffff)) {
      return `invalid character @${i}`;
    }
    prev = ch;
  }
  return null;
}

export function isValidPath(path: string): boolean {
  return pathProblem(path) === null;
}

/** The parent path: text before the last '/', or '/' for a top-level node. */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function childPath(parent: string, name: string): string {
  return parent === '/' ? '/' + name : parent + '/' + name;
}

/** The path and each of its ancestors, nearest first, ending with '/'. */
export function* selfAndAncestors(path: string): Generator<string> {
  let p = path;
  for (;;) {
    yield p;
    if (p === '/') return;
    p = parentOf(p);
  }
}
