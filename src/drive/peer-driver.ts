/**
 * The interpreter of a quorum member (docs/architecture.md, "Effect interpreters"): carries out
 * the QuorumPeer's effects over the ports of src/drive/ports.ts. The runtime (src/net) and the
 * simulator (src/sim) run this same code with their own adapters.
 *
 * What it holds besides the shared effects (core-driver.ts):
 * - election datagrams out, and the election's log lines;
 * - the link to the leader: connect attempts every CONNECT_RETRY_MS until initLimit has passed,
 *   under a generation, so that whatever an abandoned link or attempt reports later is ignored;
 * - the learner links accepted on the quorum port, numbered here;
 * - the sync streams (SNAP and DIFF, src/peer/sync-stream.ts), sent about `streamTurnBytes` a
 *   turn while the link drains, with the packets the core sends meanwhile queued behind them;
 * - the storage calls with durability tokens, applied state held back before a truncation or a
 *   snapshot, the tick, the role, and the end of the process when storage fails.
 */
import type { Zxid } from '../base/zxid.js';
import { asLinkId, type Sid } from '../base/ids.js';
import { assertNever, invariant } from '../base/invariant.js';
import type { ElectionDatagram } from '../wire/election.js';
import { encodeQuorumFrame, Pkt, receivedTxnBytes, txnInFrame, type LeaderMessage, type LearnerMessage, type SentLeaderMessage, type SentQuorumMessage } from '../wire/quorum.js';
import type { PeerInput } from '../peer/inputs.js';
import type { PeerEffect, QuorumPeer } from '../peer/quorum-peer.js';
import { SyncStreams } from '../peer/sync-stream.js';
import type { LinkId } from '../zab/types.js';
import { CoreDriver, type CorePorts } from './core-driver.js';
import { hop } from '../base/hop-trace.js';
import type { Cancel, DatagramPort, QuorumConnector, QuorumLinkPort } from './ports.js';

/** How long a failed connect to the leader waits before the next attempt. */
export const CONNECT_RETRY_MS = 200;

type ElectionEffect = Extract<PeerEffect, { kind: 'election' }>['effect'];
export type RoleEffect = Extract<PeerEffect, { kind: 'role' }>;

export interface PeerPorts<L extends QuorumLinkPort> extends CorePorts {
  connector: QuorumConnector<L>;
  datagrams: DatagramPort;
}

export interface PeerDriverOptions {
  tickIntervalMs: number;
  /** How long a learner keeps trying to reach its leader (initLimit ticks). */
  initLimitMs: number;
  logRetain: number;
  /** Bytes of records per SNAP_CHUNK. */
  snapChunkBytes: number;
  /** Bytes of a sync stream sent per turn before waiting for the link to drain. */
  streamTurnBytes: number;
  /** The peer changed role (after the line is logged). */
  onRole?: (e: RoleEffect) => void;
  /** Sees each effect before it is carried out (the simulator's fault hooks). */
  beforeEffect?: (e: PeerEffect) => void;
}

export class PeerDriver<L extends QuorumLinkPort = QuorumLinkPort> extends CoreDriver<QuorumPeer, PeerEffect, PeerInput> {
  private ticking: Cancel | null = null;
  private readonly learnerLinks = new Map<LinkId, L>();
  private nextLink = 1;
  private leaderLink: L | null = null;
  private leaderGeneration = 0;
  /** What streams to syncing learners (snapshots, log ranges, packets queued behind them). */
  private readonly streams: SyncStreams;
  private readonly pumping = new Set<LinkId>();
  /**
   * The message encoded last, and its frame: the sends of one message to several links (the
   * leader's PROPOSAL or COMMIT to each follower, a PING to each learner) come one after the
   * other and share one encoding. Messages are not changed once sent.
   */
  private lastMessage: SentQuorumMessage | null = null;
  private lastFrame: Uint8Array = new Uint8Array(0);

  constructor(
    readonly peer: QuorumPeer,
    protected override readonly ports: PeerPorts<L>,
    private readonly opts: PeerDriverOptions,
  ) {
    super(peer, ports, { logRetain: opts.logRetain, beforeEffect: opts.beforeEffect });
    this.streams = new SyncStreams(ports.disk, opts.snapChunkBytes);
  }

  protected override purgeFloor(): Zxid | null {
    return this.peer.purgeFloor();
  }

  /** Starts the peer (its election) and its tick. */
  start(): void {
    if (this.halted || this.ticking) return;
    this.submit({ kind: 'start' });
    this.ticking = this.ports.timer.every(this.opts.tickIntervalMs, () => this.submit({ kind: 'tick' }));
  }

  /** The current link to our leader, if connected. */
  get leaderLinkPort(): L | null {
    return this.leaderLink;
  }

