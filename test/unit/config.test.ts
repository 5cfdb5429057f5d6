import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  isStandalone,
  makeConfig,
  parseMyId,
  parseProperties,
  parseZooCfg,
  selfSpec,
  validateMyId,
  withSelfClientAddress,
} from '../../src/config/index.js';
import { formatConfigError, loadConfig } from '../../src/main/config-loader.js';
import { outstandingLimit } from '../../src/main/client-port.js';
import { asSid } from '../../src/base/ids.js';

const F = 'conf/zoo.cfg';
const parse = (text: string) => parseZooCfg(text, F);
const cfg = (text: string) => parse(text).config;

/** Asserts that fn throws a ConfigError with exactly this message and these fields. */
function throwsConfig(fn: () => unknown, message: string, fields?: { line?: number | undefined; key?: string | undefined }): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.equal(e.message, message);
    if (fields && 'line' in fields) assert.equal(e.line, fields.line);
    if (fields && 'key' in fields) assert.equal(e.key, fields.key);
    return true;
  });
}

const ENSEMBLE = [
  'dataDir=/d',
  'server.3=10.0.0.3:2888:3888',
  'server.1=10.0.0.1:2888:3888',
  'server.2=10.0.0.2:2888:3888',
].join('\n');

describe('properties format', () => {
  test('separators, comments, whitespace, continuation, escapes', () => {
    const entries = parseProperties(
      [
        '# comment',
        '! also a comment',
        '',
        '  a=1',
        'b = 2  ',
        'c: 3',
        'd 4',
        'e=x\\',
        '   y',
        'f=\\u0041\\tB\\:',
        'g',
      ].join('\r\n'),
      F,
    );
    assert.deepEqual(entries, [
      { key: 'a', value: '1', line: 4 },
      { key: 'b', value: '2', line: 5 },
      { key: 'c', value: '3', line: 6 },
      { key: 'd', value: '4', line: 7 },
      { key: 'e', value: 'xy', line: 8 },
      { key: 'f', value: 'A\tB:', line: 10 },
      { key: 'g', value: '', line: 11 },
    ]);
  });

  test('value may contain = and :', () => {
    assert.deepEqual(parseProperties('k=a=b:c', F), [{ key: 'k', value: 'a=b:c', line: 1 }]);
  });

  test('malformed \\u escape is an error with the line', () => {
    throwsConfig(() => parseProperties('a=1\nb=\\u12x4', F), "conf/zoo.cfg:2: malformed \\uXXXX escape '\\u12x4'", {
      line: 2,
    });
  });
});

