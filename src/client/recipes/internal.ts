/**
 * What every recipe shares: Curator's path helpers and node naming, deadlines that combine a
 * timeout with an AbortSignal, retrying an operation across connection losses, "guaranteed"
 * deletes, containers as parents, and Curator's protected names (`_c_<uuid>-<name>`), which
 * let a create whose reply was lost find its node again, or delete it, instead of leaving an
 * orphan that would block a lock forever. The layouts are described in docs/recipes.md.
 */
import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { ZooKeeperClient } from '../client.js';
import {
  ConnectionLossError,
  NodeExistsError,
  NoNodeError,
  OperationTimeoutError,
  ZooKeeperError,
} from '../errors.js';
import { CreateMode, type DataInput, type WatchedEvent, type Watcher } from '../types.js';
import type { ACL } from '../acl.js';

// ---------------------------------------------------------------- paths (Curator's ZKPaths)

/** ZKPaths.makePath: parent + "/" + child, without doubled or trailing slashes. */
export function joinPath(parent: string, child: string): string {
  const p = parent.endsWith('/') ? parent.slice(0, -1) : parent;
  const c = child.startsWith('/') ? child.slice(1) : child;
  if (c === '') return p === '' ? '/' : p;
  return `${p}/${c}`;
}

/** The last path component. */
export function nodeName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** StandardLockInternalsDriver.standardFixForSorting: the part after the last `lockName`. */
export function fixForSorting(name: string, lockName: string): string {
  const i = name.lastIndexOf(lockName);
  return i >= 0 ? name.slice(i + lockName.length) : name;
}

/** LockInternals.getSortedChildren: sorted by the sequence suffix, whatever the prefix. */
export function sortByLockName(children: string[], fix: (name: string) => string): string[] {
  const keyed = children.map((c) => [fix(c), c] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map((k) => k[1]);
}

// ---------------------------------------------------------------- protected names

export const PROTECTED_PREFIX = '_c_';
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PROTECTED_PREFIX_LENGTH = PROTECTED_PREFIX.length + 36 + 1;

/** ProtectedUtils.isProtectedZNode: `_c_` + a UUID + `-` + the rest. */
export function isProtectedName(name: string): boolean {
  return (
    name.length > PROTECTED_PREFIX_LENGTH &&
    name.startsWith(PROTECTED_PREFIX) &&
    name[PROTECTED_PREFIX_LENGTH - 1] === '-' &&
    UUID_RE.test(name.slice(PROTECTED_PREFIX.length, PROTECTED_PREFIX_LENGTH - 1))
  );
}

/** ProtectedUtils.normalize: the name without its protected prefix. */
export function unprotectedName(name: string): string {
  return isProtectedName(name) ? name.slice(PROTECTED_PREFIX_LENGTH) : name;
}

// ---------------------------------------------------------------- errors and deadlines

/** An acquire/await that did not succeed within its `timeoutMs`. */
export class RecipeTimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(what: string, timeoutMs: number) {
    super(`${what}: not done within ${timeoutMs} ms`);
  }
}

/** A handle's signal is aborted with this when the lock, lease or leadership is lost. */
export class LostError extends Error {
  override name = 'LostError';
}

/** A recipe used after close(), or in a way its state does not allow. */
export class RecipeStateError extends Error {
  override name = 'RecipeStateError';
}

export interface WaitOptions {
  /** Give up after this many ms (rejecting with a TimeoutError). Default: wait forever. */
  timeoutMs?: number | undefined;
  /** Give up when aborted (rejecting with the signal's reason). */
  signal?: AbortSignal | undefined;
}

/** A timeout and an AbortSignal as one thing to check and to race against. */
export class Deadline {
  private readonly end: number;
  constructor(private readonly what: string, private readonly opts: WaitOptions = {}) {
    this.end = opts.timeoutMs === undefined ? Infinity : performance.now() + Math.max(0, opts.timeoutMs);
  }

  get signal(): AbortSignal | undefined {
    return this.opts.signal;
  }

  remaining(): number {
    return this.end - performance.now();
  }

  /** Throws if aborted or past the deadline. */
  check(): void {
    if (this.opts.signal?.aborted) throw abortReason(this.opts.signal);
    if (this.remaining() <= 0) throw new RecipeTimeoutError(this.what, this.opts.timeoutMs!);
  }

  /** Resolves with `p`, or rejects on abort or timeout (leaving `p` to settle unobserved). */
  race<T>(p: Promise<T>): Promise<T> {
    this.check();
    const signal = this.opts.signal;
    return new Promise<T>((resolve, reject) => {
      const rest = this.remaining();
      const timer = rest === Infinity ? null : setTimeout(() => done(() => reject(new RecipeTimeoutError(this.what, this.opts.timeoutMs!))), rest);
      const onAbort = () => done(() => reject(abortReason(signal!)));
      signal?.addEventListener('abort', onAbort, { once: true });
      let settled = false;
      const done = (f: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        f();
      };
      p.then(
        (v) => done(() => resolve(v)),
        (e) => done(() => reject(e)),
      );
    });
  }

