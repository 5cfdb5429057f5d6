/** zk-cli's tab completion: command names for the first word, znode paths after it. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { complete, Shell } from '../../src/cli/shell.js';
import { startZkTs } from '../support/zkts-server.js';
describe('zk-cli tab completion', () => {
    let server;
    let shell;
    before(async () => {
        server = await startZkTs();
        shell = new Shell({ out() { }, err() { } }, { server: server.connectString, sessionTimeout: 4000, interactive: true, version: 'test' });
        await shell.connect(server.connectString);
        for (const p of ['/alpha', '/alpine', '/beta', '/alpha/one', '/alpha/other'])
            await shell.client.create(p, null);
    });
    after(async () => {
        await shell.close();
        await server.cleanup();
    });
    it('completes command names', async () => {
        assert.deepEqual(await complete(shell, 'getA'), [['getAcl', 'getAllChildrenNumber'], 'getA']);
        assert.deepEqual((await complete(shell, 'del'))[0], ['delete', 'deleteall', 'delquota']);
        assert.deepEqual((await complete(shell, 'se'))[0], ['set', 'setAcl', 'setquota']);
    });
    it('completes znode paths at the root and deeper', async () => {
        assert.deepEqual(await complete(shell, 'ls /al'), [['/alpha', '/alpine'], '/al']);
        assert.deepEqual(await complete(shell, 'get /alpha/o'), [['/alpha/one', '/alpha/other'], '/alpha/o']);
        assert.deepEqual(await complete(shell, 'stat /nothing/'), [[], '/nothing/']);
    });
});
//# sourceMappingURL=complete.test.js.map