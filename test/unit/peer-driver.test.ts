/**
 * The effect interpreter (src/drive/peer-driver.ts) over fake ports: a virtual timer, a disk
 * that answers when told, links and a connector that record what they are asked. These pin the
 * behaviours where the runtime's and the simulator's former copies differed
 * (docs/architecture.md, "Effect interpreters"), on the one interpreter both now run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invariant } from '../../src/base/invariant.js';
import type { PeerEffect, QuorumPeer } from '../../src/peer/quorum-peer.js';
import { PeerDriver } from '../../src/drive/peer-driver.js';
import { StandaloneRuntime } from '../../src/net/standalone-runtime.js';
import type { StandaloneCore } from '../../src/peer/standalone.js';
import type { StandaloneInput } from '../../src/peer/inputs.js';
import type { ConnectResult, Disk, DiskDone, LinkEvents, QuorumLinkPort, Timer } from '../../src/drive/ports.js';
import type { AppliedBatch } from '../../src/storage/api.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import { decodeQuorumMessage, encodeQuorumMessage, Pkt, type SentQuorumMessage, type LeaderMessage, type LearnerMessage } from '../../src/wire/quorum.js';
import { encodeTxn, TxnType, type Txn } from '../../src/wire/txn.js';
import type { LogEntry } from '../../src/storage/api.js';
import type { PeerInput } from '../../src/peer/inputs.js';
import { asSid } from '../../src/base/ids.js';
import { asZxid, type Zxid } from '../../src/base/zxid.js';

class FakeTimer implements Timer {
  now = 0;
  private seq = 0;
  private queue: { at: number; seq: number; fn: () => void }[] = [];
  nowMs(): number {
    return this.now;
  }
  wallMs(): number {
    return this.now;
  }
  private push(at: number, fn: () => void): () => void {
    const e = { at, seq: this.seq++, fn };
    this.queue.push(e);
    return () => (this.queue = this.queue.filter((x) => x !== e));
  }
  soon(fn: () => void): void {
    this.push(this.now, fn);
  }
  after(ms: number, fn: () => void): () => void {
    return this.push(this.now + ms, fn);
  }
  every(ms: number, fn: () => void): () => void {
    let cancel = (): void => undefined;
    const run = (): void => {
      cancel = this.push(this.now + ms, () => {
        fn();
        run();
      });
    };
    run();
    return () => cancel();
  }
  /** Runs everything due up to `untilMs`, in time order. */
  run(untilMs = this.now): void {
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue[0];
      if (!next || next.at > untilMs) break;
      this.queue.shift();
      this.now = next.at;
      next.fn();
    }
    this.now = Math.max(this.now, untilMs);
  }
}

class FakeLink implements QuorumLinkPort {
  events: LinkEvents | null = null;
  sent: SentQuorumMessage[] = [];
  frames: Uint8Array[] = [];
  closedWith: string | null = null;
  setEvents(e: LinkEvents): void {
    this.events = e;
  }
  send(p: SentQuorumMessage, frame: Uint8Array): void {
    if (this.closedWith !== null) return;
    this.sent.push(p);
    this.frames.push(frame);
  }
  close(reason: string): void {
    if (this.closedWith !== null) return;
    this.closedWith = reason;
    this.events?.onClose(reason); // as a socket does: the close is reported to its owner too
  }
  get isClosed(): boolean {
    return this.closedWith !== null;
  }
  whenDrained(fn: () => void): void {
    fn();
  }
}

/** A disk that records each call and answers only when told. */
class FakeDisk implements Disk {
  calls: string[] = [];
  appended: LogEntry[][] = [];
  private waiting: { what: string; done: DiskDone }[] = [];
  private record(what: string, done: DiskDone): void {
    this.calls.push(what);
    this.waiting.push({ what, done });
  }
  answerAll(err: Error | null = null): void {
    for (const w of this.waiting.splice(0)) w.done(err);
  }
  readLog() {
    return [];
  }
  firstLogged() {
    return null;
  }
  appendLog(entries: readonly LogEntry[], done: DiskDone): void {
    this.appended.push([...entries]);
    this.record(`appendLog ${entries.map((e) => e.zxid).join(',')}`, done);
  }
  setEpochs(_e: unknown, done: DiskDone): void {
    this.record('setEpochs', done);
  }
  truncateLogAfter(zxid: bigint, done: DiskDone): void {
    this.record(`truncateLogAfter ${zxid}`, done);
  }
  replaceState(_s: unknown, done: DiskDone): void {
    this.record('replaceState', done);
  }
  applyCommitted(batch: AppliedBatch, done: DiskDone): void {
    this.record(`applyCommitted ${batch.lastApplied}`, done);
  }
  purgeLogBefore(zxid: bigint, done: (err: Error | null, n: number) => void): void {
    this.record(`purgeLogBefore ${zxid}`, (err) => done(err, 0));
  }
}

