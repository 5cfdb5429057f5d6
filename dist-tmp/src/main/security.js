/**
 * Loading what the security keys name (key and trust stores, the JAAS file) at start-up, so
 * that a bad store or JAAS file is a configuration error with file, line and key, and building
 * the client ports' listeners, their TLS (with reloading) and the authentication settings.
 */
import { readFileSync } from 'node:fs';
import { digestUsers, JaasSyntaxError, parseJaas } from '../base/jaas.js';
import { ConfigError } from '../config/index.js';
import { ClientTls, plainListener, secureListener } from '../net/client-listeners.js';
import { QuorumTls } from '../net/quorum-tls.js';
import { loadTlsOptions, TlsSettingError, watchStores } from '../net/tls.js';
export const NO_SECURITY = { clientTls: null, quorumTls: null, saslUsers: null };
/** Reads and checks every store and the JAAS file; problems are ConfigErrors naming file, line and key. */
export function loadSecurity(config, configFile, lines) {
    const s = config.security;
    const located = (e) => {
        if (e instanceof TlsSettingError)
            throw new ConfigError(configFile, lines.get(e.key) ?? lineOfPrefix(lines, e.key), e.key, e.detail);
        throw e;
    };
    let clientTls = null;
    let quorumTls = null;
    try {
        if (s.secureClientPort !== undefined || s.clientPortUnification)
            clientTls = loadTlsOptions(s.ssl, 'ssl.');
        if (s.sslQuorum || s.portUnification)
            quorumTls = loadTlsOptions(s.quorumSsl, 'ssl.quorum.');
    }
    catch (e) {
        located(e);
    }
    if (s.enforceAuthEnabled && s.enforceAuthSchemes.includes('sasl') && s.jaasLoginConfig === undefined) {
        const key = ['enforce.auth.schemes', 'sessionRequireClientSASLAuth', 'requireClientAuthScheme'].find((k) => lines.has(k));
        throw new ConfigError(configFile, key === undefined ? undefined : lines.get(key), key, 'SASL is required but no JAAS file names the users (jaasLoginConfig, or -Djava.security.auth.login.config in SERVER_JVMFLAGS)');
    }
    return { clientTls, quorumTls, saslUsers: loadSaslUsers(s, configFile, lines) };
}
function lineOfPrefix(lines, key) {
    const prefix = key.slice(0, key.lastIndexOf('.') + 1);
    for (const [k, line] of lines)
        if (k.startsWith(prefix))
            return line;
    return undefined;
}
function loadSaslUsers(s, configFile, lines) {
    const file = s.jaasLoginConfig;
    if (file === undefined)
        return null;
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (e) {
        const key = lines.has('jaasLoginConfig') ? 'jaasLoginConfig' : 'java.security.auth.login.config';
        throw new ConfigError(configFile, lines.get(key), key, `cannot read the JAAS file '${file}': ${e.code ?? e.message}`);
    }
    let sections;
    try {
        sections = parseJaas(text);
    }
    catch (e) {
        if (e instanceof JaasSyntaxError)
            throw new ConfigError(file, e.line, undefined, e.detail);
        throw e;
    }
    const section = sections.find((x) => x.name === s.saslServerSection);
    if (!section) {
        throw new ConfigError(file, undefined, undefined, `no '${s.saslServerSection}' section: the server's SASL users are given as user_<name>="<password>" there`);
    }
    const users = digestUsers(section);
    if (s.saslSuperPassword !== undefined)
        users.set('super', s.saslSuperPassword);
    if (users.size === 0)
        throw new ConfigError(file, section.line, undefined, `section '${section.name}' has no user_<name>="<password>" option`);
    return users;
}
export function authSettings(s, loaded) {
    return {
        saslUsers: loaded.saslUsers,
        saslSuperUsers: s.saslSuperUsers,
        x509SuperUser: s.x509SuperUser,
        enforceSchemes: s.enforceAuthEnabled ? s.enforceAuthSchemes : null,
        allowSaslFailedClients: s.allowSaslFailedClients,
    };
}
/** The plain and/or TLS client listeners the configuration asks for. */
export function clientListeners(config, loaded, log) {
    const s = config.security;
    const listeners = [];
    let clientTls = null;
    let watcher = null;
    if (loaded.clientTls) {
        clientTls = new ClientTls(loaded.clientTls, s.ssl.clientAuth, log, Math.max(s.ssl.handshakeDetectionTimeoutMs, 10_000));
        if (s.clientCertReload) {
            const tlsOf = clientTls;
            watcher = watchStores(s.ssl, () => {
                try {
                    tlsOf.reload(loadTlsOptions(s.ssl, 'ssl.'));
                    log.info('client TLS: key and trust stores reloaded (new connections use them)');
                }
                catch (e) {
                    log.error(`client TLS: cannot reload the stores, keeping the current ones: ${e.message}`);
                }
            });
        }
    }
    if (s.plainClientPort) {
        const hint = s.secureClientPort !== undefined ? ` (TLS is served on port ${s.secureClientPort})` : '';
        const unified = s.clientPortUnification ? clientTls : null;
        const detect = unified ? s.ssl.handshakeDetectionTimeoutMs : 30_000;
        listeners.push(plainListener(config.clientPortAddress, config.clientPort, log, unified, detect, hint));
    }
    if (s.secureClientPort !== undefined && clientTls) {
        listeners.push(secureListener(s.secureClientPortAddress, s.secureClientPort, clientTls, log));
    }
    return { listeners, close: () => watcher?.close() };
}
/** The quorum's TLS (sslQuorum / portUnification), reloading its stores if asked to. */
export function quorumSecurity(config, loaded, log) {
    const s = config.security;
    if (!loaded.quorumTls)
        return { tls: null, close: () => { } };
    const tls = new QuorumTls(loaded.quorumTls, {
        sslQuorum: s.sslQuorum,
        portUnification: s.portUnification,
        hostnameVerification: s.quorumSsl.hostnameVerification,
        handshakeTimeoutMs: Math.max(s.quorumSsl.handshakeDetectionTimeoutMs, 5000),
    }, config.servers, log);
    log.info(`quorum security: ${s.sslQuorum ? 'mutual TLS to peers' : 'plain text to peers'}` +
        `${s.portUnification ? ', accepting TLS and plain text (portUnification)' : ', accepting TLS only'}` +
        `, server ids proven by ${s.quorumSsl.hostnameVerification ? 'certificate host names' : 'the trust store only (hostname verification off)'}`);
    let watcher = null;
    if (s.sslQuorumReloadCertFiles) {
        watcher = watchStores(s.quorumSsl, () => {
            try {
                tls.reload(loadTlsOptions(s.quorumSsl, 'ssl.quorum.'));
                log.info('quorum TLS: key and trust stores reloaded (new links use them)');
            }
            catch (e) {
                log.error(`quorum TLS: cannot reload the stores, keeping the current ones: ${e.message}`);
            }
        });
    }
    return { tls, close: () => watcher?.close() };
}
//# sourceMappingURL=security.js.map