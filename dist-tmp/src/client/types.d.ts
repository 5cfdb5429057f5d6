/**
 * Public types of the client. Names follow the Java client's enums (NodeCreated,
 * SyncConnected, PERSISTENT_RECURSIVE, ...) so that ZooKeeper documentation maps directly
 * onto this API.
 */
import { CreateFlags } from '../wire/index.js';
import type { Stat } from '../wire/index.js';
export type { Stat };
export type EventTypeName = 'None' | 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged' | 'DataWatchRemoved' | 'ChildWatchRemoved' | 'PersistentWatchRemoved';
export type KeeperStateName = 'Unknown' | 'Disconnected' | 'NoSyncConnected' | 'SyncConnected' | 'AuthFailed' | 'ConnectedReadOnly' | 'SaslAuthenticated' | 'Closed' | 'Expired';
/** A watch notification or a connection-state change (type None, path null). */
export interface WatchedEvent {
    type: EventTypeName;
    state: KeeperStateName;
    /** Client path (chroot removed); null for connection-state events. */
    path: string | null;
}
export type Watcher = (event: WatchedEvent) => void;
export declare function eventTypeName(code: number): EventTypeName | undefined;
export declare function keeperStateName(code: number): KeeperStateName;
/** Java's WatchedEvent.toString() (3.8): what zkCli prints after "WATCHER::". */
export declare function formatWatchedEvent(e: WatchedEvent): string;
/** Create modes, numerically the wire flags (docs/client-protocol.md, "Create modes and owners"). */
export declare const CreateMode: {
    readonly PERSISTENT: 0;
    readonly EPHEMERAL: 1;
    readonly PERSISTENT_SEQUENTIAL: 2;
    readonly EPHEMERAL_SEQUENTIAL: 3;
    readonly CONTAINER: 4;
    readonly PERSISTENT_WITH_TTL: 5;
    readonly PERSISTENT_SEQUENTIAL_WITH_TTL: 6;
};
export type CreateModeValue = (typeof CreateFlags)[keyof typeof CreateFlags];
export declare function isSequentialMode(mode: number): boolean;
export declare function isTtlMode(mode: number): boolean;
export type AddWatchModeName = 'PERSISTENT' | 'PERSISTENT_RECURSIVE';
/** Which watches removeWatches / checkWatches address. */
export type WatcherTypeName = 'Children' | 'Data' | 'Any' | 'Persistent' | 'PersistentRecursive';
/**
 * The client's own view of its connection (Java's ZooKeeper.States, plus EXPIRED so that an
 * expired session is visible as such rather than as a generic CLOSED).
 */
export type ClientState = 'CONNECTING' | 'CONNECTED' | 'CLOSED' | 'EXPIRED' | 'AUTH_FAILED';
/** Anything with these methods works: console, winston, pino. Missing methods are skipped. */
export interface Logger {
    debug?(message: string, ...meta: unknown[]): void;
    info?(message: string, ...meta: unknown[]): void;
    warn?(message: string, ...meta: unknown[]): void;
    error?(message: string, ...meta: unknown[]): void;
}
/** Data accepted by create/setData: strings are encoded as UTF-8; null stores "no data". */
export type DataInput = string | Uint8Array | null | undefined;
export declare function toBytes(data: DataInput): Uint8Array | null;
export declare function toBuffer(data: Uint8Array | null): Buffer | null;
