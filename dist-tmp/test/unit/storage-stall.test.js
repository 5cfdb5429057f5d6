/**
 * A silent disk stall (docs/chaos.md, F2): a quorum member whose durability write is neither
 * confirmed nor failed, with nothing confirmed meanwhile, for longer than the bound
 * (storageStallBoundMs: syncLimit × tickTime, at least 5 s; more while a snapshot install is
 * outstanding) fails as on any storage failure: the 'fatal' effect. The peer is driven directly
 * with a virtual clock: one voter, which leads alone once its epochs are written, and its
 * storage never answers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { MIN_STORAGE_STALL_MS, QuorumPeer, SNAPSHOT_STALL_ALLOWANCE_US_PER_RECORD, storageStallBoundMs } from '../../src/peer/quorum-peer.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
const TICK_MS = 25;
async function loneVoter(timing) {
    const servers = [{ id: 1, host: '127.0.0.1', quorumPort: 1, electionPort: 1, role: 'participant' }];
    const clock = { now: 0 };
    const stamp = () => ({ nowMs: clock.now, wallMs: 1_700_000_000_000 + clock.now });
    const storage = new MemoryStorage();
    const peer = new QuorumPeer({
        serverId: 1,
        tickTime: timing.tickTime,
        minSessionTimeout: 2 * timing.tickTime,
        maxSessionTimeout: 20 * timing.tickTime,
        extendedTypesEnabled: false,
        servers,
        election: 'fast',
        initLimit: 10,
        syncLimit: timing.syncLimit,
        containerCheckIntervalMs: 3_600_000,
        incarnation: 7,
    }, new SeededRng(1), storage, await storage.load(), stamp());
    const effects = [];
    const collect = () => {
        peer.step({ kind: 'flush', ...stamp() });
        for (const e of peer.drain())
            effects.push({ atMs: clock.now, e });
    };
    const tick = () => {
        peer.step({ kind: 'tick', ...stamp() });
        collect();
    };
    peer.step({ kind: 'start', ...stamp() });
    collect();
    // Ticks until the peer hands its first durability write to storage (which never answers).
    for (let i = 0; i < 400 && !effects.some((x) => x.e.kind === 'persistEpochs'); i++) {
        clock.now += TICK_MS;
        tick();
    }
    const first = effects.find((x) => x.e.kind === 'persistEpochs');
    assert.ok(first, `no epochs write: ${effects.map((x) => x.e.kind).join(', ')}`);
    const fatal = () => effects.find((x) => x.e.kind === 'fatal');
    /** Ticks every TICK_MS until the fatal effect or `untilMs`. */
    const runUntil = (untilMs) => {
        while (!fatal() && clock.now < untilMs) {
            clock.now += TICK_MS;
            tick();
        }
    };
    return { peer, clock, effects, issuedAt: first.atMs, fatal, runUntil, tick };
}
describe('a quorum member whose storage stalls silently', () => {
    it('the bound: syncLimit × tickTime, never below 5 s', () => {
        assert.equal(MIN_STORAGE_STALL_MS, 5000);
        assert.equal(storageStallBoundMs(250, 5), 5000, 'the fault bench (tickTime 250): the floor');
        assert.equal(storageStallBoundMs(2000, 5), 10_000, "ZooKeeper's defaults");
        assert.equal(storageStallBoundMs(2000, 2), 5000);
    });
    it('fails (the fatal effect) once a write has had no answer for longer than the bound, not before', async () => {
        const s = await loneVoter({ tickTime: 100, syncLimit: 5 });
        const bound = storageStallBoundMs(100, 5);
        s.runUntil(s.issuedAt + bound - TICK_MS);
        assert.equal(s.fatal(), undefined, 'failed before the bound');
        assert.equal(s.peer.role, 'leading', 'it leads (alone), waiting for its epochs write');
        s.runUntil(s.issuedAt + bound + 10 * TICK_MS);
        const f = s.fatal();
        assert.ok(f, 'no fatal effect after the bound');
        // Measured from the first tick that saw the write outstanding (at most a tick after it was issued).
        assert.ok(f.atMs > s.issuedAt + bound && f.atMs <= s.issuedAt + bound + 2 * TICK_MS, `fatal at ${f.atMs - s.issuedAt} ms after the write`);
        assert.match(f.e.reason, /^storage stalled: no answer for \d+ ms to a durable write \(epochs write\)/);
        assert.equal(s.peer.role, 'looking');
        assert.equal(s.peer.leader, null, 'it stopped leading');
        // A confirmation that comes after all is ignored (the peer takes no further part).
        const token = s.effects.find((x) => x.e.kind === 'persistEpochs').e.token;
        assert.doesNotThrow(() => s.peer.step({ kind: 'persisted', token, nowMs: s.clock.now, wallMs: 0 }));
        s.tick();
        assert.equal(s.effects.filter((x) => x.e.kind === 'fatal').length, 1, 'one fatal effect');
    });
    it('scales with syncLimit × tickTime', async () => {
        const s = await loneVoter({ tickTime: 2000, syncLimit: 5 });
        s.runUntil(s.issuedAt + 9_000);
        assert.equal(s.fatal(), undefined, 'failed before 10 s');
        s.runUntil(s.issuedAt + 11_000);
        assert.ok(s.fatal(), 'no fatal effect after 10 s');
    });
    it('time the process did not run does not count (a SIGSTOP, a blocked event loop): the storage may have answered behind this tick', async () => {
        const s = await loneVoter({ tickTime: 100, syncLimit: 5 });
        s.runUntil(s.issuedAt + 3000);
        s.clock.now += 8000; // paused: the next tick comes 8 s late
        s.tick();
        assert.equal(s.fatal(), undefined, 'failed on the first tick after a pause');
        const resumedAt = s.clock.now;
        s.runUntil(resumedAt + 4000);
        assert.equal(s.fatal(), undefined, 'failed within the bound of the resume');
        s.runUntil(resumedAt + 6000);
        assert.ok(s.fatal(), 'a stall that goes on after the resume still fails');
    });
    it('while a snapshot install is outstanding, the bound grows with its size', async () => {
        const s = await loneVoter({ tickTime: 100, syncLimit: 5 });
        // As if a SNAP of 200,000 records were being written behind the epochs (a learner's sync).
        const tokens = s.peer.tokens;
        tokens.set(1_000_000, { generation: 0, token: 1_000_000, kind: 'state', records: 200_000 });
        const allowance = (200_000 * SNAPSHOT_STALL_ALLOWANCE_US_PER_RECORD) / 1000;
        assert.equal(allowance, 10_000);
        s.runUntil(s.issuedAt + 5000 + allowance - TICK_MS);
        assert.equal(s.fatal(), undefined, 'failed within the allowance');
        s.runUntil(s.issuedAt + 5000 + allowance + 10 * TICK_MS);
        assert.match(s.fatal()?.e.reason ?? '', /plus 10000 ms for a snapshot install/);
    });
});
//# sourceMappingURL=storage-stall.test.js.map