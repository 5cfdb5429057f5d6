/**
 * What zk-server does at start without its heavier modules (docs/performance.md, section 6): the
 * usual command line parsed without yargs (everything else left to yargs), and the log lines that
 * replaced winston's Console transport (same format, same levels; a log file gets the same lines).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseUsualArgs } from '../../src/main/server-args.js';
import { createLogger, type LineSink } from '../../src/main/logger.js';

test('server args: the usual forms are parsed as yargs parsed them', () => {
  assert.deepEqual(parseUsualArgs(['--config', 'z.cfg']), { config: 'z.cfg' });
  assert.deepEqual(parseUsualArgs(['--config=z.cfg', '--client-port', '2181', '--data-dir', '/d', '--log-level', 'debug', '--election', 'basic']), {
    config: 'z.cfg',
    'client-port': 2181,
    'data-dir': '/d',
    'log-level': 'debug',
    election: 'basic',
  });
  assert.deepEqual(parseUsualArgs(['--election=fast', '--config', 'z.cfg']), { config: 'z.cfg', election: 'fast' });
});

test('server args: anything else is left to yargs (null)', () => {
  for (const args of [
    [],
    ['--help'],
    ['--version'],
    ['--config'],
    ['--config', ''],
    ['--client-port', '2181'], // no config: yargs says it is missing
    ['--config', 'z.cfg', '--unknown', 'x'],
    ['--config', 'z.cfg', 'positional'],
    ['--config', 'a.cfg', '--config', 'b.cfg'], // repeated: yargs makes an array
    ['--config', 'z.cfg', '--election', 'zab'], // not a choice
    ['--config', 'z.cfg', '--client-port', 'abc'], // yargs gives NaN
    ['--config', 'z.cfg', '--client-port', '-1'],
    ['--config', 'z.cfg', '--clientPort', '2181'], // camelCase: yargs accepts it
    ['-c', 'z.cfg'],
  ]) {
    assert.equal(parseUsualArgs(args), null, JSON.stringify(args));
  }
});

/** Runs `f` with a sink that collects what the logger writes. */
async function capture(f: (out: LineSink) => Promise<void>): Promise<string> {
  let text = '';
  await f({
    write(chunk, done) {
      text += chunk;
      done?.();
      return true;
    },
  });
  return text;
}

test('logger: the line format and levels of the former winston console, and the same lines in the log file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-logger-'));
  try {
    const file = join(dir, 'server.log');
    const out = await capture(async (sink) => {
      const log = await createLogger('info', file, 'myid:7', sink);
      log.debug('not shown');
      log.info('hello');
      log.warn('careful');
      log.error('broken');
      await log.close();
    });
    const lines = out.split('\n').filter(Boolean);
    assert.equal(lines.length, 3, out);
    assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO  \[myid:7\] hello$/);
    assert.match(lines[1]!, /^\S+Z WARN  \[myid:7\] careful$/);
    assert.match(lines[2]!, /^\S+Z ERROR \[myid:7\] broken$/);
    assert.deepEqual(readFileSync(file, 'utf8').split('\n').filter(Boolean), lines);

    const quiet = await capture(async (sink) => {
      const log = await createLogger('error', undefined, 'x', sink);
      log.info('no');
      log.warn('no');
      log.error('yes');
      await log.close();
    });
    assert.equal(quiet.split('\n').filter(Boolean).length, 1, quiet);
    const all = await capture(async (sink) => {
      const log = await createLogger('silly', undefined, 'x', sink);
      log.debug('d');
      await log.close();
    });
    assert.match(all, /DEBUG \[x\] d\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('zk-server loads neither yargs, winston nor prom-client for a usual command line (start-up cost, docs/performance.md)', async () => {
  const { spawnSync } = await import('node:child_process');
  const { dirname, resolve } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-loaded-'));
  try {
    const list = join(dir, 'loaded.txt');
    // A module hook that writes down every file the process loads.
    const hooks = `import { appendFileSync } from 'node:fs'; export async function load(url, context, next) { if (url.startsWith('file:')) appendFileSync(${JSON.stringify(list)}, url + '\\n'); return next(url, context); }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify('data:text/javascript,' + encodeURIComponent(hooks))});`;
    const r = spawnSync(process.execPath, ['--import', 'data:text/javascript,' + encodeURIComponent(register), join(root, 'bin', 'zk-server'), '--config', join(dir, 'missing.cfg')], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, `expected the configuration error exit: ${r.stderr}`);
    const loaded = readFileSync(list, 'utf8');
    // The server's own code, as modules or as the bundle `npm run build` makes (scripts/bundle-server.mjs).
    assert.match(loaded, /dist\/src\/main\/(quorum\.js|zk-server\.bundle\.mjs)/, 'the server modules were loaded');
    for (const pkg of ['yargs', 'winston', 'prom-client']) {
      assert.ok(!loaded.includes(`/node_modules/${pkg}/`), `${pkg} was loaded at start`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
