/** Requests the server makes of itself: reaping empty containers and expired TTL nodes. */
import { Op } from '../wire/constants.js';
export function reapRequests(tree, wallMs) {
    return tree.reapCandidates(wallMs).map((path) => ({ op: Op.deleteContainer, path }));
}
//# sourceMappingURL=housekeeping.js.map