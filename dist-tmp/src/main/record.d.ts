import { SeededRng } from '../base/clock.js';
import type { Logger } from '../base/log.js';
import { type CoreState, Recorder } from '../peer/recording.js';
export interface RecordOptions {
    file: string;
    /** Bytes after which recording stops (default DEFAULT_RECORD_LIMIT_BYTES). */
    limitBytes?: number;
    /** Inputs between two checkpoints (default DEFAULT_CHECK_EVERY). */
    checkEvery?: number;
}
export declare const DEFAULT_RECORD_LIMIT_BYTES: number;
export declare const DEFAULT_CHECK_EVERY = 1000;
export interface Recording {
    recorder: Recorder;
    /** The seed of the core's Rng: with a recording, randomness is seeded so that it replays. */
    seed: number;
    rng: SeededRng;
    /** Writes the final checkpoint (a clean stop) and closes the file. */
    finish(): void;
}
export declare function openRecording(opts: RecordOptions, log: Logger, state: (full: boolean) => CoreState): Recording;
