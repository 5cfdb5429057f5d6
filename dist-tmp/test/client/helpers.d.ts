/** Small helpers shared by the client and cli tests. */
import type { WatchedEvent, Watcher } from '../../src/client/index.js';
export declare function sleep(ms: number): Promise<void>;
export declare function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string): Promise<void>;
/** A watcher that records what it receives. */
export interface Recorder {
    watcher: Watcher;
    events: WatchedEvent[];
    /** Resolves once at least `n` events were recorded. */
    waitFor(n: number, timeoutMs?: number): Promise<WatchedEvent[]>;
}
export declare function recorder(): Recorder;
/** Resolves with the arguments of the next `name` event. */
export declare function once<T extends unknown[]>(emitter: {
    once(name: string, fn: (...args: T) => void): unknown;
}, name: string, timeoutMs?: number): Promise<T>;
/** A fresh top-level path for one test, so that tests never see each other's nodes. */
export declare function uniquePath(prefix?: string): string;
