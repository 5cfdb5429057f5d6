#!/usr/bin/env node
/**
 * The floor under a replicated write's latency on this machine: three Node processes that do
 * nothing but a write's hops and flushes, one write in flight (docs/performance.md, section 19).
 * It answers: how fast could any Node server with three members on this disk acknowledge one
 * durable write, if its own code cost nothing?
 *
 *   node scripts/latency-floor.mjs [--seconds 5] [--warmup 1] [--dir DIR] [--no-sync | --blocking] [--json]
 *
 * The pipeline is Zab's broadcast with everything but the I/O taken out. A leader L and two
 * followers each own a preallocated log file in DIR (default: a temporary directory; put it on
 * the disk under test). A write is one 188-byte record, written to the page cache from the main
 * thread and made durable by an fdatasync on libuv's pool, as src/storage/lmdb/segment-log.ts
 * does. The leader sends PROPOSAL to both followers and appends, in the same turn; each follower
 * appends, and ACKs once its fdatasync is done; the leader commits once its own fdatasync is done
 * and one ACK is in (2 of 3), then sends COMMIT, first to the follower that forwarded the write.
 * Messages are 100-byte frames on loopback TCP with Nagle off. The client (this process) runs one
 * write in flight:
 *   leader path    client → L; L → F1, F2; F → L; L → client             (4 hops, 2 flushes)
 *   follower path  client → F1 → L; L → F1, F2; F → L; L → F1 → client   (6 hops, 2 flushes)
 * With --no-sync the fdatasyncs are left out: what the hops alone cost. With --blocking each
 * fdatasync is called synchronously on the main thread (no pool thread to wake, and no server
 * could afford it: its event loop stops for the flush), the lowest a Node process gets.
 *
 * Nothing here parses a request, touches a tree or checks a session, so a real server's
 * latency is this plus its own work; a latency target below this floor cannot be met by any
 * server that runs on Node and flushes on this disk.
 */
import { fork } from 'node:child_process';
import { closeSync, fdatasync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FRAME = 100; // bytes per message, like a small setData request
const RECORD = 188; // bytes per log record, like one setData txn in the log
const PREALLOC = 4 << 20;
const [REQUEST, PROPOSAL, ACK, COMMIT, REPLY] = [1, 2, 3, 4, 5];

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};

if (args[0] === '--member') member(args[1], Number(args[2]), args[3], args[4] === 'nosync' ? false : args[4]);
else await main();

/** Frames a message: [type u8][seq u32][from u8] padded to FRAME bytes. */
function message(type, seq, from = 0) {
  const b = Buffer.alloc(FRAME);
  b.writeUInt8(type, 0);
  b.writeUInt32BE(seq, 1);
  b.writeUInt8(from, 5);
  return b;
}

/** Calls `on(type, seq, from)` for each whole frame read from `socket`. */
function frames(socket, on) {
  socket.setNoDelay(true);
  let pending = Buffer.alloc(0);
  socket.on('data', (d) => {
    pending = pending.length ? Buffer.concat([pending, d]) : d;
    while (pending.length >= FRAME) {
      on(pending.readUInt8(0), pending.readUInt32BE(1), pending.readUInt8(5));
      pending = pending.subarray(FRAME);
    }
  });
}

/** A log file: records written to the page cache at once, each made durable by fdatasync on the pool. */
function openLog(dir, name) {
  const fd = openSync(join(dir, name), 'w+');
  const zeros = Buffer.alloc(1 << 20);
  for (let at = 0; at < PREALLOC; at += zeros.length) writeSync(fd, zeros, 0, zeros.length, at);
  const record = Buffer.alloc(RECORD, 7);
  let at = 0;
  return {
    append(sync, done) {
      writeSync(fd, record, 0, RECORD, at);
      at = (at + RECORD) % (PREALLOC - RECORD);
      if (sync === 'blocking') {
        fdatasyncSync(fd);
        done();
      } else if (sync) fdatasync(fd, (e) => (e ? fail(e) : done()));
      else setImmediate(done);
    },
    close: () => closeSync(fd),
  };
}

function fail(e) {
  console.error(`latency-floor: ${e.message}`);
  process.exit(1);
}

