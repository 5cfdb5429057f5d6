/** Path rules of ZooKeeper's PathUtils (docs/client-protocol.md, "Paths"). */
/** Returns why `path` is invalid, or null when it is a valid znode path. */
export declare function pathProblem(path: string): string | null;
export declare function isValidPath(path: string): boolean;
/** The parent path: text before the last '/', or '/' for a top-level node. */
export declare function parentOf(path: string): string;
export declare function baseName(path: string): string;
export declare function childPath(parent: string, name: string): string;
/** The path and each of its ancestors, nearest first, ending with '/'. */
export declare function selfAndAncestors(path: string): Generator<string>;
