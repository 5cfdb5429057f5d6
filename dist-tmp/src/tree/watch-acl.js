import { Perms } from '../wire/constants.js';
import { checkPerm } from './acl.js';
/**
 * The events to send: those whose watcher (still connected; `idsOf` answers undefined for a
 * gone one) may read them.
 */
export function deliverable(events, idsOf) {
    const out = [];
    for (const e of events) {
        const ids = idsOf(e.watcher);
        if (ids === undefined)
            continue;
        if (e.acl === undefined || checkPerm(e.acl, Perms.READ, ids))
            out.push({ watcher: e.watcher, type: e.type, path: e.path });
    }
    return out;
}
//# sourceMappingURL=watch-acl.js.map