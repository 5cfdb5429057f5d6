/**
 * SASL DIGEST-MD5 against a real zk-server, with this library's client: users from a JAAS
 * Server section (zoo.cfg jaasLoginConfig, or -Djava.security.auth.login.config in
 * SERVER_JVMFLAGS), the sasl ACL scheme, superUser, a wrong password (refused, logged with the
 * peer), a login again after reconnecting, and enforcement (enforce.auth.enabled/schemes).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, NoAuthError, SessionClosedRequireSaslAuthError, type ZooKeeperClient } from '../../src/client/index.js';
import { clientTls, makePki, secureServerConfig, type Pki } from '../support/certs.js';
import { freePort } from '../support/free-port.js';
import { startZkTs, waitFor, type ZkTsServer } from '../support/zkts-server.js';

const JAAS = `Server {
  org.apache.zookeeper.server.auth.DigestLoginModule required
  user_bob="bob-secret"
  user_admin="admin-secret"
  user_carol="carol-secret";
};
`;

describe('SASL DIGEST-MD5 logins', () => {
  let pki: Pki;
  let server: ZkTsServer;
  const clients: ZooKeeperClient[] = [];
  const client = (username?: string, password?: string) => {
    const c = createClient(server.connectString, { sessionTimeout: 6000, ...(username ? { sasl: { username, password: password! } } : {}) });
    clients.push(c);
    return c;
  };

  before(async () => {
    pki = makePki();
    const jaas = join(pki.dir, 'jaas.conf');
    writeFileSync(jaas, JAAS);
    server = await startZkTs({ extra: { jaasLoginConfig: jaas, superUser: 'admin', 'authProvider.1': 'org.apache.zookeeper.server.auth.SASLAuthenticationProvider' } });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    await server?.cleanup();
    pki?.cleanup();
  });

  it('logs in, is sasl:bob to ACLs; another user is not', async () => {
    const bob = client('bob', 'bob-secret');
    await bob.connected(10_000);
    assert.deepEqual(await bob.whoAmI(), [
      // In the order of ZooKeeper's set of ids (docs/compatibility.md).
      { authScheme: 'sasl', user: 'bob' },
      { authScheme: 'ip', user: '127.0.0.1' },
    ]);
    await bob.create('/bob', 'mine', { acl: [{ perms: 31, id: { scheme: 'sasl', id: 'bob' } }] });
    assert.equal((await bob.getData('/bob')).data?.toString(), 'mine');
    const carol = client('carol', 'carol-secret');
    await assert.rejects(carol.getData('/bob'), NoAuthError);
    await assert.rejects(client().getData('/bob'), NoAuthError);
    assert.match(server.output(), /client 127\.0\.0\.1:\d+ authenticated with SASL DIGEST-MD5 as 'bob'/);
  });

  it('superUser passes every ACL', async () => {
    const admin = client('admin', 'admin-secret');
    assert.equal((await admin.getData('/bob')).data?.toString(), 'mine');
  });

  it('a wrong password fails the session (AUTH_FAILED) and is logged with the peer', async () => {
    const bad = client('bob', 'guess');
    const failed = new Promise<void>((resolve) => bad.once('authFailed', () => resolve()));
    await assert.rejects(bad.connected(10_000));
    await failed;
    assert.equal(bad.state, 'AUTH_FAILED');
    await waitFor(
      () => /SASL login of 127\.0\.0\.1:\d+ failed: DIGEST-MD5: wrong password for user 'bob'/.test(server.output()),
      5000,
      () => server.output().slice(-2000),
    );
  });

  it('logs in again on every new connection (server restart, session resumed)', async () => {
    const bob = client('bob', 'bob-secret');
    await bob.connected(10_000);
    const session = bob.sessionId;
    // Listen before the restart: the client may reconnect before restart() resolves.
    const reconnected = new Promise<void>((resolve) => bob.once('reconnected', () => resolve()));
    await server.restart();
    await reconnected;
    assert.equal(bob.sessionId, session);
    assert.equal((await bob.getData('/bob')).data?.toString(), 'mine');
  });
});

describe('enforce.auth.enabled with enforce.auth.schemes=sasl,x509 (JAAS file from SERVER_JVMFLAGS)', () => {
  let pki: Pki;
  let server: ZkTsServer;
  let securePort: number;
  const clients: ZooKeeperClient[] = [];

  before(async () => {
    pki = makePki();
    const jaas = join(pki.dir, 'jaas.conf');
    writeFileSync(jaas, JAAS);
    securePort = await freePort();
    server = await startZkTs({
      extra: { ...secureServerConfig(pki.ca, pki.ca.issue('server'), securePort), 'enforce.auth.enabled': true, 'enforce.auth.schemes': 'sasl,x509' },
      env: { SERVER_JVMFLAGS: `-Xmx512m -Djava.security.auth.login.config=${jaas}` },
    });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    await server?.cleanup();
    pki?.cleanup();
  });

  it('refuses requests of an unauthenticated client (SESSIONCLOSEDREQUIRESASLAUTH) and logs why', async () => {
    const anon = createClient(server.connectString, { sessionTimeout: 6000 });
    clients.push(anon);
    await assert.rejects(anon.getData('/'), SessionClosedRequireSaslAuthError);
    await waitFor(
      () => /closing 127\.0\.0\.1:\d+: it is authenticated with ip, but a request needs one of sasl, x509 \(enforce\.auth\.schemes\)/.test(server.output()),
      5000,
      () => server.output().slice(-2000),
    );
  });

  it('serves a SASL client and a client with a certificate', async () => {
    const sasl = createClient(server.connectString, { sessionTimeout: 6000, sasl: { username: 'carol', password: 'carol-secret' } });
    const cert = createClient(`127.0.0.1:${securePort}`, { sessionTimeout: 6000, tls: clientTls(pki.ca, pki.ca.issue('dave', { subject: '/CN=dave' })) });
    clients.push(sasl, cert);
    await sasl.create('/enforced', 'ok');
    assert.equal((await cert.getData('/enforced')).data?.toString(), 'ok');
  });
});
