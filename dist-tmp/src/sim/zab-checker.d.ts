import type { LoadedState } from '../storage/api.js';
import type { Txn } from '../wire/txn.js';
import type { MemoryDisk } from '../storage/memory/memory-storage.js';
import type { Sid } from './network.js';
import type { PeerNode, PeerRecorder, RoleEffect } from './peer-node.js';
export interface Violation {
    atMs: number;
    property: string;
    detail: string;
}
export interface CommittedTxn {
    zxid: bigint;
    key: string;
    txn: Txn;
    firstAppliedBy: Sid;
}
export declare class ZabChecker implements PeerRecorder {
    private readonly now;
    /** The voters' disks and the quorum size, for Z2. */
    private readonly voterDisks;
    private readonly quorumSize;
    readonly violations: Violation[];
    readonly establishments: Array<{
        atMs: number;
        sid: Sid;
        epoch: number;
    }>;
    /** zxid → the txn applied there (by whoever applied it first). */
    readonly committed: Map<bigint, CommittedTxn>;
    private readonly leaderOfEpoch;
    private readonly trails;
    private readonly durable;
    applies: number;
    snaps: number;
    constructor(now: () => number, 
    /** The voters' disks and the quorum size, for Z2. */
    voterDisks?: () => {
        sid: Sid;
        disk: MemoryDisk;
    }[], quorumSize?: number);
    violation(property: string, detail: string): {
        detail: string;
    };
    private trail;
    booted(node: PeerNode, loaded: LoadedState): void;
    applied(node: PeerNode, txn: Txn, bytes: Uint8Array): void;
    private z2Reported;
    private checkDurable;
    snapshotInstalled(node: PeerNode, zxid: bigint): void;
    role(node: PeerNode, e: RoleEffect): void;
    flushed(node: PeerNode): void;
    /** The global sequence: every applied txn, in zxid order. */
    sequence(): CommittedTxn[];
    /** P2 (prefix, no gaps) and P4 (increasing) over every server's whole trail. */
    checkTrails(): void;
    /** Final agreement among the live servers (after quiescence). */
    checkAgreement(live: PeerNode[]): void;
    /** Whether a txn is in the history every live server applied (by zxid). */
    appliedEverywhere(zxid: bigint, live: PeerNode[]): Sid[];
    highestEpoch(): number;
}
/** Whether a disk (what was flushed) holds the txn: in its log, byte for byte, or in its stored state. */
export declare function durablyHolds(disk: MemoryDisk, zxid: bigint, bytes: Uint8Array): boolean;
/** Everything a replica's state is: znodes (all fields), sessions, lastApplied. */
export declare function stateDigest(node: PeerNode): string;
/** Bytes as a string, one char per byte: an exact, comparable key. */
export declare function bytesKey(b: Uint8Array): string;
export declare function describeTxn(t: Txn): string;
