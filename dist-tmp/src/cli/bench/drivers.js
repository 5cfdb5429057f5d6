/**
 * The clients that generate load. Both servers are driven by the same client in a comparison,
 * so the choice does not favour either; what matters is that the client is not the bottleneck.
 *   zk-ts                  this project's client library (src/client)
 *   node-zookeeper-client  a third-party client from npm (a devDependency: present in a
 *                          checkout after `npm ci`, loaded only when asked for)
 * A session talks to exactly one server (no host list), so that the bench decides where load
 * goes.
 */
import { createRequire } from 'node:module';
import { createClient } from '../../client/index.js';
export const DRIVERS = ['zk-ts', 'node-zookeeper-client'];
export function driver(name) {
    return name === 'zk-ts' ? zkTsSession : nzcSession;
}
async function zkTsSession(hostPort, opts = {}) {
    const timeout = opts.sessionTimeoutMs ?? 30_000;
    const c = createClient(hostPort, { sessionTimeout: timeout, connectTimeout: opts.connectTimeoutMs ?? 5000, shuffleHosts: false, ...opts.security });
    try {
        await c.connected(opts.connectTimeoutMs ?? 10_000);
    }
    catch (e) {
        await c.close().catch(() => { });
        throw e;
    }
    return {
        create: async (path, data) => void (await c.create(path, data)),
        set: async (path, data) => void (await c.setData(path, data)),
        get: async (path) => void (await c.getData(path)),
        exists: async (path) => void (await c.exists(path)),
        close: () => c.close(),
    };
}
let nzc = null;
const require = createRequire(import.meta.url);
function loadNzc() {
    if (nzc)
        return nzc;
    try {
        nzc = require('node-zookeeper-client');
    }
    catch {
        throw new Error("the node-zookeeper-client driver needs the npm package node-zookeeper-client (a devDependency: run 'npm ci' in the checkout)");
    }
    return nzc;
}
async function nzcSession(hostPort, opts = {}) {
    const z = loadNzc();
    const c = z.createClient(hostPort, { sessionTimeout: opts.sessionTimeoutMs ?? 30_000, spinDelay: 100, retries: 0 });
    await new Promise((resolve, reject) => {
        const t = setTimeout(() => {
            c.close();
            reject(new Error(`node-zookeeper-client: not connected to ${hostPort} within ${opts.connectTimeoutMs ?? 10_000} ms`));
        }, opts.connectTimeoutMs ?? 10_000);
        c.once('connected', () => {
            clearTimeout(t);
            resolve();
        });
        c.connect();
    });
    const call = (f) => new Promise((resolve, reject) => f((err) => (err ? reject(err) : resolve())));
    return {
        create: (path, data) => call((cb) => c.create(path, data, z.ACL.OPEN_ACL_UNSAFE, z.CreateMode.PERSISTENT, cb)),
        set: (path, data) => call((cb) => c.setData(path, data, -1, cb)),
        get: (path) => call((cb) => c.getData(path, cb)),
        exists: (path) => call((cb) => c.exists(path, cb)),
        close: async () => {
            await new Promise((resolve) => {
                c.once('disconnected', () => resolve());
                c.close();
                setTimeout(resolve, 2000).unref();
            });
        },
    };
}
//# sourceMappingURL=drivers.js.map