/**
 * SASL DIGEST-MD5 (RFC 2831) as ZooKeeper uses it: protocol "zookeeper", server name (and
 * realm) "zk-sasl-md5", quality of protection "auth" only (no integrity or privacy layer), the
 * JDK's charset=utf-8. This file holds the pure parts shared by the server and the client: the
 * directive syntax and the response computation; MD5 is passed in (no crypto in pure code).
 *
 *   server → client  realm="zk-sasl-md5",nonce="…",qop="auth",charset=utf-8,algorithm=md5-sess
 *   client → server  charset=utf-8,username="bob",realm="zk-sasl-md5",nonce="…",nc=00000001,
 *                    cnonce="…",digest-uri="zookeeper/zk-sasl-md5",maxbuf=65536,response=<hex>,qop=auth
 *   server → client  rspauth=<hex>
 */
import { DecodeError } from './jute.js';

export type Md5 = (data: Uint8Array) => Uint8Array;

export const ZK_SASL_PROTOCOL = 'zookeeper';
export const ZK_SASL_SERVER_NAME = 'zk-sasl-md5';
export const ZK_DIGEST_URI = `${ZK_SASL_PROTOCOL}/${ZK_SASL_SERVER_NAME}`;

/** Directives of a challenge or response. `realm` may repeat in a challenge; nothing else may. */
export interface Directives {
  values: Map<string, string>;
  realms: string[];
}

/**
 * Parses `name=value` pairs separated by commas (empty elements allowed, as RFC 2831's #rule);
 * a value is a token or a quoted-string with backslash escapes. Names are case-insensitive.
 */
export function parseDirectives(text: string): Directives {
  const values = new Map<string, string>();
  const realms: string[] = [];
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  };
  while (i < n) {
    skipSpace();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (i >= n) break;
    const nameStart = i;
    while (i < n && text[i] !== '=' && text[i] !== ',' && text[i] !== ' ') i++;
    const name = text.slice(nameStart, i).toLowerCase();
    skipSpace();
    if (name === '' || text[i] !== '=') throw new DecodeError(`DIGEST-MD5: malformed directive near '${text.slice(nameStart, nameStart + 20)}'`);
    i++;
    skipSpace();
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new DecodeError(`DIGEST-MD5: unterminated quoted value of ${name}`);
        const c = text[i++];
        if (c === '"') break;
        if (c === '\\') {
          if (i >= n) throw new DecodeError(`DIGEST-MD5: unterminated quoted value of ${name}`);
          value += text[i++];
        } else value += c;
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ',') i++;
      value = text.slice(start, i).trim();
    }
    if (name === 'realm') realms.push(value);
    if (values.has(name) && name !== 'realm') throw new DecodeError(`DIGEST-MD5: directive ${name} appears twice`);
    if (!values.has(name)) values.set(name, value);
    skipSpace();
    if (i < n && text[i] !== ',') throw new DecodeError(`DIGEST-MD5: expected ',' after ${name}`);
  }
  return { values, realms };
}

/** `name=value` joined by commas; quoted values get `"` and `\` escaped. */
export function formatDirectives(entries: ReadonlyArray<readonly [name: string, value: string, quoted: boolean]>): string {
  return entries.map(([k, v, q]) => (q ? `${k}="${v.replace(/(["\\])/g, '\\$1')}"` : `${k}=${v}`)).join(',');
}

export interface DigestParams {
  username: string;
  realm: string;
  password: string;
  nonce: string;
  cnonce: string;
  /** 8 hex digits, "00000001" for the first (and in ZooKeeper the only) authentication. */
  nc: string;
  qop: string;
  digestUri: string;
  authzid?: string | undefined;
  /** Both sides agreed on charset=utf-8 (RFC 2831 §2.1.2.1). */
  utf8: boolean;
}

/**
 * The `response` value (client proof, `forRspauth` false) or the server's `rspauth`
 * (`forRspauth` true), as 32 lowercase hex digits. algorithm=md5-sess, qop=auth.
 */
export function digestResponse(md5: Md5, p: DigestParams, forRspauth: boolean): string {
  const enc = (s: string) => encodeString(s, p.utf8);
  const secret = md5(concat(enc(p.username), ascii(':'), enc(p.realm), ascii(':'), enc(p.password)));
  const a1 = concat(secret, ascii(`:${p.nonce}:${p.cnonce}`), p.authzid !== undefined ? concat(ascii(':'), enc(p.authzid)) : new Uint8Array(0));
  const a2 = ascii(`${forRspauth ? '' : 'AUTHENTICATE'}:${p.digestUri}`);
  const kd = `${hex(md5(a1))}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${hex(md5(a2))}`;
  return hex(md5(ascii(kd)));
}

/** With charset=utf-8: ISO 8859-1 bytes when every character fits, UTF-8 otherwise (RFC 2831 §2.1.2.1). */
export function encodeString(s: string, utf8: boolean): Uint8Array {
  let latin = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) latin = false;
  if (latin || !utf8) {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
    return out;
  }
  return new TextEncoder().encode(s);
}

function ascii(s: string): Uint8Array {
  return encodeString(s, false);
}

export function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
