/**
 * Drives a quorum peer: its election datagrams, its quorum links, its storage and its clients.
 * Inputs are applied to the pure core one at a time; the effects they produce are carried out
 * at the end of the event-loop turn, so that proposals arriving together share one flush.
 */
import type { Server } from 'node:net';
import type { Storage } from '../storage/api.js';
import type { LeaderMessage, SentLeaderMessage } from '../wire/quorum.js';
import type { PeerEffect, QuorumPeer, Role } from '../peer/quorum-peer.js';
import type { PeerInput } from '../peer/inputs.js';
import { SNAP_CHUNK_BYTES, SyncStreams } from '../peer/sync-stream.js';
import type { ElectionDatagram } from '../wire/election.js';
import { connectQuorum, listenQuorum, QuorumLink } from './quorum-tcp.js';
import { createElectionTransport, type ElectionTransport } from './election-transport.js';
import type { QuorumTls } from './quorum-tls.js';
import type { Logger } from '../base/log.js';
import { assertNever, invariant } from '../base/invariant.js';
import { CoreRuntime, type FatalHandler } from './core-runtime.js';


/** Where a server's quorum and election ports are (a `server.N` line). */
export interface PeerAddress {
  id: number;
  host: string;
  quorumPort: number;
  electionPort: number;
}

type ElectionEffect = Extract<PeerEffect, { kind: 'election' }>['effect'];

export interface PeerRuntimeOptions {
  self: PeerAddress;
  servers: readonly PeerAddress[];
  electionKey?: string;
  tickIntervalMs: number;
  initLimitMs: number;
  logRetain: number;
  onRole?: (role: Role, serving: boolean) => void;
  /**
   * Storage failed, or the core broke an invariant: the process must exit (after the fatal
   * line is logged), with the cause's status. Main exits; the default stops this runtime only
   * (tests).
   */
  onFatal?: FatalHandler;
  /** Quorum security (sslQuorum / portUnification): TLS links and proven server ids. */
  quorumTls?: QuorumTls | null;
}

/** How long a fatal storage failure waits for the runtime to stop before main exits anyway. */
const FATAL_STOP_MS = 1000;

/** Bytes of a sync stream sent per event-loop turn, then the socket must drain. */
const STREAM_TURN_BYTES = SNAP_CHUNK_BYTES;

export class PeerRuntime extends CoreRuntime<QuorumPeer, PeerEffect, PeerInput> {
  private timer: NodeJS.Timeout | null = null;
  private transport: ElectionTransport<{ kind: string }> | null = null;
  private quorumServer: Server | null = null;
  private readonly learnerLinks = new Map<number, QuorumLink<'learner'>>();
  private nextLink = 1;
  private leaderLink: QuorumLink<'leader'> | null = null;
  private leaderGeneration = 0;
  /** What streams to syncing learners (snapshots, log ranges, packets queued behind them). */
  private readonly streams: SyncStreams;
  private readonly pumping = new Set<number>();

  constructor(
    readonly peer: QuorumPeer,
    storage: Storage,
    log: Logger,
    private readonly opts: PeerRuntimeOptions,
  ) {
    super(peer, storage, log, opts.logRetain);
    this.streams = new SyncStreams(storage, SNAP_CHUNK_BYTES);
  }

  protected override purgeFloor(): bigint | null {
    return this.peer.purgeFloor();
  }

  async start(): Promise<void> {
    const self = this.opts.self;
    this.quorumServer = await listenQuorum(self.host, self.quorumPort, (socket) => {
      const id = this.nextLink++;
      const gate = this.opts.quorumTls?.learnerGate(socket, self.id);
      const link = new QuorumLink(socket, 'learner', {
        onPacket: (p) => this.submit({ kind: 'fromLearner', link: id, packet: p }),
        onClose: () => {
          this.learnerLinks.delete(id);
          this.streams.drop(id);
          this.submit({ kind: 'learnerLinkDown', link: id });
        },
      }, gate);
      this.learnerLinks.set(id, link);
      this.submit({ kind: 'learnerLinkUp', link: id });
    }, this.opts.quorumTls);
    const transport = createElectionTransport<{ kind: string }>({
      self: { id: self.id, host: self.host, electionPort: self.electionPort },
      servers: this.opts.servers.map((s) => ({ id: s.id, host: s.host, electionPort: s.electionPort })),
      sharedKey: this.opts.electionKey,
      // No tickIntervalMs: the runtime's own timer ticks the whole peer, election included.
      handler: {
        receive: (d: ElectionDatagram) => {
          this.submit({ kind: 'electionDatagram', datagram: d });
          return [];
        },
        counters: this.peer.election.counters,
      },
      onEffect: () => {},
      onWarning: (event, detail) => this.log.warn(`election transport: ${event} ${JSON.stringify(detail)}`),
    }, this.opts.quorumTls, this.log);
    this.transport = transport;
    await transport.start();
    this.submit({ kind: 'start' });
    this.timer = setInterval(() => this.submit({ kind: 'tick' }), this.opts.tickIntervalMs);
  }

  electionStats(): Record<string, number> {
    return this.transport?.stats() ?? {};
  }