describe('parseZooCfg defaults and keys', () => {
  test('defaults with only dataDir', () => {
    const { config, warnings } = parse('dataDir=/var/zk');
    assert.deepEqual(warnings, []);
    assert.equal(config.tickTime, 2000);
    assert.equal(config.initLimit, 10);
    assert.equal(config.syncLimit, 5);
    assert.equal(config.dataDir, '/var/zk');
    assert.equal(config.dataLogDir, '/var/zk');
    assert.equal(config.clientPort, 2181);
    assert.equal(config.clientPortAddress, '0.0.0.0');
    assert.equal(config.maxClientCnxns, 60);
    assert.equal(config.minSessionTimeout, 4000);
    assert.equal(config.maxSessionTimeout, 40000);
    assert.equal(config.snapCount, 100000);
    assert.equal(config.autopurgeSnapRetainCount, 3);
    assert.equal(config.autopurgePurgeInterval, 0);
    assert.deepEqual(config.fourLetterWordWhitelist, new Set(['srvr']));
    assert.equal(config.juteMaxBuffer, 1048575);
    assert.equal(config.extendedTypesEnabled, false);
    assert.equal(config.electionAlg, 'fast');
    assert.equal(config.electionKey, undefined);
    assert.deepEqual(config.servers, []);
    assert.equal(config.adminServerPort, undefined);
    assert.equal(config.superDigest, undefined);
    assert.equal(config.standaloneEnabled, true);
    assert.equal(config.logFile, undefined);
    assert.equal(isStandalone(config), true);
  });

  test('every key parsed', () => {
    const { config, warnings } = parse(
      [
        'tickTime=500',
        'initLimit=7',
        'syncLimit=3',
        'dataDir=/a',
        'dataLogDir=/b',
        'clientPort=3000',
        'clientPortAddress=127.0.0.1',
        'maxClientCnxns=0',
        'minSessionTimeout=1500',
        'maxSessionTimeout=90000',
        'snapCount=5000',
        'autopurge.snapRetainCount=7',
        'autopurge.purgeInterval=24',
        '4lw.commands.whitelist=ruok, mntr',
        'jute.maxbuffer=4194304',
        'extendedTypesEnabled=TRUE',
        'electionAlg=0',
        'electionKey=s3cret',
        'admin.enableServer=true',
        'admin.serverPort=8081',
        'DigestAuthenticationProvider.superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=',
        'standaloneEnabled=false',
        'logFile=logs/zk.log',
        'server.1=127.0.0.1:2888:3888',
      ].join('\n'),
    );
    assert.deepEqual(warnings, []);
    assert.equal(config.tickTime, 500);
    assert.equal(config.initLimit, 7);
    assert.equal(config.syncLimit, 3);
    assert.equal(config.dataDir, '/a');
    assert.equal(config.dataLogDir, '/b');
    assert.equal(config.clientPort, 3000);
    assert.equal(config.clientPortAddress, '127.0.0.1');
    assert.equal(config.maxClientCnxns, 0);
    assert.equal(config.minSessionTimeout, 1500);
    assert.equal(config.maxSessionTimeout, 90000);
    assert.equal(config.snapCount, 5000);
    assert.equal(config.autopurgeSnapRetainCount, 7);
    assert.equal(config.autopurgePurgeInterval, 24);
    assert.deepEqual(config.fourLetterWordWhitelist, new Set(['srvr', 'ruok', 'mntr']));
    assert.equal(config.juteMaxBuffer, 4194304);
    assert.equal(config.extendedTypesEnabled, true);
    assert.equal(config.electionAlg, 'basic');
    assert.equal(config.electionKey, 's3cret');
    assert.equal(config.adminServerPort, 8081);
    assert.equal(config.superDigest, 'super:D/InIHSb7yEEbrWz8b9l71RjZJU=');
    assert.equal(config.standaloneEnabled, false);
    assert.equal(config.logFile, 'logs/zk.log');
    assert.equal(config.servers.length, 1);
    assert.equal(isStandalone(config), false, 'one participant with standaloneEnabled=false is a quorum');
  });

  test('zookeeper.extendedTypesEnabled alias', () => {
    assert.equal(cfg('dataDir=/d\nzookeeper.extendedTypesEnabled=true').extendedTypesEnabled, true);
  });

  test('admin.enableServer=false disables the admin port', () => {
    assert.equal(cfg('dataDir=/d\nadmin.serverPort=8080\nadmin.enableServer=false').adminServerPort, undefined);
  });

  test('admin server: off by default, port 8080 once enabled; address, command URL, dashboard keys', () => {
    assert.equal(cfg('dataDir=/d\nadmin.serverPort=9090').adminServerPort, undefined, 'a port alone does not enable it');
    const on = cfg('dataDir=/d\nadmin.enableServer=true');
    assert.equal(on.adminServerPort, 8080);
    assert.equal(on.adminServerAddress, '0.0.0.0');
    assert.equal(on.adminCommandUrl, '/commands');
    assert.equal(on.adminDashboardWrite, false);
    assert.deepEqual(on.adminDashboardPeers, []);
    const c = parse(
      ['dataDir=/d', 'admin.enableServer=true', 'admin.serverPort=9090', 'admin.serverAddress=127.0.0.1', 'admin.commandURL=/zk/cmds',
        'admin.dashboard.write=true', 'admin.dashboard.peer.2=10.0.0.2:9092', 'admin.dashboard.peer.3=[::1]:9093'].join('\n'),
    );
    assert.deepEqual(c.warnings, []);
    assert.equal(c.config.adminServerPort, 9090);
    assert.equal(c.config.adminServerAddress, '127.0.0.1');
    assert.equal(c.config.adminCommandUrl, '/zk/cmds');
    assert.equal(c.config.adminDashboardWrite, true);
    assert.deepEqual(c.config.adminDashboardPeers, [{ id: 2, host: '10.0.0.2', port: 9092 }, { id: 3, host: '::1', port: 9093 }]);
  });

  test('metrics provider: only the Prometheus provider opens an endpoint (port 7000 by default)', () => {
    const none = cfg('dataDir=/d\nmetricsProvider.httpPort=7001');
    assert.equal(none.metricsHttpPort, undefined);
    const p = cfg('dataDir=/d\nmetricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider');
    assert.equal(p.metricsHttpPort, 7000);
    assert.equal(p.metricsHttpHost, '0.0.0.0');
    assert.equal(p.metricsExportProcessInfo, true);
    const q = cfg(
      'dataDir=/d\nmetricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider\n' +
        'metricsProvider.httpPort=7010\nmetricsProvider.httpHost=127.0.0.1\nmetricsProvider.exportJvmInfo=false',
    );
    assert.equal(q.metricsHttpPort, 7010);
    assert.equal(q.metricsHttpHost, '127.0.0.1');
    assert.equal(q.metricsExportProcessInfo, false);
    const other = parse('dataDir=/d\nmetricsProvider.className=com.example.Custom');
    assert.equal(other.config.metricsHttpPort, undefined);
    assert.match(other.warnings[0]!, /^conf\/zoo\.cfg:2: key 'metricsProvider\.className': unsupported metrics provider 'com\.example\.Custom'/);
  });

  test('session timeouts follow tickTime; -1 means the default', () => {
    const c = cfg('tickTime=3000\ndataDir=/d');
    assert.equal(c.minSessionTimeout, 6000);
    assert.equal(c.maxSessionTimeout, 60000);
    const d = cfg('dataDir=/d\ntickTime=100\nminSessionTimeout=-1\nmaxSessionTimeout=-1');
    assert.equal(d.minSessionTimeout, 200);
    assert.equal(d.maxSessionTimeout, 2000);
    // order in the file does not matter: tickTime after the timeouts still sets their defaults
    const e = cfg('maxSessionTimeout=10000\ndataDir=/d\ntickTime=1000');
    assert.equal(e.minSessionTimeout, 2000);
    assert.equal(e.maxSessionTimeout, 10000);
  });

  test('min > max session timeout is an error on the explicit key', () => {
    throwsConfig(
      () => parse('dataDir=/d\nminSessionTimeout=50000'),
      "conf/zoo.cfg:2: key 'minSessionTimeout': minSessionTimeout (50000) must not be larger than maxSessionTimeout (40000)",
    );
    throwsConfig(
      () => parse('dataDir=/d\n\nmaxSessionTimeout=3000'),
      "conf/zoo.cfg:3: key 'maxSessionTimeout': minSessionTimeout (4000) must not be larger than maxSessionTimeout (3000)",
    );
  });

  test('4lw whitelist: *, srvr always, unknown words warned', () => {
    assert.equal(cfg('dataDir=/d\n4lw.commands.whitelist=*').fourLetterWordWhitelist, '*');
    assert.equal(cfg('dataDir=/d\n4lw.commands.whitelist=ruok, *').fourLetterWordWhitelist, '*');
    assert.deepEqual(cfg('dataDir=/d\n4lw.commands.whitelist=').fourLetterWordWhitelist, new Set(['srvr']));
    const { config, warnings } = parse('dataDir=/d\n4lw.commands.whitelist=stat,bogus,,ruok');
    assert.deepEqual(config.fourLetterWordWhitelist, new Set(['srvr', 'stat', 'ruok']));
    assert.deepEqual(warnings, ["conf/zoo.cfg:2: key '4lw.commands.whitelist': unknown four-letter word 'bogus', ignored"]);
  });

  test('electionAlg mapping', () => {
    assert.equal(cfg('dataDir=/d\nelectionAlg=0').electionAlg, 'basic');
    assert.equal(cfg('dataDir=/d\nelectionAlg=1').electionAlg, 'fast');
    assert.equal(cfg('dataDir=/d\nelectionAlg=2').electionAlg, 'fast');
    assert.equal(cfg('dataDir=/d\nelectionAlg=3').electionAlg, 'fast');
    throwsConfig(
      () => parse('dataDir=/d\nelectionAlg=5'),
      "conf/zoo.cfg:2: key 'electionAlg': expected 0 (basic) or 1, 2, 3 (fast), got '5'",
      { line: 2, key: 'electionAlg' },
    );
    throwsConfig(() => parse('electionAlg=fast\ndataDir=/d'), "conf/zoo.cfg:1: key 'electionAlg': expected 0 (basic) or 1, 2, 3 (fast), got 'fast'");
  });

  test('autopurge.snapRetainCount below 3 is raised with a warning', () => {
    const { config, warnings } = parse('dataDir=/d\nautopurge.snapRetainCount=1');
    assert.equal(config.autopurgeSnapRetainCount, 3);
    assert.deepEqual(warnings, ["conf/zoo.cfg:2: key 'autopurge.snapRetainCount': 1 is below the minimum 3; using 3"]);
  });

  test('unknown key warns with file:line and key; accepted-unused keys are silent', () => {
    const { config, warnings } = parse(
      ['dataDir=/d', 'fooBar=1', 'reconfigEnabled=false', 'preAllocSize=65536', 'cnxTimeout=5000', 'peerType=participant', 'metricsProvider.className=org.apache.zookeeper.metrics.impl.DefaultMetricsProvider', 'metricsProvider.httpPort=7000', 'quorumListenOnAllIPs=true', 'globalOutstandingLimit=1000', 'leaderServes=yes'].join('\n'),
    );
    assert.equal(config.dataDir, '/d');
    assert.deepEqual(warnings, ["conf/zoo.cfg:2: key 'fooBar': unknown key, ignored"]);
  });

  test('client resource bounds: globalOutstandingLimit (also as zookeeper.globalOutstandingLimit) and maxClientUnsentBytes', () => {
    const defaults = parse('dataDir=/d').config;
    assert.equal(defaults.globalOutstandingLimit, 1000);
    assert.equal(defaults.maxClientUnsentBytes, 64 * 1024 * 1024);
    assert.equal(parse('dataDir=/d\njute.maxbuffer=4194304').config.maxClientUnsentBytes, 32 * 4194304, 'the default follows jute.maxbuffer');
    const set = parse('dataDir=/d\nglobalOutstandingLimit=50\nmaxClientUnsentBytes=1048576');
    assert.deepEqual(set.warnings, []);
    assert.equal(set.config.globalOutstandingLimit, 50);
    assert.equal(set.config.maxClientUnsentBytes, 1048576);
    assert.equal(parse('dataDir=/d\nzookeeper.globalOutstandingLimit=7').config.globalOutstandingLimit, 7);
  });

  test('a quorum member takes its share of globalOutstandingLimit, as ZooKeeper does: divided by voters - 1 above two voters', () => {
    const members = (voters: number, observers = 0) =>
      parse(['dataDir=/d', 'globalOutstandingLimit=1000', ...Array.from({ length: voters + observers }, (_, i) => `server.${i + 1}=h${i}:2888:3888${i >= voters ? ':observer' : ''}`)].join('\n')).config;
    assert.equal(outstandingLimit(parse('dataDir=/d\nglobalOutstandingLimit=1000').config), 1000);
    assert.equal(outstandingLimit(members(2)), 1000);
    assert.equal(outstandingLimit(members(3)), 500);
    assert.equal(outstandingLimit(members(5, 2)), 250);
  });

  test('duplicate key: last wins, with a warning', () => {
    const { config, warnings } = parse('tickTime=1000\ndataDir=/d\ntickTime=3000');
    assert.equal(config.tickTime, 3000);
    assert.deepEqual(warnings, ["conf/zoo.cfg:3: key 'tickTime': set again (first on line 1); the last value wins"]);
  });

  test('an invalid value that is overridden later is not an error (last wins)', () => {
    assert.equal(cfg('tickTime=abc\ntickTime=10\ndataDir=/d').tickTime, 10);
  });

  test('secureClientPort without a key store is an error; dynamicConfigFile is an error', () => {
    throwsConfig(
      () => parse('dataDir=/d\nsecureClientPort=2281'),
      "conf/zoo.cfg:2: key 'secureClientPort': TLS on the client port needs ssl.keyStore.location",
    );
    throwsConfig(
      () => parse('dataDir=/d\ndynamicConfigFile=/etc/zk/zoo.cfg.dynamic'),
      "conf/zoo.cfg:2: key 'dynamicConfigFile': dynamic configuration files are not supported; list the server.N lines in zoo.cfg",
    );
  });

  test('warnings come out in line order', () => {
    const { warnings } = parse('zzz=1\ndataDir=/d\nautopurge.snapRetainCount=0\naaa=2');
    assert.deepEqual(
      warnings.map((w) => w.split(':')[1]),
      ['1', '3', '4'],
    );
  });

  test('the lines map records explicit keys', () => {
    const { lines } = parse('dataDir=/d\n\nclientPort=2182\nserver.1=h:1:2\nserver.2=g:1:2');
    assert.equal(lines.get('dataDir'), 1);
    assert.equal(lines.get('clientPort'), 3);
    assert.equal(lines.get('server.2'), 5);
    assert.equal(lines.has('tickTime'), false);
  });
});

