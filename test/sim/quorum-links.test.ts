/**
 * The simulator's quorum links carry encoded frames and decode them where they come off the
 * link, as the runtime's QuorumLink does: a frame that does not decode resets that link and
 * reaches no peer.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { QuorumLinks, type LinkEnd, type SimLink } from '../../src/sim/quorum-links.js';
import { World } from '../../src/sim/world.js';
import { encodeQuorumFrame, Pkt, type QuorumMessage } from '../../src/wire/quorum.js';
import { asSid } from '../../src/base/ids.js';
import { asZxid } from '../../src/base/zxid.js';

function links() {
  const world = new World();
  const delivered: [LinkEnd, QuorumMessage][] = [];
  const closed: [LinkEnd, string][] = [];
  const l = new QuorumLinks(world, new SeededRng(1), () => false, {
    deliver: (_link: SimLink, at: LinkEnd, m: QuorumMessage) => delivered.push([at, m]),
    closed: (_link: SimLink, at: LinkEnd, reason: string) => closed.push([at, reason]),
  });
  return { world, l, delivered, closed };
}

describe('simulated quorum links decode at the boundary', () => {
  it('delivers what each end sent, decoded as that role sends it', () => {
    const { world, l, delivered } = links();
    const link = l.establish(asSid(2), 1, asSid(1), 1);
    const info: QuorumMessage = { type: Pkt.FOLLOWERINFO, acceptedEpoch: 0, sid: asSid(2), protocolVersion: 0x10000, lastLogged: asZxid(0n), currentEpoch: 0 };
    const ping: QuorumMessage = { type: Pkt.PING, lastCommitted: asZxid(5n), round: 3 };
    l.send(link, 'learner', encodeQuorumFrame(info));
    l.send(link, 'leader', encodeQuorumFrame(ping));
    world.runUntil(1000);
    assert.deepEqual(delivered.sort(([a], [b]) => a.localeCompare(b)), [['leader', info], ['learner', ping]]);
  });

  it('resets the link on a frame that does not decode at the receiving end (a learner message from the leader)', () => {
    const { world, l, delivered, closed } = links();
    const link = l.establish(asSid(2), 1, asSid(1), 1);
    l.send(link, 'leader', encodeQuorumFrame({ type: Pkt.ACK, zxid: asZxid(1n) }));
    world.runUntil(5000);
    assert.deepEqual(delivered, []);
    assert.equal(link.broken, true);
    assert.deepEqual(closed.map(([at]) => at).sort(), ['leader', 'learner']);
    assert.ok(closed.every(([, reason]) => /malformed quorum packet: a leader does not send ACK/.test(reason)), JSON.stringify(closed));
  });

  it('resets the link on a frame whose length does not match its body', () => {
    const { world, l, delivered, closed } = links();
    const link = l.establish(asSid(2), 1, asSid(1), 1);
    const frame = encodeQuorumFrame({ type: Pkt.COMMIT, zxid: asZxid(1n) });
    l.send(link, 'leader', frame.subarray(0, frame.byteLength - 1));
    world.runUntil(5000);
    assert.deepEqual(delivered, []);
    assert.equal(link.broken, true);
    assert.ok(closed.every(([, reason]) => /malformed quorum packet: a frame of 23 bytes says its body has 20/.test(reason)), JSON.stringify(closed));
  });
});
