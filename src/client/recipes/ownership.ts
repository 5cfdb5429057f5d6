/**
 * Telling a holder that it lost what it held. A lock node, a lease or a leadership is only as
 * good as the session that owns its ephemeral node, so the holder's AbortSignal is aborted
 * (with a LostError saying why) when:
 *  - the session expires, the client is closed, or authentication fails;
 *  - the client has been disconnected for a whole session timeout (the server has expired the
 *    session by then, though we only hear it on reconnecting: Curator's LOST);
 *  - optionally, as soon as the connection is lost (Curator's SUSPENDED as an error state);
 *  - the owned node is deleted behind our back (by an administrator, or by its TTL).
 */
import type { ZooKeeperClient } from '../client.js';
import type { WatchedEvent } from '../types.js';
import { LostError } from './internal.js';

export interface OwnershipOptions {
  /** Count a mere disconnection as a loss (Curator's SUSPENDED as an error state). Default false. */
  lostOnDisconnect?: boolean;
}

export class Ownership {
  private readonly controller = new AbortController();
  private stopped = false;
  private lossTimer: NodeJS.Timeout | null = null;
  private readonly listeners: Array<[string, (...a: never[]) => void]> = [];
  private readonly nodeWatcher = (e: WatchedEvent) => this.onNodeEvent(e);

  constructor(
    private readonly zk: ZooKeeperClient,
    private readonly what: string,
    private readonly nodePath: string | null,
    private readonly options: OwnershipOptions = {},
  ) {
    this.listen('expired', () => this.lose('the session expired'));
    this.listen('closed', () => this.lose('the client was closed'));
    this.listen('authFailed', () => this.lose('authentication failed'));
    this.listen('disconnected', () => this.onDisconnected());
    this.listen('reconnected', () => this.onReconnected());
    if (zk.state !== 'CONNECTED') this.onDisconnected();
    this.watchNode();
  }

  /** Aborted (reason: a LostError) once ownership is lost. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get lost(): boolean {
    return this.controller.signal.aborted;
  }

  /** No longer held (released): stop watching, never abort. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer();
    for (const [name, fn] of this.listeners) this.zk.off(name as 'state', fn as () => void);
    this.listeners.length = 0;
    if (this.nodePath) this.zk.removeWatches(this.nodePath, this.nodeWatcher, 'Data', true).catch(() => undefined);
  }

  lose(reason: string): void {
    if (this.stopped || this.lost) return;
    this.controller.abort(new LostError(`${this.what} lost: ${reason}`));
    this.stop();
  }

  private listen(name: string, fn: (...a: never[]) => void): void {
    this.zk.on(name as 'state', fn as () => void);
    this.listeners.push([name, fn]);
  }

  private onDisconnected(): void {
    if (this.options.lostOnDisconnect) {
      this.lose('the connection was lost');
      return;
    }
    if (this.lossTimer) return;
    const timeout = this.zk.sessionTimeout || 30_000;
    this.lossTimer = setTimeout(() => {
      this.lossTimer = null;
      this.lose(`disconnected for a whole session timeout (${timeout} ms): the session is presumed expired`);
    }, timeout);
    this.lossTimer.unref?.();
  }

  private onReconnected(): void {
    this.clearTimer();
    // The node may have gone while we could not hear about it.
    if (this.nodePath) this.checkNode();
  }

  private clearTimer(): void {
    if (this.lossTimer) clearTimeout(this.lossTimer);
    this.lossTimer = null;
  }

  private watchNode(): void {
    if (!this.nodePath || this.stopped) return;
    this.zk.exists(this.nodePath, this.nodeWatcher).then(
      (stat) => {
        if (stat === null) this.lose(`its node ${this.nodePath} is gone`);
      },
      () => undefined, // connection problems are the session listeners' business
    );
  }

  private checkNode(): void {
    if (!this.nodePath || this.stopped) return;
    this.zk.exists(this.nodePath).then(
      (stat) => {
        if (stat === null) this.lose(`its node ${this.nodePath} is gone`);
      },
      () => undefined,
    );
  }

  private onNodeEvent(e: WatchedEvent): void {
    if (this.stopped) return;
    if (e.type === 'NodeDeleted') this.lose(`its node ${this.nodePath} was deleted`);
    else if (e.type !== 'None') this.watchNode();
  }
}
