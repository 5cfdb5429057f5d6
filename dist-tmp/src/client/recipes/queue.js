import { BadVersionError, NodeExistsError, NoNodeError } from '../errors.js';
import { op } from '../ops.js';
import { CreateMode } from '../types.js';
import { createWithParents, Deadline, deleteGuaranteed, joinPath, mkdirs, nextEvent, forgetWatcher, RecipeStateError, RecipeTimeoutError, retrying, toData, } from './internal.js';
const SIMPLE_PREFIX = 'qn-';
export class SimpleQueue {
    zk;
    path;
    constructor(zk, path) {
        this.zk = zk;
        this.path = path;
        if (!path.startsWith('/'))
            throw new RecipeStateError(`queue path must be absolute: ${path}`);
    }
    /** Adds an item at the tail. */
    async offer(data) {
        await createWithParents(this.zk, joinPath(this.path, SIMPLE_PREFIX), { data, mode: CreateMode.PERSISTENT_SEQUENTIAL });
    }
    /** The head item without removing it, or null when empty. */
    peek() {
        return this.element(false);
    }
    /** Removes and returns the head item, or null when empty. */
    poll() {
        return this.element(true);
    }
    /**
     * Removes and returns the head item, waiting for one; null when `timeoutMs` passes first
     * (Curator's poll with a timeout), the signal's reason on abort.
     */
    async take(opts = {}) {
        const dl = new Deadline(`take from ${this.path}`, opts);
        for (;;) {
            dl.check();
            const { watcher, fired } = nextEvent();
            const item = await retrying(this.zk, dl, () => this.element(true, watcher));
            if (item !== null) {
                forgetWatcher(this.zk, this.path, watcher, 'Children');
                return item;
            }
            try {
                await dl.race(fired);
            }
            catch (e) {
                forgetWatcher(this.zk, this.path, watcher, 'Children');
                if (e instanceof RecipeTimeoutError)
                    return null;
                throw e;
            }
        }
    }
    async element(remove, watcher) {
        let nodes;
        try {
            nodes = await this.zk.getChildren(this.path, watcher);
        }
        catch (e) {
            if (!(e instanceof NoNodeError))
                throw e;
            await mkdirs(this.zk, this.path, true);
            nodes = await this.zk.getChildren(this.path, watcher);
        }
        for (const node of nodes.sort()) {
            if (!node.startsWith(SIMPLE_PREFIX))
                continue; // a foreign node
            const itemPath = joinPath(this.path, node);
            try {
                const { data } = await this.zk.getData(itemPath);
                if (remove)
                    await this.zk.delete(itemPath);
                return data ?? Buffer.alloc(0);
            }
            catch (e) {
                if (!(e instanceof NoNodeError))
                    throw e; // another consumer took it: try the next
            }
        }
        return null;
    }
}
// ---------------------------------------------------------------- Curator's DistributedQueue
const QUEUE_ITEM_NAME = 'queue-';
const ITEM_VERSION = 0x00010001;
const ITEM_OPCODE = 0x01;
const EOF_OPCODE = 0x02;
/** ItemSerializer.serialize: Curator's framing of one or more items in one node. */
export function serializeItems(items) {
    const parts = [];
    const head = Buffer.alloc(4);
    head.writeInt32BE(ITEM_VERSION);
    parts.push(head);
    for (const item of items) {
        const h = Buffer.alloc(5);
        h.writeUInt8(ITEM_OPCODE, 0);
        h.writeInt32BE(item.byteLength, 1);
        parts.push(h, Buffer.from(item));
    }
    parts.push(Buffer.from([EOF_OPCODE]));
    return Buffer.concat(parts);
}
/** ItemSerializer.deserialize; throws on a version or opcode it does not know. */
export function deserializeItems(bytes) {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (b.length < 5 || b.readInt32BE(0) !== ITEM_VERSION)
        throw new Error(`Incorrect version. Expected ${ITEM_VERSION}`);
    const out = [];
    let at = 4;
    for (;;) {
        if (at >= b.length)
            throw new Error('queue item is truncated');
        const opcode = b.readUInt8(at++);
        if (opcode === EOF_OPCODE)
            return out;
        if (opcode !== ITEM_OPCODE)
            throw new Error(`Incorrect opcode. Expected ${ITEM_OPCODE} - Found: ${opcode}`);
        const size = b.readInt32BE(at);
        at += 4;
        if (size < 0 || at + size > b.length)
            throw new Error(`Bad size: ${size}`);
        out.push(Buffer.from(b.subarray(at, at + size)));
        at += size;
    }
}
export class Queue {
    zk;
    path;
    options;
    constructor(zk, path, options = {}) {
        this.zk = zk;
        this.path = path;
        this.options = options;
        if (!path.startsWith('/'))
            throw new RecipeStateError(`queue path must be absolute: ${path}`);
        if (options.lockPath !== undefined && !options.lockPath.startsWith('/'))
            throw new RecipeStateError(`lock path must be absolute: ${options.lockPath}`);
    }
    /** Adds one item. */
    put(item) {
        return this.putMulti([item]);
    }
    /** Adds several items as one queue node (handled together, in order). */
    async putMulti(items) {
        const bytes = serializeItems(items.map((i) => toData(i) ?? Buffer.alloc(0)));
        await createWithParents(this.zk, joinPath(this.path, QUEUE_ITEM_NAME), { data: bytes, mode: CreateMode.PERSISTENT_SEQUENTIAL });
    }
    /** Number of queued nodes (Curator's getLastMessageCount, read now). */
    async size() {
        try {
            return (await this.zk.getChildren(this.path)).filter((c) => c.startsWith(QUEUE_ITEM_NAME)).length;
        }
        catch (e) {
            if (e instanceof NoNodeError)
                return 0;
            throw e;
        }
    }
    /**
     * Hands items to `consumer`, oldest first, until the signal aborts (then resolves). Each
     * queue node is processed by exactly one consumer; see the file comment for what happens
     * when a consumer fails or dies.
     */
    async consume(consumer, opts = {}) {
        await this.ensurePaths();
        const dl = new Deadline(`consume ${this.path}`, { signal: opts.signal });
        for (;;) {
            if (opts.signal?.aborted)
                return;
            const { watcher, fired } = nextEvent();
            let children;
            try {
                children = await retrying(this.zk, dl, () => this.zk.getChildren(this.path, watcher));
            }
            catch (e) {
                if (opts.signal?.aborted)
                    return;
                if (e instanceof NoNodeError) {
                    await this.ensurePaths();
                    continue;
                }
                throw e;
            }
            const items = children.filter((c) => c.startsWith(QUEUE_ITEM_NAME)).sort();
            for (const item of items) {
                if (opts.signal?.aborted)
                    break;
                await this.processOne(item, consumer);
            }
            if (items.length > 0) {
                forgetWatcher(this.zk, this.path, watcher, 'Children');
                continue; // look again at once: more may have come
            }
            try {
                await dl.race(fired);
            }
            catch (e) {
                forgetWatcher(this.zk, this.path, watcher, 'Children');
                if (opts.signal?.aborted)
                    return;
                throw e;
            }
        }
    }
    /** Takes the oldest item (handled by `consumer`) if there is one; false when empty. */
    async consumeOne(consumer) {
        await this.ensurePaths();
        const items = (await this.zk.getChildren(this.path)).filter((c) => c.startsWith(QUEUE_ITEM_NAME)).sort();
        for (const item of items)
            if (await this.processOne(item, consumer))
                return true;
        return false;
    }
    async ensurePaths() {
        for (const p of [this.path, this.options.lockPath]) {
            if (p === undefined)
                continue;
            try {
                await createWithParents(this.zk, p, { mode: CreateMode.PERSISTENT });
            }
            catch (e) {
                if (!(e instanceof NodeExistsError))
                    throw e;
            }
        }
    }
    /** True if this consumer handled (or disposed of) the item; false if another one got it. */
    async processOne(item, consumer) {
        return this.options.lockPath === undefined ? this.processNormally(item, consumer) : this.processWithLockSafety(item, consumer, this.options.lockPath);
    }
    /** DistributedQueue.processNormally: read, delete (by version), then hand over. */
    async processNormally(item, consumer) {
        const itemPath = joinPath(this.path, item);
        let bytes;
        try {
            const r = await this.zk.getData(itemPath);
            bytes = r.data;
            await this.zk.delete(itemPath, r.stat.version);
        }
        catch (e) {
            if (e instanceof NoNodeError || e instanceof BadVersionError)
                return false;
            throw e;
        }
        await this.handle(bytes, consumer).catch(() => undefined); // the item is gone either way
        return true;
    }
    /** DistributedQueue.processWithLockSafety. */
    async processWithLockSafety(item, consumer, lockPath) {
        const lockNode = joinPath(lockPath, item);
        try {
            await this.zk.create(lockNode, null, { mode: CreateMode.EPHEMERAL });
        }
        catch (e) {
            if (e instanceof NodeExistsError || e instanceof NoNodeError)
                return false;
            throw e;
        }
        try {
            const itemPath = joinPath(this.path, item);
            let bytes;
            try {
                bytes = (await this.zk.getData(itemPath)).data;
            }
            catch (e) {
                if (e instanceof NoNodeError)
                    return false;
                throw e;
            }
            let failed = false;
            try {
                await this.handle(bytes, consumer);
            }
            catch {
                failed = true;
            }
            try {
                if (failed && (this.options.errorMode ?? 'requeue') === 'requeue') {
                    await this.zk.multi([
                        op.delete(itemPath),
                        op.create(joinPath(this.path, QUEUE_ITEM_NAME), bytes, { mode: CreateMode.PERSISTENT_SEQUENTIAL }),
                    ]);
                }
                else {
                    await this.zk.delete(itemPath);
                }
            }
            catch (e) {
                if (!(e instanceof NoNodeError))
                    throw e;
            }
            return true;
        }
        finally {
            await deleteGuaranteed(this.zk, lockNode);
        }
    }
    async handle(bytes, consumer) {
        let items;
        try {
            items = deserializeItems(bytes ?? Buffer.alloc(0));
        }
        catch {
            return; // a corrupted item: Curator logs and drops it
        }
        for (const i of items)
            await consumer(i);
    }
}
//# sourceMappingURL=queue.js.map