/**
 * The security keys of zoo.cfg, named as ZooKeeper names them so that existing files carry
 * over: the secure client port, `ssl.*` (client TLS), `ssl.quorum.*` with `sslQuorum`
 * (quorum TLS), x509 and SASL authentication, and authentication enforcement. ZooKeeper turns
 * unknown zoo.cfg keys into `zookeeper.<key>` system properties; the ones that are really
 * system properties (authProvider.N, superUser, ...) are read here under that zoo.cfg name.
 * Pure: files named here are read by main/. docs/security.md describes every key.
 */
import type { PropertyEntry } from './properties.js';

export type ClientAuthMode = 'none' | 'want' | 'need';
export type StoreType = 'PEM' | 'PKCS12' | 'JKS';

export interface StoreSettings {
  location: string;
  /** Empty when not set (ZooKeeper's default). */
  password: string;
  /** `*.passwordPath`: a file whose content is the password; wins over `password`. */
  passwordPath?: string | undefined;
  /** Undefined: from the file name (.pem, .p12/.pfx/.pkcs12, .jks), as ZooKeeper does. */
  type?: StoreType;
}

export interface TlsSettings {
  keyStore?: StoreSettings | undefined;
  trustStore?: StoreSettings | undefined;
  /** `protocol`: TLSv1.3 (default: TLSv1.3 and TLSv1.2 enabled) or TLSv1.2 (only TLSv1.2). */
  protocol: 'TLSv1.2' | 'TLSv1.3';
  /** `enabledProtocols`, when given. */
  enabledProtocols?: Array<'TLSv1.2' | 'TLSv1.3'>;
  /** `ciphersuites`: IANA/Java names (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256). */
  cipherSuites?: string[];
  /** `clientAuth`; ZooKeeper's default is need. */
  clientAuth: ClientAuthMode;
  /** `hostnameVerification`; default true. */
  hostnameVerification: boolean;
  /** `handshakeDetectionTimeoutMillis`: how long port unification waits for the first byte. */
  handshakeDetectionTimeoutMs: number;
}

export interface SecurityConfig {
  /** `secureClientPort`: the TLS client port, if any. */
  secureClientPort?: number;
  /** `secureClientPortAddress`; default 0.0.0.0. */
  secureClientPortAddress: string;
  /** False when only `secureClientPort` is configured (no clientPort): TLS only, as ZooKeeper. */
  plainClientPort: boolean;
  /** `client.portUnification`: the plain client port also accepts TLS. */
  clientPortUnification: boolean;
  /** `client.certReload`: reload ssl.keyStore / ssl.trustStore when their files change. */
  clientCertReload: boolean;
  /** `ssl.*`: the client ports. */
  ssl: TlsSettings;
  /** `ssl.quorum.*`: the quorum and election ports. */
  quorumSsl: TlsSettings;
  /** `sslQuorum`: mutual TLS between servers. */
  sslQuorum: boolean;
  /** `portUnification`: quorum and election ports accept TLS and plain text (rolling upgrade). */
  portUnification: boolean;
  /** `sslQuorumReloadCertFiles`: reload ssl.quorum stores when their files change. */
  sslQuorumReloadCertFiles: boolean;
  /** `X509AuthenticationProvider.superUser`: this certificate subject is a super user. */
  x509SuperUser?: string;
  /** `superUser` and `superUser.*`: SASL users that are super users. */
  saslSuperUsers: string[];
  /** `SASLAuthenticationProvider.superPassword`: the password of SASL user `super`. */
  saslSuperPassword?: string;
  /** `jaasLoginConfig` / `java.security.auth.login.config`: the JAAS file with the SASL users. */
  jaasLoginConfig?: string | undefined;
  /** `sasl.serverconfig`: the JAAS section with the server's users; default Server. */
  saslServerSection: string;
  /** `enforce.auth.enabled` (or `sessionRequireClientSASLAuth`, `requireClientAuthScheme=sasl`). */
  enforceAuthEnabled: boolean;
  /** `enforce.auth.schemes`: a request needs an id of one of these schemes. */
  enforceAuthSchemes: string[];
  /** Schemes named by `authProvider.*` keys. */
  authProviderSchemes: string[];
  /** `allowSaslFailedClients`: keep a client whose SASL login failed (not with sasl enforced). */
  allowSaslFailedClients: boolean;
}

export function defaultTlsSettings(): TlsSettings {
  return { protocol: 'TLSv1.3', clientAuth: 'need', hostnameVerification: true, handshakeDetectionTimeoutMs: 5000 };
}

