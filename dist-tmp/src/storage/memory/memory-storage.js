import { decodeSession, decodeZNode, encodeSession, encodeZNode } from '../../wire/persist.js';
export class StorageError extends Error {
    name = 'StorageError';
}
/** A call the contract forbids: rejected at once, nothing changed. */
export class StorageUsageError extends StorageError {
    name = 'StorageUsageError';
}
/** One copy of the persistent state (used for both the disk and a handle's view). */
class State {
    /** Sorted by zxid, strictly increasing. */
    log = [];
    nodes = new Map();
    sessions = new Map();
    acceptedEpoch = 0;
    currentEpoch = 0;
    lastApplied = 0n;
    clone() {
        const s = new State();
        s.log = this.log.slice(); // entries are never mutated, sharing them is safe
        s.nodes = new Map(this.nodes);
        s.sessions = new Map(this.sessions);
        s.acceptedEpoch = this.acceptedEpoch;
        s.currentEpoch = this.currentEpoch;
        s.lastApplied = this.lastApplied;
        return s;
    }
    lastLogKey() {
        return this.log.length === 0 ? null : this.log[this.log.length - 1].zxid;
    }
    lastLogged() {
        const k = this.lastLogKey();
        return k !== null && k > this.lastApplied ? k : this.lastApplied;
    }
    /** Index of the first entry with zxid > z. */
    upperBound(z) {
        let lo = 0;
        let hi = this.log.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.log[mid].zxid <= z)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
    /** Index of the first entry with zxid >= z. */
    lowerBound(z) {
        let lo = 0;
        let hi = this.log.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.log[mid].zxid < z)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
    bytes() {
        let n = 0;
        for (const e of this.log)
            n += 8 + e.bytes.byteLength;
        for (const [k, v] of this.nodes)
            n += k.length + v.byteLength;
        for (const v of this.sessions.values())
            n += 8 + v.byteLength;
        return n + 32;
    }
}
/** The durable layer: survives `crash()`; share it between successive handles. */
export class MemoryDisk {
    /** @internal */
    state = new State();
    /** Number of operations ever flushed to this disk (for the simulator's bookkeeping). */
    flushedOps = 0;
}
function compareCodePoints(a, b) {
    // UTF-8 byte order (what LMDB iterates in) equals code point order.
    const ia = a[Symbol.iterator]();
    const ib = b[Symbol.iterator]();
    for (;;) {
        const x = ia.next();
        const y = ib.next();
        if (x.done)
            return y.done ? 0 : -1;
        if (y.done)
            return 1;
        const cx = x.value.codePointAt(0);
        const cy = y.value.codePointAt(0);
        if (cx !== cy)
            return cx < cy ? -1 : 1;
    }
}
const U64 = (v) => BigInt.asUintN(64, v);
/** Session ids are signed 64-bit (jute longs); normalise so that either spelling finds the key. */
const sid = (v) => BigInt.asIntN(64, v);
export class MemoryStorage {
    disk;
    view;
    pending = [];
    dead = null;
    failure = null;
    constructor(disk = new MemoryDisk()) {
        this.disk = disk;
        this.view = disk.state.clone();
    }
    // ------------------------------------------------------------ simulator controls
    /** Makes the first `maxOps` pending operations (default all) durable, in call order, and
     * resolves the promises of those that wait for durability. Returns how many were flushed. */
    flush(maxOps = Number.POSITIVE_INFINITY) {
        if (this.dead === 'crashed')
            return 0;
        const n = Math.min(maxOps, this.pending.length);
        const done = this.pending.splice(0, n);
        for (const p of done)
            p.op(this.disk.state);
        this.disk.flushedOps += done.length;
        for (const p of done)
            p.resolve?.();
        return done.length;
    }
    /** Operations written but not yet durable. */
    pendingOps() {
        return this.pending.length;
    }
    /** Drops everything not flushed; this handle is dead from now on (its promises never settle). */
    crash() {
        if (this.dead !== null)
            return;
        this.dead = 'crashed';
        this.pending = [];
    }
    /** A new handle on the same disk, seeing exactly what was flushed. Crashes this one if live. */
    reopen() {
        this.crash();
        return new MemoryStorage(this.disk);
    }
    /** From now on every write rejects with a StorageError carrying `reason` (e.g. a full disk). */
    failWrites(reason = 'No space left on device') {
        this.failure ??= new StorageError(`storage write failed: ${reason} (is the disk full?); no further writes are accepted until restart`);
    }
    // ------------------------------------------------------------ reads
    load() {
        this.checkAlive();
        const v = this.view;
        const nodes = [...v.nodes.keys()]
            .sort(compareCodePoints)
            .map((p) => [p, decodeZNode(v.nodes.get(p))]);
        const sessions = [...v.sessions.keys()]
            .sort((a, b) => (U64(a) < U64(b) ? -1 : U64(a) > U64(b) ? 1 : 0))
            .map((id) => [id, decodeSession(v.sessions.get(id))]);
        return Promise.resolve({
            epochs: { acceptedEpoch: v.acceptedEpoch, currentEpoch: v.currentEpoch },
            lastApplied: v.lastApplied,
            lastLogged: v.lastLogged(),
            nodes,
            sessions,
        });
    }
    readLog(fromExclusive, toInclusive, maxBytes) {
        this.checkAlive();
        const v = this.view;
        const start = v.upperBound(fromExclusive);
        const end = toInclusive === undefined ? v.log.length : v.upperBound(toInclusive);
        const out = [];
        let bytes = 0;
        for (let i = start; i < end; i++) {
            out.push({ zxid: v.log[i].zxid, bytes: v.log[i].bytes.slice() });
            bytes += v.log[i].bytes.byteLength;
            if (maxBytes !== undefined && bytes >= maxBytes)
                break;
        }
        return out;
    }
    firstLogged() {
        this.checkAlive();
        return this.view.log.length === 0 ? null : this.view.log[0].zxid;
    }
    /** As the calls made so far leave it (the view), like the lmdb storage. */
    lastLogged() {
        return this.view.lastLogged();
    }
    sizeOnDisk() {
        return this.disk.state.bytes();
    }
    // ------------------------------------------------------------ writes
    appendLog(entries) {
        return this.write(true, () => {
            if (entries.length === 0)
                return null;
            let prev = this.view.lastLogged();
            for (const e of entries) {
                if (e.zxid <= prev)
                    throw new StorageUsageError(`appendLog: zxid ${e.zxid} is not above ${prev} (zxids must increase and follow lastLogged)`);
                prev = e.zxid;
            }
            const copies = entries.map((e) => ({ zxid: e.zxid, bytes: e.bytes.slice() }));
            return (s) => { s.log.push(...copies); };
        });
    }
    applyCommitted(batch) {
        return this.write(false, () => {
            if (batch.lastApplied < this.view.lastApplied) {
                throw new StorageUsageError(`applyCommitted: lastApplied ${batch.lastApplied} is below ${this.view.lastApplied}`);
            }
            const nodes = [...batch.nodes].map(([p, r]) => [p, r === null ? null : encodeZNode(r)]);
            const sessions = [...batch.sessions].map(([id, r]) => [sid(id), r === null ? null : encodeSession(r)]);
            const lastApplied = batch.lastApplied;
            return (s) => {
                for (const [p, r] of nodes) {
                    if (r === null)
                        s.nodes.delete(p);
                    else
                        s.nodes.set(p, r);
                }
                for (const [id, r] of sessions) {
                    if (r === null)
                        s.sessions.delete(id);
                    else
                        s.sessions.set(id, r);
                }
                s.lastApplied = lastApplied;
            };
        });
    }
    truncateLogAfter(zxid) {
        return this.write(true, () => {
            if (zxid < this.view.lastApplied) {
                throw new StorageUsageError(`truncateLogAfter(${zxid}) refused: it would cut committed entries (lastApplied ${this.view.lastApplied})`);
            }
            return (s) => { s.log.length = s.upperBound(zxid); };
        });
    }
    purgeLogBefore(zxid) {
        let removed = 0;
        return this.write(false, () => {
            const lim = this.view.lastApplied + 1n;
            const limit = zxid < lim ? zxid : lim;
            removed = this.view.lowerBound(limit);
            return (s) => { s.log.splice(0, s.lowerBound(limit)); };
        }).then(() => removed);
    }
    setEpochs(epochs) {
        return this.write(true, () => {
            for (const [name, v] of [['acceptedEpoch', epochs.acceptedEpoch], ['currentEpoch', epochs.currentEpoch]]) {
                if (!Number.isInteger(v) || v < 0 || v > 0xffffffff)
                    throw new StorageUsageError(`setEpochs: ${name} out of range: ${v}`);
            }
            const { acceptedEpoch, currentEpoch } = epochs;
            return (s) => { s.acceptedEpoch = acceptedEpoch; s.currentEpoch = currentEpoch; };
        });
    }
    /** Replaces tree, sessions and lastApplied, and empties the log (as the lmdb storage does). */
    replaceState(state) {
        return this.write(true, () => {
            const nodes = new Map();
            for (const [p, r] of state.nodes)
                nodes.set(p, encodeZNode(r));
            const sessions = new Map();
            for (const [id, r] of state.sessions)
                sessions.set(sid(id), encodeSession(r));
            const lastApplied = state.lastApplied;
            return (s) => {
                s.log = [];
                s.nodes = new Map(nodes);
                s.sessions = new Map(sessions);
                s.lastApplied = lastApplied;
            };
        });
    }
    /** Flushes everything, then closes the handle. */
    close() {
        if (this.dead === null) {
            this.flush();
            this.dead = 'closed';
        }
        return Promise.resolve();
    }
    // ------------------------------------------------------------ machinery
    checkAlive() {
        if (this.dead !== null)
            throw new StorageError(`memory storage is ${this.dead}`);
    }
    /**
     * Validates (`prepare` throws StorageUsageError to refuse), applies the operation to the view
     * and queues it for the disk. Durable operations resolve on flush; others at once.
     */
    write(durable, prepare) {
        if (this.dead !== null)
            return Promise.reject(new StorageError(`memory storage is ${this.dead}`));
        if (this.failure)
            return Promise.reject(this.failure);
        let op;
        try {
            op = prepare();
        }
        catch (e) {
            return Promise.reject(e);
        }
        if (op === null)
            return Promise.resolve();
        op(this.view);
        if (!durable) {
            this.pending.push({ op, resolve: null });
            return Promise.resolve();
        }
        return new Promise((resolve) => { this.pending.push({ op: op, resolve }); });
    }
}
//# sourceMappingURL=memory-storage.js.map