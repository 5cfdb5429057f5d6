/**
 * Unmodified third-party clients against zk-ts's secure ports: kazoo (Debian's python3-kazoo)
 * over TLS with a client certificate and with SASL DIGEST-MD5 (pure-sasl, an independent
 * implementation), and Apache ZooKeeper 3.8's Java client through zkCli.sh over TLS (Netty
 * socket, zookeeper.client.secure=true) and over SASL DIGEST-MD5 (a JAAS Client section).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePki, secureServerConfig, STORE_PASSWORD } from '../support/certs.js';
import { freePort } from '../support/free-port.js';
import { REPO_ROOT, startZkTs, waitFor } from '../support/zkts-server.js';
import { ZOOKEEPER_CLASSPATH } from '../support/apache-zk.js';
const ZK_CLI_BIN = join(REPO_ROOT, 'bin', 'zk-cli');
const ZKCLI = '/usr/share/zookeeper/bin/zkCli.sh';
const PYTHON = '/usr/bin/python3';
/** Runs zkCli.sh with `commands` on stdin and CLIENT_JVMFLAGS; returns its output without log lines. */
function zkCli(connectString, commands, jvmFlags) {
    return new Promise((resolve, reject) => {
        const child = spawn(ZKCLI, ['-server', connectString], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CLIENT_JVMFLAGS: jvmFlags.join(' ') } });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`zkCli timed out:\n${out}`));
        }, 90_000);
        child.on('exit', () => {
            clearTimeout(timer);
            resolve(out.split('\n').filter((l) => !/^\d{4}-\d\d-\d\d |^\s+at |log4j|SLF4J/.test(l)).join('\n'));
        });
        child.stdin.end(commands.join('\n') + '\nquit\n');
    });
}
function python(script) {
    const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 90_000 });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
