/** The recipes suite against our own server (a real bin/zk-server process). */
import { defineRecipeSuite } from './suite.js';
import { startZkTs } from '../support/zkts-server.js';
defineRecipeSuite('zk-ts', async () => {
    const s = await startZkTs({ extra: { extendedTypesEnabled: true, 'znode.container.checkIntervalMs': 500 } });
    return { connectString: s.connectString, stop: () => s.cleanup() };
});
//# sourceMappingURL=zkts.test.js.map