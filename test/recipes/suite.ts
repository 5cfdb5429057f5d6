/**
 * The recipes' behaviour, written once and run against our server (zkts.test.ts) and Apache
 * ZooKeeper 3.8 (apache.test.ts): several clients in this process stand for several
 * processes (each has its own session).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, CreateMode, type ZooKeeperClient, type WatchedEvent } from '../../src/client/index.js';
import {
  Barrier,
  Counter,
  DoubleBarrier,
  GroupMember,
  LeaderLatch,
  LeaderSelector,
  Mutex,
  NodeCache,
  PersistentNode,
  Queue,
  ReadWriteLock,
  Semaphore,
  ServiceDiscovery,
  SimpleQueue,
  TreeCache,
  deserializeItems,
  isProtectedName,
  serializeItems,
  serviceInstance,
  unprotectedName,
  type CacheEvent,
} from '../../src/client/recipes/index.js';
import { sleep, uniquePath, waitUntil } from '../client/helpers.js';

export interface RecipeServer {
  connectString: string;
  stop(): Promise<void>;
}

export function defineRecipeSuite(name: string, start: () => Promise<RecipeServer>): void {
  describe(`recipes against ${name}`, { timeout: 180_000 }, () => {
    let server: RecipeServer;
    const clients: ZooKeeperClient[] = [];
    const client = async (): Promise<ZooKeeperClient> => {
      const zk = createClient(server.connectString, { sessionTimeout: 6000 });
      clients.push(zk);
      await zk.connected();
      return zk;
    };

    before(async () => {
      server = await start();
    });
    after(async () => {
      for (const c of clients) await c.close().catch(() => undefined);
      await server?.stop();
    });

    describe('watch() as an async iterator', () => {
      it('yields recursive events and ends on abort', async () => {
        const zk = await client();
        const p = uniquePath('watch');
        await zk.create(p);
        const ac = new AbortController();
        const stream = zk.watch(p, { recursive: true, signal: ac.signal });
        await stream.ready;
        const seen: WatchedEvent[] = [];
        const loop = (async () => {
          for await (const e of stream) {
            seen.push(e);
            if (seen.length === 3) ac.abort();
          }
        })();
        await zk.create(`${p}/a`);
        await zk.setData(`${p}/a`, 'x');
        await zk.create(`${p}/a/b`);
        await loop; // ends without an error once aborted
        assert.deepEqual(
          seen.map((e) => [e.type, e.path]),
          [
            ['NodeCreated', `${p}/a`],
            ['NodeDataChanged', `${p}/a`],
            ['NodeCreated', `${p}/a/b`],
          ],
        );
        // the watch is gone from the server
        assert.equal(await zk.checkWatches(p, 'PersistentRecursive'), false);
      });

      it('ends when the loop breaks and when the client closes', async () => {
        const zk = await client();
        const p = uniquePath('watch');
        const stream = zk.watch(p);
        await stream.ready;
        const got = (async () => {
          for await (const e of stream) return e;
          return null;
        })();
        await zk.create(p);
        assert.equal((await got)?.type, 'NodeCreated');
        assert.equal(await zk.checkWatches(p, 'Persistent'), false, 'break removed the watch');

        const other = await client();
        const s2 = other.watch(p, { recursive: true });
        await s2.ready;
        const ended = (async () => {
          const out: string[] = [];
          for await (const e of s2) out.push(e.type);
          return out;
        })();
        await other.close();
        assert.deepEqual(await ended, []);
      });
    });

    describe('Mutex', () => {
      it('excludes, queues in order, and names nodes as Curator does', async () => {
        const [a, b, c] = [await client(), await client(), await client()];
        const p = uniquePath('mutex');
        const ma = new Mutex(a, p);
        const lockA = await ma.acquire();
        assert.ok(isProtectedName(lockA.path.slice(p.length + 1)), lockA.path);
        assert.match(unprotectedName(lockA.path.slice(p.length + 1)), /^lock-\d{10}$/);
        const order: string[] = [];
        const pb = new Mutex(b, p).acquire().then(async (h) => {
          order.push('b');
          await sleep(50);
          await h.release();
        });
        await waitUntil(async () => (await ma.participantNodes()).length === 2);
        const pc = new Mutex(c, p).acquire().then(async (h) => {
          order.push('c');
          await h.release();
        });
        await waitUntil(async () => (await ma.participantNodes()).length === 3);
        assert.deepEqual(order, []);
        // the container parent holds the three nodes, sorted by sequence
        const stat = await a.exists(p);
        assert.ok(stat);
        await lockA.release();
        await Promise.all([pb, pc]);
        assert.deepEqual(order, ['b', 'c']);
        assert.deepEqual(await ma.participantNodes(), []);
      });

      it('is reentrant per instance and releases with the last handle', async () => {
        const zk = await client();
        const p = uniquePath('mutex');
        const m = new Mutex(zk, p);
        const h1 = await m.acquire();
        const h2 = await m.acquire();
        assert.equal(h1.path, h2.path);
        assert.equal((await m.participantNodes()).length, 1);
        await h1.release();
        assert.ok(m.isAcquired());
        assert.equal((await m.participantNodes()).length, 1);
        await h2.release();
        assert.ok(!m.isAcquired());
        assert.deepEqual(await m.participantNodes(), []);
      });

      it('times out and aborts, leaving no node behind; await using releases', async () => {
        const [a, b] = [await client(), await client()];
        const p = uniquePath('mutex');
        const held = await new Mutex(a, p).acquire();
        await assert.rejects(new Mutex(b, p).acquire({ timeoutMs: 200 }), { name: 'TimeoutError' });
        const ac = new AbortController();
        const pending = new Mutex(b, p).acquire({ signal: ac.signal });
        await waitUntil(async () => (await b.getChildren(p)).length === 2);
        ac.abort(new Error('changed my mind'));
        await assert.rejects(pending, /changed my mind/);
        await waitUntil(async () => (await b.getChildren(p)).length === 1, 5000, 'the waiter node to go');
        await held.release();
        {
          await using h = await new Mutex(b, p).acquire();
          assert.equal((await b.getChildren(p)).length, 1, h.path);
        }
        assert.deepEqual(await b.getChildren(p).catch(() => []), []);
      });
    });

    describe('ReadWriteLock', () => {
      it('shares reads, excludes writes, and lets a writer read', async () => {
        const [a, b, c] = [await client(), await client(), await client()];
        const p = uniquePath('rw');
        const ra = await new ReadWriteLock(a, p).readLock.acquire();
        const rb = await new ReadWriteLock(b, p).readLock.acquire({ timeoutMs: 5000 });
        assert.match(ra.path, /__READ__\d{10}$/);
        const rwc = new ReadWriteLock(c, p);
        let wrote = false;
        const w = rwc.writeLock.acquire().then((h) => {
          wrote = true;
          return h;
        });
        await sleep(200);
        assert.equal(wrote, false);
        // a reader queued behind the writer waits for it
        const lateReader = new ReadWriteLock(a, p).readLock.acquire({ timeoutMs: 300 });
        await assert.rejects(lateReader, { name: 'TimeoutError' });
        await ra.release();
        await rb.release();
        const wh = await w;
        assert.match(wh.path, /__WRIT__\d{10}$/);
        // the writer may take the read lock too (downgrade)
        const rc = await rwc.readLock.acquire({ timeoutMs: 2000 });
        assert.deepEqual((await rwc.writeLock.participantNodes()).length, 1);
        await rc.release();
        await wh.release();
      });
    });

    describe('Semaphore', () => {
      it('hands out maxLeases leases and makes the next wait', async () => {
        const zks = [await client(), await client(), await client()];
        const p = uniquePath('sem');
        const leases = [await new Semaphore(zks[0]!, p, 2).acquire(), await new Semaphore(zks[1]!, p, 2).acquire()];
        assert.match(leases[0]!.path, new RegExp(`^${p}/leases/_c_[0-9a-f-]{36}-lease-\\d{10}$`));
        const third = new Semaphore(zks[2]!, p, 2);
        await assert.rejects(third.acquire({ timeoutMs: 300 }), { name: 'TimeoutError' });
        assert.equal((await third.participantNodes()).length, 2, 'the timed-out lease node was removed');
        const waiting = third.acquire({ timeoutMs: 10_000 });
        await sleep(100);
        await leases[0]!.release();
        const l3 = await waiting;
        assert.equal((await third.participantNodes()).length, 2);
        await l3.release();
        await leases[1]!.release();
        const many = await third.acquireMany(2);
        assert.equal(many.length, 2);
        for (const l of many) await l.release();
      });
    });

    describe('LeaderLatch', () => {
      it('elects one leader, reports participants, and passes leadership on close', async () => {
        const zks = [await client(), await client(), await client()];
        const p = uniquePath('latch');
        const latches = zks.map((zk, i) => new LeaderLatch(zk, p, `p${i}`));
        for (const l of latches) await l.start();
        await waitUntil(() => latches.filter((l) => l.hasLeadership()).length === 1);
        const leader = latches.find((l) => l.hasLeadership())!;
        const parts = await leader.getParticipants();
        assert.equal(parts.length, 3);
        assert.equal(parts[0]!.isLeader, true);
        assert.equal(parts[0]!.id, leader.id);
        assert.equal((await latches[2]!.getLeader()).id, leader.id);
        assert.match(nameOf(leader.ourPath!), /^_c_[0-9a-f-]{36}-latch-\d{10}$/);
        const term = await leader.awaitLeadership({ timeoutMs: 1000 });
        await leader.close();
        assert.ok(term.aborted, 'the term signal ends with leadership');
        const rest = latches.filter((l) => l !== leader);
        await waitUntil(() => rest.filter((l) => l.hasLeadership()).length === 1);
        for (const l of rest) await l.close();
      });
    });

    describe('LeaderSelector', () => {
      it('runs one leader at a time and requeues', async () => {
        const zks = [await client(), await client()];
        const p = uniquePath('selector');
        let active = 0;
        let maxActive = 0;
        const terms: string[] = [];
        const selectors = zks.map(
          (zk, i) =>
            new LeaderSelector(
              zk,
              p,
              async () => {
                active++;
                maxActive = Math.max(maxActive, active);
                terms.push(`s${i}`);
                await sleep(30);
                active--;
              },
              { id: `s${i}`, autoRequeue: true },
            ),
        );
        for (const s of selectors) s.start();
        await waitUntil(() => terms.length >= 6, 20_000, 'six terms');
        const parts = await selectors[0]!.getParticipants();
        assert.ok(parts.every((x) => x.id === 's0' || x.id === 's1'), JSON.stringify(parts));
        for (const s of selectors) await s.close();
        assert.equal(maxActive, 1);
        assert.ok(terms.includes('s0') && terms.includes('s1'), terms.join());
      });
    });

    describe('Barrier and DoubleBarrier', () => {
      it('holds waiters until removed; enters and leaves together', async () => {
        const [a, b, c] = [await client(), await client(), await client()];
        const p = uniquePath('barrier');
        const bar = new Barrier(a, p);
        await bar.set();
        assert.equal(await new Barrier(b, p).wait({ timeoutMs: 200 }), false);
        const w = new Barrier(b, p).wait();
        await sleep(50);
        await bar.remove();
        assert.equal(await w, true);

        const dp = uniquePath('double');
        const members = [a, b, c].map((zk) => new DoubleBarrier(zk, dp, 3));
        const first = members[0]!.enter({ timeoutMs: 10_000 });
        const second = members[1]!.enter({ timeoutMs: 10_000 });
        await sleep(100);
        assert.equal(await members[2]!.enter({ timeoutMs: 10_000 }), true);
        assert.deepEqual(await Promise.all([first, second]), [true, true]);
        assert.deepEqual(await Promise.all(members.map((m) => m.leave({ timeoutMs: 10_000 }))), [true, true, true]);
        assert.deepEqual(await a.getChildren(dp).catch(() => []), []);
      });
    });

    describe('queues', () => {
      it('SimpleQueue: FIFO with qn- nodes, take waits', async () => {
        const [a, b] = [await client(), await client()];
        const p = uniquePath('sq');
        const q = new SimpleQueue(a, p);
        await q.offer('one');
        await q.offer('two');
        assert.ok((await a.getChildren(p)).every((n) => /^qn-\d{10}$/.test(n)));
        assert.equal((await q.peek())?.toString(), 'one');
        const q2 = new SimpleQueue(b, p);
        assert.equal((await q2.take())?.toString(), 'one');
        assert.equal((await q2.poll())?.toString(), 'two');
        assert.equal(await q2.poll(), null);
        assert.equal(await q2.take({ timeoutMs: 100 }), null);
        const later = q2.take({ timeoutMs: 10_000 });
        await sleep(50);
        await q.offer('three');
        assert.equal((await later)?.toString(), 'three');
      });

      it('Queue: Curator item format, lock-safe consumption, requeue on failure', async () => {
        assert.deepEqual(deserializeItems(serializeItems([Buffer.from('a'), Buffer.from('')])).map(String), ['a', '']);
        assert.deepEqual([...serializeItems([Buffer.from('hi')])], [0, 1, 0, 1, 1, 0, 0, 0, 2, 104, 105, 2]);
        const [a, b] = [await client(), await client()];
        const p = uniquePath('dq');
        const lockPath = `${p}-locks`;
        const producer = new Queue(a, p, { lockPath });
        for (const s of ['j1', 'j2', 'j3']) await producer.put(s);
        await producer.putMulti(['m1', 'm2']);
        const got: string[] = [];
        let failOnce = true;
        const ac = new AbortController();
        const consumer = new Queue(b, p, { lockPath });
        const run = consumer.consume(
          async (item) => {
            if (item.toString() === 'j2' && failOnce) {
              failOnce = false;
              throw new Error('transient');
            }
            got.push(item.toString());
            if (got.length === 5) ac.abort();
          },
          { signal: ac.signal },
        );
        await run;
        // j2 failed once and was requeued behind the rest
        assert.deepEqual(got, ['j1', 'j3', 'm1', 'm2', 'j2']);
        assert.equal(await producer.size(), 0);
        assert.deepEqual(await a.getChildren(lockPath), []);
      });
    });

    describe('Counter', () => {
      it('int64 and int32 encodings, concurrent increments, watch', async () => {
        const zks = [await client(), await client(), await client()];
        const p = uniquePath('count');
        const counters = zks.map((zk) => new Counter(zk, p));
        assert.equal(await counters[0]!.get(), 0);
        await Promise.all(counters.flatMap((c) => Array.from({ length: 10 }, () => c.increment())));
        assert.equal(await counters[1]!.get(), 30);
        const raw = (await zks[0]!.getData(p)).data!;
        assert.equal(raw.length, 8);
        assert.equal(raw.readBigInt64BE(0), 30n);
        assert.equal(await counters[2]!.compareAndSet(30, 100), true);
        assert.equal(await counters[2]!.compareAndSet(30, 5), false);
        const ac = new AbortController();
        const seen: number[] = [];
        const watching = (async () => {
          for await (const v of counters[0]!.watch({ signal: ac.signal })) {
            seen.push(v);
            if (v === 101) ac.abort();
          }
        })();
        await waitUntil(() => seen.length === 1);
        await counters[1]!.increment();
        await watching;
        assert.deepEqual([seen[0], seen[seen.length - 1]], [100, 101]);

        const p32 = uniquePath('count32');
        const c32 = new Counter(zks[0]!, p32, { encoding: 'int32' });
        assert.equal(await c32.initialize(7), true);
        assert.equal(await c32.initialize(8), false);
        const v = await c32.getVersioned();
        assert.deepEqual(v, { value: 7, version: 0 });
        assert.equal(await c32.trySet(v, 9), true);
        assert.equal(await c32.trySet(v, 10), false);
        assert.equal((await zks[0]!.getData(p32)).data!.readInt32BE(0), 9);
      });
    });

    describe('PersistentNode and GroupMember', () => {
      it('recreates a deleted node; members see each other', async () => {
        const [a, b] = [await client(), await client()];
        const p = uniquePath('pn');
        const node = new PersistentNode(a, `${p}/me`, 'v1', { mode: 'ephemeral' });
        await node.start({ timeoutMs: 5000 });
        assert.equal(node.actualPath, `${p}/me`);
        await b.delete(`${p}/me`);
        await waitUntil(async () => (await b.exists(`${p}/me`)) !== null, 5000, 'recreation');
        assert.equal((await b.getData(`${p}/me`)).data?.toString(), 'v1');
        assert.notEqual((await b.exists(`${p}/me`))!.ephemeralOwner, 0n);
        await node.close();
        assert.equal(await b.exists(`${p}/me`), null);

        const tp = uniquePath('pn-ttl');
        const ttlNode = new PersistentNode(a, tp, 'ttl', { mode: 'ttl', ttl: 60_000 });
        await ttlNode.start({ timeoutMs: 5000 });
        const ttlStat = await b.exists(tp);
        assert.ok(ttlStat && ttlStat.ephemeralOwner === 0n, 'a TTL node is not ephemeral');
        await b.delete(tp);
        await waitUntil(async () => (await b.exists(tp)) !== null, 5000, 'the TTL node to come back');
        await ttlNode.close();
        assert.equal(await b.exists(tp), null);

        const gp = uniquePath('group');
        const m1 = new GroupMember(a, gp, 'one', 'p1');
        const m2 = new GroupMember(b, gp, 'two', 'p2');
        await m1.start();
        await m2.start();
        await waitUntil(() => m1.currentMembers().size === 2 && m2.currentMembers().size === 2);
        assert.equal(m1.currentMembers().get('two')?.toString(), 'p2');
        await m2.setThisData('p2b');
        await waitUntil(() => m1.currentMembers().get('two')?.toString() === 'p2b');
        await m2.close();
        await waitUntil(() => m1.currentMembers().size === 1);
        await m1.close();
      });
    });

    describe('ServiceDiscovery', () => {
      it('registers, queries and watches instances in x-discovery JSON', async () => {
        const [a, b] = [await client(), await client()];
        const base = uniquePath('services');
        const sdA = new ServiceDiscovery<{ zone: string }>(a, base);
        const sdB = new ServiceDiscovery<{ zone: string }>(b, base);
        await sdA.start();
        await sdB.start();
        const cache = await sdB.serviceCache('api');
        const inst = serviceInstance({ name: 'api', port: 8080, payload: { zone: 'eu' } });
        await sdA.registerService(inst);
        const stat = await a.exists(`${base}/api/${inst.id}`);
        assert.ok(stat && stat.ephemeralOwner === a.sessionId, 'a DYNAMIC instance is ephemeral');
        const json = JSON.parse((await a.getData(`${base}/api/${inst.id}`)).data!.toString());
        assert.deepEqual(Object.keys(json), ['name', 'id', 'address', 'port', 'sslPort', 'payload', 'registrationTimeUTC', 'serviceType', 'uriSpec']);
        assert.deepEqual(await sdB.queryForNames(), ['api']);
        const found = await sdB.queryForInstances('api');
        assert.equal(found.length, 1);
        assert.equal(found[0]!.port, 8080);
        assert.deepEqual(found[0]!.payload, { zone: 'eu' });
        assert.equal(found[0]!.enabled, true);
        await waitUntil(() => cache.instances().length === 1);
        await sdA.unregisterService(inst);
        await waitUntil(() => cache.instances().length === 0);
        await sdA.close();
        await sdB.close();
      });
    });

    describe('caches', () => {
      it('TreeCache: snapshot, events, and depth', async () => {
        const [a, b] = [await client(), await client()];
        const p = uniquePath('tc');
        await a.create(p, 'root');
        await a.create(`${p}/x`, '1');
        const cache = new TreeCache(b, p);
        const events: CacheEvent[] = [];
        cache.on('change', (e) => events.push(e));
        await cache.start();
        assert.deepEqual(
          events.map((e) => (e.type === 'initialized' || e.type === 'resynced' ? e.type : `${e.type} ${e.path}`)),
          [`added ${p}`, `added ${p}/x`, 'initialized'],
        );
        await a.create(`${p}/x/y`, 'deep');
        await a.setData(`${p}/x`, '2');
        await waitUntil(() => cache.get(`${p}/x`)?.data?.toString() === '2' && cache.get(`${p}/x/y`) !== undefined);
        assert.deepEqual(cache.children(p), ['x']);
        await a.delete(`${p}/x/y`);
        await a.delete(`${p}/x`);
        await waitUntil(() => cache.size === 1);
        await cache.close();

        const nc = new NodeCache(b, `${p}/later`);
        await nc.start();
        assert.equal(nc.current, null);
        await a.create(`${p}/later`, 'here', { mode: CreateMode.PERSISTENT });
        await waitUntil(() => nc.current?.data?.toString() === 'here');
        await nc.close();

        const legacy = new TreeCache(b, p, { persistentWatches: false });
        await legacy.start();
        await a.create(`${p}/z`, 'z');
        await waitUntil(() => legacy.get(`${p}/z`)?.data?.toString() === 'z');
        await a.delete(`${p}/z`);
        await waitUntil(() => legacy.get(`${p}/z`) === undefined);
        await legacy.close();
      });
    });
  });
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
