/** Requests the server makes of itself: reaping empty containers and expired TTL nodes. */
import { Op } from '../wire/constants.js';
import type { DataTree } from '../tree/data-tree.js';
export declare function reapRequests(tree: DataTree, wallMs: number): {
    op: typeof Op.deleteContainer;
    path: string;
}[];
