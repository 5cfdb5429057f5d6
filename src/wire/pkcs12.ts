/**
 * The certificates in a PKCS#12 store (RFC 7292), for trust stores: Node's TLS loads a PKCS#12
 * file only when it holds a private key, and a trust store made by `keytool` or
 * `openssl pkcs12 -nokeys` holds certificates only. The structure is walked here; the
 * cryptography (PBKDF2, ciphers, HMAC, digests) is given by the caller, so this stays pure.
 *
 * Supported: unencrypted and PBES2-encrypted safe contents (PBKDF2 with HMAC-SHA1/224/256/384/512
 * and AES-128/192/256-CBC or DES-EDE3-CBC, what OpenSSL 3 and Java 11+ write) and the legacy
 * pbeWithSHAAnd3-KeyTripleDES-CBC; the MAC is verified when a password is given. The 40-bit RC2
 * of old Java versions is refused with a hint (OpenSSL 3 no longer ships it by default).
 */
import { children, contentOf, expectTag, readOid, readRoot, readSmallInt, Tag, type DerNode } from './der.js';
import { DecodeError } from './jute.js';
import { invariant } from '../base/invariant.js';

export interface Pkcs12Crypto {
  pbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, keyLength: number, hash: string): Uint8Array;
  /** `cipher` is an OpenSSL name: aes-256-cbc, des-ede3-cbc, rc2-40-cbc, ... */
  decrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  hmac(hash: string, key: Uint8Array, data: Uint8Array): Uint8Array;
  digest(hash: string, data: Uint8Array): Uint8Array;
}

export interface Pkcs12Contents {
  /** DER certificates, in the order of the file. */
  certificates: Uint8Array[];
  /** The store holds at least one private key (then Node can load it as a `pfx`). */
  hasKey: boolean;
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeSha3Des: '1.2.840.113549.1.12.1.3',
  pbeSha2Des: '1.2.840.113549.1.12.1.4',
  pbeShaRc2_128: '1.2.840.113549.1.12.1.5',
  pbeShaRc2_40: '1.2.840.113549.1.12.1.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
} as const;

const HASHES: Record<string, { name: string; bytes: number; block: number }> = {
  '1.3.14.3.2.26': { name: 'sha1', bytes: 20, block: 64 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', bytes: 28, block: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', bytes: 32, block: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', bytes: 48, block: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', bytes: 64, block: 128 },
};

const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};

const utf8 = new TextEncoder();

export function readPkcs12(bytes: Uint8Array, password: string, crypto: Pkcs12Crypto): Pkcs12Contents {
  const pfx = children(expectTag(readRoot(bytes), Tag.SEQUENCE, 'PFX'));
  if (pfx.length < 2 || readSmallInt(pfx[0]) !== 3) throw new DecodeError('not a PKCS#12 version 3 file');
  const authSafe = contentInfoData(pfx[1]);
  if (pfx[2] && password !== '') verifyMac(pfx[2], authSafe, password, crypto);
  const out: Pkcs12Contents = { certificates: [], hasKey: false };
  for (const ci of children(expectTag(readRoot(authSafe), Tag.SEQUENCE, 'AuthenticatedSafe'))) {
    const [typeNode, wrapped] = children(expectTag(ci, Tag.SEQUENCE, 'ContentInfo'));
    const type = readOid(typeNode);
    let safeContents: Uint8Array;
    if (type === OID.data) safeContents = contentInfoData(ci);
    else if (type === OID.encryptedData) safeContents = decryptEncryptedData(explicit(wrapped), password, crypto);
    else throw new DecodeError(`unsupported PKCS#12 content type ${type} (public-key privacy mode)`);
    collectBags(readRoot(safeContents), out);
  }
  return out;
}

/** ContentInfo of type data: the octets inside its [0] EXPLICIT OCTET STRING. */
function contentInfoData(ci: DerNode | undefined): Uint8Array {
  const [typeNode, wrapped] = children(expectTag(ci, Tag.SEQUENCE, 'ContentInfo'));
  if (readOid(typeNode) !== OID.data) throw new DecodeError('PKCS#12 authSafe is not of type data (signed stores are not supported)');
  return contentOf(explicit(wrapped));
}

