/**
 * The UDP adapter with real sockets on 127.0.0.1: both algorithms elect over it, garbage is
 * counted and dropped without disturbing the election, and with a shared key every datagram
 * is authenticated (a wrong key or no MAC is dropped and counted).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { SeededRng } from '../../src/base/clock.js';
import { Election } from '../../src/election/election.js';
import type { Decision, ElectionAlgorithm, ElectionEffect } from '../../src/election/types.js';
import { ElectionAddress, UdpElectionTransport } from '../../src/net/udp-election.js';
import { encodeElectionDatagram } from '../../src/wire/election.js';
import { cred, members } from './election-harness.js';
import { asSid } from '../../src/base/ids.js';
import { asZxid } from '../../src/base/zxid.js';

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  sid: number;
  election: Election;
  transport: UdpElectionTransport<ElectionEffect>;
  decision: Decision | null;
  address: ElectionAddress;
}

const open: Server[] = [];
after(async () => {
  for (const s of open) await s.transport.close();
});

async function ensemble(algorithm: ElectionAlgorithm, keys: Array<string | undefined>): Promise<Server[]> {
  const addresses: ElectionAddress[] = [];
  for (let i = 0; i < keys.length; i++) addresses.push({ id: asSid(i + 1), host: '127.0.0.1', electionPort: await freeUdpPort() });
  const servers: Server[] = [];
  for (const address of addresses) {
    const election = new Election({ algorithm, mySid: address.id, incarnation: 1000 + address.id, members: members(keys.length), rng: new SeededRng(address.id) });
    const server: Server = { sid: address.id, election, decision: null, address, transport: null as never };
    server.transport = new UdpElectionTransport<ElectionEffect>({
      self: address,
      servers: addresses,
      handler: election,
      sharedKey: keys[address.id - 1],
      tickIntervalMs: 10,
      onEffect: (e) => {
        if (e.kind === 'decided') server.decision = e.decision;
      },
    });
    await server.transport.start();
    servers.push(server);
    open.push(server);
  }
  return servers;
}

function startAll(servers: Server[]): void {
  for (const s of servers) s.transport.run(s.election.step({ kind: 'start', credentials: cred(1, s.sid), nowMs: performance.now() }));
}

async function until(pred: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function sendRaw(to: ElectionAddress, bytes: Uint8Array): Promise<void> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => s.send(bytes, to.electionPort, to.host, (err) => (err ? reject(err) : resolve())));
  s.close();
}

describe('UDP election adapter', () => {
  for (const algorithm of ['fast', 'basic'] as const) {
    test(`three servers elect over real UDP (${algorithm})`, async () => {
      const servers = await ensemble(algorithm, [undefined, undefined, undefined]);
      startAll(servers);
      await until(() => servers.every((s) => s.decision !== null), 10_000);
      for (const s of servers) assert.equal(s.decision!.leader, 3);
      assert.equal(servers[2]!.election.state, 'leading');
      for (const s of servers) assert.ok(s.transport.stats().datagramsOut! > 0);
    });
  }

  test('garbage is counted and dropped; the receiver keeps working', async () => {
    const servers = await ensemble('fast', [undefined, undefined, undefined]);
    const target = servers[0];
    const valid = encodeElectionDatagram({ header: { sid: asSid(2), incarnation: 7, seq: 1 }, message: { type: 'classic-query', round: 1 } });
    for (const junk of [new Uint8Array(0), new Uint8Array(3), valid.subarray(0, 20), new Uint8Array(500).fill(0x5a), Buffer.from('GET / HTTP/1.0\r\n\r\n')]) {
      await sendRaw(target!.address, junk);
    }
    await until(() => target!.transport.counters.droppedMalformed === 5, 2000);
    startAll(servers);
    await until(() => servers.every((s) => s.decision !== null), 10_000);
    assert.equal(target!.decision!.leader, 3);
  });

  test('with a shared key, datagrams without a valid HMAC are dropped and counted', async () => {
    // Server 3 holds the wrong key: 1 and 2 still form a quorum; 3 never hears them.
    const servers = await ensemble('fast', ['secret', 'secret', 'not-the-secret']);
    startAll(servers);
    await until(() => servers[0]!.decision !== null && servers[1]!.decision !== null, 10_000);
    assert.equal(servers[0]!.decision!.leader, 2);
    await until(() => servers[0]!.transport.counters.droppedBadMac > 0 && servers[2]!.transport.counters.droppedBadMac > 0, 5000);
    assert.equal(servers[2]!.decision, null);
    // An unsigned but otherwise valid datagram is refused by a keyed server.
    const before = servers[0]!.transport.counters.droppedBadMac;
    const unsigned = encodeElectionDatagram({ header: { sid: asSid(2), incarnation: 7, seq: 99 }, message: { type: 'fast-notification', notice: { state: 'leading', round: 9, vote: { leader: asSid(2), zxid: asZxid(0n), peerEpoch: 9 } } } });
    await sendRaw(servers[0]!.address, unsigned);
    await until(() => servers[0]!.transport.counters.droppedBadMac > before, 2000);
    assert.equal(servers[0]!.election.state, 'following');
  });
});
