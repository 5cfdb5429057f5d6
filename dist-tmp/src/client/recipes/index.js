/**
 * zk-ts recipes: locks, leader election, barriers, queues, counters, membership, discovery
 * and caches on top of the zk-ts client, with Apache Curator's znode layouts, so that Node
 * and Java (Curator 5) processes cooperate on one ensemble. See docs/recipes.md.
 *
 *   import { createClient } from 'zk-ts';
 *   import { Mutex } from 'zk-ts/recipes';
 *   const zk = createClient('127.0.0.1:2181', { newSessionOnExpiry: true });
 *   await zk.connected();
 *   await using lock = await new Mutex(zk, '/locks/jobs').acquire({ timeoutMs: 5000 });
 */
export { Mutex } from './mutex.js';
export { ReadWriteLock, READ_LOCK_NAME, WRITE_LOCK_NAME } from './read-write-lock.js';
export { Semaphore } from './semaphore.js';
export { LeaderLatch } from './leader-latch.js';
export { LeaderSelector } from './leader-selector.js';
export { Barrier, DoubleBarrier } from './barrier.js';
export { Queue, SimpleQueue, serializeItems, deserializeItems } from './queue.js';
export { Counter } from './counter.js';
export { PersistentNode } from './persistent-node.js';
export { GroupMember } from './group-member.js';
export { ServiceDiscovery, ServiceCache, serviceInstance, parseUriSpec, serializeInstance, deserializeInstance, } from './service-discovery.js';
export { TreeCache, NodeCache } from './tree-cache.js';
export { Ownership } from './ownership.js';
export { RecipeTimeoutError, LostError, RecipeStateError, isProtectedName, unprotectedName, } from './internal.js';
//# sourceMappingURL=index.js.map