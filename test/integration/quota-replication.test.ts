/**
 * Quota usage in an ensemble: every server derives zookeeper_stats from the same txns, so all
 * agree; a follower that catches up by SNAP (its log was purged past it) gets the same stats;
 * the stats survive a restart; a hard limit is enforced for a client of any server.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, QuotaExceededError, type ZooKeeperClient } from '../../src/client/index.js';
import { createQuota } from '../../src/cli/quota.js';
import { StatsTrack } from '../../src/wire/quota.js';
import { startEnsemble, type Ensemble } from '../support/ensemble.js';
import { fourLetterWord } from '../support/zkts-server.js';
import { waitUntil } from '../client/helpers.js';

async function clientOf(ens: Ensemble, id: number): Promise<ZooKeeperClient> {
  const c = createClient(`127.0.0.1:${ens.server(id).clientPort}`, { sessionTimeout: 6000 });
  await c.connected(20_000);
  return c;
}

async function statsOn(ens: Ensemble, id: number, path: string): Promise<string> {
  const c = await clientOf(ens, id);
  try {
    await c.sync('/');
    return (await c.getData(`/zookeeper/quota${path}/zookeeper_stats`)).data!.toString();
  } finally {
    await c.close();
  }
}

async function zxidOf(ens: Ensemble, id: number): Promise<bigint> {
  const m = /Zxid: (0x[0-9a-f]+)/.exec(await fourLetterWord(ens.server(id).clientPort, 'srvr'));
  return m ? BigInt(m[1]!) : -1n;
}

describe('quotas in an ensemble', { timeout: 180_000 }, () => {
  let ens: Ensemble;
  before(async () => {
    ens = await startEnsemble({ size: 3, election: 'fast', snapCount: 100, logLevel: 'debug', extra: { enforceQuota: true } });
  });
  after(async () => {
    await ens?.cleanup();
  });

  it('every server keeps the same usage, through SNAP and restart; hard limits hold everywhere', async () => {
    const leader = await ens.leader();
    const [f, g] = ens.servers.map((s) => s.id).filter((id) => id !== leader);
    const lc = await clientOf(ens, leader);
    try {
      await lc.create('/q', 'root');
      const limits = new StatsTrack();
      limits.count = -1;
      limits.bytes = 1000; // soft: only logged (a hard limit of the same kind would take its place)
      limits.countHardLimit = 5000;
      limits.byteHardLimit = -1;
      await createQuota(lc, '/q', limits, { out: () => undefined });
      const behind = await zxidOf(ens, f!);
      await ens.kill(f!, 'SIGKILL');
      // More txns than the leader keeps in its log (up to twice max(1000, snapCount)): f must
      // take a SNAP.
      const N = 2100;
      for (let i = 0; i < N; i += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, j) => lc.create(`/q/n${i + j}`, 'xy')));
      }
      await lc.setData('/q/n0', 'longer data');
      await lc.delete('/q/n1');
      const expected = `count=${1 + N - 1},bytes=${4 + (N - 1) * 2 - 2 + 'longer data'.length}`;
      assert.equal(await statsOn(ens, leader, '/q'), expected);
      await waitUntil(
        () => [...ens.output(leader).matchAll(/purged \d+ log entries below (0x[0-9a-f]+)/g)].some((m) => BigInt(m[1]!) > behind + 1n),
        30_000,
        'the leader to purge its log past the follower',
      );
      const mark = ens.output(leader).length;
      await ens.restart(f!);
      await ens.waitForLog(leader, new RegExp(`learner ${f}: SNAP`), 30_000, mark);
      await ens.waitForLog(leader, new RegExp(`learner ${f} is synced`), 30_000, mark);
      for (const id of [leader, f, g]) assert.equal(await statsOn(ens, id!, '/q'), expected, `server ${id}`);
      assert.match(ens.output(leader), /Quota exceeded: \/q \[current bytes=\d+, softByteLimit=1000\]/);

      // after a restart (the usage comes back from storage and is recounted)
      await ens.restart(g!);
      assert.equal(await statsOn(ens, g!, '/q'), expected, 'after a restart');

      // the hard limit, reached, refuses a create sent through a follower
      const fc = await clientOf(ens, f!);
      try {
        limits.countHardLimit = N;
        await createQuota(fc, '/q', limits, { out: () => undefined });
        await assert.rejects(fc.create('/q/one-too-many'), QuotaExceededError);
        await fc.delete('/q/n2');
        await fc.create('/q/fits');
      } finally {
        await fc.close();
      }
      const final = `count=${N},bytes=${4 + (N - 1) * 2 - 2 + 'longer data'.length - 2}`;
      for (const id of [leader, f, g]) assert.equal(await statsOn(ens, id!, '/q'), final, `server ${id}`);
    } finally {
      await lc.close();
    }
  });
});