const JAAS_SERVER = `Server {
  org.apache.zookeeper.server.auth.DigestLoginModule required
  user_bob="bob-secret"
  user_admin="admin-secret";
};
`;
describe('kazoo and the Java client (zkCli.sh) over TLS and SASL against zk-ts', () => {
    let pki;
    let server;
    let securePort;
    let python3;
    let java;
    before(async () => {
        assert.ok(existsSync(ZKCLI), `${ZKCLI} is missing: install the Debian package zookeeper (.ci/run does)`);
        const kazoo = spawnSync(PYTHON, ['-c', 'import kazoo, puresasl'], { encoding: 'utf8' });
        assert.equal(kazoo.status, 0, `python3-kazoo is missing (apt-get install python3-kazoo; .ci/run does): ${kazoo.stderr}`);
        pki = makePki();
        python3 = pki.ca.issue('kazoo', { subject: '/O=zk-ts/CN=kazoo' });
        // zkCli splits an ACL list at commas, so this subject has none.
        java = pki.ca.issue('java', { subject: '/CN=java' });
        const jaas = join(pki.dir, 'server-jaas.conf');
        writeFileSync(jaas, JAAS_SERVER);
        securePort = await freePort();
        server = await startZkTs({
            extra: {
                ...secureServerConfig(pki.ca, pki.ca.issue('server'), securePort),
                jaasLoginConfig: jaas,
                'authProvider.1': 'org.apache.zookeeper.server.auth.SASLAuthenticationProvider',
            },
        });
    });
    after(async () => {
        await server?.cleanup();
        pki?.cleanup();
    });
    // Logs are read after the (synchronous) client run has returned: wait for them to arrive.
    const logged = (re) => waitFor(() => re.test(server.output()), 5000, () => `server did not log ${re}:\n${server.output().slice(-2000)}`);
    it('kazoo over TLS with a CA and a client certificate', async () => {
        const r = python(`
from kazoo.client import KazooClient
from kazoo.security import make_acl
zk = KazooClient(hosts='127.0.0.1:${securePort}', use_ssl=True, verify_certs=True,
                 ca='${pki.ca.certFile}', certfile='${python3.cert}', keyfile='${python3.key}')
zk.start(timeout=20)
zk.create('/kazoo-tls', b'over tls', acl=[make_acl('x509', 'CN=kazoo,O=zk-ts', all=True)])
data, stat = zk.get('/kazoo-tls')
print('data=' + data.decode())
print('acl=' + repr(zk.get_acls('/kazoo-tls')[0][0].id))
zk.stop()
`);
        assert.equal(r.status, 0, r.out);
        assert.match(r.out, /data=over tls/);
        assert.match(r.out, /acl=Id\(scheme='x509', id='CN=kazoo,O=zk-ts'\)/);
        await logged(/accepted TLS connection from 127\.0\.0\.1:\d+ \(x509 'CN=kazoo,O=zk-ts'\)/);
    });
    it('kazoo with SASL DIGEST-MD5 (pure-sasl)', async () => {
        const r = python(`
from kazoo.client import KazooClient
from kazoo.security import make_acl
zk = KazooClient(hosts='127.0.0.1:${server.port}', sasl_options={'mechanism': 'DIGEST-MD5', 'username': 'bob', 'password': 'bob-secret'})
zk.start(timeout=20)
zk.create('/kazoo-sasl', b'sasl', acl=[make_acl('sasl', 'bob', all=True)])
print('data=' + zk.get('/kazoo-sasl')[0].decode())
zk.stop()
bad = KazooClient(hosts='127.0.0.1:${server.port}', sasl_options={'mechanism': 'DIGEST-MD5', 'username': 'bob', 'password': 'wrong'}, connection_retry={'max_tries': 0})
try:
    bad.start(timeout=5)
    bad.get('/kazoo-sasl')
    print('bad=accepted')
except Exception as e:
    print('bad=refused ' + type(e).__name__)
finally:
    bad.stop()
`);
        assert.equal(r.status, 0, r.out);
        assert.match(r.out, /data=sasl/);
        assert.match(r.out, /bad=refused/);
        await logged(/client 127\.0\.0\.1:\d+ authenticated with SASL DIGEST-MD5 as 'bob'/);
        await logged(/SASL login of 127\.0\.0\.1:\d+ failed: DIGEST-MD5: wrong password for user 'bob'/);
    });
    it('zkCli.sh over TLS (Netty client socket) with a PKCS#12 client certificate', async () => {
        const out = await zkCli(`127.0.0.1:${securePort}`, ['create /java-tls hello', 'get /java-tls', 'whoami', 'setAcl /java-tls x509:CN=java:cdrwa', 'getAcl /java-tls'], [
            // Debian's zookeeper.jar leaves Netty's codec and resolver jars off its class path (see
            // apache-zk.ts); the last -cp wins, so this one replaces zkCli.sh's.
            '-cp',
            `/etc/zookeeper/conf:${ZOOKEEPER_CLASSPATH}`,
            '-Dzookeeper.client.secure=true',
            '-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty',
            `-Dzookeeper.ssl.keyStore.location=${java.p12}`,
            `-Dzookeeper.ssl.keyStore.password=${STORE_PASSWORD}`,
            '-Dzookeeper.ssl.keyStore.type=PKCS12',
            `-Dzookeeper.ssl.trustStore.location=${pki.ca.certFile}`,
            '-Dzookeeper.ssl.trustStore.type=PEM',
        ]);
        for (const expected of ['Created /java-tls', 'hello', 'ip: 127.0.0.1', 'x509: CN=java', "'x509,'CN=java", ': cdrwa']) {
            assert.ok(out.includes(expected), `missing ${JSON.stringify(expected)} in:\n${out}`);
        }
    });
    it('zkCli.sh over SASL DIGEST-MD5 with a JAAS Client section', async () => {
        const jaas = join(pki.dir, 'client-jaas.conf');
        writeFileSync(jaas, 'Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username="bob"\n  password="bob-secret";\n};\n');
        const out = await zkCli(server.connectString, ['create /java-sasl x sasl:bob:cdrwa', 'whoami', 'getAcl /java-sasl', 'get /java-sasl'], [`-Djava.security.auth.login.config=${jaas}`]);
        for (const expected of ['Created /java-sasl', 'sasl: bob', "'sasl,'bob", ': cdrwa']) {
            assert.ok(out.includes(expected), `missing ${JSON.stringify(expected)} in:\n${out}`);
        }
        assert.match(out, /\nx\n/);
    });
    it('our zk-cli with -client-configuration (TLS + client certificate + SASL) and with CLIENT_JVMFLAGS', () => {
        const ours = pki.ca.issue('zk-cli', { subject: '/O=zk-ts/CN=zk-cli' });
        const jaas = join(pki.dir, 'zkcli-jaas.conf');
        writeFileSync(jaas, 'Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username="bob"\n  password="bob-secret";\n};\n');
        const props = join(pki.dir, 'client.properties');
        writeFileSync(props, [
            'zookeeper.client.secure=true',
            `zookeeper.ssl.keyStore.location=${ours.pem}`,
            `zookeeper.ssl.trustStore.location=${pki.ca.certFile}`,
            `java.security.auth.login.config=${jaas}`,
        ].join('\n') + '\n');
        const r = spawnSync(process.execPath, [ZK_CLI_BIN, '-server', `127.0.0.1:${securePort}`, '-client-configuration', props, 'whoami'], { encoding: 'utf8', timeout: 30_000 });
        assert.equal(r.status, 0, r.stderr);
        for (const expected of ['ip: 127.0.0.1', 'x509: CN=zk-cli,O=zk-ts', 'sasl: bob'])
            assert.ok(r.stdout.includes(expected), `missing ${expected} in:\n${r.stdout}`);
        const viaFlags = spawnSync(process.execPath, [ZK_CLI_BIN, '-server', server.connectString, 'whoami'], {
            encoding: 'utf8',
            timeout: 30_000,
            env: { ...process.env, CLIENT_JVMFLAGS: `-Djava.security.auth.login.config=${jaas}` },
        });
        assert.equal(viaFlags.status, 0, viaFlags.stderr);
        assert.ok(viaFlags.stdout.includes('sasl: bob'), viaFlags.stdout);
    });
    it('zkCli.sh with a wrong SASL password: refused, and the server logs the peer', async () => {
        const jaas = join(pki.dir, 'client-bad-jaas.conf');
        writeFileSync(jaas, 'Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username="bob"\n  password="nope";\n};\n');
        const before = server.output().length;
        const out = await zkCli(server.connectString, ['get /java-sasl'], [`-Djava.security.auth.login.config=${jaas}`]);
        // The Java client reports the failed login (AuthFailed) or just the connection that the
        // server closes after it, depending on timing; either way it is not served.
        assert.doesNotMatch(out, /\nx\n/, out);
        assert.match(out, /AuthFailed|ConnectionLoss/, out);
        await waitFor(() => /SASL login of 127\.0\.0\.1:\d+ failed: DIGEST-MD5: wrong password for user 'bob'/.test(server.output().slice(before)), 5000, () => server.output().slice(before));
    });
});
//# sourceMappingURL=secure-clients.test.js.map