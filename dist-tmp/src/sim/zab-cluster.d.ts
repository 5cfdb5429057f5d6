import type { ElectionAlgorithm, ElectionTiming } from '../election/types.js';
import type { PeerEffect } from '../peer/quorum-peer.js';
import type { ConnId } from '../pipeline/connections.js';
import { QuorumMessage } from '../wire/quorum.js';
import { LinearizabilityStats } from './linearizability.js';
import { LinkQuality, Sid, SimNetwork } from './network.js';
import { ClientEffect, DiskModel, PeerNode, PeerNodeConfig, PeerNodeHost, SimLinkPort } from './peer-node.js';
import type { ConnectResult } from '../drive/ports.js';
import { LinkEnd, QuorumLinks, SimLink } from './quorum-links.js';
import { ClientHost, ClientMessage, ClientOptions, History, HistoryOp, OpSpec, SimClient } from './sim-client.js';
import { TraceHash } from './trace.js';
import { World } from './world.js';
import { Violation, ZabChecker } from './zab-checker.js';
export interface ClusterOptions {
    seed: number;
    servers: number;
    observers?: number;
    algorithm: ElectionAlgorithm;
    electionTiming?: Partial<ElectionTiming>;
    tickTime?: number;
    initLimit?: number;
    syncLimit?: number;
    logRetain?: number;
    /** Bytes of records per SNAP_CHUNK (default ~2 records) and of a sync stream per step. */
    snapChunkBytes?: number;
    /**
     * Model a storage that breaks the call-order clause of its contract the way lmdb-js does
     * without `strictAsyncOrder` (issue 8, finding 1): truncateLogAfter and replaceState run after
     * the other writes called in the same turn. Only for tests that show a scenario sees that bug.
     */
    storageReordersCallbacks?: boolean;
    verbose?: boolean;
    log?: (line: string) => void;
}
export type DeliverHook = (link: SimLink, at: LinkEnd, p: QuorumMessage) => 'drop' | {
    delayMs: number;
} | void;
export type EffectHook = (node: PeerNode, e: PeerEffect) => void;
export type SnapshotHook = (node: PeerNode, link: SimLink, index: number, total: number) => void;
export type DatagramHook = (from: Sid, to: Sid, bytes: Uint8Array) => 'drop' | void;
export declare const TIMING: {
    tickTime: number;
    initLimit: number;
    syncLimit: number;
};
export interface CheckResult {
    violations: Violation[];
    stats: LinearizabilityStats;
}
export declare class ZabCluster implements PeerNodeHost, ClientHost {
    readonly o: ClusterOptions;
    readonly world: World;
    readonly trace: TraceHash;
    readonly network: SimNetwork;
    readonly links: QuorumLinks;
    readonly checker: ZabChecker;
    readonly history: History;
    readonly nodes: Map<number, PeerNode>;
    readonly clients: SimClient[];
    readonly seed: number;
    readonly verbose: boolean;
    readonly config: PeerNodeConfig;
    readonly voters: Sid[];
    readonly faults: string[];
    private readonly conns;
    private nextConn;
    private readonly rng;
    private readonly clientRng;
    private readonly effectHooks;
    private readonly deliverHooks;
    private readonly datagramHooks;
    private readonly snapshotHooks;
    private readonly proposalsSeen;
    constructor(o: ClusterOptions);
    get recorder(): ZabChecker;
    get nowMs(): number;
    node(sid: Sid): PeerNode;
    runFor(ms: number): void;
    /** Runs until `done()` holds (checked every `stepMs`), or `timeoutMs` passes. Returns done(). */
    runUntil(done: () => boolean, timeoutMs?: number, stepMs?: number): boolean;
    boot(sid: Sid): void;
    bootAll(): void;
    crash(sid: Sid, opts?: {
        flushFirst?: boolean;
    }): void;
    restart(sid: Sid): void;
    partition(groups: Sid[][]): void;
    /** Cuts one server off from all the others (both ways). */
    isolate(sid: Sid): void;
    cutOneWay(from: Sid, to: Sid): void;
    /**
     * A hiccup: one direction stalls (quorum links stall, they do not reset) for `ms`, then
     * recovers, unless a partition cut it meanwhile.
     */
    hiccup(from: Sid, to: Sid, ms: number): void;
    heal(): void;
    setDatagramQuality(q: LinkQuality): void;
    setDisk(sid: Sid, model: Partial<DiskModel>): void;
    /**
     * Every write to the server's disk fails from now on (a full or broken disk), also after a
     * restart, until repairDisk: the server must go down (its 'fatal' effect) and stay down.
     */
    failDisk(sid: Sid): void;
    /** The disk works again, for the next process: one still running on a failed disk stays failed. */
    repairDisk(sid: Sid): void;
    /** Normal disks everywhere; a process still running on a failed disk is replaced (crash, then a restart is due). */
    resetDisks(): void;
    fault(line: string): void;
    onEffect(h: EffectHook): () => void;
    onDeliver(h: DeliverHook): () => void;
    beforeEffect(node: PeerNode, e: PeerEffect): void;
    /** Sees a leader about to send SNAP_CHUNK `index` of `total` (index === total: SNAP_END). */
    onSnapshotChunk(h: SnapshotHook): () => void;
    beforeSnapshotChunk(node: PeerNode, link: SimLink, index: number, total: number): void;
    private deliverPacket;
    private deliverNow;
    /**
     * Z1: a COMMIT names a txn the learner has: received as a PROPOSAL on this link, in its log,
     * or already applied (docs/zookeeper-bugs.md item 19: "a COMMIT for a txn it never saw is a bug").
     */
    private checkCommit;
    sendDatagram(from: Sid, to: Sid, bytes: Uint8Array): void;
    /** Sees every election datagram a server sends (scenarios: capture, drop, replay later). */
    onDatagram(h: DatagramHook): () => void;
    /** Puts bytes on the datagram network as if `from` had sent them (replays, junk). */
    injectDatagram(from: Sid, to: Sid, bytes: Uint8Array): void;
    /**
     * One attempt to open a quorum link from `node` to `leader` (the interpreter retries, as over
     * TCP): it takes 1-5 ms to find the leader's port open (both directions uncut, the process
     * up) or not; the leader accepts at once, and the learner's connect completes when the SYN-ACK
     * is back, 1-5 ms later, before anything the leader sends on the link arrives.
     */
    connectAttempt(node: PeerNode, leader: Sid, done: (r: ConnectResult<SimLinkPort>) => void): void;
    clientEffect(node: PeerNode, e: ClientEffect): void;
    note(line: string): void;
    log(line: string): void;
    servers(): Sid[];
    newConnId(): ConnId;
    toServer(client: SimClient, server: Sid, conn: ConnId, m: ClientMessage): void;
    addClient(opts?: Partial<ClientOptions>): SimClient;
    /** A scripted operation from a client; run the world until it completes. */
    perform(client: SimClient, spec: OpSpec, timeoutMs?: number): HistoryOp;
    /** The established leader every live server follows, if the ensemble has converged. */
    convergedLeader(): Sid | null;
    /** The server that is established as leader right now (there may be a stale one, too). */
    leaders(): Sid[];
    /** Converged, every live server applied as much as the leader committed, and nothing pending. */
    quiescent(): boolean;
    roles(): string;
    /**
     * The checks after a run: P2/P4 over every trail, final agreement and P3 over the live servers,
     * P6 over the client history. Call once the cluster is quiescent (or pass `agreement: false`).
     */
    check(opts?: {
        agreement?: boolean;
    }): CheckResult;
}
