/**
 * What every runtime does with its pure core: apply inputs one at a time, and carry out the
 * effects they produce at the end of the event-loop turn, so that writes arriving together
 * share one flush (group commit). Durability answers come back to the core as inputs.
 */
import type { ConnectResponse } from '../wire/records.js';
import type { ConnectionEffect, ConnId } from '../pipeline/connections.js';

export type ClientSink = (effect: ConnectionEffect | { kind: 'handshake'; conn: ConnId; response: ConnectResponse }) => void;

export interface DrivenCore<E> {
  drain(): E[];
  persisted(token: number): void;
  persistFailed(token: number, reason: string): void;
}

export abstract class CoreRuntime<C extends DrivenCore<E>, E> {
  private flushScheduled = false;
  protected stopped = false;
  protected sink: ClientSink = () => {};

  constructor(readonly core: C) {}

  setSink(sink: ClientSink): void {
    this.sink = sink;
  }

  /** Runs `f` against the core; its effects are carried out at the end of this turn. */
  submit(f: (core: C) => void): void {
    if (this.stopped) return;
    f(this.core);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.flushScheduled = false;
    for (const e of this.core.drain()) this.execute(e);
  }

  protected abstract execute(e: E): void;

  /** Reports a storage promise back to the core as persisted(token) or persistFailed(token). */
  protected durable(token: number, p: Promise<unknown>): void {
    p.then(
      () => this.submit((c) => c.persisted(token)),
      (err: Error) => this.submit((c) => c.persistFailed(token, err.message)),
    );
  }
}
