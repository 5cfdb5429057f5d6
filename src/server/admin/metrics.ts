/**
 * The server's Prometheus metrics (prom-client), served at `/metrics` on the admin port and on
 * `metricsProvider.httpPort`. Names and types follow ZooKeeper's PrometheusMetricsProvider where
 * ZooKeeper has the metric (gauges such as znode_count; counters such as commit_count; summaries
 * in ms such as fsynctime with quantile 0.5, or 0.5/0.9/0.99 for the "advanced" ones such as
 * proposal_latency); zk-ts's own additions follow Prometheus's naming rules
 * (request_duration_seconds{op}, learner_lag_zxids{sid}, peer_state{state}). docs/operations.md
 * lists them all.
 *
 * Instrumentation stays thin: the client connections and the runtime call the few hooks below;
 * every gauge is read from the running server when Prometheus scrapes.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { counterOf, epochOf, type Zxid } from '../../base/zxid.js';
import type { CommandContext } from '../commands.js';
import type { ClientMetrics } from '../types.js';

/** A learner as the leader sees it; `unacked` proposals are its lag in zxids. */
export interface LearnerLag {
  sid: number;
  observer: boolean;
  synced: boolean;
  unacked: number;
}

/** What the gauges read at scrape time. */
export interface ScrapeSource {
  context(): CommandContext;
  /** 'standalone', 'looking', 'leading', 'following' or 'observing'. */
  peerState(): string;
  /** Quorum members: the voters' count, and on the leader its learners. */
  quorum?: (() => { quorumSize: number; learners: readonly LearnerLag[] | null }) | undefined;
}

/** ZooKeeper's write requests (updatelatency); reads go to readlatency. */
const WRITES = new Set(['create', 'create2', 'createContainer', 'createTTL', 'delete', 'setData', 'setACL', 'multi', 'reconfig', 'closeSession']);
const READS = new Set(['exists', 'getData', 'getACL', 'getChildren', 'getChildren2', 'getAllChildrenNumber', 'getEphemerals', 'multiRead', 'whoAmI']);
const PEER_STATES = ['standalone', 'looking', 'leading', 'following', 'observing'];
/** ZooKeeper's summaries keep a ten-minute window (simpleclient's default). */
const WINDOW = { maxAgeSeconds: 600, ageBuckets: 5 };
/** Proposals remembered for proposal_latency, at most (entries never applied are dropped). */
const MAX_TRACKED = 100_000;

export class ServerMetrics implements ClientMetrics {
  readonly registry = new Registry();
  private snapshot: { ctx: CommandContext; state: string; quorum: ReturnType<NonNullable<ScrapeSource['quorum']>> | null } | null = null;
  private readonly requestDuration: Histogram<'op'>;
  private readonly readLatency: Summary;
  private readonly updateLatency: Summary;
  private readonly bytesIn: Counter;
  private readonly bytesOut: Counter;
  private readonly commits: Counter;
  private readonly fsyncTime: Summary;
  private readonly electionTime: Summary;
  private readonly proposalLatency: Summary;
  private readonly loggedAt = new Map<bigint, number>();
  private lastApplied: Zxid | null = null;
  /** Client requests answered (pings excluded) and their summed latency, for the dashboard's graphs. */
  private requestCount = 0;
  private latencySumMs = 0;
  private inBytes = 0;
  private outBytes = 0;
  private readonly now: () => number;

