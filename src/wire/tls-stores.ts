/**
 * Key and trust stores as ZooKeeper configures them (`*.keyStore.*`, `*.trustStore.*`), turned
 * into what Node's TLS takes, and the protocol and cipher-suite settings in Node's terms. Shared
 * by the server (net/tls.ts) and the client library (client/client-config.ts); pure: callers
 * read the files and give the PKCS#12 cryptography.
 *
 * - PEM key store: one private key (optionally encrypted with the store password) and its
 *   certificate chain, in one file, as ZooKeeper's PEMFileLoader reads it.
 * - PEM trust store: the trusted certificates.
 * - PKCS#12 key store: handed to Node as a `pfx`. PKCS#12 trust store: its certificates.
 * - JKS: Node cannot read it; the error gives the keytool command that converts it.
 */
import { readPkcs12, type Pkcs12Crypto } from './pkcs12.js';

export type StoreKind = 'keyStore' | 'trustStore';
export type StoreFormat = 'PEM' | 'PKCS12';

export class StoreError extends Error {
  override name = 'StoreError';
}

export const JKS_HINT =
  'JKS stores cannot be read here; convert it once with: keytool -importkeystore -srckeystore store.jks -srcstoretype JKS ' +
  '-destkeystore store.p12 -deststoretype PKCS12 (docs/security.md)';

/** What one store gives Node's TLS (a subset of SecureContextOptions). */
export interface StoreOptions {
  key?: string | undefined;
  cert?: string;
  pfx?: Uint8Array;
  passphrase?: string | undefined;
  ca?: string[];
}

/** The format from the configured type, else from the file name (as ZooKeeper's KeyStoreFileType). */
export function storeFormat(location: string, type: string | undefined, typeKey: string): StoreFormat {
  const t = (type ?? formatFromName(location))?.toUpperCase();
  if (t === 'JKS') throw new StoreError(JKS_HINT);
  if (t === 'PEM' || t === 'PKCS12') return t;
  if (t === undefined) throw new StoreError(`cannot tell the store type of '${location}' from its name; set ${typeKey}=PEM or PKCS12`);
  throw new StoreError(`store type '${type}' is not supported (PEM or PKCS12)`);
}