  /** A learner link by the id the peer knows it by. */
  learnerLink(id: LinkId): L | undefined {
    return this.learnerLinks.get(id);
  }

  // ---------------------------------------------------------------- inputs from the adapters

  /** A decoded election datagram arrived. */
  electionDatagram(d: ElectionDatagram): void {
    this.submit({ kind: 'electionDatagram', datagram: d });
  }

  /** A learner connected to our quorum port. Returns the id the peer knows the link by. */
  acceptLearner(link: L): LinkId {
    const id = asLinkId(this.nextLink++);
    if (this.halted) {
      link.close('stopping');
      return id;
    }
    this.learnerLinks.set(id, link);
    link.setEvents({
      onPacket: (p) => {
        if (this.learnerLinks.get(id) === link) this.submit({ kind: 'fromLearner', link: id, packet: p as LearnerMessage });
      },
      onClose: () => {
        if (this.learnerLinks.get(id) !== link) return; // we closed it (closeLearner): already reported
        this.learnerLinks.delete(id);
        this.streams.drop(id);
        this.submit({ kind: 'learnerLinkDown', link: id });
      },
    });
    this.submit({ kind: 'learnerLinkUp', link: id });
    return id;
  }

  // ---------------------------------------------------------------- effects

  protected execute(e: PeerEffect): void {
    switch (e.kind) {
      case 'persist':
      case 'store':
      case 'log':
        return this.executeShared(e);
      case 'election':
        return this.electionEffect(e.effect);
      case 'connectLeader':
        return this.connectLeader(e.leader);
      case 'disconnectLeader':
        return this.dropLeaderLink('leaving the leader');
      case 'toLeader':
        this.leaderLink?.send(e.packet, this.frameOf(e.packet));
        return;
      case 'toLearner':
        return this.toLearner(e.link, e.packet);
      case 'closeLearner':
        return this.closeLearner(e.link, e.reason);
      case 'persistEpochs':
        return this.durable(e.token, (done) => this.ports.disk.setEpochs(e.epochs, done));
      case 'truncate':
        this.applied.flushHeld(); // applied state held back must not land after the truncation
        return this.durable(e.token, (done) => this.ports.disk.truncateLogAfter(e.zxid, done));
      case 'replaceState':
        this.applied.flushHeld(); // nor after the snapshot that replaces it
        return this.durable(e.token, (done) =>
          this.ports.disk.replaceState(
            {
              lastApplied: e.lastApplied,
              nodes: e.chunks.flatMap((c) => c.nodes),
              sessions: e.chunks.flatMap((c) => c.sessions),
            },
            done,
          ),
        );
      case 'snapshot':
        if (!this.learnerLinks.has(e.link)) return;
        this.streams.snapshot(e.link, e.zxid, e.nodes, e.sessions);
        return this.pump(e.link);
      case 'streamLog':
        if (!this.learnerLinks.has(e.link)) return;
        this.streams.logRange(e.link, e.from, e.to);
        return this.pump(e.link);
      case 'fatal':
        return this.storageFatal(e.reason);
      case 'role':
        this.ports.log.info(`role: ${e.role}${e.leader !== null ? ` (leader ${e.leader})` : ''}${e.serving ? ', serving clients' : ''}`);
        this.opts.onRole?.(e);
        return;
      case 'reply':
        hop('reply-effect', e.zxid);
        return this.ports.clients(e);
      case 'notify':
      case 'close':
      case 'handshake':
        return this.ports.clients(e);
      default:
        return assertNever(e, 'peer effect');
    }
  }

  private electionEffect(e: ElectionEffect): void {
    switch (e.kind) {
      case 'send':
        this.ports.datagrams.send(e.to, e.datagram);
        return;
      case 'log': {
        // The peer logs each decision once at info (algorithm, rounds, winner, vote, time); the
        // core's own trace is detail, at debug, unless it warns.
        const fields = Object.entries(e.fields).map(([k, v]) => `${k}=${v}`).join(' ');
        this.ports.log[e.level === 'warn' ? 'warn' : 'debug'](`election: ${e.event}${fields ? ' ' + fields : ''}`);
        return;
      }
      case 'decided':
        return invariant(false, 'peer-consumes-decisions', 'an election decision reached the runtime');
      default:
        return assertNever(e, 'election effect');
    }
  }

  // ---------------------------------------------------------------- the link to the leader

  private dropLeaderLink(reason: string): void {
    this.leaderGeneration++;
    this.leaderLink?.close(reason);
    this.leaderLink = null;
  }

