/**
 * The AdminServer of a real zk-server process, side by side with Apache ZooKeeper 3.8's own
 * (Jetty) AdminServer: the same commands answer with the same fields; unknown commands, bad
 * paths and other methods are refused in JSON; /metrics passes Debian's `promtool check metrics`
 * (apart from the lint on ZooKeeper's historical metric names); the dashboard page is served.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fourLetterWord, startZkTs, waitFor, type ZkTsServer } from '../support/zkts-server.js';
import { getJson, LINT_ALLOWED, promtool } from '../support/admin-http.js';
import { startApacheZooKeeper, type ApacheZooKeeper } from '../support/apache-zk.js';
import { freePort } from '../support/free-port.js';
import { ZooKeeperClient, CreateMode } from '../../src/client/index.js';

/** Commands whose whole field list must equal ZooKeeper's. */
const SAME_FIELDS = [
  'ruok', 'server_stats', 'stats', 'connections', 'configuration', 'dirs', 'dump', 'get_trace_mask', 'hash', 'initial_configuration',
  'is_read_only', 'last_snapshot', 'leader', 'observers', 'voting_view', 'watches', 'watches_by_path', 'watch_summary', 'zabstate',
  'connection_stat_reset', 'stat_reset', 'observer_connection_stat_reset',
];

/** A session with an ephemeral and watches, so connections, dump and watches have something to show. */
async function busyClient(connectString: string): Promise<ZooKeeperClient> {
  const c = new ZooKeeperClient(connectString, { sessionTimeout: 4000 });
  await c.connected(10_000);
  await c.create('/app', 'hello');
  await c.create('/app/e1', 'x', { mode: CreateMode.EPHEMERAL });
  await c.getData('/app', true);
  await c.exists('/app/e1', true);
  return c;
}

