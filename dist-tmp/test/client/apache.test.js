/** The client suite against Apache ZooKeeper 3.8 (Debian's package `zookeeper`, installed by .ci/run). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defineClientSuite } from './suite.js';
import { isApacheZooKeeperInstalled, startApacheZooKeeper } from '../support/apache-zk.js';
if (isApacheZooKeeperInstalled()) {
    defineClientSuite('Apache ZooKeeper 3.8', () => startApacheZooKeeper());
}
else {
    describe('client library against Apache ZooKeeper 3.8', () => {
        it('needs the Debian package zookeeper (run .ci/run, or apt-get install zookeeper)', () => {
            assert.fail('Apache ZooKeeper is not installed');
        });
    });
}
//# sourceMappingURL=apache.test.js.map