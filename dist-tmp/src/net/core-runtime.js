import { systemClock } from './clock.js';
export { APPLIED_STATE_TOKEN } from '../drive/core-driver.js';
/** The event loop's time and scheduling: `soon` is the end of this turn (setImmediate). */
export const nodeTimer = {
    nowMs: () => systemClock.nowMs(),
    wallMs: () => systemClock.wallMs(),
    soon: (fn) => {
        setImmediate(fn);
    },
    after: (ms, fn) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
    },
    every: (ms, fn) => {
        const t = setInterval(fn, ms);
        return () => clearInterval(t);
    },
};
/** How long a fatal failure waits for the runtime to stop before main exits anyway. */
export const FATAL_STOP_MS = 1000;
/**
 * The interpreter halted on a fatal failure (the fatal line is logged): stop the rest of the
 * runtime, then hand over to main. The exit waits for the stop at most FATAL_STOP_MS: writes a
 * failed storage still holds may never settle (a server once logged this line and then neither
 * exited nor served).
 */
export function exitAfterStop(stop, onFatal, reason, cause) {
    let timer = null;
    const deadline = new Promise((resolve) => (timer = setTimeout(resolve, FATAL_STOP_MS)));
    void Promise.race([stop().catch(() => undefined), deadline]).finally(() => {
        if (timer)
            clearTimeout(timer);
        onFatal?.(reason, cause);
    });
}
//# sourceMappingURL=core-runtime.js.map