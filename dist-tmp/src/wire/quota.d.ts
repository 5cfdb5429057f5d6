/**
 * ZooKeeper's quotas as znodes (docs/quotas.md), the part server and shell share. A quota on
 * `/a/b` is two nodes:
 *   /zookeeper/quota/a/b/zookeeper_limits   the limits, written by the shell (setquota)
 *   /zookeeper/quota/a/b/zookeeper_stats    the usage, kept up to date by the server
 * Both hold StatsTrack text: "count=N,bytes=M", and since 3.7, when hard limits are present,
 * "count=N,bytes=M=;byteHardLimit=X;countHardLimit=Y" (the stray '=' keeps pre-3.7 parsers
 * reading just count and bytes). -1 means "no limit". `count` counts the quota root and every
 * node below it, `bytes` their data lengths.
 */
export declare const QUOTA_ROOT = "/zookeeper/quota";
export declare const LIMIT_NODE = "zookeeper_limits";
export declare const STAT_NODE = "zookeeper_stats";
export declare function limitPath(path: string): string;
export declare function statPath(path: string): string;
/** Java's StatsTrack: an ordered key → number map with ZooKeeper's text form. */
export declare class StatsTrack {
    private readonly stats;
    constructor(text?: string | Uint8Array | null);
    get count(): number;
    set count(v: number);
    get bytes(): number;
    set bytes(v: number);
    get countHardLimit(): number;
    set countHardLimit(v: number);
    get byteHardLimit(): number;
    set byteHardLimit(v: number);
    /** StatsTrack.toString(). */
    toString(): string;
    toBytes(): Uint8Array;
}
