/**
 * Ends this process by force if its exit does not finish: a write stuck in the disk (a silent
 * stall, docs/chaos.md F2) holds up process.exit, since Node's exit joins its thread pool and
 * lmdb's writer sits in that pool, inside fsync, for as long as the disk does not answer. The
 * watchdog is a small child process that kills this one (SIGKILL) after `ms`; it learns that the
 * exit finished from its stdin, whose other end is ours and closes when this process is gone, so
 * it can never hit another process that reused the id.
 */
import { spawn } from 'node:child_process';
export function armExitWatchdog(ms) {
    const script = `const t = setTimeout(() => { try { process.kill(${process.pid}, 'SIGKILL'); } catch {} process.exit(0); }, ${ms});` +
        `process.stdin.on('end', () => process.exit(0)); process.stdin.on('error', () => process.exit(0)); process.stdin.resume();`;
    try {
        const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
        child.on('error', () => undefined);
        child.unref();
        child.stdin?.unref?.();
    }
    catch {
        // No watchdog: the exit may then wait for the disk.
    }
}
//# sourceMappingURL=exit-watchdog.js.map