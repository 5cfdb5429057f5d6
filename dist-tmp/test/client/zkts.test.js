/** The client suite against our own server (a real bin/zk-server process). */
import { defineClientSuite } from './suite.js';
import { startZkTs } from '../support/zkts-server.js';
defineClientSuite('zk-ts', async () => {
    const s = await startZkTs({ extra: { extendedTypesEnabled: true, maxSessionTimeout: 60000 } });
    return { connectString: s.connectString, stop: () => s.cleanup(), restart: () => s.restart() };
});
//# sourceMappingURL=zkts.test.js.map