function explicit(n: DerNode | undefined): DerNode {
  if (!n || n.tag !== 0xa0) throw new DecodeError('expected an [0] EXPLICIT element');
  const [inner] = children(n);
  if (!inner) throw new DecodeError('empty [0] EXPLICIT element');
  return inner;
}

function collectBags(safeContents: DerNode, out: Pkcs12Contents): void {
  for (const bag of children(expectTag(safeContents, Tag.SEQUENCE, 'SafeContents'))) {
    const [idNode, value] = children(expectTag(bag, Tag.SEQUENCE, 'SafeBag'));
    const id = readOid(idNode);
    if (id === OID.keyBag || id === OID.shroudedKeyBag) out.hasKey = true;
    else if (id === OID.certBag) {
      const [certType, certValue] = children(expectTag(explicit(value), Tag.SEQUENCE, 'CertBag'));
      if (readOid(certType) === OID.x509Certificate) out.certificates.push(contentOf(explicit(certValue)).slice());
    } else if (id === OID.safeContentsBag) collectBags(explicit(value), out);
  }
}

function decryptEncryptedData(ed: DerNode, password: string, crypto: Pkcs12Crypto): Uint8Array {
  const [, eci] = children(expectTag(ed, Tag.SEQUENCE, 'EncryptedData'));
  const [, alg, encrypted] = children(expectTag(eci, Tag.SEQUENCE, 'EncryptedContentInfo'));
  if (!encrypted || (encrypted.tag & 0xdf) !== 0x80) throw new DecodeError('EncryptedContentInfo without content');
  return decrypt(alg, contentOf(encrypted), password, crypto);
}

