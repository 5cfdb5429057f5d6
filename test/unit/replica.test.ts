/** The replica with a write path that answers late, as a learner's does (through the leader). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { Replica, ReplicaEffect, WritePath } from '../../src/peer/replica.js';
import { TxnType } from '../../src/wire/txn.js';
import { asConnId, asSid } from '../../src/base/ids.js';
import { asZxid } from '../../src/base/zxid.js';

const clock = { nowMs: 1000, wallMs: 1_700_000_000_000 };

function replicaWithLateRevalidation() {
  const out: ReplicaEffect[] = [];
  const r = new Replica(
    { serverId: asSid(2), tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 4000, extendedTypesEnabled: false },
    clock,
    new SeededRng(1),
    out,
  );
  const answers: ((valid: boolean | null) => void)[] = [];
  /** Syncs wait here until the test answers them (a learner catching up with its leader). */
  const syncs: (() => void)[] = [];
  const path: WritePath = {
    submitWrite() {},
    createSession() {},
    revalidate(_conn, _id, _timeout, done) {
      answers.push(done);
    },
    sync(done) {
      syncs.push(done);
    },
    writeRefusal: () => null,
  };
  r.writePath = path;
  const passwd = new Uint8Array(16).fill(7);
  r.apply({ sessionId: 0x0200000000000001n, cxid: 0, zxid: asZxid(1n), time: 0, body: { type: TxnType.createSession, timeout: 2000, passwd } });
  return { r, out, answers, syncs, passwd, sessionId: 0x0200000000000001n };
}

describe('Replica session resume', () => {
  it('answers a resume once the leader confirms the session', () => {
    const { r, out, answers, passwd, sessionId } = replicaWithLateRevalidation();
    r.connect(asConnId(5), '127.0.0.1', { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId, passwd, readOnly: false });
    assert.equal(answers.length, 1);
    answers[0]!(true);
    const hs = out.find((e) => e.kind === 'handshake');
    assert.ok(hs && hs.kind === 'handshake' && hs.response.sessionId === sessionId);
    assert.ok(r.connections.has(asConnId(5)));
  });

  it('forgets a resume whose client left before the answer came', () => {
    const { r, out, answers, passwd, sessionId } = replicaWithLateRevalidation();
    r.connect(asConnId(5), '127.0.0.1', { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId, passwd, readOnly: false });
    r.disconnect(asConnId(5));
    answers[0]!(true);
    assert.equal(out.filter((e) => e.kind === 'handshake').length, 0);
    assert.equal(r.connections.has(asConnId(5)), false, 'a connection nobody will close was registered');
  });

  it('closes without an answer when no leader could say (the client keeps its session)', () => {
    const { r, out, answers, passwd, sessionId } = replicaWithLateRevalidation();
    r.connect(asConnId(5), '127.0.0.1', { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId, passwd, readOnly: false });
    answers[0]!(null);
    assert.equal(out.filter((e) => e.kind === 'handshake').length, 0);
    assert.ok(out.some((e) => e.kind === 'close' && e.conn === 5));
  });

  it('a session not applied here yet (lastZxidSeen 0 on a lagging learner) is resumed once caught up, not called expired', () => {
    const { r, out, answers, syncs } = replicaWithLateRevalidation();
    const later = 0x0100000000000007n;
    const passwd = new Uint8Array(16).fill(9);
    r.connect(asConnId(6), '127.0.0.1', { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId: later, passwd, readOnly: false });
    assert.equal(out.filter((e) => e.kind === 'handshake' || e.kind === 'close').length, 0, 'answered from local state before catching up');
    assert.equal(syncs.length, 1);
    // The createSession arrives from the leader, then the sync completes.
    r.apply({ sessionId: later, cxid: 0, zxid: asZxid(2n), time: 0, body: { type: TxnType.createSession, timeout: 2000, passwd } });
    syncs[0]!();
    assert.equal(answers.length, 1, 'the leader was not asked whether the session is alive');
    answers[0]!(true);
    const hs = out.find((e) => e.kind === 'handshake');
    assert.ok(hs && hs.kind === 'handshake' && hs.response.sessionId === later && hs.response.timeOut > 0);
  });

  it('a session still unknown after catching up is refused as expired', () => {
    const { r, out, answers, syncs } = replicaWithLateRevalidation();
    r.connect(asConnId(6), '127.0.0.1', { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId: 0x0100000000000009n, passwd: new Uint8Array(16), readOnly: false });
    syncs[0]!();
    assert.equal(answers.length, 0);
    const hs = out.find((e) => e.kind === 'handshake');
    assert.ok(hs && hs.kind === 'handshake' && hs.response.timeOut === 0);
  });

  it('a resume waiting to catch up is closed without an answer when the server stops serving', () => {
    const { r, out, syncs } = replicaWithLateRevalidation();
    r.connect(asConnId(6), '127.0.0.1', { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId: 0x0100000000000009n, passwd: new Uint8Array(16), readOnly: false });
    r.dropAllConnections('looking');
    assert.ok(out.some((e) => e.kind === 'close' && e.conn === 6));
    syncs[0]!();
    assert.equal(out.filter((e) => e.kind === 'handshake').length, 0, 'answered a client that was already closed');
  });
});
