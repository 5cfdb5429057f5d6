/**
 * Public types of the client. Names follow the Java client's enums (NodeCreated,
 * SyncConnected, PERSISTENT_RECURSIVE, ...) so that ZooKeeper documentation maps directly
 * onto this API.
 */
import { EventType, KeeperState, CreateFlags } from '../wire/index.js';
const eventNames = new Map(Object.entries(EventType).map(([k, v]) => [v, k]));
const stateNames = new Map(Object.entries(KeeperState).map(([k, v]) => [v, k]));
export function eventTypeName(code) {
    return eventNames.get(code);
}
export function keeperStateName(code) {
    return stateNames.get(code) ?? 'Unknown';
}
/** Java's WatchedEvent.toString() (3.8): what zkCli prints after "WATCHER::". */
export function formatWatchedEvent(e) {
    return `WatchedEvent state:${e.state} type:${e.type} path:${e.path === null ? 'null' : e.path}`;
}
/** Create modes, numerically the wire flags (docs/client-protocol.md, "Create modes and owners"). */
export const CreateMode = CreateFlags;
export function isSequentialMode(mode) {
    return mode === CreateFlags.PERSISTENT_SEQUENTIAL || mode === CreateFlags.EPHEMERAL_SEQUENTIAL || mode === CreateFlags.PERSISTENT_SEQUENTIAL_WITH_TTL;
}
export function isTtlMode(mode) {
    return mode === CreateFlags.PERSISTENT_WITH_TTL || mode === CreateFlags.PERSISTENT_SEQUENTIAL_WITH_TTL;
}
export function toBytes(data) {
    if (data === undefined || data === null)
        return null;
    if (typeof data === 'string')
        return Buffer.from(data, 'utf8');
    return data;
}
export function toBuffer(data) {
    if (data === null)
        return null;
    // Copy: the wire reader hands out views into the frame buffer, which we must not pin.
    return Buffer.from(data);
}
//# sourceMappingURL=types.js.map