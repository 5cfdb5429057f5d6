/**
 * A standalone server whose disk fills (issue 8, finding 8). A write whose batch storage failed
 * may still be on disk and come back at the next start, so the client must not be told it did
 * not happen: its connection closes (connection loss, as when ZooKeeper exits). After that the
 * server refuses writes with NOTREADONLY and keeps serving reads; after a restart with space,
 * every acknowledged write is there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Err, Op } from '../../src/wire/constants.js';
import { OPEN_ACL_UNSAFE } from '../../src/wire/records.js';
import { freePort } from '../support/free-port.js';
import { PipelinedClient, type Reply } from '../support/pipelined-client.js';
import { waitFor, ZK_SERVER_BIN } from '../support/zkts-server.js';

async function launch(cfg: string, fileLimitBlocks: number | null): Promise<{ child: ChildProcess; output: () => string }> {
  const args = [ZK_SERVER_BIN, '--config', cfg, '--log-level', 'info'];
  // Node ignores SIGXFSZ, so writes past `ulimit -f` fail with EFBIG, as on a full disk.
  const child =
    fileLimitBlocks === null
      ? spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', `ulimit -f ${fileLimitBlocks}; exec "$0" "$@"`, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  try {
    await waitFor(() => out.includes('serving clients on'), 20_000, () => `server did not start:\n${out}`, () => child.exitCode !== null);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return { child, output: () => out };
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    child.once('exit', () => res());
    child.kill('SIGKILL');
  });
}

test('a full disk: writes of unknown outcome lose the connection (never NOTREADONLY), later writes are refused, reads go on, acknowledged writes survive', { timeout: 120_000, skip: process.platform !== 'linux' && 'needs ulimit -f semantics of Linux' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-fulldisk-'));
  const port = await freePort();
  const cfg = join(dir, 'zoo.cfg');
  writeFileSync(cfg, [`tickTime=200`, `dataDir=${join(dir, 'data')}`, `clientPort=${port}`, 'clientPortAddress=127.0.0.1', 'maxClientCnxns=0', ''].join('\n'));
  let server = await launch(cfg, 8192);
  try {
    const c = await PipelinedClient.connect(port, { timeout: 30_000 });
    const data = new Uint8Array(40_000).fill(0x5a);
    const acked: string[] = [];
    const answers: { path: string; reply: Reply | null }[] = [];
    // Rounds of 10 pipelined creates until the connection closes or a write is refused.
    for (let round = 0; !c.closed && round < 2000; round++) {
      const paths = Array.from({ length: 10 }, (_, i) => `/n${round}-${i}`);
      const replies = await Promise.all(paths.map((path) => new Promise<Reply | null>((res) => c.send({ op: Op.create, path, data, acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n }, res))));
      replies.forEach((reply, i) => answers.push({ path: paths[i]!, reply }));
      for (const [i, r] of replies.entries()) if (r?.err === 0) acked.push(paths[i]!);
      if (replies.some((r) => r === null || r.err !== 0)) break;
    }
    assert.ok(acked.length > 10, `only ${acked.length} writes fitted before the disk filled:\n${server.output().slice(-2000)}`);
    assert.match(server.output(), /storage failed, refusing writes/);
    const refused = answers.filter((a) => a.reply && a.reply.err !== 0);
    assert.deepEqual(refused.map((a) => `${a.path}: err ${a.reply!.err}`), [], 'a write handed to storage before it failed got a definite "no"');
    assert.ok(answers.some((a) => a.reply === null), 'the writes of unknown outcome were not left unanswered');
    await c.waitClosed();

    // The session lives on: it resumes, new writes are refused cleanly, reads go on.
    const again = await PipelinedClient.connect(port, { sessionId: c.sessionId, passwd: c.passwd, lastZxidSeen: c.lastZxid });
    assert.equal((await again.request({ op: Op.create, path: '/after', data, acl: OPEN_ACL_UNSAFE, flags: 0, ttl: -1n })).err, Err.NOTREADONLY);
    const read = await again.request({ op: Op.getData, path: `/${acked[0]!.slice(1)}`, watch: false });
    assert.equal(read.err, 0);
    again.drop();

    // With space again, every acknowledged write is there.
    await kill(server.child);
    server = await launch(cfg, null);
    const check = await PipelinedClient.connect(port);
    for (const path of acked) assert.equal((await check.request({ op: Op.exists, path, watch: false })).err, 0, `acknowledged ${path} lost`);
    check.drop();
  } finally {
    await kill(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
});