  protected fatalHandler(): FatalHandler | undefined {
    return this.opts.onFatal;
  }

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
        this.leaderGeneration++;
        this.leaderLink?.close('leaving the leader');
        this.leaderLink = null;
        return;
      case 'toLeader':
        this.leaderLink?.send(e.packet);
        return;
      case 'toLearner':
        return this.toLearner(e.link, e.packet);
      case 'closeLearner':
        this.streams.drop(e.link);
        this.learnerLinks.get(e.link)?.close(e.reason);
        return;
      case 'persistEpochs':
        return this.durable(e.token, this.storage.setEpochs(e.epochs));
      case 'truncate':
        this.applied.flushHeld(); // applied state held back must not land after the truncation
        return this.durable(e.token, this.storage.truncateLogAfter(e.zxid));
      case 'replaceState':
        this.applied.flushHeld(); // nor after the snapshot that replaces it
        return this.durable(
          e.token,
          this.storage.replaceState({
            lastApplied: e.lastApplied,
            nodes: e.chunks.flatMap((c) => c.nodes),
            sessions: e.chunks.flatMap((c) => c.sessions),
          }),
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
        return this.fatal(e.reason);
      case 'role':
        this.log.info(`role: ${e.role}${e.leader !== null ? ` (leader ${e.leader})` : ''}${e.serving ? ', serving clients' : ''}`);
        this.opts.onRole?.(e.role, e.serving);
        return;
      case 'reply':
      case 'notify':
      case 'close':
      case 'handshake':
        return this.sink(e);
      default:
        return assertNever(e, 'peer effect');
    }
  }

  private electionEffect(e: ElectionEffect): void {
    switch (e.kind) {
      case 'send':
        this.transport?.run([e]);
        return;
      case 'log': {
        // The peer logs each decision once at info (algorithm, rounds, winner, vote, time); the
        // core's own trace is detail, at debug, unless it warns.
        const fields = Object.entries(e.fields).map(([k, v]) => `${k}=${v}`).join(' ');
        this.log[e.level === 'warn' ? 'warn' : 'debug'](`election: ${e.event}${fields ? ' ' + fields : ''}`);
        return;
      }
      case 'decided':
        return invariant(false, 'peer-consumes-decisions', 'an election decision reached the runtime');
      default:
        return assertNever(e, 'election effect');
    }
  }

  private connectLeader(sid: number): void {
    const spec = this.opts.servers.find((s) => s.id === sid);
    const gen = ++this.leaderGeneration;
    if (!spec) {
      this.submit({ kind: 'leaderLinkDown', reason: `leader ${sid} is not in the configuration` });
      return;
    }
    const tls = this.opts.quorumTls ? { quorum: this.opts.quorumTls, sid } : null;
    connectQuorum(spec.host, spec.quorumPort, Date.now() + this.opts.initLimitMs, () => gen !== this.leaderGeneration || this.stopped, tls).then(
      (socket) => {
        if (gen !== this.leaderGeneration) return socket.destroy();
        this.leaderLink = new QuorumLink(socket, 'leader', {
          onPacket: (p) => {
            if (gen === this.leaderGeneration) this.submit({ kind: 'fromLeader', packet: p });
          },
          onClose: (reason) => {
            if (gen === this.leaderGeneration) this.submit({ kind: 'leaderLinkDown', reason });
          },
        });
        this.submit({ kind: 'leaderLinkUp' });
      },
      (err: Error) => {
        if (gen === this.leaderGeneration) this.submit({ kind: 'leaderLinkDown', reason: `cannot reach leader ${sid}: ${err.message}` });
      },
    );
  }

  private toLearner(link: number, p: LeaderMessage): void {
    if (this.streams.enqueue(link, p)) return; // behind the learner's sync stream
    this.learnerLinks.get(link)?.send(p);
  }

  /**
   * Sends a learner's sync stream (src/peer/sync-stream.ts) about STREAM_TURN_BYTES per turn,
   * waiting for the socket to drain in between, so a large snapshot or log tail neither stalls
   * the event loop nor piles up in memory. A stream that cannot be carried (the log lacks what
   * it must send) closes the link, loudly: the learner then syncs again.
   */
  private pump(linkId: number): void {
    if (this.pumping.has(linkId)) return;
    this.pumping.add(linkId);
    void (async () => {
      try {
        while (!this.stopped && this.streams.active(linkId)) {
          const link = this.learnerLinks.get(linkId);
          if (!link || link.isClosed) {
            this.streams.drop(linkId);
            return;
          }
          let packets: SentLeaderMessage[];
          try {
            packets = this.streams.take(linkId, STREAM_TURN_BYTES);
          } catch (e) {
            this.log.error(`sync stream to learner link ${linkId} failed: ${(e as Error).message}; closing it`);
            link.close('sync stream failed');
            return;
          }
          for (const p of packets) link.send(p);
          await link.drained();
          await new Promise((r) => setImmediate(r));
        }
      } finally {
        this.pumping.delete(linkId);
      }
    })();
  }

  /**
   * Storage failed: log it as the last word, stop everything, and let main exit. The exit waits
   * for the stop at most FATAL_STOP_MS: writes the failed storage still holds may never settle
   * (a server once logged this line and then neither exited nor served).
   */
  private fatal(reason: string): void {
    this.log.error(`FATAL: storage failed, exiting: ${reason}`);
    // A write may be stuck in the disk for good (a silent stall): neither the stop nor the
    // process's exit may wait for it.
    this.storage.abandon?.(reason);
    let timer: NodeJS.Timeout | null = null;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, FATAL_STOP_MS)));
    void Promise.race([this.stop().catch(() => undefined), deadline]).finally(() => {
      if (timer) clearTimeout(timer);
      this.opts.onFatal?.(reason, 'storage');
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.leaderGeneration++;
    this.leaderLink?.close('stopping');
    for (const l of this.learnerLinks.values()) l.close('stopping');
    await this.transport?.close();
    await new Promise<void>((r) => (this.quorumServer ? this.quorumServer.close(() => r()) : r()));
    await this.applied.settled();
  }
}
