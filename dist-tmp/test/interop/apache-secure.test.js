/**
 * This library's client against Apache ZooKeeper 3.8 (Debian's package) with TLS on its
 * secureClientPort (Netty, PEM stores, client certificates required) and with SASL
 * DIGEST-MD5 (a JAAS Server section): x509 identities as ZooKeeper computes them (the same
 * string our server computes for the same certificate), x509 and sasl ACLs, a wrong password.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, NoAuthError } from '../../src/client/index.js';
import { subjectRfc2253 } from '../../src/wire/x509-name.js';
import { startApacheZooKeeper } from '../support/apache-zk.js';
import { clientTls, makePki } from '../support/certs.js';
import { freePort } from '../support/free-port.js';
describe('zk-ts client against Apache ZooKeeper 3.8 over TLS and SASL', () => {
    let pki;
    let zk;
    let securePort;
    let odd;
    let plain;
    const clients = [];
    const tlsClient = (who) => {
        const c = createClient(`127.0.0.1:${securePort}`, { sessionTimeout: 8000, tls: clientTls(pki.ca, who) });
        clients.push(c);
        return c;
    };
    before(async () => {
        pki = makePki();
        odd = pki.ca.issue('odd', { subject: '/C=US/O=Acme, Inc./OU=Eng+UID=u1/CN= client #1 /emailAddress=a@b.c' });
        plain = pki.ca.issue('plain-client', { subject: '/O=zk-ts/CN=plain' });
        const server = pki.ca.issue('apache-server');
        const jaas = join(pki.dir, 'jaas.conf');
        writeFileSync(jaas, 'Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_bob="bob-secret";\n};\n');
        securePort = await freePort();
        zk = await startApacheZooKeeper({
            extra: {
                secureClientPort: securePort,
                serverCnxnFactory: 'org.apache.zookeeper.server.NettyServerCnxnFactory',
                'ssl.keyStore.location': server.pem,
                'ssl.keyStore.type': 'PEM',
                'ssl.trustStore.location': pki.ca.certFile,
                'ssl.trustStore.type': 'PEM',
                'authProvider.1': 'org.apache.zookeeper.server.auth.SASLAuthenticationProvider',
            },
            jvmFlags: [`-Djava.security.auth.login.config=${jaas}`],
        });
    });
    after(async () => {
        await Promise.all(clients.map((c) => c.close().catch(() => { })));
        await zk?.stop();
        pki?.cleanup();
    });
    it("connects over TLS; ZooKeeper's x509 id is the subject string we compute", async () => {
        const c = tlsClient(odd);
        const ids = await c.whoAmI();
        const x509 = ids.find((i) => i.authScheme === 'x509');
        const ours = subjectRfc2253(new Uint8Array(new X509Certificate(readFileSync(odd.cert)).raw));
        assert.equal(x509?.user, ours);
        assert.equal(ours, '1.2.840.113549.1.9.1=#16056140622e63,CN=\\ client \\#1\\ ,OU=Eng+UID=u1,O=Acme\\, Inc.,C=US');
    });
    it('x509 ACLs on Apache ZooKeeper, set by our client', async () => {
        const owner = tlsClient(plain);
        await owner.create('/x509-only', 'v', { acl: [{ perms: 31, id: { scheme: 'x509', id: 'CN=plain,O=zk-ts' } }] });
        assert.equal((await owner.getData('/x509-only')).data?.toString(), 'v');
        await assert.rejects(tlsClient(odd).getData('/x509-only'), NoAuthError);
    });
    it('logs in with SASL DIGEST-MD5 (JDK SaslServer) and is sasl:bob', async () => {
        const bob = createClient(zk.connectString, { sessionTimeout: 8000, sasl: { username: 'bob', password: 'bob-secret' } });
        clients.push(bob);
        assert.deepEqual((await bob.whoAmI()).filter((i) => i.authScheme === 'sasl'), [{ authScheme: 'sasl', user: 'bob' }]);
        await bob.create('/sasl-only', 'b', { acl: [{ perms: 31, id: { scheme: 'sasl', id: 'bob' } }] });
        assert.equal((await bob.getData('/sasl-only')).data?.toString(), 'b');
        const anon = createClient(zk.connectString, { sessionTimeout: 8000 });
        clients.push(anon);
        await assert.rejects(anon.getData('/sasl-only'), NoAuthError);
    });
    it('a wrong SASL password fails the session', async () => {
        const bad = createClient(zk.connectString, { sessionTimeout: 8000, sasl: { username: 'bob', password: 'wrong' } });
        clients.push(bad);
        await assert.rejects(bad.connected(15_000));
        assert.equal(bad.state, 'AUTH_FAILED');
    });
});
//# sourceMappingURL=apache-secure.test.js.map