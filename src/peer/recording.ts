/**
 * Recording a core's run so that it can be replayed (docs/architecture.md, "Replaying a
 * recording"): every input with its time, every read the core makes of its log, where each
 * drain happened, and running hash checkpoints of the effects it produced and of its state.
 * Pure: the lines go to a sink (a file, in src/main/record.ts); the replay (src/sim/replay.ts)
 * reads them back with `decodeLine` and checks the checkpoints with the same `Recorder`.
 *
 * The format is JSON lines. Values JSON cannot hold are tagged objects: a bigint is
 * `{"$n":"123"}`, bytes are `{"$b":"<hex>"}`, a Map is `{"$m":[[key, value], ...]}`.
 *
 * Bounded by a size limit, a recording is a chain of segments: each starts with a start line (the
 * first) or a resume line, a checkpoint of the whole core (src/peer/core-checkpoint.ts) from which
 * a replay can rebuild it; once a segment holds half the limit the next one begins, and the
 * file layer (src/main/record.ts) keeps the last two.
 */
import type { Epochs, LoadedState, LogEntry } from '../storage/api.js';
import type { LogReader } from '../zab/types.js';
import type { DataTree } from '../tree/data-tree.js';
import type { SessionTable } from '../session/sessions.js';
import type { InputTime } from '../base/clock.js';
import type { Zxid } from '../base/zxid.js';
import { fromHex, toHex } from '../base/hex.js';
import type { QuorumPeer } from './quorum-peer.js';
import type { StandaloneCore } from './standalone.js';
import { CheckpointError, type EncodedGraph } from './checkpoint.js';

export const RECORDING_VERSION = 1;

/** The first line: everything needed to build the same core again. */
export interface StartLine {
  t: 'start';
  version: number;
  mode: 'quorum' | 'standalone';
  /** The seed of the core's Rng (session passwords, election jitter). */
  seed: number;
  /** The core's options (QuorumPeerOptions or StandaloneOptions). */
  options: unknown;
  /** What storage loaded: the state the core started from. */
  loaded: LoadedState;
  /** The time the core was built at. */
  time: InputTime;
  /** Inputs between two checkpoints. */
  checkEvery: number;
}

/**
 * The first line of every segment after the first: the whole core, as it was between two inputs,
 * and the recorder's running state (inputs so far, the running effects hash), so that a replay
 * can start here and every later checkpoint still compares.
 */
export interface ResumeLine {
  t: 'resume';
  version: number;
  mode: 'quorum' | 'standalone';
  /** The core's options: a freshly built core of these is the template the checkpoint is rebuilt into. */
  options: unknown;
  /** The core (src/peer/checkpoint.ts). */
  core: EncodedGraph;
  /** The segment's number: 1 for the first after the start line. */
  segment: number;
  inputs: number;
  effects: string;
  state: string;
  summary: unknown;
  checkEvery: number;
}

/** What the recorder needs to begin a new segment: the core as a checkpoint, its mode and options. */
export interface CoreSnapshot {
  mode: 'quorum' | 'standalone';
  options: unknown;
  core: EncodedGraph;
}

export type Line =
  | StartLine
  | ResumeLine
  /** One input, stamped with its time. */
  | { t: 'in'; i: { kind: string } & InputTime }
  /** A read of the log made by the core, with what storage answered. */
  | { t: 'read'; op: 'readLog'; args: (bigint | number | undefined)[]; result: LogEntry[] }
  | { t: 'read'; op: 'firstLogged'; result: Zxid | null }
  /**
   * A drain that returned `n` effects (a drain changes nothing: it marks where the effects were
   * read out, and the hash covers them; an empty one is not recorded). The reads after an input
   * line are the ones its step made.
   */
  | { t: 'drain'; n: number }
  /** A checkpoint after `inputs` inputs: the running hash of every effect, and the core's state. */
  | { t: 'check'; inputs: number; effects: string; state: string; final?: boolean; summary?: unknown }
  /** The size limit was reached: nothing after this line was recorded. */
  | { t: 'limit'; bytes: number; reason?: string };

// ---------------------------------------------------------------- encoding

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (typeof raw === 'bigint') return { $n: raw.toString() };
  if (raw instanceof Uint8Array) return { $b: toHex(raw) };
  if (raw instanceof Map) return { $m: [...raw.entries()] };
  if (raw instanceof Set) return { $s: [...raw.values()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (typeof o.$n === 'string') return BigInt(o.$n);
    if (typeof o.$b === 'string') return fromHex(o.$b);
    if (Array.isArray(o.$m)) return new Map(o.$m as [unknown, unknown][]);
    if (Array.isArray(o.$s)) return new Set(o.$s);
  }
  return value;
}

/** Any value the cores take or produce, as one line of JSON. */
export function encodeValue(v: unknown): string {
  return JSON.stringify(v, replacer);
}

export function decodeLine(text: string): Line {
  return JSON.parse(text, reviver) as Line;
}

