/**
 * The servers the cross-checker compares: Apache ZooKeeper (the Debian package's jar, run as
 * `java … ZooKeeperServerMain`) and zk-ts's own standalone server, each a child process on a
 * free port of 127.0.0.1 with its own temp directory. Both get the same settings: TTL nodes on,
 * the same super user, and a reaper interval so long that nothing is deleted behind the
 * lockstep's back (docs/crosscheck.md, "What is not compared").
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
export const DEFAULT_ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
/** The super user both servers accept (addAuth digest super:crosscheck). */
export const SUPER_CREDENTIAL = 'super:crosscheck';
export const TICK_TIME = 2000;
export const SESSION_TIMEOUT_MS = 300_000;
const REAPER_INTERVAL_MS = 24 * 3600 * 1000;
export function superDigest() {
    const user = SUPER_CREDENTIAL.split(':')[0];
    return `${user}:${createHash('sha1').update(SUPER_CREDENTIAL, 'utf8').digest('base64')}`;
}
export function zooKeeperAvailable(jar = DEFAULT_ZOOKEEPER_JAR) {
    if (!existsSync(jar))
        return false;
    return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}
export async function startServer(kind, name, jar = DEFAULT_ZOOKEEPER_JAR) {
    const base = mkdtempSync(join(tmpdir(), `crosscheck-${kind}-`));
    const dataDir = join(base, 'data');
    mkdirSync(dataDir);
    const port = await freePort();
    const cfg = join(base, 'zoo.cfg');
    const lines = [
        `tickTime=${TICK_TIME}`,
        `dataDir=${dataDir}`,
        `clientPort=${port}`,
        'clientPortAddress=127.0.0.1',
        'maxClientCnxns=0',
        `minSessionTimeout=${2 * TICK_TIME}`,
        // Long sessions: the lockstep pings every session at every step, but a loaded machine can
        // stall a step for a while, and an expiry it did not ask for would make the servers differ.
        `maxSessionTimeout=${SESSION_TIMEOUT_MS}`,
        '4lw.commands.whitelist=ruok',
        'admin.enableServer=false',
    ];
    let args;
    let command;
    if (kind === 'zookeeper') {
        command = 'java';
        args = [
            '-Xms64m',
            '-Xmx512m',
            '-XX:+UseSerialGC',
            '-XX:TieredStopAtLevel=1',
            '-Dzookeeper.extendedTypesEnabled=true',
            `-Dznode.container.checkIntervalMs=${REAPER_INTERVAL_MS}`,
            `-Dzookeeper.DigestAuthenticationProvider.superDigest=${superDigest()}`,
            '-Dzookeeper.admin.enableServer=false',
            '-cp',
            jar,
            'org.apache.zookeeper.server.ZooKeeperServerMain',
            cfg,
        ];
    }
    else {
        lines.push('extendedTypesEnabled=true', `znode.container.checkIntervalMs=${REAPER_INTERVAL_MS}`, `DigestAuthenticationProvider.superDigest=${superDigest()}`);
        command = process.execPath;
        args = [fileURLToPath(new URL('../main/server.js', import.meta.url)), '--config', cfg, '--log-level', 'warn'];
    }
    writeFileSync(cfg, lines.join('\n') + '\n');
    let out = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: base });
    const keep = (d) => {
        out += d.toString();
        if (out.length > 200_000)
            out = out.slice(-100_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    live.add(child);
    child.once('exit', () => live.delete(child));
    installExitHook();
    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((r) => child.once('exit', () => r()));
            child.kill('SIGTERM');
            const t = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(t);
        }
        rmSync(base, { recursive: true, force: true });
    };
    const deadline = Date.now() + 60_000;
    for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
            rmSync(base, { recursive: true, force: true });
            throw new Error(`${name} exited during start-up:\n${out.slice(-4000)}`);
        }
        if ((await ruok(port)) === 'imok')
            break;
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`${name} did not answer ruok within 60 s:\n${out.slice(-4000)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return { kind, name, port, output: () => out.slice(-4000), stop };
}
const live = new Set();
let hooked = false;
function installExitHook() {
    if (hooked)
        return;
    hooked = true;
    // A crashed cross-checker must not leave JVMs or servers behind.
    process.on('exit', () => {
        for (const c of live)
            c.kill('SIGKILL');
    });
}
function ruok(port) {
    return new Promise((resolve) => {
        const s = connect({ host: '127.0.0.1', port }, () => s.write('ruok'));
        let text = '';
        s.setTimeout(2000, () => s.destroy());
        s.on('data', (d) => (text += d));
        s.on('close', () => resolve(text));
        s.on('error', () => resolve(''));
    });
}
function freePort() {
    return new Promise((resolve, reject) => {
        const srv = createServer();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            const port = typeof addr === 'object' && addr ? addr.port : 0;
            srv.close(() => resolve(port));
        });
    });
}
//# sourceMappingURL=servers.js.map