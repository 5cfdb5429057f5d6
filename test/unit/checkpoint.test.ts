/**
 * Checkpoints of whole cores (src/peer/checkpoint.ts, src/peer/core-checkpoint.ts), from which a
 * replay of a bounded recording starts (docs/architecture.md, "Replaying a recording"): the
 * generic graph serializer, and cores restored mid-run that go on exactly as the originals.
 */
import { standaloneSteps } from '../support/standalone-steps.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { asConnId, asSid } from '../../src/base/ids.js';
import { Op } from '../../src/wire/constants.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';
import { ZabCluster } from '../../src/sim/zab-cluster.js';
import { ClassRegistry, CheckpointError, decodeGraph, encodeGraph, type EncodedGraph } from '../../src/peer/checkpoint.js';
import { checkpointCore, type Core, type CoreMode, restoreCore } from '../../src/peer/core-checkpoint.js';
import { encodeValue, peerState, standaloneState, stateHash, type StepObserver } from '../../src/peer/recording.js';
import { QuorumPeer } from '../../src/peer/quorum-peer.js';
import { StandaloneCore } from '../../src/peer/standalone.js';

class Point {
  constructor(
    public x: number,
    public next: Point | null = null,
  ) {}
  norm(): number {
    return Math.abs(this.x);
  }
}
class Unregistered {
  y = 1;
}
class WithSink {
  items: number[] = [];
  readonly sink = { push: (n: number) => this.items.push(n) };
}

describe('the graph serializer', () => {
  const classes = new ClassRegistry().addModule('test', { Point, WithSink });

  it('rebuilds class instances, Maps, Sets, bigints, bytes, odd numbers, shared references and cycles', () => {
    const a = new Point(-0);
    const b = new Point(NaN, a);
    a.next = b; // a cycle
    const shared = { s: 'shared' };
    const root = {
      a,
      b,
      m: new Map<unknown, unknown>([[a, shared], [7n, new Set([1, 'x', shared])]]),
      bytes: new Uint8Array([0, 1, 255]),
      words: new Uint32Array([1, 2 ** 32 - 1]),
      inf: -Infinity,
      u: undefined,
      big: 1n << 70n,
      frozen: Object.freeze([1, 2]),
      holes: [undefined, undefined, undefined, 1, undefined],
      shared,
    };
    const g = JSON.parse(JSON.stringify(encodeGraph(root, { classes, externals: new Map() })));
    const back = decodeGraph(g, { classes, externals: new Map() }) as typeof root;
    assert.ok(back.a instanceof Point && back.b instanceof Point);
    assert.equal(back.a.next, back.b);
    assert.equal(back.b.next, back.a);
    assert.ok(Object.is(back.a.x, -0) && Number.isNaN(back.b.x));
    assert.equal(back.a.norm(), 0);
    assert.equal(back.m.get(back.a), back.shared);
    assert.ok((back.m.get(7n) as Set<unknown>).has(back.shared));
    assert.deepEqual(back.bytes, new Uint8Array([0, 1, 255]));
    assert.deepEqual(back.words, new Uint32Array([1, 2 ** 32 - 1]));
    assert.equal(back.inf, -Infinity);
    assert.ok('u' in back && back.u === undefined);
    assert.equal(back.big, 1n << 70n);
    assert.ok(Object.isFrozen(back.frozen));
    assert.deepEqual(back.holes, [undefined, undefined, undefined, 1, undefined]);
    assert.deepEqual(encodeGraph(back, { classes, externals: new Map() }), g);
  });

  it('refuses a function and an unknown class, naming the path', () => {
    assert.throws(() => encodeGraph({ cb: [() => 1] }, { classes, externals: new Map() }), (e: Error) => e instanceof CheckpointError && /core\.cb\[0\]: a function/.test(e.message));
    assert.throws(() => encodeGraph({ m: new Map([['k', new Unregistered()]]) }, { classes, externals: new Map() }), (e: Error) => e instanceof CheckpointError && /core\.m\.get\("k"\): an instance of Unregistered/.test(e.message));
    assert.throws(() => encodeGraph({ d: new Date(0) }, { classes, externals: new Map() }), /an instance of Date/);
  });

  it('writes externals by name and keeps a template\'s construction-time closures, bound to the rebuilt objects', () => {
    const ext = { outside: true };
    const w = new WithSink();
    w.sink.push(5);
    const root = { w, ext };
    assert.throws(() => encodeGraph(root, { classes, externals: new Map([[ext, 'ext']]) }), /core\.w\.sink\.push: a function/);
    const template = { w: new WithSink(), ext: null };
    const g = encodeGraph(root, { classes, externals: new Map([[ext, 'ext']]), template });
    const other = { other: true };
    const back = decodeGraph(g, { classes, externals: new Map([['ext', other]]), template: { w: new WithSink(), ext: null } }) as typeof root;
    assert.equal(back.ext, other);
    assert.deepEqual(back.w.items, [5]);
    back.w.sink.push(6);
    assert.deepEqual(back.w.items, [5, 6], 'the closure pushes onto the rebuilt array');
    assert.deepEqual(w.items, [5], 'not onto the original');
  });
});

