/**
 * Leader election with real processes (issue 4), for both algorithms (basic = classic
 * LeaderElection, fast = FastLeaderElection): a full ensemble elects exactly one leader; a
 * killed leader is replaced; a restarted server rejoins without disturbing the others; a
 * minority never elects (and refuses clients); a frozen leader is replaced and steps down when
 * it wakes; the four-letter words report the roles and the algorithm.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, type ZooKeeperClient } from '../../src/client/index.js';
import { JuteWriter, writeConnectRequest, writeFrame } from '../../src/wire/index.js';
import { fourLetter, startEnsemble, type Ensemble, type Mode } from '../support/ensemble.js';
import { RawClient } from '../support/raw-client.js';

const ALGORITHMS = ['basic', 'fast'] as const;
const TICK = 100;
/** Several election timeouts (both algorithms time out a round after ~200 ms). */
const MINORITY_WATCH_MS = 2500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitModes(ens: Ensemble, ok: (m: Map<number, Mode>) => boolean, what: string, timeoutMs = 15_000): Promise<Map<number, Mode>> {
  const start = Date.now();
  for (;;) {
    const m = await ens.modes();
    if (ok(m)) return m;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify([...m])}\n${ens.tails()}`);
    await sleep(50);
  }
}

async function client(ens: Ensemble, id: number): Promise<ZooKeeperClient> {
  const c = createClient(`127.0.0.1:${ens.server(id).clientPort}`, {
    sessionTimeout: 4000,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
  await c.connected(10_000);
  return c;
}

/** Creates a node through `writer` and reads it back through `reader`: the ensemble serves. */
async function assertServes(ens: Ensemble, writer: number, reader: number, path: string): Promise<void> {
  const w = await client(ens, writer);
  const r = await client(ens, reader);
  try {
    await w.create(path, `written via ${writer}`);
    await r.sync(path);
    const { data } = await r.getData(path);
    assert.equal(data?.toString(), `written via ${writer}`);
  } finally {
    await Promise.all([w.close(), r.close()]);
  }
}

function marks(ens: Ensemble): Map<number, number> {
  return new Map(ens.servers.map((s) => [s.id, ens.output(s.id).length]));
}

function since(ens: Ensemble, m: Map<number, number>, id: number): string {
  return ens.output(id).slice(m.get(id) ?? 0);
}

/** Connects and sends a ConnectRequest: true if the server closed without answering. */
async function refusesClients(port: number): Promise<boolean> {
  const raw = await RawClient.open(port);
  raw.send(
    writeFrame((w: JuteWriter) =>
      writeConnectRequest(w, { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 10_000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false }),
    ),
  );
  const frame = await raw.frame(5000);
  raw.socket.destroy();
  return frame === null;
}

/** Polls for `ms`: the minority stays up, no server reports Mode: leader or starts serving. */
async function assertNoLeaderFor(ens: Ensemble, ids: number[], ms: number): Promise<void> {
  const end = Date.now() + ms;
  let polls = 0;
  while (Date.now() < end) {
    const m = await ens.modes();
    for (const id of ids) {
      assert.ok(ens.isRunning(id), `server ${id} exited:\n${ens.output(id)}`);
      assert.equal(m.get(id), 'not serving', `server ${id} during minority: ${JSON.stringify([...m])}`);
      assert.doesNotMatch(ens.output(id), /serving clients on|role: leading|role: following/);
    }
    polls++;
    await sleep(100);
  }
  assert.ok(polls >= 5);
}

for (const election of ALGORITHMS) {
  describe(`${election} election, 3 servers`, { timeout: 60_000 }, () => {
    let ens: Ensemble;
    let first: number;
    let second: number;

    before(async () => {
      ens = await startEnsemble({ size: 3, election, tickTime: TICK, syncLimit: 5 });
    });
    after(async () => {
      await ens?.cleanup();
    });

    it('elects exactly one leader; the others follow; 4lw words report the role and the algorithm', async () => {
      first = await ens.leader();
      const m = await waitModes(ens, (x) => [...x.values()].filter((v) => v === 'follower').length === 2, 'two followers');
      assert.deepEqual([...m.values()].sort(), ['follower', 'follower', 'leader']);
      for (const s of ens.servers) {
        const isLeader = s.id === first;
        const role = isLeader ? 'leader' : 'follower';
        const srvr = await fourLetter(s.clientPort, 'srvr');
        assert.match(srvr, new RegExp(`^Mode: ${role}$`, 'm'));
        const stat = await fourLetter(s.clientPort, 'stat');
        assert.match(stat, new RegExp(`^Mode: ${role}$`, 'm'));
        const mntr = await fourLetter(s.clientPort, 'mntr');
        assert.match(mntr, new RegExp(`^zk_server_state\\t${role}$`, 'm'));
        assert.match(mntr, new RegExp(`^zk_peer_state\\t${isLeader ? 'leading' : 'following'} - broadcast$`, 'm'));
        assert.match(mntr, new RegExp(`^zk_election_algorithm\\t${election}$`, 'm'));
        const conf = await fourLetter(s.clientPort, 'conf');
        assert.match(conf, new RegExp(`^electionAlg=${election === 'basic' ? 0 : 3}$`, 'm'));
        assert.match(conf, new RegExp(`^electionAlgorithm=${election}$`, 'm'));
        assert.match(ens.output(s.id), new RegExp(`${election} election decided in \\d+ round\\(s\\), \\d+ ms: leader ${first}\\b`));
      }
      const followers = ens.servers.map((s) => s.id).filter((id) => id !== first);
      await assertServes(ens, followers[0]!, followers[1]!, `/election-${election}-initial`);
    });

    it('a SIGKILLed leader is replaced by a new leader that serves clients', async () => {
      const mk = marks(ens);
      await ens.kill(first, 'SIGKILL');
      second = await ens.leader();
      assert.notEqual(second, first);
      const other = ens.servers.map((s) => s.id).find((id) => id !== first && id !== second)!;
      await waitModes(ens, (x) => x.get(other) === 'follower', `server ${other} following`);
      for (const id of [second, other]) assert.match(since(ens, mk, id), /LOOKING/);
      assert.match(since(ens, mk, second), /serving clients on \S+ as leader/);
      await assertServes(ens, other, second, `/election-${election}-after-kill`);
    });

    it('the killed server rejoins as a follower without a new election', async () => {
      const mk = marks(ens);
      await ens.restart(first);
      await waitModes(ens, (x) => x.get(first) === 'follower', `server ${first} following`);
      assert.equal(await ens.leader(), second);
      for (const s of ens.servers) {
        if (s.id === first) continue;
        assert.doesNotMatch(since(ens, mk, s.id), /LOOKING|role: looking/, `server ${s.id} went LOOKING when ${first} rejoined`);
      }
      assert.match(since(ens, mk, first), new RegExp(`following leader ${second}\\b`));
      // It caught up with what was written while it was down.
      const c = await client(ens, first);
      try {
        assert.ok(await c.exists(`/election-${election}-after-kill`));
      } finally {
        await c.close();
      }
      await sleep(500);
      assert.equal(await ens.leader(), second, 'the leader changed after the rejoin');
    });

    it('a frozen leader (SIGSTOP) is replaced, and on SIGCONT steps down and follows the new leader', async () => {
      const frozen = await ens.leader();
      const mk = marks(ens);
      await ens.kill(frozen, 'SIGSTOP');
      let third: number;
      try {
        third = await ens.leader();
      } catch (e) {
        await ens.kill(frozen, 'SIGCONT');
        throw e;
      }
      assert.notEqual(third, frozen);
      const other = ens.servers.map((s) => s.id).find((id) => id !== frozen && id !== third)!;
      await waitModes(ens, (x) => x.get(other) === 'follower', `server ${other} following`);
      await assertServes(ens, other, third, `/election-${election}-while-frozen`);

      const woke = ens.output(frozen).length;
      await ens.kill(frozen, 'SIGCONT');
      await ens.waitForLog(frozen, /LOOKING/, 15_000, woke);
      await waitModes(ens, (x) => x.get(frozen) === 'follower', `server ${frozen} following after SIGCONT`);
      const after = ens.output(frozen).slice(woke);
      assert.ok(after.indexOf('LOOKING') < after.search(new RegExp(`following leader ${third}\\b`)), after);
      assert.equal(await ens.leader(), third);
      assert.match(since(ens, mk, frozen), new RegExp(`following leader ${third}\\b`));
      const c = await client(ens, frozen);
      try {
        assert.ok(await c.exists(`/election-${election}-while-frozen`), 'the woken server missed a write');
      } finally {
        await c.close();
      }
    });
  });

  describe(`${election} election, minority of 3 (one server)`, { timeout: 30_000 }, () => {
    let ens: Ensemble;
    before(async () => {
      ens = await startEnsemble({ size: 3, election, tickTime: TICK, start: [1] });
      await ens.waitForLog(1, /LOOKING/);
    });
    after(async () => {
      await ens?.cleanup();
    });

    it('a LOOKING server answers srvr with "not currently serving requests"', async () => {
      assert.match(await fourLetter(ens.server(1).clientPort, 'srvr'), /not currently serving requests/);
      assert.equal(await ens.mode(1), 'not serving');
    });

    it('never elects, and closes client connections unanswered', async () => {
      await assertNoLeaderFor(ens, [1], MINORITY_WATCH_MS);
      assert.ok(await refusesClients(ens.server(1).clientPort), 'a LOOKING server answered a ConnectRequest');
      assert.doesNotMatch(ens.output(1), /serving clients on|role: leading/);
      // The same server elects as soon as a second one makes a majority.
      await ens.restart(2, { waitServing: false });
      const leader = await ens.leader();
      assert.ok([1, 2].includes(leader));
      await waitModes(ens, (x) => x.get(1) !== 'not serving' && x.get(2) !== 'not serving', 'both serving');
      assert.equal(await refusesClients(ens.server(1).clientPort), false, 'a serving server refused a client');
    });
  });

  describe(`${election} election, 5 servers`, { timeout: 60_000 }, () => {
    let ens: Ensemble;
    before(async () => {
      ens = await startEnsemble({ size: 5, election, tickTime: TICK, start: [1, 2] });
      await Promise.all([ens.waitForLog(1, /LOOKING/), ens.waitForLog(2, /LOOKING/)]);
    });
    after(async () => {
      await ens?.cleanup();
    });

    it('2 of 5 never elect; all 5 elect one leader; a killed leader is replaced; it rejoins as follower', async () => {
      await assertNoLeaderFor(ens, [1, 2], MINORITY_WATCH_MS);
      assert.ok(await refusesClients(ens.server(2).clientPort));

      await Promise.all([3, 4, 5].map((id) => ens.restart(id, { waitServing: false })));
      const first = await ens.leader();
      const m = await waitModes(ens, (x) => [...x.values()].filter((v) => v === 'follower').length === 4, 'four followers');
      assert.deepEqual([...m.values()].sort(), ['follower', 'follower', 'follower', 'follower', 'leader']);

      await ens.kill(first, 'SIGKILL');
      const second = await ens.leader();
      assert.notEqual(second, first);
      const rest = ens.servers.map((s) => s.id).filter((id) => id !== first && id !== second);
      await waitModes(ens, (x) => rest.every((id) => x.get(id) === 'follower'), 'three followers');
      await assertServes(ens, rest[0]!, rest[1]!, `/election5-${election}`);

      const mk = marks(ens);
      await ens.restart(first);
      await waitModes(ens, (x) => x.get(first) === 'follower', `server ${first} following`);
      assert.equal(await ens.leader(), second);
      for (const id of [second, ...rest]) assert.doesNotMatch(since(ens, mk, id), /LOOKING/, `server ${id} went LOOKING`);
      const c = await client(ens, first);
      try {
        assert.ok(await c.exists(`/election5-${election}`));
      } finally {
        await c.close();
      }
    });
  });
}
