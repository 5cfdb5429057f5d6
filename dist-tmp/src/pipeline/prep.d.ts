/**
 * Prep: a write request becomes a txn (docs/client-protocol.md, "Errors"). Runs on the leader (or the
 * standalone server) against the tree plus in-flight changes; a failed check becomes an error
 * txn, which still consumes a zxid, as in ZooKeeper. The first failing check wins, in
 * ZooKeeper's order, because clients can observe which error they get.
 */
import { Op } from '../wire/constants.js';
import type { Id } from '../wire/records.js';
import type { CreateRequest, MultiRequest, MultiWriteOp, NullMarks, ReconfigRequest, Request, Response, SetACLRequest } from '../wire/requests.js';
import { TxnBody } from '../wire/txn.js';
import { PendingChanges } from './pending.js';
export interface PrepContext {
    sessionId: bigint;
    authIds: readonly Id[];
    /** False when the session is unknown, expired or closing. */
    sessionValid: boolean;
    extendedTypesEnabled: boolean;
    /** ACL schemes this server has providers for beyond digest and ip (x509, sasl). */
    aclSchemes?: readonly string[];
    /** The zxid the txn will carry: change records are tagged with it. */
    zxid: bigint;
    /**
     * Quotas (docs/quotas.md): would this create / setData break a hard limit that is enforced?
     * Called with the node's path and new data length; absent = no quota checks.
     */
    quotaExceeded?: (path: string, newLength: number, kind: 'create' | 'setData') => boolean;
}
type SingleWrite = MultiWriteOp | (SetACLRequest & NullMarks) | {
    op: typeof Op.deleteContainer;
    path: string;
};
export type WriteRequest = (CreateRequest & NullMarks) | SingleWrite | MultiRequest | {
    op: typeof Op.closeSession;
} | {
    op: typeof Op.deleteContainer;
    path: string;
} | ReconfigRequest | {
    op: typeof Op.createSession;
};
export declare function isWriteRequest(req: Request): req is WriteRequest;
/**
 * A write ZooKeeper fails before it becomes a txn: a multi with a null path in one of its ops
 * (ZooKeeper dereferences every op's path before preparing any), answered MARSHALLINGERROR with
 * an empty result list.
 */
export declare function answeredWithoutTxn(req: WriteRequest): {
    err: number;
    response?: Response;
} | null;
/**
 * Prepares one write. Successful changes are recorded in `pending`; a failure leaves it
 * untouched and yields an error txn (or, for multi, a multi of error txns).
 */
export declare function prepareWrite(req: WriteRequest, pending: PendingChanges, ctx: PrepContext): TxnBody;
/** Java's String.format("%010d", n): ten digits, a minus sign taking one of them when negative. */
export declare function formatSequence(n: number): string;
export {};
