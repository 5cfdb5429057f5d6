/**
 * What a client connection has proved about itself, and what the server asks of it:
 *
 * - x509: the subject of a verified TLS client certificate (RFC 2253, ZooKeeper's
 *   X509AuthenticationProvider), and `super` when it is `X509AuthenticationProvider.superUser`;
 * - sasl: the user of a completed DIGEST-MD5 exchange, and `super` for a `superUser`;
 * - the schemes of accepted auth packets (digest), and ip, which every connection has;
 * - enforcement (`enforce.auth.enabled` / `enforce.auth.schemes`, `sessionRequireClientSASLAuth`):
 *   a request is admitted only once one of the required schemes is proved.
 */
import { Err } from '../wire/constants.js';
import { subjectRfc2253 } from '../wire/x509-name.js';
import { DigestMd5Server, SaslAuthError } from './sasl.js';
export const NO_AUTH_SETTINGS = { saslUsers: null, saslSuperUsers: [], enforceSchemes: null, allowSaslFailedClients: false };
/** The ids a verified client certificate grants. */
export function certificateIds(certificate, settings) {
    const subject = subjectRfc2253(certificate);
    const ids = [{ scheme: 'x509', id: subject }];
    if (settings.x509SuperUser !== undefined && subject === settings.x509SuperUser)
        ids.push({ scheme: 'super', id: subject });
    return ids;
}
export class ConnectionAuth {
    settings;
    certificateIds;
    schemes = new Set(['ip']);
    sasl = null;
    constructor(settings, 
    /** Ids from the TLS client certificate, granted once the session is open. */
    certificateIds) {
        this.settings = settings;
        this.certificateIds = certificateIds;
        for (const id of certificateIds)
            this.schemes.add(id.scheme);
    }
    /** Records ids granted by an auth packet. */
    granted(ids) {
        for (const id of ids)
            this.schemes.add(id.scheme);
    }
    /** False when authentication is enforced and none of the required schemes is proved. */
    admits() {
        const required = this.settings.enforceSchemes;
        return required === null || required.some((s) => this.schemes.has(s));
    }
    get requiredSchemes() {
        return this.settings.enforceSchemes ?? [];
    }
    get provedSchemes() {
        return [...this.schemes];
    }
    get saslRequired() {
        return this.settings.enforceSchemes?.includes('sasl') ?? false;
    }
    /** One SASL token from the client (opcode sasl). */
    /** True when the server has SASL users (a JAAS Server section). */
    get saslConfigured() {
        return this.settings.saslUsers !== null;
    }
    onSaslToken(token, peer) {
        if (this.settings.saslUsers === null) {
            return this.refused(peer, 'SASL is not configured on this server (no JAAS Server section)');
        }
        this.sasl ??= new DigestMd5Server({ users: this.settings.saslUsers });
        try {
            const step = this.sasl.evaluate(token);
            if (!step.done)
                return { err: Err.OK, token: step.token, ids: [], close: false };
            const ids = [{ scheme: 'sasl', id: step.user }];
            if (this.settings.saslSuperUsers.includes(step.user))
                ids.push({ scheme: 'super', id: '' });
            this.granted(ids);
            return {
                err: Err.OK,
                token: step.token,
                ids,
                close: false,
                log: { level: 'info', message: `client ${peer} authenticated with SASL DIGEST-MD5 as '${step.user}'${ids.length > 1 ? ' (super user)' : ''}` },
            };
        }
        catch (e) {
            if (!(e instanceof SaslAuthError))
                throw e;
            return this.refused(peer, e.message);
        }
    }
    refused(peer, why) {
        if (this.settings.allowSaslFailedClients && !this.saslRequired) {
            return { err: Err.OK, token: null, ids: [], close: false, log: { level: 'warn', message: `SASL login of ${peer} failed (${why}); keeping the connection (allowSaslFailedClients)` } };
        }
        const err = this.saslRequired ? Err.SESSIONCLOSEDREQUIRESASLAUTH : Err.AUTHFAILED;
        return { err, token: null, ids: [], close: true, log: { level: 'warn', message: `SASL login of ${peer} failed: ${why}` } };
    }
}
//# sourceMappingURL=connection-auth.js.map