/** The cross-checker's pure parts: frames, comparison, zxid renaming, allow-list, shrinking, workload. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Op } from '../../src/wire/constants.js';
import { JuteReader } from '../../src/wire/jute.js';
import { readRequest } from '../../src/wire/requests.js';
import { encodeRequest, resolvePath } from '../../src/crosscheck/steps.js';
import { compare, splitEvents, ZxidPairing, ZxidRef } from '../../src/crosscheck/observe.js';
import { AllowList, ENTRIES } from '../../src/crosscheck/allow-list.js';
import { shrink } from '../../src/crosscheck/run.js';
import { Workload } from '../../src/crosscheck/generate.js';
describe('cross-checker steps', () => {
    it('encodes a null path as a null string and `~` paths under the namespace', () => {
        const ctx = { ns: '/cc1', lastZxid: 0n };
        const f = encodeRequest(3, { op: Op.getData, path: null, watch: true }, ctx);
        assert.deepEqual([...f.subarray(12, 16)], [0xff, 0xff, 0xff, 0xff]);
        const req = readRequest(Op.getData, new JuteReader(f.subarray(12)));
        assert.equal(req.nullPath, true);
        assert.equal(resolvePath('~/a', '/cc1'), '/cc1/a');
        assert.equal(resolvePath('~', '/cc1'), '/cc1');
        assert.equal(resolvePath('/zookeeper', '/cc1'), '/zookeeper');
    });
});
describe('cross-checker comparison', () => {
    it('pairs zxids consistently and reports a zxid that changes partner', () => {
        const p = new ZxidPairing();
        assert.equal(p.pair(5n, 9n), null);
        assert.equal(p.pair(5n, 9n), null);
        assert.equal(p.pair(6n, 10n), null);
        assert.notEqual(p.pair(6n, 9n), null);
        assert.equal(p.pair(-1n, -1n), null, '-1 is literal');
        assert.notEqual(p.pair(0n, 11n), null, '0 is literal');
    });
    it('after an allowed step, forgives one zxid used on one side only', () => {
        const p = new ZxidPairing();
        p.pair(5n, 5n);
        p.forgiveOnce();
        assert.equal(p.pair(6n, 5n), null, 'the reference made an error txn zk-ts did not');
        assert.notEqual(p.pair(7n, 5n), null, 'only once');
    });
    it('compares events apart from answers, so one missing event is one difference', () => {
        const ev = (path) => ({ event: { type: 3, state: 3, path, zxid: new ZxidRef(-1n) } });
        const reply = { reply: { err: 'OK', zxid: new ZxidRef(8n) } };
        const a = splitEvents([ev('/x'), reply, ev('/y')]);
        const b = splitEvents([reply, ev('/y')]);
        const out = [];
        const pairing = new ZxidPairing();
        compare(a.answers, b.answers, pairing, 's0', out);
        assert.deepEqual(out, []);
        compare(a.events, b.events, pairing, 's0.events', out);
        assert.ok(out.length > 0 && out.every((d) => d.where.startsWith('s0.events')));
    });
});
function outcome(slot, refItems, otherItems, differences) {
    const empty = () => [[], [], []];
    const reference = empty();
    const other = empty();
    reference[slot] = refItems;
    other[slot] = otherItems;
    return { differences, reference: reference, other: other };
}
describe('cross-checker allow-list', () => {
    it('allows exists answering NOAUTH where 3.8.0 answers a Stat, and the events its watch would bring', () => {
        const allow = new AllowList();
        const step = { s: 1, kind: 'request', req: { op: Op.exists, path: '~/secret', watch: true } };
        const out = outcome(1, [{ reply: { err: 'OK', body: {} } }], [{ reply: { err: 'NOAUTH', body: null } }], [{ where: 's1[0].reply.err', a: '"OK"', b: '"NOAUTH"' }]);
        assert.deepEqual(allow.judge(step, out), [ENTRIES.existsNoAuth]);
        allow.observe(step, out, true);
        const later = { s: 0, kind: 'request', req: { op: Op.setData, path: '~/secret', data: 'x', version: -1 } };
        const ev = { event: { type: 3, state: 3, path: '~/secret' } };
        const d = outcome(1, [ev], [], [{ where: 's1.events[0]', a: '{}', b: '(missing)' }]);
        assert.deepEqual(allow.judge(later, d), [ENTRIES.existsNoAuth]);
        const elsewhere = outcome(1, [{ event: { type: 3, state: 3, path: '~/other' } }], [], [{ where: 's1.events[0]', a: '{}', b: '(missing)' }]);
        assert.deepEqual(allow.judge(later, elsewhere), [null], 'only that path');
    });
    it('allows nothing else: a different answer to getData is unexpected', () => {
        const allow = new AllowList();
        const step = { s: 0, kind: 'request', req: { op: Op.getData, path: '~/a', watch: false } };
        const out = outcome(0, [{ reply: { err: 'OK' } }], [{ reply: { err: 'NONODE' } }], [{ where: 's0[0].reply.err', a: '"OK"', b: '"NONODE"' }]);
        assert.deepEqual(allow.judge(step, out), [null]);
    });
});
describe('cross-checker shrinking', () => {
    it('finds the few steps a divergence needs', async () => {
        const steps = Array.from({ length: 40 }, (_, i) => ({ s: 0, kind: 'request', req: { op: Op.sync, path: `~/${i}` } }));
        const needed = new Set(['~/7', '~/23', '~/31']);
        const min = await shrink(steps, async (c) => [...needed].every((p) => c.some((s) => s.kind === 'request' && s.req.path === p)));
        assert.deepEqual(min.map((s) => (s.kind === 'request' ? s.req.path : '')), ['~/7', '~/23', '~/31']);
    });
});
describe('cross-checker workload', () => {
    it('is reproducible from its seed and covers every opcode family', () => {
        const a = new Workload(42, 20);
        const b = new Workload(42, 20);
        const steps = Array.from({ length: 3000 }, () => a.next());
        assert.deepEqual(steps, Array.from({ length: 3000 }, () => b.next()));
        const ops = new Set(steps.flatMap((s) => (s.kind === 'request' ? [s.req.op, ...(s.req.ops ?? []).map((o) => o.op)] : [s.kind])));
        for (const op of [Op.create, Op.create2, Op.createContainer, Op.createTTL, Op.delete, Op.exists, Op.getData, Op.setData, Op.getACL, Op.setACL,
            Op.getChildren, Op.getChildren2, Op.sync, Op.ping, Op.check, Op.multi, Op.multiRead, Op.reconfig, Op.checkWatches, Op.removeWatches,
            Op.deleteContainer, Op.sasl, Op.setWatches, Op.setWatches2, Op.getEphemerals, Op.getAllChildrenNumber, Op.addWatch, Op.whoAmI, Op.closeSession]) {
            assert.ok(ops.has(op), `opcode ${op} never generated`);
        }
        assert.ok(ops.has('auth') && ops.has('reconnect'));
    });
});
//# sourceMappingURL=crosscheck.test.js.map