/**
 * Drives the standalone core: feeds it inputs, carries out its effects (storage, client
 * connections, logs) and ticks it. Effects are collected until the end of the current turn of
 * the event loop, so that writes arriving together share one flush (group commit).
 */
import type { Storage } from '../storage/api.js';
import type { StandaloneCore, Effect } from '../peer/standalone.js';
import type { StandaloneInput } from '../peer/inputs.js';
import type { Logger } from '../base/log.js';
import { assertNever } from '../base/invariant.js';
import { CoreRuntime, type FatalHandler } from './core-runtime.js';

export interface RuntimeOptions {
  tickIntervalMs: number;
  /** Keep at least this many txns in the log (they serve DIFF syncs and debugging). */
  logRetain: number;
  /** A core broke an invariant (the FATAL line is logged, the runtime stopped): main exits. */
  onFatal?: FatalHandler;
}

export class StandaloneRuntime extends CoreRuntime<StandaloneCore, Effect, StandaloneInput> {
  private timer: NodeJS.Timeout | null = null;

  constructor(core: StandaloneCore, storage: Storage, log: Logger, private readonly opts: RuntimeOptions) {
    super(core, storage, log, opts.logRetain);
  }

  protected execute(e: Effect): void {
    switch (e.kind) {
      case 'persist':
      case 'store':
      case 'log':
        return this.executeShared(e);
      case 'reply':
      case 'notify':
      case 'close':
      case 'handshake':
        return this.sink(e);
      default:
        return assertNever(e, 'standalone effect');
    }
  }

  protected fatalHandler(): FatalHandler | undefined {
    return this.opts.onFatal;
  }

  start(): void {
    this.timer = setInterval(() => this.submit({ kind: 'tick' }), this.opts.tickIntervalMs);
  }

  /** Stops ticking and waits until every write handed to storage has settled. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    if (this.timer) clearInterval(this.timer);
    this.flush();
    this.stopped = true;
    await this.applied.settled();
  }
}