export function defaultSecurityConfig(): SecurityConfig {
  return {
    secureClientPortAddress: '0.0.0.0',
    plainClientPort: true,
    clientPortUnification: false,
    clientCertReload: false,
    ssl: defaultTlsSettings(),
    quorumSsl: defaultTlsSettings(),
    sslQuorum: false,
    portUnification: false,
    sslQuorumReloadCertFiles: false,
    saslSuperUsers: [],
    saslServerSection: 'Server',
    enforceAuthEnabled: false,
    enforceAuthSchemes: [],
    authProviderSchemes: [],
    allowSaslFailedClients: false,
  };
}

/** The auth provider classes we implement, by the scheme they serve. */
const PROVIDERS: Record<string, string> = {
  'org.apache.zookeeper.server.auth.X509AuthenticationProvider': 'x509',
  'org.apache.zookeeper.server.auth.SASLAuthenticationProvider': 'sasl',
  'org.apache.zookeeper.server.auth.DigestAuthenticationProvider': 'digest',
  'org.apache.zookeeper.server.auth.IPAuthenticationProvider': 'ip',
};
export const KNOWN_AUTH_SCHEMES = new Set(['ip', 'digest', 'sasl', 'x509']);

const STORE_FIELDS = ['location', 'password', 'passwordPath', 'type'];
const TLS_FIELDS = [
  ...STORE_FIELDS.flatMap((f) => [`keyStore.${f}`, `trustStore.${f}`]),
  'protocol', 'enabledProtocols', 'ciphersuites', 'clientAuth', 'hostnameVerification', 'handshakeDetectionTimeoutMillis',
];
/** Accepted and ignored with a warning: features we do not implement. */
const TLS_UNSUPPORTED = ['crl', 'ocsp', 'context.supplier.class', 'sslProvider', 'clientHostnameVerification', 'fips-mode'];

const SECURITY_KEYS = new Set([
  'secureClientPort', 'secureClientPortAddress', 'client.portUnification', 'client.certReload',
  'sslQuorum', 'portUnification', 'sslQuorumReloadCertFiles',
  'ssl.authProvider', 'X509AuthenticationProvider.superUser', 'SASLAuthenticationProvider.superPassword',
  'jaasLoginConfig', 'java.security.auth.login.config', 'sasl.serverconfig',
  'enforce.auth.enabled', 'enforce.auth.schemes', 'sessionRequireClientSASLAuth', 'requireClientAuthScheme',
  'allowSaslFailedClients', 'serverCnxnFactory',
  ...TLS_FIELDS.map((f) => `ssl.${f}`),
  ...TLS_FIELDS.map((f) => `ssl.quorum.${f}`),
  ...TLS_UNSUPPORTED.map((f) => `ssl.${f}`),
  ...TLS_UNSUPPORTED.map((f) => `ssl.quorum.${f}`),
]);

export function isSecurityKey(key: string): boolean {
  return SECURITY_KEYS.has(key) || /^authProvider\.[^.]+$/.test(key) || /^superUser(\.[^.]+)?$/.test(key);
}

export interface SecurityParseContext {
  fail(e: PropertyEntry, msg: string): never;
  warn(e: PropertyEntry, msg: string): void;
  port(e: PropertyEntry): number;
  bool(e: PropertyEntry): boolean;
  host(e: PropertyEntry, value: string): string;
}

/**
 * Interprets the security entries (last occurrence of each key, in line order) into a
 * SecurityConfig. `clientPortLine` says whether clientPort was given explicitly.
 */
