/**
 * --target: either a kind of server the bench launches itself ('zk-ts', 'zookeeper'), or the
 * connect string of servers that are already running (ours or anyone's).
 */
import { parseConnectString } from '../../client/index.js';
export function parseTarget(s) {
    const t = s.trim();
    if (t === 'zk-ts' || t === 'zookeeper')
        return { kind: t };
    if (t === '')
        throw new Error('--target: empty (give zk-ts, zookeeper or a connect string host:port[,host:port...][/chroot])');
    let parsed;
    try {
        parsed = parseConnectString(t);
    }
    catch (e) {
        throw new Error(`--target '${s}': ${e.message} (give zk-ts, zookeeper or a connect string host:port[,host:port...][/chroot])`);
    }
    const chroot = parsed.chroot ?? '';
    const hosts = parsed.hosts.map((h) => `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}${chroot}`);
    return { hosts, ports: parsed.hosts.map((h) => h.port), connectString: t };
}
/** Only a launched kind: for workloads that start, kill and restart servers themselves. */
export function launchedKind(s, command) {
    const t = parseTarget(s);
    if ('kind' in t)
        return t.kind;
    throw new Error(`${command} launches its own servers: --target must be zk-ts or zookeeper, not a connect string`);
}
//# sourceMappingURL=target.js.map