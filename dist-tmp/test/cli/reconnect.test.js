/**
 * An interactive zk-cli whose connection is cut (through a proxy the test controls) says so,
 * reconnects by itself to the same session, says so again, and keeps working.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, startZkTs } from '../support/zkts-server.js';
import { TcpProxy } from '../client/proxy.js';
import { uniquePath, waitUntil } from '../client/helpers.js';
const ZK_CLI = join(REPO_ROOT, 'bin', 'zk-cli');
describe('zk-cli reconnects', { timeout: 60_000 }, () => {
    let server;
    let proxy;
    before(async () => {
        server = await startZkTs();
        proxy = await TcpProxy.start(server.host, server.port);
    });
    after(async () => {
        await proxy?.close();
        await server?.cleanup();
    });
    it('reports the lost connection and the reconnection, and the session goes on', async () => {
        const p = uniquePath('rc');
        const child = spawn(process.execPath, [ZK_CLI, '-server', proxy.connectString, '-timeout', '10000'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        const exited = new Promise((r) => child.on('close', (code) => r(code)));
        try {
            child.stdin.write(`create -e ${p} before\n`);
            await waitUntil(() => err.includes(`Created ${p}`), 10_000, 'the first command');
            proxy.dropAll();
            await waitUntil(() => /Reconnected to 127\.0\.0\.1:\d+, session 0x[0-9a-f]+ kept/.test(err), 20_000, `a reconnection in ${JSON.stringify(err)}`);
            assert.match(err, new RegExp(`Connection to ${proxy.connectString.replace(/\./g, '\\.')} lost \\(.*\\); reconnecting`));
            assert.match(out, /WatchedEvent state:Disconnected type:None path:null[\s\S]*WatchedEvent state:SyncConnected type:None path:null/);
            // same session: the ephemeral is still there and commands work
            child.stdin.write(`get ${p}\n`);
            await waitUntil(() => out.includes('before\n'), 10_000, 'the command after the reconnection');
            child.stdin.write('quit\n');
            assert.equal(await exited, 0);
        }
        finally {
            child.kill('SIGKILL');
        }
    });
});
//# sourceMappingURL=reconnect.test.js.map