// ---------------------------------------------------------------- whole cores

/**
 * Mirrors `core` from its next drain on: a checkpoint taken at a drain (retried at later ones
 * while the core holds a continuation), restored, then given every input the original gets;
 * every drain's effects are compared. Returns what it compared.
 */
function mirror(core: Core, mode: CoreMode, options: unknown, log: unknown): { compared: () => { inputs: number; drains: number; effects: number }; clone: () => Core | null; refusal: () => string } {
  let clone: Core | null = null;
  let lastRefusal = '';
  let inputs = 0;
  let drains = 0;
  let effects = 0;
  const observer: StepObserver = {
    input(input) {
      if (!clone) return;
      inputs++;
      (clone as QuorumPeer).step(input as Parameters<QuorumPeer['step']>[0]);
    },
    drained(out) {
      if (!clone) {
        try {
          const graph = JSON.parse(JSON.stringify(checkpointCore(core, mode, options, { log: log as never, recorder: observer })));
          clone = restoreCore(graph, mode, options, { log: log as never, recorder: null });
        } catch (e) {
          if (!(e instanceof CheckpointError)) throw e;
          lastRefusal = e.message;
        }
        return;
      }
      drains++;
      const theirs = clone.drain();
      effects += out.length;
      assert.equal(encodeValue(theirs), encodeValue(out), `drain ${drains} after ${inputs} inputs`);
    },
  };
  core.recorder = observer;
  return { compared: () => ({ inputs, drains, effects }), clone: () => clone, refusal: () => lastRefusal };
}

function sameCore(a: Core, b: Core, mode: CoreMode, options: unknown, log: unknown): void {
  const state = (c: Core) => stateHash(mode === 'quorum' ? peerState(c as QuorumPeer, true) : standaloneState(c as StandaloneCore, true));
  assert.equal(state(a), state(b));
  a.recorder = null;
  assert.deepEqual(byValue(checkpointCore(a, mode, options, { log: log as never })), byValue(checkpointCore(b, mode, options, { log: log as never })), 'the whole core graphs are equal');
}

/**
 * A checkpoint as one tree of values (a shared object written out where it is referred to, a
 * cycle as a back-reference): two cores are compared by value, not by which of their equal
 * values share an object (ACL lists are interned process-wide, src/tree/acl-intern.ts).
 */
function byValue(g: EncodedGraph): unknown {
  const onPath: number[] = [];
  const expand = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(expand);
    const r = (v as { r?: number }).r;
    if (r === undefined) return v;
    const back = onPath.indexOf(r);
    if (back >= 0) return { cycle: onPath.length - back };
    onPath.push(r);
    const o = g.objs[r] as unknown as Record<string, unknown>;
    const out = Object.fromEntries(Object.entries(o).map(([k, x]) => [k, expand(x)]));
    onPath.pop();
    return out;
  };
  return expand({ r: 0 });
}

