/** bin/zk-server as an operator runs it: configuration errors, flags, log file, clean stop. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZK_SERVER_BIN, fourLetterWord, waitFor } from '../support/zkts-server.js';
import { freePort } from '../support/free-port.js';
const dirs = [];
function tempDir() {
    const d = mkdtempSync(join(tmpdir(), 'zkts-cli-'));
    dirs.push(d);
    return d;
}
function run(args) {
    return spawnSync(process.execPath, [ZK_SERVER_BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
}
describe('zk-server command line', () => {
    after(() => {
        for (const d of dirs)
            rmSync(d, { recursive: true, force: true });
    });
    it('names file, line and key of an invalid value and exits 2', () => {
        const d = tempDir();
        const cfg = join(d, 'zoo.cfg');
        writeFileSync(cfg, `dataDir=${d}\n# a comment\ntickTime=abc\n`);
        const r = run(['--config', cfg]);
        assert.equal(r.status, 2, r.stderr + r.stdout);
        assert.match(r.stderr, new RegExp(`${cfg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: key 'tickTime'`));
    });
    it('exits 2 when the config file is missing', () => {
        const r = run(['--config', join(tempDir(), 'nope.cfg')]);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /nope\.cfg/);
    });
    it('exits 2 when a quorum member has no myid, or one not among the server lines', async () => {
        const d = tempDir();
        const cfg = join(d, 'zoo.cfg');
        writeFileSync(cfg, `dataDir=${d}\nclientPort=${await freePort()}\nserver.1=127.0.0.1:1:2\nserver.2=127.0.0.1:3:4\nserver.3=127.0.0.1:5:6\n`);
        const missing = run(['--config', cfg]);
        assert.equal(missing.status, 2);
        assert.match(missing.stderr, /myid/);
        writeFileSync(join(d, 'myid'), '7\n');
        const stranger = run(['--config', cfg]);
        assert.equal(stranger.status, 2);
        assert.match(stranger.stderr, /myid/);
        writeFileSync(join(d, 'myid'), 'one\n');
        assert.equal(run(['--config', cfg]).status, 2);
    });
    it('warns about an unknown key, honours flags over the file, logs to logFile, and stops cleanly on SIGTERM', async () => {
        const d = tempDir();
        const filePort = await freePort();
        const flagPort = await freePort();
        const cfg = join(d, 'zoo.cfg');
        const flagData = join(d, 'flag-data');
        mkdirSync(flagData);
        writeFileSync(cfg, `dataDir=${join(d, 'file-data')}\nclientPort=${filePort}\nclientPortAddress=127.0.0.1\nnoSuchKey=1\nlogFile=server.log\n4lw.commands.whitelist=conf,ruok\n`);
        const child = spawn(process.execPath, [ZK_SERVER_BIN, '--config', cfg, '--client-port', String(flagPort), '--data-dir', flagData, '--log-level', 'debug'], {
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (b) => (out += b));
        child.stderr.on('data', (b) => (out += b));
        try {
            await waitFor(() => out.includes('serving clients on'), 20_000, () => out);
            assert.match(out, /zoo\.cfg:4: key 'noSuchKey'/);
            assert.match(out, new RegExp(`serving clients on 127\\.0\\.0\\.1:${flagPort}`));
            const conf = await fourLetterWord(flagPort, 'conf');
            assert.match(conf, new RegExp(`dataDir=${flagData.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
            assert.equal(await fourLetterWord(flagPort, 'srvr').then((t) => t.startsWith('Zookeeper version')), true, 'srvr is always allowed');
            assert.match(await fourLetterWord(flagPort, 'mntr'), /mntr is not executed because it is not in the whitelist/);
        }
        finally {
            child.kill('SIGTERM');
        }
        const code = await new Promise((r) => child.on('exit', (c) => r(c)));
        assert.equal(code, 0, out);
        assert.match(out, /SIGTERM received/);
        assert.ok(existsSync(join(d, 'server.log')), 'logFile is resolved against the config folder');
        assert.match(readFileSync(join(d, 'server.log'), 'utf8'), /serving clients on/);
    });
});
//# sourceMappingURL=server-cli.test.js.map