/** Stands in for the QuorumPeer: emits what the test queues, records every input. */
class FakePeer {
  out: PeerEffect[] = [];
  inputs: string[] = [];
  drain(): PeerEffect[] {
    const o = this.out;
    this.out = [];
    return o;
  }
  /** The peer's one entry point: each input kind to the method that records it. */
  step(i: PeerInput & { run?: (p: FakePeer) => void }): void {
    switch (i.kind) {
      case 'persisted': return this.persisted(i.token);
      case 'persistFailed': return this.persistFailed(i.token, i.reason);
      case 'leaderLinkUp': return this.leaderLinkUp();
      case 'leaderLinkDown': return this.leaderLinkDown(i.reason ?? '');
      case 'fromLeader': return this.fromLeader(i.packet);
      case 'learnerLinkUp': return this.learnerLinkUp(i.link);
      case 'learnerLinkDown': return this.learnerLinkDown(i.link);
      case 'fromLearner': return this.fromLearner(i.link, i.packet);
      default: i.run?.(this);
    }
  }
  start(): void {}
  tick(): void {}
  persisted(t: number): void {
    this.inputs.push(`persisted ${t}`);
  }
  persistFailed(t: number, reason: string): void {
    this.inputs.push(`persistFailed ${t} ${reason}`);
  }
  leaderLinkUp(): void {
    this.inputs.push('leaderLinkUp');
  }
  leaderLinkDown(reason: string): void {
    this.inputs.push(`leaderLinkDown ${reason}`);
  }
  fromLeader(p: LeaderMessage): void {
    this.inputs.push(`fromLeader ${p.type}`);
  }
  learnerLinkUp(id: number): void {
    this.inputs.push(`learnerLinkUp ${id}`);
  }
  learnerLinkDown(id: number): void {
    this.inputs.push(`learnerLinkDown ${id}`);
  }
  fromLearner(id: number, p: LearnerMessage): void {
    this.inputs.push(`fromLearner ${id} ${p.type}`);
  }
  purgeFloor(): null {
    return null;
  }
}

function setup(opts: { connect?: (sid: number, done: (r: ConnectResult<FakeLink>) => void) => void } = {}) {
  const timer = new FakeTimer();
  const disk = new FakeDisk();
  const peer = new FakePeer();
  const attempts: number[] = [];
  const exits: { reason: string; cause: string }[] = [];
  const errors: string[] = [];
  const driver = new PeerDriver<FakeLink>(
    peer as unknown as QuorumPeer,
    {
      timer,
      disk,
      log: { error: (m) => errors.push(m), warn() {}, info() {}, debug() {} },
      clients: () => undefined,
      exit: (reason, cause) => exits.push({ reason, cause }),
      connector: {
        connect: (sid, done) => {
          attempts.push(timer.now);
          if (opts.connect) opts.connect(sid, done);
          else timer.soon(() => done({ error: 'ECONNREFUSED' }));
        },
      },
      datagrams: { send: () => undefined },
    },
    { tickIntervalMs: 25, initLimitMs: 1000, logRetain: 1000, snapChunkBytes: 1000, streamTurnBytes: 1000 },
  );
  /** The peer emits `effects`; the interpreter carries them out at the end of the turn. */
  const emit = (...effects: PeerEffect[]): void => {
    driver.submit({ kind: 'tick', run: (p: FakePeer) => p.out.push(...effects) } as unknown as PeerInput);
    timer.run();
  };
  return { timer, disk, peer, driver, attempts, exits, errors, emit };
}

