/**
 * The sync streams a leader sends to syncing learners (src/peer/sync-stream.ts), which the runtime
 * and the simulator both drive: SNAP chunks bounded by bytes (issue 8, finding 6), log ranges
 * read a budget at a time (finding 15), packets queued behind, and a gap in the log refused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeZxid, asZxid, type Zxid } from '../../src/base/zxid.js';
import { SNAP_CHUNK_BYTES, SyncStreamError, SyncStreams } from '../../src/peer/sync-stream.js';
import { decodeQuorumMessage, encodeQuorumMessage, MAX_QUORUM_FRAME, Pkt, quorumMessageZxid, SentLeaderMessage } from '../../src/wire/quorum.js';
import { encodeTxn, TxnType, type Txn } from '../../src/wire/txn.js';
import type { SessionRecord, ZNodeRecord } from '../../src/wire/persist.js';
import type { LogReader } from '../../src/zab/types.js';
import { asLinkId, type LinkId } from '../../src/base/ids.js';

function znode(size: number, fill = 7): ZNodeRecord {
  return {
    data: new Uint8Array(size).fill(fill),
    acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
    czxid: 1n,
    mzxid: 1n,
    pzxid: 1n,
    ctime: 1,
    mtime: 2,
    version: 0,
    cversion: 0,
    aversion: 0,
    ephemeralOwner: 0n,
  };
}

/** A stored txn of exactly `size` bytes (setData of `size - 47` bytes of data). */
function logged(zxid: Zxid, size: number): Uint8Array {
  const b = encodeTxn({ sessionId: 1n, cxid: 1, zxid, time: 0, body: { type: TxnType.setData, path: '/x', data: new Uint8Array(size - 47), version: -1 } });
  assert.equal(b.byteLength, size);
  return b;
}

function logOf(zxids: Zxid[], size = 100, bytesOf: (zxid: Zxid) => Uint8Array = (z) => logged(z, size)): LogReader & { reads: number[] } {
  const reads: number[] = [];
  return {
    reads,
    readLog(from, to, maxBytes) {
      const out = [];
      let bytes = 0;
      for (const zxid of zxids) {
        if (zxid <= from || (to !== undefined && zxid > to)) continue;
        out.push({ zxid, bytes: bytesOf(zxid) });
        bytes += size;
        if (maxBytes !== undefined && bytes >= maxBytes) break;
      }
      reads.push(out.length);
      return out;
    },
    firstLogged: () => zxids[0] ?? null,
  };
}

const noLog = logOf([]);

function drain(s: SyncStreams, link: LinkId, budget: number): SentLeaderMessage[][] {
  const turns: SentLeaderMessage[][] = [];
  while (s.active(link)) turns.push(s.take(link, budget));
  return turns;
}

describe('SyncStreams: snapshots', () => {
  it('cuts znodes near 1 MB into chunks of about 1 MiB, every frame far below the quorum limit (finding 6)', () => {
    const nodes: [string, ZNodeRecord][] = [['/', znode(0)]];
    for (let i = 0; i < 70; i++) nodes.push([`/big/n${i}`, znode(1024 * 1024 - 200, i)]);
    const sessions: [bigint, SessionRecord][] = [[5n, { timeout: 4000, passwd: new Uint8Array(16) }]];
    const s = new SyncStreams(noLog);
    const total = s.snapshot(asLinkId(3), makeZxid(1, 9), nodes, sessions);
    const turns = drain(s, asLinkId(3), SNAP_CHUNK_BYTES);
    const packets = turns.flat();
    assert.equal(packets[0]!.type, Pkt.SNAP);
    assert.equal(packets[packets.length - 1]!.type, Pkt.SNAP_END);
    const chunks = packets.filter((p) => p.type === Pkt.SNAP_CHUNK);
    assert.equal(chunks.length, total);
    assert.ok(total >= 35, `${total} chunks for 70 MB`);
    const got: [string, ZNodeRecord][] = [];
    const gotSessions: [bigint, SessionRecord][] = [];
    for (const c of chunks) {
      const bytes = encodeQuorumMessage(c);
      const frame = bytes.byteLength;
      assert.ok(frame < MAX_QUORUM_FRAME, `a frame of ${frame} bytes`);
      assert.ok(frame <= SNAP_CHUNK_BYTES + 1024 * 1024 + 4096, `a chunk of ${frame} bytes: more than ~1 MiB plus one record`);
      const m = decodeQuorumMessage(bytes, 'leader');
      assert.ok(m.type === Pkt.SNAP_CHUNK);
      const d = m.chunk;
      assert.ok(d.nodes.length + d.sessions.length >= 1, 'at least one record per chunk');
      got.push(...d.nodes);
      gotSessions.push(...d.sessions);
    }
    assert.deepEqual(got, nodes);
    assert.deepEqual(gotSessions, sessions);
    // About one chunk per turn: a turn never carries the whole snapshot.
    assert.ok(turns.length >= total, `${turns.length} turns`);
  });

  it('gives a record larger than a chunk a chunk of its own', () => {
    const nodes: [string, ZNodeRecord][] = [['/a', znode(10)], ['/huge', znode(5000)], ['/b', znode(10)]];
    const s = new SyncStreams(noLog, 1000);
    assert.equal(s.snapshot(asLinkId(1), asZxid(5n), nodes, []), 2);
    const chunks = drain(s, asLinkId(1), 1).flat().flatMap((p) => (p.type === Pkt.SNAP_CHUNK ? [p.chunk.nodes.map(([path]) => path)] : []));
    assert.deepEqual(chunks, [['/a', '/huge'], ['/b']]);
  });
});

