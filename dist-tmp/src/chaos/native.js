/**
 * The bench's two C helpers (src/chaos/native/*.c), compiled with the system C compiler into
 * the run's directory when a run starts: the userspace switch and the disk-fault shim.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
/** The repository root (this file runs from dist/src/chaos). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const NATIVE_SRC = join(REPO_ROOT, 'src', 'chaos', 'native');
export function buildNative(outDir) {
    const cc = process.env.CC ?? 'cc';
    const src = (name) => {
        const p = join(NATIVE_SRC, name);
        if (!existsSync(p))
            throw new Error(`missing ${p} (the bench compiles its helpers from the source tree)`);
        return p;
    };
    const lanSwitch = join(outDir, 'lan-switch');
    const diskShim = join(outDir, 'disk-fault.so');
    try {
        execFileSync(cc, ['-O2', '-Wall', '-o', lanSwitch, src('lan-switch.c')], { stdio: ['ignore', 'ignore', 'pipe'] });
        execFileSync(cc, ['-O2', '-Wall', '-shared', '-fPIC', '-o', diskShim, src('disk-fault.c'), '-ldl'], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
    catch (e) {
        const err = e;
        throw new Error(`could not compile the bench's C helpers with ${cc} (install gcc): ${err.stderr?.toString() || err.message}`);
    }
    return { lanSwitch, diskShim };
}
//# sourceMappingURL=native.js.map