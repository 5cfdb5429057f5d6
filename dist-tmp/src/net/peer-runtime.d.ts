/**
 * Runs a quorum peer on node: the effect interpreter (src/drive/peer-driver.ts) over node
 * adapters: the election transport (UDP, or TLS with sslQuorum), the quorum port and links
 * (TCP/TLS, quorum-tcp.ts), the node timer and the server's storage. Only wiring and adapters
 * live here; what is done with the peer's effects is decided in src/drive, which the simulator
 * runs too.
 */
import type { Socket } from 'node:net';
import type { Storage } from '../storage/api.js';
import type { LearnerMessage, QuorumSender, SentQuorumMessage } from '../wire/quorum.js';
import type { QuorumPeer, Role, TransferAnswer } from '../peer/quorum-peer.js';
import type { PeerInput } from '../peer/inputs.js';
import { PeerDriver } from '../drive/peer-driver.js';
import type { ClientSink } from '../drive/core-driver.js';
import type { LinkEvents, QuorumLinkPort, RuntimeMetrics } from '../drive/ports.js';
import type { QuorumTls } from './quorum-tls.js';
import type { Logger } from '../base/log.js';
import { type FatalHandler } from './core-runtime.js';
/** Where a server's quorum and election ports are (a `server.N` line). */
export interface PeerAddress {
    id: number;
    host: string;
    quorumPort: number;
    electionPort: number;
}
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
/** A quorum socket as the interpreter's link port. */
declare class NetLink implements QuorumLinkPort {
    private events;
    private readonly link;
    constructor(socket: Socket, peer: QuorumSender, admit?: (p: LearnerMessage) => boolean);
    setEvents(events: LinkEvents): void;
    send(p: SentQuorumMessage): void;
    close(reason: string): void;
    get isClosed(): boolean;
    whenDrained(fn: () => void): void;
}
export declare class PeerRuntime {
    readonly peer: QuorumPeer;
    private readonly log;
    private readonly opts;
    readonly driver: PeerDriver<NetLink>;
    private transport;
    private quorumServer;
    private sink;
    private stopping;
    constructor(peer: QuorumPeer, storage: Storage, log: Logger, opts: PeerRuntimeOptions);
    get core(): QuorumPeer;
    get metrics(): RuntimeMetrics | null;
    set metrics(m: RuntimeMetrics | null);
    setSink(sink: ClientSink): void;
    /** Hands one input to the peer, stamped with the time now; its effects are carried out at the end of this turn. */
    submit(input: PeerInput): TransferAnswer | undefined;
    flush(): void;
    start(): Promise<void>;
    electionStats(): Record<string, number>;
    /** One attempt to reach server `sid`'s quorum port. */
    private connect;
    /** Stops the interpreter, closes the ports, and waits for applied state to be written. */
    stop(): Promise<void>;
}
export {};
