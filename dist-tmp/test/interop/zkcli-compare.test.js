/**
 * zk-cli against zkCli.sh 3.8 (Debian's) on the same server: the same commands give the same
 * output and exit codes, for the commands zk-cli added with quotas and configuration
 * (setquota, listquota, delquota, config, reconfig) and for a write refused by a hard
 * quota. Run on our server and on Apache ZooKeeper 3.8, both enforcing quotas; and Apache
 * zkCli.sh's quotas are checked to be kept up to date by our server.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/client/index.js';
import { REPO_ROOT, startZkTs } from '../support/zkts-server.js';
import { startApacheZooKeeper } from '../support/apache-zk.js';
import { uniquePath } from '../client/helpers.js';
const ZKCLI = '/usr/share/zookeeper/bin/zkCli.sh';
const ZK_CLI = join(REPO_ROOT, 'bin', 'zk-cli');
/** Java's log lines, stack frames and JLine notes are not part of what we compare. */
function clean(text) {
    return text
        .split('\n')
        .filter((l) => !/^\d{4}-\d\d-\d\d |^\s+at |log4j|SLF4J|^JLine support/.test(l))
        .join('\n');
}
function runTool(tool, args, input) {
    return new Promise((resolve, reject) => {
        const child = tool === 'zkCli.sh'
            ? spawn(ZKCLI, args, { stdio: ['pipe', 'pipe', 'pipe'] })
            : spawn(process.execPath, [ZK_CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${tool} ${args.join(' ')} did not exit:\n${stdout}\n${stderr}`));
        }, 90_000);
        child.on('error', reject);
        child.on('close', (code) => {
            clearTimeout(timer);
            resolve({ code, stdout: clean(stdout), stderr: clean(stderr) });
        });
        child.stdin.end(input ?? '');
    });
}
/** One script of commands, run by each tool on its own copy of the paths. */
function script(p) {
    return [
        `create ${p} root`,
        `create ${p}/a 12345`,
        `setquota -n 3 ${p}`,
        `setquota -N 3 ${p}`,
        `setquota -B 100 ${p}`,
        `listquota ${p}`,
        `create ${p}/b x`,
        `create ${p}/c y`,
        `set ${p}/a 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789`,
        `listquota ${p}`,
        `setquota -n 1 ${p}/a`,
        `setquota -n 3 /zookeeper/quota/x`,
        `setquota ${p}`,
        `setquota -n 1 -b 2 ${p}`,
        `setquota -n 0 ${p}`,
        `setquota -b abc ${p}`,
        `setquota -n 5 ${p}-missing`,
        `listquota ${p}-missing`,
        `delquota -N ${p}`,
        `listquota ${p}`,
        `delquota -n -b ${p}`,
        `delquota ${p}`,
        `listquota ${p}`,
        `delquota ${p}`,
        'config',
        'config -c',
        'reconfig -add 4=127.0.0.1:2888:3888;2181',
        'reconfig',
        'reconfig -v zz -remove 3',
        'reconfig -members 1=a:1:2;3 -add 2=b:1:2;3',
    ];
}
function servers() {
    return [
        [
            'zk-ts',
            async () => {
                const s = await startZkTs({ extra: { enforceQuota: true } });
                return { connectString: s.connectString, stop: () => s.cleanup() };
            },
        ],
        [
            'Apache ZooKeeper 3.8',
            async () => {
                const z = await startApacheZooKeeper({ extra: { enforceQuota: true } });
                return { connectString: z.connectString, stop: () => z.stop() };
            },
        ],
    ];
}
for (const [name, start] of servers()) {
    describe(`zk-cli and zkCli.sh 3.8 on ${name}`, { timeout: 300_000 }, () => {
        let server;
        let lib;
        before(async () => {
            assert.ok(existsSync(ZKCLI), `${ZKCLI} is missing: install the Debian package zookeeper (.ci/run does)`);
            server = await start();
            lib = createClient(server.connectString);
            await lib.connected();
        });
        after(async () => {
            await lib?.close();
            await server?.stop();
        });
        it('print the same for quota and configuration commands', async () => {
            const base = uniquePath('cmp');
            const pJava = `${base}-java`;
            const pOurs = `${base}-ours`;
            const args = ['-server', server.connectString];
            const java = await runTool('zkCli.sh', args, script(pJava).join('\n') + '\nquit\n');
            const ours = await runTool('zk-cli', args, script(pOurs).join('\n') + '\nquit\n');
            const norm = (s, p) => s
                .split(p)
                .join('$P')
                .replace(/\[zk: [^\]]*\] /g, '') // prompts (JLine prints them even on a pipe)
                .split('\n')
                // connection events print whenever the session comes up: not part of any command
                .filter((l) => l.trim() !== '' && l !== 'WATCHER::' && !/^WatchedEvent state:\w+ type:None path:null$/.test(l))
                .join('\n');
            assert.equal(norm(ours.stdout, pOurs), norm(java.stdout, pJava), `stdout differs\n--- zkCli.sh:\n${java.stdout}\n--- zk-cli:\n${ours.stdout}`);
            assert.equal(norm(ours.stderr, pOurs), norm(java.stderr, pJava), `stderr differs\n--- zkCli.sh:\n${java.stderr}\n--- zk-cli:\n${ours.stderr}`);
            assert.equal(ours.code, java.code);
            // and the server kept the usage the same way in both trees
            for (const p of [pJava, pOurs])
                assert.equal((await lib.exists(`/zookeeper/quota${p}`)), null, `${p}'s quota was deleted`);
        });
        it("zk-cli's exit (zkCli 3.9) ends the shell as quit does", async () => {
            const p = uniquePath('exit');
            const r = await runTool('zk-cli', ['-server', server.connectString], `create -e ${p} x\nexit\nget ${p}\n`);
            assert.equal(r.code, 0);
            assert.ok(!r.stdout.includes('\nx\n'), 'nothing runs after exit');
            assert.equal(await lib.exists(p), null, 'the session was closed');
        });
        it('exit with the same codes for one-shot commands', async () => {
            const p = uniquePath('codes');
            await lib.create(p, 'x');
            const args = ['-server', server.connectString];
            const cases = [
                ['setquota', '-N', '1', p],
                ['listquota', p],
                ['create', `${p}/over`],
                ['setquota', p],
                ['reconfig', '-remove', '3'],
                ['config'],
            ];
            for (const c of cases) {
                const java = await runTool('zkCli.sh', [...args, ...c], null);
                const ours = await runTool('zk-cli', [...args, ...c], null);
                assert.equal(ours.code, java.code, `${c.join(' ')}: exit code\nzkCli.sh: ${java.stdout}${java.stderr}\nzk-cli: ${ours.stdout}${ours.stderr}`);
                // One-shot zk-cli keeps stdout for the command's output: zkCli.sh also prints its
                // connection banner and event there.
                const banner = (s) => s
                    .split('\n')
                    .filter((l) => !l.startsWith('Connecting to ') && l !== 'WATCHER::' && !/^WatchedEvent state:\w+ type:None path:null$/.test(l))
                    .join('\n')
                    .trim();
                assert.equal(ours.stdout.trim(), banner(java.stdout), `${c.join(' ')}: stdout`);
                assert.equal(ours.stderr.trim(), java.stderr.trim(), `${c.join(' ')}: stderr`);
            }
        });
    });
}
describe('zk-cli options', { timeout: 120_000 }, () => {
    it('-waitforconnection fails with exit 1 when no server answers; -client-configuration must exist', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'zkcli-opts-'));
        try {
            const dead = '127.0.0.1:1'; // nothing listens on port 1
            const r = await runTool('zk-cli', ['-server', dead, '-timeout', '1000', '-waitforconnection', 'ls', '/'], null);
            assert.equal(r.code, 1);
            assert.match(r.stderr, /ConnectionLoss/);
            const missing = await runTool('zk-cli', ['-client-configuration', join(dir, 'nope.properties'), '-server', dead, 'ls', '/'], null);
            assert.equal(missing.code, 2);
            assert.match(missing.stderr, /Error while processing .*nope\.properties/);
            const cfg = join(dir, 'client.properties');
            writeFileSync(cfg, '# client settings\nzookeeper.request.timeout=5000\n');
            const help = await runTool('zk-cli', ['-client-configuration', cfg, '-h'], null);
            assert.equal(help.code, 0);
            assert.match(help.stderr, /^ZooKeeper -server host:port -client-configuration properties-file cmd args\n/);
            assert.match(help.stderr, /\n\tsetquota -n\|-b\|-N\|-B val path\n/);
            assert.match(help.stderr, /\n\tlistquota path\n/);
            assert.match(help.stderr, /\n\tdelquota \[-n\|-b\|-N\|-B\] path\n/);
            assert.match(help.stderr, /\n\tconfig \[-c\] \[-w\] \[-s\]\n/);
            assert.match(help.stderr, /\n\treconfig \[-s\] \[-v version\] /);
        }
        finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
//# sourceMappingURL=zkcli-compare.test.js.map