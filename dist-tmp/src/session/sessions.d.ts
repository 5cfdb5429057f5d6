/**
 * The session table of the server that owns expiry (the standalone server or the leader).
 * Sessions are created and closed only by applying txns; expiry decides when to propose a close.
 */
import { ExpiryQueue } from './expiry.js';
export interface SessionInfo {
    id: bigint;
    timeout: number;
    passwd: Uint8Array;
    /** A closeSession is in flight: no new ephemerals, no re-attach. */
    closing: boolean;
}
export declare class SessionTable {
    private readonly sessions;
    readonly expiry: ExpiryQueue<bigint>;
    private nextId;
    /**
     * Session ids: the server id in the top byte, the wall clock in the middle bits, then a
     * counter (docs/client-protocol.md, "Handshake and sessions"), so that ids from different
     * servers and restarts differ.
     */
    constructor(serverId: number, wallMs: number, tickMs: number, nowMs: number);
    allocateId(): bigint;
    get(id: bigint): SessionInfo | undefined;
    isActive(id: bigint): boolean;
    /** Applying createSession. */
    add(id: bigint, rec: {
        timeout: number;
        passwd: Uint8Array;
    }, nowMs: number): SessionInfo;
    /** Applying closeSession. */
    remove(id: bigint): void;
    markClosing(id: bigint): void;
    /**
     * The leadership under which closeSession proposals were made has ended: those not applied by
     * now may never be (a later leader commits them or not). Their sessions are alive as far as
     * the committed state goes, so they are no longer closing; whoever leads next expires them
     * again if their clients stay away (fault bench F4, docs/chaos.md).
     */
    forgetClosing(): void;
    touch(id: bigint, nowMs: number): void;
    /** Sessions whose time ran out; the caller proposes closeSession for each. */
    expired(nowMs: number): bigint[];
    all(): IterableIterator<SessionInfo>;
    get size(): number;
}
