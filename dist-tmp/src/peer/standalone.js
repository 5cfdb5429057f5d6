import { Fifo } from '../base/queue.js';
import { hex } from '../base/zxid.js';
import { assertNever, invariant } from '../base/invariant.js';
import { Err, Op } from '../wire/constants.js';
import { TxnType } from '../wire/txn.js';
import { prepareWrite } from '../pipeline/prep.js';
import { Replica } from './replica.js';
import { reapRequests } from './housekeeping.js';
import { StepTime } from './inputs.js';
export class StandaloneCore {
    opts;
    replica;
    out = [];
    nextZxid;
    unsent = [];
    batches = new Fifo();
    nextToken = 1;
    lastReapMs;
    /** Set when storage failed: writes are refused from then on, reads go on. */
    writeFailure = null;
    /** The time of the input being handled: only `step` moves it. */
    time;
    /** Set while the run is recorded (`--record`): told of every input and drain. */
    recorder = null;
    /** `start`: when the core was built (the session table's id seed, the first reap). */
    constructor(opts, rng, start, loaded) {
        this.opts = opts;
        this.time = new StepTime(start);
        this.replica = new Replica(opts, this.time, rng, { push: (e) => this.out.push(e) });
        this.replica.writePath = this;
        this.lastReapMs = start.nowMs;
        if (loaded)
            this.replica.restore(loaded.nodes, loaded.sessions, loaded.lastApplied);
        this.nextZxid = (loaded?.lastLogged ?? 0n) + 1n;
    }
    get tree() {
        return this.replica.tree;
    }
    get sessions() {
        return this.replica.sessions;
    }
    get lastZxid() {
        return this.replica.lastApplied;
    }
    get outstandingWrites() {
        let n = this.unsent.length;
        for (const b of this.batches)
            n += b.txns.length;
        return n;
    }
    /** Handles one input, at the time it carries. Its effects are collected by `drain`. */
    step(input) {
        this.recorder?.input(input);
        this.time.set(input);
        switch (input.kind) {
            case 'connect':
                return this.replica.connect(input.conn, input.remoteAddress, input.req);
            case 'request':
                return this.replica.request(input.conn, input.xid, input.req);
            case 'disconnect':
                return this.replica.disconnect(input.conn);
            case 'addAuth':
                return this.replica.addAuth(input.conn, input.id);
            case 'persisted':
                return this.persisted(input.token);
            case 'persistFailed':
                return this.persistFailed(input.token, input.reason);
            case 'tick':
                return this.tick();
            case 'flush':
                return this.endTurn();
            case 'replayLog':
                return this.replay(input.txns);
            default:
                return assertNever(input, 'standalone input');
        }
    }
    /** Re-applies logged txns after lastApplied (start-up): in standalone, everything logged is committed. */
    replay(txns) {
        for (const txn of txns) {
            if (txn.zxid <= this.replica.lastApplied)
                continue;
            this.replica.apply(txn);
            if (txn.zxid >= this.nextZxid)
                this.nextZxid = txn.zxid + 1n;
        }
        this.replica.emitStore();
    }
    /** The end of the turn: the writes accumulated during it go out as one batch (group commit). */
    endTurn() {
        if (this.unsent.length > 0) {
            const batch = { token: this.nextToken++, txns: this.unsent, durable: false };
            this.unsent = [];
            this.batches.push(batch);
            this.out.push({ kind: 'persist', token: batch.token, txns: batch.txns });
        }
    }
    /** The effects produced since the last call; reading them out changes nothing. */
    drain() {
        const out = this.out;
        this.out = [];
        this.recorder?.drained(out);
        return out;
    }
    // ---------------------------------------------------------------- the write path
    submitWrite(c, xid, req) {
        const body = prepareWrite(req, this.replica.pending, {
            sessionId: c.sessionId,
            authIds: c.authIds,
            sessionValid: this.replica.sessions.isActive(c.sessionId),
            extendedTypesEnabled: this.opts.extendedTypesEnabled,
            aclSchemes: this.opts.aclSchemes,
            zxid: this.nextZxid,
            quotaExceeded: this.replica.quotaExceeded,
        });
        if (body.type === TxnType.closeSession)
            this.replica.sessions.markClosing(c.sessionId);
        this.submit(c.sessionId, xid, body);
    }
    createSession(_conn, sessionId, passwd, timeout) {
        this.submit(sessionId, 0, { type: TxnType.createSession, timeout, passwd });
    }
    revalidate(_conn, sessionId, timeout, done) {
        this.replica.sessions.expiry.touch(sessionId, timeout, this.time.nowMs);
        done(true);
    }
    sync(done) {
        done(); // one server: every committed write is applied already
    }
    writeRefusal() {
        return this.writeFailure ? Err.NOTREADONLY : null;
    }
    submit(sessionId, cxid, body) {
        this.unsent.push({ sessionId, cxid, zxid: this.nextZxid++, time: this.time.wallMs, body });
    }
    // ---------------------------------------------------------------- durability
    /** Storage flushed the batch: apply every durable batch at the head, in zxid order. */
    persisted(token) {
        if (this.writeFailure)
            return; // the batches were abandoned when storage failed
        let issued = false;
        for (const b of this.batches)
            if (b.token === token && !b.durable)
                issued = b.durable = true;
        // Storage confirms only what it was handed, once: anything else is a runtime bug.
        invariant(issued, 'durability-token-issued', () => `storage confirmed token ${token}, which no unconfirmed batch holds`);
        while (this.batches.peek()?.durable) {
            const batch = this.batches.shift();
            for (const txn of batch.txns)
                this.replica.apply(txn);
            this.replica.emitStore();
        }
    }
    /**
     * Storage refused a batch (disk full, I/O error). Whether the batches handed to storage reached
     * the disk is unknown: a failed write may still be there and be replayed by the next start. So
     * their clients get no answer: their connections close, which a client sees as connection loss,
     * the same ambiguity as a server crash (ZooKeeper exits here). Writes never handed to storage
     * did not happen and are refused with NOTREADONLY, as is every write from now on; reads go on.
     */
    persistFailed(_token, reason) {
        if (!this.writeFailure)
            this.replica.log('error', `storage failed, refusing writes from now on (reads go on): ${reason}`);
        this.writeFailure = reason;
        const inFlight = [];
        while (this.batches.length)
            inFlight.push(...this.batches.shift().txns);
        this.unsent = [];
        this.replica.pending.clear();
        this.replica.abandon(inFlight, 'storage failed: the outcome of a write is unknown');
        this.replica.failWaiting(Err.NOTREADONLY);
    }
    // ---------------------------------------------------------------- time
    /** Expires sessions whose time ran out and reaps empty containers and stale TTL nodes. */
    tick() {
        const now = this.time.nowMs;
        if (this.writeFailure)
            return;
        for (const id of this.replica.sessions.expired(now)) {
            const s = this.replica.sessions.get(id);
            if (!s || s.closing)
                continue;
            this.replica.log('info', `expiring session ${hex(id)}, timeout of ${s.timeout} ms exceeded`);
            const body = prepareWrite({ op: Op.closeSession }, this.replica.pending, {
                sessionId: id,
                authIds: [],
                sessionValid: true,
                extendedTypesEnabled: this.opts.extendedTypesEnabled,
                zxid: this.nextZxid,
            });
            this.replica.sessions.markClosing(id);
            this.submit(id, -1, body); // cxid -1: no client request waits for it
        }
        if (now - this.lastReapMs >= this.opts.containerCheckIntervalMs) {
            this.lastReapMs = now;
            for (const req of reapRequests(this.replica.tree, this.time.wallMs)) {
                const body = prepareWrite(req, this.replica.pending, {
                    sessionId: 0n,
                    authIds: [],
                    sessionValid: true,
                    extendedTypesEnabled: this.opts.extendedTypesEnabled,
                    zxid: this.nextZxid,
                });
                if (body.type !== TxnType.error)
                    this.submit(0n, -1, body);
            }
        }
    }
}
//# sourceMappingURL=standalone.js.map