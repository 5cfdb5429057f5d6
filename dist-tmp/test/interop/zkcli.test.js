/**
 * Apache ZooKeeper's own zkCli.sh (Java client 3.8, from the Debian package) against our server:
 * the operations node-zookeeper-client lacks (create2 stats, containers, TTL, getEphemerals,
 * persistent recursive watches, whoami, getAllChildrenNumber, sync, removewatches), before and
 * after a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startZkTs } from '../support/zkts-server.js';
const ZKCLI = '/usr/share/zookeeper/bin/zkCli.sh';
/** Runs zkCli.sh with `commands` on its stdin and returns what it printed (log lines removed). */
function zkCli(connectString, commands) {
    return new Promise((resolve, reject) => {
        const child = spawn(ZKCLI, ['-server', connectString], { stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`zkCli timed out:\n${out}`));
        }, 60_000);
        child.on('exit', () => {
            clearTimeout(timer);
            resolve(out.split('\n').filter((l) => !/^\d{4}-\d\d-\d\d |^\s+at |log4j|SLF4J/.test(l)).join('\n'));
        });
        child.stdin.end(commands.join('\n') + '\nquit\n');
    });
}
describe('zkCli.sh (Apache ZooKeeper 3.8) against zk-ts', () => {
    let server;
    before(async () => {
        assert.ok(existsSync(ZKCLI), `${ZKCLI} is missing: install the Debian package zookeeper (.ci/run does)`);
        server = await startZkTs({ extra: { extendedTypesEnabled: true, 'znode.container.checkIntervalMs': 200 } });
    });
    after(async () => {
        await server.cleanup();
    });
    it('runs the 3.5+ operations', async () => {
        const out = await zkCli(server.connectString, [
            'create /cli hello',
            'create -s /cli/s- one',
            'create -c /box',
            'create /box/item',
            'create -e /cli-eph',
            'create -t 600000 /cli-ttl',
            'getEphemerals',
            'getAllChildrenNumber /cli',
            'whoami',
            'addauth digest alice:secret',
            'whoami',
            'setAcl /cli/s-0000000000 auth::cdrwa',
            'getAcl /cli/s-0000000000',
            'addWatch -m PERSISTENT_RECURSIVE /cli',
            'set /cli/s-0000000000 two',
            'removewatches /cli',
            'set /cli/s-0000000000 three',
            'get -s /cli',
            'sync /cli',
            'ls -R /cli',
            'delete /cli',
            'create -s /cli/s- more',
            'stat /missing',
        ]);
        for (const expected of [
            'Created /cli',
            'Created /cli/s-0000000000',
            'Created /box',
            'Created /cli-eph',
            'Created /cli-ttl',
            '[/cli-eph]',
            'ip: 127.0.0.1',
            'digest: alice',
            "'digest,'alice:",
            ': cdrwa',
            'WatchedEvent state:SyncConnected type:NodeDataChanged path:/cli/s-0000000000',
            'numChildren = 1',
            'Sync is OK',
            '/cli/s-0000000000',
            'Node not empty: /cli',
            'Created /cli/s-0000000001',
            'Node does not exist: /missing',
        ]) {
            assert.ok(out.includes(expected), `missing ${JSON.stringify(expected)} in:\n${out}`);
        }
        // getAllChildrenNumber /cli printed 1 on its own line
        assert.match(out, /\n1\n/);
        // the watch was removed: the second change fired nothing more
        assert.equal(out.split('type:NodeDataChanged').length - 1, 1, out);
    });
    it('reaps the emptied container and keeps everything else across a restart', async () => {
        const out1 = await zkCli(server.connectString, ['delete /box/item']);
        assert.ok(!out1.includes('Exception'), out1);
        await server.restart();
        const deadline = Date.now() + 10_000;
        let out = '';
        for (;;) {
            out = await zkCli(server.connectString, ['get /cli', 'ls /cli', 'stat /cli-ttl', 'ls /']);
            if (!/\bbox\b/.test(out) || Date.now() > deadline)
                break;
            await new Promise((r) => setTimeout(r, 300));
        }
        assert.ok(out.includes('hello'), out);
        assert.ok(out.includes('[s-0000000000, s-0000000001]') || out.includes('[s-0000000001, s-0000000000]'), out);
        assert.ok(out.includes('ephemeralOwner = 0x0'), 'TTL node reports owner 0:\n' + out);
        assert.ok(!/\bbox\b/.test(out), 'the emptied container was not reaped:\n' + out);
        // the ephemeral died with zkCli's session (it closed its session on quit)
        assert.ok(!out.includes('cli-eph'), out);
    });
});
//# sourceMappingURL=zkcli.test.js.map