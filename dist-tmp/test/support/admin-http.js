/** Helpers for tests of the AdminServer and the metrics endpoint. */
import { spawnSync } from 'node:child_process';
/**
 * Lint complaints promtool makes about names zk-ts keeps for compatibility: ZooKeeper's own
 * (a gauge ending in _count, a counter without _total) and prom-client's Node.js gauges.
 */
export const LINT_ALLOWED = /^(znode_count|watch_count|ephemerals_count|auth_failed_count|commit_count|bytes_received_count|response_bytes|nodejs_active_\w+_total) /;
/** GET (or `init`) a URL; the body parsed as JSON (null when empty). */
export async function getJson(url, init) {
    const res = await fetch(url, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}
/** promtool's verdict on an exposition text: exit code and its complaints. */
export function promtool(text) {
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    if (r.error)
        throw new Error(`promtool (Debian package prometheus) is needed: ${r.error.message}`);
    return { status: r.status, lines: `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '') };
}
//# sourceMappingURL=admin-http.js.map