export function parseSecurity(entries: readonly PropertyEntry[], ctx: SecurityParseContext, clientPortSet: boolean): SecurityConfig {
  const s = defaultSecurityConfig();
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const nonEmpty = (e: PropertyEntry, what: string): string => {
    if (e.value === '') ctx.fail(e, `expected ${what}, got an empty value`);
    return e.value;
  };
  let requireSasl = false;
  let sessionRequireSasl = false;
  for (const e of entries) {
    const key = e.key;
    if (key.startsWith('ssl.quorum.')) tlsField(e, key.slice('ssl.quorum.'.length), s.quorumSsl, ctx);
    else if (key.startsWith('ssl.') && key !== 'ssl.authProvider') tlsField(e, key.slice('ssl.'.length), s.ssl, ctx);
    else if (key.startsWith('authProvider.')) {
      const scheme = PROVIDERS[e.value];
      if (scheme === undefined) ctx.warn(e, `auth provider class '${e.value}' is not available here (only ${Object.keys(PROVIDERS).join(', ')}); ignored`);
      else if (key !== `authProvider.${scheme}` && !/^authProvider\.[0-9]+$/.test(key)) ctx.warn(e, `the provider serves scheme '${scheme}'`);
      if (scheme !== undefined) s.authProviderSchemes.push(scheme);
    } else if (key === 'superUser' || key.startsWith('superUser.')) s.saslSuperUsers.push(nonEmpty(e, 'a SASL user name'));
    else {
      switch (key) {
        case 'secureClientPort': s.secureClientPort = ctx.port(e); break;
        case 'secureClientPortAddress': s.secureClientPortAddress = ctx.host(e, e.value); break;
        case 'client.portUnification': s.clientPortUnification = ctx.bool(e); break;
        case 'client.certReload': s.clientCertReload = ctx.bool(e); break;
        case 'sslQuorum': s.sslQuorum = ctx.bool(e); break;
        case 'portUnification': s.portUnification = ctx.bool(e); break;
        case 'sslQuorumReloadCertFiles': s.sslQuorumReloadCertFiles = ctx.bool(e); break;
        case 'ssl.authProvider':
          if (e.value !== 'x509') ctx.fail(e, `only the x509 provider authenticates TLS clients here, got '${e.value}'`);
          break;
        case 'X509AuthenticationProvider.superUser': s.x509SuperUser = nonEmpty(e, 'a certificate subject (RFC 2253)'); break;
        case 'SASLAuthenticationProvider.superPassword': s.saslSuperPassword = e.value; break;
        case 'jaasLoginConfig':
        case 'java.security.auth.login.config':
          s.jaasLoginConfig = nonEmpty(e, 'a JAAS file path');
          break;
        case 'sasl.serverconfig': s.saslServerSection = nonEmpty(e, 'a JAAS section name'); break;
        case 'enforce.auth.enabled': s.enforceAuthEnabled = ctx.bool(e); break;
        case 'enforce.auth.schemes':
          s.enforceAuthSchemes = e.value.split(',').map((x) => x.trim()).filter((x) => x !== '');
          for (const scheme of s.enforceAuthSchemes) {
            if (!KNOWN_AUTH_SCHEMES.has(scheme)) ctx.fail(e, `authentication scheme '${scheme}' is not available (known: ${[...KNOWN_AUTH_SCHEMES].join(', ')})`);
          }
          break;
        case 'sessionRequireClientSASLAuth': sessionRequireSasl = ctx.bool(e); break;
        case 'requireClientAuthScheme':
          if (e.value !== 'sasl') ctx.fail(e, `expected sasl, got '${e.value}'`);
          requireSasl = true;
          break;
        case 'allowSaslFailedClients': s.allowSaslFailedClients = ctx.bool(e); break;
        case 'serverCnxnFactory':
          if (!/^org\.apache\.zookeeper\.server\.(Netty|NIO)ServerCnxnFactory$/.test(e.value)) ctx.warn(e, `unknown factory '${e.value}', ignored`);
          break;
      }
    }
  }

  // As ZooKeeper's AuthenticationHelper: sessionRequireClientSASLAuth replaces the enforce.* keys.
  if (sessionRequireSasl || requireSasl) {
    s.enforceAuthEnabled = true;
    s.enforceAuthSchemes = ['sasl'];
  } else if (s.enforceAuthEnabled && s.enforceAuthSchemes.length === 0) {
    ctx.fail(byKey.get('enforce.auth.enabled')!, 'enforce.auth.enabled=true needs enforce.auth.schemes');
  }
  if (s.secureClientPort === undefined && byKey.has('secureClientPortAddress')) {
    ctx.fail(byKey.get('secureClientPortAddress')!, 'secureClientPortAddress is set but secureClientPort is not');
  }
  s.plainClientPort = clientPortSet || s.secureClientPort === undefined;
  const clientTls = s.secureClientPort !== undefined || s.clientPortUnification;
  if (clientTls && s.ssl.keyStore === undefined) {
    const e = byKey.get('secureClientPort') ?? byKey.get('client.portUnification')!;
    ctx.fail(e, 'TLS on the client port needs ssl.keyStore.location');
  }
  if (clientTls && s.ssl.clientAuth !== 'none' && s.ssl.trustStore === undefined) {
    const e = byKey.get('secureClientPort') ?? byKey.get('client.portUnification')!;
    ctx.warn(e, `ssl.clientAuth=${s.ssl.clientAuth} without ssl.trustStore.location: client certificates are checked against the system's CAs`);
  }
  for (const [prefix, t] of [['ssl.', s.ssl], ['ssl.quorum.', s.quorumSsl]] as const) {
    for (const which of ['keyStore', 'trustStore'] as const) {
      const st = t[which];
      if (st && st.location === '') {
        const e = entries.find((x) => x.key.startsWith(`${prefix}${which}.`))!;
        ctx.fail(e, `${prefix}${which}.location is not set`);
      }
    }
  }
  if (s.sslQuorum || s.portUnification) {
    const e = byKey.get('sslQuorum') ?? byKey.get('portUnification')!;
    if (s.quorumSsl.keyStore === undefined) ctx.fail(e, 'quorum TLS needs ssl.quorum.keyStore.location');
    if (s.quorumSsl.trustStore === undefined) ctx.fail(e, 'quorum TLS needs ssl.quorum.trustStore.location');
    const auth = byKey.get('ssl.quorum.clientAuth');
    if (auth && s.quorumSsl.clientAuth !== 'need') {
      ctx.warn(auth, 'servers always prove who they are with a certificate here: treated as need');
    }
    s.quorumSsl.clientAuth = 'need';
  }
  return s;
}