describe('SyncStreams: log ranges and queued packets', () => {
  it('reads a long log tail a budget at a time, never the whole range in one turn (finding 15)', () => {
    const zxids = Array.from({ length: 10_000 }, (_, i) => makeZxid(1, i + 1));
    const log = logOf(zxids, 100);
    const s = new SyncStreams(log);
    s.logRange(asLinkId(4), makeZxid(1, 10), makeZxid(1, 9_000));
    const turns = drain(s, asLinkId(4), 10_000);
    const sentZxids = turns.flat().map(quorumMessageZxid);
    assert.deepEqual(sentZxids, zxids.slice(10, 9_000));
    assert.ok(turns.every((t) => t.length <= 101), `a turn of ${Math.max(...turns.map((t) => t.length))} packets`);
    assert.ok(Math.max(...log.reads) <= 101, `a read of ${Math.max(...log.reads)} entries`);
  });

  it('queues packets sent while it streams behind it, in order, and ends when all is out', () => {
    const log = logOf([makeZxid(1, 1), makeZxid(1, 2), makeZxid(2, 1)]);
    const s = new SyncStreams(log, 100);
    assert.equal(s.enqueue(asLinkId(2), { type: Pkt.PING, lastCommitted: asZxid(0n), round: 1 }), false, 'nothing streams: send it now');
    s.snapshot(asLinkId(2), makeZxid(1, 0), [['/', znode(0)]], []);
    s.logRange(asLinkId(2), makeZxid(1, 0), makeZxid(2, 1));
    assert.equal(s.enqueue(asLinkId(2), { type: Pkt.NEWLEADER, epoch: 3, committedThrough: asZxid(0n) }), true);
    assert.equal(s.enqueue(asLinkId(2), { type: Pkt.COMMIT, zxid: makeZxid(2, 1) }), true);
    const order = drain(s, asLinkId(2), 1).flat().map((p) => `${p.type}:${quorumMessageZxid(p).toString(16)}`);
    assert.deepEqual(order, [
      `${Pkt.SNAP}:100000000`,
      `${Pkt.SNAP_CHUNK}:100000000`,
      `${Pkt.SNAP_END}:100000000`,
      `${Pkt.PROPOSAL}:100000001`,
      `${Pkt.PROPOSAL}:100000002`,
      `${Pkt.PROPOSAL}:200000001`,
      `${Pkt.NEWLEADER}:300000000`,
      `${Pkt.COMMIT}:200000001`,
    ]);
    assert.equal(s.active(asLinkId(2)), false);
    assert.equal(s.enqueue(asLinkId(2), { type: Pkt.PING, lastCommitted: asZxid(0n), round: 2 }), false);
  });

  it('keeps a queued PROPOSAL\'s znode data in memory of its own, not in the decoder\'s shared pool', () => {
    const s = new SyncStreams(noLog);
    s.snapshot(asLinkId(5), makeZxid(1, 0), [['/', znode(0)]], []);
    // As a decoded request's data is: a small piece of a larger shared buffer.
    const pool = new Uint8Array(16 * 1024).fill(9);
    const data = pool.subarray(64, 164);
    const multiData = pool.subarray(256, 300);
    const txn: Txn = {
      sessionId: 1n,
      cxid: 1,
      zxid: makeZxid(1, 1),
      time: 0,
      body: {
        type: TxnType.multi,
        ops: [
          { type: TxnType.setData, path: '/a', data, version: -1 },
          { type: TxnType.create, path: '/b', data: multiData, acl: [], ephemeralOwner: 0n, parentCversion: 1 },
          { type: TxnType.delete, path: '/c' },
        ],
      },
    };
    assert.equal(s.enqueue(asLinkId(5), { type: Pkt.PROPOSAL, txn }), true);
    const sent = drain(s, asLinkId(5), 1_000_000).flat().find((p) => p.type === Pkt.PROPOSAL);
    assert.ok(sent && 'txn' in sent && sent.txn.body.type === TxnType.multi);
    const [setOp, createOp, deleteOp] = sent.txn.body.ops;
    assert.ok(setOp?.type === TxnType.setData && createOp?.type === TxnType.create);
    for (const [queued, original] of [[setOp.data!, data], [createOp.data!, multiData]] as const) {
      assert.deepEqual(queued, original, 'the same bytes');
      assert.equal(queued.buffer.byteLength, original.byteLength, 'in an ArrayBuffer of their own, not the 16 KiB pool');
    }
    assert.ok(txn.body.type === TxnType.multi);
    assert.deepEqual(deleteOp, txn.body.ops[2]);
    const original = txn.body.ops[0];
    assert.ok(original?.type === TxnType.setData && original.data === data, 'the caller\'s message is left as it was');
  });

  it('refuses a gap in the log or a log that ends early, and drops the stream', () => {
    for (const [zxids, want] of [
      [[makeZxid(1, 1), makeZxid(1, 3)], /gap in the log: 0x100000003 follows 0x100000001/],
      [[makeZxid(1, 1), makeZxid(2, 2)], /gap in the log/],
      [[makeZxid(1, 1)], /the log ends at 0x100000001/],
    ] as const) {
      const s = new SyncStreams(logOf([...zxids]));
      s.logRange(asLinkId(1), asZxid(0n), makeZxid(2, 9));
      s.enqueue(asLinkId(1), { type: Pkt.NEWLEADER, epoch: 3, committedThrough: asZxid(0n) });
      assert.throws(() => drain(s, asLinkId(1), 1_000_000), (e: Error) => e instanceof SyncStreamError && want.test(e.message));
      assert.equal(s.active(asLinkId(1)), false, 'dropped');
    }
  });

  it('sends log entries as stored', () => {
    const zxids = [makeZxid(1, 1), makeZxid(1, 2)];
    const stored = new Map(zxids.map((z) => [z, logged(z, 120)]));
    const s = new SyncStreams(logOf(zxids, 120, (z) => stored.get(z)!));
    s.logRange(asLinkId(1), asZxid(0n), makeZxid(1, 2));
    const sent = drain(s, asLinkId(1), 1_000_000).flat();
    assert.deepEqual(sent.map((p) => Buffer.from(encodeQuorumMessage(p)).subarray(16, 136).toString('hex')), zxids.map((z) => Buffer.from(stored.get(z)!).toString('hex')));
    const decoded = decodeQuorumMessage(encodeQuorumMessage(sent[0]!), 'leader');
    assert.ok(decoded.type === Pkt.PROPOSAL && 'txn' in decoded && decoded.txn.zxid === zxids[0], 'a learner reads it as a PROPOSAL of that txn');
  });

  it('forgets a dropped link, queued packets included', () => {
    const s = new SyncStreams(noLog);
    s.snapshot(asLinkId(6), asZxid(1n), [['/', znode(0)]], []);
    s.enqueue(asLinkId(6), { type: Pkt.COMMIT, zxid: asZxid(2n) });
    s.drop(asLinkId(6));
    assert.equal(s.active(asLinkId(6)), false);
    assert.deepEqual(s.take(asLinkId(6), 100), []);
  });
});
