/**
 * Recording and replaying a core's run without processes: a standalone core driven directly,
 * recorded as `zk-server --record` does (src/peer/recording.ts), then replayed by the simulator's
 * replay (src/sim/replay.ts). The real-process round trip is test/integration/record-replay.test.ts.
 */
import { standaloneSteps } from '../support/standalone-steps.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { Op } from '../../src/wire/constants.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';
import { StandaloneCore } from '../../src/peer/standalone.js';
import { decodeLine, encodeValue, Recorder, standaloneState } from '../../src/peer/recording.js';
import { coreSnapshot } from '../../src/peer/core-checkpoint.js';
import { replayRecording } from '../../src/sim/replay.js';
import { asConnId, asSid } from '../../src/base/ids.js';
import { ZERO_ZXID } from '../../src/base/zxid.js';

const enc = (s: string) => new TextEncoder().encode(s);
const options = { serverId: asSid(1), tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 2000, extendedTypesEnabled: false, containerCheckIntervalMs: 1000 };
const loaded = { nodes: [], sessions: [], lastApplied: ZERO_ZXID, lastLogged: ZERO_ZXID, epochs: { acceptedEpoch: 0, currentEpoch: 0 } };

/**
 * Runs a small workload on a recorded standalone core; returns the recording's lines (with
 * `segments`, every segment's: a new one begins as the file layer would, each with its lines).
 */
function recordRun(opts: { checkEvery: number; limitBytes?: number; stopCleanly?: boolean; segments?: string[][]; rounds?: number }): string[] {
  let lines: string[] = [];
  opts.segments?.push(lines);
  let core: StandaloneCore;
  const recorder = new Recorder({
    sink: (l) => lines.push(l),
    state: (full) => standaloneState(core, full),
    checkEvery: opts.checkEvery,
    limitBytes: opts.limitBytes ?? Infinity,
    ...(opts.segments
      ? {
          snapshot: () => coreSnapshot(core, 'standalone', options),
          rotate: () => {
            lines = [];
            opts.segments!.push(lines);
          },
        }
      : {}),
  });
  const time = { nowMs: 1000, wallMs: 1_700_000_000_000 };
  recorder.start({ mode: 'standalone', seed: 42, options, loaded, time });
  core = new StandaloneCore(options, new SeededRng(42), time, loaded);
  core.recorder = recorder;
  const { step, turn, connect } = standaloneSteps(() => core, time);
  connect();
  for (let i = 0; i < (opts.rounds ?? 30); i++) {
    step({ kind: 'request', conn: asConnId(1), xid: 2 * i + 1, req: { op: Op.create, path: `/n${i % 40}`, data: enc(`v${i}`), acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n } });
    step({ kind: 'request', conn: asConnId(1), xid: 2 * i + 2, req: { op: Op.setData, path: `/n${i % 40}`, data: enc(`w${i}`), version: -1 } });
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

  it('at the size limit drops the oldest inputs: segments begin with a checkpoint of the core, and the last two replay', () => {
    const segments: string[][] = [];
    const limitBytes = 100_000;
    recordRun({ checkEvery: 25, limitBytes, segments, rounds: 400 });
    const last = segments[segments.length - 1]!;
    assert.notEqual(decodeLine(last[last.length - 1]!).t, 'limit', `${last[last.length - 1]} ${segments.map((seg) => seg.length + ':' + seg[0]!.length)}`);
    assert.ok(segments.length >= 4, `${segments.length} segments`);
    for (const seg of segments.slice(1)) assert.equal(decodeLine(seg[0]!).t, 'resume');
    const size = (seg: string[]) => seg.reduce((n, l) => n + l.length + 1, 0);
    for (let i = 1; i < segments.length; i++) assert.ok(size(segments[i - 1]!) + size(segments[i]!) <= limitBytes * 1.05, `segments ${i - 1} and ${i}: ${size(segments[i - 1]!) + size(segments[i]!)} bytes`);
    const kept = [...segments[segments.length - 2]!, ...segments[segments.length - 1]!];
    const result = replayRecording(kept.join('\n') + '\n');
    assert.equal(result.divergence, null, segments.map((seg) => seg.map((l) => decodeLine(l).t[0]).join('')).join('\n'));
    assert.equal(result.end, 'final', segments.map((seg) => seg.map((l) => decodeLine(l).t[0]).join('')).join('\n'));
    assert.equal(result.segments, 2);
    assert.ok(result.from && result.from.inputs > 0, 'the replay starts after dropped inputs');
    assert.ok(result.checks.length >= 3);
    assert.deepEqual(result.checks.filter((c) => !c.match), []);
    // The whole run, replayed from its start line through every segment head, matches too.
    const whole = replayRecording(segments.flat().join('\n') + '\n');
    assert.equal(whole.from, null);
    assert.equal(whole.segments, segments.length);
    assert.deepEqual(whole.checks.filter((c) => !c.match), []);
    assert.equal(whole.effects, result.effects);
    assert.equal(whole.state, result.state);

    // A tampered input in the kept part is reported.
    const i = kept.findIndex((l, n) => n > 0 && l.includes('"kind":"request"') && l.includes('"op":5'));
    const line = decodeLine(kept[i]!) as unknown as { i: { req: { data: Uint8Array } } };
    line.i.req.data = enc('tampered');
    kept[i] = encodeValue(line);
    assert.ok(replayRecording(kept.join('\n')).checks.some((c) => !c.match), 'a tampered input is a mismatch');
  });

  it('round-trips the values the cores exchange (bigints, bytes, maps)', () => {
    const v = { a: 1n << 63n, b: new Uint8Array([0, 255, 7]), m: new Map([['x', null]]), n: null, s: 'é' };
    const back = decodeLine(encodeValue({ t: 'in', i: v })) as unknown as { i: typeof v };
    assert.deepEqual(back.i, v);
  });
});
