/**
 * Invariants asserted in production (docs/architecture.md, "Invariants"): each assertion fires
 * on a broken input, the Zab cores let it through instead of swallowing it (while a peer's
 * malformed or out-of-order packet still costs only its link), and a runtime treats it as
 * fatal: a FATAL line naming the invariant, then main's exit with the invariant status.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertNever, invariant, InvariantViolation } from '../../src/base/invariant.js';
import { SeededRng } from '../../src/base/clock.js';
import { makeZxid } from '../../src/base/zxid.js';
import { LearnerCore } from '../../src/zab/learner.js';
import { LeaderCore } from '../../src/zab/leader.js';
import { Pkt } from '../../src/wire/quorum.js';
import { TxnType } from '../../src/wire/txn.js';
import { StandaloneCore } from '../../src/peer/standalone.js';
import { QuorumPeer } from '../../src/peer/quorum-peer.js';
import { StandaloneRuntime } from '../../src/net/standalone-runtime.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
/** The time of the input being handled. */
const clock = { nowMs: 0, wallMs: 1_700_000_000_000 };
const emptyLog = { readLog: () => [], firstLogged: () => null };
const timing = { tickTime: 100, initLimit: 10, syncLimit: 5 };
function txn(zxid) {
    return { sessionId: 0n, cxid: -1, zxid, time: 0, body: { type: TxnType.create, path: `/n${zxid}`, data: null, acl: [], ephemeralOwner: 0n, parentCversion: 1 } };
}
/** Runs `f` and returns the InvariantViolation it throws (failing if it throws nothing or something else). */
function violation(f) {
    try {
        f();
    }
    catch (e) {
        assert.ok(e instanceof InvariantViolation, `expected an InvariantViolation, got ${String(e)}`);
        return e;
    }
    assert.fail('no invariant fired');
}
function standalone() {
    return new StandaloneCore({ serverId: 1, tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 2000, extendedTypesEnabled: false, containerCheckIntervalMs: 1000 }, new SeededRng(1), clock, { nodes: [], sessions: [], lastApplied: 0n, lastLogged: 0n, epochs: { acceptedEpoch: 0, currentEpoch: 0 } });
}
/** A learner of epoch 2 that registered and promised the epoch: syncing, its log ending at (1,3). */
function syncingLearner() {
    const l = new LearnerCore({ myid: 2, leader: 1, observer: false, epochs: { acceptedEpoch: 1, currentEpoch: 1 }, lastLogged: makeZxid(1, 3), lastApplied: makeZxid(1, 3), timing }, clock, emptyLog);
    l.linkUp();
    l.receive({ type: Pkt.LEADERINFO, epoch: 2, protocolVersion: 0x10000 });
    const promise = l.drain().find((e) => e.kind === 'persistEpochs');
    l.persisted(promise.token);
    l.drain();
    l.receive({ type: Pkt.DIFF, zxid: makeZxid(1, 3) });
    return l;
}
describe('invariant() and assertNever()', () => {
    it('invariant throws a named InvariantViolation only when the condition fails, building the detail lazily', () => {
        let built = 0;
        invariant(true, 'never-fires', () => `${++built}`);
        assert.equal(built, 0, 'the detail of a holding invariant is never built');
        const v = violation(() => invariant(1 > 2, 'one-above-two', () => 'arithmetic broke'));
        assert.equal(v.invariant, 'one-above-two');
        assert.equal(v.detail, 'arithmetic broke');
        assert.equal(v.name, 'InvariantViolation');
        assert.match(v.message, /^invariant one-above-two violated: arithmetic broke$/);
    });
    it('assertNever reports the kind of a value outside the union', () => {
        const v = violation(() => assertNever({ kind: 'bogus' }, 'effect'));
        assert.equal(v.invariant, 'exhaustive-switch');
        assert.match(v.detail, /unhandled effect: bogus/);
    });
});
describe('invariants of the cores', () => {
    it('applied zxids strictly increase: applying a txn again, or an older one, fires', () => {
        const core = standalone();
        core.replica.apply(txn(5n));
        core.replica.apply(txn(6n));
        assert.equal(violation(() => core.replica.apply(txn(6n))).invariant, 'applied-zxids-increase');
        assert.equal(violation(() => core.replica.apply(txn(2n))).invariant, 'applied-zxids-increase');
        assert.equal(core.replica.lastApplied, 6n, 'the refused txn left the state untouched');
    });
    it('a learner logs contiguous proposals: a gap reaching its log fires (and is not swallowed as a bad packet)', () => {
        const l = syncingLearner();
        // A bug that advanced lastLogged without logging (1,4)..(1,7): the next proposal passes the
        // stream check, but would leave a hole in the log.
        l.lastLogged = makeZxid(1, 7);
        l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 8)) });
        const v = violation(() => l.receive({ type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 8) }));
        assert.equal(v.invariant, 'learner-log-contiguous');
        assert.match(v.detail, /0x100000008 after 0x100000003/);
    });
    it('a contiguous sync logs without complaint', () => {
        const l = syncingLearner();
        l.receive({ type: Pkt.PROPOSAL, txn: txn(makeZxid(1, 4)) });
        l.receive({ type: Pkt.NEWLEADER, epoch: 2, committedThrough: makeZxid(1, 4) });
        assert.deepEqual(l.drain().map((e) => e.kind), ['persist']);
    });
    it('a durability token storage never issued fires in the standalone core, and a token confirmed twice too', () => {
        const core = standalone();
        assert.equal(violation(() => core.step({ kind: 'persisted', token: 42, ...clock })).invariant, 'durability-token-issued');
        // A real token, confirmed twice.
        core.unsent.push(txn(1n));
        core.step({ kind: 'flush', ...clock });
        const persist = core.drain().find((e) => e.kind === 'persist');
        core.step({ kind: 'persisted', token: persist.token, ...clock });
        assert.equal(core.replica.lastApplied, 1n);
        assert.equal(violation(() => core.step({ kind: 'persisted', token: persist.token, ...clock })).invariant, 'durability-token-issued');
    });
    it('a durability token storage never issued fires in the quorum peer', async () => {
        const storage = new MemoryStorage();
        const servers = [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', quorumPort: 1, electionPort: 1, role: 'participant' }));
        const peer = new QuorumPeer({ serverId: 1, tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 2000, extendedTypesEnabled: false, servers, election: 'fast', initLimit: 10, syncLimit: 5, containerCheckIntervalMs: 60_000, incarnation: 7 }, new SeededRng(1), storage, await storage.load(), clock);
        assert.equal(violation(() => peer.step({ kind: 'persisted', token: 99, ...clock })).invariant, 'durability-token-issued');
    });
});
describe('the Zab cores swallow no bug', () => {
    it('a learner: a protocol violation costs the link, a broken invariant escapes receive', () => {
        const l = syncingLearner();
        l.receive({ type: Pkt.UPTODATE, zxid: 0n });
        const lost = l.drain().find((e) => e.kind === 'lost');
        assert.match(lost?.reason ?? '', /bad UPTODATE from the leader: UPTODATE before our NEWLEADER ACK/);
        const l2 = syncingLearner();
        l2.handle = () => invariant(false, 'planted', 'a bug in a handler');
        assert.equal(violation(() => l2.receive({ type: Pkt.PING, lastCommitted: 0n, round: 0 })).invariant, 'planted');
        const l3 = syncingLearner();
        l3.handle = () => {
            throw new TypeError('undefined is not a function');
        };
        assert.throws(() => l3.receive({ type: Pkt.PING, lastCommitted: 0n, round: 0 }), TypeError, 'an unexpected error is not taken for a bad packet');
    });
    it('a leader: a message out of order drops that learner, a broken invariant escapes receive', () => {
        const leader = () => {
            const c = new LeaderCore({ myid: 1, voters: [1, 2, 3], observers: [], epochs: { acceptedEpoch: 0, currentEpoch: 0 }, lastLogged: 0n, lastApplied: 0n, timing }, clock, emptyLog);
            c.linkUp(7);
            c.drain();
            return c;
        };
        const a = leader();
        a.receive(7, { type: Pkt.ACKEPOCH, lastLogged: 0n, currentEpoch: 0 });
        assert.ok(a.drain().some((e) => e.kind === 'close' && e.link === 7 && /unexpected ACKEPOCH/.test(e.reason)));
        const b = leader();
        b.handle = () => invariant(false, 'planted', 'a bug in a handler');
        assert.equal(violation(() => b.receive(7, { type: Pkt.PING, lastApplied: 0n, round: 0, touches: [] })).invariant, 'planted');
    });
});
describe('a runtime: an InvariantViolation is fatal', () => {
    async function runtimeWith(drain, step = () => undefined) {
        const errors = [];
        const log = { error: (m) => errors.push(m), warn() { }, info() { }, debug() { } };
        let fatal;
        const reported = new Promise((resolve) => (fatal = resolve));
        const core = { drain, step };
        const runtime = new StandaloneRuntime(core, new MemoryStorage(), log, { tickIntervalMs: 1000, logRetain: 10, onFatal: (reason, cause) => fatal({ reason, cause }) });
        const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the runtime never reported a fatal invariant violation')), 5_000).unref());
        return { runtime, errors, reported: Promise.race([reported, timeout]) };
    }
    it('thrown by an input: a FATAL line names the invariant, the runtime stops, main is told the cause', async () => {
        let ran = 0;
        const { runtime, errors, reported } = await runtimeWith(() => [], () => {
            ran++;
            invariant(false, 'planted-input', 'the core broke');
        });
        runtime.submit({ kind: 'tick' });
        const { reason, cause } = await reported;
        assert.equal(cause, 'invariant');
        assert.match(reason, /invariant planted-input violated: the core broke/);
        assert.match(errors[0] ?? '', /^FATAL: invariant planted-input violated, exiting: the core broke$/);
        runtime.submit({ kind: 'tick' });
        assert.equal(ran, 1, 'a broken core takes no further input');
    });
    it('an effect no switch handles: fatal as exhaustive-switch when the runtime carries it out', async () => {
        const { runtime, errors, reported } = await runtimeWith(() => [{ kind: 'bogus' }]);
        runtime.submit({ kind: 'tick' });
        const { cause } = await reported;
        assert.equal(cause, 'invariant');
        assert.match(errors[0] ?? '', /^FATAL: invariant exhaustive-switch violated, exiting: unhandled standalone effect: bogus$/);
    });
    it('any other error thrown by an input is not taken for an invariant', async () => {
        const { runtime } = await runtimeWith(() => [], (input) => {
            if (input.kind === 'tick')
                throw new RangeError('plain bug');
        });
        assert.throws(() => runtime.submit({ kind: 'tick' }), RangeError);
        await runtime.stop();
    });
});
//# sourceMappingURL=invariants.test.js.map