describe('value errors name file:line and key', () => {
  const cases: [string, string][] = [
    ['tickTime=abc', "conf/zoo.cfg:2: key 'tickTime': expected a positive integer, got 'abc'"],
    ['tickTime=0', "conf/zoo.cfg:2: key 'tickTime': expected a positive integer, got '0'"],
    ['tickTime=-5', "conf/zoo.cfg:2: key 'tickTime': expected a positive integer, got '-5'"],
    ['tickTime=0x10', "conf/zoo.cfg:2: key 'tickTime': expected a positive integer, got '0x10'"],
    ['tickTime=1.5', "conf/zoo.cfg:2: key 'tickTime': expected a positive integer, got '1.5'"],
    ['tickTime=99999999999', "conf/zoo.cfg:2: key 'tickTime': expected a positive integer, got '99999999999'"],
    ['initLimit=0', "conf/zoo.cfg:2: key 'initLimit': expected a positive integer, got '0'"],
    ['syncLimit=', "conf/zoo.cfg:2: key 'syncLimit': expected a positive integer, got ''"],
    ['clientPort=0', "conf/zoo.cfg:2: key 'clientPort': expected a port number 1..65535, got '0'"],
    ['clientPort=65536', "conf/zoo.cfg:2: key 'clientPort': expected a port number 1..65535, got '65536'"],
    ['clientPortAddress=', "conf/zoo.cfg:2: key 'clientPortAddress': expected a host name or address, got ''"],
    ['maxClientCnxns=-1', "conf/zoo.cfg:2: key 'maxClientCnxns': expected a non-negative integer, got '-1'"],
    ['minSessionTimeout=0', "conf/zoo.cfg:2: key 'minSessionTimeout': expected a positive integer, got '0'"],
    ['snapCount=many', "conf/zoo.cfg:2: key 'snapCount': expected a positive integer, got 'many'"],
    ['autopurge.purgeInterval=1h', "conf/zoo.cfg:2: key 'autopurge.purgeInterval': expected a non-negative integer, got '1h'"],
    ['jute.maxbuffer=0', "conf/zoo.cfg:2: key 'jute.maxbuffer': expected a positive integer, got '0'"],
    ['globalOutstandingLimit=0', "conf/zoo.cfg:2: key 'globalOutstandingLimit': expected a positive integer, got '0'"],
    ['maxClientUnsentBytes=1MB', "conf/zoo.cfg:2: key 'maxClientUnsentBytes': expected a positive integer, got '1MB'"],
    ['extendedTypesEnabled=yes', "conf/zoo.cfg:2: key 'extendedTypesEnabled': expected true or false, got 'yes'"],
    ['zookeeper.extendedTypesEnabled=1', "conf/zoo.cfg:2: key 'zookeeper.extendedTypesEnabled': expected true or false, got '1'"],
    ['standaloneEnabled=on', "conf/zoo.cfg:2: key 'standaloneEnabled': expected true or false, got 'on'"],
    ['admin.enableServer=no', "conf/zoo.cfg:2: key 'admin.enableServer': expected true or false, got 'no'"],
    ['admin.serverPort=http', "conf/zoo.cfg:2: key 'admin.serverPort': expected a port number 1..65535, got 'http'"],
    ['admin.commandURL=commands', "conf/zoo.cfg:2: key 'admin.commandURL': expected a URL path such as /commands, got 'commands'"],
    ['admin.dashboard.write=maybe', "conf/zoo.cfg:2: key 'admin.dashboard.write': expected true or false, got 'maybe'"],
    ['admin.dashboard.peer.2=host', "conf/zoo.cfg:2: key 'admin.dashboard.peer.2': expected host:port, got 'host'"],
    ['admin.dashboard.peer.0=h:1', "conf/zoo.cfg:2: key 'admin.dashboard.peer.0': expected admin.dashboard.peer.N with N an integer 1..255"],
    ['metricsProvider.httpPort=0', "conf/zoo.cfg:2: key 'metricsProvider.httpPort': expected a port number 1..65535, got '0'"],
    ['electionKey=', "conf/zoo.cfg:2: key 'electionKey': expected a shared secret, got an empty value"],
    ['dataLogDir=', "conf/zoo.cfg:2: key 'dataLogDir': expected a directory path, got an empty value"],
    ['logFile=', "conf/zoo.cfg:2: key 'logFile': expected a file path, got an empty value"],
    ['DigestAuthenticationProvider.superDigest=nocolon', "conf/zoo.cfg:2: key 'DigestAuthenticationProvider.superDigest': expected user:base64hash"],
  ];
  for (const [line, message] of cases) {
    test(line, () => {
      const key = line.split('=')[0];
      throwsConfig(() => parse(`dataDir=/d\n${line}`), message, { line: 2, key });
    });
  }

  test('missing dataDir', () => {
    throwsConfig(() => parse('tickTime=2000'), "conf/zoo.cfg: key 'dataDir': required but not set", {
      line: undefined,
      key: 'dataDir',
    });
  });

  test('empty dataDir', () => {
    throwsConfig(() => parse('dataDir='), "conf/zoo.cfg:1: key 'dataDir': expected a directory path, got an empty value");
  });
});

