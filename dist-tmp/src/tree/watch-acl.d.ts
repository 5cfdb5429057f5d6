/**
 * Watch events are delivered only to watchers that may READ the node they are about
 * (docs/compatibility.md, finding 1). ZooKeeper 3.8.4 and 3.9.2 added this check for
 * CVE-2024-23944: before it, a persistent-recursive watch on a readable parent leaked the paths
 * of unreadable children. As there, the check is made when the event is delivered, with the
 * ids the watcher's connection holds at that moment, against the ACL of the node the event is
 * about (the parent's for NodeChildrenChanged). A one-shot watch whose event is withheld is
 * still used up. Events without an ACL (setWatches catch-ups, which ZooKeeper does not filter
 * either) are always delivered.
 */
import type { ACL, Id } from '../wire/records.js';
import type { FiredWatch, WatcherId } from './watches.js';
export interface GuardedEvent extends FiredWatch {
    /** The ACL the watcher needs READ on; undefined: no check. */
    acl?: readonly ACL[];
}
/**
 * The events to send: those whose watcher (still connected; `idsOf` answers undefined for a
 * gone one) may read them.
 */
export declare function deliverable(events: readonly GuardedEvent[], idsOf: (w: WatcherId) => readonly Id[] | undefined): FiredWatch[];
