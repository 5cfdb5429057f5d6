/**
 * The quorum runtime's handling of a storage failure (issue 8, finding 5): whichever write fails
 * (a durable one with a token, or applied state written behind the log), the peer stops taking
 * part and the runtime logs a fatal line naming the error and hands over to main, which exits.
 * No sockets: the runtime is driven without start().
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { QuorumPeer } from '../../src/peer/quorum-peer.js';
import { PeerRuntime } from '../../src/net/peer-runtime.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
const servers = [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', quorumPort: 1, electionPort: 1, role: 'participant' }));
const clock = { nowMs: 0, wallMs: 1_700_000_000_000 };
async function runtimeOn(storage) {
    const loaded = await storage.load();
    const peer = new QuorumPeer({
        serverId: 1,
        tickTime: 100,
        minSessionTimeout: 200,
        maxSessionTimeout: 2000,
        extendedTypesEnabled: false,
        servers,
        election: 'fast',
        initLimit: 10,
        syncLimit: 5,
        containerCheckIntervalMs: 60_000,
        incarnation: 7,
    }, new SeededRng(1), storage, loaded, clock);
    const errors = [];
    const log = { error: (m) => errors.push(m), warn() { }, info() { }, debug() { } };
    let onFatal = () => undefined;
    const fatal = new Promise((resolve) => (onFatal = resolve));
    const runtime = new PeerRuntime(peer, storage, log, {
        self: { id: 1, host: '127.0.0.1', quorumPort: 1, electionPort: 1 },
        servers: [],
        tickIntervalMs: 25,
        initLimitMs: 1000,
        logRetain: 1000,
        onFatal,
    });
    return { runtime, peer, errors, fatal };
}
/** The fatal reason, or a failure if the runtime never reports one. */
function reported(fatal) {
    return Promise.race([fatal, new Promise((_, reject) => setTimeout(() => reject(new Error('the runtime never reported a fatal storage failure')), 5_000).unref())]);
}
describe('PeerRuntime: a storage failure is fatal', () => {
    it('a failed durable write: the peer stops and the runtime exits with a fatal line naming the error', async () => {
        const storage = new MemoryStorage();
        const { runtime, peer, errors, fatal } = await runtimeOn(storage);
        storage.failWrites('No space left on device');
        runtime.submit({ kind: 'persistFailed', token: 5, reason: 'setEpochs: storage write failed: No space left on device' });
        assert.match(await reported(fatal), /No space left on device/);
        assert.ok(errors.some((m) => /^FATAL: storage failed, exiting: .*No space left on device/.test(m)), errors.join('\n'));
        assert.match(peer.failed ?? '', /No space left/);
        // It takes no further part: no election, whatever it is asked.
        peer.step({ kind: 'start', ...clock });
        peer.step({ kind: 'tick', ...clock });
        peer.step({ kind: 'flush', ...clock });
        assert.deepEqual(peer.drain().filter((e) => e.kind === 'election'), []);
    });
    it('a failed write of applied state is not swallowed: it is fatal too', async () => {
        const storage = new MemoryStorage();
        const { runtime, fatal, errors } = await runtimeOn(storage);
        storage.failWrites('Input/output error');
        runtime.driver.applied.store({ lastApplied: 1n, nodes: new Map(), sessions: new Map() });
        assert.match(await reported(fatal), /storing applied state failed: .*Input\/output error/);
        assert.ok(errors.some((m) => /^FATAL/.test(m)));
    });
    it('exits even when a write the failed storage holds never settles', async () => {
        // Seen in the fault bench: the fatal line, then neither an exit nor service, the stop
        // waiting on storage promises that never settled.
        const storage = new MemoryStorage();
        const { runtime, fatal } = await runtimeOn(storage);
        storage.applyCommitted = () => new Promise(() => undefined);
        runtime.driver.applied.store({ lastApplied: 1n, nodes: new Map(), sessions: new Map() });
        runtime.submit({ kind: 'persistFailed', token: 5, reason: 'appendLog: storage write failed: Input/output error' });
        assert.match(await reported(fatal), /Input\/output error/);
    });
});
//# sourceMappingURL=peer-runtime.test.js.map