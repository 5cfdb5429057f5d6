/**
 * TLS settings → Node's TLS options, for the client ports (`ssl.*`) and the quorum
 * (`ssl.quorum.*`): key and trust stores in PEM or PKCS#12 (JKS must be converted: Node cannot
 * read it), protocols, cipher suites by their Java/IANA names, and reloading the stores when
 * their files change (`client.certReload`, `sslQuorumReloadCertFiles`). Also the helpers both
 * sides share: telling TLS from plain text on a unified port, and checking that a peer's
 * certificate names a host.
 */
import { createDecipheriv, createHash, createHmac, pbkdf2Sync, X509Certificate } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import * as tls from 'node:tls';
import type { Socket } from 'node:net';
import type { Pkcs12Crypto } from '../wire/pkcs12.js';
import { protocolChoice, storeFormat, storeOptions, StoreError, type StoreKind } from '../wire/tls-stores.js';

/** The parts of config/security.ts this module reads (net does not import config). */
export interface StoreSpec {
  location: string;
  password: string;
  passwordPath?: string | undefined;
  type?: 'PEM' | 'PKCS12' | 'JKS';
}

export interface TlsSpec {
  keyStore?: StoreSpec | undefined;
  trustStore?: StoreSpec | undefined;
  protocol: 'TLSv1.2' | 'TLSv1.3';
  enabledProtocols?: Array<'TLSv1.2' | 'TLSv1.3'>;
  cipherSuites?: string[];
  clientAuth: 'none' | 'want' | 'need';
  hostnameVerification: boolean;
  handshakeDetectionTimeoutMs: number;
}

/** A problem with a TLS setting, naming the zoo.cfg key (main/ turns it into file:line:key). */
export class TlsSettingError extends Error {
  override name = 'TlsSettingError';
  constructor(readonly key: string, readonly detail: string) {
    super(`${key}: ${detail}`);
  }
}

export const nodePkcs12Crypto: Pkcs12Crypto = {
  pbkdf2: (password, salt, iterations, keyLength, hash) => pbkdf2Sync(password, salt, iterations, keyLength, hash),
  decrypt: (cipher, key, iv, data) => {
    const d = createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  },
  hmac: (hash, key, data) => createHmac(hash, key).update(data).digest(),
  digest: (hash, data) => createHash(hash).update(data).digest(),
};