describe('server.N', () => {
  test('parsed and sorted by id', () => {
    const c = cfg(ENSEMBLE);
    assert.deepEqual(c.servers, [
      { id: 1, host: '10.0.0.1', quorumPort: 2888, electionPort: 3888, role: 'participant' },
      { id: 2, host: '10.0.0.2', quorumPort: 2888, electionPort: 3888, role: 'participant' },
      { id: 3, host: '10.0.0.3', quorumPort: 2888, electionPort: 3888, role: 'participant' },
    ]);
    assert.equal(isStandalone(c), false);
    assert.deepEqual(selfSpec(c, 2), c.servers[1]);
    assert.equal(selfSpec(c, 4), undefined);
  });

  test('observer role, client port suffix, client host, IPv6', () => {
    const c = cfg(
      [
        'dataDir=/d',
        'server.1=a:2888:3888:participant;2181',
        'server.2=b:2888:3888;127.0.0.2:2182',
        'server.3=[::1]:2890:3890:PARTICIPANT',
        'server.4=d:2888:3888:observer;[::]:2184',
      ].join('\n'),
    );
    assert.deepEqual(c.servers, [
      { id: 1, host: 'a', quorumPort: 2888, electionPort: 3888, role: 'participant', clientPort: 2181 },
      { id: 2, host: 'b', quorumPort: 2888, electionPort: 3888, role: 'participant', clientHost: '127.0.0.2', clientPort: 2182 },
      { id: 3, host: '::1', quorumPort: 2890, electionPort: 3890, role: 'participant' },
      { id: 4, host: 'd', quorumPort: 2888, electionPort: 3888, role: 'observer', clientHost: '::', clientPort: 2184 },
    ]);
    assert.equal(isStandalone(c), false);
  });

  const errors: [string, string][] = [
    ['server.0=a:1:2', "conf/zoo.cfg:2: key 'server.0': expected server.N with N an integer 1..255"],
    ['server.256=a:1:2', "conf/zoo.cfg:2: key 'server.256': expected server.N with N an integer 1..255"],
    ['server.x=a:1:2', "conf/zoo.cfg:2: key 'server.x': expected server.N with N an integer 1..255"],
    ['server.1=a:2888', "conf/zoo.cfg:2: key 'server.1': expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort], got 'a:2888'"],
    ['server.1=a', "conf/zoo.cfg:2: key 'server.1': expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort], got 'a'"],
    ['server.1=a:1:2:observer:x', "conf/zoo.cfg:2: key 'server.1': expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort], got 'a:1:2:observer:x'"],
    ['server.1=a:1:2;', "conf/zoo.cfg:2: key 'server.1': expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort], got 'a:1:2;'"],
    ['server.1=a:1:2;3;4', "conf/zoo.cfg:2: key 'server.1': expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort], got 'a:1:2;3;4'"],
    ['server.1=a:1:2;h:3:4', "conf/zoo.cfg:2: key 'server.1': expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort], got 'a:1:2;h:3:4'"],
    ['server.1=:1:2', "conf/zoo.cfg:2: key 'server.1': expected a host name or address, got ''"],
    ['server.1=a:0:2', "conf/zoo.cfg:2: key 'server.1': expected a port number 1..65535, got '0'"],
    ['server.1=a:1:70000', "conf/zoo.cfg:2: key 'server.1': expected a port number 1..65535, got '70000'"],
    ['server.1=a:1:2;99999', "conf/zoo.cfg:2: key 'server.1': expected a port number 1..65535, got '99999'"],
    ['server.1=a:1:2:leader', "conf/zoo.cfg:2: key 'server.1': expected role participant or observer, got 'leader'"],
    ['server.1=a:1:1', "conf/zoo.cfg:2: key 'server.1': address a:1 is also used by server.1 (line 2)"],
    ['server.1=a:1:2|b:1:2', "conf/zoo.cfg:2: key 'server.1': multiple addresses per server ('|') are not supported"],
  ];
  for (const [line, message] of errors) {
    test(`error: ${line}`, () => {
      throwsConfig(() => parse(`dataDir=/d\n${line}\nserver.9=z:1:2`), message, { line: 2, key: line.split('=')[0] });
    });
  }

  test('duplicate server id (also as server.01)', () => {
    throwsConfig(
      () => parse('dataDir=/d\nserver.1=a:1:2\nserver.2=b:1:2\nserver.1=c:1:2'),
      "conf/zoo.cfg:4: key 'server.1': duplicate server id 1 (also on line 2)",
    );
    throwsConfig(
      () => parse('dataDir=/d\nserver.1=a:1:2\nserver.01=c:1:2'),
      "conf/zoo.cfg:3: key 'server.01': duplicate server id 1 (also on line 2)",
    );
  });

  test('duplicate host:port across servers', () => {
    throwsConfig(
      () => parse('dataDir=/d\nserver.1=h:2888:3888\nserver.2=h:3888:3889'),
      "conf/zoo.cfg:3: key 'server.2': address h:3888 is also used by server.1 (line 2)",
    );
    throwsConfig(
      () => parse('dataDir=/d\nserver.1=[::1]:2888:3888\nserver.2=[::1]:2888:3889'),
      "conf/zoo.cfg:3: key 'server.2': address [::1]:2888 is also used by server.1 (line 2)",
    );
    throwsConfig(
      () => parse('dataDir=/d\nserver.1=h:2888:3888;2181\nserver.2=h:2181:3889'),
      "conf/zoo.cfg:3: key 'server.2': address h:2181 is also used by server.1 (line 2)",
    );
    // same ports on different hosts are fine
    assert.equal(cfg('dataDir=/d\nserver.1=h:2888:3888\nserver.2=g:2888:3888').servers.length, 2);
  });

  test('one server line with standaloneEnabled runs standalone, with a warning', () => {
    const { config, warnings } = parse('dataDir=/d\nserver.1=a:2888:3888');
    assert.equal(config.servers.length, 1);
    assert.equal(isStandalone(config), true);
    assert.deepEqual(warnings, [
      "conf/zoo.cfg:2: key 'server.1': only one server.N line and standaloneEnabled=true: running standalone",
    ]);
  });

  test('observers need participants', () => {
    throwsConfig(
      () => parse('dataDir=/d\nserver.1=a:1:2:observer\nserver.2=b:1:2:observer'),
      "conf/zoo.cfg:2: key 'server.1': observers without participants is an invalid configuration",
    );
    throwsConfig(
      () => parse('dataDir=/d\nserver.1=a:1:2\nserver.2=b:1:2:observer'),
      "conf/zoo.cfg:2: key 'server.1': observers need a quorum: with one participant and standaloneEnabled=true the server runs standalone",
    );
    // ...but a one-participant quorum with standaloneEnabled=false may have observers
    const c = cfg('dataDir=/d\nstandaloneEnabled=false\nserver.1=a:1:2\nserver.2=b:1:2:observer');
    assert.equal(isStandalone(c), false);
  });

  test('standaloneEnabled=false without servers is an error', () => {
    throwsConfig(
      () => parse('dataDir=/d\nstandaloneEnabled=false'),
      "conf/zoo.cfg:2: key 'standaloneEnabled': standaloneEnabled=false needs server.N lines",
    );
  });

  test('isStandalone on hand-built configs', () => {
    const p = (n: number, role: 'participant' | 'observer' = 'participant') => ({
      id: asSid(n), host: 'h' + n, quorumPort: 1, electionPort: 2, role,
    });
    assert.equal(isStandalone(makeConfig({ dataDir: '/d' })), true);
    assert.equal(isStandalone(makeConfig({ dataDir: '/d', servers: [p(1)] })), true);
    assert.equal(isStandalone(makeConfig({ dataDir: '/d', servers: [p(1)], standaloneEnabled: false })), false);
    assert.equal(isStandalone(makeConfig({ dataDir: '/d', servers: [p(1), p(2)] })), false);
  });
});

