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

export type ClientSink = (effect: ConnectionEffect | { kind: 'handshake'; conn: ConnId; response: ConnectResponse }) => void;

export interface RuntimeOptions {
  tickIntervalMs: number;
  /** Keep at least this many txns in the log (they serve DIFF syncs and debugging). */
  logRetain: number;
}

export class StandaloneRuntime {
  private flushScheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private appliedSincePurge = 0;
  private sink: ClientSink = () => {};
  private storeChain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly core: StandaloneCore,
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly opts: RuntimeOptions,
  ) {}

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
      case 'store': {
        const batch = e.batch;
        this.appliedSincePurge += batch.nodes.size + batch.sessions.size;
        this.storeChain = this.storeChain.then(() =>
          this.storage.applyCommitted(batch).catch((err: Error) => this.log.error(`storing applied state failed: ${err.message}`)),
        );
        if (this.appliedSincePurge >= this.opts.logRetain) this.purge(batch.lastApplied);
        return;
      }
      case 'log':
        this.log[e.level](e.message);
        return;
      default:
        this.sink(e);
    }
  }

  /** Drops log entries that the tree on disk already holds, keeping the newest `logRetain`. */
  private purge(lastApplied: bigint): void {
    this.appliedSincePurge = 0;
    const keepFrom = lastApplied - BigInt(this.opts.logRetain);
    if (keepFrom <= 0n) return;
    this.storeChain = this.storeChain.then(async () => {
      try {
        const n = await this.storage.purgeLogBefore(keepFrom);
        if (n > 0) this.log.debug(`purged ${n} log entries below zxid 0x${keepFrom.toString(16)}`);
      } catch (err) {
        this.log.warn(`log purge failed: ${(err as Error).message}`);
      }
    });
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
    await this.storeChain;
  }
}
