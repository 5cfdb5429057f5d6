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
export { Mutex, type AcquireOptions, type LockHandle, type MutexOptions } from './mutex.js';
export { ReadWriteLock, type RWLockHalf, READ_LOCK_NAME, WRITE_LOCK_NAME } from './read-write-lock.js';
export { Semaphore, type Lease, type SemaphoreOptions } from './semaphore.js';
export { LeaderLatch, type LeaderLatchEvents, type Participant } from './leader-latch.js';
export { LeaderSelector, type LeaderSelectorEvents, type LeaderSelectorOptions, type TakeLeadership } from './leader-selector.js';
export { Barrier, DoubleBarrier } from './barrier.js';
export { Queue, SimpleQueue, serializeItems, deserializeItems, type QueueConsumer, type QueueOptions } from './queue.js';
export { Counter, type CounterOptions, type VersionedValue } from './counter.js';
export { PersistentNode, type PersistentNodeMode, type PersistentNodeOptions, type PersistentNodeEvents } from './persistent-node.js';
export { GroupMember, type GroupMemberEvents } from './group-member.js';
export { ServiceDiscovery, ServiceCache, serviceInstance, parseUriSpec, serializeInstance, deserializeInstance, type ServiceInstance, type ServiceType, type UriSpec, type ServiceDiscoveryOptions, } from './service-discovery.js';
export { TreeCache, NodeCache, type CacheEvent, type ChildData, type TreeCacheOptions, type TreeCacheEvents } from './tree-cache.js';
export { Ownership, type OwnershipOptions } from './ownership.js';
export { RecipeTimeoutError, LostError, RecipeStateError, isProtectedName, unprotectedName, type WaitOptions, } from './internal.js';
