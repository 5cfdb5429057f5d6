/**
 * What every interpreter does with its pure core (docs/architecture.md, "Effect interpreters"):
 * apply inputs one at a time, and carry out the effects they produce at the end of the turn, so
 * that writes arriving together share one flush (group commit). Durability answers come back to
 * the core as inputs; a broken invariant stops the process.
 *
 * The core is reached through two places only: `applyInput` (every input) and `drainCore`
 * (every effect).
 */
import type { ConnectResponse } from '../wire/records.js';
import { encodeTxn, type Txn } from '../wire/txn.js';
import type { AppliedBatch } from '../storage/api.js';
import type { ConnectionEffect, ConnId } from '../pipeline/connections.js';
import type { Zxid } from '../base/zxid.js';
import type { Logger } from '../base/log.js';
import { assertNever, InvariantViolation } from '../base/invariant.js';
import { AppliedStateWriter } from './applied-state.js';
import { hop } from '../base/hop-trace.js';
import type { Disk, ExitHook, RuntimeMetrics, Timer } from './ports.js';
import type { DurabilityInput, Stamped } from '../peer/inputs.js';

/** The token persistFailed carries for a failed write of applied state (or a purge). */
export const APPLIED_STATE_TOKEN = -1;

export type ClientEffect = ConnectionEffect | { kind: 'handshake'; conn: ConnId; response: ConnectResponse };
export type ClientSink = (effect: ClientEffect) => void;

/** A core the interpreter drives: inputs in through `step` (stamped with their time), effects out through `drain`. */
export interface DrivenCore<E, I> {
  step(input: Stamped<I>): unknown;
  drain(): E[];
}

/** Effects every core produces, carried out the same way whatever the server's mode. */
export type SharedEffect =
  | { kind: 'persist'; token: number; txns: Txn[] }
  | { kind: 'store'; batch: AppliedBatch }
  | { kind: 'log'; level: 'error' | 'warn' | 'info' | 'debug'; message: string };

/** The ports every interpreter needs. */
export interface CorePorts {
  timer: Timer;
  disk: Disk;
  log: Logger;
  /** Client connections (replies, watch events, closes, handshakes). */
  clients: ClientSink;
  /** The process must end (after the fatal line, the interpreter halted). */
  exit: ExitHook;
}

export interface CoreDriverOptions<E> {
  /** Applied changes kept in the log before it is purged behind them. */
  logRetain: number;
  /** Sees each effect before it is carried out (the simulator's fault hooks). */
  beforeEffect?: ((e: E) => void) | undefined;
}

export abstract class CoreDriver<C extends DrivenCore<E, I>, E extends { kind: string }, I extends { kind: string }> {
  private flushScheduled = false;
  /** No input goes in and no effect is carried out any more (stopped, exiting, or the process died). */
  protected halted = false;
  /** Set once a core broke an invariant. */
  private broken = false;
  readonly applied: AppliedStateWriter;
  /** Instrumentation, when metrics are exported. */
  metrics: RuntimeMetrics | null = null;
  /**
   * Txns already encoded this turn (inside a PROPOSAL's frame, see `txnEncoded`): the log
   * append stores those bytes rather than encoding the txn again. Emptied when the turn's
   * effects are done.
   */
  private readonly encodedTxns = new Map<Txn, Uint8Array>();

  constructor(
    readonly core: C,
    protected readonly ports: CorePorts,
    private readonly base: CoreDriverOptions<E>,
  ) {
    this.applied = new AppliedStateWriter(ports.disk, base.logRetain, {
      floor: () => this.purgeFloor(),
      failed: (err) => this.submitDurability({ kind: 'persistFailed', token: APPLIED_STATE_TOKEN, reason: `storing applied state failed: ${err.message}` }),
      purged: (n, below) => {
        if (n > 0) this.ports.log.debug(`purged ${n} log entries below 0x${below.toString(16)}`);
      },
    });
  }

  get isHalted(): boolean {
    return this.halted;
  }

  /** Log entries above this zxid must not be purged (null: none held). */
  protected purgeFloor(): Zxid | null {
    return null;
  }

  /**
   * Applies one input to the core now, stamped with the timer's time; its effects are carried
   * out at the end of this turn. Returns what the core's step answers at once (an operator's
   * leadership request).
   */
  submit(input: I): ReturnType<C['step']> | undefined {
    if (this.halted) return undefined;
    let answer: ReturnType<C['step']>;
    try {
      answer = this.applyInput(input);
      if (input.kind === 'request') hop('core-stepped');
    } catch (e) {
      if (e instanceof InvariantViolation) return void this.invariantViolated(e);
      throw e;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.ports.timer.soon(() => this.flush());
    }
    return answer;
  }

  /** Every core takes storage's answers (DurabilityInput is a member of each core's inputs). */
  private submitDurability(input: DurabilityInput): void {
    this.submit(input as unknown as I);
  }

