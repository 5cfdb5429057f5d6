/**
 * Test certificates, made fresh by each test with Debian's openssl (never committed): a CA,
 * certificates it signs for servers and clients (EC P-256, SANs as asked), an expired one, and
 * the same keys as PEM key stores (key + chain in one file, as ZooKeeper reads them) and as
 * PKCS#12 files. `cleanup()` removes the directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export const STORE_PASSWORD = 'test-store-pw';
function openssl(args, cwd) {
    const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
    if (r.status !== 0)
        throw new Error(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
}
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
export function makePki() {
    const dir = mkdtempSync(join(tmpdir(), 'zkts-pki-'));
    const newCa = (name) => {
        const certFile = join(dir, `${name}.pem`);
        const keyFile = join(dir, `${name}.key`);
        openssl(['req', '-x509', '-new', ...EC, '-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', `/O=zk-ts tests/CN=${name}`,
            '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
        const trustP12 = join(dir, `${name}-trust.p12`);
        openssl(['pkcs12', '-export', '-nokeys', '-in', certFile, '-out', trustP12, '-passout', `pass:${STORE_PASSWORD}`], dir);
        const ca = {
            name,
            dir,
            certFile,
            keyFile,
            trustP12,
            issue: (leaf, opts = {}) => issue(dir, ca, leaf, opts),
        };
        return ca;
    };
    return { dir, ca: newCa('ca'), newCa, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
let serial = 1000;
function issue(dir, ca, name, opts) {
    const key = join(dir, `${name}.key`);
    const csr = join(dir, `${name}.csr`);
    const cert = join(dir, `${name}.crt`);
    const ext = join(dir, `${name}.ext`);
    const sans = opts.sans ?? ['IP:127.0.0.1', 'DNS:localhost'];
    writeFileSync(ext, [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment,keyAgreement',
        'extendedKeyUsage=serverAuth,clientAuth',
        ...(sans.length > 0 ? [`subjectAltName=${sans.join(',')}`] : []),
    ].join('\n') + '\n');
    openssl(['req', '-new', ...EC, '-keyout', key, '-out', csr, '-subj', opts.subject ?? `/CN=${name}`], dir);
    if (opts.expired) {
        const caDir = join(dir, `${ca.name}-db`);
        rmSync(caDir, { recursive: true, force: true });
        spawnSync('mkdir', ['-p', caDir]);
        writeFileSync(join(caDir, 'index.txt'), '');
        writeFileSync(join(caDir, 'serial'), `${(serial++).toString(16).padStart(4, '0')}\n`);
        writeFileSync(join(caDir, 'ca.cnf'), [
            '[ca]', 'default_ca=d', '[d]', `dir=${caDir}`, 'database=$dir/index.txt', 'new_certs_dir=$dir', 'serial=$dir/serial',
            'default_md=sha256', 'policy=p', 'unique_subject=no', '[p]', 'commonName=supplied',
        ].join('\n') + '\n');
        openssl(['ca', '-batch', '-notext', '-config', join(caDir, 'ca.cnf'), '-cert', ca.certFile, '-keyfile', ca.keyFile, '-in', csr, '-out', cert,
            '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-extfile', ext], dir);
    }
    else {
        openssl(['x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-set_serial', String(serial++), '-days', '30', '-out', cert, '-extfile', ext], dir);
    }
    const pem = join(dir, `${name}-keystore.pem`);
    writeFileSync(pem, readFileSync(key, 'utf8') + readFileSync(cert, 'utf8') + readFileSync(ca.certFile, 'utf8'));
    const p12 = join(dir, `${name}.p12`);
    openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-certfile', ca.certFile, '-name', name, '-out', p12, '-passout', `pass:${STORE_PASSWORD}`], dir);
    return { name, key, cert, pem, p12 };
}
/** TLS options of this library's client: trust `ca`, present `client` (if any). */
export function clientTls(ca, client) {
    return { ca: readFileSync(ca.certFile, 'utf8'), ...(client ? { key: readFileSync(client.key, 'utf8'), cert: readFileSync(client.cert, 'utf8') } : {}) };
}
/** zoo.cfg lines for a TLS client port with PEM stores. */
export function secureServerConfig(ca, server, securePort, extra = {}) {
    return {
        secureClientPort: securePort,
        secureClientPortAddress: '127.0.0.1',
        'ssl.keyStore.location': server.pem,
        'ssl.trustStore.location': ca.certFile,
        ...extra,
    };
}
//# sourceMappingURL=certs.js.map