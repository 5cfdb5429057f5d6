/**
 * `envi` lines for this process, with ZooKeeper's key names where they mean the same thing
 * (zookeeper.version, host.name, os.*, user.*, os.memory.* as the JS heap in MB) and
 * `node.version` in place of the java.* keys.
 */
export declare function buildEnvironment(zookeeperVersion: string): Array<[string, string]>;
