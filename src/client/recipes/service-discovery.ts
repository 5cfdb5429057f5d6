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
import type { ZooKeeperClient } from '../client.js';
import { NodeExistsError, NoNodeError } from '../errors.js';
import { CreateMode } from '../types.js';
import { createWithParents, isDead, joinPath, localAddressBytes, RecipeStateError } from './internal.js';
import { TreeCache, type CacheEvent } from './tree-cache.js';

export type ServiceType = 'DYNAMIC' | 'STATIC' | 'PERMANENT' | 'DYNAMIC_SEQUENTIAL';

/** Curator's UriSpec as JSON: a list of literal and `{variable}` parts. */
export interface UriSpec {
  parts: Array<{ value: string; variable: boolean }>;
}

export interface ServiceInstance<P = unknown> {
  name: string;
  id: string;
  address: string | null;
  port: number | null;
  sslPort: number | null;
  payload: P | null;
  registrationTimeUTC: number;
  serviceType: ServiceType;
  uriSpec: UriSpec | null;
  enabled: boolean;
}

/** ServiceInstance.builder() defaults: a fresh UUID id, this host's address, now, DYNAMIC. */
export function serviceInstance<P = unknown>(fields: Partial<ServiceInstance<P>> & { name: string }): ServiceInstance<P> {
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
export function parseUriSpec(text: string): UriSpec {
  const parts: UriSpec['parts'] = [];
  const re = /\{([^}]*)\}/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > last) parts.push({ value: text.slice(last, m.index), variable: false });
    parts.push({ value: m[1]!, variable: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ value: text.slice(last), variable: false });
  return { parts };
}

export interface ServiceDiscoveryOptions {
  /**
   * Curator's JsonInstanceSerializer "compatible" mode (its default): leave `enabled` out of
   * the JSON so that Curator versions before 2.x can read it. Default true.
   */
  compatibleSerialization?: boolean;
}

const MODES: Record<ServiceType, number> = {
  DYNAMIC: CreateMode.EPHEMERAL,
  DYNAMIC_SEQUENTIAL: CreateMode.EPHEMERAL_SEQUENTIAL,
  STATIC: CreateMode.PERSISTENT,
  PERMANENT: CreateMode.PERSISTENT,
};

export class ServiceDiscovery<P = unknown> {
  private readonly services = new Map<string, ServiceInstance<P>>();
  private state: 'LATENT' | 'STARTED' | 'CLOSED' = 'LATENT';
  private chain: Promise<void> = Promise.resolve();
  private readonly clientListeners: Array<[string, () => void]> = [];
  private readonly caches = new Set<ServiceCache<P>>();

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly basePath: string,
    private readonly options: ServiceDiscoveryOptions = {},
  ) {
    if (!basePath.startsWith('/')) throw new RecipeStateError(`base path must be absolute: ${basePath}`);
  }

  /** Registers `thisInstance` if given, and keeps registrations alive across reconnections. */
  async start(thisInstance?: ServiceInstance<P>): Promise<void> {
    if (this.state !== 'LATENT') throw new RecipeStateError('Cannot be started more than once');
    this.state = 'STARTED';
    const reRegister = () => void this.enqueue(() => this.reRegisterAll());
    for (const name of ['reconnected', 'connected']) {
      this.zk.on(name as 'state', reRegister);
      this.clientListeners.push([name, reRegister]);
    }
    if (thisInstance) await this.registerService(thisInstance);
  }

  async registerService(instance: ServiceInstance<P>): Promise<void> {
    this.services.set(instance.id, instance);
    await this.enqueue(() => this.register(instance));
  }

  async updateService(instance: ServiceInstance<P>): Promise<void> {
    if (!this.services.has(instance.id)) throw new RecipeStateError(`Service not registered: ${instance.id}`);
    this.services.set(instance.id, instance);
    await this.zk.setData(this.pathForInstance(instance.name, instance.id), this.serialize(instance));
  }

  async unregisterService(instance: ServiceInstance<P>): Promise<void> {
    this.services.delete(instance.id);
    try {
      await this.zk.delete(this.pathForInstance(instance.name, instance.id));
    } catch (e) {
      if (!(e instanceof NoNodeError)) throw e;
    }
  }

  async queryForNames(): Promise<string[]> {
    try {
      return await this.zk.getChildren(this.basePath);
    } catch (e) {
      if (e instanceof NoNodeError) return [];
      throw e;
    }
  }

  async queryForInstances(name: string): Promise<ServiceInstance<P>[]> {
    let ids: string[];
    try {
      ids = await this.zk.getChildren(this.pathForName(name));
    } catch (e) {
      if (e instanceof NoNodeError) return [];
      throw e;
    }
    const out: ServiceInstance<P>[] = [];
    for (const id of ids.sort()) {
      const inst = await this.queryForInstance(name, id);
      if (inst) out.push(inst);
    }
    return out;
  }

  async queryForInstance(name: string, id: string): Promise<ServiceInstance<P> | null> {
    try {
      const { data } = await this.zk.getData(this.pathForInstance(name, id));
      return data === null ? null : deserializeInstance<P>(data);
    } catch (e) {
      if (e instanceof NoNodeError) return null;
      throw e;
    }
  }

  /** A live view of one service's instances (Curator's ServiceCache). */
  async serviceCache(name: string): Promise<ServiceCache<P>> {
    const cache = new ServiceCache<P>(this.zk, this.pathForName(name), () => this.caches.delete(cache));
    this.caches.add(cache);
    await cache.start();
    return cache;
  }

  /** Unregisters every instance registered here and closes the caches. */
  async close(): Promise<void> {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    for (const [name, fn] of this.clientListeners) this.zk.off(name as 'state', fn);
    this.clientListeners.length = 0;
    await this.chain.catch(() => undefined);
    for (const c of [...this.caches]) await c.close();
    for (const inst of [...this.services.values()]) {
      await this.unregisterService(inst).catch(() => undefined);
    }
  }

  pathForName(name: string): string {
    return joinPath(this.basePath, name);
  }

  pathForInstance(name: string, id: string): string {
    return joinPath(this.pathForName(name), id);
  }

  /** The JSON bytes this instance is stored as. */
  serialize(instance: ServiceInstance<P>): Buffer {
    return serializeInstance(instance, this.options.compatibleSerialization ?? true);
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(step);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async reRegisterAll(): Promise<void> {
    if (this.state !== 'STARTED' || isDead(this.zk)) return;
    for (const inst of this.services.values()) await this.register(inst).catch(() => undefined);
  }

  /** ServiceDiscoveryImpl.internalRegisterService: create; if it exists, delete and create again. */
  private async register(instance: ServiceInstance<P>): Promise<void> {
    const bytes = this.serialize(instance);
    const path = this.pathForInstance(instance.name, instance.id);
    const mode = MODES[instance.serviceType] ?? CreateMode.EPHEMERAL;
    for (let i = 0; i < 2; i++) {
      try {
        await createWithParents(this.zk, path, { data: bytes, mode });
        return;
      } catch (e) {
        if (!(e instanceof NodeExistsError)) throw e;
        await this.zk.delete(path).catch((e2) => {
          if (!(e2 instanceof NoNodeError)) throw e2;
        });
      }
    }
  }
}