  /**
   * The one place an input reaches the core. Stamped in place rather than copied (a copy per
   * input, ACKs included, was 2-3 % of a loaded leader's CPU: docs/performance.md, section 11):
   * every input is a fresh object its submitter lets go of, and the core keeps none of them
   * (a recording encodes each as it is stepped).
   */
  private applyInput(input: I): ReturnType<C['step']> {
    const stamped = input as I & { nowMs: number; wallMs: number };
    stamped.nowMs = this.ports.timer.nowMs();
    stamped.wallMs = this.ports.timer.wallMs();
    return this.core.step(stamped) as ReturnType<C['step']>;
  }

  /** The one place effects leave the core: the turn ends (the `flush` input), then its effects are read out. */
  private drainCore(): E[] {
    this.applyInput({ kind: 'flush' } as unknown as I);
    return this.core.drain();
  }

  /**
   * Carries out everything the core has to do, until it is quiet. One drain is not enough: a
   * core can leave effects behind its own drain (the quorum peer handles a forwarded request
   * while it drains the leader core, and the proposal it makes lands in the leader core's next
   * drain), and carrying out an effect can feed the core again. Left for the next input, such
   * effects waited for the next tick (25 ms): every write through a follower did.
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.halted) return;
    hop('flush');
    try {
      for (;;) {
        const effects = this.drainCore();
        if (effects.length === 0) return;
        for (const e of effects) {
          this.base.beforeEffect?.(e);
          // A hook may have ended the process: the rest of the batch dies with it.
          if (this.halted) return;
          this.execute(e);
          if (this.halted) return;
        }
      }
    } catch (e) {
      if (e instanceof InvariantViolation) return this.invariantViolated(e);
      throw e;
    } finally {
      this.encodedTxns.clear();
    }
  }

  /**
   * `bytes` are `txn` encoded (encodeTxn's bytes, e.g. a view of the PROPOSAL frame that carried
   * it): a persist of `txn` later in this turn stores them. The leader's proposals are persisted
   * in the same turn as they are sent, so each txn is encoded once.
   */
  protected txnEncoded(txn: Txn, bytes: Uint8Array): void {
    this.encodedTxns.set(txn, bytes);
  }

  protected abstract execute(e: E): void;

  /**
   * Stops at once: no more input, no more effects, no more timers; links closed. What storage
   * still holds settles on its own (`applied.whenSettled`). The simulator calls this when a
   * process dies.
   */
  halt(): void {
    this.halted = true;
  }

  /** A graceful stop: carries out what is pending, then halts. */
  stop(): void {
    if (this.halted) return;
    this.flush();
    this.halt();
  }

  /**
   * A core broke an invariant: a bug, and its state can no longer be trusted. Log the
   * invariant's name as the last word, carry out nothing more, and exit (docs/operations.md),
   * as a storage failure does.
   */
  private invariantViolated(v: InvariantViolation): void {
    if (this.broken) return;
    this.broken = true;
    this.ports.log.error(`FATAL: invariant ${v.invariant} violated, exiting: ${v.detail}`);
    if (v.stack) this.ports.log.error(v.stack);
    this.halt();
    this.ports.exit(`invariant ${v.invariant} violated: ${v.detail}`, 'invariant', v);
  }

  /** Storage failed: the last word, then the process ends. */
  protected storageFatal(reason: string): void {
    this.ports.log.error(`FATAL: storage failed, exiting: ${reason}`);
    this.halt();
    this.ports.exit(reason, 'storage');
  }

  /** Carries out an effect every core shares. */
  protected executeShared(shared: SharedEffect): void {
    switch (shared.kind) {
      case 'persist': {
        const flushed = this.metrics?.logging(shared.txns.map((t) => t.zxid));
        const entries = shared.txns.map((t) => ({ zxid: t.zxid, bytes: this.encodedTxns.get(t) ?? encodeTxn(t) }));
        const last = entries.length > 0 ? entries[entries.length - 1]!.zxid : 0n;
        hop('append-issued', last);
        return this.durable(shared.token, (done) =>
          this.ports.disk.appendLog(entries, (err) => {
            hop('append-durable', last);
            flushed?.();
            done(err);
          }),
        );
      }
      case 'store':
        hop('applied', shared.batch.lastApplied);
        this.applied.store(shared.batch);
        this.metrics?.applied(shared.batch.lastApplied);
        return;
      case 'log':
        this.ports.log[shared.level](shared.message);
        return;
      default:
        return assertNever(shared, 'shared effect');
    }
  }

  /** Makes a durable storage call and reports its answer to the core as persisted or persistFailed. */
  protected durable(token: number, call: (done: (err: Error | null) => void) => void): void {
    call((err) => {
      if (err) this.submitDurability({ kind: 'persistFailed', token, reason: err.message });
      else this.submitDurability({ kind: 'persisted', token });
    });
  }
}
