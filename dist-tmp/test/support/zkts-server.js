import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { spawnTied } from './tied-spawn.js';
const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (this file runs from dist/test/support). */
export const REPO_ROOT = resolve(here, '..', '..', '..');
export const ZK_SERVER_BIN = join(REPO_ROOT, 'bin', 'zk-server');
export async function startZkTs(opts = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'zkts-test-'));
    const port = await freePort();
    const cfg = join(dataDir, 'zoo.cfg');
    const lines = [
        `tickTime=${opts.tickTime ?? 200}`,
        `dataDir=${join(dataDir, 'data')}`,
        ...(opts.plainPort === false ? [] : [`clientPort=${port}`, 'clientPortAddress=127.0.0.1']),
        '4lw.commands.whitelist=*',
        'maxClientCnxns=0',
        ...Object.entries(opts.extra ?? {}).map(([k, v]) => `${k}=${v}`),
    ];
    writeFileSync(cfg, lines.join('\n') + '\n');
    let out = '';
    let child;
    const launch = async () => {
        child = spawnTied(process.execPath, [ZK_SERVER_BIN, '--config', cfg, '--log-level', opts.logLevel ?? 'info', ...(opts.args ?? [])], {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, ...opts.env },
        });
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        try {
            await waitFor(() => out.includes('serving clients on'), 20_000, () => `server did not start:\n${out}`, () => child.exitCode !== null);
        }
        catch (e) {
            child.kill('SIGKILL'); // never leave a half-started server behind
            throw e;
        }
    };
    const exited = () => new Promise((res) => {
        if (child.exitCode !== null || child.signalCode !== null)
            return res();
        child.once('exit', () => res());
    });
    await launch();
    const server = {
        host: '127.0.0.1',
        port,
        connectString: `127.0.0.1:${port}`,
        dataDir,
        get process() {
            return child;
        },
        output: () => out,
        async stop() {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill('SIGTERM');
                await exited();
            }
        },
        async kill(signal = 'SIGKILL') {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill(signal);
                await exited();
            }
        },
        async restart() {
            await server.stop();
            out = '';
            await launch();
        },
        async cleanup() {
            await server.kill('SIGKILL');
            rmSync(dataDir, { recursive: true, force: true });
        },
    };
    return server;
}
export async function waitFor(cond, timeoutMs, message, abort = () => false) {
    const start = Date.now();
    while (!cond()) {
        if (abort() || Date.now() - start > timeoutMs)
            throw new Error(message());
        await new Promise((r) => setTimeout(r, 20));
    }
}
/** Sends a four-letter word and returns the text the server wrote before closing. */
export function fourLetterWord(port, word, host = '127.0.0.1') {
    return new Promise((resolvePromise, reject) => {
        const s = connect({ host, port }, () => s.write(word));
        let text = '';
        s.on('data', (d) => (text += d));
        s.on('end', () => resolvePromise(text));
        s.on('error', reject);
        s.setTimeout(5000, () => {
            s.destroy();
            reject(new Error(`no answer to ${word}`));
        });
    });
}
//# sourceMappingURL=zkts-server.js.map