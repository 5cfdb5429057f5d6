/**
 * ZooKeeper's client configuration (the properties zkCli.sh reads from `-client-configuration
 * FILE` or from -D flags in CLIENT_JVMFLAGS) → this library's TLS and SASL options:
 *
 *   zookeeper.client.secure=true                 TLS
 *   zookeeper.ssl.keyStore.location / .password / .passwordPath / .type     client certificate
 *   zookeeper.ssl.trustStore.location / .password / .passwordPath / .type   trusted CAs
 *   zookeeper.ssl.hostnameVerification           default true
 *   zookeeper.ssl.protocol / .enabledProtocols / .ciphersuites
 *   java.security.auth.login.config=FILE         a JAAS file whose Client section
 *                                                (zookeeper.sasl.clientconfig) gives username/password
 *   zookeeper.sasl.client=false                  no SASL even with a JAAS file
 */
import { createDecipheriv, createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tls from 'node:tls';
import { digestCredentials, parseJaas } from '../base/jaas.js';
import type { Pkcs12Crypto } from '../wire/pkcs12.js';
import { protocolChoice, storeFormat, storeOptions, type StoreKind, type TlsVersion } from '../wire/tls-stores.js';
import type { ClientTlsOptions } from './connection.js';
import type { SaslCredentials } from './sasl.js';

export interface ClientSecurityOptions {
  tls?: ClientTlsOptions;
  sasl?: SaslCredentials;
}

const crypto: Pkcs12Crypto = {
  pbkdf2: (password, salt, iterations, keyLength, hash) => pbkdf2Sync(password, salt, iterations, keyLength, hash),
  decrypt: (cipher, key, iv, data) => {
    const d = createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  },
  hmac: (hash, key, data) => createHmac(hash, key).update(data).digest(),
  digest: (hash, data) => createHash(hash).update(data).digest(),
};

/** Java properties text → key/value (comments, `=`, `:` or space separators, continuations). */
export function parseClientProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.trimStart();
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
    const key = (m ? m[1]! : line).replace(/\\(.)/g, '$1');
    const value = m ? m[2]!.replace(/\\(.)/g, '$1') : '';
    out.set(key.trim(), value.trim());
  }
  return out;
}

/** `-Dkey=value` flags of a JVMFLAGS-style string → key/value. */
export function parseJvmFlags(flags: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of flags.matchAll(/(?:^|\s)-D([^=\s]+)=("[^"]*"|'[^']*'|\S*)/g)) out.set(m[1]!, m[2]!.replace(/^(["'])(.*)\1$/, '$2'));
  return out;
}

/** Reads a client configuration file; relative paths in it resolve against `baseDir` (as Java: the working directory). */
export function loadClientConfigFile(file: string, baseDir = process.cwd()): ClientSecurityOptions {
  return clientSecurityOptions(parseClientProperties(readFileSync(file, 'utf8')), baseDir);
}

/**
 * ZooKeeper client properties → TLS and SASL options. Files are read now; a problem throws an
 * Error naming the property.
 */
export function clientSecurityOptions(props: ReadonlyMap<string, string>, baseDir = process.cwd()): ClientSecurityOptions {
  const out: ClientSecurityOptions = {};
  const get = (k: string) => props.get(k);
  const bool = (k: string, dflt: boolean): boolean => {
    const v = get(k);
    if (v === undefined) return dflt;
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
    throw new Error(`${k}: expected true or false, got '${v}'`);
  };
  const file = (k: string): string | undefined => {
    const v = get(k);
    return v === undefined || v === '' ? undefined : resolve(baseDir, v);
  };
  if (bool('zookeeper.client.secure', false)) {
    const t: ClientTlsOptions = { hostnameVerification: bool('zookeeper.ssl.hostnameVerification', true) };
    for (const kind of ['keyStore', 'trustStore'] as StoreKind[]) {
      const prefix = `zookeeper.ssl.${kind}`;
      const location = file(`${prefix}.location`);
      if (location === undefined) continue;
      const read = (f: string, k: string): Buffer => {
        try {
          return readFileSync(f);
        } catch (e) {
          throw new Error(`${k}: cannot read '${f}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      };
      const passwordPath = file(`${prefix}.passwordPath`);
      const password = passwordPath ? read(passwordPath, `${prefix}.passwordPath`).toString('utf8').trim() : (get(`${prefix}.password`) ?? '');
      try {
        const format = storeFormat(location, get(`${prefix}.type`), `${prefix}.type`);
        const o = storeOptions(kind, format, read(location, `${prefix}.location`), password, crypto, location);
        const { pfx, ...rest } = o;
        Object.assign(t, rest, pfx ? { pfx: Buffer.from(pfx) } : {});
      } catch (e) {
        throw new Error(`${prefix}.location: ${(e as Error).message}`);
      }
    }
    const protocol = get('zookeeper.ssl.protocol') ?? 'TLSv1.3';
    const version = (v: string): TlsVersion => {
      if (v === 'TLSv1.2' || v === 'TLSv1.3') return v;
      if (v === 'TLS') return 'TLSv1.3';
      throw new Error(`zookeeper.ssl.protocol: expected TLSv1.2 or TLSv1.3, got '${v}'`);
    };
    const enabled = get('zookeeper.ssl.enabledProtocols')?.split(',').map((p) => version(p.trim()));
    const suites = get('zookeeper.ssl.ciphersuites')?.split(',').map((p) => p.trim()).filter((p) => p !== '');
    try {
      Object.assign(t, protocolChoice(version(protocol), enabled, suites, new Set(tls.getCiphers())));
    } catch (e) {
      throw new Error(`zookeeper.ssl.ciphersuites: ${(e as Error).message}`);
    }
    out.tls = t;
  }
  const jaas = file('java.security.auth.login.config');
  if (jaas !== undefined && bool('zookeeper.sasl.client', true)) {
    const sectionName = get('zookeeper.sasl.clientconfig') ?? 'Client';
    let text: string;
    try {
      text = readFileSync(jaas, 'utf8');
    } catch (e) {
      throw new Error(`java.security.auth.login.config: cannot read '${jaas}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let sections;
    try {
      sections = parseJaas(text);
    } catch (e) {
      throw new Error(`${jaas}: ${(e as Error).message}`);
    }
    const section = sections.find((s) => s.name === sectionName);
    // As the Java client: without the section there is simply no SASL login.
    const creds = section && digestCredentials(section);
    if (section && !creds) throw new Error(`${jaas}: section ${sectionName} has no username and password`);
    if (creds) out.sasl = { mechanism: 'DIGEST-MD5', ...creds };
  }
  return out;
}
