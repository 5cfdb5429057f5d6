/** ZooKeeper's numbers (docs/client-protocol.md): opcodes, error codes, watch events, ACL permissions. */
export const Op = {
    notification: 0,
    create: 1,
    delete: 2,
    exists: 3,
    getData: 4,
    setData: 5,
    getACL: 6,
    setACL: 7,
    getChildren: 8,
    sync: 9,
    ping: 11,
    getChildren2: 12,
    check: 13,
    multi: 14,
    create2: 15,
    reconfig: 16,
    checkWatches: 17,
    removeWatches: 18,
    createContainer: 19,
    deleteContainer: 20,
    createTTL: 21,
    multiRead: 22,
    auth: 100,
    setWatches: 101,
    sasl: 102,
    getEphemerals: 103,
    getAllChildrenNumber: 104,
    setWatches2: 105,
    addWatch: 106,
    whoAmI: 107,
    createSession: -10,
    closeSession: -11,
    error: -1,
};
export const Xid = {
    notification: -1,
    ping: -2,
    auth: -4,
    setWatches: -8,
};
export const Err = {
    OK: 0,
    SYSTEMERROR: -1,
    RUNTIMEINCONSISTENCY: -2,
    DATAINCONSISTENCY: -3,
    CONNECTIONLOSS: -4,
    MARSHALLINGERROR: -5,
    UNIMPLEMENTED: -6,
    OPERATIONTIMEOUT: -7,
    BADARGUMENTS: -8,
    UNKNOWNSESSION: -12,
    NEWCONFIGNOQUORUM: -13,
    RECONFIGINPROGRESS: -14,
    APIERROR: -100,
    NONODE: -101,
    NOAUTH: -102,
    BADVERSION: -103,
    NOCHILDRENFOREPHEMERALS: -108,
    NODEEXISTS: -110,
    NOTEMPTY: -111,
    SESSIONEXPIRED: -112,
    INVALIDCALLBACK: -113,
    INVALIDACL: -114,
    AUTHFAILED: -115,
    SESSIONMOVED: -118,
    NOTREADONLY: -119,
    EPHEMERALONLOCALSESSION: -120,
    NOWATCHER: -121,
    REQUESTTIMEOUT: -122,
    RECONFIGDISABLED: -123,
    SESSIONCLOSEDREQUIRESASLAUTH: -124,
    QUOTAEXCEEDED: -125,
    THROTTLEDOP: -127,
};
const errNames = new Map(Object.entries(Err).map(([k, v]) => [v, k]));
export function errName(code) {
    return errNames.get(code) ?? `UNKNOWN(${code})`;
}
export const EventType = {
    None: -1,
    NodeCreated: 1,
    NodeDeleted: 2,
    NodeDataChanged: 3,
    NodeChildrenChanged: 4,
    DataWatchRemoved: 5,
    ChildWatchRemoved: 6,
    PersistentWatchRemoved: 7,
};
export const KeeperState = {
    Unknown: -1,
    Disconnected: 0,
    NoSyncConnected: 1,
    SyncConnected: 3,
    AuthFailed: 4,
    ConnectedReadOnly: 5,
    SaslAuthenticated: 6,
    Closed: 7,
    Expired: -112,
};
export const WatcherType = {
    Children: 1,
    Data: 2,
    Any: 3,
    Persistent: 4,
    PersistentRecursive: 5,
};
export const AddWatchMode = {
    Persistent: 0,
    PersistentRecursive: 1,
};
export const Perms = {
    READ: 1,
    WRITE: 2,
    CREATE: 4,
    DELETE: 8,
    ADMIN: 16,
    ALL: 31,
};
export const CreateFlags = {
    PERSISTENT: 0,
    EPHEMERAL: 1,
    PERSISTENT_SEQUENTIAL: 2,
    EPHEMERAL_SEQUENTIAL: 3,
    CONTAINER: 4,
    PERSISTENT_WITH_TTL: 5,
    PERSISTENT_SEQUENTIAL_WITH_TTL: 6,
};
/**
 * ephemeralOwner markers stored internally; Stat reports 0 for both (docs/client-protocol.md,
 * "Create modes and owners").
 */
export const CONTAINER_OWNER = -0x8000000000000000n;
export const TTL_OWNER_MASK = -0x100000000000000n; // 0xFF00000000000000 as a signed long
export const MAX_TTL = (1n << 40n) - 1n;
export const DEFAULT_MAX_BUFFER = 0xfffff;
//# sourceMappingURL=constants.js.map