#!/usr/bin/env node
// Bundles the server (dist/src/main/server.js and the ~130 modules it imports) into one ES
// module, dist/src/main/zk-server.bundle.mjs, for a faster process start: Node 20 resolves,
// links and compiles every ES module file on its own, and with three servers starting at once on
// two cores that was about a third of each server's start-up CPU (docs/performance.md,
// section 13). Run by `npm run build` after tsc. Packages (lmdb, yargs, winston, prom-client)
// stay outside the bundle, and what the server imports only when configured (the admin and
// metrics servers, the dashboard's client) goes into chunks loaded then, as before.
//
// bin/zk-server runs the bundle only while it is current: next to it, zk-server.bundle.json
// lists every input file with its size and mtime, and a rebuilt (or edited) module makes the
// bin fall back to dist/src/main/server.js. The bundle sits in dist/src/main so that paths the
// modules compute from import.meta.url (the dashboard's assets) are the same in both.
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'src', 'main');
const entry = join(outdir, 'server.js');
const PREFIX = 'zk-server.bundle';

for (const name of readdirSync(outdir)) {
  if (name.startsWith(PREFIX)) rmSync(join(outdir, name));
}
const result = await build({
  entryPoints: { [PREFIX]: entry },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: `${PREFIX}-[name]-[hash]`,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs)
  .map((p) => resolve(process.cwd(), p))
  .sort()
  .map((abs) => {
    const st = statSync(abs);
    return { path: relative(root, abs), size: st.size, mtimeMs: st.mtimeMs };
  });
writeFileSync(join(outdir, `${PREFIX}.json`), JSON.stringify({ entry: relative(root, entry), inputs }) + '\n');
process.stdout.write(`bundled ${inputs.length} modules into ${relative(root, join(outdir, `${PREFIX}.mjs`))}\n`);
