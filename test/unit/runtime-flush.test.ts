/**
 * The runtime carries out everything its core has to do in the turn an input arrives (issue 11:
 * every write through a follower waited ~25 ms, one tick of the quorum runtime). The quorum peer
 * turns a request forwarded by a learner into a proposal while it drains the leader core, so the
 * proposal's effects land in the core's *next* drain; the runtime drained once per turn, and that
 * next drain came with the next input: the tick. No sockets and no timing: the runtime is driven
 * without start() on the memory storage, and the test counts turns, not milliseconds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng, stampNow } from '../../src/base/clock.js';
import { makeZxid, asZxid } from '../../src/base/zxid.js';
import { QuorumPeer, type PeerEffect } from '../../src/peer/quorum-peer.js';
import { PeerRuntime } from '../../src/net/peer-runtime.js';
import { CoreDriver, type DrivenCore } from '../../src/drive/core-driver.js';
import { storageDisk } from '../../src/drive/storage-disk.js';
import { nodeTimer } from '../../src/net/core-runtime.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import type { ServerSpec } from '../../src/config/types.js';
import { Err, Op } from '../../src/wire/constants.js';
import { Pkt } from '../../src/wire/quorum.js';
import { TxnType } from '../../src/wire/txn.js';
import { asSid, asLinkId } from '../../src/base/ids.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const quiet = { error() {}, warn() {}, info() {}, debug() {} };

describe('CoreDriver: a flush leaves nothing for the next input', () => {
  /** A core whose first effect, carried out, feeds it again (as a storage answer does). */
  class Layered implements DrivenCore<{ kind: string }, { kind: string }> {
    private out: { kind: string }[] = [];
    step(input: { kind: string }): void {
      if (input.kind === 'input') this.out.push({ kind: 'first' });
      if (input.kind === 'fed') this.out.push({ kind: 'second' });
    }
    drain(): { kind: string }[] {
      const out = this.out;
      this.out = [];
      return out;
    }
  }
  class Recording extends CoreDriver<Layered, { kind: string }, { kind: string }> {
    readonly done: string[] = [];
    protected execute(e: { kind: string }): void {
      this.done.push(e.kind);
      // Carrying out 'first' feeds the core in the same turn; what that produces must not wait.
      if (e.kind === 'first') this.submit({ kind: 'fed' });
    }
  }

  it('ends the turn and drains the core again until it is quiet', async () => {
    const ports = { timer: nodeTimer, disk: storageDisk(new MemoryStorage()), log: quiet, clients: () => {}, exit: () => {} };
    const runtime = new Recording(new Layered(), ports, { logRetain: 1000 });
    runtime.submit({ kind: 'input' });
    await turn();
    assert.deepEqual(runtime.done, ['first', 'second']);
  });
});

