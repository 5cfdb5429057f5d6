/**
 * `npm start`: runs the local deployment from conf/ in the foreground and stops it on Ctrl-C.
 * Until replication lands this is one standalone server (conf/zoo.cfg, data in data/standalone).
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const child = spawn(process.execPath, [join(root, 'bin', 'zk-server'), '--config', join(root, 'conf', 'zoo.cfg')], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
