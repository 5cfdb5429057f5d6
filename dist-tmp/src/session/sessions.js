/**
 * The session table of the server that owns expiry (the standalone server or the leader).
 * Sessions are created and closed only by applying txns; expiry decides when to propose a close.
 */
import { ExpiryQueue } from './expiry.js';
export class SessionTable {
    sessions = new Map();
    expiry;
    nextId;
    /**
     * Session ids: the server id in the top byte, the wall clock in the middle bits, then a
     * counter (docs/client-protocol.md, "Handshake and sessions"), so that ids from different
     * servers and restarts differ.
     */
    constructor(serverId, wallMs, tickMs, nowMs) {
        const clockBits = BigInt.asUintN(64, BigInt(wallMs) << 24n) >> 8n;
        this.nextId = (BigInt(serverId) << 56n) | clockBits;
        this.expiry = new ExpiryQueue(tickMs, nowMs);
    }
    allocateId() {
        let id = this.nextId++;
        while (this.sessions.has(id) || id === 0n)
            id = this.nextId++;
        return BigInt.asIntN(64, id);
    }
    get(id) {
        return this.sessions.get(id);
    }
    isActive(id) {
        const s = this.sessions.get(id);
        return s !== undefined && !s.closing;
    }
    /** Applying createSession. */
    add(id, rec, nowMs) {
        const info = { id, timeout: rec.timeout, passwd: rec.passwd, closing: false };
        this.sessions.set(id, info);
        this.expiry.touch(id, rec.timeout, nowMs);
        return info;
    }
    /** Applying closeSession. */
    remove(id) {
        this.sessions.delete(id);
        this.expiry.remove(id);
    }
    markClosing(id) {
        const s = this.sessions.get(id);
        if (s)
            s.closing = true;
        this.expiry.remove(id);
    }
    /**
     * The leadership under which closeSession proposals were made has ended: those not applied by
     * now may never be (a later leader commits them or not). Their sessions are alive as far as
     * the committed state goes, so they are no longer closing; whoever leads next expires them
     * again if their clients stay away (fault bench F4, docs/chaos.md).
     */
    forgetClosing() {
        for (const s of this.sessions.values())
            s.closing = false;
    }
    touch(id, nowMs) {
        const s = this.sessions.get(id);
        if (s && !s.closing)
            this.expiry.touch(id, s.timeout, nowMs);
    }
    /** Sessions whose time ran out; the caller proposes closeSession for each. */
    expired(nowMs) {
        return this.expiry.expire(nowMs).filter((id) => this.sessions.has(id));
    }
    all() {
        return this.sessions.values();
    }
    get size() {
        return this.sessions.size;
    }
}
//# sourceMappingURL=sessions.js.map