import type { Logger } from '../base/log.js';
import type { QuorumTls } from './quorum-tls.js';
import type { UdpElectionOptions } from './udp-election.js';
export interface TlsElectionCounters {
    datagramsIn: number;
    datagramsOut: number;
    droppedMalformed: number;
    droppedUnproven: number;
    sendDropped: number;
    linksRefused: number;
}
export declare class TlsElectionTransport<E extends {
    kind: string;
}> {
    private readonly opts;
    private readonly quorumTls;
    private readonly log;
    /** False when another transport sends (portUnification with sslQuorum=false): receive only. */
    private readonly sends;
    readonly counters: TlsElectionCounters;
    private server;
    private readonly outbound;
    private readonly inbound;
    private readonly addresses;
    private readonly now;
    private timer;
    private closed;
    constructor(opts: UdpElectionOptions<E>, quorumTls: QuorumTls, log: Logger, 
    /** False when another transport sends (portUnification with sslQuorum=false): receive only. */
    sends?: boolean);
    start(): Promise<void>;
    stats(): Record<string, number>;
    run(effects: readonly E[]): void;
    close(): Promise<void>;
    private send;
    private connect;
    private retry;
    private accepted;
}
