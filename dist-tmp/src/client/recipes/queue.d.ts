/**
 * Distributed FIFO queues, in Curator's two layouts.
 *
 * SimpleQueue (Curator's SimpleDistributedQueue): items are PERSISTENT_SEQUENTIAL children
 * `<path>/qn-<seq>` holding the raw bytes; a consumer takes the lowest, reading then deleting
 * it (a consumer that loses the race for one tries the next).
 *
 *   const q = new SimpleQueue(zk, '/queues/mail');
 *   await q.offer('hello');
 *   const item = await q.take({ timeoutMs: 5000 });
 *
 * Queue (Curator's DistributedQueue, with a lock path for lock-safe consumption): items are
 * `<path>/queue-<seq>` in Curator's item format (version 0x00010001, then per item the byte 1,
 * a 4-byte length and the bytes, then the byte 2), so Java producers and consumers interoperate.
 * With a lock path, a consumer first creates the EPHEMERAL node `<lockPath>/<item>`, runs the
 * handler, and only then deletes the item: if the consumer dies mid-item, its lock node goes
 * with its session and the item is processed again. A handler that throws leaves the item
 * requeued at the end of the queue (Curator's ErrorMode.REQUEUE) or deleted ('delete').
 *
 *   const q = new Queue(zk, '/queues/jobs', { lockPath: '/queues/jobs-locks' });
 *   await q.put(Buffer.from('job-1'));
 *   await q.consume(async (item) => { ... }, { signal });
 */
import type { ZooKeeperClient } from '../client.js';
import { type DataInput } from '../types.js';
import { type WaitOptions } from './internal.js';
export declare class SimpleQueue {
    private readonly zk;
    readonly path: string;
    constructor(zk: ZooKeeperClient, path: string);
    /** Adds an item at the tail. */
    offer(data: DataInput): Promise<void>;
    /** The head item without removing it, or null when empty. */
    peek(): Promise<Buffer | null>;
    /** Removes and returns the head item, or null when empty. */
    poll(): Promise<Buffer | null>;
    /**
     * Removes and returns the head item, waiting for one; null when `timeoutMs` passes first
     * (Curator's poll with a timeout), the signal's reason on abort.
     */
    take(opts?: WaitOptions): Promise<Buffer | null>;
    private element;
}
/** ItemSerializer.serialize: Curator's framing of one or more items in one node. */
export declare function serializeItems(items: Uint8Array[]): Buffer;
/** ItemSerializer.deserialize; throws on a version or opcode it does not know. */
export declare function deserializeItems(bytes: Uint8Array): Buffer[];
export interface QueueOptions {
    /** Lock path for lock-safe consumption (Curator's lockPath). Without it, items are deleted before they are handled. */
    lockPath?: string;
    /** What happens to an item whose handler throws (lock-safe mode only): 'requeue' (default) or 'delete'. */
    errorMode?: 'requeue' | 'delete';
}
export type QueueConsumer = (item: Buffer) => Promise<void> | void;
export declare class Queue {
    private readonly zk;
    readonly path: string;
    private readonly options;
    constructor(zk: ZooKeeperClient, path: string, options?: QueueOptions);
    /** Adds one item. */
    put(item: DataInput): Promise<void>;
    /** Adds several items as one queue node (handled together, in order). */
    putMulti(items: DataInput[]): Promise<void>;
    /** Number of queued nodes (Curator's getLastMessageCount, read now). */
    size(): Promise<number>;
    /**
     * Hands items to `consumer`, oldest first, until the signal aborts (then resolves). Each
     * queue node is processed by exactly one consumer; see the file comment for what happens
     * when a consumer fails or dies.
     */
    consume(consumer: QueueConsumer, opts?: {
        signal?: AbortSignal;
    }): Promise<void>;
    /** Takes the oldest item (handled by `consumer`) if there is one; false when empty. */
    consumeOne(consumer: QueueConsumer): Promise<boolean>;
    private ensurePaths;
    /** True if this consumer handled (or disposed of) the item; false if another one got it. */
    private processOne;
    /** DistributedQueue.processNormally: read, delete (by version), then hand over. */
    private processNormally;
    /** DistributedQueue.processWithLockSafety. */
    private processWithLockSafety;
    private handle;
}
