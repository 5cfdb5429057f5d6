/** The recipes suite against Apache ZooKeeper 3.8 (Debian package). */
import { defineRecipeSuite } from './suite.js';
import { startApacheZooKeeper } from '../support/apache-zk.js';
defineRecipeSuite('Apache ZooKeeper 3.8', async () => {
    const zk = await startApacheZooKeeper();
    return { connectString: zk.connectString, stop: () => zk.stop() };
});
//# sourceMappingURL=apache.test.js.map