describe('PeerRuntime: a request forwarded by a learner is proposed in the turn it arrives', () => {
  // One voter (this server, so it leads on its own) and an observer that forwards a request.
  const servers: ServerSpec[] = [
    { id: asSid(1), host: '127.0.0.1', quorumPort: 1, electionPort: 1, role: 'participant' },
    { id: asSid(2), host: '127.0.0.1', quorumPort: 1, electionPort: 1, role: 'observer' },
  ];
  const clock = { now: 0, nowMs: () => clock.now, wallMs: () => 1_700_000_000_000 + clock.now };

  it('persists the proposal (and answers nothing later than that) without waiting for a tick', async () => {
    const storage = new MemoryStorage();
    const peer = new QuorumPeer(
      {
        serverId: asSid(1),
        tickTime: 100,
        minSessionTimeout: 200,
        maxSessionTimeout: 20_000,
        extendedTypesEnabled: false,
        servers,
        election: 'fast',
        initLimit: 10,
        syncLimit: 5,
        containerCheckIntervalMs: 3_600_000,
        incarnation: 7,
      },
      new SeededRng(1),
      storage,
      await storage.load(),
      stampNow(clock),
    );
    const effects: PeerEffect[] = [];
    const drain = peer.drain.bind(peer);
    peer.drain = () => {
      const out = drain();
      effects.push(...out);
      return out;
    };
    const runtime = new PeerRuntime(peer, storage, quiet, {
      self: { id: asSid(1), host: '127.0.0.1', quorumPort: 1, electionPort: 1 },
      servers: [],
      tickIntervalMs: 25,
      initLimitMs: 1000,
      logRetain: 1000,
    });
    /** Lets the runtime and the storage run (every write flushed at once), without ticks. */
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 10; i++) {
        await turn();
        storage.flush();
      }
    };
    runtime.submit({ kind: 'start' });
    await settle();
    // The election may need time (its notification timeouts): ticks until this server leads.
    for (let i = 0; i < 50 && peer.role !== 'leading'; i++) {
      clock.now += 50;
      runtime.submit({ kind: 'tick' });
      await settle();
    }
    const kinds = (): string => effects.map((e) => e.kind + (e.kind === 'log' ? ': ' + e.message : '')).join('\n');
    assert.equal(peer.role, 'leading', kinds());

    // The observer joins: the epoch is agreed and established with it (the only voter is us).
    const link = asLinkId(5);
    runtime.submit({ kind: 'learnerLinkUp', link });
    runtime.submit({ kind: 'fromLearner', link, packet: { type: Pkt.OBSERVERINFO, acceptedEpoch: 0, sid: asSid(2), protocolVersion: 0x10000, lastLogged: asZxid(0n), currentEpoch: 0 } });
    await settle();
    runtime.submit({ kind: 'fromLearner', link, packet: { type: Pkt.ACKEPOCH, lastLogged: asZxid(0n), currentEpoch: 0 } });
    await settle();
    runtime.submit({ kind: 'fromLearner', link, packet: { type: Pkt.ACK, zxid: makeZxid(peer.epoch, 0) } });
    await settle();
    assert.ok(peer.isServing, kinds());
    assert.deepEqual(peer.leader?.learnerSids().map((l) => l.phase), ['synced']);

    effects.length = 0;
    const passwd = new Uint8Array(16).fill(3);
    const request = { kind: 'createSession', sessionId: 0x4242n, cxid: 0, timeout: 5000, passwd } as const;
    runtime.submit({ kind: 'fromLearner', link, packet: { type: Pkt.REQUEST, request, authinfo: [] } });
    await turn(); // the one flush of the turn the request arrived in; no tick, no other input
    const persist = effects.find((e) => e.kind === 'persist');
    assert.ok(persist && persist.kind === 'persist', `the proposal was not handed to the log in that turn: ${effects.map((e) => e.kind).join(', ')}`);
    assert.equal(persist.txns[0]!.body.type, TxnType.createSession);
    assert.equal(persist.txns[0]!.sessionId, 0x4242n);
    // Once it is durable, it commits and is applied, again with no other input.
    storage.flush();
    await turn();
    await turn();
    assert.ok(peer.replica.sessions.get(0x4242n), 'the session was applied');

    // A forwarded record that does not decode is the client's error: a MARSHALLINGERROR txn, and the link stays.
    effects.length = 0;
    const undecodable = { kind: 'undecodable', sessionId: 0x4242n, cxid: 1, op: Op.create, record: new Uint8Array([1, 2]) } as const;
    runtime.submit({ kind: 'fromLearner', link, packet: { type: Pkt.REQUEST, request: undecodable, authinfo: [] } });
    await turn();
    const refused = effects.find((e) => e.kind === 'persist');
    assert.ok(refused && refused.kind === 'persist', effects.map((e) => e.kind).join(', '));
    assert.deepEqual(refused.txns[0]!.body, { type: TxnType.error, err: Err.MARSHALLINGERROR });
    assert.ok(!effects.some((e) => e.kind === 'close'), 'the learner keeps its link');
    await runtime.stop();
  });
});
