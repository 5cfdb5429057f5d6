/**
 * `zk-server --record` and `zk-sim --replay` on real processes (issue 9, "Inputs replayable"):
 * a three-server ensemble, every server recording, takes writes, loses its leader to SIGKILL,
 * gets it back, takes more writes and stops cleanly; each recording (the killed incarnation's
 * too) replays through the same core with every checkpoint matching, and a recording with a
 * tampered input is reported as a mismatch.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ZooKeeperClient } from '../../src/client/index.js';
import { startEnsemble, type Ensemble } from '../support/ensemble.js';
import { REPO_ROOT, startZkTs } from '../support/zkts-server.js';
import { decodeLine, encodeValue } from '../../src/peer/recording.js';

const ZK_SIM = join(REPO_ROOT, 'bin', 'zk-sim');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a write across the leader change (connection loss, not serving yet). */
async function write(c: ZooKeeperClient, f: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await f();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(100);
    }
  }
}

function replay(file: string, verbose = false): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [ZK_SIM, '--replay', file, ...(verbose ? ['--verbose'] : [])], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 << 20 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * A recorded line holding a client's own write with data to a path starting with `pathPrefix`
 * (end it with `"` for one exact path), sent to this server: a
 * REQUEST that a leader got from a follower also mentions "request" (inside its packet) and
 * carries no `req` to tamper with.
 */
function isClientWrite(line: string, pathPrefix: string): boolean {
  if (!line.includes(`"path":"${pathPrefix}`)) return false;
  const input = (decodeLine(line) as unknown as { i?: { kind?: string; req?: { data?: unknown } } }).i;
  return input?.kind === 'request' && input.req?.data instanceof Uint8Array;
}

describe('record and replay a real three-server run', () => {
  let dir: string;
  let ens: Ensemble;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zkts-record-'));
    ens = await startEnsemble({
      size: 3,
      election: 'fast',
      tickTime: 200,
      serverArgs: (id, launch) => ['--record', join(dir, `server${id}.${launch}.rec`), '--record-check-every', '50'],
    });
  });

  after(async () => {
    await ens?.cleanup();
    if (dir && !process.env.ZK_KEEP_RECORDINGS) rmSync(dir, { recursive: true, force: true });
  });

  it('writes, a leader SIGKILLed and restarted, more writes, a clean stop: every recording replays with matching checkpoints', async () => {
    const c = createClient(ens.connectString, { sessionTimeout: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
    await c.connected(10_000);
    await c.create('/rec', 'root');
    for (let i = 0; i < 20; i++) await c.create(`/rec/a${i}`, `v${i}`);
    const leader = await ens.leader();
    await ens.kill(leader, 'SIGKILL');
    for (let i = 0; i < 20; i++) await write(c, () => c.setData(`/rec/a${i}`, `w${i}`));
    await ens.restart(leader);
    for (let i = 0; i < 20; i++) await write(c, () => c.create(`/rec/b${i}`, `x${i}`));
    await c.close();
    for (const s of ens.servers) await ens.stop(s.id);

    const files = readdirSync(dir).sort();
    assert.deepEqual(files, [1, 2, 3].flatMap((id) => (id === leader ? [`server${id}.1.rec`, `server${id}.2.rec`] : [`server${id}.1.rec`])).sort());
    for (const f of files) {
      const { status, out } = replay(join(dir, f));
      assert.equal(status, 0, `${f}:\n${out}`);
      assert.match(out, /verdict: ok/, `${f}:\n${out}`);
      const killed = f === `server${leader}.1.rec`;
      assert.match(out, killed ? /ended by cut short/ : /ended by a clean stop/, `${f}:\n${out}`);
    }

    // A tampered input: a request's data changed, on the server the client wrote through.
    const tampered = join(dir, 'tampered.rec');
    let done = false;
    for (const f of files) {
      const lines = readFileSync(join(dir, f), 'utf8').split('\n');
      const i = lines.findIndex((l) => isClientWrite(l, '/rec/b5"'));
      if (i < 0) continue;
      const line = decodeLine(lines[i]!) as unknown as { i: { req: { data: Uint8Array } } };
      line.i.req.data = new TextEncoder().encode('tampered');
      lines[i] = encodeValue(line);
      writeFileSync(tampered, lines.join('\n'));
      done = true;
      break;
    }
    assert.ok(done, 'no recording holds the client request for /rec/b5');
    const { status, out } = replay(tampered);
    assert.equal(status, 1, out);
    assert.match(out, /MISMATCH/, out);
  });
});

