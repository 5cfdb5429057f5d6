/**
 * LeaderLatch: Curator's LeaderLatch. Each participant creates a protected
 * EPHEMERAL_SEQUENTIAL node `<path>/_c_<uuid>-latch-<seq>` whose data is its id (UTF-8); the
 * first in sequence order is the leader, the others each watch the node just ahead of them.
 * Java and Node participants on the same path therefore agree on one leader.
 *
 * Leadership is dropped (the 'notLeader' event, and the signal of awaitLeadership aborted)
 * when the session is lost, or after a whole session timeout without a connection (Curator's
 * LOST). After a reconnection the latch checks its node again; after an expired session
 * (with a client that starts new sessions) it re-enters the race with a new node.
 *
 *   const latch = new LeaderLatch(zk, '/election/scheduler', 'node-1');
 *   latch.on('isLeader', () => ...).on('notLeader', () => ...);
 *   await latch.start();
 *   const term = await latch.awaitLeadership();   // an AbortSignal: aborted when it ends
 */
import { EventEmitter } from 'node:events';
import type { ZooKeeperClient } from '../client.js';
import { type WaitOptions } from './internal.js';
export interface Participant {
    /** The participant's id (the node's data). */
    id: string;
    isLeader: boolean;
}
export interface LeaderLatchEvents {
    isLeader: [];
    notLeader: [];
    /** A background step failed in a way the latch cannot repair by itself. */
    error: [error: Error];
}
export declare class LeaderLatch extends EventEmitter<LeaderLatchEvents> {
    private readonly zk;
    readonly path: string;
    readonly id: string;
    private state;
    private leader;
    private _ourPath;
    private term;
    private lossTimer;
    /** The session ended under us: the next session must re-enter with a new node. */
    private needsRejoin;
    private readonly closing;
    /** Background steps, run one at a time in order, and the client events listened to. */
    private readonly steps;
    constructor(zk: ZooKeeperClient, path: string, id?: string);
    /** Joins the election; resolves once our node exists and leadership has been checked once. */
    start(): Promise<void>;
    hasLeadership(): boolean;
    /** Our node, or null while we have none. */
    get ourPath(): string | null;
    /**
     * Resolves once we are leader, with an AbortSignal that aborts when this term ends. Rejects
     * with a TimeoutError after `timeoutMs`, with the signal's reason on abort, and with a
     * RecipeStateError if the latch is (or gets) closed.
     */
    awaitLeadership(opts?: WaitOptions): Promise<AbortSignal>;
    /** Participants in line order (the first is the leader), with their ids. */
    getParticipants(): Promise<Participant[]>;
    /** The current leader, or `{ id: '', isLeader: false }` when there is none (Curator's dummy). */
    getLeader(): Promise<Participant>;
    /** Leaves the election: our node is deleted and leadership, if held, ends. */
    close(): Promise<void>;
    private participantNodes;
    /** Curator's reset(): drop leadership and our node, create a new one, look at the line. */
    private reset;
    private checkLeadership;
    private setLeadership;
    private onDisconnected;
    private onReconnected;
    private onSessionLost;
    private onNewSession;
    private clearLossTimer;
}
