/** The real clock: monotonic time for timeouts, wall time for stats and session ids. */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
export const systemClock = {
    nowMs: () => performance.timeOrigin + performance.now(),
    wallMs: () => Date.now(),
};
/** Cryptographic randomness for passwords and incarnations in production. */
export const systemRng = {
    next: () => randomBytes(4).readUInt32BE(0) / 0x100000000,
    int: (n) => Math.floor((randomBytes(4).readUInt32BE(0) / 0x100000000) * n),
    bytes: (n) => new Uint8Array(randomBytes(n)),
};
//# sourceMappingURL=clock.js.map