/** The JSON Curator writes (field order as Jackson writes it). */
export function serializeInstance<P>(inst: ServiceInstance<P>, compatible = true): Buffer {
  const json: Record<string, unknown> = {
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
  if (!compatible) json.enabled = inst.enabled;
  return Buffer.from(JSON.stringify(json), 'utf8');
}

/** Reads Curator's JSON (either mode); unknown fields are ignored, as Curator's mapper does. */
export function deserializeInstance<P>(bytes: Uint8Array): ServiceInstance<P> {
  const raw = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null) throw new SyntaxError('service instance JSON is not an object');
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    name: typeof raw.name === 'string' ? raw.name : '',
    id: typeof raw.id === 'string' ? raw.id : '',
    address: typeof raw.address === 'string' ? raw.address : null,
    port: num(raw.port),
    sslPort: num(raw.sslPort),
    payload: (raw.payload ?? null) as P | null,
    registrationTimeUTC: num(raw.registrationTimeUTC) ?? 0,
    serviceType: (typeof raw.serviceType === 'string' ? raw.serviceType : 'DYNAMIC') as ServiceType,
    uriSpec: (raw.uriSpec ?? null) as UriSpec | null,
    enabled: raw.enabled === undefined || raw.enabled === null ? true : raw.enabled === true,
  };
}

/** The instances of one service, kept up to date. */
export class ServiceCache<P = unknown> {
  private readonly cache: TreeCache;

  constructor(
    zk: ZooKeeperClient,
    readonly servicePath: string,
    private readonly onClose: () => void,
  ) {
    this.cache = new TreeCache(zk, servicePath, { maxDepth: 1 });
  }

  start(): Promise<void> {
    return this.cache.start();
  }

  /** The current instances (unreadable entries are skipped). */
  instances(): ServiceInstance<P>[] {
    const out: ServiceInstance<P>[] = [];
    for (const name of this.cache.children(this.servicePath) ?? []) {
      const data = this.cache.get(joinPath(this.servicePath, name))?.data;
      if (!data) continue;
      try {
        out.push(deserializeInstance<P>(data));
      } catch {
        /* not an instance */
      }
    }
    return out;
  }

  /** Changes of the instance list, as an async iterator. */
  events(opts: { signal?: AbortSignal } = {}): AsyncGenerator<CacheEvent, void, undefined> {
    return this.cache.events(opts);
  }

  async close(): Promise<void> {
    this.onClose();
    await this.cache.close();
  }
}
