import { Election } from '../../src/election/election.js';
import type { Decision, ElectionAlgorithm, ElectionDatagram, ElectionEffect, ElectionMember, ElectionTiming, Sid } from '../../src/election/types.js';
export interface InFlight {
    from: Sid;
    to: Sid;
    datagram: ElectionDatagram;
}
export declare function members(voters: number, observers?: number): ElectionMember[];
export declare function cred(epoch: number, counter: number, zxidEpoch?: number): {
    currentEpoch: number;
    lastLoggedZxid: bigint;
};
export declare class Bus {
    readonly algorithm: ElectionAlgorithm;
    readonly memberList: ElectionMember[];
    readonly timing: Partial<ElectionTiming>;
    nowMs: number;
    readonly nodes: Map<number, Election>;
    readonly decisions: Map<number, Decision>;
    readonly logs: string[];
    inflight: InFlight[];
    /** Servers whose datagrams, in and out, vanish. */
    readonly down: Set<number>;
    private nextIncarnation;
    constructor(algorithm: ElectionAlgorithm, memberList: ElectionMember[], timing?: Partial<ElectionTiming>);
    /** A new process for `sid` (replacing any before it), not yet started. */
    boot(sid: Sid): Election;
    start(sid: Sid, c: {
        currentEpoch: number;
        lastLoggedZxid: bigint;
    }): void;
    apply(from: Sid, effects: ElectionEffect[]): void;
    deliver(m: InFlight): void;
    /** Delivers everything in flight, and what that causes, in FIFO order. */
    deliverAll(drop?: (m: InFlight) => boolean, limit?: number): void;
    /** Delivers everything except what `hold` matches, which is returned undelivered. */
    deliverAllBut(hold: (m: InFlight) => boolean): InFlight[];
    /** Takes what is in flight without delivering it. */
    take(pred?: (m: InFlight) => boolean): InFlight[];
    tick(): void;
    /** Moves time forward to `untilMs`, stopping at every deadline to tick and deliver. */
    runUntil(untilMs: number, drop?: (m: InFlight) => boolean): void;
    state(sid: Sid): string;
}
