/**
 * Quotas in the server core: StatsTrack's text form, the usage the tree keeps in
 * zookeeper_stats as txns are applied (and what storage is asked to write), the hard-limit
 * check in prep when quotas are enforced, and the quota index rebuilt from stored nodes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { Err, Op } from '../../src/wire/constants.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';
import type { Request } from '../../src/wire/requests.js';
import { Effect, StandaloneCore } from '../../src/peer/standalone.js';
import { DataTree } from '../../src/tree/data-tree.js';
import { StatsTrack, judgeQuota } from '../../src/tree/quota.js';
import { asZxid } from '../../src/base/zxid.js';
import { asSid, asConnId } from '../../src/base/ids.js';

const enc = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : null);

function core(enforceQuota: boolean) {
  const clock = { nowMs: 1_000_000, wallMs: 1_700_000_000_000 };
  const c = new StandaloneCore(
    { serverId: asSid(1), tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 2000, extendedTypesEnabled: false, containerCheckIntervalMs: 1000, enforceQuota },
    new SeededRng(7),
    clock,
  );
  const effects: Effect[] = [];
  let xid = 1;
  const settle = () => {
    const produced: Effect[] = [];
    for (let round = 0; round < 10; round++) {
      c.step({ kind: 'flush', ...clock });
      const out = c.drain();
      if (out.length === 0) break;
      produced.push(...out);
      for (const e of out) if (e.kind === 'persist') c.step({ kind: 'persisted', token: e.token, ...clock });
    }
    effects.push(...produced);
    return produced;
  };
  c.step({ kind: 'connect', conn: asConnId(1), remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false }, ...clock });
  settle();
  const call = (req: Request): number => {
    const my = xid++;
    c.step({ kind: 'request', conn: asConnId(1), xid: my, req, ...clock });
    const reply = settle().find((e) => e.kind === 'reply' && e.xid === my);
    assert.ok(reply && reply.kind === 'reply');
    return reply.err;
  };
  const create = (path: string, data: string | null = null) =>
    call({ op: Op.create, path, data: data === null ? null : enc(data), acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n });
  const setData = (path: string, data: string) => call({ op: Op.setData, path, data: enc(data), version: -1 });
  const del = (path: string) => call({ op: Op.delete, path, version: -1 });
  const tree = () => (c as unknown as { replica: { tree: DataTree } }).replica.tree;
  const stats = (p: string) => text(tree().get(`/zookeeper/quota${p}/zookeeper_stats`)?.data);
  /** What zkCli's setquota does: the quota path, the limits, then the stats node. */
  const setQuota = (p: string, limits: string) => {
    let q = '/zookeeper/quota';
    for (const part of p.split('/').filter(Boolean)) {
      q += `/${part}`;
      create(q);
    }
    assert.equal(create(`${q}/zookeeper_limits`, limits), 0);
    assert.equal(create(`${q}/zookeeper_stats`, 'count=0,bytes=0'), 0);
  };
  const logs = () => effects.filter((e) => e.kind === 'log').map((e) => (e.kind === 'log' ? e.message : ''));
  return { c, call, create, setData, del, tree, stats, setQuota, logs, effects };
}

describe('StatsTrack', () => {
  it('reads and writes ZooKeeper 3.7+ text', () => {
    const st = new StatsTrack('count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2');
    assert.deepEqual([st.count, st.bytes, st.countHardLimit, st.byteHardLimit], [-1, -1, 2, -1]);
    assert.equal(st.toString(), 'count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2');
    const plain = new StatsTrack('count=5,bytes=12');
    assert.equal(plain.toString(), 'count=5,bytes=12');
    assert.equal(new StatsTrack('').toString(), 'count=-1,bytes=-1');
    const fresh = new StatsTrack();
    fresh.count = 3;
    fresh.bytes = 0;
    fresh.countHardLimit = 10;
    assert.equal(fresh.toString(), 'count=3,bytes=0=;countHardLimit=10');
  });

  it('judges soft and hard limits as ZooKeeperServer.checkQuota does', () => {
    const limits = new StatsTrack('count=2,bytes=-1=;byteHardLimit=10;countHardLimit=-1');
    const now = new StatsTrack('count=2,bytes=8');
    const soft = judgeQuota('/a', limits, now, 0, 1);
    assert.deepEqual(soft, { prefix: '/a', message: 'Quota exceeded: /a [current count=3, softCountLimit=2]', hard: false });
    const hard = judgeQuota('/a', limits, now, 3, 0);
    assert.deepEqual(hard, { prefix: '/a', message: 'Quota exceeded: /a [current bytes=11, hardByteLimit=10]', hard: true });
    assert.equal(judgeQuota('/a', limits, now, 2, 0).message, null);
  });
});

