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
import { type FatalHandler } from './core-runtime.js';
export interface RuntimeOptions {
    tickIntervalMs: number;
    /** Keep at least this many txns in the log (they serve DIFF syncs and debugging). */
    logRetain: number;
    /** A core broke an invariant (the FATAL line is logged, the runtime stopped): main exits. */
    onFatal?: FatalHandler;
}
export declare class StandaloneRuntime {
    readonly core: StandaloneCore;
    readonly driver: StandaloneDriver;
    private sink;
    private stopping;
    constructor(core: StandaloneCore, storage: Storage, log: Logger, opts: RuntimeOptions);
    get metrics(): RuntimeMetrics | null;
    set metrics(m: RuntimeMetrics | null);
    setSink(sink: ClientSink): void;
    /** Hands one input to the core, stamped with the time now. */
    submit(input: StandaloneInput): void;
    flush(): void;
    start(): void;
    /** Stops ticking and waits until every write handed to storage has settled. */
    stop(): Promise<void>;
}
