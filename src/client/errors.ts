/**
 * Typed errors: one class per ZooKeeper error code, so that callers can write
 * `catch (e) { if (e instanceof NoNodeError) ... }` instead of comparing numbers.
 * Messages follow the Java client (`KeeperErrorCode = NoNode for /a`) because operators
 * grep logs for exactly those strings.
 */
import { Err } from '../wire/index.js';
import type { OpResult } from './ops.js';

/** Java's KeeperException.getCodeMessage, so that messages read the same as Java's. */
const CODE_MESSAGES: Record<number, string> = {
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

export function codeMessage(code: number): string {
  return CODE_MESSAGES[code] ?? `Unknown error ${code}`;
}

/** Base class of every error the client reports for a ZooKeeper error code. */
export class ZooKeeperError extends Error {
  override name = 'ZooKeeperError';
  /** The numeric ZooKeeper error code (negative), e.g. -101 for NoNode. */
  readonly code: number;
  /** The client-side path of the operation (chroot removed), when there is one. */
  readonly path: string | undefined;
  /** For a failed multi: every op's result (the failing one and the rolled-back others). */
  declare results?: OpResult[];
  /** For a failed multi: the index of the op that failed. */
  declare failedOpIndex?: number;

  constructor(code: number, path?: string, detail?: string) {
    const base = `KeeperErrorCode = ${codeMessage(code)}`;
    const withPath = path ? `${base} for ${path}` : base;
    super(detail ? `${withPath}: ${detail}` : withPath);
    this.code = code;
    this.path = path;
  }
}

/* One subclass per code. `name` is set explicitly so that it survives minification. */
export class SystemError extends ZooKeeperError { override name = 'SystemError'; }
export class RuntimeInconsistencyError extends ZooKeeperError { override name = 'RuntimeInconsistencyError'; }
export class DataInconsistencyError extends ZooKeeperError { override name = 'DataInconsistencyError'; }
export class ConnectionLossError extends ZooKeeperError { override name = 'ConnectionLossError'; }
export class MarshallingError extends ZooKeeperError { override name = 'MarshallingError'; }
export class UnimplementedError extends ZooKeeperError { override name = 'UnimplementedError'; }
export class OperationTimeoutError extends ZooKeeperError { override name = 'OperationTimeoutError'; }
export class BadArgumentsError extends ZooKeeperError { override name = 'BadArgumentsError'; }
export class UnknownSessionError extends ZooKeeperError { override name = 'UnknownSessionError'; }
export class NewConfigNoQuorumError extends ZooKeeperError { override name = 'NewConfigNoQuorumError'; }
export class ReconfigInProgressError extends ZooKeeperError { override name = 'ReconfigInProgressError'; }
export class APIError extends ZooKeeperError { override name = 'APIError'; }
export class NoNodeError extends ZooKeeperError { override name = 'NoNodeError'; }
export class NoAuthError extends ZooKeeperError { override name = 'NoAuthError'; }
export class BadVersionError extends ZooKeeperError { override name = 'BadVersionError'; }
export class NoChildrenForEphemeralsError extends ZooKeeperError { override name = 'NoChildrenForEphemeralsError'; }
export class NodeExistsError extends ZooKeeperError { override name = 'NodeExistsError'; }
export class NotEmptyError extends ZooKeeperError { override name = 'NotEmptyError'; }
export class SessionExpiredError extends ZooKeeperError { override name = 'SessionExpiredError'; }
export class InvalidCallbackError extends ZooKeeperError { override name = 'InvalidCallbackError'; }
export class InvalidACLError extends ZooKeeperError { override name = 'InvalidACLError'; }
export class AuthFailedError extends ZooKeeperError { override name = 'AuthFailedError'; }
export class SessionMovedError extends ZooKeeperError { override name = 'SessionMovedError'; }
export class NotReadOnlyError extends ZooKeeperError { override name = 'NotReadOnlyError'; }
export class EphemeralOnLocalSessionError extends ZooKeeperError { override name = 'EphemeralOnLocalSessionError'; }
export class NoWatcherError extends ZooKeeperError { override name = 'NoWatcherError'; }
export class RequestTimeoutError extends ZooKeeperError { override name = 'RequestTimeoutError'; }
export class ReconfigDisabledError extends ZooKeeperError { override name = 'ReconfigDisabledError'; }
export class SessionClosedRequireSaslAuthError extends ZooKeeperError { override name = 'SessionClosedRequireSaslAuthError'; }
export class QuotaExceededError extends ZooKeeperError { override name = 'QuotaExceededError'; }
export class ThrottledOpError extends ZooKeeperError { override name = 'ThrottledOpError'; }

type ErrorClass = new (code: number, path?: string, detail?: string) => ZooKeeperError;

const CLASSES: Record<number, ErrorClass> = {
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
export function errorFor(code: number, path?: string, detail?: string): ZooKeeperError {
  const Cls = CLASSES[code] ?? ZooKeeperError;
  return new Cls(code, path, detail);
}

/**
 * A path rejected on the client before anything is sent (Java throws IllegalArgumentException
 * here). It is a BadArgumentsError so that one `instanceof` covers both the local and the
 * server-side rejection; `reason` holds Java's text, which zk-cli prints as is.
 */
export class InvalidPathError extends BadArgumentsError {
  override name = 'InvalidPathError';
  constructor(path: string, readonly reason: string) {
    super(Err.BADARGUMENTS, path, reason);
  }
}
