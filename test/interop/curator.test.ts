/**
 * zk-ts recipes and Apache Curator 5 (Debian's libcurator-*-java) cooperating on one
 * ensemble: a Java process (test/interop/java/CuratorAgent.java) and this Node process share
 * a lock, a read-write lock, a leader election, a semaphore's leases, a counter, a queue,
 * barriers, a group and service registrations. Run against our server and against Apache
 * ZooKeeper 3.8.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, type ZooKeeperClient } from '../../src/client/index.js';
import {
  Barrier,
  Counter,
  DoubleBarrier,
  GroupMember,
  LeaderLatch,
  Mutex,
  Queue,
  ReadWriteLock,
  Semaphore,
  ServiceDiscovery,
  serviceInstance,
  unprotectedName,
} from '../../src/client/recipes/index.js';
import { CuratorAgent, isCuratorInstalled } from '../support/curator.js';
import { startZkTs } from '../support/zkts-server.js';
import { startApacheZooKeeper } from '../support/apache-zk.js';
import { sleep, uniquePath, waitUntil } from '../client/helpers.js';

interface Server {
  connectString: string;
  stop(): Promise<void>;
}

const servers: Array<[string, () => Promise<Server>]> = [
  [
    'zk-ts',
    async () => {
      const s = await startZkTs({ extra: { 'znode.container.checkIntervalMs': 500 } });
      return { connectString: s.connectString, stop: () => s.cleanup() };
    },
  ],
  [
    'Apache ZooKeeper 3.8',
    async () => {
      const z = await startApacheZooKeeper();
      return { connectString: z.connectString, stop: () => z.stop() };
    },
  ],
];

for (const [name, start] of servers) {
  describe(`Curator 5 and zk-ts recipes on ${name}`, { timeout: 300_000 }, () => {
    let server: Server;
    let java: CuratorAgent;
    let zk: ZooKeeperClient;

    before(async () => {
      assert.ok(isCuratorInstalled(), 'Curator is missing: install libcurator-recipes-java and libcurator-discovery-java (.ci/run does)');
      server = await start();
      java = await CuratorAgent.start(server.connectString);
      zk = createClient(server.connectString, { sessionTimeout: 6000 });
      await zk.connected();
    });
    after(async () => {
      await zk?.close();
      await java?.stop();
      await server?.stop();
    });

    it('InterProcessMutex and Mutex exclude each other', async () => {
      const p = uniquePath('mutex');
      // Java holds it: we cannot have it; once released, we can, and Java cannot.
      const held = await java.call(`lock ${p} 10000`, /LOCKED/);
      const javaNode = held.split(' ')[1]!.slice(p.length + 1);
      assert.match(unprotectedName(javaNode), /^lock-\d{10}$/, 'Curator names its lock nodes as we do');
      const mutex = new Mutex(zk, p);
      await assert.rejects(mutex.acquire({ timeoutMs: 500 }), { name: 'TimeoutError' });
      const waiting = mutex.acquire({ timeoutMs: 20_000 });
      await sleep(200);
      await java.call('unlock', /UNLOCKED/);
      const lock = await waiting;
      assert.equal(await java.call(`lock ${p} 500`, /LOCKED|TIMEOUT/), 'TIMEOUT');
      await lock.release();

      // Both hammer one plain counter under the lock: no update may be lost.
      const counter = `${p}-value`;
      await zk.create(counter, '0');
      const n = 25;
      const javaLoop = java.call(`mutexloop ${p} ${counter} ${n}`, /DONE/, 120_000);
      for (let i = 0; i < n; i++) {
        await using h = await mutex.acquire({ timeoutMs: 60_000 });
        const v = Number((await zk.getData(counter)).data!.toString());
        await sleep(2);
        await zk.setData(counter, String(v + 1));
        void h;
      }
      await javaLoop;
      assert.equal((await zk.getData(counter)).data!.toString(), String(2 * n));
    });

    it('InterProcessReadWriteLock and ReadWriteLock share reads and exclude writes', async () => {
      const p = uniquePath('rw');
      await java.call(`readlock ${p} 10000`, /LOCKED/);
      const rw = new ReadWriteLock(zk, p);
      const r = await rw.readLock.acquire({ timeoutMs: 5000 });
      await assert.rejects(rw.writeLock.acquire({ timeoutMs: 500 }), { name: 'TimeoutError' });
      await r.release();
      const w = rw.writeLock.acquire({ timeoutMs: 20_000 });
      await sleep(200);
      await java.call('rwunlock', /UNLOCKED/);
      const wh = await w;
      assert.equal(await java.call(`readlock ${p} 500`, /LOCKED|TIMEOUT/), 'TIMEOUT');
      await wh.release();
    });

    it('LeaderLatch: Java and Node agree on one leader and hand over', async () => {
      const p = uniquePath('latch');
      const tag = java.send(`latch ${p} java-1`);
      await java.waitFor(tag, /STARTED/);
      await java.waitFor(tag, /LEADER/); // alone: Java leads
      const latch = new LeaderLatch(zk, p, 'node-1');
      await latch.start();
      assert.equal(latch.hasLeadership(), false);
      const parts = await latch.getParticipants();
      assert.deepEqual(parts, [
        { id: 'java-1', isLeader: true },
        { id: 'node-1', isLeader: false },
      ]);
      assert.equal(await java.call('latchleader', /LEADERID/), 'LEADERID java-1 2');
      await java.call('latchclose', /CLOSED/);
      await latch.awaitLeadership({ timeoutMs: 10_000 });
      // Java joins again and sees the Node leader
      const tag2 = java.send(`latch ${p} java-2`);
      await java.waitFor(tag2, /STARTED/);
      await waitUntil(async () => (await java.call('latchleader', /LEADERID/)) === 'LEADERID node-1 2');
      assert.equal(java.answers(tag2).includes('LEADER'), false);
      await latch.close();
      await java.waitFor(tag2, /^LEADER$/);
      await java.call('latchclose', /CLOSED/);
    });

    it('InterProcessSemaphoreV2 and Semaphore share the leases', async () => {
      const p = uniquePath('sem');
      const jl = await java.call(`sem ${p} 2 10000`, /LEASE|NOLEASE/);
      assert.match(jl, /^LEASE _c_[0-9a-f-]{36}-lease-\d{10}$/);
      const sem = new Semaphore(zk, p, 2);
      const mine = await sem.acquire({ timeoutMs: 5000 });
      await assert.rejects(sem.acquire({ timeoutMs: 500 }), { name: 'TimeoutError' });
      assert.equal((await sem.participantNodes()).length, 2);
      const waiting = sem.acquire({ timeoutMs: 20_000 });
      await sleep(200);
      await java.call('semrelease', /RELEASED/);
      const second = await waiting;
      assert.equal(await java.call(`sem ${p} 2 500`, /LEASE|NOLEASE/), 'NOLEASE');
      await mine.release();
      assert.match(await java.call(`sem ${p} 2 10000`, /LEASE|NOLEASE/), /^LEASE /);
      await second.release();
      await java.call('semrelease', /RELEASED/);
    });

    it('DistributedAtomicLong / SharedCount and Counter share one number', async () => {
      const p = uniquePath('count');
      const javaAdds = java.call(`atomicadd ${p} 40`, /DONE/, 120_000);
      const c = new Counter(zk, p);
      for (let i = 0; i < 40; i++) await c.increment();
      await javaAdds;
      assert.equal(await c.get(), 80);
      assert.equal(await java.call(`getlong ${p}`, /LONG/), 'LONG 80');

      const p32 = uniquePath('count32');
      assert.equal(await java.call(`sharedcount ${p32} 5 1`, /COUNT/), 'COUNT 6');
      const c32 = new Counter(zk, p32, { encoding: 'int32' });
      assert.equal(await c32.get(), 6);
      await c32.add(10);
      assert.equal(await java.call(`sharedcount ${p32} 0 1`, /COUNT/), 'COUNT 17');
    });

    it('ServiceDiscovery: each side sees the other\'s registrations', async () => {
      const base = uniquePath('services');
      const stored = await java.call(`register ${base} api java-1 9000 {"lang":"java","weight":3}`, /REGISTERED/);
      const javaJson = JSON.parse(stored.slice('REGISTERED '.length));
      assert.deepEqual(Object.keys(javaJson), ['name', 'id', 'address', 'port', 'sslPort', 'payload', 'registrationTimeUTC', 'serviceType', 'uriSpec']);
      const sd = new ServiceDiscovery<Record<string, unknown>>(zk, base);
      await sd.start();
      const cache = await sd.serviceCache('api');
      const mine = serviceInstance<Record<string, unknown>>({ name: 'api', id: 'node-1', port: 9001, payload: { lang: 'node', weight: 1 } });
      await sd.registerService(mine);
      // our JSON is the same shape as Curator's
      const ours = JSON.parse((await zk.getData(`${base}/api/node-1`)).data!.toString());
      assert.deepEqual(Object.keys(ours), Object.keys(javaJson));
      const seen = await sd.queryForInstances('api');
      const java1 = seen.find((i) => i.id === 'java-1');
      assert.ok(java1, JSON.stringify(seen));
      assert.equal(java1.port, 9000);
      assert.equal(java1.serviceType, 'DYNAMIC');
      assert.equal((java1.payload as { lang: string }).lang, 'java');
      await waitUntil(() => cache.instances().length === 2);
      const fromJava = JSON.parse((await java.call(`query ${base} api`, /INSTANCES/)).slice('INSTANCES '.length)) as Array<Record<string, unknown>>;
      const node1 = fromJava.find((i) => i.id === 'node-1');
      assert.ok(node1, JSON.stringify(fromJava));
      assert.equal(node1.port, 9001);
      assert.equal(node1.enabled, true);
      assert.equal((node1.payload as { lang: string }).lang, 'node');
      await sd.close();
      const after = JSON.parse((await java.call(`query ${base} api`, /INSTANCES/)).slice('INSTANCES '.length)) as unknown[];
      assert.equal(after.length, 1, 'our instance went with close()');
    });

    it('DistributedQueue (lock-safe) items pass both ways', async () => {
      const p = uniquePath('queue');
      const lockPath = `${p}-locks`;
      await java.call(`queueput ${p} ${lockPath} from-java`, /PUT/);
      const q = new Queue(zk, p, { lockPath });
      const got: string[] = [];
      assert.equal(await q.consumeOne((item) => void got.push(item.toString())), true);
      assert.deepEqual(got, ['from-java']);
      await q.put('from-node-1');
      await q.putMulti(['from-node-2', 'from-node-3']);
      const tag = java.send(`queuetake ${p} ${lockPath} 3`);
      await waitUntil(() => java.answers(tag).length === 3, 30_000, 'Java to take three items');
      assert.deepEqual(java.answers(tag), ['ITEM from-node-1', 'ITEM from-node-2', 'ITEM from-node-3']);
    });

    it('GroupMember, barriers: Java and Node in one group and behind one barrier', async () => {
      const g = uniquePath('group');
      await java.call(`member ${g} java-m java-payload`, /JOINED/);
      const m = new GroupMember(zk, g, 'node-m', 'node-payload');
      await m.start();
      await waitUntil(() => m.currentMembers().size === 2);
      assert.equal(m.currentMembers().get('java-m')?.toString(), 'java-payload');
      await waitUntil(async () => (await java.call('members', /MEMBERS/)) === 'MEMBERS {java-m=java-payload, node-m=node-payload}');
      await m.close();

      const b = uniquePath('barrier');
      const barrier = new Barrier(zk, b);
      await barrier.set();
      assert.equal(await java.call(`barrierwait ${b} 300`, /PASSED|BLOCKED/), 'BLOCKED');
      const tag = java.send(`barrierwait ${b} 20000`);
      await sleep(200);
      await barrier.remove();
      await java.waitFor(tag, /PASSED/);

      const d = uniquePath('double');
      const jtag = java.send(`doublebarrier ${d} 2`);
      const double = new DoubleBarrier(zk, d, 2);
      assert.equal(await double.enter({ timeoutMs: 20_000 }), true);
      await java.waitFor(jtag, /ENTERED/);
      assert.equal(await double.leave({ timeoutMs: 20_000 }), true);
      await java.waitFor(jtag, /LEFT/);
    });
  });
}
