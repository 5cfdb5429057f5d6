/**
 * The linearizability checker on histories whose verdict is known: linearizable ones (including
 * concurrent and indeterminate operations), and the classic violations (stale read, lost update,
 * a write seen then unseen, a torn multi, a duplicate sequential name). Random histories made by
 * a sequential register with a linearization point inside every operation must pass.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import {
  checkOperations,
  checkPartitioned,
  childSetModel,
  formatCounterexample,
  Model,
  Operation,
  PartitionedOperation,
  RegisterInput,
  RegisterOutput,
  registerModel,
  sequenceModel,
  SequenceInput,
  SequenceOutput,
  SetInput,
  SetOutput,
} from '../../src/lincheck/index.js';

type RegOp = Operation<RegisterInput, RegisterOutput>;
let nextId = 1;
function op<I, O>(process: number, call: number, ret: number | null, input: I, output: O | undefined): Operation<I, O> {
  return { id: nextId++, process, call, ret, input, output };
}
const ok = { ok: true as const };
const create = (p: number, call: number, ret: number | null, key: string, value: string, output: RegisterOutput | undefined = ok): RegOp =>
  op(p, call, ret, { f: 'create', key, value }, ret === null ? undefined : output);
const set = (p: number, call: number, ret: number | null, key: string, value: string, version: number, output: RegisterOutput | undefined): RegOp =>
  op(p, call, ret, { f: 'set', key, value, version }, ret === null ? undefined : output);
const read = (p: number, call: number, ret: number, key: string, value: string | null, version?: number): RegOp =>
  op(p, call, ret, { f: 'read', keys: [key] }, { ok: true, values: [value === null ? null : { value, version }] });

function verdict<S, I, O>(ops: Operation<I, O>[], model: Model<S, I, O>): string {
  return checkOperations(ops, model).verdict;
}

describe('lincheck: versioned registers', () => {
  it('accepts a sequential history', () => {
    const h = [create(1, 0, 1, '/a', 'x'), read(2, 2, 3, '/a', 'x', 0), set(1, 4, 5, '/a', 'y', 0, { ok: true, version: 1 }), read(2, 6, 7, '/a', 'y', 1)];
    assert.equal(verdict(h, registerModel), 'linearizable');
  });

  it('accepts reads of either value while a write is in flight, in a consistent order', () => {
    const h = [
      create(1, 0, 1, '/a', 'x'),
      set(1, 2, 10, '/a', 'y', -1, { ok: true }),
      read(2, 3, 4, '/a', 'x'),
      read(3, 5, 6, '/a', 'y'),
      read(2, 7, 8, '/a', 'y'),
    ];
    assert.equal(verdict(h, registerModel), 'linearizable');
  });

  it('rejects a stale read: a write completed, a later read returns the old value', () => {
    const w = set(1, 2, 3, '/a', 'y', -1, { ok: true });
    const r = read(2, 4, 5, '/a', 'x');
    const h = [create(1, 0, 1, '/a', 'x'), w, r];
    const res = checkOperations(h, registerModel);
    assert.equal(res.verdict, 'not linearizable');
    assert.equal(res.verdict === 'not linearizable' && res.failure.blocked.id, r.id);
  });

  it('rejects a lost update: two compare-and-sets from the same version both succeed', () => {
    const h = [
      create(1, 0, 1, '/a', 'x'),
      set(1, 2, 5, '/a', 'y', 0, { ok: true, version: 1 }),
      set(2, 3, 6, '/a', 'z', 0, { ok: true, version: 1 }),
    ];
    assert.equal(verdict(h, registerModel), 'not linearizable');
  });

  it('rejects a lost acknowledged write that a later read does not see', () => {
    const h = [create(1, 0, 1, '/a', 'x'), set(1, 2, 3, '/a', 'y', -1, { ok: true }), set(2, 4, 5, '/a', 'z', 1, { ok: false, err: 'BADVERSION' })];
    // With y applied the version is 1, so BADVERSION on version 1 is impossible.
    assert.equal(verdict(h, registerModel), 'not linearizable');
  });

  it('rejects a write seen then unseen', () => {
    const h = [
      create(1, 0, 1, '/a', 'x'),
      set(1, 2, null, '/a', 'y', -1, undefined), // indeterminate
      read(2, 3, 4, '/a', 'y'),
      read(3, 5, 6, '/a', 'x'),
    ];
    assert.equal(verdict(h, registerModel), 'not linearizable');
  });

  it('accepts an indeterminate write that took effect, or that never did', () => {
    const base = [create(1, 0, 1, '/a', 'x'), set(1, 2, null, '/a', 'y', -1, undefined)];
    assert.equal(verdict([...base, read(2, 3, 4, '/a', 'x'), read(2, 5, 6, '/a', 'x')], registerModel), 'linearizable');
    assert.equal(verdict([...base, read(2, 3, 4, '/a', 'x'), read(2, 50, 60, '/a', 'y')], registerModel), 'linearizable');
    // An indeterminate create on an existing node cannot succeed, and need not.
    assert.equal(verdict([...base, create(3, 7, null, '/a', 'w'), read(2, 70, 80, '/a', 'x')], registerModel), 'linearizable');
  });

  it('checks versions and error codes', () => {
    assert.equal(verdict([create(1, 0, 1, '/a', 'x'), read(2, 2, 3, '/a', 'x', 1)], registerModel), 'not linearizable');
    assert.equal(verdict([create(1, 0, 1, '/a', 'x'), create(2, 2, 3, '/a', 'y', { ok: false, err: 'NODEEXISTS' })], registerModel), 'linearizable');
    assert.equal(verdict([create(2, 2, 3, '/a', 'y', { ok: false, err: 'NODEEXISTS' })], registerModel), 'not linearizable');
    const del = op(1, 2, 3, { f: 'delete', key: '/a', version: 0 } as RegisterInput, ok as RegisterOutput);
    assert.equal(verdict([create(1, 0, 1, '/a', 'x'), del, read(2, 4, 5, '/a', null)], registerModel), 'linearizable');
    assert.equal(verdict([create(1, 0, 1, '/a', 'x'), del, read(2, 4, 5, '/a', 'x')], registerModel), 'not linearizable');
  });

  it('multi is atomic: a read of both keys never sees half of it', () => {
    const multi = op<RegisterInput, RegisterOutput>(1, 2, 5, { f: 'multi', ops: [{ f: 'set', key: '/a', value: 'a2', version: -1 }, { f: 'set', key: '/b', value: 'b2', version: -1 }] }, ok);
    const both = (call: number, ret: number, a: string, b: string) =>
      op<RegisterInput, RegisterOutput>(2, call, ret, { f: 'read', keys: ['/a', '/b'] }, { ok: true, values: [{ value: a }, { value: b }] });
    const setup = [create(1, 0, 1, '/a', 'a1'), create(1, 0.5, 1, '/b', 'b1')];
    assert.equal(verdict([...setup, multi, both(3, 4, 'a1', 'b1'), both(6, 7, 'a2', 'b2')], registerModel), 'linearizable');
    assert.equal(verdict([...setup, multi, both(3, 4, 'a2', 'b1')], registerModel), 'not linearizable');
    // A failed multi changes nothing, and reports the failing op's index.
    const failed = op<RegisterInput, RegisterOutput>(1, 2, 5, { f: 'multi', ops: [{ f: 'set', key: '/a', value: 'a3', version: -1 }, { f: 'check', key: '/b', version: 7 }] }, { ok: false, err: 'BADVERSION', index: 1 });
    assert.equal(verdict([...setup, failed, both(6, 7, 'a1', 'b1')], registerModel), 'linearizable');
    assert.equal(verdict([...setup, failed, both(6, 7, 'a3', 'b1')], registerModel), 'not linearizable');
  });

  it('gives up with "unknown" when the budget runs out', () => {
    const h: RegOp[] = [];
    for (let i = 0; i < 12; i++) h.push(set(i, 0, 100, '/a', `v${i}`, -1, ok));
    h.unshift(create(99, -2, -1, '/a', 'x'));
    h.push(read(99, 101, 102, '/a', 'nobody wrote this'));
    assert.equal(checkOperations(h, registerModel, { budget: 50 }).verdict, 'unknown');
    assert.equal(checkOperations(h, registerModel).verdict, 'not linearizable');
  });
});

describe('lincheck: children and sequential names', () => {
  const sop = (p: number, call: number, ret: number | null, input: SetInput, output?: SetOutput) => op<SetInput, SetOutput>(p, call, ret, input, output);
  it('a set of children: adds are seen by later lists, concurrent ones either way', () => {
    const h = [
      sop(1, 0, 1, { f: 'add', child: 'c1' }, { ok: true }),
      sop(1, 2, 6, { f: 'add', child: 'c2' }, { ok: true }),
      sop(2, 3, 4, { f: 'list' }, { ok: true, children: ['c1'] }),
      sop(2, 7, 8, { f: 'list' }, { ok: true, children: ['c2', 'c1'] }),
    ];
    assert.equal(verdict(h, childSetModel), 'linearizable');
    const lost = [...h.slice(0, 2), sop(2, 7, 8, { f: 'list' }, { ok: true, children: ['c1'] })];
    assert.equal(verdict(lost, childSetModel), 'not linearizable');
    const removeAbsent = [sop(1, 0, 1, { f: 'remove', child: 'c9' }, { ok: true })];
    assert.equal(verdict(removeAbsent, childSetModel), 'not linearizable');
  });

  const q = (p: number, call: number, ret: number | null, input: SequenceInput, output?: SequenceOutput) => op<SequenceInput, SequenceOutput>(p, call, ret, input, output);
  it('sequential names: consecutive suffixes, none twice, gaps only for indeterminate creates', () => {
    const good = [q(1, 0, 1, { f: 'create' }, { seq: 0 }), q(2, 0.5, 3, { f: 'create' }, { seq: 2 }), q(3, 0.6, 2, { f: 'create' }, { seq: 1 }), q(1, 4, 5, { f: 'list' }, { seqs: [2, 0, 1] })];
    assert.equal(verdict(good, sequenceModel), 'linearizable');
    const dup = [q(1, 0, 1, { f: 'create' }, { seq: 0 }), q(2, 2, 3, { f: 'create' }, { seq: 0 })];
    assert.equal(verdict(dup, sequenceModel), 'not linearizable');
    const outOfOrder = [q(1, 0, 1, { f: 'create' }, { seq: 1 }), q(2, 2, 3, { f: 'create' }, { seq: 0 })];
    assert.equal(verdict(outOfOrder, sequenceModel), 'not linearizable');
    const gap = [q(1, 0, 1, { f: 'create' }, { seq: 0 }), q(2, 2, 3, { f: 'create' }, { seq: 2 })];
    assert.equal(verdict(gap, sequenceModel), 'not linearizable');
    const gapExplained = [...gap, q(3, 1.5, null, { f: 'create' })];
    assert.equal(verdict(gapExplained, sequenceModel), 'linearizable');
    const lostName = [q(1, 0, 1, { f: 'create' }, { seq: 0 }), q(1, 2, 3, { f: 'list' }, { seqs: [] })];
    assert.equal(verdict(lostName, sequenceModel), 'not linearizable');
  });
});

describe('lincheck: partitions and counterexamples', () => {
  it('splits per object and names the failing one with a small counterexample', () => {
    const ops: PartitionedOperation[] = [];
    // 20 healthy keys, and one key with a stale read buried among many earlier operations.
    for (let k = 0; k < 20; k++) {
      const key = `/k${k}`;
      ops.push({ ...create(1, k * 10, k * 10 + 1, key, `x${k}`), partition: key });
      ops.push({ ...read(2, k * 10 + 2, k * 10 + 3, key, `x${k}`, 0), partition: key });
    }
    const bad = '/bad';
    let t = 1000;
    ops.push({ ...create(1, t++, t++, bad, 'v0'), partition: bad });
    for (let i = 1; i <= 30; i++) {
      ops.push({ ...set(1, t++, t++, bad, `v${i}`, -1, ok), partition: bad });
      ops.push({ ...read(2, t++, t++, bad, `v${i}`), partition: bad });
    }
    const stale = { ...read(3, t++, t++, bad, 'v29'), partition: bad };
    ops.push(stale);
    const res = checkPartitioned(ops, () => registerModel as Model);
    assert.equal(res.verdict, 'not linearizable');
    assert.equal(res.partitions.length, 21);
    const failing = res.partitions.filter((p) => p.verdict !== 'linearizable');
    assert.deepEqual(failing.map((p) => p.partition), [bad]);
    const cex = failing[0]!.counterexample!;
    assert.ok(cex.ops.length <= 3, `counterexample of ${cex.ops.length} ops:\n${formatCounterexample(registerModel as Model, cex).join('\n')}`);
    assert.ok(cex.ops.some((o) => o.id === stale.id));
    // The counterexample fails on its own, from its initial state.
    assert.equal(checkOperations(cex.ops, registerModel as Model, { init: cex.initial }).verdict, 'not linearizable');
    assert.match(failing[0]!.explanation!, /could not be linearized/);
  });

  it('random histories of a sequential register with overlapping operations are linearizable; a corrupted read is not', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rng = new SeededRng(seed);
      const h = randomHistory(rng, 40, 4);
      assert.equal(verdict(h, registerModel), 'linearizable', `seed ${seed}`);
      const reads = h.filter((o) => o.input.f === 'read' && o.ret !== null);
      if (reads.length === 0) continue;
      const victim = reads[rng.int(reads.length)];
      const corrupted = h.map((o) => (o === victim ? { ...o, output: { ok: true as const, values: [{ value: 'never written' }] } } : o));
      assert.equal(verdict(corrupted, registerModel), 'not linearizable', `seed ${seed} corrupted`);
    }
  });
});

/**
 * `n` operations by `procs` sequential clients on one register; each takes effect at a random
 * point inside its [call, ret] (the true linearization), some become indeterminate.
 */
