/**
 * The standalone server as a pure core: a leader of one. Writes are prepared, given the next
 * zxid, handed to storage as a `persist` effect, and applied only once the runtime reports them
 * flushed (`persisted`), so no reply promises data that a crash could lose. Everything else
 * (sockets, timers, LMDB) is the runtime's business.
 */
import type { InputTime, Rng } from '../base/clock.js';
import { Txn } from '../wire/txn.js';
import type { LoadedState } from '../storage/api.js';
import { WriteRequest } from '../pipeline/prep.js';
import type { ClientConnection, ConnId } from '../pipeline/connections.js';
import { Replica, ReplicaEffect, ReplicaOptions, WritePath } from './replica.js';
import { StandaloneInput, Stamped } from './inputs.js';
import type { StepObserver } from './recording.js';
export interface StandaloneOptions extends ReplicaOptions {
    /** How often containers and TTL nodes are checked for reaping (ZooKeeper: 60 s). */
    containerCheckIntervalMs: number;
}
export type Effect = ReplicaEffect | {
    kind: 'persist';
    token: number;
    txns: Txn[];
};
export declare class StandaloneCore implements WritePath {
    private readonly opts;
    readonly replica: Replica;
    private out;
    private nextZxid;
    private unsent;
    private readonly batches;
    private nextToken;
    private lastReapMs;
    /** Set when storage failed: writes are refused from then on, reads go on. */
    private writeFailure;
    /** The time of the input being handled: only `step` moves it. */
    private readonly time;
    /** Set while the run is recorded (`--record`): told of every input and drain. */
    recorder: StepObserver | null;
    /** `start`: when the core was built (the session table's id seed, the first reap). */
    constructor(opts: StandaloneOptions, rng: Rng, start: InputTime, loaded?: LoadedState);
    get tree(): import("../tree/data-tree.js").DataTree;
    get sessions(): import("../session/sessions.js").SessionTable;
    get lastZxid(): bigint;
    get outstandingWrites(): number;
    /** Handles one input, at the time it carries. Its effects are collected by `drain`. */
    step(input: Stamped<StandaloneInput>): void;
    /** Re-applies logged txns after lastApplied (start-up): in standalone, everything logged is committed. */
    private replay;
    /** The end of the turn: the writes accumulated during it go out as one batch (group commit). */
    private endTurn;
    /** The effects produced since the last call; reading them out changes nothing. */
    drain(): Effect[];
    submitWrite(c: ClientConnection, xid: number, req: WriteRequest): void;
    createSession(_conn: ConnId, sessionId: bigint, passwd: Uint8Array, timeout: number): void;
    revalidate(_conn: ConnId, sessionId: bigint, timeout: number, done: (valid: boolean) => void): void;
    sync(done: () => void): void;
    writeRefusal(): number | null;
    private submit;
    /** Storage flushed the batch: apply every durable batch at the head, in zxid order. */
    private persisted;
    /**
     * Storage refused a batch (disk full, I/O error). Whether the batches handed to storage reached
     * the disk is unknown: a failed write may still be there and be replayed by the next start. So
     * their clients get no answer: their connections close, which a client sees as connection loss,
     * the same ambiguity as a server crash (ZooKeeper exits here). Writes never handed to storage
     * did not happen and are refused with NOTREADONLY, as is every write from now on; reads go on.
     */
    private persistFailed;
    /** Expires sessions whose time ran out and reaps empty containers and stale TTL nodes. */
    private tick;
}