// ---------------------------------------------------------------- hashing

/**
 * A running 64-bit hash: two 32-bit FNV-1a lanes with different offset bases over the UTF-16
 * code units of the encoded values. Not cryptographic: it detects divergence, not tampering.
 */
export class RunningHash {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;

  add(text: string): void {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
    // A separator, so that ["ab", "c"] and ["a", "bc"] differ.
    this.a = Math.imul(this.a ^ 0x1e, 0x01000193);
    this.b = Math.imul(this.b ^ 0x1e, 0x01000193);
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }

  /** Continues a hash written by `hex` (a replay starting at a resume line). */
  static fromHex(hex: string): RunningHash {
    const h = new RunningHash();
    h.a = parseInt(hex.slice(0, 8), 16) | 0;
    h.b = parseInt(hex.slice(8, 16), 16) | 0;
    return h;
  }
}

/** Every znode (sorted by path, with its stat, data and ACL) and every session: the state clients see. */
export function treeDigest(tree: DataTree, sessions: SessionTable): string {
  const h = new RunningHash();
  for (const path of Array.from(tree.entries(), ([p]) => p).sort()) h.add(path + encodeValue(tree.get(path)!.toRecord()));
  const ids = [...sessions.all()].map((s) => s.id).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  for (const id of ids) {
    const s = sessions.get(id)!;
    h.add(encodeValue([id, s.timeout, s.passwd]));
  }
  return h.hex();
}

/** What a checkpoint compares besides the effects: cheap at every checkpoint, the whole tree at the final one. */
export interface CoreState {
  role: string;
  lastApplied: bigint;
  lastLogged?: bigint;
  epochs?: Epochs;
  nodes: number;
  sessions: number;
  /** The tree digest (treeDigest); computed for final checkpoints only. */
  tree?: string;
}

export function peerState(peer: QuorumPeer, full: boolean): CoreState {
  const r = peer.replica;
  return {
    role: peer.role,
    lastApplied: r.lastApplied,
    lastLogged: peer.lastLogged,
    epochs: { ...peer.epochs },
    nodes: r.tree.nodeCount(),
    sessions: r.sessions.size,
    ...(full ? { tree: treeDigest(r.tree, r.sessions) } : {}),
  };
}

export function standaloneState(core: StandaloneCore, full: boolean): CoreState {
  const r = core.replica;
  return {
    role: 'standalone',
    lastApplied: r.lastApplied,
    nodes: r.tree.nodeCount(),
    sessions: r.sessions.size,
    ...(full ? { tree: treeDigest(r.tree, r.sessions) } : {}),
  };
}

// ---------------------------------------------------------------- the recorder

/** What a core reports to a recorder: each input before it is handled, each non-empty drain. */
export interface StepObserver {
  input(input: { kind: string } & InputTime): void;
  drained(effects: readonly unknown[]): void;
}

export interface RecorderOptions {
  /** Where each line goes (without its newline); null: only hashes are kept (a replay). */
  sink: ((line: string) => void) | null;
  /** The state of the recorded core; `full` asks for the tree digest too. */
  state: (full: boolean) => CoreState;
  /** Inputs between two checkpoints (0: none but the final one). */
  checkEvery: number;
  /**
   * The size limit. With `snapshot` and `rotate`, a new segment begins once the current one
   * holds half of it; without them (or when no segment can begin: see `onLimit`), recording
   * stops there (the limit line is the last).
   */
  limitBytes: number;
  /** Told once, when the limit stops the recording, with why. */
  onLimit?: (bytes: number, reason: string) => void;
  /** The core as a checkpoint; throws CheckpointError while it holds what cannot be rebuilt. */
  snapshot?: () => CoreSnapshot;
  /** Ends the current segment and begins the next (its first line follows). */
  rotate?: (segment: number) => void;
  /** The end of a turn (a drain, a checkpoint): a good moment to write buffered lines out. */
  flush?: () => void;
}

export class Recorder implements StepObserver {
  private effects = new RunningHash();
  private inputs = 0;
  private sinceCheck = 0;
  /** Bytes in the current segment, and in the one before it (the file layer keeps both). */
  private bytes = 0;
  private previous = 0;
  private segment = 0;
  private stopped = false;
  /** Past the size limit: stop at the next drain. */
  private full = false;

  constructor(private readonly opts: RecorderOptions) {}

  get inputCount(): number {
    return this.inputs;
  }

  get recording(): boolean {
    return !this.stopped;
  }

  start(line: Omit<StartLine, 't' | 'version' | 'checkEvery'>): void {
    // Storage hands its znodes over as a lazily decoded iterable (docs/performance.md): the
    // recording holds them as a Map, which the encoding writes and a replay reads back.
    const nodes = line.loaded.nodes instanceof Map ? line.loaded.nodes : new Map(line.loaded.nodes);
    this.write({ t: 'start', version: RECORDING_VERSION, ...line, loaded: { ...line.loaded, nodes }, checkEvery: this.opts.checkEvery });
  }

