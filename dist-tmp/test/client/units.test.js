/** Pure parts of the client: paths, chroot, connect strings, ACL helpers, the watch registry. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Chroot, parseConnectString, validatePath } from '../../src/client/paths.js';
import { digestId, formatPerms, parseAcl, parsePerms, Acl, InvalidPathError, Perms } from '../../src/client/index.js';
import { WatchRegistry } from '../../src/client/watches.js';
import { errorFor, NoNodeError, ZooKeeperError, ConnectionLossError } from '../../src/client/errors.js';
import { exponentialBackoff } from '../../src/client/retry.js';
describe('paths', () => {
    it('validates like Java PathUtils', () => {
        const reason = (p, seq = false) => {
            try {
                validatePath(p, seq);
                return null;
            }
            catch (e) {
                assert.ok(e instanceof InvalidPathError);
                return e.reason;
            }
        };
        assert.equal(reason('/'), null);
        assert.equal(reason('/a/b-c.d'), null);
        assert.equal(reason(''), 'Path length must be > 0');
        assert.equal(reason('a'), 'Path must start with / character');
        assert.equal(reason('/a/'), 'Path must not end with / character');
        assert.equal(reason('/a/', true), null);
        assert.equal(reason('/a//b'), 'Invalid path string "/a//b" caused by empty node name specified @3');
        assert.equal(reason('/a/./b'), 'Invalid path string "/a/./b" caused by relative paths not allowed @3');
        assert.equal(reason('/a/..'), 'Invalid path string "/a/.." caused by relative paths not allowed @4');
        assert.equal(reason('/a\u0000'), 'Invalid path string "/a\u0000" caused by null character not allowed @2');
        assert.equal(reason('/a\u0001'), 'Invalid path string "/a\u0001" caused by invalid character @2');
        assert.equal(reason('/a..b/.c'), null);
    });
    it('parses connect strings with chroot, default port and IPv6', () => {
        assert.deepEqual(parseConnectString('a:1,b:2/app/x'), {
            hosts: [
                { host: 'a', port: 1 },
                { host: 'b', port: 2 },
            ],
            chroot: '/app/x',
        });
        assert.deepEqual(parseConnectString('zk/'), { hosts: [{ host: 'zk', port: 2181 }], chroot: null });
        assert.deepEqual(parseConnectString('[::1]:2182').hosts, [{ host: '::1', port: 2182 }]);
        assert.throws(() => parseConnectString('a:1/bad/'), InvalidPathError);
        assert.throws(() => parseConnectString('a:x'), TypeError);
    });
    it('chroot maps both ways', () => {
        const c = new Chroot('/app');
        assert.equal(c.toServer('/'), '/app');
        assert.equal(c.toServer('/a'), '/app/a');
        assert.equal(c.toClient('/app'), '/');
        assert.equal(c.toClient('/app/a/b'), '/a/b');
        assert.equal(c.toClient('/application'), '/application');
        const none = new Chroot(null);
        assert.equal(none.toServer('/a'), '/a');
    });
});
describe('acl helpers', () => {
    it('digest ids match ZooKeeper', () => {
        assert.equal(digestId('u', 'p'), 'u:Jq7wMyA/w2Vd5WIDAKdu4OIIFEQ=');
        assert.deepEqual(Acl.digest('u', 'p', 'rw'), { perms: Perms.READ | Perms.WRITE, id: { scheme: 'digest', id: 'u:Jq7wMyA/w2Vd5WIDAKdu4OIIFEQ=' } });
    });
    it('parses and formats zkCli ACL text', () => {
        assert.equal(formatPerms(Perms.ALL), 'cdrwa');
        assert.deepEqual(parsePerms('rwz'), { perms: 3, unknown: ['z'] });
        const r = parseAcl('world:anyone:r,digest:u:hash=:cdrwa,bad');
        assert.deepEqual(r.acl, [
            { perms: 1, id: { scheme: 'world', id: 'anyone' } },
            { perms: 31, id: { scheme: 'digest', id: 'u:hash=' } },
        ]);
        assert.deepEqual(r.warnings, ['bad does not have the form scheme:id:perm']);
    });
});
describe('errors', () => {
    it('one class per code, Java-like messages', () => {
        const e = errorFor(-101, '/a');
        assert.ok(e instanceof NoNodeError && e instanceof ZooKeeperError && e instanceof Error);
        assert.equal(e.message, 'KeeperErrorCode = NoNode for /a');
        assert.equal(e.code, -101);
        assert.equal(e.name, 'NoNodeError');
        assert.ok(errorFor(-4) instanceof ConnectionLossError);
        assert.equal(errorFor(-4).message, 'KeeperErrorCode = ConnectionLoss');
        assert.equal(errorFor(-999, '/x').message, 'KeeperErrorCode = Unknown error -999 for /x');
    });
});
describe('retry', () => {
    it('first attempt at once, then exponential back-off up to a cap, then give up', () => {
        const r = exponentialBackoff({ baseDelayMs: 100, maxDelayMs: 300, maxAttempts: 5, jitter: false });
        assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => r.delayMs(i)), [0, 100, 200, 300, 300, null]);
    });
});
describe('watch registry', () => {
    it('one-shot watches are consumed, persistent ones stay, recursive skip child events', () => {
        const reg = new WatchRegistry();
        const calls = [];
        const w = (name) => () => calls.push(name);
        const data = w('data');
        const child = w('child');
        const pers = w('pers');
        const rec = w('rec');
        reg.add('data', '/a', data);
        reg.add('child', '/a', child);
        reg.add('persistent', '/a', pers);
        reg.add('persistentRecursive', '/', rec);
        const names = (s) => [...s].map((f) => { f({ type: "None", state: "SyncConnected", path: null }); return calls.pop(); });
        assert.deepEqual(names(reg.materialize('NodeDataChanged', '/a')), ['data', 'pers', 'rec']);
        assert.deepEqual(names(reg.materialize('NodeDataChanged', '/a')), ['pers', 'rec']);
        assert.deepEqual(names(reg.materialize('NodeChildrenChanged', '/a')), ['child', 'pers']);
        assert.deepEqual(names(reg.materialize('NodeCreated', '/a/b/c')), ['rec']);
        assert.deepEqual(reg.paths(), { data: [], exist: [], child: [], persistent: ['/a'], persistentRecursive: ['/'] });
    });
    it('a callback registered several ways is selected once; removal reports each kind', () => {
        const reg = new WatchRegistry();
        const f = () => { };
        reg.add('data', '/n', f);
        reg.add('exist', '/n', f);
        reg.add('child', '/n', f);
        assert.equal(reg.materialize('NodeDeleted', '/n').size, 1);
        assert.ok(reg.isEmpty());
        reg.add('data', '/n', f);
        reg.add('child', '/n', f);
        assert.equal(reg.contains('/n', f, 'Data'), true);
        assert.equal(reg.removalEmptiesPath('/n', f, 'Data'), true);
        assert.deepEqual(reg.remove('/n', null, 'Any').map(([t, s]) => [t, s.size]), [
            ['ChildWatchRemoved', 1],
            ['DataWatchRemoved', 1],
        ]);
        assert.ok(reg.isEmpty());
    });
});
//# sourceMappingURL=units.test.js.map