describe('PeerDriver: the link to the leader', () => {
  it('retries every 200 ms until initLimit has passed, then tells the peer it cannot reach the leader', () => {
    const { timer, peer, attempts, emit } = setup();
    emit({ kind: 'connectLeader', leader: asSid(2) });
    timer.run(5_000);
    assert.deepEqual(attempts, [0, 200, 400, 600, 800, 1000, 1200]);
    assert.deepEqual(peer.inputs, ['leaderLinkDown cannot reach leader 2: ECONNREFUSED']);
  });

  it('a link that connects after the peer gave up on it is closed, and the peer never hears of it', () => {
    let answer: ((r: ConnectResult<FakeLink>) => void) | null = null;
    const { timer, peer, emit } = setup({ connect: (_sid, done) => (answer = done) });
    emit({ kind: 'connectLeader', leader: asSid(2) });
    emit({ kind: 'disconnectLeader' });
    const late = new FakeLink();
    answer!({ link: late });
    timer.run(5_000);
    assert.equal(late.closedWith, 'connect abandoned');
    assert.deepEqual(peer.inputs, []);
  });

  it('a new connectLeader closes the link to the previous leader (the runtime used to leave it open)', () => {
    const links: FakeLink[] = [];
    const { timer, peer, emit } = setup({
      connect: (_sid, done) => {
        const l = new FakeLink();
        links.push(l);
        timer.soon(() => done({ link: l }));
      },
    });
    emit({ kind: 'connectLeader', leader: asSid(2) });
    assert.equal(links.length, 1);
    emit({ kind: 'connectLeader', leader: asSid(3) });
    assert.equal(links[0]!.closedWith, 'reconnecting');
    links[0]!.events?.onPacket({ type: Pkt.PING, lastCommitted: 0n, round: 1 } as LeaderMessage); // late packets of the old link are ignored
    links[1]!.events?.onPacket({ type: Pkt.PING, lastCommitted: 0n, round: 1 } as LeaderMessage);
    timer.run();
    assert.deepEqual(peer.inputs, ['leaderLinkUp', 'leaderLinkUp', `fromLeader ${Pkt.PING}`]);
  });
});

describe('PeerDriver: learner links', () => {
  it('a learner link the peer closes is reported down once, although the socket reports its close too', () => {
    const { driver, peer, emit } = setup();
    const link = new FakeLink();
    const id = driver.acceptLearner(link);
    emit({ kind: 'closeLearner', link: id, reason: 'dropped' });
    assert.equal(link.closedWith, 'dropped');
    link.events?.onClose('connection closed');
    assert.deepEqual(peer.inputs, [`learnerLinkUp ${id}`, `learnerLinkDown ${id}`]);
  });
});

