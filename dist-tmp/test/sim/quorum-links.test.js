/**
 * The simulator's quorum links carry encoded frames and decode them where they come off the
 * link, as the runtime's QuorumLink does: a frame that does not decode resets that link and
 * reaches no peer.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { QuorumLinks } from '../../src/sim/quorum-links.js';
import { World } from '../../src/sim/world.js';
import { Pkt } from '../../src/wire/quorum.js';
function links() {
    const world = new World();
    const delivered = [];
    const closed = [];
    const l = new QuorumLinks(world, new SeededRng(1), () => false, {
        deliver: (_link, at, m) => delivered.push([at, m]),
        closed: (_link, at, reason) => closed.push([at, reason]),
    });
    return { world, l, delivered, closed };
}
describe('simulated quorum links decode at the boundary', () => {
    it('delivers what each end sent, decoded as that role sends it', () => {
        const { world, l, delivered } = links();
        const link = l.establish(2, 1, 1, 1);
        const info = { type: Pkt.FOLLOWERINFO, acceptedEpoch: 0, sid: 2, protocolVersion: 0x10000, lastLogged: 0n, currentEpoch: 0 };
        const ping = { type: Pkt.PING, lastCommitted: 5n, round: 3 };
        l.send(link, 'learner', info);
        l.send(link, 'leader', ping);
        world.runUntil(1000);
        assert.deepEqual(delivered.sort(([a], [b]) => a.localeCompare(b)), [['leader', info], ['learner', ping]]);
    });
    it('resets the link on a frame that does not decode at the receiving end (a learner message from the leader)', () => {
        const { world, l, delivered, closed } = links();
        const link = l.establish(2, 1, 1, 1);
        l.send(link, 'leader', { type: Pkt.ACK, zxid: 1n });
        world.runUntil(5000);
        assert.deepEqual(delivered, []);
        assert.equal(link.broken, true);
        assert.deepEqual(closed.map(([at]) => at).sort(), ['leader', 'learner']);
        assert.ok(closed.every(([, reason]) => /malformed quorum packet: a leader does not send ACK/.test(reason)), JSON.stringify(closed));
    });
});
//# sourceMappingURL=quorum-links.test.js.map