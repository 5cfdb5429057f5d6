/**
 * Durability through SIGKILL: a stream of pipelined creates (100 in flight) runs against a real
 * server, which is killed with SIGKILL at a random moment after at least 500 acknowledged creates.
 * After a restart on the same data dir every create that had been answered must exist, the zxid
 * must not have gone back, and sequential numbering must continue above every acknowledged name.
 * A second test checks that sessions (and their ephemerals) survive the crash until their timeout,
 * and that the restarted server expires them.
 *
 * The kill moments come from a seeded generator; the seed is printed and `ZKTS_CRASH_SEED=N`
 * replays a run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../src/base/clock.js';
import { Err, Op, OPEN_ACL_UNSAFE, type Request } from '../../src/wire/index.js';
import { pipelined, PipelinedClient, SessionRefusedError } from '../support/pipelined-client.js';
import { fourLetterWord, startZkTs, ZkTsServer } from '../support/zkts-server.js';

const SEED = process.env.ZKTS_CRASH_SEED ? Number(process.env.ZKTS_CRASH_SEED) : Date.now() % 1_000_000_007;
const ROUNDS = 3;
const IN_FLIGHT = 100;
const MIN_ACKED = 500;
const MAX_EXTRA_DELAY_MS = 300;
const SEQ_PARENT = '/seq';
const TICK = 300;

const enc = new TextEncoder();
const dec = new TextDecoder();
const log = (s: string) => console.log(`# crash: ${s}`);

const create = (path: string, data: string, flags = 0): Request => ({
  op: Op.create,
  path,
  data: enc.encode(data),
  acl: OPEN_ACL_UNSAFE,
  flags,
  ttl: -1n,
});

interface Acked {
  /** path → data, for every create whose success reply arrived. */
  paths: Map<string, string>;
  maxZxid: bigint;
  maxSeq: number;
}

function seqSuffix(path: string): number {
  const m = /(\d{10})$/.exec(path);
  assert.ok(m, `no sequence suffix in ${path}`);
  return Number(m[1]);
}

async function srvrZxid(port: number): Promise<bigint> {
  const text = await fourLetterWord(port, 'srvr');
  const m = /Zxid: (0x[0-9a-f]+)/.exec(text);
  assert.ok(m, `no Zxid in srvr output:\n${text}`);
  return BigInt(m[1]!);
}


