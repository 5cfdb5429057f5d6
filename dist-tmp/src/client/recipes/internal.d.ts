import type { ZooKeeperClient } from '../client.js';
import { ZooKeeperError } from '../errors.js';
import { type DataInput, type WatchedEvent, type Watcher } from '../types.js';
import type { ACL } from '../acl.js';
/** ZKPaths.makePath: parent + "/" + child, without doubled or trailing slashes. */
export declare function joinPath(parent: string, child: string): string;
/** The last path component. */
export declare function nodeName(path: string): string;
export declare function parentPath(path: string): string;
/** StandardLockInternalsDriver.standardFixForSorting: the part after the last `lockName`. */
export declare function fixForSorting(name: string, lockName: string): string;
/** LockInternals.getSortedChildren: sorted by the sequence suffix, whatever the prefix. */
export declare function sortByLockName(children: string[], fix: (name: string) => string): string[];
export declare const PROTECTED_PREFIX = "_c_";
/** ProtectedUtils.isProtectedZNode: `_c_` + a UUID + `-` + the rest. */
export declare function isProtectedName(name: string): boolean;
/** ProtectedUtils.normalize: the name without its protected prefix. */
export declare function unprotectedName(name: string): string;
/** An acquire/await that did not succeed within its `timeoutMs`. */
export declare class RecipeTimeoutError extends Error {
    name: string;
    constructor(what: string, timeoutMs: number);
}
/** A handle's signal is aborted with this when the lock, lease or leadership is lost. */
export declare class LostError extends Error {
    name: string;
}
/** A recipe used after close(), or in a way its state does not allow. */
export declare class RecipeStateError extends Error {
    name: string;
}
export interface WaitOptions {
    /** Give up after this many ms (rejecting with a TimeoutError). Default: wait forever. */
    timeoutMs?: number;
    /** Give up when aborted (rejecting with the signal's reason). */
    signal?: AbortSignal;
}
/** A timeout and an AbortSignal as one thing to check and to race against. */
export declare class Deadline {
    private readonly what;
    private readonly opts;
    private readonly end;
    constructor(what: string, opts?: WaitOptions);
    get signal(): AbortSignal | undefined;
    remaining(): number;
    /** Throws if aborted or past the deadline. */
    check(): void;
    /** Resolves with `p`, or rejects on abort or timeout (leaving `p` to settle unobserved). */
    race<T>(p: Promise<T>): Promise<T>;
    sleep(ms: number): Promise<void>;
}
export declare function abortReason(signal: AbortSignal): unknown;
/** Errors after which the same operation may simply be tried again (Curator's RetryLoop). */
export declare function isRetryable(e: unknown): boolean;
/** The client can never serve another request (closed, expired without renewal, auth failed). */
export declare function isDead(zk: ZooKeeperClient): boolean;
/** Waits (bounded by `dl`) until the client is connected again. */
export declare function waitConnected(zk: ZooKeeperClient, dl: Deadline): Promise<void>;
/** Runs `op`, trying again after connection losses until it succeeds or `dl` says stop. */
export declare function retrying<T>(zk: ZooKeeperClient, dl: Deadline, op: () => Promise<T>): Promise<T>;
/**
 * Curator's guaranteed delete: tries now, and if the connection was lost, keeps trying in the
 * background on every reconnection until the node is gone or the session ends (an ephemeral
 * then goes by itself). Never throws for NoNode.
 */
export declare function deleteGuaranteed(zk: ZooKeeperClient, path: string, version?: number): Promise<void>;
export interface CreateSpec {
    data?: DataInput;
    mode: number;
    acl?: ACL[];
    ttl?: number;
    /** Create missing parents as containers (creatingParentContainersIfNeeded). Default true. */
    parents?: boolean;
}
export declare function isEphemeralMode(mode: number): boolean;
/**
 * ZKPaths.mkdirs: creates every missing ancestor up to and including `path` (containers when
 * `asContainers`), ignoring ones that appear meanwhile.
 */
export declare function mkdirs(zk: ZooKeeperClient, path: string, asContainers?: boolean): Promise<void>;
/** create(), creating missing parents (as containers) on NoNode, as Curator's builder does. */
export declare function createWithParents(zk: ZooKeeperClient, path: string, spec: CreateSpec): Promise<string>;
/**
 * Curator's withProtection(): creates `dir/_c_<uuid>-<name>` (plus the sequence suffix). If
 * the reply is lost, the next attempt first looks for a child with our uuid, so the node is
 * found rather than created twice; an ephemeral found from an older session is deleted. If
 * we give up after a create may have happened, every node with our uuid is deleted once the
 * connection is back: a lost reply never leaves an orphan behind.
 */
export declare function createProtected(zk: ZooKeeperClient, path: string, spec: CreateSpec, dl: Deadline): Promise<string>;
/** A one-shot watcher and a promise of its first event. */
export declare function nextEvent(): {
    watcher: Watcher;
    fired: Promise<WatchedEvent>;
};
/** Best-effort removal of a one-shot watcher we no longer wait for. */
export declare function forgetWatcher(zk: ZooKeeperClient, path: string, watcher: Watcher, type: 'Data' | 'Children'): void;
/**
 * The bytes Curator stores in lock and member nodes by default (CuratorFrameworkFactory's
 * local address): this host's first external IPv4 address as text.
 */
export declare function localAddressBytes(): Buffer;
export declare function toData(data: DataInput): Buffer | null;
export declare function isZkError(e: unknown): e is ZooKeeperError;
/**
 * What a started recipe keeps on its client: the client events it listens to, and its steps, run
 * one at a time in order. A step that fails while the recipe runs and the session lives is
 * reported, unless it is retryable (the recipe's reconnection handler looks again).
 */
export declare class RecipeSteps {
    private readonly zk;
    private readonly running;
    private readonly failed;
    private chain;
    private readonly listeners;
    constructor(zk: ZooKeeperClient, running: () => boolean, failed: (e: Error) => void);
    listen(name: string, fn: () => void): void;
    enqueue(step: () => Promise<void>): Promise<void>;
    /** Stops listening to the client's events (before the last steps finish). */
    unlisten(): void;
    /** Resolves once every step enqueued so far has finished. */
    settled(): Promise<void>;
}
