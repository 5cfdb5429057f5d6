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
import { createServer } from 'node:net';
import * as tls from 'node:tls';
import { Pkt, pktName } from '../wire/quorum.js';
import { certificateHostMismatch, describePeerCertificate, detectTls, handshakeFailure } from './tls.js';
function peerOf(socket) {
    if (socket.remoteAddress === undefined)
        return 'a peer that already left';
    return `${socket.remoteAddress.replace(/^::ffff:/, '')}:${socket.remotePort}`;
}
export class QuorumTls {
    settings;
    log;
    options;
    servers = new Set();
    hosts = new Map();
    constructor(options, settings, peers, log) {
        this.settings = settings;
        this.log = log;
        this.options = options;
        for (const p of peers)
            this.hosts.set(p.id, p.host);
    }
    /** New handshakes (both directions) use the reloaded stores; open links keep theirs. */
    reload(options) {
        this.options = options;
        for (const s of this.servers)
            s.setSecureContext(options);
    }
    /**
     * Listens on `host:port` for peers: TLS (a verified certificate required) and, with
     * portUnification, plain text too. `what` names the port in log lines.
     */
    listen(host, port, what, onSocket) {
        // The certificate is judged here rather than by Node (which drops a peer silently), so that
        // every refusal is logged with the peer and the reason.
        const tlsServer = tls.createServer({ ...this.options, requestCert: true, rejectUnauthorized: false, handshakeTimeout: this.settings.handshakeTimeoutMs });
        this.servers.add(tlsServer);
        tlsServer.on('secureConnection', (s) => {
            const cert = s.getPeerCertificate();
            if (!cert || Object.keys(cert).length === 0) {
                this.log.warn(`${what}: refusing ${peerOf(s)}: no certificate`);
                return void s.destroy();
            }
            if (!s.authorized) {
                this.log.warn(`${what}: refusing ${peerOf(s)}: its certificate does not verify (${String(s.authorizationError)}; ${describePeerCertificate(s)})`);
                return void s.destroy();
            }
            onSocket(s, true);
        });
        tlsServer.on('tlsClientError', (err, s) => {
            this.log.warn(`${what}: TLS handshake with ${peerOf(s)} failed: ${handshakeFailure(err)}`);
            s.destroy();
        });
        tlsServer.on('close', () => this.servers.delete(tlsServer));
        const unified = this.settings.portUnification;
        const server = unified
            ? createServer((socket) => {
                void detectTls(socket, this.settings.handshakeTimeoutMs).then((kind) => {
                    if (kind === 'closed')
                        return void socket.destroy();
                    if (kind === 'tls')
                        tlsServer.emit('connection', socket);
                    else
                        onSocket(socket, false);
                    socket.resume();
                });
            })
            : tlsServer;
        if (unified)
            server.on('close', () => this.servers.delete(tlsServer));
        return new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen({ host, port }, () => {
                server.off('error', reject);
                server.on('error', (e) => this.log.error(`${what}: ${e.message}`));
                resolve(server);
            });
        });
    }
    /** Opens a TLS connection to server `sid` at `host:port`; resolves once its certificate is checked. */
    connect(sid, host, port) {
        return new Promise((resolve, reject) => {
            const verify = this.settings.hostnameVerification;
            const s = tls.connect({
                ...this.options,
                host,
                port,
                servername: /^[0-9.]+$|:/.test(host) ? undefined : host,
                checkServerIdentity: (name, cert) => (verify ? tls.checkServerIdentity(this.hosts.get(sid) ?? name, cert) : undefined),
            });
            s.once('secureConnect', () => {
                s.removeAllListeners('error');
                s.on('error', () => { });
                resolve(s);
            });
            s.once('error', (e) => {
                s.destroy();
                reject(e);
            });
        });
    }
    /**
     * The check on a leader's link from a learner: its first packet must be FOLLOWERINFO or
     * OBSERVERINFO with an id its certificate backs, and it may not change its id later. A refusal
     * is logged here; the link is then closed and nothing it sent reaches the leader.
     */
    learnerGate(socket, selfId) {
        let claimed = null;
        return (p) => {
            if (p.type !== Pkt.FOLLOWERINFO && p.type !== Pkt.OBSERVERINFO) {
                if (claimed !== null)
                    return true;
                this.log.warn(`quorum port: refusing ${peerOf(socket)}: it sent ${pktName(p.type)} before saying which server it is`);
                return false;
            }
            const sid = p.sid;
            const why = claimed !== null && claimed !== sid ? `it said it was server ${claimed}, now ${sid}` : this.refuseClaim(socket, sid, selfId);
            if (why !== null) {
                this.log.warn(`quorum port: refusing ${peerOf(socket)} as server ${sid}: ${why}`);
                return false;
            }
            claimed = sid;
            return true;
        };
    }
    /**
     * Why the peer on `socket` may not speak as server `sid`, or null when it may. Plain-text
     * sockets (portUnification) carry no proof and are let through: that is what the upgrade
     * window means.
     */
    refuseClaim(socket, sid, selfId) {
        const host = this.hosts.get(sid);
        if (host === undefined)
            return `server id ${sid} is not in the configuration`;
        if (sid === selfId)
            return `it claims to be this server (${sid})`;
        if (!(socket instanceof tls.TLSSocket))
            return null;
        if (!this.settings.hostnameVerification)
            return null;
        const mismatch = certificateHostMismatch(socket, host);
        return mismatch === null ? null : `its certificate does not prove it is server.${sid} at ${host}: ${mismatch} (${describePeerCertificate(socket)})`;
    }
}
//# sourceMappingURL=quorum-tls.js.map