  /** A replay starting at a resume line: the running state as it was there. */
  resumeAt(line: ResumeLine): void {
    this.inputs = line.inputs;
    this.effects = RunningHash.fromHex(line.effects);
    this.segment = line.segment;
  }

  input(input: { kind: string } & InputTime): void {
    if (this.stopped) return;
    this.inputs++;
    this.sinceCheck++;
    this.write({ t: 'in', i: input });
  }

  drained(effects: readonly unknown[]): void {
    if (this.stopped) return;
    const due = this.opts.checkEvery > 0 && this.sinceCheck >= this.opts.checkEvery;
    const rotating = this.opts.snapshot !== undefined && this.opts.rotate !== undefined;
    // Half the limit, or less when the segment before ran over half (the two together stay within it).
    const rotationDue = () => rotating && (this.bytes >= this.opts.limitBytes / 2 || this.full);
    // An empty drain is not recorded, unless a checkpoint or a new segment is due after it.
    if (effects.length === 0 && !due && !this.full && !rotationDue()) return;
    for (const e of effects) this.effects.add(encodeValue(e));
    if (effects.length > 0 || due || this.full) this.write({ t: 'drain', n: effects.length });
    if (due) this.check(false);
    // The core is between inputs here: a segment can end, and a replay can start from the next.
    if (rotationDue()) this.beginSegment();
    if (this.full && !this.stopped) this.stop(rotating ? 'no new segment could begin before the limit (the core held a continuation at every turn)' : 'the size limit');
    this.opts.flush?.();
  }

  /** What was recorded stays replayable up to here: a last checkpoint, then the limit line. */
  private stop(reason: string): void {
    this.check(false);
    this.write({ t: 'limit', bytes: this.bytes, reason });
    this.stopped = true;
    this.opts.onLimit?.(this.bytes, reason);
  }

  /**
   * Ends the segment and begins the next with a resume line. While the core holds what a
   * checkpoint cannot rebuild (a continuation waiting for an answer), it waits for a later turn.
   */
  private beginSegment(): void {
    let snap: CoreSnapshot;
    try {
      snap = this.opts.snapshot!();
    } catch (e) {
      if (e instanceof CheckpointError) return;
      throw e;
    }
    const summary = this.opts.state(true);
    const line: ResumeLine = {
      t: 'resume',
      version: RECORDING_VERSION,
      mode: snap.mode,
      options: snap.options,
      core: snap.core,
      segment: this.segment + 1,
      inputs: this.inputs,
      effects: this.effects.hex(),
      state: stateHash(summary),
      summary,
      checkEvery: this.opts.checkEvery,
    };
    const text = encodeValue(line);
    // Each segment keeps at least a quarter of the limit for inputs; a state bigger than that
    // would make segments of nothing but checkpoints.
    if (text.length + 1 > this.opts.limitBytes / 4) return this.stop(`the core's state alone (${text.length + 1} bytes) exceeds a quarter of the limit; raise the limit`);
    this.opts.flush?.();
    this.segment++;
    this.opts.rotate!(this.segment);
    this.previous = this.bytes;
    this.bytes = 0;
    this.full = false;
    this.writeText(text);
  }

  /** Wraps the core's log so that every read and its answer are recorded. */
  logReader(inner: LogReader): LogReader {
    return {
      readLog: (from, to, maxBytes) => {
        const result = inner.readLog(from, to, maxBytes);
        if (!this.stopped) this.write({ t: 'read', op: 'readLog', args: [from, to, maxBytes], result });
        return result;
      },
      firstLogged: () => {
        const result = inner.firstLogged();
        if (!this.stopped) this.write({ t: 'read', op: 'firstLogged', result });
        return result;
      },
    };
  }

  /** The checkpoint as of now (a replay compares it with the recorded one). */
  checkpoint(final: boolean): Extract<Line, { t: 'check' }> {
    const summary = this.opts.state(final);
    return { t: 'check', inputs: this.inputs, effects: this.effects.hex(), state: stateHash(summary), ...(final ? { final } : {}), summary };
  }

  /** Writes a checkpoint; a final one at a clean stop, after which nothing more is recorded. */
  check(final: boolean): void {
    if (this.stopped) return;
    this.sinceCheck = 0;
    this.write(this.checkpoint(final));
    if (final) this.stopped = true;
    this.opts.flush?.();
  }

  /**
   * Past the size limit, recording goes on to the end of the turn (the next drain), where the
   * core is between inputs: a checkpoint there is one a replay can reach.
   */
  private write(line: Line): void {
    this.writeText(encodeValue(line));
  }

  private writeText(text: string): void {
    this.bytes += text.length + 1;
    this.opts.sink?.(text);
    if (this.bytes + this.previous > this.opts.limitBytes) this.full = true;
  }
}

export function stateHash(s: CoreState): string {
  const h = new RunningHash();
  h.add(encodeValue(s));
  return h.hex();
}
