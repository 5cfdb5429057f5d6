#!/usr/bin/env node
// TLS on vs off, zk-ts and Apache ZooKeeper 3.8 (Debian's package), measured with
// `bin/zk-bench load` (this repository's client on both sides, so only the server differs).
// Each server runs standalone with a plain and a TLS client port (Apache ZooKeeper with its
// Netty factory, needed for TLS, on both ports; Debian's zookeeper.jar needs netty-codec and
// netty-resolver added to its class path for TLS); runs alternate plain/TLS so that noise spreads
// over both; medians (and the spread) of --runs runs are printed. Certificates are made with
// openssl in a temp directory (EC P-256, client certificates required).
//
//   flock /tmp/zkts-heavy.lock node scripts/bench-tls.mjs [--runs 3] [--seconds 10] [--ops get,set] [--servers zkts,apache]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const runs = Number(args.runs ?? 3);
const seconds = Number(args.seconds ?? 10);
const ops = (args.ops ?? 'get,set').split(',');
const kinds = (args.servers ?? 'zkts,apache').split(',');

const dir = mkdtempSync(join(tmpdir(), 'zkts-bench-tls-'));
const ssl = (a) => {
  const r = spawnSync('openssl', a, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${a.join(' ')}: ${r.stderr}`);
};
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
ssl(['req', '-x509', '-new', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=bench CA', '-addext', 'basicConstraints=critical,CA:TRUE']);
for (const name of ['server', 'client']) {
  writeFileSync(join(dir, `${name}.ext`), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  ssl(['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  ssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', name === 'server' ? '1' : '2', '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`]);
  writeFileSync(join(dir, `${name}-keystore.pem`), readFileSync(join(dir, `${name}.key`), 'utf8') + readFileSync(join(dir, `${name}.crt`), 'utf8'));
}
const clientProps = join(dir, 'client.properties');
writeFileSync(clientProps, `zookeeper.client.secure=true\nzookeeper.ssl.keyStore.location=${dir}/client-keystore.pem\nzookeeper.ssl.trustStore.location=${dir}/ca.pem\n`);

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

function ruok(port) {
  return new Promise((res) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write('ruok'));
    let t = '';
    s.on('data', (d) => (t += d));
    s.on('close', () => res(t));
    s.on('error', () => res(''));
  });
}

async function startServer(kind) {
  const port = await freePort();
  const securePort = await freePort();
  const data = join(dir, `${kind}-data`);
  const cfg = join(dir, `${kind}.cfg`);
  const common = [
    'tickTime=2000', `dataDir=${data}`, `clientPort=${port}`, 'clientPortAddress=127.0.0.1', 'maxClientCnxns=0', '4lw.commands.whitelist=*',
    `secureClientPort=${securePort}`, 'secureClientPortAddress=127.0.0.1',
    `ssl.keyStore.location=${dir}/server-keystore.pem`, 'ssl.keyStore.type=PEM', `ssl.trustStore.location=${dir}/ca.pem`, 'ssl.trustStore.type=PEM',
  ];
  let child;
  if (kind === 'zkts') {
    writeFileSync(cfg, common.join('\n') + '\n');
    child = spawn(process.execPath, [join(root, 'bin', 'zk-server'), '--config', cfg, '--log-level', 'warn'], { stdio: 'ignore' });
  } else {
    writeFileSync(cfg, [...common, 'serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory', 'admin.enableServer=false'].join('\n') + '\n');
    child = spawn('java', ['-Xmx512m', '-Dzookeeper.admin.enableServer=false', '-Dzookeeper.root.logger=WARN,CONSOLE', '-cp', '/usr/share/java/zookeeper.jar:/usr/share/java/netty-codec.jar:/usr/share/java/netty-resolver.jar', 'org.apache.zookeeper.server.ZooKeeperServerMain', cfg], { stdio: 'ignore' });
  }
  for (let i = 0; i < 300 && (await ruok(port)) !== 'imok'; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1000));
  return { port, securePort, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

function bench(server, op, tls) {
  const a = [join(root, 'bin', 'zk-bench'), 'load', '--server', `127.0.0.1:${tls ? server.securePort : server.port}`, '--op', op, '--seconds', String(seconds)];
  if (tls) a.push('--client-configuration', clientProps);
  const r = spawnSync(process.execPath, a, { encoding: 'utf8' });
  // zk-bench prints one JSON line per run on stdout (docs/bench.md).
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  const result = line ? JSON.parse(line) : null;
  if (r.status !== 0 || !result || typeof result.opsPerSec !== 'number') throw new Error(`zk-bench failed: ${r.stdout}${r.stderr}`);
  return { tput: result.opsPerSec, p99: result.latencyMs.p99 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs, unit, digits = 0) => `${median(xs).toFixed(digits)}${unit} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

try {
  for (const kind of kinds) {
    const server = await startServer(kind);
    try {
      for (const op of ops) {
        const res = { plain: [], tls: [] };
        for (let i = 0; i < runs; i++) for (const mode of ['plain', 'tls']) res[mode].push(bench(server, op, mode === 'tls'));
        for (const mode of ['plain', 'tls']) {
          const t = res[mode].map((x) => x.tput);
          const p = res[mode].map((x) => x.p99);
          console.log(`${kind} ${op} ${mode}: ${fmt(t, ' ops/s')}, p99 ${fmt(p, ' ms', 1)}`);
        }
        const ratio = median(res.tls.map((x) => x.tput)) / median(res.plain.map((x) => x.tput));
        console.log(`${kind} ${op} TLS/plain throughput: ${ratio.toFixed(2)}`);
      }
    } finally {
      await server.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