describe('quota usage kept by the server', () => {
  it('counts the quota root and its subtree on create, setData and delete', () => {
    const h = core(false);
    h.create('/a', 'abc');
    h.create('/a/old', '12345');
    h.create('/other', 'zz');
    h.setQuota('/a', 'count=10,bytes=-1');
    assert.equal(h.stats('/a'), 'count=2,bytes=8', 'recounted when the stats node was created');
    h.create('/a/b', 'xy');
    assert.equal(h.stats('/a'), 'count=3,bytes=10');
    h.setData('/a/b', 'x');
    assert.equal(h.stats('/a'), 'count=3,bytes=9');
    h.del('/a/old');
    assert.equal(h.stats('/a'), 'count=2,bytes=4');
    h.create('/other/x', 'nope');
    h.create('/ab', 'not under /a');
    assert.equal(h.stats('/a'), 'count=2,bytes=4');
    // a nested path counts towards the deepest quota above it
    h.setQuota('/a/b', 'count=5,bytes=-1');
    h.create('/a/b/c', 'q');
    assert.equal(h.stats('/a/b'), 'count=2,bytes=2');
    assert.equal(h.stats('/a'), 'count=2,bytes=4');
    // deleting the limits node ends the quota
    h.del('/zookeeper/quota/a/b/zookeeper_limits');
    h.create('/a/b/d', 'w');
    assert.equal(h.stats('/a'), 'count=3,bytes=5');
  });

  it('sends the updated stats node to storage with the txn that changed it', () => {
    const h = core(false);
    h.create('/s');
    h.setQuota('/s', 'count=10,bytes=-1');
    h.effects.length = 0;
    h.create('/s/x', 'data');
    const stored = h.effects.filter((e) => e.kind === 'store');
    const written = stored.flatMap((e) => (e.kind === 'store' ? [...e.batch.nodes.entries()] : []));
    const stat = written.find(([p]) => p === '/zookeeper/quota/s/zookeeper_stats');
    assert.ok(stat, `stats node not in the stored batch: ${written.map(([p]) => p).join(', ')}`);
    assert.equal(text(stat[1]?.data), 'count=2,bytes=4');
  });

  it('rebuilds the quota index and recounts from stored nodes', () => {
    const h = core(false);
    h.create('/r', '1');
    h.setQuota('/r', 'count=10,bytes=-1');
    h.create('/r/c', '22');
    const records = [...h.tree().entries()].map(([p, n]) => [p, n.toRecord()] as [string, ReturnType<typeof n.toRecord>]);
    // a stale stats value in storage is corrected on load, as ZooKeeper's setupQuota does
    const stale = records.find(([p]) => p === '/zookeeper/quota/r/zookeeper_stats')!;
    stale[1] = { ...stale[1], data: enc('count=99,bytes=99') };
    const t = new DataTree();
    t.restore(records, asZxid(10n));
    assert.equal(t.quotaPrefix('/r/c/deeper'), '/r');
    assert.equal(text(t.get('/zookeeper/quota/r/zookeeper_stats')?.data), 'count=2,bytes=3');
    // The recounted value goes to storage with the next batch, so the stored nodes imply the
    // data size the tree reports (a learner installing a SNAP, a memory-tree restart).
    const drained = t.drainDirty();
    assert.equal(text(drained.get('/zookeeper/quota/r/zookeeper_stats')?.data), 'count=2,bytes=3');
    let size = 0;
    for (const [path, n] of t.entries()) size += path.length + n.dataLength;
    assert.equal(t.approximateDataSize(), size, 'the data size is what the nodes imply');
  });
});

describe('hard limits', () => {
  it('fail creates and setData with QUOTAEXCEEDED when enforced', () => {
    const h = core(true);
    h.create('/h', '');
    h.setQuota('/h', 'count=-1,bytes=-1=;byteHardLimit=6;countHardLimit=3');
    assert.equal(h.create('/h/1', 'ab'), 0);
    assert.equal(h.create('/h/2', 'cd'), 0);
    assert.equal(h.create('/h/3', ''), Err.QUOTAEXCEEDED);
    assert.equal(h.setData('/h/1', 'abcde'), Err.QUOTAEXCEEDED, 'bytes would be 7 > 6');
    assert.equal(h.setData('/h/1', 'abc'), 0);
    assert.equal(h.stats('/h'), 'count=3,bytes=5');
    assert.ok(h.logs().some((l) => l === 'Quota exceeded: /h [current count=4, hardCountLimit=3]'), h.logs().join('\n'));
    // a multi with a create over the limit fails as a whole
    const multi = h.call({
      op: Op.multi,
      ops: [
        { op: Op.delete, path: '/h/2', version: -1 },
        { op: Op.create, path: '/h/4', data: null, acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n },
        { op: Op.create, path: '/h/5', data: null, acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n },
      ],
    });
    assert.equal(multi, 0); // multi answers per op
    assert.equal(h.tree().get('/h/5'), undefined);
  });

  it('are only logged when quotas are not enforced; soft limits are logged', () => {
    const h = core(false);
    h.create('/n');
    h.setQuota('/n', 'count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=2');
    assert.equal(h.create('/n/1'), 0);
    assert.equal(h.create('/n/2'), 0);
    assert.equal(h.stats('/n'), 'count=3,bytes=0');
    assert.ok(h.logs().some((l) => l.startsWith('Quota exceeded: /n [current count=3, hardCountLimit=2]')), h.logs().join('\n'));
    const s = core(true);
    s.create('/s');
    s.setQuota('/s', 'count=1,bytes=-1');
    assert.equal(s.create('/s/1'), 0, 'a soft limit never fails a write');
    assert.ok(s.logs().some((l) => l === 'Quota exceeded: /s [current count=2, softCountLimit=1]'));
  });
});
