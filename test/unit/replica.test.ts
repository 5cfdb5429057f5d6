/** The replica with a write path that answers late, as a learner's does (through the leader). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { Replica, ReplicaEffect, WritePath } from '../../src/peer/replica.js';
import { TxnType } from '../../src/wire/txn.js';

const clock = { nowMs: () => 1000, wallMs: () => 1_700_000_000_000 };

function replicaWithLateRevalidation() {
  const out: ReplicaEffect[] = [];
  const r = new Replica(
    { serverId: 2, tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 4000, extendedTypesEnabled: false },
    clock,
    new SeededRng(1),
    out,
  );
  const answers: ((valid: boolean | null) => void)[] = [];
  const path: WritePath = {
    submitWrite() {},
    createSession() {},
    revalidate(_conn, _id, _timeout, done) {
      answers.push(done);
    },
    sync(done) {
      done();
    },
    writeRefusal: () => null,
  };
  r.writePath = path;
  const passwd = new Uint8Array(16).fill(7);
  r.apply({ sessionId: 0x0200000000000001n, cxid: 0, zxid: 1n, time: 0, body: { type: TxnType.createSession, timeout: 2000, passwd } });
  return { r, out, answers, passwd, sessionId: 0x0200000000000001n };
}

describe('Replica session resume', () => {
  it('answers a resume once the leader confirms the session', () => {
    const { r, out, answers, passwd, sessionId } = replicaWithLateRevalidation();
    r.connect(5, '127.0.0.1', { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId, passwd, readOnly: false });
    assert.equal(answers.length, 1);
    answers[0](true);
    const hs = out.find((e) => e.kind === 'handshake');
    assert.ok(hs && hs.kind === 'handshake' && hs.response.sessionId === sessionId);
    assert.ok(r.connections.has(5));
  });

  it('forgets a resume whose client left before the answer came', () => {
    const { r, out, answers, passwd, sessionId } = replicaWithLateRevalidation();
    r.connect(5, '127.0.0.1', { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId, passwd, readOnly: false });
    r.disconnect(5);
    answers[0](true);
    assert.equal(out.filter((e) => e.kind === 'handshake').length, 0);
    assert.equal(r.connections.has(5), false, 'a connection nobody will close was registered');
  });

  it('closes without an answer when no leader could say (the client keeps its session)', () => {
    const { r, out, answers, passwd, sessionId } = replicaWithLateRevalidation();
    r.connect(5, '127.0.0.1', { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId, passwd, readOnly: false });
    answers[0](null);
    assert.equal(out.filter((e) => e.kind === 'handshake').length, 0);
    assert.ok(out.some((e) => e.kind === 'close' && e.conn === 5));
  });
});
