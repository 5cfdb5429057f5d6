import type { ServerSpec } from '../config/types.js';
import type { ElectionAlgorithm, ElectionTiming } from '../election/types.js';
import { QuorumPeer, PeerEffect, type TransferAnswer } from '../peer/quorum-peer.js';
import { PeerDriver, type RoleEffect } from '../drive/peer-driver.js';
import type { ConnectResult, LinkEvents, QuorumLinkPort } from '../drive/ports.js';
import type { ConnId } from '../pipeline/connections.js';
import type { LoadedState } from '../storage/api.js';
import { MemoryDisk, MemoryStorage } from '../storage/memory/memory-storage.js';
import { type SentQuorumMessage, type QuorumMessage } from '../wire/quorum.js';
import type { PeerInput } from '../peer/inputs.js';
import type { ConnectRequest } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import { Txn } from '../wire/txn.js';
import type { Sid } from './network.js';
import type { LinkEnd, QuorumLinks, SimLink } from './quorum-links.js';
import type { World } from './world.js';
export type { RoleEffect } from '../drive/peer-driver.js';
/** Wall clock of virtual time 0 (ctime/mtime, session ids): any fixed value will do. */
export declare const WALL_BASE_MS = 1700000000000;
export type ClientEffect = Extract<PeerEffect, {
    kind: 'handshake' | 'reply' | 'notify' | 'close';
}>;
export interface PeerNodeConfig {
    servers: ServerSpec[];
    algorithm: ElectionAlgorithm;
    electionTiming?: Partial<ElectionTiming>;
    tickTime: number;
    initLimit: number;
    syncLimit: number;
    minSessionTimeout: number;
    maxSessionTimeout: number;
    /** How often the peer is ticked (the runtime uses 25 ms). */
    tickIntervalMs: number;
    /** Bytes of records per SNAP_CHUNK (small, so that snapshots take several packets and can break). */
    snapChunkBytes: number;
    /** Bytes of a sync stream sent per turn (the runtime: SNAP_CHUNK_BYTES). */
    streamStepBytes: number;
    /** Applied changes between log purges (the runtime's logRetain / AppliedStateWriter). */
    logRetain: number;
    /** The lmdb call-order bug (see ClusterOptions.storageReordersCallbacks): a test-only fault. */
    storageReordersCallbacks?: boolean;
}
/** What the checkers learn from a node. */
export interface PeerRecorder {
    booted(node: PeerNode, loaded: LoadedState): void;
    applied(node: PeerNode, txn: Txn, bytes: Uint8Array): void;
    snapshotInstalled(node: PeerNode, zxid: bigint): void;
    role(node: PeerNode, e: RoleEffect): void;
    flushed(node: PeerNode): void;
    /** Records a violation; the returned record may be amended (e.g. with an error message). */
    violation(property: string, detail: string): {
        detail: string;
    };
}
export interface PeerNodeHost {
    readonly world: World;
    readonly links: QuorumLinks;
    readonly recorder: PeerRecorder;
    readonly seed: number;
    sendDatagram(from: Sid, to: Sid, bytes: Uint8Array): void;
    /** One attempt to connect `node` to `leader`'s quorum port (the interpreter retries). */
    connectAttempt(node: PeerNode, leader: Sid, done: (r: ConnectResult<SimLinkPort>) => void): void;
    clientEffect(node: PeerNode, e: ClientEffect): void;
    /** Scenario hooks: called before each effect is carried out. */
    beforeEffect(node: PeerNode, e: PeerEffect): void;
    /** Scenario hooks: called before SNAP_CHUNK `index` of `total` is sent (index === total: SNAP_END). */
    beforeSnapshotChunk(node: PeerNode, link: SimLink, index: number, total: number): void;
    note(line: string): void;
    log(line: string): void;
    readonly verbose: boolean;
}
export interface DiskModel {
    latencyMinMs: number;
    latencyMaxMs: number;
    /** Probability that a flush covers only a random prefix of the pending operations. */
    partialRate: number;
    /** Held: nothing is flushed until released (scenarios). */
    held: boolean;
    /** Failing: every write is refused (a full or broken disk), also after a restart. */
    failing: boolean;
}
export declare const DEFAULT_DISK: Readonly<DiskModel>;
/** One end of a simulated quorum link, as the interpreter's link port. */
export declare class SimLinkPort implements QuorumLinkPort {
    readonly link: SimLink;
    readonly end: LinkEnd;
    private readonly node;
    events: LinkEvents | null;
    constructor(link: SimLink, end: LinkEnd, node: PeerNode);
    setEvents(events: LinkEvents): void;
    send(p: SentQuorumMessage): void;
    close(reason: string): void;
    get isClosed(): boolean;
    whenDrained(fn: () => void): void;
}
export declare class PeerNode {
    readonly sid: Sid;
    readonly observer: boolean;
    private readonly config;
    private readonly host;
    up: boolean;
    /** Counts boots; 0 before the first. */
    boots: number;
    incarnation: number;
    peer: QuorumPeer | null;
    driver: PeerDriver<SimLinkPort> | null;
    storage: MemoryStorage | null;
    /** Storage calls held until the next flush (only under storageReordersCallbacks). */
    private readonly deferredCalls;
    private runningDeferred;
    readonly disk: MemoryDisk;
    diskModel: DiskModel;
    downSinceMs: number;
    /** Client connections on our client port. */
    readonly clientConns: Set<number>;
    /** Latest role effect of this process. */
    lastRole: RoleEffect | null;
    private awaiting;
    private flushAt;
    private rng;
    /** Timings of this process's adapters (tick phase, link drains). */
    private adapterRng;
    private timer;
    private readonly diskRng;
    /** This process's link ends, by link id: accepted on our quorum port, and opened to a leader. */
    private readonly leaderEnds;
    private readonly learnerEnds;
    /** Per learner link: SNAP_CHUNKs sent of the snapshot streaming there, and their total. */
    private readonly snapProgress;
    /** Why the last process died of a storage failure (the 'fatal' effect), if it did. */
    fatalReason: string | null;
    /** This process's storage handle refuses every write (its disk failed while it ran, or before). */
    storageFailing: boolean;
    /** This process was told its storage failed (it must never lead again). */
    private toldFailed;
    constructor(sid: Sid, observer: boolean, config: PeerNodeConfig, host: PeerNodeHost);
    private get world();
    get role(): string;
    get serving(): boolean;
    /** The learner side: the link to our leader, while connected. */
    get leaderLink(): SimLink | null;
    boot(): void;
    /** The process dies: unflushed writes vanish, sockets close, scheduled work is void. */
    crash(): void;
    /** The interpreter ends the process: a storage failure kills it, a broken invariant fails the seed. */
    private exit;
    /** Watches what the replica applies (for the checkers) without changing it. */
    private instrument;
    private logger;
    private beforeEffect;
    private roleChanged;
    /** Applies one input to the core; the interpreter carries out its effects at the end of the turn. */
    input(input: PeerInput): TransferAnswer | undefined;
    receiveDatagram(bytes: Uint8Array): void;
    clientConnect(conn: ConnId, req: ConnectRequest, address: string): void;
    clientRequest(conn: ConnId, xid: number, req: Request): void;
    clientDisconnect(conn: ConnId): void;
    /** The Disk port over this process's storage handle. */
    private diskPort;
    /**
     * Makes a storage call now and answers it once a flush covers it. The memory storage queues
     * every accepted write as one pending operation; one that is not queued was either empty
     * (answered at once) or refused (a failing disk, or a call the contract forbids: a bug).
     */
    private diskCall;
    /** A storage answer, as a promise continuation: later in this turn, if the process lives. */
    private answerLater;
    /** The disk starts failing every write (or works again, for the next process). */
    setFailing(failing: boolean): void;
    /** Schedules the next flush of the pending operations, after a drawn disk latency. */
    scheduleFlush(): void;
    /** The disk model changed: draw the next flush anew (the one scheduled is void). */
    rescheduleFlush(): void;
    /** Flushes the first `n` pending operations (default all) and answers what became durable. */
    flush(n?: number): number;
    holdDisk(): void;
    releaseDisk(): void;
    pendingOps(): number;
    /** The cluster accepted a learner's connection on our quorum port. */
    acceptLearner(link: SimLink): void;
    /** Our connect to a leader completed: the learner's end of the link. */
    learnerEnd(link: SimLink): SimLinkPort;
    /** A port sends: before each SNAP_CHUNK and SNAP_END the scenario hook runs (it may crash us). */
    sendOn(port: SimLinkPort, p: SentQuorumMessage): void;
    closeEnd(port: SimLinkPort, reason: string): void;
    /** A simulated socket drains after 1-3 ms. */
    drainDelay(fn: () => void): void;
    linkDelivered(link: SimLink, at: LinkEnd, p: QuorumMessage): void;
    linkClosed(link: SimLink, at: LinkEnd, reason: string): void;
    private portAt;
}
/**
 * What MemoryStorage.load() returns, computed synchronously from the disk (the simulator has
 * no event loop turn to wait for a promise in). test/sim checks it against load().
 */
export declare function loadFromDisk(disk: MemoryDisk): LoadedState;
