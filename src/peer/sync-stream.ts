/**
 * What a leader streams to a learner that is syncing (docs/replication.md, "Sync streams"), cut
 * into pieces a runtime sends one event-loop turn at a time, so that neither a large snapshot nor
 * a long log tail is built whole in one turn or held whole in memory.
 *
 * A link's stream is a queue of items, sent strictly in order:
 * - a snapshot: SNAP, SNAP_CHUNKs of about `chunkBytes` of records each (always at least one
 *   record, so a znode near 1 MB still fits well inside a quorum frame), SNAP_END;
 * - a range of the leader's own log, (from, to]: PROPOSALs read from storage a budget at a time.
 *   The leader core keeps these entries from being purged until the learner is synced; a gap in
 *   what storage returns (an entry that does not directly follow the previous one, or the log
 *   ending early) is a broken invariant and fails the stream, loudly;
 * - every packet the core sent on the link while the stream was not finished (the in-flight
 *   proposals, NEWLEADER, then live PROPOSALs and COMMITs), queued behind, so nothing interleaves
 *   with the snapshot or the log entries.
 * Once the queue is empty the stream ends and packets go straight to the link again.
 *
 * Pure: no sockets, no timers. The effect interpreter (src/drive/peer-driver.ts), which the
 * runtime and the simulator both run, takes `take(link, budget)` packets per turn.
 */
import { hex, isNextZxid, type Zxid } from '../base/zxid.js';
import type { SessionRecord, ZNodeRecord } from '../wire/persist.js';
import { LeaderMessage, Pkt, quorumMessageBytes, SentLeaderMessage, snapRecordBytes, type SnapChunk } from '../wire/quorum.js';
import { withOwnData } from '../wire/txn.js';
import type { LinkId, LogReader } from '../zab/types.js';

/** About this many bytes of records per SNAP_CHUNK in the runtime. */
export const SNAP_CHUNK_BYTES = 1024 * 1024;

export class SyncStreamError extends Error {
  override name = 'SyncStreamError';
}

interface SnapshotItem {
  kind: 'snapshot';
  zxid: Zxid;
  nodes: [string, ZNodeRecord][];
  sessions: [bigint, SessionRecord][];
  /** Chunk boundaries: chunk i holds records [bounds[i], bounds[i+1]) of nodes ++ sessions. */
  bounds: number[];
  /** Next packet: -1 SNAP, 0..chunks-1 a chunk, chunks SNAP_END. */
  next: number;
}

interface LogItem {
  kind: 'log';
  /** The last zxid sent (exclusive start of the next read). */
  after: Zxid;
  to: Zxid;
}

interface PacketItem {
  kind: 'packet';
  packet: LeaderMessage;
}

type Item = SnapshotItem | LogItem | PacketItem;

export class SyncStreams {
  private readonly streams = new Map<LinkId, Item[]>();

  constructor(
    private readonly log: LogReader,
    private readonly chunkBytes: number = SNAP_CHUNK_BYTES,
  ) {}

  /** Whether something is streaming to `link` (so its packets must queue behind). */
  active(link: LinkId): boolean {
    return this.streams.has(link);
  }

  links(): LinkId[] {
    return [...this.streams.keys()];
  }

  /** Streams a snapshot taken at `zxid`; returns the number of SNAP_CHUNKs it will take. */
  snapshot(link: LinkId, zxid: Zxid, nodes: [string, ZNodeRecord][], sessions: [bigint, SessionRecord][]): number {
    const bounds = [0];
    let bytes = 0;
    const total = nodes.length + sessions.length;
    for (let i = 0; i < total; i++) {
      bytes += i < nodes.length ? snapRecordBytes(nodes[i]!) : snapRecordBytes(sessions[i - nodes.length]!);
      if (bytes >= this.chunkBytes) {
        bounds.push(i + 1);
        bytes = 0;
      }
    }
    if (bounds[bounds.length - 1] !== total || total === 0) bounds.push(total);
    this.queue(link).push({ kind: 'snapshot', zxid, nodes, sessions, bounds, next: -1 });
    return bounds.length - 1;
  }

