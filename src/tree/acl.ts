/** ACL evaluation and fix-up (docs/client-protocol.md, "ACLs"). */
import type { ACL, Id } from '../wire/records.js';
import { javaHash } from './java-order.js';


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
  const [base = '', bitsText] = pattern.split('/');
  const a = parseIp(base);
  const b = parseIp(addr.startsWith('::ffff:') && base.includes('.') ? addr.slice(7) : addr);
  if (!a || !b || a.length !== b.length) return false;
  const bits = bitsText === undefined ? a.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > a.length * 8) return false;
  for (let i = 0; i < a.length; i++) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    const mask = take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
    if ((a[i]! & mask) !== (b[i]! & mask)) return false;
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
  const [base = '', bits, extra] = id.split('/');
  if (extra !== undefined) return false;
  const a = parseIp(base);
  if (!a) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= a.length * 8;
}

/** Java's `id.split(":").length` (trailing empty strings dropped): digest ids need exactly 2. */
function isValidDigestId(id: string): boolean {
  const parts = id.split(':');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.length === 2;
}

/**
 * SASLAuthenticationProvider.isValid: the id must parse as a Kerberos principal
 * (primary[/instance][@REALM]).
 */
function isValidSaslId(id: string): boolean {
  return /^[^/@]+(\/[^/@]+)?(@[^/@]+)?$/.test(id);
}

/**
 * The schemes an ACL entry may name besides world and auth: ZooKeeper's authentication providers
 * with their id check. digest and ip are always there; x509 and sasl only where the server has
 * that provider (a TLS client port, a SASL configuration: see `aclSchemes` in
 * config/security.ts), as in ZooKeeper's provider registry. A scheme with no provider is an
 * invalid ACL (`super` included: it is granted, never stored).
 */
const PROVIDERS: Record<string, (id: string) => boolean> = {
  digest: isValidDigestId,
  ip: isValidIpPattern,
};
const OPTIONAL_PROVIDERS: Record<string, (id: string) => boolean> = {
  x509: () => true,
  sasl: isValidSaslId,
};

/** Authenticated ids that `auth` entries expand to: ip is an address, not an identity, and super has no provider. */
const IDENTITY_SCHEMES = new Set(['digest', 'sasl', 'x509']);

/** Which strings of an ACL entry came as null on the wire (see NullMarks in the wire codecs). */
export interface AclEntryNulls {
  scheme: boolean;
  id: boolean;
}

/**
 * Validates an ACL for create/setACL and expands `auth` entries into the caller's ids, as
 * ZooKeeper's fixupACL does: exact duplicates are dropped first, then each entry is checked in
 * order; perms are not checked (any int is stored as sent). Returns null when the ACL is invalid
 * (INVALIDACL), and 'null' where ZooKeeper dereferences a null string the client sent (it then
 * fails with MARSHALLINGERROR).
 */
export function fixupAcl(
  acl: readonly ACL[],
  authIds: readonly Id[],
  nulls?: readonly AclEntryNulls[],
  extraSchemes: readonly string[] = [],
): ACL[] | null | 'null' {
  const isNull = (i: number, what: keyof AclEntryNulls) => nulls?.[i]?.[what] === true;
  const unique: number[] = [];
  for (let i = 0; i < acl.length; i++) {
    let duplicate = false;
    for (const j of unique) {
      // ACL.equals: perms, then scheme.equals, then id.equals, on the new entry's strings.
      if (acl[i]!.perms !== acl[j]!.perms) continue;
      if (isNull(i, 'scheme')) return 'null';
      if (isNull(j, 'scheme') || acl[i]!.id.scheme !== acl[j]!.id.scheme) continue;
      if (isNull(i, 'id')) return 'null';
      if (!isNull(j, 'id') && acl[i]!.id.id === acl[j]!.id.id) {
        duplicate = true;
        break;
      }
    }
    if (!duplicate) unique.push(i);
  }
  if (unique.length === 0) return null;
  const out: ACL[] = [];
  for (const i of unique) {
    const entry = acl[i]!;
    const { scheme, id } = entry.id;
    if (isNull(i, 'scheme')) return null;
    if (scheme === 'world' && isNull(i, 'id')) return 'null';
    if (scheme === 'world' && id === 'anyone') {
      out.push(entry);
    } else if (scheme === 'auth') {
      let any = false;
      for (const mine of inZooKeeperOrder(authIds)) {
        if (!IDENTITY_SCHEMES.has(mine.scheme)) continue;
        any = true;
        out.push({ perms: entry.perms, id: { scheme: mine.scheme, id: mine.id } });
      }
      if (!any) return null;
    } else {
      const valid = Object.hasOwn(PROVIDERS, scheme)
        ? PROVIDERS[scheme]
        : extraSchemes.includes(scheme) && Object.hasOwn(OPTIONAL_PROVIDERS, scheme)
          ? OPTIONAL_PROVIDERS[scheme]
          : undefined;
      if (!valid) return null;
      if (isNull(i, 'id')) return 'null';
      if (!valid(id)) return null;
      out.push(entry);
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

/**
 * A connection's ids in the order ZooKeeper holds them: a set backed by a ConcurrentHashMap,
 * iterated by hash bucket (Id.hashCode, spread, masked by the table size), ties in insertion
 * order. Clients see this order in whoAmI and in the entries an `auth` ACL expands to.
 */
export function inZooKeeperOrder(ids: readonly Id[]): Id[] {
  let table = 16;
  while (ids.length >= table * 0.75) table *= 2;
  const bucket = (id: Id) => {
    const h = (Math.imul(37, (Math.imul(37, 17) + javaHash(id.scheme)) | 0) + javaHash(id.id)) | 0;
    return ((h ^ (h >>> 16)) & 0x7fffffff) & (table - 1);
  };
  return ids
    .map((id, i) => ({ id, i, b: bucket(id) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.id);
}
