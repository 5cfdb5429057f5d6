/**
 * Runs a standalone server's core on node: the effect interpreter (src/drive/standalone-driver.ts)
 * over the node timer and the server's storage.
 */
import type { StandaloneInput } from '../peer/inputs.js';
import type { Storage } from '../storage/api.js';
import type { StandaloneCore } from '../peer/standalone.js';
import type { Logger } from '../base/log.js';
import { StandaloneDriver } from '../drive/standalone-driver.js';
import type { ClientSink } from '../drive/core-driver.js';
import type { RuntimeMetrics } from '../drive/ports.js';
import { storageDisk } from '../drive/storage-disk.js';
import { exitAfterStop, nodeTimer, type FatalHandler } from './core-runtime.js';

export interface RuntimeOptions {
  tickIntervalMs: number;
  /** Keep at least this many txns in the log (they serve DIFF syncs and debugging). */
  logRetain: number;
  /** A core broke an invariant (the FATAL line is logged, the runtime stopped): main exits. */
  onFatal?: FatalHandler | undefined;
}

export class StandaloneRuntime {
  readonly driver: StandaloneDriver;
  private sink: ClientSink = () => {};
  private stopping: Promise<void> | null = null;

  constructor(readonly core: StandaloneCore, storage: Storage, log: Logger, opts: RuntimeOptions) {
    this.driver = new StandaloneDriver(
      core,
      {
        timer: nodeTimer,
        disk: storageDisk(storage),
        log,
        clients: (e) => this.sink(e),
        exit: (reason, cause) => exitAfterStop(() => this.stop(), opts.onFatal, reason, cause),
      },
      { tickIntervalMs: opts.tickIntervalMs, logRetain: opts.logRetain },
    );
  }

  get metrics(): RuntimeMetrics | null {
    return this.driver.metrics;
  }

  set metrics(m: RuntimeMetrics | null) {
    this.driver.metrics = m;
  }

  setSink(sink: ClientSink): void {
    this.sink = sink;
  }

  /** Hands one input to the core, stamped with the time now. */
  submit(input: StandaloneInput): void {
    this.driver.submit(input);
  }

  flush(): void {
    this.driver.flush();
  }

  start(): void {
    this.driver.start();
  }

  /** Stops ticking and waits until every write handed to storage has settled. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.driver.stop();
      await this.driver.applied.settled();
    })();
    return this.stopping;
  }
}
