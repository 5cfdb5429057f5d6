/**
 * The pure security pieces: X.509 subjects in RFC 2253 form (ZooKeeper's x509 ids), PKCS#12
 * trust stores, DIGEST-MD5 (RFC 2831's own example, and our server and client mechanisms
 * against each other), JAAS files, cipher-suite names, and the key/trust store loader.
 * Certificates are made by openssl for each run.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { subjectRfc2253, escapeRfc2253 } from '../../src/wire/x509-name.js';
import { readPkcs12 } from '../../src/wire/pkcs12.js';
import { digestResponse, formatDirectives, parseDirectives } from '../../src/wire/sasl-digest.js';
import { opensslCipherName, protocolChoice, storeFormat, StoreError } from '../../src/wire/tls-stores.js';
import { digestCredentials, digestUsers, JaasSyntaxError, parseJaas } from '../../src/base/jaas.js';
import { DigestMd5Server, SaslAuthError } from '../../src/server/sasl.js';
import { DigestMd5Client } from '../../src/client/sasl.js';
import { ConnectionAuth } from '../../src/server/connection-auth.js';
import { loadTlsOptions, nodePkcs12Crypto, TlsSettingError } from '../../src/net/tls.js';
import { clientSecurityOptions, parseClientProperties, parseJvmFlags } from '../../src/client/client-config.js';
import { makePki, STORE_PASSWORD, type Pki } from '../support/certs.js';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest();
const der = (pemFile: string) => new Uint8Array(new X509Certificate(readFileSync(pemFile)).raw);

let pki: Pki;
before(() => {
  pki = makePki();
});
after(() => pki.cleanup());

describe('X.509 subjects as ZooKeeper names them (X500Principal.getName(), RFC 2253)', () => {
  test('RDNs last to first, keywords, OIDs in #hex, multi-valued RDNs, escapes', () => {
    // The expected string is what Java 17 prints for this certificate (checked once by hand).
    const c = pki.ca.issue('odd', { subject: '/C=US/O=Acme, Inc./OU=Eng+UID=u1/CN= client #1 /emailAddress=a@b.c/DC=example' });
    assert.equal(subjectRfc2253(der(c.cert)), 'DC=example,1.2.840.113549.1.9.1=#16056140622e63,CN=\\ client \\#1\\ ,OU=Eng+UID=u1,O=Acme\\, Inc.,C=US');
  });

  test('plain subjects', () => {
    const c = pki.ca.issue('plain', { subject: '/O=zk-ts/OU=ops/CN=alice' });
    assert.equal(subjectRfc2253(der(c.cert)), 'CN=alice,OU=ops,O=zk-ts');
    assert.equal(subjectRfc2253(der(pki.ca.certFile)), 'CN=ca,O=zk-ts tests');
  });

  test('escaping', () => {
    assert.equal(escapeRfc2253('a=b;c<d>"e"\\'), 'a\\=b\\;c\\<d\\>\\"e\\"\\\\');
    assert.equal(escapeRfc2253('  x  '), '\\ \\ x\\ \\ ');
  });

  test('garbage is a DecodeError, not a crash', () => {
    assert.throws(() => subjectRfc2253(new Uint8Array([0x30, 0x82, 0xff])), /DER|truncated/);
    assert.throws(() => subjectRfc2253(new Uint8Array([0x02, 0x01, 0x00])), /expected tag/);
  });
});

describe('PKCS#12 trust stores', () => {
  test('a store whose SEQUENCEs are cut short is a DecodeError, not a TypeError', () => {
    // PFX { version 3, ContentInfo { } }: the ContentInfo has no type OID.
    const pfx = new Uint8Array([0x30, 0x05, 0x02, 0x01, 0x03, 0x30, 0x00]);
    assert.throws(() => readPkcs12(pfx, 'pw', nodePkcs12Crypto), (e: Error) => e.name === 'DecodeError' && /missing/.test(e.message));
  });

  test('openssl -nokeys store: the certificates, no key; the MAC checks the password', () => {
    const r = readPkcs12(readFileSync(pki.ca.trustP12), STORE_PASSWORD, nodePkcs12Crypto);
    assert.equal(r.hasKey, false);
    assert.deepEqual(r.certificates.map((d) => new X509Certificate(Buffer.from(d)).subject), ['O=zk-ts tests\nCN=ca']);
    assert.throws(() => readPkcs12(readFileSync(pki.ca.trustP12), 'wrong', nodePkcs12Crypto), /MAC does not verify/);
  });

  test('a key store: its certificates and the fact that it has a key', () => {
    const c = pki.ca.issue('p12user');
    const r = readPkcs12(readFileSync(c.p12), STORE_PASSWORD, nodePkcs12Crypto);
    assert.equal(r.hasKey, true);
    assert.equal(r.certificates.length, 2);
  });

  test('keytool stores (Java 17: PBES2 + HmacSHA256), and a store converted from JKS with the documented command', () => {
    const jks = join(pki.dir, 'trust.jks');
    const p12 = join(pki.dir, 'trust-from-jks.p12');
    const keytool = (args: string[]) => {
      const r = spawnSync('keytool', args, { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr + r.stdout);
    };
    keytool(['-importcert', '-noprompt', '-alias', 'ca', '-file', pki.ca.certFile, '-keystore', jks, '-storetype', 'JKS', '-storepass', 'changeit']);
    keytool(['-importkeystore', '-srckeystore', jks, '-srcstoretype', 'JKS', '-srcstorepass', 'changeit', '-destkeystore', p12, '-deststoretype', 'PKCS12', '-deststorepass', 'changeit']);
    const r = readPkcs12(readFileSync(p12), 'changeit', nodePkcs12Crypto);
    assert.deepEqual(r.certificates.map((d) => new X509Certificate(Buffer.from(d)).subject), ['O=zk-ts tests\nCN=ca']);
  });

  test('legacy algorithms: 3DES reads, RC2 is refused with a hint', () => {
    const des = join(pki.dir, 'trust-3des.p12');
    const rc2 = join(pki.dir, 'trust-rc2.p12');
    const openssl = (args: string[]) => assert.equal(spawnSync('openssl', args).status, 0);
    openssl(['pkcs12', '-export', '-nokeys', '-in', pki.ca.certFile, '-out', des, '-passout', 'pass:pw', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']);
    assert.equal(readPkcs12(readFileSync(des), 'pw', nodePkcs12Crypto).certificates.length, 1);
    openssl(['pkcs12', '-export', '-legacy', '-nokeys', '-in', pki.ca.certFile, '-out', rc2, '-passout', 'pass:pw']);
    assert.throws(() => readPkcs12(readFileSync(rc2), 'pw', nodePkcs12Crypto), /RC2.*docs\/security.md/);
  });

  test('not a PKCS#12 file', () => {
    assert.throws(() => readPkcs12(readFileSync(pki.ca.certFile), '', nodePkcs12Crypto), /DER|expected tag|truncated/);
  });
});

describe('DIGEST-MD5 (RFC 2831)', () => {
  test("RFC 2831 §4's example: response and rspauth", () => {
    const p = {
      username: 'chris', realm: 'elwood.innosoft.com', password: 'secret', nonce: 'OA6MG9tEQGm2hh', cnonce: 'OA6MHXh6VqTrRk',
      nc: '00000001', qop: 'auth', digestUri: 'imap/elwood.innosoft.com', utf8: true,
    };
    assert.equal(digestResponse(md5, p, false), 'd388dad90d4bbd760a152321f2143af7');
    assert.equal(digestResponse(md5, p, true), 'ea40f60335c427b5527b84dbabcdfffd');
  });

  test('directives: quoted values with escapes, tokens, empty list elements, repeated realms', () => {
    const d = parseDirectives('realm="a",realm="b" , nonce="x\\"y",,qop=auth, charset=utf-8');
    assert.deepEqual(d.realms, ['a', 'b']);
    assert.equal(d.values.get('nonce'), 'x"y');
    assert.equal(d.values.get('qop'), 'auth');
    assert.throws(() => parseDirectives('nonce="a",nonce="b"'), /twice/);
    assert.throws(() => parseDirectives('nonce="abc'), /unterminated/);
    assert.equal(formatDirectives([['a', 'x"y', true], ['b', 'tok', false]]), 'a="x\\"y",b=tok');
  });

  const users = new Map([['bob', 'bobsecret'], ['ünï', 'pässwörd€']]);
  const run = (username: string, password: string) => {
    const server = new DigestMd5Server({ users });
    const client = new DigestMd5Client({ username, password });
    const challenge = server.evaluate(client.initial());
    assert.equal(challenge.done, false);
    assert.match(Buffer.from(challenge.token).toString(), /^realm="zk-sasl-md5",nonce="[^"]+",qop="auth",charset=utf-8,algorithm=md5-sess$/);
    const response = client.evaluate(challenge.token)!;
    assert.match(Buffer.from(response).toString(), /digest-uri="zookeeper\/zk-sasl-md5"/);
    const final = server.evaluate(response);
    assert.equal(client.evaluate(final.token), null);
    assert.ok(client.isComplete && server.isComplete);
    return final;
  };

  test('our server and client agree, including non-Latin-1 names (UTF-8 per charset=utf-8)', () => {
    assert.deepEqual(run('bob', 'bobsecret').done && { user: (run('bob', 'bobsecret') as { user: string }).user }, { user: 'bob' });
    const r = run('ünï', 'pässwörd€');
    assert.ok(r.done && r.user === 'ünï');
  });

  test('wrong password and unknown user are refused with a reason for the log', () => {
    assert.throws(() => run('bob', 'nope'), (e: unknown) => e instanceof SaslAuthError && /wrong password for user 'bob'/.test(e.message));
    assert.throws(() => run('mallory', 'x'), (e: unknown) => e instanceof SaslAuthError && /unknown user 'mallory'/.test(e.message));
  });

  test('a replayed nonce, a wrong digest-uri, an initial response, qop auth-conf are refused', () => {
    const server = new DigestMd5Server({ users });
    const client = new DigestMd5Client({ username: 'bob', password: 'bobsecret' });
    const ch = server.evaluate(new Uint8Array(0));
    const resp = Buffer.from(client.evaluate(ch.token)!).toString();
    const other = new DigestMd5Server({ users });
    other.evaluate(new Uint8Array(0));
    assert.throws(() => other.evaluate(Buffer.from(resp)), /nonce does not match/);
    const s2 = new DigestMd5Server({ users });
    const ch2 = s2.evaluate(new Uint8Array(0));
    const r2 = Buffer.from(new DigestMd5Client({ username: 'bob', password: 'bobsecret' }).evaluate(ch2.token)!).toString();
    assert.throws(() => s2.evaluate(Buffer.from(r2.replace('zookeeper/zk-sasl-md5', 'imap/zk-sasl-md5'))), /digest-uri/);
    assert.throws(() => new DigestMd5Server({ users }).evaluate(Buffer.from('x')), /initial response/);
    const s3 = new DigestMd5Server({ users });
    const ch3 = s3.evaluate(new Uint8Array(0));
    const r3 = Buffer.from(new DigestMd5Client({ username: 'bob', password: 'bobsecret' }).evaluate(ch3.token)!).toString();
    assert.throws(() => s3.evaluate(Buffer.from(r3.replace('qop=auth', 'qop=auth-conf'))), /quality of protection/);
  });

  test('the client refuses a server that cannot prove the password (bad rspauth)', () => {
    const server = new DigestMd5Server({ users: new Map([['bob', 'bobsecret']]) });
    const client = new DigestMd5Client({ username: 'bob', password: 'bobsecret' });
    client.evaluate(server.evaluate(new Uint8Array(0)).token);
    assert.throws(() => client.evaluate(Buffer.from('rspauth=00000000000000000000000000000000')), /rspauth/);
  });

  test('per connection: ids, super users, enforcement, the refusal codes', () => {
    const settings = { saslUsers: new Map([['bob', 'pw'], ['admin', 'root']]), saslSuperUsers: ['admin'], enforceSchemes: ['sasl'], allowSaslFailedClients: false };
    const login = (auth: ConnectionAuth, user: string, pw: string) => {
      const client = new DigestMd5Client({ username: user, password: pw });
      const first = auth.onSaslToken(client.initial(), 'peer');
      return auth.onSaslToken(client.evaluate(first.token)!, 'peer');
    };
    const a = new ConnectionAuth(settings, []);
    assert.equal(a.admits(), false);
    const ok = login(a, 'bob', 'pw');
    assert.deepEqual(ok.ids, [{ scheme: 'sasl', id: 'bob' }]);
    assert.equal(a.admits(), true);
    const su = login(new ConnectionAuth(settings, []), 'admin', 'root');
    assert.deepEqual(su.ids, [{ scheme: 'sasl', id: 'admin' }, { scheme: 'super', id: '' }]);
    const bad = login(new ConnectionAuth(settings, []), 'bob', 'nope');
    assert.equal(bad.err, -124); // SESSIONCLOSEDREQUIRESASLAUTH when sasl is required
    assert.equal(bad.close, true);
    const lax = login(new ConnectionAuth({ ...settings, enforceSchemes: null }, []), 'bob', 'nope');
    assert.equal(lax.err, -115); // AUTHFAILED
    const kept = login(new ConnectionAuth({ ...settings, enforceSchemes: null, allowSaslFailedClients: true }, []), 'bob', 'nope');
    assert.deepEqual([kept.err, kept.close], [0, false]);
    const none = new ConnectionAuth({ ...settings, saslUsers: null }, []).onSaslToken(new Uint8Array(0), 'p');
    assert.equal(none.close, true);
    assert.equal(new ConnectionAuth({ ...settings, enforceSchemes: ['x509'] }, [{ scheme: 'x509', id: 'CN=a' }]).admits(), true);
  });
});

describe('JAAS files', () => {
  const text = `
    // comment
    Server {
      org.apache.zookeeper.server.auth.DigestLoginModule required
      user_super="adminsecret"   /* block
      comment */
      user_bob="bob \\"the\\" secret";
    };
    # another comment
    Client {
      org.apache.zookeeper.server.auth.DigestLoginModule required
      username="bob"
      password=plainword;
    };`;

  test('sections, users and client credentials', () => {
    const sections = parseJaas(text);
    assert.deepEqual(sections.map((s) => s.name), ['Server', 'Client']);
    assert.deepEqual([...digestUsers(sections[0]!)], [['super', 'adminsecret'], ['bob', 'bob "the" secret']]);
    assert.deepEqual(digestCredentials(sections[1]!), { username: 'bob', password: 'plainword' });
    assert.equal(sections[0]!.entries[0]!.flag, 'required');
  });

  test('syntax errors name the line', () => {
    assert.throws(() => parseJaas('Server {\n  Mod required\n  user_a="x"\n};'), (e: unknown) => e instanceof JaasSyntaxError && e.line === 4 && /option name|';'/.test(e.message));
    assert.throws(() => parseJaas('Server {\n Mod sometimes a="b";\n};'), (e: unknown) => e instanceof JaasSyntaxError && e.line === 2 && /control flag/.test(e.message));
    assert.throws(() => parseJaas('Server {\n Mod required a="b'), (e: unknown) => e instanceof JaasSyntaxError && e.line === 2 && /unterminated/.test(e.message));
  });
});

describe('TLS settings', () => {
  test('Java cipher suite names map to OpenSSL names this Node offers', () => {
    const available = new Set(tls.getCiphers());
    for (const [iana, openssl] of [
      ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
      ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
      ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'ECDHE-RSA-AES128-SHA256'],
      ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ECDHE-ECDSA-AES256-SHA'],
      ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'AES128-GCM-SHA256'],
      ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-RSA-CHACHA20-POLY1305'],
      ['TLS_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256'],
    ]) {
      assert.equal(opensslCipherName(iana!), openssl);
      assert.ok(available.has(openssl!.toLowerCase()), `${openssl} available`);
    }
    assert.equal(opensslCipherName('TLS_KRB5_WITH_RC4_128_MD5'), undefined);
  });

  test('protocols and suites, as Java chooses', () => {
    const avail = new Set(tls.getCiphers());
    assert.deepEqual(protocolChoice('TLSv1.3', undefined, undefined, avail), { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    assert.deepEqual(protocolChoice('TLSv1.2', undefined, undefined, avail), { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    assert.deepEqual(protocolChoice('TLSv1.3', ['TLSv1.3'], undefined, avail), { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    assert.deepEqual(protocolChoice('TLSv1.3', undefined, ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'], avail), {
      minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256',
    });
    assert.throws(() => protocolChoice('TLSv1.3', ['TLSv1.3'], ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'], avail), /no listed cipher suite/);
    assert.throws(() => protocolChoice('TLSv1.3', undefined, ['TLS_NOPE'], avail), /not available/);
  });

  test('store types: from the key or the file name; JKS gets the keytool command', () => {
    assert.equal(storeFormat('/x/keystore.pem', undefined, 'k'), 'PEM');
    assert.equal(storeFormat('/x/keystore.p12', undefined, 'k'), 'PKCS12');
    assert.equal(storeFormat('/x/keystore', 'pkcs12', 'k'), 'PKCS12');
    assert.throws(() => storeFormat('/x/keystore.jks', undefined, 'k'), (e: unknown) => e instanceof StoreError && /keytool -importkeystore/.test(e.message));
    assert.throws(() => storeFormat('/x/keystore', undefined, 'ssl.keyStore.type'), /set ssl.keyStore.type=PEM or PKCS12/);
  });

  test('server options load from PEM and PKCS#12; a wrong password names the key', () => {
    const server = pki.ca.issue('srv');
    const base = { protocol: 'TLSv1.3' as const, clientAuth: 'need' as const, hostnameVerification: true, handshakeDetectionTimeoutMs: 5000 };
    const pem = loadTlsOptions({ ...base, keyStore: { location: server.pem, password: '' }, trustStore: { location: pki.ca.certFile, password: '' } }, 'ssl.');
    assert.ok(typeof pem.key === 'string' && Array.isArray(pem.ca) && pem.ca.length === 1);
    const p12 = loadTlsOptions({ ...base, keyStore: { location: server.p12, password: STORE_PASSWORD }, trustStore: { location: pki.ca.trustP12, password: STORE_PASSWORD } }, 'ssl.quorum.');
    assert.ok(Buffer.isBuffer(p12.pfx));
    assert.throws(
      () => loadTlsOptions({ ...base, keyStore: { location: server.p12, password: 'wrong' } }, 'ssl.'),
      (e: unknown) => e instanceof TlsSettingError && e.key === 'ssl.keyStore.location',
    );
    const pwFile = join(pki.dir, 'pw.txt');
    writeFileSync(pwFile, `${STORE_PASSWORD}\n`);
    assert.ok(loadTlsOptions({ ...base, trustStore: { location: pki.ca.trustP12, password: '', passwordPath: pwFile } }, 'ssl.').ca);
    assert.throws(() => loadTlsOptions({ ...base, trustStore: { location: join(pki.dir, 'missing.pem'), password: '' } }, 'ssl.'), /ssl.trustStore.location: cannot read .*ENOENT/);
  });

  test("ZooKeeper's client properties and -D flags → this library's options", () => {
    const alice = pki.ca.issue('alice-client');
    const jaas = join(pki.dir, 'client-jaas.conf');
    writeFileSync(jaas, 'Client {\n org.apache.zookeeper.server.auth.DigestLoginModule required username="bob" password="pw";\n};\n');
    const props = parseClientProperties(
      [
        '# zkCli -client-configuration',
        'zookeeper.client.secure=true',
        'zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty',
        `zookeeper.ssl.keyStore.location=${alice.p12}`,
        `zookeeper.ssl.keyStore.password=${STORE_PASSWORD}`,
        `zookeeper.ssl.trustStore.location=${pki.ca.certFile}`,
        'zookeeper.ssl.hostnameVerification: false',
        `java.security.auth.login.config=${jaas}`,
      ].join('\n'),
    );
    const o = clientSecurityOptions(props);
    assert.equal(o.tls?.hostnameVerification, false);
    assert.ok(o.tls?.pfx && Array.isArray(o.tls.ca));
    assert.deepEqual(o.sasl, { mechanism: 'DIGEST-MD5', username: 'bob', password: 'pw' });
    assert.deepEqual([...parseJvmFlags('-Xmx1g -Dzookeeper.client.secure=true -Dx="a b"')], [['zookeeper.client.secure', 'true'], ['x', 'a b']]);
    assert.deepEqual(clientSecurityOptions(new Map([['java.security.auth.login.config', jaas], ['zookeeper.sasl.client', 'false']])), {});
    assert.throws(() => clientSecurityOptions(new Map([['zookeeper.client.secure', 'true'], ['zookeeper.ssl.trustStore.location', '/nope.jks']])), /keytool/);
  });
});

describe('election datagrams over a stream (sslQuorum)', () => {
  test('hello names the sender; frames split at any chunk boundary; oversized frames are refused', async () => {
    const { decodeElectionHello, encodeElectionHello, FrameSplitter, frameMessage } = await import('../../src/wire/election-stream.js');
    assert.equal(decodeElectionHello(encodeElectionHello(3)), 3);
    assert.throws(() => decodeElectionHello(new Uint8Array(13)), /not an election hello/);
    assert.throws(() => decodeElectionHello(encodeElectionHello(3).subarray(0, 12)), /13 bytes/);
    const stream = Buffer.concat([frameMessage(Buffer.from('one')), frameMessage(Buffer.from('')), frameMessage(Buffer.from('three'))]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const s = new FrameSplitter();
      const got = [...s.push(stream.subarray(0, cut)), ...s.push(stream.subarray(cut))].map((b) => Buffer.from(b).toString());
      assert.deepEqual(got, ['one', '', 'three']);
    }
    const big = Buffer.alloc(4);
    big.writeUInt32BE(1 << 20);
    assert.throws(() => new FrameSplitter().push(big), /election frame of 1048576 bytes/);
  });
});

describe('ACL matching of the sasl and x509 schemes', () => {
  test('exact ids; SASL user super matches every sasl entry (as ZooKeeper), not other schemes', async () => {
    const { checkPerm } = await import('../../src/tree/acl.js');
    const acl = [{ perms: 1, id: { scheme: 'sasl', id: 'bob' } }, { perms: 1, id: { scheme: 'x509', id: 'CN=app,O=example' } }];
    assert.equal(checkPerm(acl, 1, [{ scheme: 'sasl', id: 'bob' }]), true);
    assert.equal(checkPerm(acl, 1, [{ scheme: 'sasl', id: 'alice' }]), false);
    assert.equal(checkPerm(acl, 1, [{ scheme: 'sasl', id: 'super' }]), true);
    assert.equal(checkPerm(acl, 1, [{ scheme: 'x509', id: 'CN=app,O=example' }]), true);
    assert.equal(checkPerm(acl, 1, [{ scheme: 'x509', id: 'CN=app' }]), false);
    assert.equal(checkPerm([{ perms: 1, id: { scheme: 'x509', id: 'CN=app' } }], 1, [{ scheme: 'sasl', id: 'super' }]), false);
  });
});
