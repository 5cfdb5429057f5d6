import { Op, Xid } from '../wire/constants.js';
import { executeRead } from './final.js';
export function notifyEffects(fired, zxid, out) {
    for (const f of fired) {
        out.push({ kind: 'notify', conn: f.watcher, zxid, event: { type: f.type, state: 3, path: f.path } });
    }
}
/**
 * Sends every reply that is ready at the head of the queue; reads run now, against the tree
 * as it is at this point of the apply order.
 */
export function drainReplies(c, tree, out) {
    for (;;) {
        const head = c.queue.peek();
        if (!head)
            break;
        if (!head.write) {
            const events = [];
            head.reply = executeRead(head.req, tree, { watcher: c.id, sessionId: c.sessionId, authIds: c.authIds }, events);
            // setWatches catch-up events go out before its reply.
            notifyEffects(events, -1n, out);
            head.zxid = tree.lastProcessedZxid;
        }
        else if (!head.reply) {
            break;
        }
        c.queue.shift();
        const reply = head.reply;
        // ZooKeeper answers every ping with the ping xid, whatever xid it came with.
        const xid = head.req.op === Op.ping ? Xid.ping : head.xid;
        out.push({ kind: 'reply', conn: c.id, xid, zxid: head.zxid, err: reply.err, op: head.req.op, response: reply.response });
    }
    if (c.closeWhenDrained && c.queue.length === 0)
        out.push({ kind: 'close', conn: c.id, reason: 'session closed' });
}
//# sourceMappingURL=connections.js.map