/**
 * The sockets of the client ports: the plain `clientPort` (optionally unified: it also accepts
 * TLS, `client.portUnification`) and the TLS `secureClientPort`. They hand accepted sockets to
 * the client server with what TLS established (the client certificate, if one was verified);
 * every refusal (a plain client on the TLS port, a TLS client on the plain port, a failed or
 * untrusted handshake) is a log line naming the peer, and costs nothing else.
 */
import { createServer } from 'node:net';
import * as tls from 'node:tls';
import { describePeerCertificate, detectTls, handshakeFailure } from './tls.js';
function peerOf(socket) {
    if (socket.remoteAddress === undefined)
        return 'a client that already left';
    return `${socket.remoteAddress.replace(/^::ffff:/, '')}:${socket.remotePort}`;
}
/**
 * The TLS side of the client ports: one TLS server that runs every handshake, whether the
 * socket came in on the secure port or was recognised as TLS on a unified plain port.
 */
export class ClientTls {
    clientAuth;
    log;
    server;
    onClient = null;
    constructor(options, clientAuth, log, handshakeTimeoutMs) {
        this.clientAuth = clientAuth;
        this.log = log;
        // Certificates are judged in secured(), not by Node (which would drop a client silently),
        // so that every refusal is logged with the client and the reason.
        this.server = tls.createServer({
            ...options,
            requestCert: clientAuth !== 'none',
            rejectUnauthorized: false,
            handshakeTimeout: handshakeTimeoutMs,
        });
        this.server.on('secureConnection', (s) => this.secured(s));
        this.server.on('tlsClientError', (err, s) => {
            this.log.warn(`TLS handshake with client ${peerOf(s)} failed: ${handshakeFailure(err)}`);
            s.destroy();
        });
    }
    setTarget(onClient) {
        this.onClient = onClient;
    }
    /** Runs a TLS handshake on a socket accepted elsewhere (a unified port). */
    handshake(socket) {
        this.server.emit('connection', socket);
    }
    /** New handshakes use the new stores; established connections keep theirs. */
    reload(options) {
        this.server.setSecureContext(options);
    }
    secured(s) {
        const cert = s.getPeerCertificate();
        const presented = cert !== null && cert !== undefined && Object.keys(cert).length > 0;
        if (presented && !s.authorized) {
            // Even with ssl.clientAuth=want, where no certificate is fine, an untrusted one is not.
            this.log.warn(`refusing TLS client ${peerOf(s)}: its certificate does not verify (${String(s.authorizationError)}; ${describePeerCertificate(s)})`);
            s.destroy();
            return;
        }
        if (this.clientAuth === 'need' && !presented) {
            this.log.warn(`refusing TLS client ${peerOf(s)}: no client certificate (ssl.clientAuth=need)`);
            s.destroy();
            return;
        }
        if (!this.onClient)
            return void s.destroy();
        this.onClient({ socket: s, secure: true, certificate: presented ? new Uint8Array(cert.raw) : null });
    }
}
/** The plain client port; with `unified`, TLS clients are recognised and handed to it. */
export function plainListener(host, port, log, unified, detectTimeoutMs, secureHint) {
    let server = null;
    return {
        kind: 'plain',
        listen(onClient) {
            unified?.setTarget(onClient);
            return new Promise((resolve, reject) => {
                const s = createServer((socket) => {
                    void detectTls(socket, detectTimeoutMs).then((kind) => {
                        if (kind === 'closed')
                            return void socket.destroy();
                        if (kind === 'tls') {
                            if (unified) {
                                unified.handshake(socket);
                                socket.resume();
                                return;
                            }
                            log.warn(`refusing client ${peerOf(socket)}: it speaks TLS to the plain client port${secureHint}`);
                            return void socket.destroy();
                        }
                        onClient({ socket, secure: false, certificate: null });
                        socket.resume();
                    });
                });
                s.once('error', reject);
                s.listen({ host, port, backlog: 511 }, () => {
                    s.off('error', reject);
                    s.on('error', (e) => log.error(`client port: ${e.message}`));
                    const addr = s.address();
                    resolve({ host, port: typeof addr === 'object' && addr ? addr.port : port });
                });
                server = s;
            });
        },
        close() {
            return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
        },
    };
}
/** The secure client port (`secureClientPort`): TLS only. */
export function secureListener(host, port, clientTls, log) {
    let listening = false;
    return {
        kind: 'tls',
        listen(onClient) {
            clientTls.setTarget(onClient);
            return new Promise((resolve, reject) => {
                const s = clientTls.server;
                s.once('error', reject);
                s.listen({ host, port, backlog: 511 }, () => {
                    s.off('error', reject);
                    s.on('error', (e) => log.error(`secure client port: ${e.message}`));
                    listening = true;
                    const addr = s.address();
                    resolve({ host, port: typeof addr === 'object' && addr ? addr.port : port });
                });
            });
        },
        close() {
            return new Promise((resolve) => (listening ? clientTls.server.close(() => resolve()) : resolve()));
        },
    };
}
//# sourceMappingURL=client-listeners.js.map