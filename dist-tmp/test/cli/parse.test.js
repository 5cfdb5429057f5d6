/** zk-cli's parsing and formatting helpers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandArgs, parseMainArgs, tokenize, ParseError } from '../../src/cli/parse.js';
import { cliErrorMessage, formatAclList, formatStat, javaDate, javaList } from '../../src/cli/format.js';
import { errorFor, InvalidPathError } from '../../src/client/index.js';
describe('zk-cli parsing', () => {
    it('tokenizes like zkCli (quotes keep spaces and are stripped)', () => {
        assert.deepEqual(tokenize('  create /a "hello world"  \'x y\' z'), ['create', '/a', 'hello world', 'x y', 'z']);
        assert.deepEqual(tokenize(''), []);
    });
    it('main options stop at the first command word', () => {
        const o = parseMainArgs(['-server', 'h:1', '-timeout', '5000', 'get', '-s', '/a']);
        assert.equal(o.server, 'h:1');
        assert.equal(o.timeout, 5000);
        assert.deepEqual(o.command, ['get', '-s', '/a']);
        assert.deepEqual(parseMainArgs([]).command, []);
    });
    it('command options: grouped flags, values, options after arguments', () => {
        const p = parseCommandArgs(['set', '-sv', '3', '/a', 'data'], 's', 'v');
        assert.deepEqual(p.args, ['set', '/a', 'data']);
        assert.ok(p.flags.has('s'));
        assert.equal(p.values.get('v'), '3');
        const q = parseCommandArgs(['removewatches', '/a', '-c'], 'cdal');
        assert.deepEqual(q.args, ['removewatches', '/a']);
        assert.ok(q.flags.has('c'));
        assert.throws(() => parseCommandArgs(['ls', '-z', '/'], 'swR'), ParseError);
    });
});
describe('zk-cli formats', () => {
    it('Java Date.toString shape, List.toString, getAcl layout', () => {
        assert.match(javaDate(0), /^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \S+ 19(69|70)$/);
        assert.equal(javaList(['a', 'b']), '[a, b]');
        assert.equal(javaList([]), '[]');
        assert.equal(formatAclList([{ perms: 31, id: { scheme: 'world', id: 'anyone' } }]), "'world,'anyone\n: cdrwa\n");
    });
    it('stat lines', () => {
        const s = formatStat({ czxid: 0x1an, mzxid: 0x1bn, ctime: 0, mtime: 0, version: 2, cversion: -1, aversion: 0, ephemeralOwner: 0x100000b8c5e0000n, dataLength: 5, numChildren: 1, pzxid: 0x1cn });
        const lines = s.trimEnd().split('\n');
        assert.equal(lines[0], 'cZxid = 0x1a');
        assert.equal(lines[2], 'mZxid = 0x1b');
        assert.equal(lines[4], 'pZxid = 0x1c');
        assert.equal(lines[5], 'cversion = -1');
        assert.equal(lines[6], 'dataVersion = 2');
        assert.equal(lines[8], 'ephemeralOwner = 0x100000b8c5e0000');
    });
    it('error messages as zkCli prints them', () => {
        assert.equal(cliErrorMessage(errorFor(-101, '/a')), 'Node does not exist: /a');
        assert.equal(cliErrorMessage(errorFor(-110, '/a')), 'Node already exists: /a');
        assert.equal(cliErrorMessage(errorFor(-103, '/a')), 'version No is not valid : /a');
        assert.equal(cliErrorMessage(errorFor(-102, '/a')), 'Insufficient permission : /a');
        assert.equal(cliErrorMessage(errorFor(-121, '/a')), 'KeeperErrorCode = No such watcher for /a');
        assert.equal(cliErrorMessage(new InvalidPathError('a', 'Path must start with / character')), 'Path must start with / character');
    });
});
//# sourceMappingURL=parse.test.js.map