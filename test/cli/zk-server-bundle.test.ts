/**
 * bin/zk-server runs the bundle scripts/bundle-server.mjs made only while every module in it is
 * the one built (its manifest's sizes and mtimes); otherwise the modules tsc built. Checked on a
 * copy of the bin in a temp tree whose two "servers" only say which one ran, and on the real
 * build: the bundle the build made is current, and it starts the same server (a missing config
 * file is reported and exits 2, as from the modules).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/zkts-server.js';

const BIN = join(REPO_ROOT, 'bin', 'zk-server');

function run(bin: string, args: string[] = []): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('bin/zk-server: the bundle or the modules', () => {
  it('runs the bundle only while its manifest matches every input', () => {
    const root = mkdtempSync(join(tmpdir(), 'zk-server-bundle-'));
    try {
      mkdirSync(join(root, 'bin'));
      mkdirSync(join(root, 'dist', 'src', 'main'), { recursive: true });
      writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
      copyFileSync(BIN, join(root, 'bin', 'zk-server'));
      const main = join(root, 'dist', 'src', 'main');
      writeFileSync(join(main, 'server.js'), "process.stdout.write('modules');\n");
      writeFileSync(join(main, 'zk-server.bundle.mjs'), "process.stdout.write('bundle');\n");
      const bin = join(root, 'bin', 'zk-server');
      const manifest = () => {
        const st = statSync(join(main, 'server.js'));
        writeFileSync(join(main, 'zk-server.bundle.json'), JSON.stringify({ entry: 'dist/src/main/server.js', inputs: [{ path: 'dist/src/main/server.js', size: st.size, mtimeMs: st.mtimeMs }] }));
      };

      assert.equal(run(bin).stdout, 'modules', 'no manifest: the modules');
      manifest();
      assert.equal(run(bin).stdout, 'bundle', 'a current manifest: the bundle');

      // tsc rebuilt a module (same size, newer mtime): the bundle is stale.
      const later = new Date(Date.now() + 5000);
      utimesSync(join(main, 'server.js'), later, later);
      assert.equal(run(bin).stdout, 'modules', 'a rebuilt module: the modules');
      manifest();
      assert.equal(run(bin).stdout, 'bundle');

      // An edit that changes the size, mtime aside.
      const st = statSync(join(main, 'server.js'));
      writeFileSync(join(main, 'server.js'), "process.stdout.write('modules');   \n");
      utimesSync(join(main, 'server.js'), st.atime, st.mtime);
      assert.equal(run(bin).stdout, 'modules', 'a resized module: the modules');

      manifest();
      rmSync(join(main, 'server.js'));
      writeFileSync(join(main, 'server.js'), "process.stdout.write('modules');\n");
      rmSync(join(main, 'zk-server.bundle.json'));
      writeFileSync(join(main, 'zk-server.bundle.json'), 'not json');
      assert.equal(run(bin).stdout, 'modules', 'an unreadable manifest: the modules');
      for (const parsed of ['{}', 'null', '{"inputs":7}']) {
        writeFileSync(join(main, 'zk-server.bundle.json'), parsed);
        assert.equal(run(bin).stdout, 'modules', `a manifest without a list of inputs (${parsed}): the modules`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the build made a current bundle of the server, which reports a missing config like the modules', () => {
    const dir = join(REPO_ROOT, 'dist', 'src', 'main');
    assert.ok(existsSync(join(dir, 'zk-server.bundle.mjs')), 'npm run build writes dist/src/main/zk-server.bundle.mjs');
    const manifest = JSON.parse(readFileSync(join(dir, 'zk-server.bundle.json'), 'utf8')) as { inputs: { path: string; size: number; mtimeMs: number }[] };
    assert.ok(manifest.inputs.some((f) => f.path === join('dist', 'src', 'main', 'server.js')), 'the server module is in the bundle');
    const stale = manifest.inputs.filter((f) => {
      const st = statSync(join(REPO_ROOT, f.path));
      return st.size !== f.size || st.mtimeMs !== f.mtimeMs;
    });
    assert.deepEqual(stale.map((f) => f.path), [], 'every input of the bundle is as built');

    const missing = join(tmpdir(), 'zk-server-bundle-no-such-config.cfg');
    for (const entry of [join(dir, 'zk-server.bundle.mjs'), join(dir, 'server.js'), BIN]) {
      const r = run(entry, ['--config', missing]);
      assert.equal(r.status, 2, `${entry}: exit status`);
      assert.match(r.stderr, /configuration error: .*cannot read the config file/, entry);
    }
  });
});