  /** Streams the leader's log entries with from < zxid <= to. */
  logRange(link: LinkId, from: Zxid, to: Zxid): void {
    if (to > from) this.queue(link).push({ kind: 'log', after: from, to });
  }

  /**
   * A packet for `link`: true when it was queued behind a stream, false when the caller sends it
   * now. A queued PROPOSAL keeps a copy of its znode data: the decoded request's is a piece of a
   * shared pool (src/wire/jute.ts), and a snapshot can take minutes to stream.
   */
  enqueue(link: LinkId, p: LeaderMessage): boolean {
    const q = this.streams.get(link);
    if (!q) return false;
    const packet = (p.type === Pkt.PROPOSAL || p.type === Pkt.INFORM) && 'txn' in p ? { ...p, txn: { ...p.txn, body: withOwnData(p.txn.body) } } : p;
    q.push({ kind: 'packet', packet });
    return true;
  }

  /** Forgets the link's stream (it closed, or the learner was dropped): its buffers go. */
  drop(link: LinkId): void {
    this.streams.delete(link);
  }

  /**
   * The next packets for `link`, about `budgetBytes` of them (at least one while any is left).
   * The stream ends when its queue is empty. Throws SyncStreamError (and drops the stream) when
   * the log does not hold what the stream must carry.
   */
  take(link: LinkId, budgetBytes: number): SentLeaderMessage[] {
    const q = this.streams.get(link);
    const out: SentLeaderMessage[] = [];
    if (!q) return out;
    let bytes = 0;
    try {
      while (q.length > 0 && (out.length === 0 || bytes < budgetBytes)) {
        const item = q[0]!;
        let p: SentLeaderMessage;
        if (item.kind === 'packet') {
          p = item.packet;
          q.shift();
          out.push(p);
          bytes += quorumMessageBytes(p);
          continue;
        }
        if (item.kind === 'snapshot') {
          p = this.nextSnapshotPacket(item);
          if (item.next > item.bounds.length - 1) q.shift();
          out.push(p);
          bytes += quorumMessageBytes(p);
          continue;
        }
        const entries = this.log.readLog(item.after, item.to, Math.max(1, budgetBytes - bytes));
        if (entries.length === 0) throw new SyncStreamError(`the log ends at ${hex(item.after)}, but the stream must carry it through ${hex(item.to)}`);
        for (const e of entries) {
          if (!isNextZxid(item.after, e.zxid)) throw new SyncStreamError(`gap in the log: ${hex(e.zxid)} follows ${hex(item.after)}`);
          item.after = e.zxid;
          const pp = { type: Pkt.PROPOSAL, zxid: e.zxid, stored: e.bytes } as const;
          out.push(pp);
          bytes += quorumMessageBytes(pp);
        }
        if (item.after >= item.to) q.shift();
      }
    } catch (e) {
      this.streams.delete(link);
      throw e;
    }
    if (q.length === 0) this.streams.delete(link);
    return out;
  }

  private nextSnapshotPacket(item: SnapshotItem): LeaderMessage {
    const chunks = item.bounds.length - 1;
    const i = item.next++;
    if (i < 0) return { type: Pkt.SNAP, zxid: item.zxid };
    if (i === chunks) return { type: Pkt.SNAP_END, zxid: item.zxid };
    const from = item.bounds[i]!;
    const to = item.bounds[i + 1]!;
    const n = item.nodes.length;
    const chunk: SnapChunk = {
      nodes: item.nodes.slice(Math.min(from, n), Math.min(to, n)),
      sessions: item.sessions.slice(Math.max(0, from - n), Math.max(0, to - n)),
    };
    return { type: Pkt.SNAP_CHUNK, zxid: item.zxid, chunk };
  }

  private queue(link: LinkId): Item[] {
    let q = this.streams.get(link);
    if (!q) this.streams.set(link, (q = []));
    return q;
  }
}
