/** Slack over the idle rate before a window counts as busy: one 4 KiB page a second. */
export declare const QUIET_TOLERANCE_BYTES = 4096;
/** Bytes per second each process writes during the next `ms` milliseconds (null: process gone). */
export declare function writeRates(pids: readonly number[], ms?: number): Promise<(number | null)[]>;
export interface AfterLoad {
    /** Bytes/s each process wrote in the first second after the load stopped. */
    firstSecond: (number | null)[];
    /**
     * Seconds from the end of the load until the first one-second window in which every process
     * wrote no more than at idle (plus QUIET_TOLERANCE_BYTES); null when that did not happen
     * within the cap.
     */
    quietAfterSeconds: number | null;
}
/**
 * Follows the processes' disk writes from now (the moment the load stopped) until they are as
 * quiet as at idle (`idle`: bytes/s per process), or `capMs` has passed.
 */
export declare function followAfterLoad(pids: readonly number[], idle: readonly (number | null)[], capMs: number): Promise<AfterLoad>;
