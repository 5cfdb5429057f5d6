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
import { Registry } from 'prom-client';
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
    quorum?(): {
        quorumSize: number;
        learners: readonly LearnerLag[] | null;
    };
}
export declare class ServerMetrics implements ClientMetrics {
    private readonly source;
    readonly registry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
    private snapshot;
    private readonly requestDuration;
    private readonly readLatency;
    private readonly updateLatency;
    private readonly bytesIn;
    private readonly bytesOut;
    private readonly commits;
    private readonly fsyncTime;
    private readonly electionTime;
    private readonly proposalLatency;
    private readonly loggedAt;
    private lastApplied;
    /** Client requests answered (pings excluded) and their summed latency, for the dashboard's graphs. */
    private requestCount;
    private latencySumMs;
    private inBytes;
    private outBytes;
    private readonly now;
    constructor(source: ScrapeSource, options?: {
        processInfo: boolean;
        now?: () => number;
    });
    requestDone(op: string, latencyMs: number): void;
    bytesReceived(n: number): void;
    bytesSent(n: number): void;
    logging(zxids: readonly bigint[]): () => void;
    /**
     * Applied state reached `lastApplied`. Commits are counted from the zxid's progress (within an
     * epoch the counter advances by one per txn; a new epoch's txns count from its first).
     */
    applied(lastApplied: bigint): void;
    /** An election decided after `ms` of LOOKING. */
    electionDone(ms: number): void;
    get contentType(): string;
    /**
     * The exposition text: every gauge reads the server as of now. Scrapes run one at a time, so
     * that each reads its own snapshot (two endpoints may be scraped at once).
     */
    scrape(): Promise<string>;
    private scraping;
    /** Client requests answered since start (pings excluded), their summed latency (ms), bytes in and out. */
    totals(): {
        requests: number;
        latencySumMs: number;
        bytesIn: number;
        bytesOut: number;
    };
}
