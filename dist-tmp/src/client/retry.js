/**
 * How long to wait before each connection attempt. The first attempt after a drop is
 * immediate (usually to another server of the list); repeated failures back off
 * exponentially with jitter so that many clients of a restarted ensemble do not reconnect
 * in lock-step.
 */
import { backoffMs } from '../base/backoff.js';
export function exponentialBackoff(options = {}) {
    const base = options.baseDelayMs ?? 50;
    const max = options.maxDelayMs ?? 2000;
    const maxAttempts = options.maxAttempts ?? Infinity;
    const jitter = options.jitter ?? true;
    return {
        delayMs(attempt) {
            if (attempt >= maxAttempts)
                return null;
            if (attempt === 0)
                return 0;
            const d = backoffMs(attempt - 1, base, max);
            return jitter ? Math.round(d / 2 + (Math.random() * d) / 2) : d;
        },
    };
}
export function isRetryPolicy(x) {
    return typeof x === 'object' && x !== null && typeof x.delayMs === 'function';
}
//# sourceMappingURL=retry.js.map