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
import type { Id } from '../wire/records.js';
import { subjectRfc2253 } from '../wire/x509-name.js';
import { DigestMd5Server, SaslAuthError } from './sasl.js';

export interface AuthSettings {
  /** DIGEST-MD5 users (user → password); null when no JAAS Server section is configured. */
  saslUsers: ReadonlyMap<string, string> | null;
  saslSuperUsers: readonly string[];
  x509SuperUser?: string | undefined;
  /** Schemes one of which a connection must prove before any request; null: not enforced. */
  enforceSchemes: readonly string[] | null;
  allowSaslFailedClients: boolean;
}

export const NO_AUTH_SETTINGS: AuthSettings = { saslUsers: null, saslSuperUsers: [], enforceSchemes: null, allowSaslFailedClients: false };

/** The ids a verified client certificate grants. */
export function certificateIds(certificate: Uint8Array, settings: AuthSettings): Id[] {
  const subject = subjectRfc2253(certificate);
  const ids: Id[] = [{ scheme: 'x509', id: subject }];
  if (settings.x509SuperUser !== undefined && subject === settings.x509SuperUser) ids.push({ scheme: 'super', id: subject });
  return ids;
}

export interface SaslOutcome {
  /** The reply's error code: 0, AUTHFAILED or SESSIONCLOSEDREQUIRESASLAUTH. */
  err: number;
  token: Uint8Array | null;
  /** Ids to grant (when the exchange completed). */
  ids: Id[];
  /** Close the connection after the reply. */
  close: boolean;
  /** For the server's log. */
  log?: { level: 'info' | 'warn'; message: string };
}

export class ConnectionAuth {
  private readonly schemes = new Set<string>(['ip']);
  private sasl: DigestMd5Server | null = null;

  constructor(
    private readonly settings: AuthSettings,
    /** Ids from the TLS client certificate, granted once the session is open. */
    readonly certificateIds: readonly Id[],
  ) {
    for (const id of certificateIds) this.schemes.add(id.scheme);
  }

  /** Records ids granted by an auth packet. */
  granted(ids: readonly Id[]): void {
    for (const id of ids) this.schemes.add(id.scheme);
  }

  /** False when authentication is enforced and none of the required schemes is proved. */
  admits(): boolean {
    const required = this.settings.enforceSchemes;
    return required === null || required.some((s) => this.schemes.has(s));
  }

  get requiredSchemes(): readonly string[] {
    return this.settings.enforceSchemes ?? [];
  }

  get provedSchemes(): string[] {
    return [...this.schemes];
  }

  private get saslRequired(): boolean {
    return this.settings.enforceSchemes?.includes('sasl') ?? false;
  }

  /** One SASL token from the client (opcode sasl). */
  /** True when the server has SASL users (a JAAS Server section). */
  get saslConfigured(): boolean {
    return this.settings.saslUsers !== null;
  }

  onSaslToken(token: Uint8Array, peer: string): SaslOutcome {
    if (this.settings.saslUsers === null) {
      return this.refused(peer, 'SASL is not configured on this server (no JAAS Server section)');
    }
    this.sasl ??= new DigestMd5Server({ users: this.settings.saslUsers });
    try {
      const step = this.sasl.evaluate(token);
      if (!step.done) return { err: Err.OK, token: step.token, ids: [], close: false };
      const ids: Id[] = [{ scheme: 'sasl', id: step.user }];
      if (this.settings.saslSuperUsers.includes(step.user)) ids.push({ scheme: 'super', id: '' });
      this.granted(ids);
      return {
        err: Err.OK,
        token: step.token,
        ids,
        close: false,
        log: { level: 'info', message: `client ${peer} authenticated with SASL DIGEST-MD5 as '${step.user}'${ids.length > 1 ? ' (super user)' : ''}` },
      };
    } catch (e) {
      if (!(e instanceof SaslAuthError)) throw e;
      return this.refused(peer, e.message);
    }
  }

  private refused(peer: string, why: string): SaslOutcome {
    if (this.settings.allowSaslFailedClients && !this.saslRequired) {
      return { err: Err.OK, token: null, ids: [], close: false, log: { level: 'warn', message: `SASL login of ${peer} failed (${why}); keeping the connection (allowSaslFailedClients)` } };
    }
    const err = this.saslRequired ? Err.SESSIONCLOSEDREQUIRESASLAUTH : Err.AUTHFAILED;
    return { err, token: null, ids: [], close: true, log: { level: 'warn', message: `SASL login of ${peer} failed: ${why}` } };
  }
}
