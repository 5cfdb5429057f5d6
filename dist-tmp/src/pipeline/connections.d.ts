/**
 * Client connections as the cores see them: identity, authenticated ids, and the queue that
 * keeps replies in request order (docs/client-protocol.md, "Headers and reply order"). A read
 * waits behind the connection's earlier writes, so a client always sees its own writes, and
 * never sees a reply before the watch events of the change it reflects.
 */
import { Fifo } from '../base/queue.js';
import type { Id, WatcherEvent } from '../wire/records.js';
import type { Request, Response } from '../wire/requests.js';
import type { DataTree } from '../tree/data-tree.js';
import type { FiredWatch } from '../tree/watches.js';
import { Reply } from './final.js';
export type ConnId = number;
export interface QueuedRequest {
    xid: number;
    req: Request;
    /** Set once a write has been applied (or failed); reads are executed when they reach the head. */
    reply?: Reply;
    zxid?: bigint;
    write: boolean;
}
export interface ClientConnection {
    id: ConnId;
    remoteAddress: string;
    sessionId: bigint;
    authIds: Id[];
    queue: Fifo<QueuedRequest>;
    /** Close the connection once the queue has drained (after closeSession's reply). */
    closeWhenDrained: boolean;
}
export type ReplyEffect = {
    kind: 'reply';
    conn: ConnId;
    xid: number;
    zxid: bigint;
    err: number;
    op: number;
    response?: Response;
};
export type NotifyEffect = {
    kind: 'notify';
    conn: ConnId;
    event: WatcherEvent;
    zxid: bigint;
};
export type CloseEffect = {
    kind: 'close';
    conn: ConnId;
    reason: string;
};
export type ConnectionEffect = ReplyEffect | NotifyEffect | CloseEffect;
/** Where effects are collected: any array whose element type includes ConnectionEffect. */
export interface EffectSink {
    push(e: ConnectionEffect): unknown;
}
export declare function notifyEffects(fired: readonly FiredWatch[], zxid: bigint, out: EffectSink): void;
/**
 * Sends every reply that is ready at the head of the queue; reads run now, against the tree
 * as it is at this point of the apply order.
 */
export declare function drainReplies(c: ClientConnection, tree: DataTree, out: EffectSink): void;
