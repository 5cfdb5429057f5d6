/**
 * Lint complaints promtool makes about names zk-ts keeps for compatibility: ZooKeeper's own
 * (a gauge ending in _count, a counter without _total) and prom-client's Node.js gauges.
 */
export declare const LINT_ALLOWED: RegExp;
/** GET (or `init`) a URL; the body parsed as JSON (null when empty). */
export declare function getJson(url: string, init?: RequestInit): Promise<{
    status: number;
    body: any;
    headers: Headers;
}>;
/** promtool's verdict on an exposition text: exit code and its complaints. */
export declare function promtool(text: string): {
    status: number | null;
    lines: string[];
};