function decrypt(alg: DerNode | undefined, data: Uint8Array, password: string, crypto: Pkcs12Crypto): Uint8Array {
  const [oidNode, params] = children(expectTag(alg, Tag.SEQUENCE, 'AlgorithmIdentifier'));
  const oid = readOid(oidNode);
  const failed = (e: unknown): never => {
    throw new DecodeError(`cannot decrypt the PKCS#12 store (wrong password?): ${(e as Error).message}`);
  };
  if (oid === OID.pbes2) {
    const [kdf, scheme] = children(expectTag(params, Tag.SEQUENCE, 'PBES2-params'));
    const [kdfOid, kdfParams] = children(kdf);
    if (readOid(kdfOid) !== OID.pbkdf2) throw new DecodeError('PBES2 with a key derivation other than PBKDF2');
    const p = children(kdfParams);
    const salt = contentOf(expectTag(p[0], Tag.OCTET_STRING, 'PBKDF2 salt'));
    const iterations = readSmallInt(p[1]);
    let prf = 'sha1';
    let keyLength: number | undefined;
    for (const extra of p.slice(2)) {
      if (extra.tag === Tag.INTEGER) keyLength = readSmallInt(extra);
      else if (extra.tag === Tag.SEQUENCE) {
        const prfOid = readOid(children(extra)[0]);
        prf = PRFS[prfOid] ?? fail(`unsupported PBKDF2 PRF ${prfOid}`);
      }
    }
    const [cipherOid, ivNode] = children(scheme);
    const cipher = CIPHERS[readOid(cipherOid)] ?? fail(`unsupported PBES2 cipher ${readOid(cipherOid)}`);
    const iv = contentOf(expectTag(ivNode, Tag.OCTET_STRING, 'cipher IV'));
    try {
      const key = crypto.pbkdf2(utf8.encode(password), salt, iterations, keyLength ?? cipher.keyLength, prf);
      return crypto.decrypt(cipher.name, key, iv, data);
    } catch (e) {
      return failed(e);
    }
  }
  const legacy: Record<string, { name: string; keyLength: number; ivLength: number }> = {
    [OID.pbeSha3Des]: { name: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
    [OID.pbeShaRc2_40]: { name: 'rc2-40-cbc', keyLength: 5, ivLength: 8 },
    [OID.pbeShaRc2_128]: { name: 'rc2-cbc', keyLength: 16, ivLength: 8 },
  };
  const l = legacy[oid];
  if (!l) throw new DecodeError(`unsupported PKCS#12 encryption ${oid}`);
  const [saltNode, iterNode] = children(params);
  const salt = contentOf(expectTag(saltNode, Tag.OCTET_STRING, 'PBE salt'));
  const iterations = readSmallInt(iterNode);
  const sha1 = HASHES['1.3.14.3.2.26'];
  invariant(sha1, 'pkcs12-sha1', 'SHA-1 is missing from the PKCS#12 hash table');
  const key = pkcs12Kdf(crypto, sha1, password, salt, iterations, 1, l.keyLength);
  const iv = pkcs12Kdf(crypto, sha1, password, salt, iterations, 2, l.ivLength);
  try {
    return crypto.decrypt(l.name, key, iv, data);
  } catch (e) {
    if (l.name.startsWith('rc2')) {
      throw new DecodeError(
        'the store is encrypted with RC2, which OpenSSL 3 no longer provides; re-export it with keytool (Java 11+) or ' +
          '`openssl pkcs12 -legacy` then `openssl pkcs12 -export` (docs/security.md)',
      );
    }
    return failed(e);
  }
}

function fail(msg: string): never {
  throw new DecodeError(msg);
}

function verifyMac(macData: DerNode, authSafe: Uint8Array, password: string, crypto: Pkcs12Crypto): void {
  const parts = children(expectTag(macData, Tag.SEQUENCE, 'MacData'));
  const [digestInfo, saltNode, iterNode] = parts;
  const [alg, digestNode] = children(digestInfo);
  const hashOid = readOid(children(alg)[0]);
  const hash = HASHES[hashOid];
  if (!hash) {
    if (hashOid === '1.2.840.113549.1.5.14') return; // PBMAC1 (OpenSSL 3.4+): decryption still checks the password
    throw new DecodeError(`unsupported PKCS#12 MAC digest ${hashOid}`);
  }
  const salt = contentOf(saltNode);
  const iterations = iterNode ? readSmallInt(iterNode) : 1;
  const key = pkcs12Kdf(crypto, hash, password, salt, iterations, 3, hash.bytes);
  const mac = crypto.hmac(hash.name, key, authSafe);
  const expected = contentOf(digestNode);
  let diff = mac.byteLength ^ expected.byteLength;
  for (let i = 0; i < Math.min(mac.byteLength, expected.byteLength); i++) diff |= mac[i]! ^ expected[i]!;
  if (diff !== 0) throw new DecodeError('PKCS#12 MAC does not verify: wrong password or a damaged file');
}

/** RFC 7292 appendix B.2: the PKCS#12 key derivation (password as BMPString with a NUL). */
export function pkcs12Kdf(
  crypto: Pkcs12Crypto,
  hash: { name: string; bytes: number; block: number },
  password: string,
  salt: Uint8Array,
  iterations: number,
  id: number,
  length: number,
): Uint8Array {
  const v = hash.block;
  const u = hash.bytes;
  const pw = new Uint8Array(password === '' ? 0 : (password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    pw[2 * i] = c >> 8;
    pw[2 * i + 1] = c & 0xff;
  }
  const D = new Uint8Array(v).fill(id);
  const fill = (src: Uint8Array): Uint8Array => {
    const out = new Uint8Array(src.byteLength === 0 ? 0 : v * Math.ceil(src.byteLength / v));
    for (let i = 0; i < out.byteLength; i++) out[i] = src[i % src.byteLength]!;
    return out;
  };
  const I = concat(fill(salt), fill(pw));
  const out = new Uint8Array(length);
  for (let produced = 0; produced < length; ) {
    let A = crypto.digest(hash.name, concat(D, I));
    for (let r = 1; r < iterations; r++) A = crypto.digest(hash.name, A);
    out.set(A.subarray(0, Math.min(u, length - produced)), produced);
    produced += u;
    if (produced >= length) break;
    const B = new Uint8Array(v);
    for (let i = 0; i < v; i++) B[i] = A[i % u]!;
    for (let j = 0; j < I.byteLength; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        carry += I[j + k]! + B[k]!;
        I[j + k] = carry & 0xff;
        carry >>= 8;
      }
    }
  }
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