describe('a core restored from a checkpoint goes on exactly as the original', () => {
  it('a quorum leader and a follower, under client writes', () => {
    const c = new ZabCluster({ seed: 11, servers: 3, algorithm: 'fast' });
    c.bootAll();
    assert.ok(c.runUntil(() => c.convergedLeader() !== null, 30_000), 'a leader is elected');
    const clients = [0, 1, 2].map((i) => {
      const cl = c.addClient({ auto: true, keys: 3, opTimeoutMs: 2000, connectTimeoutMs: 2000 });
      cl.start(i * 7);
      return cl;
    });
    c.runFor(1000);
    const leader = c.node(c.convergedLeader()!);
    const follower = [...c.nodes.values()].find((n) => n !== leader && n.peer!.role === 'following')!;
    const mirrors = [leader, follower].map((n) => {
      const peer = n.peer!;
      // The simulator's instrumentation (own wrappers of two replica methods) is not the core's.
      delete (peer.replica as unknown as Record<string, unknown>).apply;
      delete (peer.replica as unknown as Record<string, unknown>).replaceState;
      const opts = (peer as unknown as { opts: unknown }).opts;
      const log = (peer as unknown as { log: unknown }).log;
      return { n, opts, log, m: mirror(peer, 'quorum', opts, log) };
    });
    c.runFor(3000);
    // The end must fall where both cores can be checkpointed (between a client's sync and its
    // answer a core holds a callback): the clients stop asking, and the run steps on until what
    // they asked is answered. (Under a steady load a sync is nearly always pending somewhere.)
    for (const cl of clients) cl.stopGenerating();
    const checkpointable = ({ n, opts, log }: (typeof mirrors)[number]) => {
      try {
        checkpointCore(n.peer!, 'quorum', opts, { log: log as never });
        return true;
      } catch (e) {
        if (e instanceof CheckpointError) return false;
        throw e;
      }
    };
    for (let i = 0; i < 1000 && !mirrors.every(checkpointable); i++) c.runFor(5);
    for (const { n, opts, log, m } of mirrors) {
      const done = m.compared();
      assert.ok(m.clone(), `server ${n.sid} (${n.peer!.role}) was never checkpointed: ${m.refusal()}`);
      assert.ok(done.inputs > 100 && done.effects > 100, `server ${n.sid}: compared ${JSON.stringify(done)}`);
      assert.ok(n.peer!.replica.lastApplied > 0n);
      sameCore(n.peer!, m.clone()!, 'quorum', opts, log);
    }
    assert.equal(leader.peer!.role, 'leading');
    assert.equal(follower.peer!.role, 'following');
  });

  it('a standalone core', () => {
    const options = { serverId: asSid(1), tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 2000, extendedTypesEnabled: false, containerCheckIntervalMs: 1000 };
    const time = { nowMs: 1000, wallMs: 1_700_000_000_000 };
    const core = new StandaloneCore(options, new SeededRng(3), time);
    const { step, turn, connect } = standaloneSteps(() => core, time);
    const enc = (s: string) => new TextEncoder().encode(s);
    connect();
    let m: ReturnType<typeof mirror> | null = null;
    for (let i = 0; i < 40; i++) {
      if (i === 15) m = mirror(core, 'standalone', options, undefined);
      step({ kind: 'request', conn: asConnId(1), xid: 2 * i + 1, req: { op: Op.create, path: `/n${i}`, data: enc(`v${i}`), acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n } });
      step({ kind: 'request', conn: asConnId(1), xid: 2 * i + 2, req: { op: Op.getData, path: `/n${i}`, watch: true } });
      step({ kind: 'tick' });
      turn();
      if (i === 30) {
        step({ kind: 'connect', conn: asConnId(2), remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false } });
        turn();
      }
    }
    const done = m!.compared();
    assert.ok(done.inputs > 50 && done.effects > 50, JSON.stringify(done));
    sameCore(core, m!.clone()!, 'standalone', options, undefined);
    assert.equal(core.tree.nodeCount(), 40 + 4, "the 40 znodes and the 4 of / and /zookeeper");
  });
});