describe('SIGKILL during pipelined creates', { timeout: 60_000 }, () => {
  let server: ZkTsServer;
  const rng = new SeededRng(SEED);
  const acked: Acked = { paths: new Map(), maxZxid: 0n, maxSeq: -1 };
  let counter = 0;

  before(async () => {
    log(`seed ${SEED} (replay with ZKTS_CRASH_SEED=${SEED})`);
    server = await startZkTs({ tickTime: TICK });
    const c = await PipelinedClient.connect(server.port);
    const r = await c.request(create(SEQ_PARENT, ''));
    assert.equal(r.err, 0);
    await c.closeSession();
  });

  after(async () => {
    await server?.cleanup();
  });

  /** Streams creates until the server dies; records every acknowledged one. */
  async function streamUntilKilled(round: number): Promise<{ delay: number; ackedThisRound: number; ackedAtKill: number }> {
    const c = await PipelinedClient.connect(server.port);
    const errors: string[] = [];
    let ackedThisRound = 0;
    let ackedAtKill = -1;
    let delay = -1;
    let killing: Promise<void> | null = null;
    const fire = () => {
      while (!c.closed && c.outstanding < IN_FLIGHT) {
        const i = counter++;
        const seq = i % 8 === 7;
        const data = `d${i}`;
        const req = seq ? create(`${SEQ_PARENT}/s-`, data, 2) : create(`/crash-${i}`, data);
        c.send(req, (r) => {
          if (r === null) return; // the server died before answering: no claim either way
          if (r.err !== 0) {
            errors.push(`create ${req.op === Op.create ? (req as { path: string }).path : ''} failed: err ${r.err}`);
          } else {
            const path = (r.response as { path: string }).path;
            acked.paths.set(path, data);
            if (r.zxid > acked.maxZxid) acked.maxZxid = r.zxid;
            if (seq) acked.maxSeq = Math.max(acked.maxSeq, seqSuffix(path));
            ackedThisRound++;
            if (ackedThisRound === MIN_ACKED && killing === null) {
              delay = rng.int(MAX_EXTRA_DELAY_MS + 1);
              log(`round ${round}: ${MIN_ACKED} creates acknowledged, SIGKILL in ${delay} ms`);
              killing = new Promise((res) => setTimeout(res, delay)).then(() => {
                ackedAtKill = ackedThisRound;
                return server.kill('SIGKILL');
              });
            }
          }
          if (!c.closed) fire();
        });
      }
    };
    fire();
    await c.waitClosed();
    assert.ok(killing, `round ${round}: the connection closed before ${MIN_ACKED} acks (${ackedThisRound})`);
    await killing;
    assert.deepEqual(errors, [], `round ${round}: creates failed`);
    assert.deepEqual(c.violations, []);
    return { delay, ackedThisRound, ackedAtKill };
  }

  async function verifyAfterRestart(round: number): Promise<void> {
    const c = await PipelinedClient.connect(server.port);
    const paths = [...acked.paths.keys()];
    const replies = await pipelined(
      c,
      paths.map((path) => ({ op: Op.getData, path, watch: false })),
    );
    const missing: string[] = [];
    const wrong: string[] = [];
    replies.forEach((r, i) => {
      assert.ok(r, 'connection lost during verification');
      if (r.err !== 0) missing.push(`${paths[i]} (err ${r.err})`);
      else {
        const got = dec.decode((r.response as { data: Uint8Array | null }).data ?? new Uint8Array(0));
        if (got !== acked.paths.get(paths[i]!)) wrong.push(`${paths[i]}: ${got}`);
      }
    });
    assert.deepEqual(missing.slice(0, 20), [], `round ${round}: ${missing.length} of ${paths.length} acknowledged creates are missing after restart`);
    assert.deepEqual(wrong.slice(0, 20), [], `round ${round}: acknowledged creates with the wrong data`);

    const zxid = await srvrZxid(server.port);
    assert.ok(zxid >= acked.maxZxid, `round ${round}: srvr Zxid 0x${zxid.toString(16)} < highest acknowledged 0x${acked.maxZxid.toString(16)}`);

    // Sequential numbering continues above every acknowledged (and every surviving) child.
    const kids = await c.request({ op: Op.getChildren, path: SEQ_PARENT, watch: false });
    assert.equal(kids.err, 0);
    const children = (kids.response as { children: string[] }).children;
    const maxChild = Math.max(-1, ...children.map(seqSuffix));
    assert.ok(maxChild >= acked.maxSeq);
    const madeSeq = await c.request(create(`${SEQ_PARENT}/s-`, 'after', 2));
    assert.equal(madeSeq.err, Err.OK);
    const suffix = seqSuffix((madeSeq.response as { path: string }).path);
    assert.ok(suffix > acked.maxSeq, `round ${round}: new sequential suffix ${suffix} <= acknowledged ${acked.maxSeq}`);
    assert.ok(suffix > maxChild, `round ${round}: new sequential suffix ${suffix} <= existing ${maxChild}`);
    assert.ok(madeSeq.zxid > acked.maxZxid, 'a new write got a zxid that was already acknowledged');
    log(
      `round ${round}: verified ${paths.length} acknowledged paths, srvr Zxid 0x${zxid.toString(16)} >= 0x${acked.maxZxid.toString(16)}, ` +
        `next sequence ${suffix} > acknowledged ${acked.maxSeq} and existing ${maxChild}`,
    );
    assert.deepEqual(c.violations, []);
    await c.closeSession();
  }

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: every acknowledged create survives a SIGKILL`, async () => {
      const before = acked.paths.size;
      const r = await streamUntilKilled(round);
      log(
        `round ${round}: killed ${r.delay} ms after ack #${MIN_ACKED}; ${r.ackedAtKill} acked at the kill, ` +
          `${r.ackedThisRound} in total (incl. replies already in flight); ${counter} creates sent so far`,
      );
      assert.equal(acked.paths.size, before + r.ackedThisRound);
      assert.ok(r.ackedThisRound >= MIN_ACKED);
      await server.restart();
      await verifyAfterRestart(round);
    });
  }

  it('a session with ephemerals outlives the crash until its timeout, then expires', async () => {
    const T = 4000;
    const resumed = await PipelinedClient.connect(server.port, { timeout: T });
    const idle = await PipelinedClient.connect(server.port, { timeout: T });
    assert.equal(resumed.handshake.timeOut, T);
    assert.equal((await resumed.request(create('/eph-resumed', 'r', 1))).err, 0);
    assert.equal((await idle.request(create('/eph-idle', 'i', 1))).err, 0);

    await server.kill('SIGKILL');
    await server.restart();
    const restartedAt = Date.now();
    const checker = await PipelinedClient.connect(server.port, { timeout: 6000 });
    const exists = async (path: string) => (await checker.request({ op: Op.exists, path, watch: false })).err;
    assert.equal(await exists('/eph-idle'), Err.OK, 'the idle session lost its ephemeral at restart');
    assert.equal(await exists('/eph-resumed'), Err.OK);

    // Resume with id and password within the timeout: the same session, its ephemeral intact.
    const again = await PipelinedClient.connect(server.port, { timeout: T, sessionId: resumed.sessionId, passwd: resumed.passwd });
    assert.equal(again.sessionId, resumed.sessionId);
    assert.ok(again.handshake.timeOut > 0);
    const got = await again.request({ op: Op.getData, path: '/eph-resumed', watch: false });
    assert.equal(got.err, 0);
    const stat = (got.response as { stat: { ephemeralOwner: bigint } }).stat;
    assert.equal(stat.ephemeralOwner, resumed.sessionId);
    const resumedAt = Date.now();
    again.drop();

    // Left alone, both sessions expire: the restarted server re-armed their deadlines.
    const gone = async (path: string, since: number): Promise<number> => {
      for (;;) {
        const err = await exists(path);
        if (err === Err.NONODE) return Date.now() - since;
        assert.equal(err, Err.OK);
        assert.ok(Date.now() - since < T + 5000, `${path} still exists ${Date.now() - since} ms later`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const idleGone = await gone('/eph-idle', restartedAt);
    const resumedGone = await gone('/eph-resumed', resumedAt);
    log(`ephemerals: idle session's gone ${idleGone} ms after restart, resumed session's ${resumedGone} ms after it was dropped (timeout ${T} ms)`);
    assert.ok(resumedGone >= T - TICK * 2, `the resumed session expired early (${resumedGone} ms)`);
    await assert.rejects(
      PipelinedClient.connect(server.port, { timeout: T, sessionId: resumed.sessionId, passwd: resumed.passwd }),
      SessionRefusedError,
    );
    assert.deepEqual(checker.violations, []);
    await checker.closeSession();
  });
});
