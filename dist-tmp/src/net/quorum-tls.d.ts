/**
 * Quorum security (`sslQuorum`, `ssl.quorum.*`, `portUnification`, `sslQuorumReloadCertFiles`):
 * mutual TLS on the quorum and election ports, and the rule that binds a link to a server id.
 *
 * A server proves it is `server.N` by a certificate that the quorum trust store verifies and,
 * with `ssl.quorum.hostnameVerification` (the default), that names the host of N's `server.N`
 * line (a DNS or IP subject alternative name, as for any TLS server). A learner claims its id in
 * FOLLOWERINFO/OBSERVERINFO, an election peer in its hello: a claim the certificate does not
 * back closes the link before the claim reaches the election or the leader. docs/security.md
 * explains the model and its limits (servers sharing a host share an identity).
 */
import { type Server, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { type LearnerMessage } from '../wire/quorum.js';
import type { Logger } from '../base/log.js';
export interface QuorumPeerHost {
    id: number;
    host: string;
}
export interface QuorumTlsSettings {
    /** `sslQuorum`: connect to peers with TLS. */
    sslQuorum: boolean;
    /** `portUnification`: accept plain-text peers as well (the rolling-upgrade window). */
    portUnification: boolean;
    hostnameVerification: boolean;
    handshakeTimeoutMs: number;
}
export declare class QuorumTls {
    readonly settings: QuorumTlsSettings;
    private readonly log;
    private options;
    private readonly servers;
    private readonly hosts;
    constructor(options: tls.SecureContextOptions, settings: QuorumTlsSettings, peers: readonly QuorumPeerHost[], log: Logger);
    /** New handshakes (both directions) use the reloaded stores; open links keep theirs. */
    reload(options: tls.SecureContextOptions): void;
    /**
     * Listens on `host:port` for peers: TLS (a verified certificate required) and, with
     * portUnification, plain text too. `what` names the port in log lines.
     */
    listen(host: string, port: number, what: string, onSocket: (s: Socket, secure: boolean) => void): Promise<Server>;
    /** Opens a TLS connection to server `sid` at `host:port`; resolves once its certificate is checked. */
    connect(sid: number, host: string, port: number): Promise<tls.TLSSocket>;
    /**
     * The check on a leader's link from a learner: its first packet must be FOLLOWERINFO or
     * OBSERVERINFO with an id its certificate backs, and it may not change its id later. A refusal
     * is logged here; the link is then closed and nothing it sent reaches the leader.
     */
    learnerGate(socket: Socket, selfId: number): (p: LearnerMessage) => boolean;
    /**
     * Why the peer on `socket` may not speak as server `sid`, or null when it may. Plain-text
     * sockets (portUnification) carry no proof and are let through: that is what the upgrade
     * window means.
     */
    refuseClaim(socket: Socket, sid: number, selfId: number): string | null;
}