/** One member process: 'L' (leader) or 'F1' / 'F2' (followers, connecting to the leader's port). */
function member(role, leaderPort, dir, sync) {
  const log = openLog(dir, `log-${role}`);
  const followers = []; // leader: sockets of F1, F2 (index 0 is F1)
  let toLeader = null; // follower: its socket to L
  const clients = new Map(); // seq → the client socket waiting on this member
  const state = new Map(); // leader: seq → { synced, acked, from }, until committed

  const leaderCommit = (seq) => {
    const s = state.get(seq);
    if (!s || !s.synced || !s.acked) return;
    state.delete(seq);
    const commit = message(COMMIT, seq);
    // The COMMIT goes first to the follower whose client waits (src/zab/leader.ts does the same).
    const order = s.from === 2 ? [followers[1], followers[0]] : followers;
    for (const f of order) f.write(commit);
    const c = clients.get(seq);
    if (c) {
      clients.delete(seq);
      c.write(message(REPLY, seq));
    }
  };
  const propose = (seq, from) => {
    state.set(seq, { synced: false, acked: false, from });
    // PROPOSALs first: the followers' flushes start while the leader's own is issued.
    const p = message(PROPOSAL, seq);
    for (const f of followers) f.write(p);
    log.append(sync, () => {
      state.get(seq).synced = true;
      leaderCommit(seq);
    });
  };

  const server = net.createServer((socket) => {
    frames(socket, (type, seq, from) => {
      if (type === REQUEST && role === 'L' && from > 0) return propose(seq, from); // forwarded
      if (type === REQUEST) {
        clients.set(seq, socket);
        if (role === 'L') propose(seq, 0);
        else toLeader.write(message(REQUEST, seq, role === 'F1' ? 1 : 2));
        return;
      }
      if (type === ACK && role === 'L') {
        const s = state.get(seq);
        if (s) {
          s.acked = true;
          leaderCommit(seq);
        }
      }
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const port = server.address().port;
    if (role === 'L') {
      // Followers connect to the same listener; their first frame (type 0) says which they are.
      let joined = 0;
      server.on('connection', (socket) => {
        socket.once('data', (d) => {
          if (d.readUInt8(0) !== 0) return;
          followers[d.readUInt8(5) - 1] = socket;
          if (++joined === 2) process.send({ ready: true });
        });
      });
      process.send({ port });
      return;
    }
    toLeader = net.connect(leaderPort, '127.0.0.1', () => {
      toLeader.write(message(0, 0, role === 'F1' ? 1 : 2));
      process.send({ port });
    });
    frames(toLeader, (type, seq) => {
      if (type === PROPOSAL) log.append(sync, () => toLeader.write(message(ACK, seq)));
      if (type === COMMIT) {
        const c = clients.get(seq);
        if (c) {
          clients.delete(seq);
          c.write(message(REPLY, seq));
        }
      }
    });
  });
  process.on('message', (m) => {
    if (m === 'stop') {
      log.close();
      process.exit(0);
    }
  });
}

/** One write in flight against `port` for `seconds`: the latencies in ms, sorted. */
async function run(port, warmupS, seconds, firstSeq) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let waiting = null;
  frames(socket, (type, seq) => {
    if (type === REPLY && waiting && seq === waiting.seq) waiting.resolve();
  });
  const latencies = [];
  let seq = firstSeq;
  const warmEnd = performance.now() + warmupS * 1000;
  const end = warmEnd + seconds * 1000;
  for (;;) {
    const t = performance.now();
    if (t >= end) break;
    await new Promise((resolve) => {
      waiting = { seq: ++seq, resolve };
      socket.write(message(REQUEST, seq));
    });
    if (t >= warmEnd) latencies.push(performance.now() - t);
  }
  socket.destroy();
  return { latencies: latencies.sort((a, b) => a - b), lastSeq: seq };
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main() {
  const seconds = Number(opt('--seconds', 5));
  const warmup = Number(opt('--warmup', 1));
  const sync = args.includes('--no-sync') ? false : args.includes('--blocking') ? 'blocking' : 'pool';
  const given = opt('--dir', null);
  const dir = given ?? mkdtempSync(join(tmpdir(), 'latency-floor-'));
  const self = new URL(import.meta.url).pathname;
  const children = [];
  const start = (role, leaderPort) => {
    const child = fork(self, ['--member', role, String(leaderPort), dir, sync || 'nosync']);
    children.push(child);
    child.once('exit', (code) => code && fail(new Error(`member ${role} exited with ${code}`)));
    return child;
  };
  const next = (child, key) => new Promise((resolve) => child.on('message', function on(m) {
    if (m[key] === undefined) return;
    child.off('message', on);
    resolve(m[key]);
  }));
  try {
    const L = start('L', 0);
    const leaderReady = next(L, 'ready');
    const lPort = await next(L, 'port');
    const F1 = start('F1', lPort);
    const F2 = start('F2', lPort);
    const f1Port = await next(F1, 'port');
    await next(F2, 'port');
    await leaderReady;
    const results = {};
    let seq = 0;
    for (const [path, port] of [['leader', lPort], ['follower', f1Port]]) {
      const r = await run(port, warmup, seconds, seq);
      seq = r.lastSeq;
      const xs = r.latencies;
      results[path] = { writes: xs.length, p50: quantile(xs, 0.5), p90: quantile(xs, 0.9), p99: quantile(xs, 0.99) };
    }
    if (args.includes('--json')) {
      console.log(JSON.stringify({ bench: 'latency-floor', sync, seconds, dir, ...results }));
    } else {
      console.log(`latency floor, 3 members, 1 write in flight, ${sync === 'pool' ? "an fdatasync per write on libuv's pool" : sync ? 'a blocking fdatasync per write' : 'no fdatasync'}, logs in ${dir}`);
      for (const [path, r] of Object.entries(results)) {
        console.log(`  ${path} path: p50 ${r.p50.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms (${r.writes} writes)`);
      }
    }
  } finally {
    for (const c of children) {
      c.removeAllListeners('exit');
      c.kill();
    }
    if (!given) rmSync(dir, { recursive: true, force: true });
  }
}
