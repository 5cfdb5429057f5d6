/**
 * TLS on the client ports of a real zk-server: ZooKeeper's keys (secureClientPort, ssl.*,
 * client.portUnification, client.certReload), x509 identities and ACLs, four-letter words on
 * the secure port, and every refusal — a plain client on the TLS port, a TLS client on the
 * plain port, an expired, untrusted or missing client certificate — as one log line naming
 * the peer, while everyone else is served.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { createClient, NoAuthError, type ZooKeeperClient } from '../../src/client/index.js';
import { clientTls, makePki, secureServerConfig, STORE_PASSWORD, type Issued, type Pki } from '../support/certs.js';
import { freePort } from '../support/free-port.js';
import { startZkTs, waitFor, ZK_SERVER_BIN, type ZkTsServer } from '../support/zkts-server.js';

/** A raw TLS connection; resolves once the handshake is done (or rejects with its error). */
function rawTls(port: number, options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ...options }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Sends `bytes` and resolves with what came back before the server closed the connection. */
function exchange(s: Socket, bytes: string | Buffer): Promise<{ text: string; error?: string | undefined }> {
  return new Promise((resolve) => {
    let text = '';
    let error: string | undefined;
    s.on('data', (d) => (text += d));
    s.on('error', (e) => (error = e.message));
    s.on('close', () => resolve({ text, error }));
    s.setTimeout(10_000, () => s.destroy(new Error('timeout')));
    s.write(bytes);
  });
}

/** A ConnectRequest frame (protocol 0, timeout 4000, no session). */
const CONNECT_REQUEST = (() => {
  const b = Buffer.alloc(4 + 45);
  b.writeInt32BE(45, 0);
  b.writeInt32BE(4000, 4 + 12);
  b.writeInt32BE(16, 4 + 28);
  return b;
})();

const ca = (pki: Pki) => readFileSync(pki.ca.certFile, 'utf8');
const keyOf = (i: Issued) => ({ key: readFileSync(i.key, 'utf8'), cert: readFileSync(i.cert, 'utf8') });

async function closeAll(clients: ZooKeeperClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
}