describe('myid', () => {
  test('parseMyId', () => {
    assert.equal(parseMyId('3\n', 'data/3/myid'), 3);
    assert.equal(parseMyId('  255  ', 'm'), 255);
    throwsConfig(() => parseMyId('0', 'data/1/myid'), "data/1/myid:1: expected a server id 1..255, got '0'", { line: 1 });
    throwsConfig(() => parseMyId('256', 'm'), "m:1: expected a server id 1..255, got '256'");
    throwsConfig(() => parseMyId('', 'm'), "m:1: expected a server id 1..255, got ''");
    throwsConfig(() => parseMyId('one', 'm'), "m:1: expected a server id 1..255, got 'one'");
    throwsConfig(() => parseMyId('1 2', 'm'), "m:1: expected a server id 1..255, got '1 2'");
  });

  test('validateMyId', () => {
    const c = cfg(ENSEMBLE);
    validateMyId(c, 2, 'data/2/myid');
    throwsConfig(() => validateMyId(c, 7, 'data/7/myid'), 'data/7/myid:1: myid 7 is not among the server ids (1, 2, 3)');
    // standalone: anything goes
    validateMyId(cfg('dataDir=/d'), 9, 'm');
  });

  test('withSelfClientAddress applies the ;clientPort suffix', () => {
    const text = 'dataDir=/d\nserver.1=a:1:2;2191\nserver.2=b:1:2;10.1.1.1:2192\nserver.3=c:1:2';
    const parsed = parse(text);
    assert.equal(withSelfClientAddress(parsed, 1, F).clientPort, 2191);
    assert.equal(withSelfClientAddress(parsed, 1, F).clientPortAddress, '0.0.0.0');
    assert.equal(withSelfClientAddress(parsed, 2, F).clientPort, 2192);
    assert.equal(withSelfClientAddress(parsed, 2, F).clientPortAddress, '10.1.1.1');
    assert.equal(withSelfClientAddress(parsed, 3, F).clientPort, 2181);
    // explicit clientPort that agrees is fine; one that disagrees is an error
    assert.equal(withSelfClientAddress(parse('clientPort=2191\n' + text), 1, F).clientPort, 2191);
    throwsConfig(
      () => withSelfClientAddress(parse('clientPort=2000\n' + text), 1, F),
      "conf/zoo.cfg:3: key 'server.1': client port 2191 differs from clientPort=2000 on line 1",
    );
    throwsConfig(
      () => withSelfClientAddress(parse('clientPortAddress=10.2.2.2\n' + text), 2, F),
      "conf/zoo.cfg:4: key 'server.2': client host 10.1.1.1 differs from clientPortAddress=10.2.2.2 on line 1",
    );
  });
});

