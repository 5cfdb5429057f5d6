/**
 * Public types of the client. Names follow the Java client's enums (NodeCreated,
 * SyncConnected, PERSISTENT_RECURSIVE, ...) so that ZooKeeper documentation maps directly
 * onto this API.
 */
import { EventType, KeeperState, CreateFlags } from '../wire/index.js';
import type { Stat } from '../wire/index.js';

export type { Stat };

export type EventTypeName =
  | 'None'
  | 'NodeCreated'
  | 'NodeDeleted'
  | 'NodeDataChanged'
  | 'NodeChildrenChanged'
  | 'DataWatchRemoved'
  | 'ChildWatchRemoved'
  | 'PersistentWatchRemoved';

export type KeeperStateName =
  | 'Unknown'
  | 'Disconnected'
  | 'NoSyncConnected'
  | 'SyncConnected'
  | 'AuthFailed'
  | 'ConnectedReadOnly'
  | 'SaslAuthenticated'
  | 'Closed'
  | 'Expired';

/** A watch notification or a connection-state change (type None, path null). */
export interface WatchedEvent {
  type: EventTypeName;
  state: KeeperStateName;
  /** Client path (chroot removed); null for connection-state events. */
  path: string | null;
}

export type Watcher = (event: WatchedEvent) => void;

const eventNames = new Map<number, EventTypeName>(
  Object.entries(EventType).map(([k, v]) => [v, k as EventTypeName]),
);
const stateNames = new Map<number, KeeperStateName>(
  Object.entries(KeeperState).map(([k, v]) => [v, k as KeeperStateName]),
);

export function eventTypeName(code: number): EventTypeName | undefined {
  return eventNames.get(code);
}

export function keeperStateName(code: number): KeeperStateName {
  return stateNames.get(code) ?? 'Unknown';
}

/** Java's WatchedEvent.toString() (3.8): what zkCli prints after "WATCHER::". */
export function formatWatchedEvent(e: WatchedEvent): string {
  return `WatchedEvent state:${e.state} type:${e.type} path:${e.path === null ? 'null' : e.path}`;
}

/** Create modes, numerically the wire flags (docs/client-protocol.md, "Create modes and owners"). */
export const CreateMode = CreateFlags;
export type CreateModeValue = (typeof CreateFlags)[keyof typeof CreateFlags];

export function isSequentialMode(mode: number): boolean {
  return mode === CreateFlags.PERSISTENT_SEQUENTIAL || mode === CreateFlags.EPHEMERAL_SEQUENTIAL || mode === CreateFlags.PERSISTENT_SEQUENTIAL_WITH_TTL;
}

export function isTtlMode(mode: number): boolean {
  return mode === CreateFlags.PERSISTENT_WITH_TTL || mode === CreateFlags.PERSISTENT_SEQUENTIAL_WITH_TTL;
}

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

export function toBytes(data: DataInput): Uint8Array | null {
  if (data === undefined || data === null) return null;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return data;
}

export function toBuffer(data: Uint8Array | null): Buffer | null {
  if (data === null) return null;
  // Copy: the wire reader hands out views into the frame buffer, which we must not pin.
  return Buffer.from(data);
}
