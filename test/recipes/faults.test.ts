/**
 * The recipes under faults, on real zk-ts servers: several processes sharing a lock and an
 * election; a holder whose session expires (another process gets the lock, and the old
 * holder's handle is aborted); a create whose reply is lost while acquiring (no orphaned
 * lock node, thanks to protected names); a server restart and the loss of an ensemble member
 * while a lock is held and an election runs.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type ZooKeeperClient, type ClientOptions } from '../../src/client/index.js';
import { LeaderLatch, Mutex, PersistentNode, TreeCache, isProtectedName, type CacheEvent } from '../../src/client/recipes/index.js';
import { startZkTs, type ZkTsServer } from '../support/zkts-server.js';
import { startEnsemble, type Ensemble } from '../support/ensemble.js';
import { TcpProxy } from '../client/proxy.js';
import { once, sleep, uniquePath, waitUntil } from '../client/helpers.js';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'worker.js');

function worker(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  return { child, output: () => out, exited };
}

describe('recipes under faults (zk-ts)', { timeout: 240_000 }, () => {
  let server: ZkTsServer;
  const clients: ZooKeeperClient[] = [];
  const proxies: TcpProxy[] = [];
  const client = async (connect: string, opts: ClientOptions = {}): Promise<ZooKeeperClient> => {
    const zk = createClient(connect, { sessionTimeout: 2000, ...opts });
    clients.push(zk);
    await zk.connected();
    return zk;
  };
  const proxy = async (): Promise<TcpProxy> => {
    const p = await TcpProxy.start(server.host, server.port);
    proxies.push(p);
    return p;
  };

  before(async () => {
    server = await startZkTs({ extra: { 'znode.container.checkIntervalMs': 500 } });
  });
  after(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    for (const p of proxies) await p.close();
    await server?.cleanup();
  });

  it('three processes increment a counter under one Mutex without losing an update', async () => {
    const zk = await client(server.connectString);
    const lock = uniquePath('mp-lock');
    const counter = uniquePath('mp-counter');
    await zk.create(counter, '0');
    const n = 15;
    const workers = [0, 1, 2].map(() => worker([server.connectString, 'mutex', lock, counter, String(n)]));
    const codes = await Promise.all(workers.map((w) => w.exited));
    assert.deepEqual(codes, [0, 0, 0], workers.map((w) => w.output()).join('\n'));
    assert.equal((await zk.getData(counter)).data!.toString(), String(3 * n));
  });

  it('processes agree on one leader, and the next takes over when it dies', async () => {
    const zk = await client(server.connectString);
    const path = uniquePath('mp-latch');
    const ws = ['w0', 'w1', 'w2'].map((id) => worker([server.connectString, 'latch', path, id]));
    try {
      await waitUntil(() => ws.every((w) => w.output().includes('STARTED')), 20_000, 'three latches');
      const isLeader = (w: { output: () => string }) =>
        w.output().split('\n').filter((l) => l === 'LEADER' || l === 'NOTLEADER').pop() === 'LEADER';
      await waitUntil(() => ws.filter(isLeader).length === 1, 10_000, 'one leader');
      const leaderIdx = ws.findIndex(isLeader);
      const observer = new LeaderLatch(zk, path, 'observer');
      const leaderId = (await observer.getLeader()).id;
      assert.equal(leaderId, `w${leaderIdx}`);
      // the leader's process dies: its session ends (it was killed, so only by expiry)
      ws[leaderIdx]!.child.kill('SIGKILL');
      const rest = ws.filter((_, i) => i !== leaderIdx);
      await waitUntil(() => rest.filter(isLeader).length === 1, 20_000, 'a new leader');
      const next = (await observer.getLeader()).id;
      assert.notEqual(next, leaderId);
      assert.equal((await observer.getParticipants()).length, 2);
    } finally {
      for (const w of ws) {
        w.child.stdin!.end();
        w.child.kill('SIGKILL');
      }
    }
  });

  it('a holder whose session expires loses the lock, is told so, and another gets it', async () => {
    const p = await proxy();
    const holderZk = await client(p.connectString);
    const other = await client(server.connectString);
    const path = uniquePath('expiry');
    const held = await new Mutex(holderZk, path).acquire();
    const waiting = new Mutex(other, path).acquire({ timeoutMs: 30_000 });
    await sleep(200);
    p.setSilent(true); // the holder hangs: the server expires its session
    const got = await waiting;
    assert.ok(got.held);
    await waitUntil(() => held.signal.aborted, 10_000, 'the holder to learn it lost the lock');
    assert.equal((held.signal.reason as Error).name, 'LostError');
    p.setSilent(false);
    p.dropAll();
    await once(holderZk, 'expired', 20_000).catch(() => undefined);
    assert.equal(holderZk.state, 'EXPIRED');
    await held.release(); // harmless now
    assert.equal((await other.getChildren(path)).length, 1, 'only the new holder remains');
    await got.release();
  });

  it('a lost create reply during acquire leaves no orphan: found again on retry, deleted on abort', async () => {
    const holder = await client(server.connectString);
    const p = await proxy();
    const victim = await client(p.connectString, { sessionTimeout: 10_000 });
    const path = uniquePath('lost-reply');
    const lock = await new Mutex(holder, path).acquire();

    // 1. The reply to our create is lost; after reconnecting, acquire finds its node by uuid.
    p.setDropReplies(true);
    const acquiring = new Mutex(victim, path).acquire({ timeoutMs: 60_000 });
    await waitUntil(async () => (await holder.getChildren(path)).length === 2, 10_000, "the victim's node on the server");
    p.setDropReplies(false);
    p.dropAll(); // the connection dies: the create fails with ConnectionLoss, the session lives
    await sleep(1500);
    const nodes = await holder.getChildren(path);
    assert.equal(nodes.length, 2, `one node per contender, no duplicate: ${nodes.join(', ')}`);
    assert.ok(nodes.every((n) => isProtectedName(n)));
    await lock.release();
    const got = await acquiring;
    assert.deepEqual(await holder.getChildren(path), [got.path.slice(path.length + 1)]);
    await got.release();

    // 2. The reply is lost and we give up (timeout) while disconnected: the node is removed
    //    once the connection is back, not left until the session ends.
    const lock2 = await new Mutex(holder, path).acquire();
    p.setDropReplies(true);
    const ac = new AbortController();
    const gaveUp = new Mutex(victim, path).acquire({ signal: ac.signal });
    await waitUntil(async () => (await holder.getChildren(path)).length === 2, 10_000, "the victim's second node");
    p.dropAll();
    p.setRefusing(true);
    ac.abort(new Error('gave up'));
    await assert.rejects(gaveUp, /gave up/);
    p.setDropReplies(false);
    p.setRefusing(false);
    await waitUntil(async () => (await holder.getChildren(path)).length === 1, 15_000, 'the orphan to be deleted');
    assert.equal(victim.state, 'CONNECTED', 'the victim kept its session: only protection removed the node');
    await lock2.release();
  });

  it('a latch leader whose session expires steps down; with new sessions it rejoins at the back', async () => {
    const p = await proxy();
    const a = await client(p.connectString, { newSessionOnExpiry: true });
    const b = await client(server.connectString);
    const path = uniquePath('latch-expiry');
    const la = new LeaderLatch(a, path, 'a');
    await la.start();
    await la.awaitLeadership({ timeoutMs: 5000 });
    const lb = new LeaderLatch(b, path, 'b');
    await lb.start();
    const lost = once(la, 'notLeader', 20_000);
    p.setSilent(true);
    await lost; // told: after a session timeout without a connection
    await lb.awaitLeadership({ timeoutMs: 20_000 });
    p.setSilent(false);
    p.dropAll();
    await once(a, 'expired', 20_000);
    await waitUntil(async () => (await lb.getParticipants()).length === 2, 20_000, 'a to rejoin with a new session');
    assert.deepEqual(await lb.getParticipants(), [
      { id: 'b', isLeader: true },
      { id: 'a', isLeader: false },
    ]);
    assert.equal(la.hasLeadership(), false);
    await la.close();
    await lb.close();
  });

  it('a PersistentNode comes back after its session expires (client with new sessions)', async () => {
    const p = await proxy();
    const a = await client(p.connectString, { newSessionOnExpiry: true });
    const b = await client(server.connectString);
    const path = uniquePath('pn-expiry');
    const node = new PersistentNode(a, path, 'here', { mode: 'ephemeral' });
    await node.start({ timeoutMs: 5000 });
    const firstOwner = (await b.exists(path))!.ephemeralOwner;
    p.setSilent(true);
    await waitUntil(async () => (await b.exists(path)) === null, 20_000, 'the ephemeral to expire');
    p.setSilent(false);
    p.dropAll();
    await waitUntil(async () => (await b.exists(path)) !== null, 20_000, 'the node to come back');
    const stat = (await b.exists(path))!;
    assert.notEqual(stat.ephemeralOwner, firstOwner);
    assert.equal(stat.ephemeralOwner, a.sessionId);
    await node.close();
  });

  it('a TreeCache catches up after a reconnection and after a new session', async () => {
    const p = await proxy();
    const a = await client(p.connectString, { newSessionOnExpiry: true });
    const b = await client(server.connectString);
    const root = uniquePath('tc');
    await b.create(root);
    await b.create(`${root}/x`, '1');
    const cache = new TreeCache(a, root);
    const events: CacheEvent[] = [];
    cache.on('change', (e) => events.push(e));
    await cache.start();
    const resyncs = () => events.filter((e) => e.type === 'resynced').length;
    // Disconnected (same session): persistent watches do not replay what was missed.
    p.setRefusing(true);
    p.dropAll();
    await b.setData(`${root}/x`, '2');
    await b.create(`${root}/y`, 'new');
    await sleep(300);
    p.setRefusing(false);
    await waitUntil(() => resyncs() === 1, 10_000, 'a resync after the reconnection');
    assert.equal(cache.get(`${root}/x`)?.data?.toString(), '2');
    assert.equal(cache.get(`${root}/y`)?.data?.toString(), 'new');
    assert.ok(events.some((e) => e.type === 'updated' && e.path === `${root}/x`));
    // The session expires: a new one, a new watch, a fresh snapshot.
    p.setSilent(true);
    await b.delete(`${root}/y`);
    await sleep(3000); // past the session timeout: the server expires a's session
    p.setSilent(false);
    p.dropAll();
    await once(a, 'connected', 20_000);
    await waitUntil(() => resyncs() === 2 && cache.get(`${root}/y`) === undefined, 10_000, 'a resync in the new session');
    await b.create(`${root}/z`, 'after');
    await waitUntil(() => cache.get(`${root}/z`)?.data?.toString() === 'after', 10_000, 'events in the new session');
    await cache.close();
  });

  it('a lock and an election survive a server restart', async () => {
    const a = await client(server.connectString, { sessionTimeout: 10_000 });
    const b = await client(server.connectString, { sessionTimeout: 10_000 });
    const path = uniquePath('restart');
    const held = await new Mutex(a, path).acquire();
    const la = new LeaderLatch(a, `${path}-latch`, 'a');
    const lb = new LeaderLatch(b, `${path}-latch`, 'b');
    await la.start();
    await lb.start();
    await la.awaitLeadership({ timeoutMs: 5000 });
    const waiting = new Mutex(b, path).acquire({ timeoutMs: 60_000 });
    await server.restart();
    await a.connected(20_000);
    await b.connected(20_000);
    assert.equal(held.signal.aborted, false, 'the session outlived the restart');
    assert.equal(la.hasLeadership(), true);
    assert.equal(lb.hasLeadership(), false);
    await held.release();
    const got = await waiting;
    await got.release();
    await la.close();
    await lb.awaitLeadership({ timeoutMs: 10_000 });
    await lb.close();
  });
});

describe('recipes when an ensemble member dies', { timeout: 240_000 }, () => {
  let ens: Ensemble;
  before(async () => {
    ens = await startEnsemble({ size: 3, election: 'fast' });
  });
  after(async () => {
    await ens?.cleanup();
  });

  it('the holder fails over to another server and keeps the lock; exclusion holds', async () => {
    const leader = await ens.leader();
    const victimId = ens.servers.map((s) => s.id).find((id) => id !== leader)!;
    const only = (id: number) => `127.0.0.1:${ens.server(id).clientPort}`;
    const others = ens.servers.filter((s) => s.id !== victimId).map((s) => `127.0.0.1:${s.clientPort}`).join(',');
    // the holder starts on the server we kill, and may move to the others
    const a = createClient(`${only(victimId)},${others}`, { sessionTimeout: 8000, shuffleHosts: false });
    const b = createClient(others, { sessionTimeout: 8000 });
    try {
      await a.connected(20_000);
      await b.connected(20_000);
      const path = uniquePath('ens');
      const held = await new Mutex(a, path).acquire({ timeoutMs: 10_000 });
      const la = new LeaderLatch(a, `${path}-latch`, 'a');
      await la.start();
      await la.awaitLeadership({ timeoutMs: 10_000 });
      const lb = new LeaderLatch(b, `${path}-latch`, 'b');
      await lb.start();
      // Listen before the kill: the client may reconnect before kill() resolves.
      const reconnected = once(a, 'reconnected', 20_000);
      await ens.kill(victimId, 'SIGKILL');
      await reconnected;
      assert.notEqual(a.currentServer, only(victimId));
      await assert.rejects(new Mutex(b, path).acquire({ timeoutMs: 1000 }), { name: 'TimeoutError' });
      assert.equal(held.signal.aborted, false);
      assert.equal(la.hasLeadership(), true);
      assert.equal(lb.hasLeadership(), false);
      await held.release();
      await (await new Mutex(b, path).acquire({ timeoutMs: 10_000 })).release();
      await la.close();
      await lb.awaitLeadership({ timeoutMs: 10_000 });
      await lb.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
