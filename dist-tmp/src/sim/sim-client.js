/**
 * Simulated ZooKeeper clients and the history they record.
 *
 * A client talks to one server at a time through the peer's client inputs (connect with a
 * handshake, requests with xids, disconnect) and sees its client effects (handshake, reply,
 * close). It keeps one operation outstanding at a time, so each client is one sequential
 * process of the history. On a broken connection (the server closed it, crashed, or did not
 * answer in time) the outstanding operation becomes indeterminate ("info": it may or may not
 * have taken effect) and the client reconnects to another server, resuming its session with id
 * and password and its last seen zxid; a server answering "expired" makes it start a new
 * session.
 *
 * Operations, on a few keys /k0../kN: create, setData (version -1), delete (version -1),
 * getData (a local read), and sync + getData (pipelined on one connection, recorded as one
 * operation: the linearizable read of docs/architecture.md, "The path of a read"). Every written value is unique, so a read
 * names the write it observed.
 *
 * Each invocation and completion takes a number from one history clock; "A completed before B
 * was invoked" is A.complete < B.invoke.
 */
import { assertNever } from '../base/invariant.js';
import { Err, Op } from '../wire/constants.js';
import { OPEN_ACL_UNSAFE, PASSWORD_LENGTH } from '../wire/records.js';
export const WRITE_KINDS = new Set(['create', 'set', 'delete']);
export class History {
    ops = [];
    clock = 0;
    next() {
        return ++this.clock;
    }
}
const decoder = new TextDecoder();
const encoder = new TextEncoder();
export class SimClient {
    opts;
    host;
    rng;
    state = 'idle';
    conn = null;
    server = null;
    session = null;
    lastZxid = 0n;
    /** Generating random operations (auto clients). */
    active = true;
    pinned;
    sessionsStarted = 0;
    expiredSessions = 0;
    nextXid = 1;
    nextValue = 1;
    current = null;
    queued = [];
    timerSeq = 0;
    thinkPending = false;
    lastServer = null;
    constructor(opts, host, rng) {
        this.opts = opts;
        this.host = host;
        this.rng = rng;
        this.pinned = opts.pinned;
    }
    get id() {
        return this.opts.id;
    }
    get connected() {
        return this.state === 'connected';
    }
    get busy() {
        return this.current !== null || this.queued.length > 0;
    }
    start(delayMs = 0) {
        if (this.state !== 'idle' || this.conn !== null)
            return;
        this.connectSoon(delayMs);
    }
    /** The client process dies: its socket closes, it never comes back (its session may expire). */
    halt() {
        if (this.conn !== null && this.server !== null)
            this.host.toServer(this, this.server, this.conn, { kind: 'disconnect' });
        this.state = 'stopped';
        this.active = false;
        this.timerSeq++;
        this.lost('halted');
    }
    /** Stop generating operations (what is outstanding may still complete). */
    stopGenerating() {
        this.active = false;
    }
    /** Queues an operation; it is sent once connected and earlier ones are done. */
    submit(spec) {
        const op = this.newOp(spec);
        this.queued.push(op);
        this.next();
        return op;
    }
    // ---------------------------------------------------------------- connection
    connectSoon(delayMs) {
        const seq = ++this.timerSeq;
        this.host.world.after(delayMs, () => {
            if (seq !== this.timerSeq || this.state !== 'idle')
                return;
            this.connect();
        });
    }
    connect() {
        const servers = this.host.servers();
        let server = this.pinned;
        if (server === undefined) {
            const others = servers.filter((s) => s !== this.lastServer);
            const pool = others.length > 0 ? others : servers;
            server = pool[this.rng.int(pool.length)];
        }
        this.server = server;
        this.lastServer = server;
        const conn = this.host.newConnId();
        this.conn = conn;
        this.state = 'connecting';
        const req = {
            protocolVersion: 0,
            lastZxidSeen: this.lastZxid,
            timeOut: this.opts.sessionTimeoutMs,
            sessionId: this.session?.id ?? 0n,
            passwd: this.session?.passwd ?? new Uint8Array(PASSWORD_LENGTH),
            readOnly: false,
        };
        this.host.toServer(this, server, conn, { kind: 'connect', req });
        const seq = ++this.timerSeq;
        this.host.world.after(this.opts.connectTimeoutMs, () => {
            if (seq === this.timerSeq && this.conn === conn && this.state === 'connecting')
                this.abandon('connect timed out');
        });
    }
    /** We give up on the connection: tell the server, then reconnect elsewhere. */
    abandon(reason) {
        if (this.conn !== null && this.server !== null)
            this.host.toServer(this, this.server, this.conn, { kind: 'disconnect' });
        this.lost(reason);
    }
    /** The connection is gone: the outstanding operation's fate is unknown. */
    lost(reason) {
        this.host.note(`client ${this.id} lost connection ${this.conn} to ${this.server}: ${reason}`);
        this.conn = null;
        if (this.current) {
            this.finish(this.current.op, 'info', 0);
            this.current = null;
        }
        if (this.state === 'stopped')
            return;
        this.state = 'idle';
        this.thinkPending = false;
        this.connectSoon(20 + this.rng.int(200));
    }
    /** Server effects for one of our connections. */
    receive(conn, e) {
        if (conn !== this.conn)
            return;
        switch (e.kind) {
            case 'handshake':
                return this.onHandshake(e.response);
            case 'reply':
                if (e.zxid > this.lastZxid)
                    this.lastZxid = e.zxid;
                return this.onReply(e);
            case 'close':
                return this.lost(`closed by the server: ${e.reason}`);
            case 'notify':
                return;
            default:
                return assertNever(e, 'client effect');
        }
    }
    /** The server's process died: its sockets reset. */
    reset(conn) {
        if (conn === this.conn)
            this.lost('connection reset');
    }
    onHandshake(r) {
        if (this.state !== 'connecting')
            return;
        if (r.sessionId === 0n) {
            // Expired: start over with a new session (its ops before this are decided by the log).
            if (this.session)
                this.expiredSessions++;
            this.session = null;
            return this.lost('session expired');
        }
        if (this.session === null || this.session.id !== r.sessionId)
            this.sessionsStarted++;
        this.session = { id: r.sessionId, passwd: r.passwd };
        this.state = 'connected';
        this.host.note(`client ${this.id} connected to ${this.server} session ${r.sessionId.toString(16)}`);
        this.next();
    }
    // ---------------------------------------------------------------- operations
    next() {
        if (this.state !== 'connected' || this.current !== null || this.thinkPending)
            return;
        const op = this.queued.shift();
        if (op)
            return this.issue(op);
        if (!this.opts.auto || !this.active)
            return;
        this.thinkPending = true;
        const conn = this.conn;
        this.host.world.after(this.opts.thinkMinMs + this.rng.int(this.opts.thinkMaxMs - this.opts.thinkMinMs + 1), () => {
            this.thinkPending = false;
            if (this.conn !== conn || this.state !== 'connected' || this.current !== null || !this.active)
                return this.next();
            this.issue(this.newOp(this.randomSpec()));
        });
    }
    randomSpec() {
        const key = `/k${this.rng.int(this.opts.keys)}`;
        const r = this.rng.next();
        const kind = r < 0.1 ? 'create' : r < 0.42 ? 'set' : r < 0.47 ? 'delete' : r < 0.75 ? 'syncGet' : 'get';
        return { kind, key };
    }
    newOp(spec) {
        const value = spec.kind === 'create' || spec.kind === 'set' ? (spec.value ?? `c${this.id}.${this.nextValue++}`) : null;
        const op = {
            id: this.host.history.ops.length,
            client: this.id,
            kind: spec.kind,
            key: spec.key,
            value,
            reqs: spec.reqs,
            session: 0n,
            xid: 0,
            server: -1,
            invoke: -1,
            invokeMs: -1,
            complete: null,
            completeMs: null,
            outcome: 'pending',
            err: 0,
            replyZxid: null,
        };
        this.host.history.ops.push(op);
        return op;
    }
    issue(op) {
        const conn = this.conn;
        const server = this.server;
        op.session = this.session.id;
        op.server = server;
        op.invoke = this.host.history.next();
        op.invokeMs = this.host.world.nowMs;
        const send = (req) => {
            const xid = this.nextXid++;
            this.host.toServer(this, server, conn, { kind: 'request', xid, req });
            return xid;
        };
        const data = op.value === null ? null : encoder.encode(op.value);
        const awaiting = [];
        switch (op.kind) {
            case 'create':
                awaiting.push(send({ op: Op.create, path: op.key, data, acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n }));
                break;
            case 'set':
                awaiting.push(send({ op: Op.setData, path: op.key, data, version: -1 }));
                break;
            case 'delete':
                awaiting.push(send({ op: Op.delete, path: op.key, version: -1 }));
                break;
            case 'get':
                awaiting.push(send({ op: Op.getData, path: op.key, watch: false }));
                break;
            case 'syncGet':
                awaiting.push(send({ op: Op.sync, path: op.key }));
                awaiting.push(send({ op: Op.getData, path: op.key, watch: false }));
                break;
            case 'raw':
                op.replies = [];
                for (const r of op.reqs ?? [])
                    awaiting.push(send(r));
                break;
        }
        op.xid = awaiting[awaiting.length - 1];
        const timer = ++this.timerSeq;
        this.current = { op, awaiting, timer };
        this.host.world.after(this.opts.opTimeoutMs, () => {
            if (this.current?.timer === timer && this.conn === conn)
                this.abandon(`no reply in ${this.opts.opTimeoutMs} ms`);
        });
    }
    onReply(e) {
        const cur = this.current;
        if (!cur || cur.awaiting[0] !== e.xid)
            return;
        cur.awaiting.shift();
        const op = cur.op;
        if (op.kind === 'raw') {
            op.replies.push({ xid: e.xid, err: e.err, zxid: e.zxid, response: e.response });
            if (cur.awaiting.length > 0)
                return;
            op.replyZxid = e.zxid;
            this.finish(op, 'ok', e.err);
            this.current = null;
            return this.next();
        }
        if (cur.awaiting.length > 0) {
            // The sync of a syncGet: the read follows on the same connection.
            if (e.err !== 0) {
                this.finish(op, 'fail', e.err);
                this.current = null;
                this.next();
            }
            return;
        }
        op.replyZxid = e.zxid;
        if (op.kind === 'get' || op.kind === 'syncGet') {
            if (e.err === 0 && e.response && 'data' in e.response) {
                op.read = e.response.data === null ? '' : decoder.decode(e.response.data);
                this.finish(op, 'ok', 0);
            }
            else if (e.err === Err.NONODE) {
                op.read = null;
                this.finish(op, 'ok', 0);
            }
            else {
                this.finish(op, 'fail', e.err);
            }
        }
        else {
            this.finish(op, e.err === 0 ? 'ok' : 'fail', e.err);
        }
        this.current = null;
        this.next();
    }
    finish(op, outcome, err) {
        op.outcome = outcome;
        op.err = err;
        if (outcome !== 'info') {
            op.complete = this.host.history.next();
            op.completeMs = this.host.world.nowMs;
        }
    }
}
//# sourceMappingURL=sim-client.js.map