/**
 * Typed errors: one class per ZooKeeper error code, so that callers can write
 * `catch (e) { if (e instanceof NoNodeError) ... }` instead of comparing numbers.
 * Messages follow the Java client (`KeeperErrorCode = NoNode for /a`) because operators
 * grep logs for exactly those strings.
 */
import { Err } from '../wire/index.js';
/** Java's KeeperException.getCodeMessage, so that messages read the same as Java's. */
const CODE_MESSAGES = {
    [Err.OK]: 'ok',
    [Err.SYSTEMERROR]: 'SystemError',
    [Err.RUNTIMEINCONSISTENCY]: 'RuntimeInconsistency',
    [Err.DATAINCONSISTENCY]: 'DataInconsistency',
    [Err.CONNECTIONLOSS]: 'ConnectionLoss',
    [Err.MARSHALLINGERROR]: 'MarshallingError',
    [Err.NEWCONFIGNOQUORUM]: 'NewConfigNoQuorum',
    [Err.RECONFIGINPROGRESS]: 'ReconfigInProgress',
    [Err.UNIMPLEMENTED]: 'Unimplemented',
    [Err.OPERATIONTIMEOUT]: 'OperationTimeout',
    [Err.BADARGUMENTS]: 'BadArguments',
    [Err.UNKNOWNSESSION]: 'Unknown session',
    [Err.APIERROR]: 'APIError',
    [Err.NONODE]: 'NoNode',
    [Err.NOAUTH]: 'NoAuth',
    [Err.BADVERSION]: 'BadVersion',
    [Err.NOCHILDRENFOREPHEMERALS]: 'NoChildrenForEphemerals',
    [Err.NODEEXISTS]: 'NodeExists',
    [Err.INVALIDACL]: 'InvalidACL',
    [Err.AUTHFAILED]: 'AuthFailed',
    [Err.NOTEMPTY]: 'Directory not empty',
    [Err.SESSIONEXPIRED]: 'Session expired',
    [Err.INVALIDCALLBACK]: 'Invalid callback',
    [Err.SESSIONMOVED]: 'Session moved',
    [Err.NOTREADONLY]: 'Not a read-only call',
    [Err.EPHEMERALONLOCALSESSION]: 'Ephemeral node on local session',
    [Err.NOWATCHER]: 'No such watcher',
    [Err.REQUESTTIMEOUT]: 'Request timeout',
    [Err.RECONFIGDISABLED]: 'Reconfig is disabled',
    [Err.SESSIONCLOSEDREQUIRESASLAUTH]: 'Session closed because client failed to authenticate',
    [Err.QUOTAEXCEEDED]: 'Quota has exceeded',
    [Err.THROTTLEDOP]: 'Op throttled due to high load',
};
export function codeMessage(code) {
    return CODE_MESSAGES[code] ?? `Unknown error ${code}`;
}
/** Base class of every error the client reports for a ZooKeeper error code. */
export class ZooKeeperError extends Error {
    name = 'ZooKeeperError';
    /** The numeric ZooKeeper error code (negative), e.g. -101 for NoNode. */
    code;
    /** The client-side path of the operation (chroot removed), when there is one. */
    path;
    constructor(code, path, detail) {
        const base = `KeeperErrorCode = ${codeMessage(code)}`;
        const withPath = path ? `${base} for ${path}` : base;
        super(detail ? `${withPath}: ${detail}` : withPath);
        this.code = code;
        this.path = path;
    }
}
/* One subclass per code. `name` is set explicitly so that it survives minification. */
export class SystemError extends ZooKeeperError {
    name = 'SystemError';
}
export class RuntimeInconsistencyError extends ZooKeeperError {
    name = 'RuntimeInconsistencyError';
}
export class DataInconsistencyError extends ZooKeeperError {
    name = 'DataInconsistencyError';
}
export class ConnectionLossError extends ZooKeeperError {
    name = 'ConnectionLossError';
}
export class MarshallingError extends ZooKeeperError {
    name = 'MarshallingError';
}
export class UnimplementedError extends ZooKeeperError {
    name = 'UnimplementedError';
}
export class OperationTimeoutError extends ZooKeeperError {
    name = 'OperationTimeoutError';
}
export class BadArgumentsError extends ZooKeeperError {
    name = 'BadArgumentsError';
}
export class UnknownSessionError extends ZooKeeperError {
    name = 'UnknownSessionError';
}
export class NewConfigNoQuorumError extends ZooKeeperError {
    name = 'NewConfigNoQuorumError';
}
export class ReconfigInProgressError extends ZooKeeperError {
    name = 'ReconfigInProgressError';
}
export class APIError extends ZooKeeperError {
    name = 'APIError';
}
export class NoNodeError extends ZooKeeperError {
    name = 'NoNodeError';
}
export class NoAuthError extends ZooKeeperError {
    name = 'NoAuthError';
}
export class BadVersionError extends ZooKeeperError {
    name = 'BadVersionError';
}
export class NoChildrenForEphemeralsError extends ZooKeeperError {
    name = 'NoChildrenForEphemeralsError';
}
export class NodeExistsError extends ZooKeeperError {
    name = 'NodeExistsError';
}
export class NotEmptyError extends ZooKeeperError {
    name = 'NotEmptyError';
}
export class SessionExpiredError extends ZooKeeperError {
    name = 'SessionExpiredError';
}
export class InvalidCallbackError extends ZooKeeperError {
    name = 'InvalidCallbackError';
}
export class InvalidACLError extends ZooKeeperError {
    name = 'InvalidACLError';
}
export class AuthFailedError extends ZooKeeperError {
    name = 'AuthFailedError';
}
export class SessionMovedError extends ZooKeeperError {
    name = 'SessionMovedError';
}
export class NotReadOnlyError extends ZooKeeperError {
    name = 'NotReadOnlyError';
}
export class EphemeralOnLocalSessionError extends ZooKeeperError {
    name = 'EphemeralOnLocalSessionError';
}
export class NoWatcherError extends ZooKeeperError {
    name = 'NoWatcherError';
}
export class RequestTimeoutError extends ZooKeeperError {
    name = 'RequestTimeoutError';
}
export class ReconfigDisabledError extends ZooKeeperError {
    name = 'ReconfigDisabledError';
}
export class SessionClosedRequireSaslAuthError extends ZooKeeperError {
    name = 'SessionClosedRequireSaslAuthError';
}
export class QuotaExceededError extends ZooKeeperError {
    name = 'QuotaExceededError';
}
export class ThrottledOpError extends ZooKeeperError {
    name = 'ThrottledOpError';
}
const CLASSES = {
    [Err.SYSTEMERROR]: SystemError,
    [Err.RUNTIMEINCONSISTENCY]: RuntimeInconsistencyError,
    [Err.DATAINCONSISTENCY]: DataInconsistencyError,
    [Err.CONNECTIONLOSS]: ConnectionLossError,
    [Err.MARSHALLINGERROR]: MarshallingError,
    [Err.UNIMPLEMENTED]: UnimplementedError,
    [Err.OPERATIONTIMEOUT]: OperationTimeoutError,
    [Err.BADARGUMENTS]: BadArgumentsError,
    [Err.UNKNOWNSESSION]: UnknownSessionError,
    [Err.NEWCONFIGNOQUORUM]: NewConfigNoQuorumError,
    [Err.RECONFIGINPROGRESS]: ReconfigInProgressError,
    [Err.APIERROR]: APIError,
    [Err.NONODE]: NoNodeError,
    [Err.NOAUTH]: NoAuthError,
    [Err.BADVERSION]: BadVersionError,
    [Err.NOCHILDRENFOREPHEMERALS]: NoChildrenForEphemeralsError,
    [Err.NODEEXISTS]: NodeExistsError,
    [Err.NOTEMPTY]: NotEmptyError,
    [Err.SESSIONEXPIRED]: SessionExpiredError,
    [Err.INVALIDCALLBACK]: InvalidCallbackError,
    [Err.INVALIDACL]: InvalidACLError,
    [Err.AUTHFAILED]: AuthFailedError,
    [Err.SESSIONMOVED]: SessionMovedError,
    [Err.NOTREADONLY]: NotReadOnlyError,
    [Err.EPHEMERALONLOCALSESSION]: EphemeralOnLocalSessionError,
    [Err.NOWATCHER]: NoWatcherError,
    [Err.REQUESTTIMEOUT]: RequestTimeoutError,
    [Err.RECONFIGDISABLED]: ReconfigDisabledError,
    [Err.SESSIONCLOSEDREQUIRESASLAUTH]: SessionClosedRequireSaslAuthError,
    [Err.QUOTAEXCEEDED]: QuotaExceededError,
    [Err.THROTTLEDOP]: ThrottledOpError,
};
/** The typed error for a code; unknown codes become a plain ZooKeeperError. */
export function errorFor(code, path, detail) {
    const Cls = CLASSES[code] ?? ZooKeeperError;
    return new Cls(code, path, detail);
}
/**
 * A path rejected on the client before anything is sent (Java throws IllegalArgumentException
 * here). It is a BadArgumentsError so that one `instanceof` covers both the local and the
 * server-side rejection; `reason` holds Java's text, which zk-cli prints as is.
 */
export class InvalidPathError extends BadArgumentsError {
    reason;
    name = 'InvalidPathError';
    constructor(path, reason) {
        super(Err.BADARGUMENTS, path, reason);
        this.reason = reason;
    }
}
//# sourceMappingURL=errors.js.map