describe('PeerDriver: each message encoded once', () => {
  const txnAt = (zxid: Zxid): Txn => ({ sessionId: 5n, cxid: 3, zxid, time: 1_700_000_000_000, body: { type: TxnType.create, path: `/n${zxid}`, data: new Uint8Array(100).fill(7), acl: [], ephemeralOwner: 0n, parentCversion: 1 } });
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  /** What a link that encoded each message itself would write: the body's length, then the body. */
  const perLinkFrame = (p: SentQuorumMessage) => {
    const body = encodeQuorumMessage(p);
    const f = Buffer.alloc(4 + body.byteLength);
    f.writeInt32BE(body.byteLength, 0);
    f.set(body, 4);
    return hex(f);
  };

  it('a message sent to several learners is one frame, byte-identical to encoding it per link', () => {
    const { driver, emit } = setup();
    const a = new FakeLink();
    const b = new FakeLink();
    const la = driver.acceptLearner(a);
    const lb = driver.acceptLearner(b);
    const proposal: LeaderMessage = { type: Pkt.PROPOSAL, txn: txnAt(asZxid(0x100000001n)) };
    const commit: LeaderMessage = { type: Pkt.COMMIT, zxid: asZxid(0x100000001n) };
    emit(
      { kind: 'toLearner', link: la, packet: proposal },
      { kind: 'toLearner', link: lb, packet: proposal },
      { kind: 'toLearner', link: la, packet: commit },
      { kind: 'toLearner', link: lb, packet: commit },
    );
    assert.deepEqual([a.sent, b.sent], [[proposal, commit], [proposal, commit]]);
    assert.equal(a.frames[0], b.frames[0], 'the PROPOSAL is encoded once');
    assert.equal(a.frames[1], b.frames[1], 'the COMMIT is encoded once');
    assert.deepEqual(a.frames.map(hex), [perLinkFrame(proposal), perLinkFrame(commit)]);
    // An equal message that is another object is encoded on its own (nothing is matched by content).
    const again: LeaderMessage = { type: Pkt.COMMIT, zxid: asZxid(0x100000001n) };
    emit({ kind: 'toLearner', link: la, packet: again });
    assert.notEqual(a.frames[2], a.frames[1]);
    assert.equal(hex(a.frames[2]!), perLinkFrame(again));
  });

  it("the leader's log append stores the txn bytes of the PROPOSAL frame it sent in the same turn", () => {
    const { driver, disk, emit } = setup();
    const link = new FakeLink();
    const id = driver.acceptLearner(link);
    const t1 = txnAt(asZxid(0x100000001n));
    const t2 = txnAt(asZxid(0x100000002n));
    const proposal: LeaderMessage = { type: Pkt.PROPOSAL, txn: t1 };
    emit({ kind: 'toLearner', link: id, packet: proposal }, { kind: 'persist', token: 1, txns: [t1, t2] });
    const entries = disk.appended[0]!;
    assert.deepEqual(entries.map((e) => [e.zxid, hex(e.bytes)]), [t1, t2].map((t) => [t.zxid, hex(encodeTxn(t))]));
    assert.equal(entries[0]!.bytes.buffer, link.frames[0]!.buffer, 'the sent frame\'s bytes, not a second encoding');
    assert.notEqual(entries[1]!.bytes.buffer, link.frames[0]!.buffer, 'a txn not sent this turn is encoded for the log');
    // In a later turn the frames of earlier turns are not looked up: the txn is encoded afresh.
    emit({ kind: 'persist', token: 2, txns: [t1] });
    assert.notEqual(disk.appended[1]![0]!.bytes.buffer, link.frames[0]!.buffer);
    assert.equal(hex(disk.appended[1]![0]!.bytes), hex(encodeTxn(t1)));
  });
});

describe('PeerDriver: a follower logs proposals as received', () => {
  it("the follower's log append stores the txn bytes of the PROPOSAL it decoded in the same turn", () => {
    const links: FakeLink[] = [];
    const { timer, disk, emit } = setup({
      connect: (_sid, done) => {
        const l = new FakeLink();
        links.push(l);
        timer.soon(() => done({ link: l }));
      },
    });
    emit({ kind: 'connectLeader', leader: asSid(2) });
    const t1: Txn = { sessionId: 5n, cxid: 3, zxid: asZxid(0x100000001n), time: 1_700_000_000_000, body: { type: TxnType.setData, path: '/a', data: new Uint8Array(100).fill(7), version: 1 } };
    // The frame as it comes off the link: its body decoded, then handed on at once.
    const body = encodeQuorumMessage({ type: Pkt.PROPOSAL, txn: t1 });
    const received = decodeQuorumMessage(body, 'leader') as LeaderMessage;
    links[0]!.events?.onPacket(received);
    const got = (received as { txn: Txn }).txn;
    const other: Txn = { ...t1, zxid: asZxid(0x100000002n) };
    emit({ kind: 'persist', token: 1, txns: [got, other] });
    const entries = disk.appended[0]!;
    assert.deepEqual(entries.map((e) => Buffer.from(e.bytes).toString('hex')), [got, other].map((t) => Buffer.from(encodeTxn(t)).toString('hex')));
    assert.equal(entries[0]!.bytes.buffer, body.buffer, 'the received bytes, not a second encoding');
    assert.notEqual(entries[1]!.bytes.buffer, body.buffer, 'a txn that did not come in this turn is encoded for the log');
  });
});