describe('shipped configs', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

  test('conf/zoo.cfg is standalone with no warnings', () => {
    const { config, warnings } = parseZooCfg(readFileSync(path.join(root, 'conf/zoo.cfg'), 'utf8'), 'conf/zoo.cfg');
    assert.deepEqual(warnings, []);
    assert.equal(isStandalone(config), true);
    assert.equal(config.clientPortAddress, '127.0.0.1');
    assert.equal(config.fourLetterWordWhitelist, '*');
  });

  test('conf/ensemble/zooN.cfg load with data/N/myid', () => {
    for (const n of [1, 2, 3]) {
      const loaded = loadConfig(path.join(root, `conf/ensemble/zoo${n}.cfg`), {});
      assert.deepEqual(loaded.warnings, []);
      assert.equal(loaded.myid, n);
      assert.equal(loaded.config.clientPort, 2180 + n);
      assert.equal(loaded.config.dataDir, path.join(root, `data/${n}`));
      assert.deepEqual(loaded.config.servers.map((s) => [s.id, s.quorumPort, s.electionPort]), [
        [1, 2888, 3888],
        [2, 2889, 3889],
        [3, 2890, 3890],
      ]);
    }
  });

  test('every key in zoo.cfg.example is known', () => {
    const example = readFileSync(path.join(root, 'conf/zoo.cfg.example'), 'utf8');
    const uncommented = example
      .split('\n')
      .filter((l) => /^#[A-Za-z0-9.]+=/.test(l))
      .map((l) => l.slice(1))
      .join('\n');
    const { config, warnings } = parseZooCfg(uncommented, 'example');
    assert.deepEqual(warnings, []);
    assert.equal(config.servers.length, 4);
    assert.ok(uncommented.split('\n').length >= 25);
  });
});

