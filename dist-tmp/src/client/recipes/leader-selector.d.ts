/**
 * LeaderSelector: Curator's LeaderSelector. Candidates queue on an InterProcessMutex at the
 * leader path (`_c_<uuid>-lock-<seq>` nodes whose data is the candidate's id), and the one
 * holding the mutex runs `takeLeadership`; leadership ends when the callback returns (the
 * mutex is released) and, with `autoRequeue`, the candidate queues again.
 *
 * The callback gets an AbortSignal, aborted when leadership must end: the session is lost,
 * the lock node is deleted, the connection is lost (by default, as Curator's
 * LeaderSelectorListenerAdapter cancels on SUSPENDED), interruptLeadership() or close().
 * It should stop its work promptly then; the mutex is released once it returns.
 *
 *   const selector = new LeaderSelector(zk, '/election/compactor', async (signal) => {
 *     while (!signal.aborted) await compactOnce(signal);
 *   }, { id: 'node-1', autoRequeue: true });
 *   selector.start();
 */
import { EventEmitter } from 'node:events';
import type { ZooKeeperClient } from '../client.js';
import type { Participant } from './leader-latch.js';
export type TakeLeadership = (signal: AbortSignal) => Promise<void> | void;
export interface LeaderSelectorOptions {
    /** Our id, stored as the lock node's data (default: this host's address, as Curator). */
    id?: string;
    /** Queue again after each term (and after failures). Default false. */
    autoRequeue?: boolean;
    /** End a term as soon as the connection is lost (SUSPENDED). Default true, as Curator's adapter. */
    cancelOnDisconnect?: boolean;
}
export interface LeaderSelectorEvents {
    /** A term started / ended. */
    leadershipStarted: [];
    leadershipEnded: [];
    /** takeLeadership threw, or the mutex could not be acquired (then requeued if autoRequeue). */
    error: [error: Error];
}
export declare class LeaderSelector extends EventEmitter<LeaderSelectorEvents> {
    private readonly zk;
    readonly path: string;
    private readonly takeLeadership;
    private readonly options;
    private readonly mutex;
    private state;
    private queued;
    private leader;
    private term;
    private readonly closing;
    private running;
    constructor(zk: ZooKeeperClient, path: string, takeLeadership: TakeLeadership, options?: LeaderSelectorOptions);
    get id(): string;
    start(): void;
    /** Queues for leadership again (no-op while queued or leading). Returns whether it queued. */
    requeue(): boolean;
    hasLeadership(): boolean;
    /** Ends the current term (the callback's signal is aborted). */
    interruptLeadership(): void;
    getParticipants(): Promise<Participant[]>;
    getLeader(): Promise<Participant>;
    /** Stops queuing, ends the current term and waits for the callback to return. */
    close(): Promise<void>;
    private runTerms;
    private oneTerm;
    private fail;
    private pause;
}
