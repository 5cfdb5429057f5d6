/**
 * Drives the standalone core: feeds it inputs, carries out its effects (storage, client
 * connections, logs) and ticks it. Effects are collected until the end of the current turn of
 * the event loop, so that writes arriving together share one flush (group commit).
 */
import type { Storage } from '../storage/api.js';
import { encodeTxn } from '../wire/txn.js';
import type { ConnectionEffect, ConnId } from '../pipeline/connections.js';
import type { ConnectResponse } from '../wire/records.js';
import type { StandaloneCore, Effect } from '../peer/standalone.js';
import type { Logger } from './logger.js';
import { AppliedStateWriter } from './applied-state.js';

export type ClientSink = (effect: ConnectionEffect | { kind: 'handshake'; conn: ConnId; response: ConnectResponse }) => void;

export interface RuntimeOptions {
  tickIntervalMs: number;
  /** Keep at least this many txns in the log (they serve DIFF syncs and debugging). */
  logRetain: number;
}

export class StandaloneRuntime {
  private flushScheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private sink: ClientSink = () => {};
  private stopped = false;
  private readonly applied: AppliedStateWriter;

  constructor(
    readonly core: StandaloneCore,
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly opts: RuntimeOptions,
  ) {
    this.applied = new AppliedStateWriter(storage, log, opts.logRetain);
  }

  setSink(sink: ClientSink): void {
    this.sink = sink;
  }

  /** Runs `f` against the core; its effects are carried out at the end of this turn. */
  submit(f: (core: StandaloneCore) => void): void {
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

  private execute(e: Effect): void {
    switch (e.kind) {
      case 'persist': {
        const entries = e.txns.map((t) => ({ zxid: t.zxid, bytes: encodeTxn(t) }));
        this.storage.appendLog(entries).then(
          () => this.submit((c) => c.persisted(e.token)),
          (err: Error) => this.submit((c) => c.persistFailed(e.token, err.message)),
        );
        return;
      }
      case 'store':
        this.applied.store(e.batch);
        return;
      case 'log':
        this.log[e.level](e.message);
        return;
      default:
        this.sink(e);
    }
  }

  start(): void {
    this.timer = setInterval(() => this.submit((c) => c.tick()), this.opts.tickIntervalMs);
  }

  /** Stops ticking and waits until every write handed to storage has settled. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.flush();
    await this.applied.settled();
  }
}
