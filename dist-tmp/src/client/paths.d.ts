export interface HostPort {
    host: string;
    port: number;
}
export interface ConnectString {
    hosts: HostPort[];
    /** e.g. "/app"; null when there is no chroot (or it is "/"). */
    chroot: string | null;
}
export declare const DEFAULT_PORT = 2181;
/** Parses "host:port,host:port/chroot" (ports default to 2181; IPv6 as "[::1]:2181"). */
export declare function parseConnectString(text: string): ConnectString;
export declare function formatHostPort(h: HostPort): string;
/**
 * Java's PathUtils.validatePath, message for message. A sequential create may end in "/"
 * (the server appends the counter), so it is validated as `path + "1"` like Java does.
 */
export declare function validatePath(path: string, sequential?: boolean): void;
/** Adds and removes the chroot. A null chroot makes both directions the identity. */
export declare class Chroot {
    readonly root: string | null;
    constructor(root: string | null);
    /** Client path → server path. */
    toServer(path: string): string;
    /**
     * Server path → client path. A path outside the chroot (possible only for paths the
     * server reports about nodes we never asked for) is returned unchanged, as Java does.
     */
    toClient(path: string): string;
}
/** "/a/b" → "/a"; "/a" → "/". */
export declare function parentOf(path: string): string;
/** "/a" + "b" → "/a/b"; "/" + "b" → "/b". */
export declare function joinPath(parent: string, child: string): string;
