/**
 * What every runtime does with its pure core: apply inputs one at a time, and carry out the
 * effects they produce at the end of the event-loop turn, so that writes arriving together
 * share one flush (group commit). Durability answers come back to the core as inputs.
 */
import type { ConnectResponse } from '../wire/records.js';
import { encodeTxn, Txn } from '../wire/txn.js';
import type { AppliedBatch, Storage } from '../storage/api.js';
import type { ConnectionEffect, ConnId } from '../pipeline/connections.js';
import type { Logger } from '../base/log.js';
import { AppliedStateWriter } from '../peer/applied-state.js';
import type { RuntimeMetrics } from './metrics.js';
import { assertNever, InvariantViolation } from '../base/invariant.js';
import { type Clock, stampNow } from '../base/clock.js';
import type { DurabilityInput, Stamped } from '../peer/inputs.js';
import { systemClock } from './clock.js';

/** The token persistFailed carries for a failed write of applied state (or a purge). */
export const APPLIED_STATE_TOKEN = -1;

/** Why a runtime stopped its process: storage failed, or a core broke an invariant (a bug). */
export type FatalCause = 'storage' | 'invariant';
/** Main exits the process with the cause's status (docs/operations.md, "Exit status"). */
export type FatalHandler = (reason: string, cause: FatalCause) => void;

export type ClientSink = (effect: ConnectionEffect | { kind: 'handshake'; conn: ConnId; response: ConnectResponse }) => void;

/** A core the runtime drives: inputs in through `step` (stamped with their time), effects out through `drain`. */
export interface DrivenCore<E, I> {
  step(input: Stamped<I>): unknown;
  drain(): E[];
}

/** Effects every core produces, carried out the same way whatever the server's mode. */
export type SharedEffect =
  | { kind: 'persist'; token: number; txns: Txn[] }
  | { kind: 'store'; batch: AppliedBatch }
  | { kind: 'log'; level: 'error' | 'warn' | 'info' | 'debug'; message: string };

export abstract class CoreRuntime<C extends DrivenCore<E, I>, E extends { kind: string }, I extends { kind: string }> {
  /** Stamps each input with its arrival time (tests may drive the runtime on another clock). */
  clock: Clock = systemClock;
  private flushScheduled = false;
  protected stopped = false;
  /** Set once a core broke an invariant: nothing more goes in or comes out of it. */
  private broken = false;
  protected sink: ClientSink = () => {};
  protected readonly applied: AppliedStateWriter;
  /** Instrumentation, when metrics are exported. */
  metrics: RuntimeMetrics | null = null;

  constructor(
    readonly core: C,
    protected readonly storage: Storage,
    protected readonly log: Logger,
    logRetain: number,
  ) {
    this.applied = new AppliedStateWriter(storage, logRetain, {
      floor: () => this.purgeFloor(),
      failed: (err) => this.submitDurability({ kind: 'persistFailed', token: APPLIED_STATE_TOKEN, reason: `storing applied state failed: ${err.message}` }),
      purged: (n, below) => {
        if (n > 0) this.log.debug(`purged ${n} log entries below 0x${below.toString(16)}`);
      },
    });
  }

  /** Log entries above this zxid must not be purged (null: none held). */
  protected purgeFloor(): bigint | null {
    return null;
  }

  setSink(sink: ClientSink): void {
    this.sink = sink;
  }

  /**
   * Hands one input to the core, stamped with the time now; its effects are carried out at the
   * end of this turn. Returns what the core's step answers at once (an operator's request).
   */
  submit(input: I): ReturnType<C['step']> | undefined {
    if (this.stopped || this.broken) return undefined;
    let answer: ReturnType<C['step']>;
    try {
      answer = this.core.step({ ...input, ...stampNow(this.clock) }) as ReturnType<C['step']>;
    } catch (e) {
      if (e instanceof InvariantViolation) return void this.invariantViolated(e);
      throw e;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return answer;
  }

  /** Every core takes storage's answers (DurabilityInput is a member of each core's inputs). */
  private submitDurability(input: DurabilityInput): void {
    this.submit(input as unknown as I);
  }

  /**
   * Carries out everything the core has to do, until it is quiet: the turn ends (the `flush`
   * input), its effects are read out and carried out, and again, since carrying out an effect
   * can feed the core again. Left for the next input, such effects waited for the next tick
   * (25 ms): every write through a follower did. The simulator (src/sim/peer-node.ts) drains
   * the same way.
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.broken) return;
    try {
      for (;;) {
        // The turn ends: the core releases what it batched, then its effects are read out.
        this.core.step({ kind: 'flush', ...stampNow(this.clock) } as unknown as Stamped<I>);
        const effects = this.core.drain();
        if (effects.length === 0) return;
        for (const e of effects) this.execute(e);
        if (this.broken) return;
      }
    } catch (e) {
      if (e instanceof InvariantViolation) return this.invariantViolated(e);
      throw e;
    }
  }

  protected abstract execute(e: E): void;

  abstract stop(): Promise<void>;

  /** Where the process is told to exit (undefined: only this runtime stops, as in tests). */
  protected abstract fatalHandler(): FatalHandler | undefined;

  /**
   * A core broke an invariant: a bug, and its state can no longer be trusted. Log the
   * invariant's name as the last word, carry out nothing more, stop, and let main exit with
   * its own status (docs/operations.md), as a storage failure does.
   */
  private invariantViolated(v: InvariantViolation): void {
    if (this.broken) return;
    this.broken = true;
    this.log.error(`FATAL: invariant ${v.invariant} violated, exiting: ${v.detail}`);
    if (v.stack) this.log.error(v.stack);
    void this.stop().finally(() => this.fatalHandler()?.(`invariant ${v.invariant} violated: ${v.detail}`, 'invariant'));
  }

  /** Carries out an effect every core shares. */
  protected executeShared(shared: SharedEffect): void {
    switch (shared.kind) {
      case 'persist': {
        const flushed = this.metrics?.logging(shared.txns.map((t) => t.zxid));
        this.durable(shared.token, this.storage.appendLog(shared.txns.map((t) => ({ zxid: t.zxid, bytes: encodeTxn(t) }))).finally(flushed));
        return;
      }
      case 'store':
        this.applied.store(shared.batch);
        this.metrics?.applied(shared.batch.lastApplied);
        return;
      case 'log':
        this.log[shared.level](shared.message);
        return;
      default:
        return assertNever(shared, 'shared effect');
    }
  }

  /** Reports a storage promise back to the core as persisted(token) or persistFailed(token). */
  protected durable(token: number, p: Promise<unknown>): void {
    p.then(
      () => this.submitDurability({ kind: 'persisted', token }),
      (err: Error) => this.submitDurability({ kind: 'persistFailed', token, reason: err.message }),
    );
  }
}
