import { ElectionDatagram } from '../wire/election.js';
/** Where a server's election socket is: a `server.N` line's id, host and electionPort. */
export interface ElectionAddress {
    id: number;
    host: string;
    electionPort: number;
}
/** The effects the adapter executes itself; anything else goes to `onEffect`. */
export interface SendEffect {
    kind: 'send';
    to: number;
    datagram: ElectionDatagram;
}
/** The election core as the adapter sees it (the Election class fits). */
export interface ElectionHandler<E extends {
    kind: string;
}> {
    receive(d: ElectionDatagram, nowMs: number): E[];
    /** Called every `tickIntervalMs`, when the transport is given a beat. */
    tick?(nowMs: number): E[];
    /** The core's own counters (sent, received, droppedStale, ...), merged into stats(). */
    readonly counters?: object;
}
export interface UdpElectionOptions<E extends {
    kind: string;
}> {
    self: ElectionAddress;
    servers: readonly ElectionAddress[];
    handler: ElectionHandler<E>;
    /** Every non-send effect (decisions, logs), in order. */
    onEffect: (effect: E) => void;
    /** zoo.cfg `electionKey`; its UTF-8 bytes are the HMAC key. */
    sharedKey?: string | Uint8Array;
    /**
     * The beat of handler.tick() (the cores' shortest timers are 200 ms). Without one (or 0) the
     * transport only moves datagrams and its owner ticks the core.
     */
    tickIntervalMs?: number;
    /** Monotonic milliseconds. */
    now?: () => number;
    /** Where socket-level trouble is reported (the cores report through log effects). */
    onWarning?: (event: string, detail: Record<string, string | number>) => void;
}
export interface UdpElectionCounters {
    datagramsIn: number;
    datagramsOut: number;
    droppedMalformed: number;
    droppedBadMac: number;
    sendErrors: number;
}
export declare class UdpElectionTransport<E extends {
    kind: string;
}> {
    private readonly opts;
    readonly counters: UdpElectionCounters;
    private readonly socket;
    private readonly key;
    private readonly addresses;
    private readonly now;
    private timer;
    private closed;
    constructor(opts: UdpElectionOptions<E>);
    /** Binds the election port and starts the tick beat, if there is one. */
    start(): Promise<void>;
    /** The adapter's counters and the core's, in one record for metrics. */
    stats(): Record<string, number>;
    /** The bound port (useful when the configuration said 0). */
    get port(): number;
    /** Carries out effects returned by any call on the core (start, setEstablished, ...). */
    run(effects: readonly E[]): void;
    close(): Promise<void>;
    private onDatagram;
    private authentic;
    private hmac;
    private send;
    private warn;
}
