/**
 * Which transport carries the election: UDP datagrams (optionally with the `electionKey` HMAC),
 * or, with quorum TLS, mutual-TLS connections on the election port (tls-election.ts). During a
 * rolling upgrade (`portUnification=true`) a server listens on both and sends on the one
 * `sslQuorum` picks, so that upgraded and not yet upgraded servers hear each other.
 */
import type { Logger } from '../base/log.js';
import type { QuorumTls } from './quorum-tls.js';
import { type UdpElectionOptions } from './udp-election.js';
export interface ElectionTransport<E extends {
    kind: string;
}> {
    start(): Promise<void>;
    run(effects: readonly E[]): void;
    stats(): Record<string, number>;
    close(): Promise<void>;
}
export declare function createElectionTransport<E extends {
    kind: string;
}>(opts: UdpElectionOptions<E>, quorumTls: QuorumTls | null | undefined, log: Logger): ElectionTransport<E>;
