/**
 * `zk-server --record FILE`: writes the core's run to FILE so that `zk-sim --replay FILE` can
 * run it again through the same core (docs/architecture.md, "Replaying a recording"). The
 * lines are buffered and written at the end of each turn, so a killed server loses at most the
 * turn it was in; the replay checks every checkpoint it reaches.
 *
 * Bounded by `--record-limit`: FILE is the current segment and FILE.1 the one before. When the
 * recorder begins a segment, FILE becomes FILE.1 (the older FILE.1 is gone) and a new FILE
 * starts with a checkpoint of the whole core (src/peer/recording.ts). A stale FILE.1 from an
 * earlier run is removed at start.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { SeededRng } from '../base/clock.js';
import type { Logger } from '../base/log.js';
import { type CoreSnapshot, type CoreState, Recorder } from '../peer/recording.js';

export interface RecordOptions {
  file: string;
  /** Bytes FILE and FILE.1 hold together, about (default DEFAULT_RECORD_LIMIT_BYTES). */
  limitBytes?: number | undefined;
  /** Inputs between two checkpoints (default DEFAULT_CHECK_EVERY). */
  checkEvery?: number | undefined;
}

export const DEFAULT_RECORD_LIMIT_BYTES = 256 * 1024 * 1024;
export const DEFAULT_CHECK_EVERY = 1000;

/** Lines held before a write even within a turn (a big snapshot read, say). */
const BUFFER_BYTES = 1 << 20;

export interface Recording {
  recorder: Recorder;
  /** The seed of the core's Rng: with a recording, randomness is seeded so that it replays. */
  seed: number;
  rng: SeededRng;
  /** Writes the final checkpoint (a clean stop) and closes the file. */
  finish(): void;
}

/** The segment before the current one. */
export function previousSegment(file: string): string {
  return `${file}.1`;
}

export function openRecording(opts: RecordOptions, log: Logger, state: (full: boolean) => CoreState, snapshot: () => CoreSnapshot): Recording {
  rmSync(previousSegment(opts.file), { force: true });
  let fd = openSync(opts.file, 'w');
  let buffer: string[] = [];
  let buffered = 0;
  let closed = false;
  const flush = () => {
    if (closed || buffer.length === 0) return;
    writeSync(fd, buffer.join('\n') + '\n');
    buffer = [];
    buffered = 0;
  };
  const limitBytes = opts.limitBytes ?? DEFAULT_RECORD_LIMIT_BYTES;
  const recorder = new Recorder({
    sink: (line) => {
      buffer.push(line);
      buffered += line.length;
      if (buffered >= BUFFER_BYTES) flush();
    },
    state,
    checkEvery: opts.checkEvery ?? DEFAULT_CHECK_EVERY,
    limitBytes,
    onLimit: (bytes, reason) =>
      log.warn(`recording to ${opts.file} stopped at ${bytes} bytes (limit ${limitBytes}): ${reason}; the inputs from here on are not recorded; the recording replays up to its last checkpoint`),
    flush,
    snapshot,
    rotate: () => {
      // Called between turns, with every line before it flushed.
      flush();
      closeSync(fd);
      renameSync(opts.file, previousSegment(opts.file));
      fd = openSync(opts.file, 'w');
    },
  });
  // An exit on a fatal error (an invariant broken by the input just recorded) writes what is buffered.
  process.on('exit', flush);
  const seed = randomBytes(4).readUInt32BE(0);
  log.info(`recording every core input to ${opts.file} (limit ${limitBytes} bytes over ${opts.file} and ${previousSegment(opts.file)}, a checkpoint every ${opts.checkEvery ?? DEFAULT_CHECK_EVERY} inputs, Rng seed ${seed})`);
  return {
    recorder,
    seed,
    rng: new SeededRng(seed),
    finish() {
      if (closed) return;
      recorder.check(true);
      flush();
      closed = true;
      closeSync(fd);
    },
  };
}
