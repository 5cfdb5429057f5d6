/**
 * Recording a core's run so that it can be replayed (docs/architecture.md, "Replaying a
 * recording"): every input with its time, every read the core makes of its log, where each
 * drain happened, and running hash checkpoints of the effects it produced and of its state.
 * Pure: the lines go to a sink (a file, in src/main/record.ts); the replay (src/sim/replay.ts)
 * reads them back with `decodeLine` and checks the checkpoints with the same `Recorder`.
 *
 * The format is JSON lines. Values JSON cannot hold are tagged objects: a bigint is
 * `{"$n":"123"}`, bytes are `{"$b":"<hex>"}`, a Map is `{"$m":[[key, value], ...]}`.
 */
import type { Epochs, LoadedState, LogEntry } from '../storage/api.js';
import type { LogReader } from '../zab/types.js';
import type { DataTree } from '../tree/data-tree.js';
import type { SessionTable } from '../session/sessions.js';
import type { InputTime } from '../base/clock.js';
import type { QuorumPeer } from './quorum-peer.js';
import type { StandaloneCore } from './standalone.js';
export declare const RECORDING_VERSION = 1;
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
export type Line = StartLine
/** One input, stamped with its time. */
 | {
    t: 'in';
    i: {
        kind: string;
    } & InputTime;
}
/** A read of the log made by the core, with what storage answered. */
 | {
    t: 'read';
    op: 'readLog';
    args: (bigint | number | undefined)[];
    result: LogEntry[];
} | {
    t: 'read';
    op: 'firstLogged';
    result: bigint | null;
}
/**
 * A drain that returned `n` effects (a drain changes nothing: it marks where the effects were
 * read out, and the hash covers them; an empty one is not recorded). The reads after an input
 * line are the ones its step made.
 */
 | {
    t: 'drain';
    n: number;
}
/** A checkpoint after `inputs` inputs: the running hash of every effect, and the core's state. */
 | {
    t: 'check';
    inputs: number;
    effects: string;
    state: string;
    final?: boolean;
    summary?: unknown;
}
/** The size limit was reached: nothing after this line was recorded. */
 | {
    t: 'limit';
    bytes: number;
};
/** Any value the cores take or produce, as one line of JSON. */
export declare function encodeValue(v: unknown): string;
export declare function decodeLine(text: string): Line;
/**
 * A running 64-bit hash: two 32-bit FNV-1a lanes with different offset bases over the UTF-16
 * code units of the encoded values. Not cryptographic: it detects divergence, not tampering.
 */
export declare class RunningHash {
    private a;
    private b;
    add(text: string): void;
    hex(): string;
}
/** Every znode (sorted by path, with its stat, data and ACL) and every session: the state clients see. */
export declare function treeDigest(tree: DataTree, sessions: SessionTable): string;
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
export declare function peerState(peer: QuorumPeer, full: boolean): CoreState;
export declare function standaloneState(core: StandaloneCore, full: boolean): CoreState;
/** What a core reports to a recorder: each input before it is handled, each non-empty drain. */
export interface StepObserver {
    input(input: {
        kind: string;
    } & InputTime): void;
    drained(effects: readonly unknown[]): void;
}
export interface RecorderOptions {
    /** Where each line goes (without its newline); null: only hashes are kept (a replay). */
    sink: ((line: string) => void) | null;
    /** The state of the recorded core; `full` asks for the tree digest too. */
    state: (full: boolean) => CoreState;
    /** Inputs between two checkpoints (0: none but the final one). */
    checkEvery: number;
    /** Bytes after which recording stops (the limit line is the last). */
    limitBytes: number;
    /** Told once, when the limit stops the recording. */
    onLimit?: (bytes: number) => void;
    /** The end of a turn (a drain, a checkpoint): a good moment to write buffered lines out. */
    flush?: () => void;
}
export declare class Recorder implements StepObserver {
    private readonly opts;
    private readonly effects;
    private inputs;
    private sinceCheck;
    private bytes;
    private stopped;
    /** Past the size limit: stop at the next drain. */
    private full;
    constructor(opts: RecorderOptions);
    get inputCount(): number;
    get recording(): boolean;
    start(line: Omit<StartLine, 't' | 'version' | 'checkEvery'>): void;
    input(input: {
        kind: string;
    } & InputTime): void;
    drained(effects: readonly unknown[]): void;
    /** Wraps the core's log so that every read and its answer are recorded. */
    logReader(inner: LogReader): LogReader;
    /** The checkpoint as of now (a replay compares it with the recorded one). */
    checkpoint(final: boolean): Extract<Line, {
        t: 'check';
    }>;
    /** Writes a checkpoint; a final one at a clean stop, after which nothing more is recorded. */
    check(final: boolean): void;
    /**
     * Past the size limit, recording goes on to the end of the turn (the next drain), where the
     * core is between inputs: a checkpoint there is one a replay can reach.
     */
    private write;
}
export declare function stateHash(s: CoreState): string;
