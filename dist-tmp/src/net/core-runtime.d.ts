/**
 * What every node runtime shares around the effect interpreter (src/drive): the node timer, the
 * storage port, and the exit after a fatal failure. The interpreter itself (inputs, effects,
 * durability, invariants) lives in src/drive, where the simulator runs it too.
 */
import type { Timer } from '../drive/ports.js';
import type { FatalCause } from '../drive/ports.js';
export type { FatalCause } from '../drive/ports.js';
export type { ClientSink } from '../drive/core-driver.js';
export { APPLIED_STATE_TOKEN } from '../drive/core-driver.js';
/** Main exits the process with the cause's status (docs/operations.md, "Exit status"). */
export type FatalHandler = (reason: string, cause: FatalCause) => void;
/** The event loop's time and scheduling: `soon` is the end of this turn (setImmediate). */
export declare const nodeTimer: Timer;
/** How long a fatal failure waits for the runtime to stop before main exits anyway. */
export declare const FATAL_STOP_MS = 1000;
/**
 * The interpreter halted on a fatal failure (the fatal line is logged): stop the rest of the
 * runtime, then hand over to main. The exit waits for the stop at most FATAL_STOP_MS: writes a
 * failed storage still holds may never settle (a server once logged this line and then neither
 * exited nor served).
 */
export declare function exitAfterStop(stop: () => Promise<void>, onFatal: FatalHandler | undefined, reason: string, cause: FatalCause): void;
