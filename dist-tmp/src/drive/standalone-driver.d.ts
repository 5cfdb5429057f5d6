/**
 * The interpreter of a standalone server: the shared effects (log, applied state, log lines),
 * its clients, and a tick.
 */
import type { StandaloneInput } from '../peer/inputs.js';
import type { Effect, StandaloneCore } from '../peer/standalone.js';
import { CoreDriver, type CorePorts } from './core-driver.js';
export interface StandaloneDriverOptions {
    tickIntervalMs: number;
    logRetain: number;
}
export declare class StandaloneDriver extends CoreDriver<StandaloneCore, Effect, StandaloneInput> {
    private readonly opts;
    private ticking;
    constructor(core: StandaloneCore, ports: CorePorts, opts: StandaloneDriverOptions);
    start(): void;
    protected execute(e: Effect): void;
    halt(): void;
}