describe('PeerDriver: storage', () => {
  it('answers durable calls as persisted / persistFailed, in the order storage answers them', () => {
    const { disk, peer, emit, timer } = setup();
    emit({ kind: 'persistEpochs', token: 1, epochs: { acceptedEpoch: 1, currentEpoch: 0 } }, { kind: 'truncate', token: 2, zxid: asZxid(5n) });
    assert.deepEqual(disk.calls, ['setEpochs', 'truncateLogAfter 5']);
    assert.deepEqual(peer.inputs, [], 'nothing is promised before storage answers');
    disk.answerAll();
    timer.run();
    assert.deepEqual(peer.inputs, ['persisted 1', 'persisted 2']);
    emit({ kind: 'persist', token: 3, txns: [] });
    disk.answerAll(new Error('disk full'));
    assert.deepEqual(peer.inputs.slice(2), ['persistFailed 3 disk full']);
  });

  it('applied state held behind a write in flight is issued before a truncation, so the truncation cannot be overtaken', () => {
    const { disk, emit } = setup();
    const batch = (z: bigint) => ({ lastApplied: asZxid(z), nodes: new Map(), sessions: new Map() });
    emit({ kind: 'store', batch: batch(1n) }, { kind: 'store', batch: batch(2n) });
    assert.deepEqual(disk.calls, ['applyCommitted 1'], 'the second batch is held while the first is in flight');
    emit({ kind: 'truncate', token: 4, zxid: asZxid(2n) });
    assert.deepEqual(disk.calls, ['applyCommitted 1', 'applyCommitted 2', 'truncateLogAfter 2']);
  });
});

describe('PeerDriver: the end of the process', () => {
  it('after a fatal effect nothing else of the turn is carried out, and the exit hook hears of storage', () => {
    const { driver, disk, exits, errors, emit } = setup();
    emit({ kind: 'fatal', reason: 'setEpochs: No space left on device' }, { kind: 'persistEpochs', token: 9, epochs: { acceptedEpoch: 2, currentEpoch: 1 } });
    assert.deepEqual(exits, [{ reason: 'setEpochs: No space left on device', cause: 'storage' }]);
    assert.match(errors[0]!, /^FATAL: storage failed, exiting: setEpochs: No space left on device$/);
    assert.deepEqual(disk.calls, [], 'the write after the fatal effect was not made');
    assert.ok(driver.isHalted);
  });

  it('an invariant broken by an input halts the interpreter and the exit hook hears of it', () => {
    const { driver, peer, exits, emit } = setup();
    driver.submit({ kind: 'tick', run: () => invariant(false, 'planted', 'a bug') } as unknown as PeerInput);
    emit({ kind: 'persist', token: 1, txns: [] });
    assert.deepEqual(exits, [{ reason: 'invariant planted violated: a bug', cause: 'invariant' }]);
    assert.deepEqual(peer.inputs, []);
  });
});

describe('StandaloneRuntime: a broken invariant exits even when storage never settles', () => {
  it('hands over to main after at most the fatal stop time', async () => {
    // The stop waits for applied state; a storage that never answers must not keep a broken
    // server up (the runtime used to wait without a limit after an invariant violation).
    const storage = new MemoryStorage();
    storage.applyCommitted = () => new Promise<void>(() => undefined);
    let out: PeerEffect[] = [{ kind: 'store', batch: { lastApplied: asZxid(1n), nodes: new Map(), sessions: new Map() } }];
    const core = {
      drain: () => {
        const o = out;
        out = [];
        return o;
      },
      step(i: { run?: () => void }) {
        i.run?.();
      },
    } as unknown as StandaloneCore;
    const quiet = { error() {}, warn() {}, info() {}, debug() {} };
    const fatal = new Promise<string>((resolve) => {
      const runtime = new StandaloneRuntime(core, storage, quiet, { tickIntervalMs: 1000, logRetain: 10, onFatal: (_r, cause) => resolve(cause) });
      runtime.submit({ kind: 'tick' });
      setImmediate(() => runtime.submit({ kind: 'tick', run: () => invariant(false, 'planted', 'after a write that never settles') } as unknown as StandaloneInput));
    });
    const timeout = new Promise<string>((_, reject) => setTimeout(() => reject(new Error('main was never told')), 5_000).unref());
    assert.equal(await Promise.race([fatal, timeout]), 'invariant');
  });
});
