import { encodeTxn } from '../wire/txn.js';
import { assertNever, InvariantViolation } from '../base/invariant.js';
import { AppliedStateWriter } from './applied-state.js';
/** The token persistFailed carries for a failed write of applied state (or a purge). */
export const APPLIED_STATE_TOKEN = -1;
export class CoreDriver {
    core;
    ports;
    base;
    flushScheduled = false;
    /** No input goes in and no effect is carried out any more (stopped, exiting, or the process died). */
    halted = false;
    /** Set once a core broke an invariant. */
    broken = false;
    applied;
    /** Instrumentation, when metrics are exported. */
    metrics = null;
    constructor(core, ports, base) {
        this.core = core;
        this.ports = ports;
        this.base = base;
        this.applied = new AppliedStateWriter(ports.disk, base.logRetain, {
            floor: () => this.purgeFloor(),
            failed: (err) => this.submitDurability({ kind: 'persistFailed', token: APPLIED_STATE_TOKEN, reason: `storing applied state failed: ${err.message}` }),
            purged: (n, below) => {
                if (n > 0)
                    this.ports.log.debug(`purged ${n} log entries below 0x${below.toString(16)}`);
            },
        });
    }
    get isHalted() {
        return this.halted;
    }
    /** Log entries above this zxid must not be purged (null: none held). */
    purgeFloor() {
        return null;
    }
    /**
     * Applies one input to the core now, stamped with the timer's time; its effects are carried
     * out at the end of this turn. Returns what the core's step answers at once (an operator's
     * leadership request).
     */
    submit(input) {
        if (this.halted)
            return undefined;
        let answer;
        try {
            answer = this.applyInput(input);
        }
        catch (e) {
            if (e instanceof InvariantViolation)
                return void this.invariantViolated(e);
            throw e;
        }
        if (!this.flushScheduled) {
            this.flushScheduled = true;
            this.ports.timer.soon(() => this.flush());
        }
        return answer;
    }
    /** Every core takes storage's answers (DurabilityInput is a member of each core's inputs). */
    submitDurability(input) {
        this.submit(input);
    }
    /** The one place an input reaches the core. */
    applyInput(input) {
        return this.core.step({ ...input, nowMs: this.ports.timer.nowMs(), wallMs: this.ports.timer.wallMs() });
    }
    /** The one place effects leave the core: the turn ends (the `flush` input), then its effects are read out. */
    drainCore() {
        this.applyInput({ kind: 'flush' });
        return this.core.drain();
    }
    /**
     * Carries out everything the core has to do, until it is quiet. One drain is not enough: a
     * core can leave effects behind its own drain (the quorum peer handles a forwarded request
     * while it drains the leader core, and the proposal it makes lands in the leader core's next
     * drain), and carrying out an effect can feed the core again. Left for the next input, such
     * effects waited for the next tick (25 ms): every write through a follower did.
     */
    flush() {
        this.flushScheduled = false;
        if (this.halted)
            return;
        try {
            for (;;) {
                const effects = this.drainCore();
                if (effects.length === 0)
                    return;
                for (const e of effects) {
                    this.base.beforeEffect?.(e);
                    // A hook may have ended the process: the rest of the batch dies with it.
                    if (this.halted)
                        return;
                    this.execute(e);
                    if (this.halted)
                        return;
                }
            }
        }
        catch (e) {
            if (e instanceof InvariantViolation)
                return this.invariantViolated(e);
            throw e;
        }
    }
    /**
     * Stops at once: no more input, no more effects, no more timers; links closed. What storage
     * still holds settles on its own (`applied.whenSettled`). The simulator calls this when a
     * process dies.
     */
    halt() {
        this.halted = true;
    }
    /** A graceful stop: carries out what is pending, then halts. */
    stop() {
        if (this.halted)
            return;
        this.flush();
        this.halt();
    }
    /**
     * A core broke an invariant: a bug, and its state can no longer be trusted. Log the
     * invariant's name as the last word, carry out nothing more, and exit (docs/operations.md),
     * as a storage failure does.
     */
    invariantViolated(v) {
        if (this.broken)
            return;
        this.broken = true;
        this.ports.log.error(`FATAL: invariant ${v.invariant} violated, exiting: ${v.detail}`);
        if (v.stack)
            this.ports.log.error(v.stack);
        this.halt();
        this.ports.exit(`invariant ${v.invariant} violated: ${v.detail}`, 'invariant', v);
    }
    /** Storage failed: the last word, then the process ends. */
    storageFatal(reason) {
        this.ports.log.error(`FATAL: storage failed, exiting: ${reason}`);
        this.halt();
        this.ports.exit(reason, 'storage');
    }
    /** Carries out an effect every core shares. */
    executeShared(shared) {
        switch (shared.kind) {
            case 'persist': {
                const flushed = this.metrics?.logging(shared.txns.map((t) => t.zxid));
                const entries = shared.txns.map((t) => ({ zxid: t.zxid, bytes: encodeTxn(t) }));
                return this.durable(shared.token, (done) => this.ports.disk.appendLog(entries, (err) => {
                    flushed?.();
                    done(err);
                }));
            }
            case 'store':
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
    durable(token, call) {
        call((err) => {
            if (err)
                this.submitDurability({ kind: 'persistFailed', token, reason: err.message });
            else
                this.submitDurability({ kind: 'persisted', token });
        });
    }
}
//# sourceMappingURL=core-driver.js.map