/** Small helpers shared by the client and cli tests. */
import type { WatchedEvent, Watcher } from '../../src/client/index.js';

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** A watcher that records what it receives. */
export interface Recorder {
  watcher: Watcher;
  events: WatchedEvent[];
  /** Resolves once at least `n` events were recorded. */
  waitFor(n: number, timeoutMs?: number): Promise<WatchedEvent[]>;
}

export function recorder(): Recorder {
  const events: WatchedEvent[] = [];
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
export function once<T extends unknown[]>(emitter: { once(name: string, fn: (...args: T) => void): unknown }, name: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${name}' event within ${timeoutMs} ms`)), timeoutMs);
    emitter.once(name, (...args: T) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

let counter = 0;
/** A fresh top-level path for one test, so that tests never see each other's nodes. */
export function uniquePath(prefix = 't'): string {
  counter++;
  return `/${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