  constructor(
    private readonly source: ScrapeSource,
    options: { processInfo: boolean; now?: () => number } = { processInfo: true },
  ) {
    this.now = options.now ?? (() => performance.now());
    const r = [this.registry];
    if (options.processInfo) collectDefaultMetrics({ register: this.registry });

    const gauge = (name: string, read: (s: NonNullable<ServerMetrics['snapshot']>) => number | undefined): void => {
      const self = this;
      new Gauge({
        name,
        help: name,
        registers: r,
        collect() {
          const v = self.snapshot ? read(self.snapshot) : undefined;
          if (v === undefined) this.reset();
          else this.set(v);
        },
      });
    };
    // ZooKeeper's gauges (ZooKeeperServer.registerMetrics, LeaderZooKeeperServer, QuorumZooKeeperServer).
    gauge('avg_latency', (s) => s.ctx.avgLatencyMs);
    gauge('max_latency', (s) => s.ctx.maxLatencyMs);
    gauge('min_latency', (s) => s.ctx.minLatencyMs);
    gauge('packets_received', (s) => s.ctx.packetsReceived);
    gauge('packets_sent', (s) => s.ctx.packetsSent);
    gauge('num_alive_connections', (s) => s.ctx.aliveConnections);
    gauge('outstanding_requests', (s) => s.ctx.outstandingRequests);
    gauge('znode_count', (s) => s.ctx.nodeCount);
    const monitor = (read: (m: ReturnType<CommandContext['monitor']>) => number) => (s: NonNullable<ServerMetrics['snapshot']>) => read(s.ctx.monitor());
    gauge('uptime', monitor((m) => m.uptimeMs));
    gauge('watch_count', monitor((m) => m.watchCount));
    gauge('ephemerals_count', monitor((m) => m.ephemeralsCount));
    gauge('approximate_data_size', monitor((m) => m.approximateDataSize));
    gauge('global_sessions', monitor((m) => m.globalSessions));
    gauge('local_sessions', monitor((m) => m.localSessions));
    gauge('auth_failed_count', monitor((m) => m.authFailedCount));
    if (source.quorum) {
      // Quorum members only; learners and synced_* count on the leader (0 elsewhere).
      gauge('quorum_size', (s) => s.quorum?.quorumSize);
      const learners = (pick: (l: LearnerLag) => boolean) => (s: NonNullable<ServerMetrics['snapshot']>) =>
        (s.quorum?.learners ?? []).filter(pick).length;
      gauge('learners', learners(() => true));
      gauge('synced_followers', learners((l) => l.synced && !l.observer));
      gauge('synced_observers', learners((l) => l.synced && l.observer));
    }
    // zk-ts's own.
    gauge('last_processed_zxid', (s) => Number(s.ctx.zxid));
    const self = this;
    new Gauge({
      name: 'learner_lag_zxids',
      help: 'Leader only: proposals each synced follower has not acknowledged yet',
      labelNames: ['sid'],
      registers: r,
      collect() {
        this.reset();
        for (const l of self.snapshot?.quorum?.learners ?? []) if (l.synced && !l.observer) this.set({ sid: String(l.sid) }, l.unacked);
      },
    });
    new Gauge({
      name: 'peer_state',
      help: 'This server\'s state: 1 for the current one (standalone, looking, leading, following, observing)',
      labelNames: ['state'],
      registers: r,
      collect() {
        for (const st of PEER_STATES) this.set({ state: st }, self.snapshot?.state === st ? 1 : 0);
      },
    });

    this.requestDuration = new Histogram({
      name: 'request_duration_seconds',
      help: 'Client requests from arrival to reply, by operation',
      labelNames: ['op'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: r,
    });
    const summary = (name: string, advanced: boolean) =>
      new Summary({ name, help: name, percentiles: advanced ? [0.5, 0.9, 0.99] : [0.5], ...WINDOW, registers: r });
    this.readLatency = summary('readlatency', true);
    this.updateLatency = summary('updatelatency', true);
    this.fsyncTime = summary('fsynctime', false);
    this.electionTime = summary('election_time', false);
    this.proposalLatency = summary('proposal_latency', true);
    this.bytesIn = new Counter({ name: 'bytes_received_count', help: 'bytes_received_count', registers: r });
    this.bytesOut = new Counter({ name: 'response_bytes', help: 'response_bytes', registers: r });
    this.commits = new Counter({ name: 'commit_count', help: 'commit_count', registers: r });
  }

  // ---------------------------------------------------------------- client hooks (ClientMetrics)

  requestDone(op: string, latencyMs: number): void {
    this.requestDuration.observe({ op }, latencyMs / 1000);
    if (WRITES.has(op)) this.updateLatency.observe(latencyMs);
    else if (READS.has(op)) this.readLatency.observe(latencyMs);
    if (op !== 'ping') {
      this.requestCount++;
      this.latencySumMs += latencyMs;
    }
  }

  bytesReceived(n: number): void {
    this.bytesIn.inc(n);
    this.inBytes += n;
  }

  bytesSent(n: number): void {
    this.bytesOut.inc(n);
    this.outBytes += n;
  }

  // ---------------------------------------------------------------- runtime hooks (RuntimeMetrics)

  logging(zxids: readonly bigint[]): () => void {
    const start = this.now();
    for (const z of zxids) this.loggedAt.set(z, start);
    while (this.loggedAt.size > MAX_TRACKED) this.loggedAt.delete(this.loggedAt.keys().next().value!);
    return () => this.fsyncTime.observe(this.now() - start);
  }

  /**
   * Applied state reached `lastApplied`. Commits are counted from the zxid's progress (within an
   * epoch the counter advances by one per txn; a new epoch's txns count from its first).
   */
  applied(lastApplied: Zxid): void {
    const prev = this.lastApplied;
    this.lastApplied = lastApplied;
    if (prev !== null && lastApplied > prev) {
      this.commits.inc(epochOf(lastApplied) === epochOf(prev) ? counterOf(lastApplied) - counterOf(prev) : counterOf(lastApplied));
    }
    const now = this.now();
    for (const [zxid, at] of this.loggedAt) {
      if (zxid > lastApplied) break;
      this.proposalLatency.observe(now - at);
      this.loggedAt.delete(zxid);
    }
  }

  /** An election decided after `ms` of LOOKING. */
  electionDone(ms: number): void {
    this.electionTime.observe(ms);
  }

  // ---------------------------------------------------------------- reading

  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * The exposition text: every gauge reads the server as of now. Scrapes run one at a time, so
   * that each reads its own snapshot (two endpoints may be scraped at once).
   */
  scrape(): Promise<string> {
    const run = async (): Promise<string> => {
      this.snapshot = { ctx: this.source.context(), state: this.source.peerState(), quorum: this.source.quorum?.() ?? null };
      try {
        return await this.registry.metrics();
      } finally {
        this.snapshot = null;
      }
    };
    const result = this.scraping.then(run, run);
    this.scraping = result.catch(() => '');
    return result;
  }

  private scraping: Promise<string> = Promise.resolve('');

  /** Client requests answered since start (pings excluded), their summed latency (ms), bytes in and out. */
  totals(): { requests: number; latencySumMs: number; bytesIn: number; bytesOut: number } {
    return { requests: this.requestCount, latencySumMs: this.latencySumMs, bytesIn: this.inBytes, bytesOut: this.outBytes };
  }
}
