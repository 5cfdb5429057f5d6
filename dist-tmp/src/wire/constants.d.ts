/** ZooKeeper's numbers (docs/client-protocol.md): opcodes, error codes, watch events, ACL permissions. */
export declare const Op: {
    readonly notification: 0;
    readonly create: 1;
    readonly delete: 2;
    readonly exists: 3;
    readonly getData: 4;
    readonly setData: 5;
    readonly getACL: 6;
    readonly setACL: 7;
    readonly getChildren: 8;
    readonly sync: 9;
    readonly ping: 11;
    readonly getChildren2: 12;
    readonly check: 13;
    readonly multi: 14;
    readonly create2: 15;
    readonly reconfig: 16;
    readonly checkWatches: 17;
    readonly removeWatches: 18;
    readonly createContainer: 19;
    readonly deleteContainer: 20;
    readonly createTTL: 21;
    readonly multiRead: 22;
    readonly auth: 100;
    readonly setWatches: 101;
    readonly sasl: 102;
    readonly getEphemerals: 103;
    readonly getAllChildrenNumber: 104;
    readonly setWatches2: 105;
    readonly addWatch: 106;
    readonly whoAmI: 107;
    readonly createSession: -10;
    readonly closeSession: -11;
    readonly error: -1;
};
export type OpCode = (typeof Op)[keyof typeof Op];
export declare const Xid: {
    readonly notification: -1;
    readonly ping: -2;
    readonly auth: -4;
    readonly setWatches: -8;
};
export declare const Err: {
    readonly OK: 0;
    readonly SYSTEMERROR: -1;
    readonly RUNTIMEINCONSISTENCY: -2;
    readonly DATAINCONSISTENCY: -3;
    readonly CONNECTIONLOSS: -4;
    readonly MARSHALLINGERROR: -5;
    readonly UNIMPLEMENTED: -6;
    readonly OPERATIONTIMEOUT: -7;
    readonly BADARGUMENTS: -8;
    readonly UNKNOWNSESSION: -12;
    readonly NEWCONFIGNOQUORUM: -13;
    readonly RECONFIGINPROGRESS: -14;
    readonly APIERROR: -100;
    readonly NONODE: -101;
    readonly NOAUTH: -102;
    readonly BADVERSION: -103;
    readonly NOCHILDRENFOREPHEMERALS: -108;
    readonly NODEEXISTS: -110;
    readonly NOTEMPTY: -111;
    readonly SESSIONEXPIRED: -112;
    readonly INVALIDCALLBACK: -113;
    readonly INVALIDACL: -114;
    readonly AUTHFAILED: -115;
    readonly SESSIONMOVED: -118;
    readonly NOTREADONLY: -119;
    readonly EPHEMERALONLOCALSESSION: -120;
    readonly NOWATCHER: -121;
    readonly REQUESTTIMEOUT: -122;
    readonly RECONFIGDISABLED: -123;
    readonly SESSIONCLOSEDREQUIRESASLAUTH: -124;
    readonly QUOTAEXCEEDED: -125;
    readonly THROTTLEDOP: -127;
};
export type ErrCode = (typeof Err)[keyof typeof Err];
export declare function errName(code: number): string;
export declare const EventType: {
    readonly None: -1;
    readonly NodeCreated: 1;
    readonly NodeDeleted: 2;
    readonly NodeDataChanged: 3;
    readonly NodeChildrenChanged: 4;
    readonly DataWatchRemoved: 5;
    readonly ChildWatchRemoved: 6;
    readonly PersistentWatchRemoved: 7;
};
export type EventTypeCode = (typeof EventType)[keyof typeof EventType];
export declare const KeeperState: {
    readonly Unknown: -1;
    readonly Disconnected: 0;
    readonly NoSyncConnected: 1;
    readonly SyncConnected: 3;
    readonly AuthFailed: 4;
    readonly ConnectedReadOnly: 5;
    readonly SaslAuthenticated: 6;
    readonly Closed: 7;
    readonly Expired: -112;
};
export declare const WatcherType: {
    readonly Children: 1;
    readonly Data: 2;
    readonly Any: 3;
    readonly Persistent: 4;
    readonly PersistentRecursive: 5;
};
export declare const AddWatchMode: {
    readonly Persistent: 0;
    readonly PersistentRecursive: 1;
};
export declare const Perms: {
    readonly READ: 1;
    readonly WRITE: 2;
    readonly CREATE: 4;
    readonly DELETE: 8;
    readonly ADMIN: 16;
    readonly ALL: 31;
};
export declare const CreateFlags: {
    readonly PERSISTENT: 0;
    readonly EPHEMERAL: 1;
    readonly PERSISTENT_SEQUENTIAL: 2;
    readonly EPHEMERAL_SEQUENTIAL: 3;
    readonly CONTAINER: 4;
    readonly PERSISTENT_WITH_TTL: 5;
    readonly PERSISTENT_SEQUENTIAL_WITH_TTL: 6;
};
/**
 * ephemeralOwner markers stored internally; Stat reports 0 for both (docs/client-protocol.md,
 * "Create modes and owners").
 */
export declare const CONTAINER_OWNER = -9223372036854775808n;
export declare const TTL_OWNER_MASK = -72057594037927936n;
export declare const MAX_TTL: bigint;
export declare const DEFAULT_MAX_BUFFER = 1048575;