function randomHistory(rng: SeededRng, n: number, procs: number): RegOp[] {
  type Pending = { p: number; call: number; point: number; ret: number; input: RegisterInput; info: boolean };
  const plans: Pending[] = [];
  const free = new Array(procs).fill(0);
  for (let i = 0; i < n; i++) {
    const p = rng.int(procs);
    const call = free[p] + rng.int(5);
    const len = 1 + rng.int(20);
    const point = call + rng.next() * len;
    const r = rng.int(4);
    const input: RegisterInput =
      r === 0 ? { f: 'read', keys: ['/a'] } : r === 1 ? { f: 'create', key: '/a', value: `c${i}` } : r === 2 ? { f: 'set', key: '/a', value: `s${i}`, version: rng.int(2) === 0 ? -1 : rng.int(3) } : { f: 'delete', key: '/a', version: -1 };
    plans.push({ p, call, point, ret: call + len, input, info: input.f !== 'read' && rng.int(8) === 0 });
    free[p] = call + len + 1;
  }
  // Apply in linearization-point order to get outputs.
  let state = registerModel.init();
  const out = new Map<Pending, RegisterOutput>();
  for (const pl of [...plans].sort((a, b) => a.point - b.point)) {
    if (pl.input.f === 'read') {
      const c = state['/a'];
      out.set(pl, { ok: true, values: [c ? { value: c.value, version: c.version } : null] });
      continue;
    }
    const after = registerModel.step(state, pl.input, undefined);
    if (after === null) {
      // It failed: find the error by trying each.
      for (const err of ['NODEEXISTS', 'NONODE', 'BADVERSION']) {
        if (registerModel.step(state, pl.input, { ok: false, err }) !== null) out.set(pl, { ok: false, err });
      }
    } else {
      out.set(pl, pl.input.f === 'set' ? { ok: true, version: after['/a']!.version } : { ok: true });
      state = after;
    }
  }
  return plans.map((pl) => op(pl.p, pl.call, pl.info ? null : pl.ret, pl.input, pl.info ? undefined : out.get(pl)));
}