describe('TLS client port (secureClientPort, clientAuth=need, PEM stores, certReload)', () => {
  let pki: Pki;
  let server: ZkTsServer;
  let securePort: number;
  let serverCert: Issued;
  let alice: Issued;
  let bob: Issued;
  let admin: Issued;
  const clients: ZooKeeperClient[] = [];
  const client = (port: number, who?: Issued, extra: Parameters<typeof createClient>[1] = {}) => {
    const c = createClient(`127.0.0.1:${port}`, { sessionTimeout: 6000, tls: clientTls(pki.ca, who), ...extra });
    clients.push(c);
    return c;
  };

  before(async () => {
    pki = makePki();
    serverCert = pki.ca.issue('server-one', { subject: '/O=zk-ts/CN=server-one' });
    alice = pki.ca.issue('alice', { subject: '/O=zk-ts/CN=alice' });
    bob = pki.ca.issue('bob', { subject: '/O=zk-ts/CN=bob' });
    admin = pki.ca.issue('admin', { subject: '/O=zk-ts/CN=admin' });
    securePort = await freePort();
    server = await startZkTs({
      extra: secureServerConfig(pki.ca, serverCert, securePort, {
        'client.certReload': true,
        'X509AuthenticationProvider.superUser': 'CN=admin,O=zk-ts',
        'authProvider.x509': 'org.apache.zookeeper.server.auth.X509AuthenticationProvider',
      }),
    });
  });
  after(async () => {
    await closeAll(clients);
    await server?.cleanup();
    pki?.cleanup();
  });

  it('serves both ports; a client certificate is an x509 id that ACLs match', async () => {
    // The two lines are logged together, but may reach the pipe in separate chunks.
    const tlsLine = new RegExp(`serving clients on 127.0.0.1:${securePort} \\(TLS\\)`);
    await waitFor(() => tlsLine.test(server.output()), 5000, () => `no TLS listening line:\n${server.output()}`);
    assert.match(server.output(), new RegExp(`serving clients on 127.0.0.1:${server.port}\\n`));
    const a = client(securePort, alice);
    await a.connected(10_000);
    assert.deepEqual(await a.whoAmI(), [
      // In the order of ZooKeeper's set of ids (docs/compatibility.md).
      { authScheme: 'x509', user: 'CN=alice,O=zk-ts' },
      { authScheme: 'ip', user: '127.0.0.1' },
    ]);
    await a.create('/alice', 'secret', { acl: [{ perms: 31, id: { scheme: 'x509', id: 'CN=alice,O=zk-ts' } }] });
    assert.equal((await a.getData('/alice')).data?.toString(), 'secret');

    const b = client(securePort, bob);
    await assert.rejects(b.getData('/alice'), NoAuthError);
    const plain = createClient(server.connectString, { sessionTimeout: 6000 });
    clients.push(plain);
    await assert.rejects(plain.getData('/alice'), NoAuthError);
    // X509AuthenticationProvider.superUser: this subject passes every ACL.
    const su = client(securePort, admin);
    assert.equal((await su.getData('/alice')).data?.toString(), 'secret');
    assert.ok((await su.whoAmI()).some((i) => i.authScheme === 'super'));
    assert.match(server.output(), /accepted TLS connection from 127\.0\.0\.1:\d+ \(x509 'CN=alice,O=zk-ts'\)/);
  });

  it('answers four-letter words on the secure port', async () => {
    const s = await rawTls(securePort, { ca: ca(pki), ...keyOf(alice) });
    assert.equal((await exchange(s, 'ruok')).text, 'imok');
    const s2 = await rawTls(securePort, { ca: ca(pki), ...keyOf(alice) });
    assert.match((await exchange(s2, 'srvr')).text, /Mode: standalone/);
  });

  it('refuses a plain client on the TLS port, with a log line naming it', async () => {
    const s = netConnect({ host: '127.0.0.1', port: securePort });
    await new Promise((r) => s.once('connect', r));
    const local = s.localPort;
    const r = await exchange(s, CONNECT_REQUEST);
    assert.equal(r.text.length > 0 && !r.text.startsWith('\u0015') ? 'answered' : 'refused', 'refused');
    await waitFor(() => server.output().includes(`TLS handshake with client 127.0.0.1:${local} failed: not a TLS client`), 5000, () => server.output().slice(-2000));
  });

  it('refuses a TLS client on the plain port, with a log line naming it', async () => {
    const s = tls.connect({ host: '127.0.0.1', port: server.port, ca: ca(pki), ...keyOf(alice) });
    const local = await new Promise<number>((r) => s.once('connect', () => r(s.localPort!)));
    const outcome = await new Promise<string>((resolve) => {
      s.once('secureConnect', () => resolve('handshake completed'));
      s.once('error', (e) => resolve(`error: ${e.message}`));
      s.once('close', () => resolve('closed'));
    });
    assert.notEqual(outcome, 'handshake completed');
    await waitFor(
      () => server.output().includes(`refusing client 127.0.0.1:${local}: it speaks TLS to the plain client port (TLS is served on port ${securePort})`),
      5000,
      () => server.output().slice(-2000),
    );
  });

  for (const [what, make, reason] of [
    ['an expired certificate', (p: Pki) => p.ca.issue('expired', { expired: true }), /its certificate does not verify \(CERT_HAS_EXPIRED; subject "CN=expired"/],
    ['a certificate from a CA it does not trust', (p: Pki) => p.newCa('rogue-ca').issue('mallory'), /its certificate does not verify \(UNABLE_TO_VERIFY_LEAF_SIGNATURE; subject "CN=mallory", issuer "O=zk-ts tests, CN=rogue-ca"/],
    ['no certificate (ssl.clientAuth=need)', () => undefined, /no client certificate \(ssl.clientAuth=need\)/],
  ] as const) {
    it(`refuses ${what}, with a log line naming the client`, async () => {
      const cert = make(pki);
      const s = tls.connect({ host: '127.0.0.1', port: securePort, ca: ca(pki), ...(cert ? keyOf(cert) : {}) });
      const local = await new Promise<number>((r) => s.once('connect', () => r(s.localPort!)));
      // With TLS 1.3 the client may finish its side first; the server's verdict comes as an alert.
      const r = await exchange(s, CONNECT_REQUEST);
      assert.equal(r.text, '', 'no ConnectResponse for a refused client');
      let line = '';
      await waitFor(
        () => {
          line = server.output().split('\n').find((l) => l.includes(`client 127.0.0.1:${local}`) && /TLS handshake|refusing TLS client/.test(l)) ?? '';
          return line !== '';
        },
        5000,
        () => server.output().slice(-2000),
      );
      assert.match(line, reason);
    });
  }

  it('keeps serving after all that', async () => {
    const a = client(securePort, alice);
    await a.connected(10_000);
    assert.equal((await a.getData('/alice')).data?.toString(), 'secret');
  });

  it('client.certReload: new connections get the new certificate, open sessions are not dropped', async () => {
    const before = await rawTls(securePort, { ca: ca(pki), ...keyOf(alice) });
    assert.equal(String(before.getPeerCertificate().subject.CN), "server-one");
    before.destroy();
    const a = client(securePort, alice);
    await a.connected(10_000);
    const session = a.sessionId;
    let dropped = 0;
    a.on('disconnected', () => dropped++);

    const next = pki.ca.issue('server-two', { subject: '/O=zk-ts/CN=server-two' });
    writeFileSync(serverCert.pem, readFileSync(next.pem));
    await waitFor(() => /client TLS: key and trust stores reloaded/.test(server.output()), 10_000, () => server.output().slice(-2000));
    const after = await rawTls(securePort, { ca: ca(pki), ...keyOf(alice) });
    assert.equal(String(after.getPeerCertificate().subject.CN), "server-two");
    after.destroy();

    assert.equal((await a.getData('/alice')).data?.toString(), 'secret');
    assert.equal(a.sessionId, session);
    assert.equal(dropped, 0);
  });
});

describe('client.portUnification with ssl.clientAuth=want, PKCS#12 stores converted from JKS, TLS 1.2 suites', () => {
  let pki: Pki;
  let server: ZkTsServer;
  const clients: ZooKeeperClient[] = [];

  before(async () => {
    pki = makePki();
    const serverCert = pki.ca.issue('unified', { subject: '/O=zk-ts/CN=unified' });
    // Java users come with JKS stores: convert them with the command docs/security.md gives.
    const keytool = (args: string[]) => {
      const r = spawnSync('keytool', args, { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr + r.stdout);
    };
    const ksJks = join(pki.dir, 'keystore.jks');
    const tsJks = join(pki.dir, 'truststore.jks');
    keytool(['-importkeystore', '-srckeystore', serverCert.p12, '-srcstoretype', 'PKCS12', '-srcstorepass', STORE_PASSWORD, '-destkeystore', ksJks, '-deststoretype', 'JKS', '-deststorepass', STORE_PASSWORD, '-destkeypass', STORE_PASSWORD]);
    keytool(['-importcert', '-noprompt', '-alias', 'ca', '-file', pki.ca.certFile, '-keystore', tsJks, '-storetype', 'JKS', '-storepass', STORE_PASSWORD]);
    const ksP12 = join(pki.dir, 'keystore.p12');
    const tsP12 = join(pki.dir, 'truststore.p12');
    for (const [src, dest] of [[ksJks, ksP12], [tsJks, tsP12]]) {
      keytool(['-importkeystore', '-srckeystore', src!, '-srcstoretype', 'JKS', '-srcstorepass', STORE_PASSWORD, '-destkeystore', dest!, '-deststoretype', 'PKCS12', '-deststorepass', STORE_PASSWORD]);
    }
    server = await startZkTs({
      extra: {
        'client.portUnification': true,
        'ssl.keyStore.location': ksP12,
        'ssl.keyStore.password': STORE_PASSWORD,
        'ssl.trustStore.location': tsP12,
        'ssl.trustStore.password': STORE_PASSWORD,
        'ssl.clientAuth': 'want',
        'ssl.protocol': 'TLSv1.2',
        'ssl.ciphersuites': 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      },
    });
  });
  after(async () => {
    await closeAll(clients);
    await server?.cleanup();
    pki?.cleanup();
  });

  it('the plain port serves plain and TLS clients alike', async () => {
    const plain = createClient(server.connectString, { sessionTimeout: 6000 });
    const secure = createClient(server.connectString, { sessionTimeout: 6000, tls: clientTls(pki.ca, pki.ca.issue('carol', { subject: '/CN=carol' })) });
    clients.push(plain, secure);
    await plain.create('/u', 'both');
    assert.equal((await secure.getData('/u')).data?.toString(), 'both');
    assert.ok((await secure.whoAmI()).some((i) => i.authScheme === 'x509' && i.user === 'CN=carol'));
    assert.equal((await plain.whoAmI()).length, 1);
  });

  it('negotiates the configured protocol and suite', async () => {
    const s = await rawTls(server.port, { ca: ca(pki) });
    assert.equal(s.getProtocol(), 'TLSv1.2');
    assert.equal(s.getCipher().name, 'ECDHE-ECDSA-AES128-GCM-SHA256');
    s.destroy();
    await assert.rejects(rawTls(server.port, { ca: ca(pki), minVersion: 'TLSv1.3' }), /protocol|version/i);
  });

  it('want: no certificate is fine, an untrusted one is refused', async () => {
    const anon = createClient(server.connectString, { sessionTimeout: 6000, tls: { ca: ca(pki) } });
    clients.push(anon);
    assert.deepEqual(await anon.whoAmI(), [{ authScheme: 'ip', user: '127.0.0.1' }]);
    const rogue = pki.newCa('rogue').issue('eve');
    const s = tls.connect({ host: '127.0.0.1', port: server.port, ca: ca(pki), ...keyOf(rogue) });
    const local = await new Promise<number>((r) => s.once('connect', () => r(s.localPort!)));
    assert.equal((await exchange(s, CONNECT_REQUEST)).text, '');
    await waitFor(() => new RegExp(`refusing TLS client 127\\.0\\.0\\.1:${local}: its certificate does not verify`).test(server.output()), 5000, () => server.output().slice(-2000));
  });
});

describe('TLS only: secureClientPort without clientPort, ssl.clientAuth=none', () => {
  it('serves TLS clients without certificates and opens no plain port', async () => {
    const pki = makePki();
    const securePort = await freePort();
    const server = await startZkTs({
      plainPort: false,
      extra: { ...secureServerConfig(pki.ca, pki.ca.issue('srv'), securePort), 'ssl.clientAuth': 'none' },
    });
    try {
      const c = createClient(`127.0.0.1:${securePort}`, { sessionTimeout: 6000, tls: { ca: ca(pki) } });
      await c.create('/tls-only', 'x');
      await c.close();
      const serving = server.output().split('\n').filter((l) => l.includes('serving clients on'));
      assert.deepEqual(serving.map((l) => l.replace(/^.*serving clients on /, '')), [`127.0.0.1:${securePort} (TLS)`]);
    } finally {
      await server.cleanup();
      pki.cleanup();
    }
  });
});

describe('a bad store is a configuration error', () => {
  it('names the file, line and key, and exits 2', async () => {
    const pki = makePki();
    try {
      const srv = pki.ca.issue('srv');
      const cfg = join(pki.dir, 'zoo.cfg');
      writeFileSync(cfg, ['dataDir=data', 'clientPort=2181', 'secureClientPort=2281', `ssl.keyStore.location=${srv.p12}`, 'ssl.keyStore.password=wrong', `ssl.trustStore.location=${pki.ca.certFile}`].join('\n') + '\n');
      const r = spawnSync(process.execPath, [ZK_SERVER_BIN, '--config', cfg], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`zoo.cfg:4: key 'ssl.keyStore.location': the stores do not load`));
      writeFileSync(cfg, ['dataDir=data', 'secureClientPort=2281', 'ssl.keyStore.location=server.jks', `ssl.trustStore.location=${pki.ca.certFile}`].join('\n') + '\n');
      const r2 = spawnSync(process.execPath, [ZK_SERVER_BIN, '--config', cfg], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(r2.status, 2, r2.stderr);
      assert.match(r2.stderr, /zoo.cfg:3: key 'ssl.keyStore.location': .*keytool -importkeystore -srckeystore store.jks -srcstoretype JKS/);
    } finally {
      pki.cleanup();
    }
  });
});