  /**
   * Connects to the leader, retrying every CONNECT_RETRY_MS (it may still be opening its port)
   * until initLimit has passed; then the peer hears that the leader cannot be reached.
   */
  private connectLeader(sid: Sid): void {
    this.dropLeaderLink('reconnecting');
    const gen = this.leaderGeneration;
    const timer = this.ports.timer;
    const deadline = timer.nowMs() + this.opts.initLimitMs;
    const current = (): boolean => gen === this.leaderGeneration && !this.halted;
    const attempt = (): void => {
      if (!current()) return;
      this.ports.connector.connect(sid, (r) => {
        if (!current()) {
          if ('link' in r) r.link.close('connect abandoned');
          return;
        }
        if ('error' in r) {
          if (r.final || timer.nowMs() > deadline) this.submit({ kind: 'leaderLinkDown', reason: `cannot reach leader ${sid}: ${r.error}` });
          else timer.after(CONNECT_RETRY_MS, attempt);
          return;
        }
        const link = r.link;
        this.leaderLink = link;
        link.setEvents({
          onPacket: (p) => {
            if (gen !== this.leaderGeneration) return;
            // A proposal is logged as received: the append stores its bytes (no encoding again).
            if (p.type === Pkt.PROPOSAL && 'txn' in p) {
              const bytes = receivedTxnBytes(p.txn);
              if (bytes !== undefined) this.txnEncoded(p.txn, bytes);
            }
            this.submit({ kind: 'fromLeader', packet: p as LeaderMessage });
          },
          onClose: (reason) => {
            if (gen !== this.leaderGeneration) return;
            this.leaderLink = null;
            this.submit({ kind: 'leaderLinkDown', reason });
          },
        });
        this.submit({ kind: 'leaderLinkUp' });
      });
    };
    attempt();
  }

  // ---------------------------------------------------------------- learner links and streams

  private toLearner(id: LinkId, p: LeaderMessage): void {
    if (this.streams.enqueue(id, p)) return; // behind the learner's sync stream
    const link = this.learnerLinks.get(id);
    if (link) link.send(p, this.frameOf(p));
  }

  /**
   * `p` encoded as a frame, once for consecutive sends of the same message. A PROPOSAL's txn is
   * handed on with it: the leader's own log append, later in this turn, stores the same bytes.
   */
  private frameOf(p: SentQuorumMessage): Uint8Array {
    if (p !== this.lastMessage) {
      this.lastFrame = encodeQuorumFrame(p);
      this.lastMessage = p;
      if (p.type === Pkt.PROPOSAL && 'txn' in p) this.txnEncoded(p.txn, txnInFrame(this.lastFrame));
    }
    return this.lastFrame;
  }

  /** Closes a learner link the peer gave up on; the peer hears learnerLinkDown once, now. */
  private closeLearner(id: LinkId, reason: string): void {
    this.streams.drop(id);
    const link = this.learnerLinks.get(id);
    if (!link) return;
    this.learnerLinks.delete(id);
    link.close(reason);
    this.submit({ kind: 'learnerLinkDown', link: id });
  }

  /**
   * Sends a learner's sync stream about `streamTurnBytes` per turn, waiting for the link to
   * drain in between, so a large snapshot or log tail neither stalls the process nor piles up in
   * memory. The first piece goes at once. A stream that cannot be carried (the log lacks what it
   * must send) closes the link, loudly: the learner then syncs again.
   */
  private pump(id: LinkId): void {
    if (this.pumping.has(id)) return;
    this.pumping.add(id);
    const step = (): void => {
      if (this.halted || !this.streams.active(id)) {
        this.pumping.delete(id);
        return;
      }
      const link = this.learnerLinks.get(id);
      if (!link || link.isClosed) {
        this.streams.drop(id);
        this.pumping.delete(id);
        return;
      }
      let packets: SentLeaderMessage[];
      try {
        packets = this.streams.take(id, this.opts.streamTurnBytes);
      } catch (e) {
        this.pumping.delete(id);
        this.ports.log.error(`sync stream to learner link ${id} failed: ${(e as Error).message}; closing it`);
        this.closeLearner(id, 'sync stream failed');
        return;
      }
      for (const p of packets) {
        if (this.halted || link.isClosed) {
          this.pumping.delete(id);
          return;
        }
        link.send(p, this.frameOf(p));
      }
      if (!this.streams.active(id)) {
        this.pumping.delete(id);
        return;
      }
      link.whenDrained(() => this.ports.timer.soon(step));
    };
    step();
  }

  // ---------------------------------------------------------------- stopping

  /** Stops ticking, and closes every link (their late reports are ignored). */
  override halt(): void {
    if (this.halted) return;
    super.halt();
    this.ticking?.();
    this.ticking = null;
    this.leaderGeneration++;
    this.leaderLink?.close('stopping');
    this.leaderLink = null;
    for (const l of this.learnerLinks.values()) l.close('stopping');
    this.learnerLinks.clear();
    this.pumping.clear();
  }
}
