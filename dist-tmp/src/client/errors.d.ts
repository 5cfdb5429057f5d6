import type { OpResult } from './ops.js';
export declare function codeMessage(code: number): string;
/** Base class of every error the client reports for a ZooKeeper error code. */
export declare class ZooKeeperError extends Error {
    name: string;
    /** The numeric ZooKeeper error code (negative), e.g. -101 for NoNode. */
    readonly code: number;
    /** The client-side path of the operation (chroot removed), when there is one. */
    readonly path: string | undefined;
    /** For a failed multi: every op's result (the failing one and the rolled-back others). */
    results?: OpResult[];
    /** For a failed multi: the index of the op that failed. */
    failedOpIndex?: number;
    constructor(code: number, path?: string, detail?: string);
}
export declare class SystemError extends ZooKeeperError {
    name: string;
}
export declare class RuntimeInconsistencyError extends ZooKeeperError {
    name: string;
}
export declare class DataInconsistencyError extends ZooKeeperError {
    name: string;
}
export declare class ConnectionLossError extends ZooKeeperError {
    name: string;
}
export declare class MarshallingError extends ZooKeeperError {
    name: string;
}
export declare class UnimplementedError extends ZooKeeperError {
    name: string;
}
export declare class OperationTimeoutError extends ZooKeeperError {
    name: string;
}
export declare class BadArgumentsError extends ZooKeeperError {
    name: string;
}
export declare class UnknownSessionError extends ZooKeeperError {
    name: string;
}
export declare class NewConfigNoQuorumError extends ZooKeeperError {
    name: string;
}
export declare class ReconfigInProgressError extends ZooKeeperError {
    name: string;
}
export declare class APIError extends ZooKeeperError {
    name: string;
}
export declare class NoNodeError extends ZooKeeperError {
    name: string;
}
export declare class NoAuthError extends ZooKeeperError {
    name: string;
}
export declare class BadVersionError extends ZooKeeperError {
    name: string;
}
export declare class NoChildrenForEphemeralsError extends ZooKeeperError {
    name: string;
}
export declare class NodeExistsError extends ZooKeeperError {
    name: string;
}
export declare class NotEmptyError extends ZooKeeperError {
    name: string;
}
export declare class SessionExpiredError extends ZooKeeperError {
    name: string;
}
export declare class InvalidCallbackError extends ZooKeeperError {
    name: string;
}
export declare class InvalidACLError extends ZooKeeperError {
    name: string;
}
export declare class AuthFailedError extends ZooKeeperError {
    name: string;
}
export declare class SessionMovedError extends ZooKeeperError {
    name: string;
}
export declare class NotReadOnlyError extends ZooKeeperError {
    name: string;
}
export declare class EphemeralOnLocalSessionError extends ZooKeeperError {
    name: string;
}
export declare class NoWatcherError extends ZooKeeperError {
    name: string;
}
export declare class RequestTimeoutError extends ZooKeeperError {
    name: string;
}
export declare class ReconfigDisabledError extends ZooKeeperError {
    name: string;
}
export declare class SessionClosedRequireSaslAuthError extends ZooKeeperError {
    name: string;
}
export declare class QuotaExceededError extends ZooKeeperError {
    name: string;
}
export declare class ThrottledOpError extends ZooKeeperError {
    name: string;
}
/** The typed error for a code; unknown codes become a plain ZooKeeperError. */
export declare function errorFor(code: number, path?: string, detail?: string): ZooKeeperError;
/**
 * A path rejected on the client before anything is sent (Java throws IllegalArgumentException
 * here). It is a BadArgumentsError so that one `instanceof` covers both the local and the
 * server-side rejection; `reason` holds Java's text, which zk-cli prints as is.
 */
export declare class InvalidPathError extends BadArgumentsError {
    readonly reason: string;
    name: string;
    constructor(path: string, reason: string);
}
