/**
 * ServiceDiscovery: Curator x-discovery's ServiceDiscovery, same znodes and same JSON, so Java
 * services registered with Curator and Node services registered here find each other.
 *
 * Layout: `<basePath>/<service name>/<instance id>`, the data the instance as JSON (Curator's
 * JsonInstanceSerializer): name, id, address, port, sslPort, payload, registrationTimeUTC,
 * serviceType, uriSpec, and `enabled` unless in Curator's default "compatible" mode (which
 * leaves it out; readers take a missing `enabled` as true). Nodes are EPHEMERAL for DYNAMIC
 * instances, EPHEMERAL_SEQUENTIAL for DYNAMIC_SEQUENTIAL, PERSISTENT for STATIC and PERMANENT;
 * parents are containers. Registered instances are registered again (delete, then create, so
 * that watchers fire) after every reconnection and new session, as Curator does.
 *
 *   const sd = new ServiceDiscovery(zk, '/services');
 *   await sd.start();
 *   await sd.registerService(serviceInstance({ name: 'api', port: 8080 }));
 *   const apis = await sd.queryForInstances('api');
 */
import { randomUUID } from 'node:crypto';
import { NodeExistsError, NoNodeError } from '../errors.js';
import { CreateMode } from '../types.js';
import { createWithParents, isDead, joinPath, localAddressBytes, RecipeStateError } from './internal.js';
import { TreeCache } from './tree-cache.js';
/** ServiceInstance.builder() defaults: a fresh UUID id, this host's address, now, DYNAMIC. */
export function serviceInstance(fields) {
    return {
        id: randomUUID(),
        address: localAddressBytes().toString('utf8'),
        port: null,
        sslPort: null,
        payload: null,
        registrationTimeUTC: Date.now(),
        serviceType: 'DYNAMIC',
        uriSpec: null,
        enabled: true,
        ...fields,
    };
}
/** Parses Curator's uriSpec text ("{scheme}://foo.com:{port}") into parts. */
export function parseUriSpec(text) {
    const parts = [];
    const re = /\{([^}]*)\}/g;
    let last = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m.index > last)
            parts.push({ value: text.slice(last, m.index), variable: false });
        parts.push({ value: m[1], variable: true });
        last = m.index + m[0].length;
    }
    if (last < text.length)
        parts.push({ value: text.slice(last), variable: false });
    return { parts };
}
const MODES = {
    DYNAMIC: CreateMode.EPHEMERAL,
    DYNAMIC_SEQUENTIAL: CreateMode.EPHEMERAL_SEQUENTIAL,
    STATIC: CreateMode.PERSISTENT,
    PERMANENT: CreateMode.PERSISTENT,
};
export class ServiceDiscovery {
    zk;
    basePath;
    options;
    services = new Map();
    state = 'LATENT';
    chain = Promise.resolve();
    clientListeners = [];
    caches = new Set();
    constructor(zk, basePath, options = {}) {
        this.zk = zk;
        this.basePath = basePath;
        this.options = options;
        if (!basePath.startsWith('/'))
            throw new RecipeStateError(`base path must be absolute: ${basePath}`);
    }
    /** Registers `thisInstance` if given, and keeps registrations alive across reconnections. */
    async start(thisInstance) {
        if (this.state !== 'LATENT')
            throw new RecipeStateError('Cannot be started more than once');
        this.state = 'STARTED';
        const reRegister = () => void this.enqueue(() => this.reRegisterAll());
        for (const name of ['reconnected', 'connected']) {
            this.zk.on(name, reRegister);
            this.clientListeners.push([name, reRegister]);
        }
        if (thisInstance)
            await this.registerService(thisInstance);
    }
    async registerService(instance) {
        this.services.set(instance.id, instance);
        await this.enqueue(() => this.register(instance));
    }
    async updateService(instance) {
        if (!this.services.has(instance.id))
            throw new RecipeStateError(`Service not registered: ${instance.id}`);
        this.services.set(instance.id, instance);
        await this.zk.setData(this.pathForInstance(instance.name, instance.id), this.serialize(instance));
    }
    async unregisterService(instance) {
        this.services.delete(instance.id);
        try {
            await this.zk.delete(this.pathForInstance(instance.name, instance.id));
        }
        catch (e) {
            if (!(e instanceof NoNodeError))
                throw e;
        }
    }
    async queryForNames() {
        try {
            return await this.zk.getChildren(this.basePath);
        }
        catch (e) {
            if (e instanceof NoNodeError)
                return [];
            throw e;
        }
    }
    async queryForInstances(name) {
        let ids;
        try {
            ids = await this.zk.getChildren(this.pathForName(name));
        }
        catch (e) {
            if (e instanceof NoNodeError)
                return [];
            throw e;
        }
        const out = [];
        for (const id of ids.sort()) {
            const inst = await this.queryForInstance(name, id);
            if (inst)
                out.push(inst);
        }
        return out;
    }
    async queryForInstance(name, id) {
        try {
            const { data } = await this.zk.getData(this.pathForInstance(name, id));
            return data === null ? null : deserializeInstance(data);
        }
        catch (e) {
            if (e instanceof NoNodeError)
                return null;
            throw e;
        }
    }
    /** A live view of one service's instances (Curator's ServiceCache). */
    async serviceCache(name) {
        const cache = new ServiceCache(this.zk, this.pathForName(name), () => this.caches.delete(cache));
        this.caches.add(cache);
        await cache.start();
        return cache;
    }
    /** Unregisters every instance registered here and closes the caches. */
    async close() {
        if (this.state === 'CLOSED')
            return;
        this.state = 'CLOSED';
        for (const [name, fn] of this.clientListeners)
            this.zk.off(name, fn);
        this.clientListeners.length = 0;
        await this.chain.catch(() => undefined);
        for (const c of [...this.caches])
            await c.close();
        for (const inst of [...this.services.values()]) {
            await this.unregisterService(inst).catch(() => undefined);
        }
    }
    pathForName(name) {
        return joinPath(this.basePath, name);
    }
    pathForInstance(name, id) {
        return joinPath(this.pathForName(name), id);
    }
    /** The JSON bytes this instance is stored as. */
    serialize(instance) {
        return serializeInstance(instance, this.options.compatibleSerialization ?? true);
    }
    enqueue(step) {
        const run = this.chain.then(step);
        this.chain = run.catch(() => undefined);
        return run;
    }
    async reRegisterAll() {
        if (this.state !== 'STARTED' || isDead(this.zk))
            return;
        for (const inst of this.services.values())
            await this.register(inst).catch(() => undefined);
    }
    /** ServiceDiscoveryImpl.internalRegisterService: create; if it exists, delete and create again. */
    async register(instance) {
        const bytes = this.serialize(instance);
        const path = this.pathForInstance(instance.name, instance.id);
        const mode = MODES[instance.serviceType] ?? CreateMode.EPHEMERAL;
        for (let i = 0; i < 2; i++) {
            try {
                await createWithParents(this.zk, path, { data: bytes, mode });
                return;
            }
            catch (e) {
                if (!(e instanceof NodeExistsError))
                    throw e;
                await this.zk.delete(path).catch((e2) => {
                    if (!(e2 instanceof NoNodeError))
                        throw e2;
                });
            }
        }
    }
}
/** The JSON Curator writes (field order as Jackson writes it). */
export function serializeInstance(inst, compatible = true) {
    const json = {
        name: inst.name,
        id: inst.id,
        address: inst.address,
        port: inst.port,
        sslPort: inst.sslPort,
        payload: inst.payload,
        registrationTimeUTC: inst.registrationTimeUTC,
        serviceType: inst.serviceType,
        uriSpec: inst.uriSpec,
    };
    if (!compatible)
        json.enabled = inst.enabled;
    return Buffer.from(JSON.stringify(json), 'utf8');
}
/** Reads Curator's JSON (either mode); unknown fields are ignored, as Curator's mapper does. */
export function deserializeInstance(bytes) {
    const raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
    if (typeof raw !== 'object' || raw === null)
        throw new SyntaxError('service instance JSON is not an object');
    const num = (v) => (typeof v === 'number' ? v : null);
    return {
        name: typeof raw.name === 'string' ? raw.name : '',
        id: typeof raw.id === 'string' ? raw.id : '',
        address: typeof raw.address === 'string' ? raw.address : null,
        port: num(raw.port),
        sslPort: num(raw.sslPort),
        payload: (raw.payload ?? null),
        registrationTimeUTC: num(raw.registrationTimeUTC) ?? 0,
        serviceType: (typeof raw.serviceType === 'string' ? raw.serviceType : 'DYNAMIC'),
        uriSpec: (raw.uriSpec ?? null),
        enabled: raw.enabled === undefined || raw.enabled === null ? true : raw.enabled === true,
    };
}
/** The instances of one service, kept up to date. */
export class ServiceCache {
    servicePath;
    onClose;
    cache;
    constructor(zk, servicePath, onClose) {
        this.servicePath = servicePath;
        this.onClose = onClose;
        this.cache = new TreeCache(zk, servicePath, { maxDepth: 1 });
    }
    start() {
        return this.cache.start();
    }
    /** The current instances (unreadable entries are skipped). */
    instances() {
        const out = [];
        for (const name of this.cache.children(this.servicePath) ?? []) {
            const data = this.cache.get(joinPath(this.servicePath, name))?.data;
            if (!data)
                continue;
            try {
                out.push(deserializeInstance(data));
            }
            catch {
                /* not an instance */
            }
        }
        return out;
    }
    /** Changes of the instance list, as an async iterator. */
    events(opts = {}) {
        return this.cache.events(opts);
    }
    async close() {
        this.onClose();
        await this.cache.close();
    }
}
//# sourceMappingURL=service-discovery.js.map