/** The process environment for `envi` / `environment`. */
import { homedir, hostname, release, type, userInfo } from 'node:os';
import { getHeapStatistics } from 'node:v8';
/**
 * `envi` lines for this process, with ZooKeeper's key names where they mean the same thing
 * (zookeeper.version, host.name, os.*, user.*, os.memory.* as the JS heap in MB) and
 * `node.version` in place of the java.* keys.
 */
export function buildEnvironment(zookeeperVersion) {
    const mb = (bytes) => `${Math.floor(bytes / (1024 * 1024))}MB`;
    const heap = getHeapStatistics();
    let user = '';
    try {
        user = userInfo().username;
    }
    catch {
        user = process.env.USER ?? '';
    }
    const arch = { x64: 'amd64', ia32: 'x86', arm64: 'aarch64' };
    return [
        ['zookeeper.version', zookeeperVersion],
        ['host.name', hostname()],
        ['node.version', process.version],
        ['os.name', type()],
        ['os.arch', arch[process.arch] ?? process.arch],
        ['os.version', release()],
        ['user.name', user],
        ['user.home', homedir()],
        ['user.dir', process.cwd()],
        ['os.memory.free', mb(heap.total_heap_size - heap.used_heap_size)],
        ['os.memory.max', mb(heap.heap_size_limit)],
        ['os.memory.total', mb(heap.total_heap_size)],
    ];
}
//# sourceMappingURL=environment.js.map