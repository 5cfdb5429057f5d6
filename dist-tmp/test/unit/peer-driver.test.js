/**
 * The effect interpreter (src/drive/peer-driver.ts) over fake ports: a virtual timer, a disk
 * that answers when told, links and a connector that record what they are asked. These pin the
 * behaviours where the runtime's and the simulator's former copies differed
 * (docs/architecture.md, "Effect interpreters"), on the one interpreter both now run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invariant } from '../../src/base/invariant.js';
import { PeerDriver } from '../../src/drive/peer-driver.js';
import { StandaloneRuntime } from '../../src/net/standalone-runtime.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import { Pkt } from '../../src/wire/quorum.js';
class FakeTimer {
    now = 0;
    seq = 0;
    queue = [];
    nowMs() {
        return this.now;
    }
    wallMs() {
        return this.now;
    }
    push(at, fn) {
        const e = { at, seq: this.seq++, fn };
        this.queue.push(e);
        return () => (this.queue = this.queue.filter((x) => x !== e));
    }
    soon(fn) {
        this.push(this.now, fn);
    }
    after(ms, fn) {
        return this.push(this.now + ms, fn);
    }
    every(ms, fn) {
        let cancel = () => undefined;
        const run = () => {
            cancel = this.push(this.now + ms, () => {
                fn();
                run();
            });
        };
        run();
        return () => cancel();
    }
    /** Runs everything due up to `untilMs`, in time order. */
    run(untilMs = this.now) {
        for (;;) {
            this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const next = this.queue[0];
            if (!next || next.at > untilMs)
                break;
            this.queue.shift();
            this.now = next.at;
            next.fn();
        }
        this.now = Math.max(this.now, untilMs);
    }
}
class FakeLink {
    events = null;
    sent = [];
    closedWith = null;
    setEvents(e) {
        this.events = e;
    }
    send(p) {
        if (this.closedWith === null)
            this.sent.push(p);
    }
    close(reason) {
        if (this.closedWith !== null)
            return;
        this.closedWith = reason;
        this.events?.onClose(reason); // as a socket does: the close is reported to its owner too
    }
    get isClosed() {
        return this.closedWith !== null;
    }
    whenDrained(fn) {
        fn();
    }
}
/** A disk that records each call and answers only when told. */
class FakeDisk {
    calls = [];
    waiting = [];
    record(what, done) {
        this.calls.push(what);
        this.waiting.push({ what, done });
    }
    answerAll(err = null) {
        for (const w of this.waiting.splice(0))
            w.done(err);
    }
    readLog() {
        return [];
    }
    firstLogged() {
        return null;
    }
    appendLog(entries, done) {
        this.record(`appendLog ${entries.map((e) => e.zxid).join(',')}`, done);
    }
    setEpochs(_e, done) {
        this.record('setEpochs', done);
    }
    truncateLogAfter(zxid, done) {
        this.record(`truncateLogAfter ${zxid}`, done);
    }
    replaceState(_s, done) {
        this.record('replaceState', done);
    }
    applyCommitted(batch, done) {
        this.record(`applyCommitted ${batch.lastApplied}`, done);
    }
    purgeLogBefore(zxid, done) {
        this.record(`purgeLogBefore ${zxid}`, (err) => done(err, 0));
    }
}
/** Stands in for the QuorumPeer: emits what the test queues, records every input. */
class FakePeer {
    out = [];
    inputs = [];
    drain() {
        const o = this.out;
        this.out = [];
        return o;
    }
    /** The peer's one entry point: each input kind to the method that records it. */
    step(i) {
        switch (i.kind) {
            case 'persisted': return this.persisted(i.token);
            case 'persistFailed': return this.persistFailed(i.token, i.reason);
            case 'leaderLinkUp': return this.leaderLinkUp();
            case 'leaderLinkDown': return this.leaderLinkDown(i.reason ?? '');
            case 'fromLeader': return this.fromLeader(i.packet);
            case 'learnerLinkUp': return this.learnerLinkUp(i.link);
            case 'learnerLinkDown': return this.learnerLinkDown(i.link);
            case 'fromLearner': return this.fromLearner(i.link, i.packet);
            default: i.run?.(this);
        }
    }
    start() { }
    tick() { }
    persisted(t) {
        this.inputs.push(`persisted ${t}`);
    }
    persistFailed(t, reason) {
        this.inputs.push(`persistFailed ${t} ${reason}`);
    }
    leaderLinkUp() {
        this.inputs.push('leaderLinkUp');
    }
    leaderLinkDown(reason) {
        this.inputs.push(`leaderLinkDown ${reason}`);
    }
    fromLeader(p) {
        this.inputs.push(`fromLeader ${p.type}`);
    }
    learnerLinkUp(id) {
        this.inputs.push(`learnerLinkUp ${id}`);
    }
    learnerLinkDown(id) {
        this.inputs.push(`learnerLinkDown ${id}`);
    }
    fromLearner(id, p) {
        this.inputs.push(`fromLearner ${id} ${p.type}`);
    }
    purgeFloor() {
        return null;
    }
}
function setup(opts = {}) {
    const timer = new FakeTimer();
    const disk = new FakeDisk();
    const peer = new FakePeer();
    const attempts = [];
    const exits = [];
    const errors = [];
    const driver = new PeerDriver(peer, {
        timer,
        disk,
        log: { error: (m) => errors.push(m), warn() { }, info() { }, debug() { } },
        clients: () => undefined,
        exit: (reason, cause) => exits.push({ reason, cause }),
        connector: {
            connect: (sid, done) => {
                attempts.push(timer.now);
                if (opts.connect)
                    opts.connect(sid, done);
                else
                    timer.soon(() => done({ error: 'ECONNREFUSED' }));
            },
        },
        datagrams: { send: () => undefined },
    }, { tickIntervalMs: 25, initLimitMs: 1000, logRetain: 1000, snapChunkBytes: 1000, streamTurnBytes: 1000 });
    /** The peer emits `effects`; the interpreter carries them out at the end of the turn. */
    const emit = (...effects) => {
        driver.submit({ kind: 'tick', run: (p) => p.out.push(...effects) });
        timer.run();
    };
    return { timer, disk, peer, driver, attempts, exits, errors, emit };
}
describe('PeerDriver: the link to the leader', () => {
    it('retries every 200 ms until initLimit has passed, then tells the peer it cannot reach the leader', () => {
        const { timer, peer, attempts, emit } = setup();
        emit({ kind: 'connectLeader', leader: 2 });
        timer.run(5_000);
        assert.deepEqual(attempts, [0, 200, 400, 600, 800, 1000, 1200]);
        assert.deepEqual(peer.inputs, ['leaderLinkDown cannot reach leader 2: ECONNREFUSED']);
    });
    it('a link that connects after the peer gave up on it is closed, and the peer never hears of it', () => {
        let answer = null;
        const { timer, peer, emit } = setup({ connect: (_sid, done) => (answer = done) });
        emit({ kind: 'connectLeader', leader: 2 });
        emit({ kind: 'disconnectLeader' });
        const late = new FakeLink();
        answer({ link: late });
        timer.run(5_000);
        assert.equal(late.closedWith, 'connect abandoned');
        assert.deepEqual(peer.inputs, []);
    });
    it('a new connectLeader closes the link to the previous leader (the runtime used to leave it open)', () => {
        const links = [];
        const { timer, peer, emit } = setup({
            connect: (_sid, done) => {
                const l = new FakeLink();
                links.push(l);
                timer.soon(() => done({ link: l }));
            },
        });
        emit({ kind: 'connectLeader', leader: 2 });
        assert.equal(links.length, 1);
        emit({ kind: 'connectLeader', leader: 3 });
        assert.equal(links[0].closedWith, 'reconnecting');
        links[0].events?.onPacket({ type: Pkt.PING, lastCommitted: 0n, round: 1 }); // late packets of the old link are ignored
        links[1].events?.onPacket({ type: Pkt.PING, lastCommitted: 0n, round: 1 });
        timer.run();
        assert.deepEqual(peer.inputs, ['leaderLinkUp', 'leaderLinkUp', `fromLeader ${Pkt.PING}`]);
    });
});
describe('PeerDriver: learner links', () => {
    it('a learner link the peer closes is reported down once, although the socket reports its close too', () => {
        const { driver, peer, emit } = setup();
        const link = new FakeLink();
        const id = driver.acceptLearner(link);
        emit({ kind: 'closeLearner', link: id, reason: 'dropped' });
        assert.equal(link.closedWith, 'dropped');
        link.events?.onClose('connection closed');
        assert.deepEqual(peer.inputs, [`learnerLinkUp ${id}`, `learnerLinkDown ${id}`]);
    });
});
describe('PeerDriver: storage', () => {
    it('answers durable calls as persisted / persistFailed, in the order storage answers them', () => {
        const { disk, peer, emit, timer } = setup();
        emit({ kind: 'persistEpochs', token: 1, epochs: { acceptedEpoch: 1, currentEpoch: 0 } }, { kind: 'truncate', token: 2, zxid: 5n });
        assert.deepEqual(disk.calls, ['setEpochs', 'truncateLogAfter 5']);
        assert.deepEqual(peer.inputs, [], 'nothing is promised before storage answers');
        disk.answerAll();
        timer.run();
        assert.deepEqual(peer.inputs, ['persisted 1', 'persisted 2']);
        emit({ kind: 'persist', token: 3, txns: [] });
        disk.answerAll(new Error('disk full'));
        assert.deepEqual(peer.inputs.slice(2), ['persistFailed 3 disk full']);
    });
    it('applied state held behind a write in flight is issued before a truncation, so the truncation cannot be overtaken', () => {
        const { disk, emit } = setup();
        const batch = (z) => ({ lastApplied: z, nodes: new Map(), sessions: new Map() });
        emit({ kind: 'store', batch: batch(1n) }, { kind: 'store', batch: batch(2n) });
        assert.deepEqual(disk.calls, ['applyCommitted 1'], 'the second batch is held while the first is in flight');
        emit({ kind: 'truncate', token: 4, zxid: 2n });
        assert.deepEqual(disk.calls, ['applyCommitted 1', 'applyCommitted 2', 'truncateLogAfter 2']);
    });
});
describe('PeerDriver: the end of the process', () => {
    it('after a fatal effect nothing else of the turn is carried out, and the exit hook hears of storage', () => {
        const { driver, disk, exits, errors, emit } = setup();
        emit({ kind: 'fatal', reason: 'setEpochs: No space left on device' }, { kind: 'persistEpochs', token: 9, epochs: { acceptedEpoch: 2, currentEpoch: 1 } });
        assert.deepEqual(exits, [{ reason: 'setEpochs: No space left on device', cause: 'storage' }]);
        assert.match(errors[0], /^FATAL: storage failed, exiting: setEpochs: No space left on device$/);
        assert.deepEqual(disk.calls, [], 'the write after the fatal effect was not made');
        assert.ok(driver.isHalted);
    });
    it('an invariant broken by an input halts the interpreter and the exit hook hears of it', () => {
        const { driver, peer, exits, emit } = setup();
        driver.submit({ kind: 'tick', run: () => invariant(false, 'planted', 'a bug') });
        emit({ kind: 'persist', token: 1, txns: [] });
        assert.deepEqual(exits, [{ reason: 'invariant planted violated: a bug', cause: 'invariant' }]);
        assert.deepEqual(peer.inputs, []);
    });
});
describe('StandaloneRuntime: a broken invariant exits even when storage never settles', () => {
    it('hands over to main after at most the fatal stop time', async () => {
        // The stop waits for applied state; a storage that never answers must not keep a broken
        // server up (the runtime used to wait without a limit after an invariant violation).
        const storage = new MemoryStorage();
        storage.applyCommitted = () => new Promise(() => undefined);
        let out = [{ kind: 'store', batch: { lastApplied: 1n, nodes: new Map(), sessions: new Map() } }];
        const core = {
            drain: () => {
                const o = out;
                out = [];
                return o;
            },
            step(i) {
                i.run?.();
            },
        };
        const quiet = { error() { }, warn() { }, info() { }, debug() { } };
        const fatal = new Promise((resolve) => {
            const runtime = new StandaloneRuntime(core, storage, quiet, { tickIntervalMs: 1000, logRetain: 10, onFatal: (_r, cause) => resolve(cause) });
            runtime.submit({ kind: 'tick' });
            setImmediate(() => runtime.submit({ kind: 'tick', run: () => invariant(false, 'planted', 'after a write that never settles') }));
        });
        const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('main was never told')), 5_000).unref());
        assert.equal(await Promise.race([fatal, timeout]), 'invariant');
    });
});
//# sourceMappingURL=peer-driver.test.js.map