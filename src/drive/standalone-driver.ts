/**
 * The interpreter of a standalone server: the shared effects (log, applied state, log lines),
 * its clients, and a tick.
 */
import type { StandaloneInput } from '../peer/inputs.js';
import { assertNever } from '../base/invariant.js';
import type { Effect, StandaloneCore } from '../peer/standalone.js';
import { CoreDriver, type CorePorts } from './core-driver.js';
import type { Cancel } from './ports.js';

export interface StandaloneDriverOptions {
  tickIntervalMs: number;
  logRetain: number;
}

export class StandaloneDriver extends CoreDriver<StandaloneCore, Effect, StandaloneInput> {
  private ticking: Cancel | null = null;

  constructor(core: StandaloneCore, ports: CorePorts, private readonly opts: StandaloneDriverOptions) {
    super(core, ports, { logRetain: opts.logRetain });
  }

  start(): void {
    if (this.halted || this.ticking) return;
    this.ticking = this.ports.timer.every(this.opts.tickIntervalMs, () => this.submit({ kind: 'tick' }));
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
        return this.ports.clients(e);
      default:
        return assertNever(e, 'standalone effect');
    }
  }

  override halt(): void {
    super.halt();
    this.ticking?.();
    this.ticking = null;
  }
}
