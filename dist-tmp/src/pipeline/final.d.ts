import type { Id } from '../wire/records.js';
import type { Request, Response } from '../wire/requests.js';
import { ApplyOutcome, DataTree } from '../tree/data-tree.js';
import type { FiredWatch, WatcherId } from '../tree/watches.js';
import type { WriteRequest } from './prep.js';
/** Who is asking: the connection's watcher id, session and authenticated ids. */
export interface Caller {
    watcher: WatcherId;
    sessionId: bigint;
    authIds: readonly Id[];
}
export interface Reply {
    err: number;
    response?: Response;
}
/** Reads and other requests that never become txns. `events` receives setWatches catch-ups. */
export declare function executeRead(req: Request, tree: DataTree, caller: Caller, events?: FiredWatch[]): Reply;
/** The reply to the client whose write produced `outcome`. */
export declare function writeReply(req: WriteRequest, outcome: ApplyOutcome): Reply;
