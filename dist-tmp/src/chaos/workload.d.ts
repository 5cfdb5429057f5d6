import { ZooKeeperClient } from '../client/index.js';
import type { RegisterInput, RegisterOutput, SequenceInput, SequenceOutput, SetInput, SetOutput } from '../lincheck/index.js';
export declare const GENERATION_MS = 5000;
export declare const REGISTER_GROUPS = 2;
export declare const SET_CHILDREN = 8;
export type ObjectKind = 'register' | 'set' | 'sequence';
export interface HistoryOp {
    id: number;
    worker: number;
    /** The session (hex) the call went through; '' when the client had none yet. */
    session: string;
    kind: ObjectKind;
    /** The object (the P-compositionality partition). */
    object: string;
    input: RegisterInput | SetInput | SequenceInput;
    output: RegisterOutput | SetOutput | SequenceOutput | undefined;
    outcome: 'ok' | 'fail' | 'info';
    /** For fail/info: the error (name or message). */
    error?: string;
    /** ms since the workload started. */
    call: number;
    ret: number | null;
    /** The session's last seen zxid after the call (client.lastZxid). */
    zxidAfter?: string;
    /** For a write that succeeded: is it a write at all (for the unavailability window). */
    write: boolean;
    /** True for the final reads after healing. */
    final?: boolean;
}
export interface SessionRecord {
    worker: number;
    session: string;
    ephemeral: string | null;
    /** Last seen zxids, in call order, for the monotonicity check. */
    zxids: {
        op: number;
        zxid: bigint;
    }[];
    end: 'closed' | 'expired' | 'close failed' | null;
}
export interface WorkloadOptions {
    connectString: string;
    clients: number;
    seed: number;
    sessionTimeout: number;
    /** How many generations of objects exist (their parents are created before the run). */
    generations: number;
}
export declare function registerKeys(g: number, i: number): [string, string];
export declare const setParent: (g: number) => string;
export declare const sequenceParent: (g: number) => string;
export declare class Workload {
    private readonly o;
    readonly ops: HistoryOp[];
    readonly sessions: SessionRecord[];
    readonly t0: number;
    private stopped;
    private readonly running;
    private readonly clients;
    /** Generations whose objects were touched. */
    readonly generations: Set<number>;
    constructor(o: WorkloadOptions);
    now(): number;
    /** The generation of objects in use now (the last one stays in use after its time). */
    generation(): number;
    start(): void;
    /** Stops issuing operations and waits for the ones in flight. */
    stop(): Promise<void>;
    get counts(): {
        tried: number;
        ok: number;
        fail: number;
        info: number;
    };
    newClient(connectString?: string): ZooKeeperClient;
    /** Closes every session still open; records how each ended. */
    closeAll(): Promise<void>;
    private worker;
    private step;
    /** Runs one call and logs it. `run` resolves with the output, or throws a client error. */
    record<O>(w: number, client: ZooKeeperClient, session: SessionRecord | null, kind: ObjectKind, object: string, input: HistoryOp['input'], write: boolean, run: () => Promise<O>, final?: boolean): Promise<HistoryOp>;
    register(client: ZooKeeperClient, input: RegisterInput, versions?: Map<string, number>): Promise<RegisterOutput>;
}
export declare function childSet(client: ZooKeeperClient, parent: string, input: SetInput): Promise<SetOutput>;
export declare function suffixOf(name: string): number;
export declare function sequence(client: ZooKeeperClient, parent: string, input: SequenceInput): Promise<SequenceOutput>;
export declare function sleep(ms: number): Promise<void>;
export declare function withTimeout<T>(p: Promise<T>, ms: number): Promise<T>;