function formatFromName(file: string): string | undefined {
  const f = file.toLowerCase();
  if (/\.(pem|crt|cer|key)$/.test(f)) return 'PEM';
  if (/\.(p12|pfx|pkcs12)$/.test(f)) return 'PKCS12';
  if (f.endsWith('.jks')) return 'JKS';
  return undefined;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

export function pemBlocks(text: string, label: RegExp): string[] {
  return [...text.matchAll(PEM_BLOCK)].filter((m) => label.test(m[1]!)).map((m) => m[0]);
}

export function storeOptions(kind: StoreKind, format: StoreFormat, bytes: Uint8Array, password: string, crypto: Pkcs12Crypto, name: string): StoreOptions {
  if (format === 'PEM') {
    const text = new TextDecoder().decode(bytes);
    const certs = pemBlocks(text, /^(X509 |TRUSTED )?CERTIFICATE$/);
    if (certs.length === 0) throw new StoreError(`'${name}' holds no PEM certificate`);
    if (kind === 'trustStore') return { ca: certs };
    const keys = pemBlocks(text, /PRIVATE KEY$/);
    if (keys.length !== 1) throw new StoreError(`'${name}' must hold exactly one PEM private key (found ${keys.length})`);
    return { key: keys[0], cert: certs.join('\n'), passphrase: password === '' ? undefined : password };
  }
  if (kind === 'keyStore') return { pfx: bytes, passphrase: password };
  let contents;
  try {
    contents = readPkcs12(bytes, password, crypto);
  } catch (e) {
    throw new StoreError(`'${name}': ${(e as Error).message}`);
  }
  if (contents.certificates.length === 0) throw new StoreError(`'${name}' holds no certificate`);
  return { ca: contents.certificates.map(derToPem) };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function derToPem(der: Uint8Array): string {
  let b64 = '';
  for (let i = 0; i < der.length; i += 3) {
    const n = (der[i]! << 16) | ((der[i + 1] ?? 0) << 8) | (der[i + 2] ?? 0);
    b64 += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < der.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < der.length ? B64[n & 63] : '=');
  }
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export const TLS13_SUITES = new Set(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256']);
const KEY_EXCHANGE: Record<string, string> = { ECDHE_ECDSA: 'ECDHE-ECDSA-', ECDHE_RSA: 'ECDHE-RSA-', DHE_RSA: 'DHE-RSA-', DHE_DSS: 'DHE-DSS-', RSA: '' };

/** A Java/IANA cipher suite name → OpenSSL's name, or undefined if it has no equivalent here. */
export function opensslCipherName(iana: string): string | undefined {
  if (TLS13_SUITES.has(iana)) return iana;
  const m = /^(?:TLS|SSL)_(ECDHE_ECDSA|ECDHE_RSA|DHE_RSA|DHE_DSS|RSA)_WITH_(.+)$/.exec(iana);
  if (!m) return undefined;
  const kx = KEY_EXCHANGE[m[1]!];
  const c = m[2]!;
  let enc: RegExpExecArray | null;
  if ((enc = /^AES_(128|256)_GCM_(SHA256|SHA384)$/.exec(c))) return `${kx}AES${enc[1]}-GCM-${enc[2]}`;
  if ((enc = /^AES_(128|256)_CBC_SHA$/.exec(c))) return `${kx}AES${enc[1]}-SHA`;
  if ((enc = /^AES_(128|256)_CBC_(SHA256|SHA384)$/.exec(c))) return `${kx}AES${enc[1]}-${enc[2]}`;
  if ((enc = /^AES_(128|256)_CCM(_8)?$/.exec(c))) return `${kx}AES${enc[1]}-CCM${enc[2] ? '8' : ''}`;
  if (c === 'CHACHA20_POLY1305_SHA256') return `${kx}CHACHA20-POLY1305`;
  return undefined;
}

export type TlsVersion = 'TLSv1.2' | 'TLSv1.3';

export interface ProtocolChoice {
  minVersion: TlsVersion;
  maxVersion: TlsVersion;
  /** OpenSSL cipher list, when suites were configured. */
  ciphers?: string;
}

/**
 * `protocol` / `enabledProtocols` / `ciphersuites` → Node's range and cipher list. As in Java,
 * protocol TLSv1.3 enables TLSv1.3 and TLSv1.2, TLSv1.2 only itself; and a suite list is the
 * whole choice: without a TLS 1.3 suite there is no TLS 1.3. `available` is what this OpenSSL
 * offers (tls.getCiphers()); an unknown or unavailable suite is an error.
 */
export function protocolChoice(
  protocol: TlsVersion,
  enabled: readonly TlsVersion[] | undefined,
  suites: readonly string[] | undefined,
  available: ReadonlySet<string>,
): ProtocolChoice {
  const on = enabled ?? (protocol === 'TLSv1.3' ? ['TLSv1.2', 'TLSv1.3'] : ['TLSv1.2']);
  let minVersion: TlsVersion = on.includes('TLSv1.2') ? 'TLSv1.2' : 'TLSv1.3';
  let maxVersion: TlsVersion = on.includes('TLSv1.3') ? 'TLSv1.3' : 'TLSv1.2';
  if (!suites) return { minVersion, maxVersion };
  const names = suites.map((s) => {
    const n = opensslCipherName(s);
    if (n === undefined || !available.has(n.toLowerCase())) throw new StoreError(`cipher suite '${s}' is not available with this Node's OpenSSL`);
    return n;
  });
  const v13 = names.filter((n) => TLS13_SUITES.has(n)).length;
  if (v13 === 0) maxVersion = 'TLSv1.2';
  if (v13 === names.length) minVersion = 'TLSv1.3';
  if (minVersion === 'TLSv1.3' && maxVersion === 'TLSv1.2') throw new StoreError('no listed cipher suite fits the enabled protocols');
  return { minVersion, maxVersion, ciphers: names.join(':') };
}
