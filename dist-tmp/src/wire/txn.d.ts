/**
 * Transactions: the deterministic result of preparing a write. Everything that apply needs is
 * decided at prep time (sequential names, the parent's counter, the time, which ephemerals a
 * closing session owns), so that every replica applying the same txn reaches the same tree.
 * The log stores txns in this encoding; Zab proposals carry it too.
 */
import { JuteReader, JuteWriter } from './jute.js';
import { ACL } from './records.js';
export declare const TxnType: {
    readonly createSession: -10;
    readonly closeSession: -11;
    readonly error: -1;
    readonly create: 1;
    readonly delete: 2;
    readonly setData: 5;
    readonly setACL: 7;
    readonly check: 13;
    readonly multi: 14;
    /** Container or TTL reaping: a delete issued by the server itself. */
    readonly deleteContainer: 20;
};
export type TxnBody = {
    type: typeof TxnType.createSession;
    timeout: number;
    passwd: Uint8Array;
} | {
    type: typeof TxnType.closeSession;
    ephemerals: string[];
} | {
    type: typeof TxnType.error;
    err: number;
} | {
    type: typeof TxnType.create;
    path: string;
    data: Uint8Array | null;
    acl: ACL[];
    /** Session id for ephemerals; CONTAINER_OWNER or TTL_OWNER_MASK|ttl for those kinds; else 0. */
    ephemeralOwner: bigint;
    /** The parent's stored child-creation counter after this create. */
    parentCversion: number;
} | {
    type: typeof TxnType.delete;
    path: string;
} | {
    type: typeof TxnType.deleteContainer;
    path: string;
} | {
    type: typeof TxnType.setData;
    path: string;
    data: Uint8Array | null;
    version: number;
} | {
    type: typeof TxnType.setACL;
    path: string;
    acl: ACL[];
    version: number;
} | {
    type: typeof TxnType.check;
    path: string;
    version: number;
} | {
    type: typeof TxnType.multi;
    ops: TxnBody[];
};
export interface TxnHeader {
    sessionId: bigint;
    cxid: number;
    zxid: bigint;
    /** Wall-clock ms chosen by the server that prepared the txn: ctime/mtime come from here. */
    time: number;
}
export interface Txn extends TxnHeader {
    body: TxnBody;
}
export declare function encodeTxn(t: Txn): Uint8Array;
/** A txn written where `w` stands (a quorum packet writes it straight into its frame). */
export declare function writeTxn(w: JuteWriter, t: Txn): void;
export declare function decodeTxn(bytes: Uint8Array): Txn;
/** A txn read from where `r` stands (a quorum packet's payload checks that nothing follows it). */
export declare function readTxn(r: JuteReader): Txn;
