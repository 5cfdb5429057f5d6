/**
 * The small interfaces the effect interpreter (docs/architecture.md, "Effect interpreters")
 * carries out effects over. src/net gives it node adapters (lmdb storage, TCP/TLS sockets, UDP,
 * setImmediate and timers); src/sim gives it simulated ones (a disk that loses unflushed writes,
 * faulty links and datagrams, virtual time). Everything is callback-style: a promise would run
 * as a microtask, outside the simulator's order of events.
 *
 * Rules every adapter keeps:
 * - A callback is never called from inside the call that registered it (always later), and
 *   never after the process it belongs to died.
 * - Disk calls take effect in the order they are made (docs/storage-contract.md, "Call order").
 */
import type { Clock } from '../base/clock.js';
import type { AppliedBatch, Epochs, LogEntry } from '../storage/api.js';
import type { SessionRecord, ZNodeRecord } from '../wire/persist.js';
import type { LeaderMessage, LearnerMessage, SentQuorumMessage } from '../wire/quorum.js';
/** What arrives on a quorum link: a leader's messages on a learner's link, a learner's on the leader's. */
export type ReceivedQuorumMessage = LeaderMessage | LearnerMessage;
import type { ElectionDatagram } from '../wire/election.js';
import type { LogReader } from '../zab/types.js';
/** Cancels a timer. */
export type Cancel = () => void;
/** Time and scheduling. `nowMs` is monotonic (timeouts), `wallMs` the calendar (Clock). */
export interface Timer extends Clock {
    /** Runs `fn` at the end of this turn, after the work already queued (setImmediate). */
    soon(fn: () => void): void;
    after(ms: number, fn: () => void): Cancel;
    every(ms: number, fn: () => void): Cancel;
}
/** A storage call's answer: null when it took effect (durably, for the durable calls). */
export type DiskDone = (err: Error | null) => void;
/**
 * Storage, as the interpreter uses it: the write calls of src/storage/api.ts with completion
 * callbacks, and the synchronous log reads sync streams need. `appendLog`, `setEpochs`,
 * `truncateLogAfter` and `replaceState` answer once durable; `applyCommitted` and
 * `purgeLogBefore` once committed.
 */
export interface Disk extends LogReader {
    appendLog(entries: readonly LogEntry[], done: DiskDone): void;
    setEpochs(epochs: Epochs, done: DiskDone): void;
    truncateLogAfter(zxid: bigint, done: DiskDone): void;
    replaceState(state: {
        lastApplied: bigint;
        nodes: [string, ZNodeRecord][];
        sessions: [bigint, SessionRecord][];
    }, done: DiskDone): void;
    applyCommitted(batch: AppliedBatch, done: DiskDone): void;
    purgeLogBefore(zxid: bigint, done: (err: Error | null, removed: number) => void): void;
}
/** What a quorum link reports to its owner. */
export interface LinkEvents {
    onPacket(p: ReceivedQuorumMessage): void;
    /** The link is gone (the other end closed it, it broke, or this end closed it). */
    onClose(reason: string): void;
}
/** One quorum link (a TCP connection between a learner and its leader), from one end. */
export interface QuorumLinkPort {
    /** Where packets and the close go; set at once when the link is handed over. */
    setEvents(events: LinkEvents): void;
    send(p: SentQuorumMessage): void;
    close(reason: string): void;
    readonly isClosed: boolean;
    /** Calls `fn` once the output queued so far has drained enough to send more. */
    whenDrained(fn: () => void): void;
}
export type ConnectResult<L extends QuorumLinkPort> = {
    link: L;
} | {
    error: string;
    final?: boolean;
};
/** Opens links to a leader's quorum port: one attempt per call (the interpreter retries). */
export interface QuorumConnector<L extends QuorumLinkPort> {
    /** `final`: retrying cannot help (the server is not in the configuration). */
    connect(sid: number, done: (r: ConnectResult<L>) => void): void;
}
/** Election datagrams out (decoded ones come in through the interpreter's `electionDatagram`). */
export interface DatagramPort {
    send(to: number, datagram: ElectionDatagram): void;
}
/** Why a process stops: storage failed, or a core broke an invariant (a bug). */
export type FatalCause = 'storage' | 'invariant';
/**
 * The process must end: the fatal line is logged and the interpreter has halted. src/net stops
 * the rest and exits with the cause's status (docs/operations.md, "Exit status"); the simulator
 * kills the simulated process (storage) or fails the seed (invariant, `error` is the violation).
 */
export type ExitHook = (reason: string, cause: FatalCause, error?: Error) => void;
/** What the interpreter reports to the metrics (docs/operations.md). */
export interface RuntimeMetrics {
    /**
     * Txns are handed to the log (a proposal on the leader, its copy on a learner). The returned
     * callback is called once they are flushed: it times the fsync.
     */
    logging(zxids: readonly bigint[]): () => void;
    /** Applied state advanced to `lastApplied` (commits applied, in zxid order). */
    applied(lastApplied: bigint): void;
}
