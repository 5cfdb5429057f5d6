/**
 * The package as a consumer sees it: `zk-ts` and `zk-ts/recipes` resolve through
 * package.json "exports" (a temp project with node_modules/zk-ts linked to this repository),
 * at run time with Node and at compile time with TypeScript (NodeNext resolution).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/zkts-server.js';
describe('package exports', () => {
    let dir;
    before(() => {
        dir = mkdtempSync(join(tmpdir(), 'zkts-consumer-'));
        mkdirSync(join(dir, 'node_modules'));
        symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'zk-ts'), 'dir');
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    });
    after(() => {
        rmSync(dir, { recursive: true, force: true });
    });
    it("'zk-ts' and 'zk-ts/recipes' load in Node", () => {
        writeFileSync(join(dir, 'main.mjs'), [
            "import { createClient, CreateMode } from 'zk-ts';",
            "import { Mutex, LeaderLatch, ServiceDiscovery, serializeItems } from 'zk-ts/recipes';",
            "import pkg from 'zk-ts/package.json' with { type: 'json' };",
            'console.log(typeof createClient, typeof Mutex, typeof LeaderLatch, typeof ServiceDiscovery, CreateMode.EPHEMERAL_SEQUENTIAL, serializeItems([]).length, pkg.name);',
        ].join('\n'));
        const r = spawnSync(process.execPath, ['main.mjs'], { cwd: dir, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), 'function function function function 3 5 zk-ts');
        // a deep import of an internal module is refused: only the exported entry points exist
        writeFileSync(join(dir, 'deep.mjs'), "import 'zk-ts/dist/src/tree/data-tree.js';\n");
        const deep = spawnSync(process.execPath, ['deep.mjs'], { cwd: dir, encoding: 'utf8' });
        assert.notEqual(deep.status, 0);
        assert.match(deep.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
    });
    it('type-checks against the published declarations', () => {
        writeFileSync(join(dir, 'main.ts'), [
            "import { createClient, type ZooKeeperClient } from 'zk-ts';",
            "import { Mutex, type LockHandle } from 'zk-ts/recipes';",
            'export async function f(): Promise<LockHandle> {',
            "  const zk: ZooKeeperClient = createClient('127.0.0.1:2181');",
            "  return new Mutex(zk, '/locks/x').acquire({ timeoutMs: 1 });",
            '}',
            '// @ts-expect-error acquire takes options, not a number',
            "export const wrong = (zk: ZooKeeperClient) => new Mutex(zk, '/x').acquire(5);",
        ].join('\n'));
        const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
        const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--skipLibCheck', '--types', 'node', '--typeRoots', join(REPO_ROOT, 'node_modules', '@types'), 'main.ts'], { cwd: dir, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stdout + r.stderr);
    });
});
//# sourceMappingURL=package-exports.test.js.map