describe('loadConfig', () => {
  function tempTree(): string {
    return mkdtempSync(path.join(tmpdir(), 'zk-config-test-'));
  }

  test('relative dataDir, dataLogDir and logFile resolve against the config folder', (t) => {
    const dir = tempTree();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(path.join(dir, 'conf'));
    const file = path.join(dir, 'conf', 'zoo.cfg');
    writeFileSync(file, 'dataDir=../data\ndataLogDir=logs\nlogFile=../zk.log\n');
    const loaded = loadConfig(file, {});
    assert.equal(loaded.config.dataDir, path.join(dir, 'data'));
    assert.equal(loaded.config.dataLogDir, path.join(dir, 'conf', 'logs'));
    assert.equal(loaded.config.logFile, path.join(dir, 'zk.log'));
    assert.equal(loaded.myid, 1, 'standalone without myid defaults to 1');
    assert.equal(loaded.configFile, file);
    assert.equal(loaded.logLevel, 'info');
  });

  test('absolute dataDir stays; standalone myid is used when present', (t) => {
    const dir = tempTree();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const data = path.join(dir, 'abs');
    mkdirSync(data);
    writeFileSync(path.join(data, 'myid'), '42\n');
    const file = path.join(dir, 'zoo.cfg');
    writeFileSync(file, `dataDir=${data}\n`);
    const loaded = loadConfig(file, {});
    assert.equal(loaded.config.dataDir, data);
    assert.equal(loaded.config.dataLogDir, data);
    assert.equal(loaded.myid, 42);
  });

  test('overrides: flags beat the file; --data-dir is relative to the cwd', (t) => {
    const dir = tempTree();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'zoo.cfg');
    writeFileSync(file, 'dataDir=data\nclientPort=2181\nelectionAlg=3\n');
    const loaded = loadConfig(file, { clientPort: 3181, dataDir: 'elsewhere', election: 'basic', logLevel: 'debug' });
    assert.equal(loaded.config.clientPort, 3181);
    assert.equal(loaded.config.dataDir, path.resolve(process.cwd(), 'elsewhere'));
    assert.equal(loaded.config.dataLogDir, path.resolve(process.cwd(), 'elsewhere'), 'dataLogDir follows an overridden dataDir');
    assert.equal(loaded.config.electionAlg, 'basic');
    assert.equal(loaded.logLevel, 'debug');
    throwsConfig(() => loadConfig(file, { clientPort: 0 }), "<command line>: key '--client-port': expected a port number 1..65535, got '0'");
    throwsConfig(
      () => loadConfig(file, { logLevel: 'loud' }),
      "<command line>: key '--log-level': expected one of error, warn, info, http, verbose, debug, silly, got 'loud'",
    );
  });

  test('an explicit dataLogDir is kept when --data-dir overrides dataDir', (t) => {
    const dir = tempTree();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'zoo.cfg');
    writeFileSync(file, 'dataDir=data\ndataLogDir=txlog\n');
    const loaded = loadConfig(file, { dataDir: path.join(dir, 'other') });
    assert.equal(loaded.config.dataDir, path.join(dir, 'other'));
    assert.equal(loaded.config.dataLogDir, path.join(dir, 'txlog'));
  });

  test('missing config file', (t) => {
    const dir = tempTree();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'nope.cfg');
    throwsConfig(() => loadConfig(file, {}), `${file}: cannot read the config file: no such file`);
    throwsConfig(() => loadConfig(dir, {}), `${dir}: cannot read the config file: is a directory`);
  });

  test('parse errors name the file as given', (t) => {
    const dir = tempTree();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'zoo.cfg');
    writeFileSync(file, '# x\ndataDir=d\n\ntickTime=abc\n');
    throwsConfig(() => loadConfig(file, {}), `${file}:4: key 'tickTime': expected a positive integer, got 'abc'`);
  });

  function quorumTree(t: { after(fn: () => void): void }, myid: string | undefined, extra = ''): string {
    const dir = tempTree();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(path.join(dir, 'data'));
    if (myid !== undefined) writeFileSync(path.join(dir, 'data', 'myid'), myid);
    const file = path.join(dir, 'zoo.cfg');
    writeFileSync(
      file,
      `dataDir=data\n${extra}server.1=127.0.0.1:2888:3888;2191\nserver.2=127.0.0.1:2889:3889;2192\nserver.3=127.0.0.1:2890:3890\n`,
    );
    return file;
  }

  test('quorum: myid read, validated and its client port applied', (t) => {
    const file = quorumTree(t, '2\n');
    const loaded = loadConfig(file, {});
    assert.equal(loaded.myid, 2);
    assert.equal(loaded.config.clientPort, 2192);
    assert.equal(isStandalone(loaded.config), false);
    // --client-port still wins over the server line
    assert.equal(loadConfig(file, { clientPort: 4000 }).config.clientPort, 4000);
  });

  test('quorum: missing myid', (t) => {
    const file = quorumTree(t, undefined);
    const myid = path.join(path.dirname(file), 'data', 'myid');
    throwsConfig(() => loadConfig(file, {}), `${myid}: missing: a quorum server needs dataDir/myid`);
  });

  test('quorum: invalid myid', (t) => {
    const file = quorumTree(t, 'abc');
    const myid = path.join(path.dirname(file), 'data', 'myid');
    throwsConfig(() => loadConfig(file, {}), `${myid}:1: expected a server id 1..255, got 'abc'`);
  });

  test('quorum: myid not among the servers', (t) => {
    const file = quorumTree(t, '4');
    const myid = path.join(path.dirname(file), 'data', 'myid');
    throwsConfig(() => loadConfig(file, {}), `${myid}:1: myid 4 is not among the server ids (1, 2, 3)`);
  });

  test('quorum: clientPort contradicting the server line', (t) => {
    const file = quorumTree(t, '1', 'clientPort=2000\n');
    throwsConfig(() => loadConfig(file, {}), `${file}:3: key 'server.1': client port 2191 differs from clientPort=2000 on line 2`);
  });

  test('formatConfigError', () => {
    assert.equal(
      formatConfigError(new ConfigError('f', 3, 'k', 'bad')),
      "configuration error: f:3: key 'k': bad",
    );
    assert.match(formatConfigError(new Error('boom')), /^Error: boom\n/);
    assert.equal(formatConfigError('x'), 'x');
  });
});
