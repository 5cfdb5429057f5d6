import type { ElectionDatagram } from '../wire/election.js';
import type { PeerInput } from '../peer/inputs.js';
import type { PeerEffect, QuorumPeer } from '../peer/quorum-peer.js';
import type { LinkId } from '../zab/types.js';
import { CoreDriver, type CorePorts } from './core-driver.js';
import type { DatagramPort, QuorumConnector, QuorumLinkPort } from './ports.js';
/** How long a failed connect to the leader waits before the next attempt. */
export declare const CONNECT_RETRY_MS = 200;
export type RoleEffect = Extract<PeerEffect, {
    kind: 'role';
}>;
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
export declare class PeerDriver<L extends QuorumLinkPort = QuorumLinkPort> extends CoreDriver<QuorumPeer, PeerEffect, PeerInput> {
    readonly peer: QuorumPeer;
    protected readonly ports: PeerPorts<L>;
    private readonly opts;
    private ticking;
    private readonly learnerLinks;
    private nextLink;
    private leaderLink;
    private leaderGeneration;
    /** What streams to syncing learners (snapshots, log ranges, packets queued behind them). */
    private readonly streams;
    private readonly pumping;
    constructor(peer: QuorumPeer, ports: PeerPorts<L>, opts: PeerDriverOptions);
    protected purgeFloor(): bigint | null;
    /** Starts the peer (its election) and its tick. */
    start(): void;
    /** The current link to our leader, if connected. */
    get leaderLinkPort(): L | null;
    /** A learner link by the id the peer knows it by. */
    learnerLink(id: LinkId): L | undefined;
    /** A decoded election datagram arrived. */
    electionDatagram(d: ElectionDatagram): void;
    /** A learner connected to our quorum port. Returns the id the peer knows the link by. */
    acceptLearner(link: L): LinkId;
    protected execute(e: PeerEffect): void;
    private electionEffect;
    private dropLeaderLink;
    /**
     * Connects to the leader, retrying every CONNECT_RETRY_MS (it may still be opening its port)
     * until initLimit has passed; then the peer hears that the leader cannot be reached.
     */
    private connectLeader;
    private toLearner;
    /** Closes a learner link the peer gave up on; the peer hears learnerLinkDown once, now. */
    private closeLearner;
    /**
     * Sends a learner's sync stream about `streamTurnBytes` per turn, waiting for the link to
     * drain in between, so a large snapshot or log tail neither stalls the process nor piles up in
     * memory. The first piece goes at once. A stream that cannot be carried (the log lacks what it
     * must send) closes the link, loudly: the learner then syncs again.
     */
    private pump;
    /** Stops ticking, and closes every link (their late reports are ignored). */
    halt(): void;
}