  sleep(ms: number): Promise<void> {
    return this.race(new Promise<void>((r) => setTimeout(r, Math.max(0, Math.min(ms, this.remaining())))));
  }
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

// ---------------------------------------------------------------- connection losses

/** Errors after which the same operation may simply be tried again (Curator's RetryLoop). */
export function isRetryable(e: unknown): boolean {
  return e instanceof ConnectionLossError || e instanceof OperationTimeoutError;
}

/** The client can never serve another request (closed, expired without renewal, auth failed). */
export function isDead(zk: ZooKeeperClient): boolean {
  const s = zk.state;
  return s === 'CLOSED' || s === 'AUTH_FAILED' || (s === 'EXPIRED' && !zk.newSessionOnExpiry);
}

/** Waits (bounded by `dl`) until the client is connected again. */
export async function waitConnected(zk: ZooKeeperClient, dl: Deadline): Promise<void> {
  if (zk.state === 'CONNECTED') return;
  await dl.race(
    new Promise<void>((resolve) => {
      const on = () => {
        if (zk.state === 'CONNECTED' || isDead(zk)) {
          zk.off('state', on);
          resolve();
        }
      };
      zk.on('state', on);
      on();
    }),
  );
}

/** Runs `op`, trying again after connection losses until it succeeds or `dl` says stop. */
export async function retrying<T>(zk: ZooKeeperClient, dl: Deadline, op: () => Promise<T>): Promise<T> {
  for (;;) {
    dl.check();
    try {
      return await op();
    } catch (e) {
      if (!isRetryable(e) || isDead(zk)) throw e;
      await waitConnected(zk, dl);
      if (zk.state !== 'CONNECTED' && isDead(zk)) throw e;
    }
  }
}

/**
 * Curator's guaranteed delete: tries now, and if the connection was lost, keeps trying in the
 * background on every reconnection until the node is gone or the session ends (an ephemeral
 * then goes by itself). Never throws for NoNode.
 */
export async function deleteGuaranteed(zk: ZooKeeperClient, path: string, version = -1): Promise<void> {
  try {
    await zk.delete(path, version);
  } catch (e) {
    if (e instanceof NoNodeError) return;
    if (!isRetryable(e) || isDead(zk)) return;
    void retryDeleteInBackground(zk, path, version, zk.sessionId);
  }
}

async function retryDeleteInBackground(zk: ZooKeeperClient, path: string, version: number, session: bigint): Promise<void> {
  const dl = new Deadline(`delete ${path}`);
  for (;;) {
    await waitConnected(zk, dl).catch(() => undefined);
    // A new session means the old ephemerals are gone; persistent nodes still need deleting.
    if (isDead(zk) || (zk.sessionId !== session && zk.state === 'CONNECTED' && (await isEphemeralOf(zk, path, session)))) return;
    try {
      await zk.delete(path, version);
      return;
    } catch (e) {
      if (!isRetryable(e)) return;
    }
  }
}

async function isEphemeralOf(zk: ZooKeeperClient, path: string, session: bigint): Promise<boolean> {
  try {
    const stat = await zk.exists(path);
    return stat === null || stat.ephemeralOwner === session;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- creating

export interface CreateSpec {
  data?: DataInput;
  mode: number;
  acl?: ACL[];
  ttl?: number | undefined;
  /** Create missing parents as containers (creatingParentContainersIfNeeded). Default true. */
  parents?: boolean;
}

export function isEphemeralMode(mode: number): boolean {
  return mode === CreateMode.EPHEMERAL || mode === CreateMode.EPHEMERAL_SEQUENTIAL;
}

/**
 * ZKPaths.mkdirs: creates every missing ancestor up to and including `path` (containers when
 * `asContainers`), ignoring ones that appear meanwhile.
 */
export async function mkdirs(zk: ZooKeeperClient, path: string, asContainers = true): Promise<void> {
  if (path === '/' || path === '') return;
  const parts = path.split('/').filter(Boolean);
  let current = '';
  for (const part of parts) {
    current += `/${part}`;
    if ((await zk.exists(current)) !== null) continue;
    try {
      if (asContainers) await zk.createContainer(current);
      else await zk.create(current);
    } catch (e) {
      if (!(e instanceof NodeExistsError)) throw e;
    }
  }
}

/** create(), creating missing parents (as containers) on NoNode, as Curator's builder does. */
export async function createWithParents(zk: ZooKeeperClient, path: string, spec: CreateSpec): Promise<string> {
  const opts = { mode: spec.mode, acl: spec.acl, ttl: spec.ttl };
  try {
    return await zk.create(path, spec.data ?? null, opts);
  } catch (e) {
    if (!(e instanceof NoNodeError) || spec.parents === false) throw e;
    await mkdirs(zk, parentPath(path), true);
    return await zk.create(path, spec.data ?? null, opts);
  }
}

/**
 * Curator's withProtection(): creates `dir/_c_<uuid>-<name>` (plus the sequence suffix). If
 * the reply is lost, the next attempt first looks for a child with our uuid, so the node is
 * found rather than created twice; an ephemeral found from an older session is deleted. If
 * we give up after a create may have happened, every node with our uuid is deleted once the
 * connection is back: a lost reply never leaves an orphan behind.
 */
export async function createProtected(zk: ZooKeeperClient, path: string, spec: CreateSpec, dl: Deadline): Promise<string> {
  const id = randomUUID();
  const dir = parentPath(path);
  const target = joinPath(dir, `${PROTECTED_PREFIX}${id}-${nodeName(path)}`);
  const ephemeral = isEphemeralMode(spec.mode);
  let attempted = false;
  try {
    for (;;) {
      dl.check();
      try {
        if (attempted) {
          let found = await findProtected(zk, dir, id);
          if (found !== null && ephemeral) {
            // Curator compares session ids; the node's owner says it exactly.
            const stat = await zk.exists(found);
            if (stat === null) found = null;
            else if (stat.ephemeralOwner !== zk.sessionId) {
              // Created by a session that has ended meanwhile: not ours any more.
              void deleteGuaranteed(zk, found);
              found = null;
            }
          }
          if (found !== null) return found;
        }
        attempted = true;
        return await createWithParents(zk, target, spec);
      } catch (e) {
        if (!isRetryable(e) || isDead(zk)) throw e;
        await waitConnected(zk, dl);
      }
    }
  } catch (e) {
    if (attempted) void deleteProtectedInBackground(zk, dir, id);
    throw e;
  }
}

async function findProtected(zk: ZooKeeperClient, dir: string, id: string): Promise<string | null> {
  let children: string[];
  try {
    children = await zk.getChildren(dir);
  } catch (e) {
    if (e instanceof NoNodeError) return null;
    throw e;
  }
  const prefix = `${PROTECTED_PREFIX}${id}-`;
  const hit = children.find((c) => c.startsWith(prefix));
  return hit === undefined ? null : joinPath(dir, hit);
}

/** FindAndDeleteProtectedNodeInBackground: until it is sure no node with `id` is left. */
async function deleteProtectedInBackground(zk: ZooKeeperClient, dir: string, id: string): Promise<void> {
  const dl = new Deadline(`clean up ${dir}`);
  for (;;) {
    if (isDead(zk)) return;
    await waitConnected(zk, dl).catch(() => undefined);
    if (isDead(zk)) return;
    try {
      const found = await findProtected(zk, dir, id);
      if (found === null) return;
      await zk.delete(found).catch((e) => {
        if (!(e instanceof NoNodeError)) throw e;
      });
    } catch (e) {
      if (!isRetryable(e)) return;
    }
  }
}

// ---------------------------------------------------------------- watches and misc

/** A one-shot watcher and a promise of its first event. */
export function nextEvent(): { watcher: Watcher; fired: Promise<WatchedEvent> } {
  let watcher!: Watcher;
  const fired = new Promise<WatchedEvent>((resolve) => {
    watcher = (e) => resolve(e);
  });
  return { watcher, fired };
}

/** Best-effort removal of a one-shot watcher we no longer wait for. */
export function forgetWatcher(zk: ZooKeeperClient, path: string, watcher: Watcher, type: 'Data' | 'Children'): void {
  zk.removeWatches(path, watcher, type, true).catch(() => undefined);
}

let localAddress: Buffer | null = null;
/**
 * The bytes Curator stores in lock and member nodes by default (CuratorFrameworkFactory's
 * local address): this host's first external IPv4 address as text.
 */
export function localAddressBytes(): Buffer {
  if (localAddress === null) {
    let addr = '127.0.0.1';
    for (const list of Object.values(networkInterfaces())) {
      const hit = list?.find((i) => i.family === 'IPv4' && !i.internal);
      if (hit) {
        addr = hit.address;
        break;
      }
    }
    localAddress = Buffer.from(addr, 'utf8');
  }
  return localAddress;
}

export function toData(data: DataInput): Buffer | null {
  if (data === undefined || data === null) return null;
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
}

export function isZkError(e: unknown): e is ZooKeeperError {
  return e instanceof ZooKeeperError;
}

/**
 * What a started recipe keeps on its client: the client events it listens to, and its steps, run
 * one at a time in order. A step that fails while the recipe runs and the session lives is
 * reported, unless it is retryable (the recipe's reconnection handler looks again).
 */
export class RecipeSteps {
  private chain: Promise<void> = Promise.resolve();
  private readonly listeners: Array<[string, () => void]> = [];

  constructor(
    private readonly zk: ZooKeeperClient,
    private readonly running: () => boolean,
    private readonly failed: (e: Error) => void,
  ) {}

  listen(name: string, fn: () => void): void {
    this.zk.on(name as 'state', fn);
    this.listeners.push([name, fn]);
  }

  enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(async () => {
      if (!this.running()) return;
      try {
        await step();
      } catch (e) {
        if (!this.running() || isDead(this.zk) || isRetryable(e)) return;
        this.failed(e as Error);
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Stops listening to the client's events (before the last steps finish). */
  unlisten(): void {
    for (const [name, fn] of this.listeners) this.zk.off(name as 'state', fn);
    this.listeners.length = 0;
  }

  /** Resolves once every step enqueued so far has finished. */
  async settled(): Promise<void> {
    await this.chain;
  }
}
