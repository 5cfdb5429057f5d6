/**
 * The security keys of zoo.cfg: ZooKeeper's names, defaults and rules, and every mistake
 * reported with file, line and key (including what is only found when the stores and the JAAS
 * file are read at start-up).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aclSchemes, ConfigError, parseZooCfg } from '../../src/config/index.js';
import { fixupAcl } from '../../src/tree/acl.js';
import { loadConfig } from '../../src/main/config-loader.js';
import { loadSecurity } from '../../src/main/security.js';
import { makePki, STORE_PASSWORD } from '../support/certs.js';
const F = 'conf/zoo.cfg';
const parse = (lines) => parseZooCfg(['dataDir=/d', ...lines].join('\n'), F);
function configError(fn, message) {
    assert.throws(fn, (e) => {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
        if (typeof message === 'string')
            assert.equal(e.message, message);
        else
            assert.match(e.message, message);
        return true;
    });
}
describe('security keys in zoo.cfg', () => {
    test('defaults: no TLS, ZooKeeper defaults for ssl.* (clientAuth need, hostname verification on)', () => {
        const s = parse([]).config.security;
        assert.equal(s.secureClientPort, undefined);
        assert.equal(s.plainClientPort, true);
        assert.equal(s.sslQuorum, false);
        assert.deepEqual(s.ssl, { protocol: 'TLSv1.3', clientAuth: 'need', hostnameVerification: true, handshakeDetectionTimeoutMs: 5000 });
        assert.equal(s.enforceAuthEnabled, false);
    });
    test('a full client TLS and SASL configuration', () => {
        const { config, warnings } = parse([
            'clientPort=2181',
            'secureClientPort=2281',
            'secureClientPortAddress=127.0.0.1',
            'serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory',
            'authProvider.x509=org.apache.zookeeper.server.auth.X509AuthenticationProvider',
            'authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider',
            'ssl.keyStore.location=/etc/zk/server.p12',
            'ssl.keyStore.password=ks',
            'ssl.keyStore.type=PKCS12',
            'ssl.trustStore.location=/etc/zk/ca.pem',
            'ssl.clientAuth=want',
            'ssl.protocol=TLSv1.2',
            'ssl.enabledProtocols=TLSv1.2,TLSv1.3',
            'ssl.ciphersuites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256',
            'ssl.hostnameVerification=false',
            'client.certReload=true',
            'X509AuthenticationProvider.superUser=CN=admin,O=ops',
            'superUser=admin',
            'superUser.2=root',
            'jaasLoginConfig=/etc/zk/jaas.conf',
            'enforce.auth.enabled=true',
            'enforce.auth.schemes=sasl,x509',
        ]);
        assert.deepEqual(warnings, []);
        const s = config.security;
        assert.equal(s.secureClientPort, 2281);
        assert.equal(s.secureClientPortAddress, '127.0.0.1');
        assert.equal(s.plainClientPort, true);
        assert.deepEqual(s.ssl.keyStore, { location: '/etc/zk/server.p12', password: 'ks', type: 'PKCS12' });
        assert.deepEqual(s.ssl.trustStore, { location: '/etc/zk/ca.pem', password: '' });
        assert.equal(s.ssl.clientAuth, 'want');
        assert.equal(s.ssl.protocol, 'TLSv1.2');
        assert.deepEqual(s.ssl.enabledProtocols, ['TLSv1.2', 'TLSv1.3']);
        assert.deepEqual(s.ssl.cipherSuites, ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256']);
        assert.equal(s.ssl.hostnameVerification, false);
        assert.equal(s.clientCertReload, true);
        assert.equal(s.x509SuperUser, 'CN=admin,O=ops');
        assert.deepEqual(s.saslSuperUsers, ['admin', 'root']);
        assert.equal(s.jaasLoginConfig, '/etc/zk/jaas.conf');
        assert.deepEqual([s.enforceAuthEnabled, s.enforceAuthSchemes], [true, ['sasl', 'x509']]);
    });
    test('secureClientPort alone: TLS only, no plain port (as ZooKeeper without clientPort)', () => {
        const s = parse(['secureClientPort=2281', 'ssl.keyStore.location=/k.pem', 'ssl.trustStore.location=/t.pem']).config.security;
        assert.equal(s.plainClientPort, false);
    });
    test('sessionRequireClientSASLAuth and requireClientAuthScheme=sasl enforce sasl', () => {
        for (const line of ['sessionRequireClientSASLAuth=true', 'requireClientAuthScheme=sasl']) {
            const s = parse([line, 'jaasLoginConfig=/j']).config.security;
            assert.deepEqual([s.enforceAuthEnabled, s.enforceAuthSchemes], [true, ['sasl']]);
        }
    });
    test('quorum TLS keys', () => {
        const s = parse([
            'sslQuorum=true',
            'portUnification=true',
            'sslQuorumReloadCertFiles=true',
            'ssl.quorum.keyStore.location=/q.pem',
            'ssl.quorum.trustStore.location=/ca.p12',
            'ssl.quorum.trustStore.password=pw',
            'ssl.quorum.hostnameVerification=false',
        ]).config.security;
        assert.deepEqual([s.sslQuorum, s.portUnification, s.sslQuorumReloadCertFiles], [true, true, true]);
        assert.deepEqual(s.quorumSsl.trustStore, { location: '/ca.p12', password: 'pw' });
        assert.equal(s.quorumSsl.hostnameVerification, false);
        assert.equal(s.quorumSsl.clientAuth, 'need');
    });
    test('mistakes name file, line and key', () => {
        const cases = [
            [['secureClientPort=99999'], "conf/zoo.cfg:2: key 'secureClientPort': expected a port number 1..65535, got '99999'"],
            [['secureClientPortAddress=127.0.0.1'], "conf/zoo.cfg:2: key 'secureClientPortAddress': secureClientPortAddress is set but secureClientPort is not"],
            [['ssl.clientAuth=maybe'], "conf/zoo.cfg:2: key 'ssl.clientAuth': expected none, want or need, got 'maybe'"],
            [['ssl.protocol=SSLv3'], "conf/zoo.cfg:2: key 'ssl.protocol': expected TLSv1.2 or TLSv1.3 (older protocols are not offered), got 'SSLv3'"],
            [['ssl.keyStore.type=JKS'], "conf/zoo.cfg:2: key 'ssl.keyStore.type': JKS stores cannot be read here; convert with: keytool -importkeystore -srckeystore store.jks -srcstoretype JKS -destkeystore store.p12 -deststoretype PKCS12"],
            [['ssl.quorum.keyStore.password=x'], "conf/zoo.cfg:2: key 'ssl.quorum.keyStore.password': ssl.quorum.keyStore.location is not set"],
            [['sslQuorum=true', 'ssl.quorum.keyStore.location=/k.pem'], "conf/zoo.cfg:2: key 'sslQuorum': quorum TLS needs ssl.quorum.trustStore.location"],
            [['enforce.auth.enabled=true'], "conf/zoo.cfg:2: key 'enforce.auth.enabled': enforce.auth.enabled=true needs enforce.auth.schemes"],
            [['enforce.auth.schemes=kerberos'], "conf/zoo.cfg:2: key 'enforce.auth.schemes': authentication scheme 'kerberos' is not available (known: ip, digest, sasl, x509)"],
            [['requireClientAuthScheme=x509'], "conf/zoo.cfg:2: key 'requireClientAuthScheme': expected sasl, got 'x509'"],
            [['ssl.authProvider=custom'], "conf/zoo.cfg:2: key 'ssl.authProvider': only the x509 provider authenticates TLS clients here, got 'custom'"],
            [['sslQuorum=yes'], "conf/zoo.cfg:2: key 'sslQuorum': expected true or false, got 'yes'"],
        ];
        for (const [lines, message] of cases)
            configError(() => parse(lines), message);
    });
    test('unknown providers and unsupported TLS features warn', () => {
        const { warnings } = parse(['authProvider.1=com.example.KerberosProvider', 'ssl.crl=true']);
        assert.deepEqual(warnings, [
            "conf/zoo.cfg:2: key 'authProvider.1': auth provider class 'com.example.KerberosProvider' is not available here (only org.apache.zookeeper.server.auth.X509AuthenticationProvider, org.apache.zookeeper.server.auth.SASLAuthenticationProvider, org.apache.zookeeper.server.auth.DigestAuthenticationProvider, org.apache.zookeeper.server.auth.IPAuthenticationProvider); ignored",
            "conf/zoo.cfg:3: key 'ssl.crl': not supported here, ignored",
        ]);
    });
});
describe('start-up loading of stores and JAAS files', () => {
    let pki;
    let dir;
    before(() => {
        pki = makePki();
        dir = mkdtempSync(join(tmpdir(), 'zkts-seccfg-'));
    });
    after(() => {
        pki.cleanup();
        rmSync(dir, { recursive: true, force: true });
    });
    const load = (lines, env) => {
        const file = join(dir, 'zoo.cfg');
        writeFileSync(file, ['dataDir=data', 'clientPort=2181', ...lines].join('\n') + '\n');
        const loaded = loadConfig(file, { jvmFlags: env });
        return { file, loaded, security: loadSecurity(loaded.config, loaded.configFile, loaded.lines) };
    };
    test('PEM and PKCS#12 stores load; relative paths resolve against the config folder', () => {
        const server = pki.ca.issue('cfg-server');
        writeFileSync(join(dir, 'ca.pem'), readFileSync(pki.ca.certFile, 'utf8'));
        const { security } = load([
            'secureClientPort=2281',
            `ssl.keyStore.location=${server.p12}`,
            `ssl.keyStore.password=${STORE_PASSWORD}`,
            'ssl.trustStore.location=ca.pem',
        ]);
        assert.ok(security.clientTls?.pfx && security.clientTls.ca);
    });
    test('a wrong key store password is reported at its line', () => {
        const server = pki.ca.issue('cfg-server2');
        configError(() => load(['secureClientPort=2281', `ssl.keyStore.location=${server.p12}`, 'ssl.keyStore.password=wrong', `ssl.trustStore.location=${pki.ca.certFile}`]), new RegExp(`zoo.cfg:4: key 'ssl.keyStore.location': the stores do not load: .*wrong password`));
    });
    test('a missing store file is reported at its line', () => {
        configError(() => load(['secureClientPort=2281', 'ssl.keyStore.location=nope.pem', `ssl.trustStore.location=${pki.ca.certFile}`]), new RegExp(`zoo.cfg:4: key 'ssl.keyStore.location': cannot read '.*nope.pem': ENOENT`));
    });
    test('JAAS: users from the Server section; the file comes from zoo.cfg or SERVER_JVMFLAGS; errors name the JAAS file line', () => {
        const jaas = join(dir, 'jaas.conf');
        writeFileSync(jaas, 'Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_bob="bobpw";\n};\n');
        assert.deepEqual([...load(['jaasLoginConfig=jaas.conf']).security.saslUsers], [['bob', 'bobpw']]);
        assert.deepEqual([...load(['SASLAuthenticationProvider.superPassword=su', 'jaasLoginConfig=jaas.conf']).security.saslUsers], [['bob', 'bobpw'], ['super', 'su']]);
        assert.deepEqual([...load(['sessionRequireClientSASLAuth=true'], `-Xmx1g -Djava.security.auth.login.config=${jaas}`).security.saslUsers], [['bob', 'bobpw']]);
        configError(() => load(['sessionRequireClientSASLAuth=true']), /zoo.cfg:3: key 'sessionRequireClientSASLAuth': SASL is required but no JAAS file names the users/);
        writeFileSync(jaas, 'Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_bob="bobpw"\n};\n');
        configError(() => load(['jaasLoginConfig=jaas.conf']), new RegExp(`${jaas}:4: expected an option name, got '}'`));
        writeFileSync(jaas, 'Client {\n  M required username="a" password="b";\n};\n');
        configError(() => load(['jaasLoginConfig=jaas.conf']), new RegExp(`${jaas}: no 'Server' section`));
    });
});
describe('ACL schemes with a provider (x509, sasl)', () => {
    const acl = (scheme, id) => [{ perms: 31, id: { scheme, id } }];
    test('x509 and sasl ACLs are INVALIDACL unless the server has their provider, as in ZooKeeper', () => {
        assert.deepEqual(aclSchemes(parse([]).config.security), []);
        assert.equal(fixupAcl(acl('x509', 'CN=a'), []), null);
        assert.equal(fixupAcl(acl('sasl', 'bob'), []), null);
        assert.deepEqual(aclSchemes(parse(['secureClientPort=2281', 'ssl.keyStore.location=/k.pem', 'ssl.trustStore.location=/t.pem']).config.security), ['x509']);
        assert.deepEqual(aclSchemes(parse(['authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider']).config.security), ['sasl']);
        assert.deepEqual(fixupAcl(acl('x509', 'CN=a'), [], undefined, ['x509']), acl('x509', 'CN=a'));
        assert.deepEqual(fixupAcl(acl('sasl', 'bob@EXAMPLE.COM'), [], undefined, ['sasl']), acl('sasl', 'bob@EXAMPLE.COM'));
        // SASLAuthenticationProvider.isValid: a Kerberos principal.
        assert.equal(fixupAcl(acl('sasl', 'a@b@c'), [], undefined, ['sasl']), null);
    });
    test('auth entries expand to the sasl and x509 ids a session proved, not to its ip', () => {
        const ids = [
            { scheme: 'ip', id: '127.0.0.1' },
            { scheme: 'sasl', id: 'bob' },
        ];
        assert.deepEqual(fixupAcl(acl('auth', ''), ids, undefined, ['sasl']), acl('sasl', 'bob'));
    });
});
//# sourceMappingURL=security-config.test.js.map