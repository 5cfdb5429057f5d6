/**
 * Recording and replaying a core's run without processes: a standalone core driven directly,
 * recorded as `zk-server --record` does (src/peer/recording.ts), then replayed by the simulator's
 * replay (src/sim/replay.ts). The real-process round trip is test/integration/record-replay.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { Op } from '../../src/wire/constants.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';
import { StandaloneCore } from '../../src/peer/standalone.js';
import type { StandaloneInput } from '../../src/peer/inputs.js';
import { decodeLine, encodeValue, Recorder, standaloneState } from '../../src/peer/recording.js';
import { replayRecording } from '../../src/sim/replay.js';

const enc = (s: string) => new TextEncoder().encode(s);
const options = { serverId: 1, tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 2000, extendedTypesEnabled: false, containerCheckIntervalMs: 1000 };
const loaded = { nodes: [], sessions: [], lastApplied: 0n, lastLogged: 0n, epochs: { acceptedEpoch: 0, currentEpoch: 0 } };

/** Runs a small workload on a recorded standalone core; returns the recording's lines. */
function recordRun(opts: { checkEvery: number; limitBytes?: number; stopCleanly?: boolean }): string[] {
  const lines: string[] = [];
  let core: StandaloneCore;
  const recorder = new Recorder({ sink: (l) => lines.push(l), state: (full) => standaloneState(core, full), checkEvery: opts.checkEvery, limitBytes: opts.limitBytes ?? Infinity });
  const time = { nowMs: 1000, wallMs: 1_700_000_000_000 };
  recorder.start({ mode: 'standalone', seed: 42, options, loaded, time });
  core = new StandaloneCore(options, new SeededRng(42), time, loaded);
  core.recorder = recorder;
  const step = (input: StandaloneInput) => {
    time.nowMs += 7;
    time.wallMs += 7;
    core.step({ ...input, ...time });
  };
  /** As the runtime: drain until quiet, storage confirming every persist. */
  const turn = () => {
    for (;;) {
      step({ kind: 'flush' });
      const out = core.drain();
      if (out.length === 0) return;
      for (const e of out) if (e.kind === 'persist') step({ kind: 'persisted', token: e.token });
    }
  };
  step({ kind: 'connect', conn: 1, remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false } });
  turn();
  for (let i = 0; i < 30; i++) {
    step({ kind: 'request', conn: 1, xid: 2 * i + 1, req: { op: Op.create, path: `/n${i}`, data: enc(`v${i}`), acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n } });
    step({ kind: 'request', conn: 1, xid: 2 * i + 2, req: { op: Op.setData, path: `/n${i}`, data: enc(`w${i}`), version: -1 } });
    step({ kind: 'tick' });
    turn();
  }
  if (opts.stopCleanly !== false) recorder.check(true);
  return lines;
}

describe('recording a core and replaying it', () => {
  it('replays a clean run: every checkpoint, the final one with the tree digest, matches', () => {
    const lines = recordRun({ checkEvery: 10 });
    const result = replayRecording(lines.join('\n') + '\n');
    assert.equal(result.divergence, null);
    assert.equal(result.end, 'final');
    assert.ok(result.checks.length >= 5, `only ${result.checks.length} checkpoints`);
    assert.deepEqual(result.checks.filter((c) => !c.match), []);
    assert.ok(result.checks[result.checks.length - 1]!.final);
    assert.equal(result.inputs, lines.filter((l) => decodeLine(l).t === 'in').length);
  });

  it('replays a run cut short mid-line (a killed server) up to its last checkpoint', () => {
    const lines = recordRun({ checkEvery: 10, stopCleanly: false });
    const text = lines.join('\n');
    const result = replayRecording(text.slice(0, text.length - 5));
    assert.equal(result.end, 'cut');
    assert.ok(result.checks.length > 0);
    assert.ok(result.checks.every((c) => c.match));
  });

  it('reports a corrupted input as a mismatch', () => {
    const lines = recordRun({ checkEvery: 10 });
    const i = lines.findIndex((l) => l.includes('"kind":"request"') && l.includes('"path":"/n3"') && l.includes('"op":5'));
    assert.ok(i > 0, 'the setData of /n3 is recorded');
    const line = decodeLine(lines[i]!) as unknown as { t: 'in'; i: { req: { data: Uint8Array } } };
    line.i.req.data = enc('tampered');
    lines[i] = encodeValue(line);
    const result = replayRecording(lines.join('\n'));
    assert.ok(result.checks.some((c) => !c.match), 'a checkpoint after the tampered input differs');
    assert.ok(result.checks.filter((c) => c.line < i).every((c) => c.match), 'checkpoints before it still match');
  });

  it('stops at the size limit at the end of a turn, and what was recorded replays', () => {
    const lines = recordRun({ checkEvery: 1000, limitBytes: 8_000 });
    const last = decodeLine(lines[lines.length - 1]!);
    assert.equal(last.t, 'limit');
    const result = replayRecording(lines.join('\n'));
    assert.equal(result.end, 'limit');
    assert.equal(result.checks.length, 1);
    assert.ok(result.checks[0]!.match);
  });

  it('round-trips the values the cores exchange (bigints, bytes, maps)', () => {
    const v = { a: 1n << 63n, b: new Uint8Array([0, 255, 7]), m: new Map([['x', null]]), n: null, s: 'é' };
    const back = decodeLine(encodeValue({ t: 'in', i: v })) as unknown as { i: typeof v };
    assert.deepEqual(back.i, v);
  });
});
