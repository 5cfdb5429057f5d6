/**
 * Client connections as the cores see them: identity, authenticated ids, and the queue that
 * keeps replies in request order (docs/client-protocol.md, "Headers and reply order"). A read
 * waits behind the connection's earlier writes, so a client always sees its own writes, and
 * never sees a reply before the watch events of the change it reflects.
 */
import { Fifo } from '../base/queue.js';
import { Op, Xid } from '../wire/constants.js';
import type { Id, WatcherEvent } from '../wire/records.js';
import type { Request, Response } from '../wire/requests.js';
import type { DataTree } from '../tree/data-tree.js';
import type { FiredWatch } from '../tree/watches.js';
import { executeRead, Reply } from './final.js';

import type { ConnId } from '../base/ids.js';

export type { ConnId };

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

export type ReplyEffect = { kind: 'reply'; conn: ConnId; xid: number; zxid: bigint; err: number; op: number; response?: Response | undefined };
export type NotifyEffect = { kind: 'notify'; conn: ConnId; event: WatcherEvent; zxid: bigint };
export type CloseEffect = { kind: 'close'; conn: ConnId; reason: string };

export type ConnectionEffect = ReplyEffect | NotifyEffect | CloseEffect;

/** Where effects are collected: any array whose element type includes ConnectionEffect. */
export interface EffectSink {
  push(e: ConnectionEffect): unknown;
}

export function notifyEffects(fired: readonly FiredWatch[], zxid: bigint, out: EffectSink): void {
  for (const f of fired) {
    out.push({ kind: 'notify', conn: f.watcher, zxid, event: { type: f.type, state: 3, path: f.path } });
  }
}

/**
 * Sends every reply that is ready at the head of the queue; reads run now, against the tree
 * as it is at this point of the apply order.
 */
export function drainReplies(c: ClientConnection, tree: DataTree, out: EffectSink): void {
  for (;;) {
    const head = c.queue.peek();
    if (!head) break;
    if (!head.write) {
      const events: FiredWatch[] = [];
      head.reply = executeRead(head.req, tree, { watcher: c.id, sessionId: c.sessionId, authIds: c.authIds }, events);
      // setWatches catch-up events go out before its reply.
      notifyEffects(events, -1n, out);
      head.zxid = tree.lastProcessedZxid;
    } else if (!head.reply) {
      break;
    }
    c.queue.shift();
    const reply = head.reply!;
    // ZooKeeper answers every ping with the ping xid, whatever xid it came with.
    const xid = head.req.op === Op.ping ? Xid.ping : head.xid;
    out.push({ kind: 'reply', conn: c.id, xid, zxid: head.zxid!, err: reply.err, op: head.req.op, response: reply.response });
  }
  if (c.closeWhenDrained && c.queue.length === 0) out.push({ kind: 'close', conn: c.id, reason: 'session closed' });
}