function readOrFail(file: string, key: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new TlsSettingError(key, `cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The TLS options one store contributes (key + cert chain, or trusted CAs). */
export function loadStore(spec: StoreSpec, kind: StoreKind, prefix: string): tls.SecureContextOptions {
  const key = `${prefix}${kind}.location`;
  try {
    const format = storeFormat(spec.location, spec.type, `${prefix}${kind}.type`);
    const bytes = readOrFail(spec.location, key);
    const password = spec.passwordPath === undefined ? spec.password : readOrFail(spec.passwordPath, `${prefix}${kind}.passwordPath`).toString('utf8').trim();
    const o = storeOptions(kind, format, bytes, password, nodePkcs12Crypto, spec.location);
    const { pfx, ...rest } = o;
    return pfx ? { ...rest, pfx: Buffer.from(pfx) } : rest;
  } catch (e) {
    if (e instanceof StoreError) throw new TlsSettingError(key, e.message);
    throw e;
  }
}

/** Protocols and ciphers as Node options. */
export function protocolOptions(spec: TlsSpec, prefix: string): tls.SecureContextOptions {
  try {
    return protocolChoice(spec.protocol, spec.enabledProtocols, spec.cipherSuites, new Set(tls.getCiphers()));
  } catch (e) {
    if (e instanceof StoreError) throw new TlsSettingError(`${prefix}ciphersuites`, e.message);
    throw e;
  }
}

/** Every TLS option of one side (server or client): stores, protocols, ciphers. Validated. */
export function loadTlsOptions(spec: TlsSpec, prefix: 'ssl.' | 'ssl.quorum.'): tls.SecureContextOptions {
  const options: tls.SecureContextOptions = {
    ...protocolOptions(spec, prefix),
    ...(spec.keyStore ? loadStore(spec.keyStore, 'keyStore', prefix) : {}),
    ...(spec.trustStore ? loadStore(spec.trustStore, 'trustStore', prefix) : {}),
  };
  try {
    tls.createSecureContext(options);
  } catch (e) {
    const which = spec.keyStore ? 'keyStore' : 'trustStore';
    throw new TlsSettingError(`${prefix}${which}.location`, `the stores do not load: ${(e as Error).message} (wrong password?)`);
  }
  return options;
}

/** The files whose change means the stores must be read again. */
export function storeFiles(spec: TlsSpec): string[] {
  const files: string[] = [];
  for (const st of [spec.keyStore, spec.trustStore]) {
    if (!st) continue;
    files.push(st.location);
    if (st.passwordPath !== undefined) files.push(st.passwordPath);
  }
  return files;
}

export interface StoreWatcher {
  close(): void;
}

/**
 * Calls `reload` (debounced) whenever one of the store files changes. Polling, so that a file
 * replaced by a rename (how certificate tools write) is seen as well as one written in place.
 */
export function watchStores(spec: TlsSpec, reload: () => void, intervalMs = 1000): StoreWatcher {
  const files = storeFiles(spec);
  let timer: NodeJS.Timeout | null = null;
  const changed = (cur: { mtimeMs: number; size: number; ino: number }, prev: { mtimeMs: number; size: number; ino: number }) => {
    if (cur.mtimeMs === prev.mtimeMs && cur.size === prev.size && cur.ino === prev.ino) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      reload();
    }, Math.min(200, intervalMs));
  };
  for (const f of files) watchFile(f, { interval: intervalMs, persistent: false }, changed);
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const f of files) unwatchFile(f, changed);
    },
  };
}

/** Why `socket`'s peer certificate does not name `host` (DNS or IP SAN, or CN), or null if it does. */
export function certificateHostMismatch(socket: tls.TLSSocket, host: string): string | null {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return 'no certificate';
  const err = tls.checkServerIdentity(host, cert);
  return err ? err.message : null;
}

/** A one-line description of a peer certificate for logs: subject, issuer, validity. */
export function describePeerCertificate(socket: tls.TLSSocket): string {
  const raw = socket.getPeerCertificate()?.raw;
  if (!raw) return 'no certificate';
  try {
    const c = new X509Certificate(raw);
    return `subject "${c.subject.replace(/\n/g, ', ')}", issuer "${c.issuer.replace(/\n/g, ', ')}", valid ${c.validFrom} – ${c.validTo}`;
  } catch {
    return 'an unreadable certificate';
  }
}

/**
 * Port unification: waits for the first bytes and tells a TLS ClientHello (record type 22)
 * from anything else, leaving the bytes in the socket for whoever reads it next. 'closed' if
 * the peer goes away or says nothing within `timeoutMs`.
 */
export function detectTls(socket: Socket, timeoutMs: number): Promise<'tls' | 'plain' | 'closed'> {
  return new Promise((resolve) => {
    const done = (v: 'tls' | 'plain' | 'closed') => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onClose);
      resolve(v);
    };
    const onData = (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      done(chunk[0] === 0x16 ? 'tls' : 'plain');
    };
    const onClose = () => done('closed');
    const timer = setTimeout(() => done('closed'), timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onClose);
  });
}

/** What a TLS handshake failure says about the peer, for a log line. */
export function handshakeFailure(err: Error & { code?: string }): string {
  const code = err.code ? ` (${err.code})` : '';
  if (/wrong version number|http request|unknown protocol|packet length too long/i.test(err.message)) return `not a TLS client${code}`;
  return `${err.message}${code}`;
}
