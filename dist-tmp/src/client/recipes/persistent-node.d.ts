/**
 * PersistentNode: Curator's PersistentNode (and PersistentTtlNode's mode). A node that stays
 * there as long as this object is open: created with parents as containers, watched, and
 * created again whenever it disappears, the connection comes back, or (with a client that
 * starts new sessions after an expiry) a new session begins. With `protection`, the name
 * carries Curator's `_c_<uuid>-` prefix, so a create whose reply was lost is found again
 * instead of duplicated; a sequential node keeps its sequence number when recreated.
 *
 *   const node = new PersistentNode(zk, '/services/api/host-1', 'payload', { mode: 'ephemeral' });
 *   await node.start();   // resolves once created
 */
import { EventEmitter } from 'node:events';
import type { ZooKeeperClient } from '../client.js';
import { type DataInput } from '../types.js';
import { type WaitOptions } from './internal.js';
export type PersistentNodeMode = 'ephemeral' | 'ephemeral_sequential' | 'persistent' | 'persistent_sequential' | 'ttl';
export interface PersistentNodeOptions {
    /** Default 'ephemeral'. */
    mode?: PersistentNodeMode;
    /** Curator's useProtection. Default false. */
    protection?: boolean;
    /** For mode 'ttl': the node's time to live in ms (the server needs extendedTypesEnabled). */
    ttl?: number;
}
export interface PersistentNodeEvents {
    /** The node was (re)created at this path. */
    created: [path: string];
    error: [error: Error];
}
export declare class PersistentNode extends EventEmitter<PersistentNodeEvents> {
    private readonly zk;
    readonly basePath: string;
    private readonly options;
    private state;
    private data;
    private nodePath;
    private readonly mode;
    private readonly closing;
    private chain;
    private firstCreate;
    private readonly clientListeners;
    private readonly watcher;
    constructor(zk: ZooKeeperClient, basePath: string, data: DataInput, options?: PersistentNodeOptions);
    /** Creates the node and keeps it; resolves once it first exists (bounded by `opts`). */
    start(opts?: WaitOptions): Promise<void>;
    /** Resolves once the node has been created (rejects with TimeoutError / the abort reason). */
    waitForInitialCreate(opts?: WaitOptions): Promise<void>;
    /** The node's actual path (with protection prefix and sequence), once created. */
    get actualPath(): string | null;
    getData(): Buffer | null;
    /** Changes the node's data (kept for every re-creation too). */
    setData(data: DataInput): Promise<void>;
    /** Stops keeping the node and deletes it. */
    close(): Promise<void>;
    private listen;
    private onNewSession;
    private schedule;
    /** Makes sure the node exists and is watched (Curator's createNode + watchNode). */
    private ensure;
    private onEvent;
}
