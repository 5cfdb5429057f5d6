export function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
}
export async function waitUntil(cond, timeoutMs = 10_000, what = 'condition') {
    const deadline = Date.now() + timeoutMs;
    while (!(await cond())) {
        if (Date.now() > deadline)
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(20);
    }
}
export function recorder() {
    const events = [];
    return {
        events,
        watcher: (e) => {
            events.push(e);
        },
        async waitFor(n, timeoutMs = 10_000) {
            await waitUntil(() => events.length >= n, timeoutMs, `${n} watch event(s), got ${JSON.stringify(events)}`);
            return events;
        },
    };
}
/** Resolves with the arguments of the next `name` event. */
export function once(emitter, name, timeoutMs = 15_000) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no '${name}' event within ${timeoutMs} ms`)), timeoutMs);
        emitter.once(name, (...args) => {
            clearTimeout(timer);
            resolve(args);
        });
    });
}
let counter = 0;
/** A fresh top-level path for one test, so that tests never see each other's nodes. */
export function uniquePath(prefix = 't') {
    counter++;
    return `/${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
//# sourceMappingURL=helpers.js.map