describe('a bounded recording of a real three-server run drops its oldest inputs', () => {
  let dir: string;
  let ens: Ensemble;
  const limit = 200_000;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zkts-record-'));
    ens = await startEnsemble({
      size: 3,
      election: 'fast',
      tickTime: 200,
      serverArgs: (id) => ['--record', join(dir, `server${id}.rec`), '--record-limit', String(limit), '--record-check-every', '50'],
    });
  });

  after(async () => {
    await ens?.cleanup();
    if (dir && !process.env.ZK_KEEP_RECORDINGS) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps FILE and FILE.1 within the limit, each segment headed by a checkpoint; the kept part replays, a tampered one does not', async () => {
    const c = createClient(ens.connectString, { sessionTimeout: 10_000 });
    await c.connected(10_000);
    const big = 'x'.repeat(1000);
    for (let i = 0; i < 5; i++) await c.create(`/big${i}`, big);
    for (let i = 0; i < 300; i++) await c.setData(`/big${i % 5}`, `${i}:${big}`);
    await c.close();
    for (const s of ens.servers) await ens.stop(s.id);

    const files = readdirSync(dir).sort();
    assert.deepEqual(files, [1, 2, 3].flatMap((id) => [`server${id}.rec`, `server${id}.rec.1`]));
    for (const id of [1, 2, 3]) {
      const file = join(dir, `server${id}.rec`);
      const older = readFileSync(`${file}.1`, 'utf8');
      const newer = readFileSync(file, 'utf8');
      // FILE.1 begins with a resume line too: the segment with the start line was dropped (at least two new segments began).
      const head = (text: string) => decodeLine(text.slice(0, text.indexOf('\n')));
      assert.equal(head(older).t, 'resume', `server ${id}: FILE.1 begins with a checkpoint`);
      assert.equal(head(newer).t, 'resume', `server ${id}: FILE begins with a checkpoint`);
      assert.ok((head(older) as { segment: number }).segment >= 2, `server ${id}: at least two new segments began`);
      assert.ok(older.length + newer.length <= limit * 1.05, `server ${id}: ${older.length + newer.length} bytes for a limit of ${limit}`);
      const { status, out } = replay(file);
      assert.equal(status, 0, `${file}:\n${out}`);
      assert.match(out, /from segment \d+ \(the first \d+ inputs were dropped at the size limit\), 2 segment\(s\), ended by a clean stop/, out);
      assert.match(out, /verdict: ok/, out);
    }
    // Stepping through (--verbose): every input and effect printed, quorum packets included, and the segment head checked.
    const stepped = replay(join(dir, 'server1.rec'), true);
    assert.equal(stepped.status, 0, stepped.out.slice(-3000));
    assert.match(stepped.out, /^1: resume from segment \d+ after \d+ inputs/m);
    assert.match(stepped.out, /input fromL(eader|earner) at [\d.]+ ms \((link \d+, )?[A-Z]+ zxid 0x[0-9a-f]+\)/);
    assert.match(stepped.out, /: segment \d+ begins after \d+ inputs: match \(.*whole core equal\)/);

    // A tampered input in the kept part: a setData's data changed, on whichever server the client wrote through.
    let done = false;
    for (const id of [1, 2, 3]) {
      const file = join(dir, `server${id}.rec`);
      const lines = readFileSync(`${file}.1`, 'utf8').split('\n');
      const i = lines.findIndex((l) => isClientWrite(l, '/big'));
      if (i < 0) continue;
      const line = decodeLine(lines[i]!) as unknown as { i: { req: { data: Uint8Array } } };
      line.i.req.data = new TextEncoder().encode('tampered');
      lines[i] = encodeValue(line);
      writeFileSync(`${file}.1`, lines.join('\n'));
      const { status, out } = replay(file);
      assert.equal(status, 1, out);
      assert.match(out, /MISMATCH/, out);
      done = true;
      break;
    }
    assert.ok(done, 'no kept segment holds a client setData');
  });
});

describe('record and replay a real standalone server', () => {
  it('writes and a clean stop: the recording replays with every checkpoint matching', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkts-record-'));
    const file = join(dir, 'standalone.rec');
    const server = await startZkTs({ args: ['--record', file, '--record-check-every', '20'] });
    try {
      const c = createClient(server.connectString, { sessionTimeout: 10_000 });
      await c.connected(10_000);
      for (let i = 0; i < 30; i++) await c.create(`/s${i}`, `v${i}`);
      for (let i = 0; i < 30; i++) await c.setData(`/s${i}`, `w${i}`);
      await c.close();
      await server.stop();
      const { status, out } = replay(file);
      assert.equal(status, 0, out);
      assert.match(out, /standalone, \d+ inputs, ended by a clean stop/, out);
      assert.match(out, /"nodes":3[2-4]/, out);
    } finally {
      await server.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
