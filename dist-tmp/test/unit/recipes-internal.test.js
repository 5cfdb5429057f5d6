/**
 * The recipes' pure parts: Curator's node naming and ordering, protected names, the queue
 * item format and the x-discovery JSON (as Curator 5.4's Jackson mapper writes it).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixForSorting, isProtectedName, joinPath, sortByLockName, unprotectedName } from '../../src/client/recipes/internal.js';
import { deserializeItems, deserializeInstance, parseUriSpec, serializeInstance, serializeItems, serviceInstance } from '../../src/client/recipes/index.js';
describe('Curator naming', () => {
    it('sorts lock nodes by the sequence after the lock name, whatever the protection prefix', () => {
        const names = [
            '_c_ffffffff-0000-4000-8000-000000000000-lock-0000000003',
            '_c_00000000-0000-4000-8000-000000000000-lock-0000000010',
            'lock-0000000001',
            '_c_12345678-1234-4234-9234-123456789abc-lock-0000000002',
        ];
        assert.deepEqual(sortByLockName(names, (n) => fixForSorting(n, 'lock-')).map((n) => n.slice(-2)), ['01', '02', '03', '10']);
        // read and write locks share one order
        const rw = ['_c_a-__WRIT__0000000002', '_c_b-__READ__0000000001'];
        const key = (n) => fixForSorting(fixForSorting(n, '__READ__'), '__WRIT__');
        assert.deepEqual(sortByLockName(rw, key), ['_c_b-__READ__0000000001', '_c_a-__WRIT__0000000002']);
    });
    it('recognises protected names as ProtectedUtils does', () => {
        const name = '_c_53345f98-9423-4e0c-a7b5-9f819e3ec2e1-latch-0000000007';
        assert.equal(isProtectedName(name), true);
        assert.equal(unprotectedName(name), 'latch-0000000007');
        assert.equal(isProtectedName('_c_not-a-uuid-latch-0000000007'), false);
        assert.equal(unprotectedName('lock-0000000001'), 'lock-0000000001');
        assert.equal(joinPath('/a/', '/b'), '/a/b');
        assert.equal(joinPath('/', 'x'), '/x');
    });
});
describe('DistributedQueue item format', () => {
    it('round-trips and rejects a wrong version', () => {
        const bytes = serializeItems([Buffer.from('one'), Buffer.from('two')]);
        assert.deepEqual(deserializeItems(bytes).map(String), ['one', 'two']);
        assert.throws(() => deserializeItems(Buffer.from([0, 0, 0, 1, 2])), /Incorrect version/);
        assert.throws(() => deserializeItems(Buffer.from([0, 1, 0, 1, 1, 0, 0, 0, 9, 1])), /Bad size/);
    });
});
describe('x-discovery JSON', () => {
    it("reads Curator's own output", () => {
        // Curator 5.4's JsonInstanceSerializer (default, compatible mode) for
        // ServiceInstance.builder().name("api").id("java-1").port(9000).payload(a LinkedHashMap)
        // .uriSpec(new UriSpec("{scheme}://h:{port}")): a Map payload carries Jackson's @class.
        const java = '{"name":"api","id":"java-1","address":"fd00:0:0:0:0:0:0:2%eth0","port":9000,"sslPort":null,"payload":{"@class":"java.util.LinkedHashMap","lang":"java","weight":3},"registrationTimeUTC":1796058907492,"serviceType":"DYNAMIC","uriSpec":{"parts":[{"value":"scheme","variable":true},{"value":"://h:","variable":false},{"value":"port","variable":true}]}}';
        const inst = deserializeInstance(Buffer.from(java));
        assert.equal(inst.name, 'api');
        assert.equal(inst.port, 9000);
        assert.equal(inst.sslPort, null);
        assert.equal(inst.enabled, true, 'a missing enabled reads as true');
        assert.equal(inst.payload?.lang, 'java');
        assert.equal(inst.serviceType, 'DYNAMIC');
        assert.deepEqual(inst.uriSpec, parseUriSpec('{scheme}://h:{port}'));
    });
    it('writes the same fields in the same order, enabled only outside compatible mode', () => {
        const inst = serviceInstance({ name: 'api', id: 'x', address: '1.2.3.4', port: 1, registrationTimeUTC: 5, uriSpec: parseUriSpec('{scheme}://host:{port}/p') });
        const compat = JSON.parse(serializeInstance(inst).toString());
        assert.deepEqual(Object.keys(compat), ['name', 'id', 'address', 'port', 'sslPort', 'payload', 'registrationTimeUTC', 'serviceType', 'uriSpec']);
        assert.deepEqual(compat.uriSpec.parts, [
            { value: 'scheme', variable: true },
            { value: '://host:', variable: false },
            { value: 'port', variable: true },
            { value: '/p', variable: false },
        ]);
        const full = JSON.parse(serializeInstance(inst, false).toString());
        assert.equal(full.enabled, true);
    });
});
//# sourceMappingURL=recipes-internal.test.js.map