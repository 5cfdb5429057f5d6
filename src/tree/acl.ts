/** ACL evaluation and fix-up (wire reference §12). */
import type { ACL, Id } from '../wire/records.js';
import { Perms } from '../wire/constants.js';

/** Schemes that may appear in a stored ACL. */
const KNOWN_SCHEMES = new Set(['world', 'auth', 'digest', 'ip', 'super', 'sasl', 'x509']);

/**
 * True when `ids` (the connection's authenticated ids) grant `perm` on a node with `acl`.
 * An empty ACL allows everything; a super id bypasses all checks.
 */
export function checkPerm(acl: readonly ACL[], perm: number, ids: readonly Id[]): boolean {
  if (acl.length === 0) return true;
  for (const id of ids) if (id.scheme === 'super') return true;
  for (const entry of acl) {
    if ((entry.perms & perm) === 0) continue;
    const { scheme, id } = entry.id;
    if (scheme === 'world' && id === 'anyone') return true;
    for (const have of ids) {
      if (have.scheme !== scheme) continue;
      if (scheme === 'ip' ? ipMatches(id, have.id) : have.id === id) return true;
      // ZooKeeper's SASLAuthenticationProvider.matches: SASL user `super` matches any sasl entry.
      if (scheme === 'sasl' && have.id === 'super') return true;
    }
  }
  return false;
}

/** `pattern` is an address or address/bits; `addr` is the client's address. IPv4 and IPv6. */
export function ipMatches(pattern: string, addr: string): boolean {
  const [base, bitsText] = pattern.split('/');
  const a = parseIp(base);
  const b = parseIp(addr.startsWith('::ffff:') && base.includes('.') ? addr.slice(7) : addr);
  if (!a || !b || a.length !== b.length) return false;
  const bits = bitsText === undefined ? a.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > a.length * 8) return false;
  for (let i = 0; i < a.length; i++) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    const mask = take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
    if ((a[i] & mask) !== (b[i] & mask)) return false;
  }
  return true;
}

function parseIp(text: string): number[] | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    return parts.every((p) => p <= 255) ? parts : null;
  }
  if (!text.includes(':')) return null;
  const [head, tail] = text.split('::');
  if (text.split('::').length > 2) return null;
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...h, ...Array(tail === undefined ? 0 : missing).fill('0'), ...t];
  const out: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const v = parseInt(g, 16);
    out.push(v >> 8, v & 0xff);
  }
  return out.length === 16 ? out : null;
}

export function isValidIpPattern(id: string): boolean {
  const [base, bits, extra] = id.split('/');
  if (extra !== undefined) return false;
  const a = parseIp(base);
  if (!a) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= a.length * 8;
}

/**
 * Validates an ACL for create/setACL and expands `auth` entries into the caller's ids
 * (ZooKeeper's fixupACL). Returns null when the ACL is invalid (INVALIDACL).
 */
export function fixupAcl(acl: readonly ACL[], authIds: readonly Id[]): ACL[] | null {
  if (acl.length === 0) return null;
  const out: ACL[] = [];
  const seen = new Set<string>();
  const add = (a: ACL) => {
    const key = `${a.perms}|${a.id.scheme}|${a.id.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(a);
    }
  };
  for (const entry of acl) {
    const { scheme, id } = entry.id;
    if ((entry.perms & ~Perms.ALL) !== 0 && entry.perms !== -1) return null;
    if (!KNOWN_SCHEMES.has(scheme)) return null;
    if (scheme === 'world') {
      if (id !== 'anyone') return null;
      add(entry);
    } else if (scheme === 'auth') {
      // Expands to every id the caller has authenticated with (the implicit ip id does not count).
      let any = false;
      for (const mine of authIds) {
        if (mine.scheme === 'ip' || mine.scheme === 'super') continue;
        any = true;
        add({ perms: entry.perms, id: { scheme: mine.scheme, id: mine.id } });
      }
      if (!any) return null;
    } else if (scheme === 'digest') {
      // Stored digest ids are user:base64(sha1): exactly one ':' separating two non-empty parts.
      const parts = id.split(':');
      if (parts.length !== 2 || parts[0].length === 0 || parts[1].length === 0) return null;
      add(entry);
    } else if (scheme === 'ip') {
      if (!isValidIpPattern(id)) return null;
      add(entry);
    } else {
      add(entry);
    }
  }
  return out;
}

/** getACL masks digest hashes as user:x for callers without ADMIN (ZooKeeper 3.5.5+). */
export function maskDigests(acl: readonly ACL[]): ACL[] {
  return acl.map((a) =>
    a.id.scheme === 'digest' ? { perms: a.perms, id: { scheme: 'digest', id: a.id.id.split(':')[0] + ':x' } } : a,
  );
}
