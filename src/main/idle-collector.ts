/**
 * Gives back the memory a burst of load leaves behind, once the server has gone idle
 * (docs/performance.md, section 16).
 *
 * After a write burst V8's heap holds the burst's garbage: in bench:compare's runs the old space
 * was 2–2.5× the live objects and `arrayBuffers` 2–3× the live buffers, one second after the
 * load. V8 collects it on its own only when the heap grows further, or when its memory reducer
 * runs, which waits for 8 s of low allocation and is rescheduled by 8 s whenever it looks while
 * the load is still on. An idle server would keep that memory for a long time.
 *
 * So a timer (unref'd, every `intervalMs`) watches the event loop's utilization and the heap:
 * after an interval in which the server was busy, once `idleIntervals` intervals in a row were
 * idle and the heap has grown by `minGrowthBytes` since the last collection, it runs one full
 * collection. That frees the burst's garbage, the buffers it held (their memory goes back to the
 * allocator, so the next burst reuses it instead of growing) and lets V8 release the emptied
 * pages. Nothing runs while the server is busy, and nothing again until it has been busy again.
 * The cost is one full pause while idle (~185 ms for ~240 MiB of heap left, docs/performance.md section 16); a request
 * that arrives during it waits for it.
 */
import { setFlagsFromString, getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';

export interface IdleCollectorOptions {
  /** How often the loop's utilization is sampled (ms). */
  intervalMs?: number;
  /** An interval whose utilization is at least this counts as busy. */
  busyUtilization?: number;
  /** An interval whose utilization is at most this counts as idle. */
  idleUtilization?: number;
  /** Idle intervals in a row before collecting. */
  idleIntervals?: number;
  /** Collect only when the heap has grown by at least this much since the last collection. */
  minGrowthBytes?: number;
  /**
   * Count what came before the collector started (the server's start-up: loading the stored tree
   * makes garbage too) as a burst, measured from an empty heap.
   */
  startAsBurst?: boolean;
}

export const IDLE_COLLECTOR_DEFAULTS: Required<IdleCollectorOptions> = {
  intervalMs: 200,
  busyUtilization: 0.25,
  idleUtilization: 0.05,
  idleIntervals: 2,
  // Small: after a collection between two bursts (bench:compare's create and set loads are 1-2 s
  // apart) the second burst grew the heap by less than 32 MiB and its garbage stayed.
  minGrowthBytes: 8 * 1024 * 1024,
  startAsBurst: true,
};

/** One sample: the event loop's utilization over the last interval, and V8's heap size now. */
export interface LoadSample {
  utilization: number;
  heapBytes: number;
}

/** The decision alone (no timers, no V8): whether this sample should trigger a collection. */
export class IdleCollectionPolicy {
  private readonly o: Required<IdleCollectorOptions>;
  private busySinceCollection = false;
  private idleRun = 0;
  private heapAfterCollection: number;

  constructor(initialHeapBytes: number, options: IdleCollectorOptions = {}) {
    this.o = { ...IDLE_COLLECTOR_DEFAULTS, ...options };
    this.busySinceCollection = this.o.startAsBurst;
    this.heapAfterCollection = this.o.startAsBurst ? 0 : initialHeapBytes;
  }

  /** True: collect now (then call `collected` with the heap size after it). */
  observe(s: LoadSample): boolean {
    if (s.utilization >= this.o.busyUtilization) {
      this.busySinceCollection = true;
      this.idleRun = 0;
      return false;
    }
    this.idleRun = s.utilization <= this.o.idleUtilization ? this.idleRun + 1 : 0;
    return this.busySinceCollection && this.idleRun >= this.o.idleIntervals && s.heapBytes - this.heapAfterCollection >= this.o.minGrowthBytes;
  }

  collected(heapBytesAfter: number): void {
    this.busySinceCollection = false;
    this.idleRun = 0;
    this.heapAfterCollection = heapBytesAfter;
  }
}

/**
 * V8's full collection as a function, compacting. The `--expose-gc` flag is raised only for the
 * moment a fresh context is made, whose global `gc` then is that function; the server's own
 * global scope never gets a `gc`. A full collection alone moves the live objects of only a few
 * MiB of pages (V8 picks its evacuation candidates for a short pause), so after a burst the old
 * space stays about twice the live objects, every page part live, part free; with
 * `--compact-on-every-full-gc` raised for that one collection it evacuates the fragmented pages
 * and releases them (in a test heap a third live: 214 -> 108 MiB, 111 -> 167 ms).
 */
export function compactingCollection(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  let gc: () => void;
  if (typeof existing === 'function') gc = existing;
  else {
    setFlagsFromString('--expose-gc');
    try {
      gc = runInNewContext('gc') as () => void;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  return () => {
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}

export interface IdleCollector {
  /** Collections run so far. */
  readonly collections: number;
  stop(): void;
}

export function startIdleCollector(options: IdleCollectorOptions = {}, onCollect?: (before: number, after: number, ms: number) => void): IdleCollector {
  const o = { ...IDLE_COLLECTOR_DEFAULTS, ...options };
  // Made at the first collection, not at start-up: a fresh V8 context is not free.
  let gc: (() => void) | null = null;
  const heap = () => getHeapStatistics().total_heap_size;
  const policy = new IdleCollectionPolicy(heap(), o);
  let last = performance.eventLoopUtilization();
  let collections = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const before = heap();
    if (!policy.observe({ utilization, heapBytes: before })) return;
    const t0 = performance.now();
    gc ??= compactingCollection();
    gc();
    const after = heap();
    collections++;
    policy.collected(after);
    // The pause itself is not idleness to count towards the next one.
    last = performance.eventLoopUtilization();
    onCollect?.(before, after, performance.now() - t0);
  }, o.intervalMs);
  timer.unref();
  return {
    get collections() {
      return collections;
    },
    stop: () => clearInterval(timer),
  };
}