describe('AdminServer', () => {
  let ours: ZkTsServer;
  let theirs: ApacheZooKeeper;
  let admin: string;
  let metricsUrl: string;
  let zkAdmin: string;
  const clients: ZooKeeperClient[] = [];

  before(async () => {
    const adminPort = await freePort();
    const metricsPort = await freePort();
    ours = await startZkTs({
      extra: {
        'admin.enableServer': true,
        'admin.serverAddress': '127.0.0.1',
        'admin.serverPort': adminPort,
        'metricsProvider.className': 'org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider',
        'metricsProvider.httpHost': '127.0.0.1',
        'metricsProvider.httpPort': metricsPort,
      },
    });
    admin = `http://127.0.0.1:${adminPort}`;
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    await waitFor(() => ours.output().includes('Prometheus metrics on'), 10_000, () => `no admin server:\n${ours.output()}`);
    theirs = await startApacheZooKeeper({ admin: true });
    zkAdmin = `http://127.0.0.1:${theirs.adminPort}`;
    // Jetty starts after the client port: wait until ZooKeeper's ruok answers without error.
    const deadline = Date.now() + 30_000;
    while ((await getJson(`${zkAdmin}/commands/ruok`).catch(() => null))?.body?.error !== null) {
      if (Date.now() > deadline) throw new Error(`Apache ZooKeeper's AdminServer did not start:\n${theirs.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    clients.push(await busyClient(ours.connectString), await busyClient(theirs.connectString));
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    await ours?.cleanup();
    await theirs?.stop();
  });

  test("the command list: ZooKeeper's commands, as links", async () => {
    const ourList = await (await fetch(`${admin}/commands`)).text();
    const zkList = await (await fetch(`${zkAdmin}/commands`)).text();
    const names = (html: string) => [...html.matchAll(/<a href="\/commands\/(\w+)">\1<\/a>/g)].map((m) => m[1]);
    const zkNames = names(zkList).filter((n) => n !== 'system_properties');
    const ZK_TS_ONLY = ['request_leadership', 'transfer_leadership'];
    assert.deepEqual(names(ourList).filter((n) => !ZK_TS_ONLY.includes(n!)), zkNames);
    for (const n of ZK_TS_ONLY) assert.ok(names(ourList).includes(n), n);
  });

  for (const name of SAME_FIELDS) {
    test(`${name}: the fields Apache ZooKeeper 3.8's AdminServer answers`, async () => {
      const a = await getJson(`${admin}/commands/${name}`);
      const z = await getJson(`${zkAdmin}/commands/${name}`);
      assert.equal(a.status, 200);
      assert.equal(a.headers.get('content-type'), 'application/json');
      assert.deepEqual(Object.keys(a.body), Object.keys(z.body), `${name}: ${JSON.stringify(a.body)} vs ${JSON.stringify(z.body)}`);
      assert.equal(a.body.command, z.body.command);
      assert.equal(a.body.error, z.body.error);
    });
  }

  test('nested objects: server stats, a connection, the dump of the session', async () => {
    const sorted = (o: object) => Object.keys(o).sort();
    const a = (await getJson(`${admin}/commands/stat`)).body;
    const z = (await getJson(`${zkAdmin}/commands/stat`)).body;
    assert.deepEqual(sorted(a.server_stats), sorted(z.server_stats));
    assert.deepEqual(Object.keys(a.connections[0]), Object.keys(z.connections[0]));
    const ac = (await getJson(`${admin}/commands/cons`)).body.connections[0];
    const zc = (await getJson(`${zkAdmin}/commands/cons`)).body.connections[0];
    assert.deepEqual(Object.keys(ac), Object.keys(zc));
    assert.match(ac.remote_socket_address, /^127\.0\.0\.1:\d+$/);
    const dump = (await getJson(`${admin}/commands/dump`)).body;
    assert.deepEqual(Object.values(dump.session_id_to_ephemeral_paths), [['/app/e1']]);
    const watches = (await getJson(`${admin}/commands/watches_by_path`)).body.path_to_session_ids;
    assert.deepEqual(Object.keys(watches).sort(), ['/app', '/app/e1']);
  });

  test("monitor: ZooKeeper's keys where zk-ts has the value", async () => {
    const a = (await getJson(`${admin}/commands/monitor`)).body;
    const z = (await getJson(`${zkAdmin}/commands/mntr`)).body;
    for (const k of Object.keys(a)) assert.ok(k in z, `${k} is a ZooKeeper monitor key`);
    assert.equal(a.znode_count, 7);
    assert.equal(a.znode_count, z.znode_count, 'both count the same tree the same way');
  });

  test('an unknown command, a bad path, another method: JSON errors, and the server goes on', async () => {
    const unknown = await getJson(`${admin}/commands/nope`);
    const zkUnknown = await getJson(`${zkAdmin}/commands/nope`);
    assert.equal(unknown.status, 200, "ZooKeeper 3.8's CommandServlet answers every command name with 200");
    assert.equal(unknown.status, zkUnknown.status);
    assert.deepEqual(unknown.body, zkUnknown.body);
    const bad = await getJson(`${admin}/no/such/path`);
    assert.equal(bad.status, 404);
    assert.deepEqual(bad.body, { error: 'not found: /no/such/path' });
    assert.equal((await getJson(`${admin}/commands/%E0%A4%A`)).status, 400);
    const post = await getJson(`${admin}/commands/ruok`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal((await fetch(`${zkAdmin}/commands/ruok`, { method: 'POST' })).status, 405);
    assert.equal((await getJson(`${admin}/commands/ruok`)).body.error, null, 'still answering');
  });

  test('set_trace_mask takes its argument from the query string, as ZooKeeper', async () => {
    for (const base of [admin, zkAdmin]) {
      assert.equal((await getJson(`${base}/commands/set_trace_mask?traceMask=310`)).body.tracemask, 310);
      assert.equal((await getJson(`${base}/commands/gtmk`)).body.tracemask, 310);
      await getJson(`${base}/commands/stmk?traceMask=306`);
    }
  });

  test('four-letter words and admin commands read the same data', async () => {
    const text = await fourLetterWord(ours.port, 'wchs');
    const json = (await getJson(`${admin}/commands/wchs`)).body;
    assert.equal(text, `${json.num_connections} connections watching ${json.num_paths} paths\nTotal watches:${json.num_total_watches}\n`);
  });

  test('/metrics on the admin port and on metricsProvider.httpPort passes promtool', async () => {
    for (const url of [`${admin}/metrics`, metricsUrl]) {
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      assert.match(text, /^znode_count 7$/m);
      assert.match(text, /^request_duration_seconds_count\{op="create"\} 2$/m);
      const verdict = promtool(text);
      assert.ok(verdict.status === 0 || verdict.status === 3, `promtool failed to parse the scrape:\n${verdict.lines.join('\n')}`);
      const complaints = verdict.lines.filter((l) => !LINT_ALLOWED.test(l));
      assert.deepEqual(complaints, [], 'only the compatibility names draw lint');
    }
    assert.equal((await fetch(metricsUrl.replace('/metrics', '/commands/ruok'))).status, 404, 'the metrics port serves /metrics alone');
  });

  test('the dashboard page and its API', async () => {
    const page = await fetch(`${admin}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>zk-ts dashboard<\/title>/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const node = await getJson(`${admin}/api/znode?path=/app`);
    assert.equal(Buffer.from(node.body.data, 'base64').toString(), 'hello');
    assert.deepEqual(node.body.children, ['e1']);
    assert.equal(node.body.acl[0].perms, 'cdrwa');
    assert.equal((await getJson(`${admin}/api/znode?path=/nope`)).status, 404);
    const sessions = (await getJson(`${admin}/api/sessions`)).body;
    assert.equal(sessions.total, 1);
    assert.deepEqual(sessions.sessions[0].ephemerals, ['/app/e1']);
    assert.match(sessions.sessions[0].id, /^0x[0-9a-f]+$/);
    const write = await getJson(`${admin}/api/znode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zk-dashboard': '1' }, body: '{}' });
    assert.equal(write.status, 403, 'read-only unless admin.dashboard.write=true');
  });
});
