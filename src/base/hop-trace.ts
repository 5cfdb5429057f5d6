/**
 * The hop trace of writes (docs/operations.md, "Hop trace"): a stamp at each hop of a write
 * (client bytes in, request decoded, stepped into the core, log append issued and synced, each
 * quorum packet written and read, applied, reply written), for finding which event-loop turn or
 * wake-up a write waits for. Off unless the runtime installs a recorder (ZKTS_HOP_TRACE); when
 * off, a hop costs one null check.
 *
 * This module only holds the recorder: the stamping clock and the file it writes are the
 * runtime's (src/net/hop-trace-file.ts), so the pure modules that call `hop` stay pure.
 */

/** Records one hop: `event` names it, `key` is the zxid (or an opcode, or 0) it concerns. */
export type HopRecorder = (event: string, key: bigint | number) => void;

let recorder: HopRecorder | null = null;

/** Installs (or, with null, removes) the process's recorder. */
export function setHopRecorder(r: HopRecorder | null): void {
  recorder = r;
}

/** Whether hops are recorded (to skip building an event name when they are not). */
export function hopsOn(): boolean {
  return recorder !== null;
}

/** Stamps a hop, when tracing is on. */
export function hop(event: string, key: bigint | number = 0): void {
  if (recorder !== null) recorder(event, key);
}