function tlsField(e: PropertyEntry, field: string, t: TlsSettings, ctx: SecurityParseContext): void {
  const store = (which: 'keyStore' | 'trustStore'): StoreSettings => (t[which] ??= { location: '', password: '' });
  const [head, tail] = field.split('.', 2) as [string, string | undefined];
  if ((head === 'keyStore' || head === 'trustStore') && tail !== undefined) {
    const st = store(head);
    switch (tail) {
      case 'location':
        if (e.value === '') ctx.fail(e, 'expected a file path, got an empty value');
        st.location = e.value;
        return;
      case 'password':
        st.password = e.value;
        return;
      case 'passwordPath':
        if (e.value === '') ctx.fail(e, 'expected a file path, got an empty value');
        st.passwordPath = e.value;
        return;
      case 'type': {
        const v = e.value.toUpperCase();
        if (v === 'PEM' || v === 'PKCS12' || v === 'JKS') st.type = v;
        else if (v === 'BCFKS') ctx.fail(e, 'BCFKS stores are not supported; convert to PKCS12 or PEM (docs/security.md)');
        else ctx.fail(e, `expected PEM, PKCS12 or JKS, got '${e.value}'`);
        if (v === 'JKS') {
          ctx.fail(e, 'JKS stores cannot be read here; convert with: keytool -importkeystore -srckeystore store.jks -srcstoretype JKS -destkeystore store.p12 -deststoretype PKCS12');
        }
        return;
      }
    }
  }
  const protocol = (v: string): 'TLSv1.2' | 'TLSv1.3' => {
    if (v === 'TLSv1.2' || v === 'TLSv1.3') return v;
    if (v === 'TLS') return 'TLSv1.3';
    return ctx.fail(e, `expected TLSv1.2 or TLSv1.3 (older protocols are not offered), got '${v}'`);
  };
  switch (field) {
    case 'protocol':
      t.protocol = protocol(e.value);
      return;
    case 'enabledProtocols':
      t.enabledProtocols = e.value.split(',').map((x) => protocol(x.trim()));
      return;
    case 'ciphersuites':
      t.cipherSuites = e.value.split(',').map((x) => x.trim()).filter((x) => x !== '');
      if (t.cipherSuites.length === 0) ctx.fail(e, 'expected a comma-separated list of cipher suites');
      return;
    case 'clientAuth': {
      const v = e.value.toLowerCase();
      if (v === '') t.clientAuth = 'need';
      else if (v === 'none' || v === 'want' || v === 'need') t.clientAuth = v;
      else ctx.fail(e, `expected none, want or need, got '${e.value}'`);
      return;
    }
    case 'hostnameVerification':
      t.hostnameVerification = ctx.bool(e);
      return;
    case 'handshakeDetectionTimeoutMillis': {
      const n = /^[0-9]+$/.test(e.value) ? Number(e.value) : NaN;
      if (!(n >= 1 && n <= 0x7fffffff)) ctx.fail(e, `expected a positive integer, got '${e.value}'`);
      t.handshakeDetectionTimeoutMs = n;
      return;
    }
    default:
      if (e.value.toLowerCase() === 'false' || e.value === '') return;
      ctx.warn(e, 'not supported here, ignored');
  }
}

/**
 * The ACL schemes this server has a provider for beyond digest and ip, as ZooKeeper registers
 * them: x509 with a TLS client port (its secure port registers the x509 provider) or an
 * authProvider key; sasl with a SASL configuration (a JAAS file) or an authProvider key. An ACL
 * naming another scheme is INVALIDACL.
 */
export function aclSchemes(s: SecurityConfig): string[] {
  const out: string[] = [];
  if (s.secureClientPort !== undefined || s.clientPortUnification || s.authProviderSchemes.includes('x509')) out.push('x509');
  if (s.jaasLoginConfig !== undefined || s.authProviderSchemes.includes('sasl')) out.push('sasl');
  return out;
}
