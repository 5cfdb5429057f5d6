/**
 * Telling a holder that it lost what it held. A lock node, a lease or a leadership is only as
 * good as the session that owns its ephemeral node, so the holder's AbortSignal is aborted
 * (with a LostError saying why) when:
 *  - the session expires, the client is closed, or authentication fails;
 *  - the client has been disconnected for a whole session timeout (the server has expired the
 *    session by then, though we only hear it on reconnecting: Curator's LOST);
 *  - optionally, as soon as the connection is lost (Curator's SUSPENDED as an error state);
 *  - the owned node is deleted behind our back (by an administrator, or by its TTL).
 */
import type { ZooKeeperClient } from '../client.js';
export interface OwnershipOptions {
    /** Count a mere disconnection as a loss (Curator's SUSPENDED as an error state). Default false. */
    lostOnDisconnect?: boolean;
}
export declare class Ownership {
    private readonly zk;
    private readonly what;
    private readonly nodePath;
    private readonly options;
    private readonly controller;
    private stopped;
    private lossTimer;
    private readonly listeners;
    private readonly nodeWatcher;
    constructor(zk: ZooKeeperClient, what: string, nodePath: string | null, options?: OwnershipOptions);
    /** Aborted (reason: a LostError) once ownership is lost. */
    get signal(): AbortSignal;
    get lost(): boolean;
    /** No longer held (released): stop watching, never abort. */
    stop(): void;
    lose(reason: string): void;
    private listen;
    private onDisconnected;
    private onReconnected;
    private clearTimer;
    private watchNode;
    private checkNode;
    private onNodeEvent;
}
